"""Site-header chrome: the weather widget and the "today" date bar.

Both show the day/conditions when the page was *viewed*, not when the article was
published, so they are read into their own fields (``Article.weather``,
``Article.page_date``) and their elements are kept out of the body and title.
Theme rules name the exact elements; for unknown sites a narrow generic search
looks for elements whose class/id says "weather" or "today's date".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal
from urllib.parse import unquote

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scrapers.dates.parse import parse_text
from scrapers.extract.rules import Rules, select
from scrapers.htmlindex import ClassIndex
from scrapers.lextree import ancestors
from scrapers.models import Weather

# Generic searches are substring matches on class and id, answered by the page's ClassIndex:
# [class*="weather"], [id*="weather"], [class*="Weather"], [id*="Weather"] and the same in other languages
# (one case-folded search, then the case checked) ...
_WEATHER_WORDS = ("weather", "wetter", "meteo", "forecast", "clima", "tiempo", "pogoda", "pocasi", "hava", "weer",
                  "vejr", "cuaca", "thoitiet")
# ... where "clima" is not "climate" and "weer" not "weergave" (Dutch: display): what must not follow a word.
_NOT_AFTER = {"clima": "t", "weer": "g"}
_WEATHER_NAME = re.compile("|".join(f"(?:{w}|{w.capitalize()})" + (f"(?!{_NOT_AFTER[w]})" if w in _NOT_AFTER else "")
                                    for w in _WEATHER_WORDS))
# ... and [class*="today-date"], ..., [id*="today"], [class*="weather"] [class*="date"]. Every class name of a
# date bar contains "dat": one search finds them all (and the "date" elements), then the names are checked.
# (substring tests: a regex alternation of them costs a few microseconds a class, a dozen ``in`` tests a tenth of that)
_DATE_BAR_CLASS = ("today-date", "todays-date", "current-date", "date-today", "top-date", "top_date", "topbar-date",
                   "date-bar", "datebar", "data_time", "header_date", "header-date")
_DATE_BAR_ID = ("today",)
# Wrappers of the story itself: a date inside them is the publication date, not the date bar.
_STORY_CLASS = re.compile(r"(?:^|[\s_-])(?:post|entry|article|story|single|content-inner)(?:$|[\s_-])", re.IGNORECASE)
_TEMPERATURE = re.compile(
    r"(?<![\d.])(?P<value>[-−]?\d{1,3}(?:[.,]\d{1,2})?)\s*(?:°|º|˚|&deg;)?\s*(?P<unit>℃|℉|[CF])(?![A-Za-z])"
)
# A temperature shown with the degree sign alone ("wolkig 27° / 11° Halle"): Celsius, as everywhere but in the US,
# whose widgets print the F.
_DEGREES = re.compile(r"(?<![\d.])(?P<value>[-−]?\d{1,3}(?:[.,]\d{1,2})?)\s*(?:°|º|˚)(?!\s*[CF℃℉](?![A-Za-z]))")
_ANY_TEMPERATURE = re.compile(r"(?<![\d.])[-−]?\d{1,3}(?:[.,]\d{1,2})?\s*(?:°|º|˚|&deg;)?\s*(?:℃|℉|[CF](?![A-Za-z]))?"
                              r"|(?<![\d.])[-−]?\d{1,3}(?:[.,]\d{1,2})?\s*(?:°|º|˚)")
# Sky conditions widgets print beside the place ("BLR 26 ° C Clouds", "wolkig 27° / 11° Halle"): not the city.
_CONDITION_WORDS = """
    clear sunny mostly partly cloudy clouds cloud overcast rain rainy showers shower drizzle snow snowy sleet hail fog
    foggy mist misty haze hazy smoke dust thunderstorm thunderstorms storm storms windy breezy fair light heavy
    scattered broken few isolated now today currently
    sonnig heiter wolkig bewölkt bedeckt leicht regen regnerisch regenschauer schauer gewitter schnee schneefall
    nebel neblig dunst klar wolken teils überwiegend aktuell
    ensoleillé nuageux couvert pluie pluvieux averses averse neige brouillard brume orage orageux éclaircies dégagé
    soleado nublado despejado parcialmente lluvia lluvioso chubascos nieve niebla neblina tormenta nubes
    sereno soleggiato nuvoloso coperto pioggia nebbia temporale rovesci
    ensolarado chuva chuvoso nevoeiro trovoada
    zonnig bewolkt sneeuw onweer helder
    güneşli bulutlu parçalı yağmurlu karlı sisli açık kapalı
    słonecznie pochmurno zachmurzenie deszcz śnieg mgła burza
    맑음 구름조금 구름많음 흐림 비 눈 晴れ 曇り 雨 雪 晴 多云 阴
"""
_CONDITIONS = frozenset(_CONDITION_WORDS.split())
_ACCUWEATHER_CITY = re.compile(r"accuweather\.com/[a-z-]+/[a-z]{2}/(?P<slug>[^/]+)/", re.IGNORECASE)
_MAX_WIDGET_TEXT = 400


@dataclass(frozen=True, slots=True)
class Chrome:
    weather: Weather | None
    page_date: date | None
    nodes: tuple[LexborNode, ...]  # the widget and date-bar elements, to keep out of body and title


def node_text(node: LexborNode) -> str:
    """Visible text of a small element, whitespace collapsed (``<style>`` inside widgets skipped)."""
    parts: list[str] = []
    for child in node.traverse(include_text=True):
        if child.tag == "-text":
            parent = child.parent
            if parent is not None and parent.tag in {"style", "script", "noscript", "template"}:
                continue
            parts.append(child.text_content or "")
    return " ".join("".join(parts).split())


def _first_match(root: LexborHTMLParser | LexborNode, selectors: tuple[str, ...]) -> LexborNode | None:
    for selector in selectors:
        node = root.css_first(selector)
        if node is not None:
            return node
    return None


def _city(widget: LexborNode, text: str, rules: Rules) -> str | None:
    node = _first_match(widget, rules.weather_city)
    if node is not None:
        return node_text(node) or None
    for link in widget.css("a[href]"):
        found = _ACCUWEATHER_CITY.search(link.attributes.get("href") or "")
        if found:
            slug = unquote(found.group("slug")).rsplit("-", 1)[0] if "-" in found.group("slug") else found.group("slug")
            return slug.replace("_", " ").title()
    return _place(text)


def _place(text: str) -> str | None:
    """The place a widget names beside its temperatures and sky ("BLR 26 ° C Clouds" -> "BLR", "wolkig 27° / 11°
    Halle (Saale), Deutschland" -> "Halle (Saale)"): what is left, without the country after a comma."""
    words = _ANY_TEMPERATURE.sub(" ", text).replace("/", " ").split()
    while words and words[0].casefold().strip(".,:") in _CONDITIONS:
        words.pop(0)
    while words and words[-1].casefold().strip(".,:") in _CONDITIONS:
        words.pop()
    rest = " ".join(words).split(",")[0].strip(" -–|·")
    if rest and len(rest) <= 40 and all(w[:1].isalpha() or w[:1] == "(" for w in rest.split()):
        return rest
    return None


def parse_weather(widget: LexborNode, rules: Rules) -> Weather | None:
    """A ``Weather`` from a widget's text ("53.9 F New York", "Nassau 75 ℉", "38°F", "BLR 26 ° C Clouds",
    "wolkig 27° / 11° Halle (Saale), Deutschland"), or None. The first temperature with a unit is the current
    one; a widget printing degrees alone is in Celsius."""
    text = node_text(widget)
    if not text or len(text) > _MAX_WIDGET_TEXT:
        return None
    match = _TEMPERATURE.search(text) or _DEGREES.search(text)
    if match is None:
        return None
    value = float(match.group("value").replace(",", ".").replace("−", "-"))
    unit: Literal["C", "F"] = "F" if match.groupdict().get("unit") in {"F", "℉"} else "C"
    return Weather(value, unit, _city(widget, text, rules), text)


def find_weather(tree: LexborHTMLParser, rules: Rules, index: ClassIndex,
                 weathery: list[int]) -> tuple[Weather | None, LexborNode | None]:
    """The header weather widget: by the theme's selectors, else the first small "weather" element with a
    temperature; ``weathery`` are the positions in ``index`` of the elements whose class or id says "weather"
    in any letter case."""
    for selector in rules.weather:
        for node in select(tree, selector, index):
            weather = parse_weather(node, rules)
            if weather is not None:
                return weather, node
    mems = index.mems
    for i in weathery:
        node = index.node_of(mems[i])
        if not (_WEATHER_NAME.search(index.class_of(i)) or _WEATHER_NAME.search(node.id or "")):
            continue
        weather = parse_weather(node, rules)
        # A wrapper that also shows the date bar ("38°F Thursday, November 9th 2023") is not
        # the widget itself: a smaller "weather" element inside it comes later in this order.
        if weather is not None and parse_text(weather.raw) is None and _outside_article(node):
            return weather, node
    return None, None


def _outside_article(node: LexborNode) -> bool:
    """Site chrome lives outside the story: no <article>/<main> or post/entry/story wrapper above it."""
    parent = node.parent
    while parent is not None and parent.tag not in {"body", "html"}:
        if parent.tag in {"article", "main"} or _STORY_CLASS.search(parent.attributes.get("class") or ""):
            return False
        parent = parent.parent
    return True


def _generic_date_bars(index: ClassIndex, weathery: list[int]) -> list[LexborNode]:
    """Elements named like a date bar, in document order; a "date" element inside a "weather" one counts."""
    # the index's one pass over the class column finds every word (no class is read here: "data-…" classes abound)
    found = {*index.positions(_DATE_BAR_CLASS, _DATE_BAR_ID)}
    mems = index.mems
    widgets = [mems[i] for i in weathery if _WEATHER_NAME.search(index.class_of(i))]
    dated = index.positions(("date",)) if widgets else []
    if dated:
        dated_mems = [mems[i] for i in dated]
        at = dict(zip(dated_mems, dated, strict=True))
        for widget in widgets:
            found.update(at[mem] for mem in ancestors(dated_mems, index.node_of(widget))[0] if mem != widget)
    return [index.node_of(mems[i]) for i in sorted(found)]


def find_date_bar(tree: LexborHTMLParser, rules: Rules, language: str | None,
                  index: ClassIndex, weathery: list[int]) -> tuple[date | None, LexborNode | None]:
    """The header's "today" date, read in the page's language ("Dienstag, 7. November 2023")."""
    themed = (node for selector in rules.date_bar for node in select(tree, selector, index))
    for nodes, generic in ((themed, False), (_generic_date_bars(index, weathery), True)):
        for node in nodes:
            text = node_text(node)
            if not text or len(text) > 80 or (generic and not _outside_article(node)):
                continue
            stamp = parse_text(text, language)
            if stamp is not None:
                return stamp.value.date(), node
    return None, None


def find_chrome(tree: LexborHTMLParser, rules: Rules, language: str | None, index: ClassIndex | None = None) -> Chrome:
    """Weather widget and date bar; ``index`` is the page's class index when the caller has one."""
    index = index or ClassIndex(tree)
    weathery = index.positions(_WEATHER_WORDS, _WEATHER_WORDS, fold=True)  # one search serves both finders
    weather, widget = find_weather(tree, rules, index, weathery)
    page_date, bar = find_date_bar(tree, rules, language, index, weathery)
    return Chrome(weather, page_date, tuple(n for n in (widget, bar) if n is not None))
