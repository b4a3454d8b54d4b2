"""Datelines and agencies: "KYIV, Ukraine (AP) —", "SEOUL, March 12 (Yonhap) --", "London, Jun 11 (efe-epa).-".

A wire story opens with where it was filed and, for agency copy, who filed it. Read from the
start of the body into ``Dateline(place, agency, text)``:

* ``PLACE[, REGION][, DATE] (AGENCY) SEP`` — Latin and Cyrillic scripts, the place in capitals
  or title case, one place or two ("BEIRUT/THE HAGUE"), the date in English, French, Spanish,
  German, Italian, Portuguese, Russian or Ukrainian ("March 12", "12 mars", "11 Jun.", "12. März"),
  the separator a dash, "--", ":" or ".-", or nothing after the bracket ("London (CNN)It was");
  press-release wires' ``PLACE--(BUSINESS WIRE)--`` and ``PLACE, DATE /PRNewswire/ --``;
* ``(AGENCY) SEP`` alone ("(Reuters) - ..."), ``OUTLET via AGENCY —``, or ``PLACE, REGION`` in
  capitals alone on the first line; an outlet's web address as the credit ("JAKARTA, KOMPAS.com -");
* ``PLACE (AGENCY) - `` in German/French/Spanish wire style, ``(ANSA) - ROMA, 12 MAR -``, and the
  Russian agencies' ``МОСКВА, 3 декабря. /ТАСС/.``, ``КИЕВ. 3 декабря. УНН.``;
* scripts without capitals: a place before ``(AGENCY)`` ("دمشق، سوريا (CNN) --"), "PLACE- AGENCY-"
  or "PLACE -" in Arabic, Persian, Hebrew and Indic scripts, and Hindi's "PLACE। ";
* German regional papers' "Hamburg. Der ..." and "München - Der ..."; "Jakarta -" over the text;
* Korean and Japanese heads: ``(서울=연합뉴스)``, ``【ワシントン共同】``, ``【6月18日 AFP】``,
  ``【エルサレム＝記者名】`` (a paper's own correspondent: a place, no agency); Chinese
  ``新华社北京3月12日电``.

When the text opens with something else (a caption, a promotion, a deck), the next few lines'
openings are read for the forms no sentence can take: an agency credited, or a place in capitals
(or one title-case word) before a dash.

"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from scrapers.agencies import agencies as known_agencies
from scrapers.enrich.places import countries_in

_MONTHS = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?|janv\.?|janvier|févr\.?|février|mars|"
           r"avr\.?|avril|mai|juin|juil\.?|juillet|août|sept\.?|septembre|oct\.?|octobre|nov\.?|novembre|déc\.?|"
           r"décembre|ene\.?|enero|feb\.?|febrero|marzo|abr\.?|abril|mayo|junio|jul\.?|julio|ago\.?|agosto|"
           r"septiembre|setiembre|octubre|noviembre|dic\.?|diciembre|Januar|Februar|März|Juni|Juli|Oktober|"
           r"Dezember|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|"
           r"janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro|"
           r"янв\.?|января|фев\.?|февраля|мар\.?|марта|апр\.?|апреля|мая|июн\.?|июня|июл\.?|июля|авг\.?|августа|"
           r"сен\.?|сентября|окт\.?|октября|ноя\.?|ноября|дек\.?|декабря|"
           r"січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня")
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"  # "March 12", "March 12th"
_DATE = rf"(?i:(?:{_MONTHS})\s+{_DAY}|\d{{1,2}}\.?\s+(?:de\s+)?(?:{_MONTHS}))(?:,?\s+\d{{4}})?"
# A weekday before the date ("KYIV, Ukraine, Tuesday, March 12 (AP)", "PARIS, mardi 12 mars (AFP)"): no part of the place
_WEEKDAY = (r"(?i:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|(?:Mon|Tues?|Wed|Thu|Thurs?|Fri|Sat|Sun)\.|lundi|mardi|mercredi|"
            r"jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo|Montag|Dienstag|"
            r"Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica)")
_DATED = rf"(?:{_WEEKDAY},?[ \t]+)?(?P<date>{_DATE})"
# The date that ends a dateline glued after a byline's names ("By Jane Doe KYIV, Ukraine, March 12", "Jean Dupont
# PARIS, mardi 12 mars"): :mod:`scrapers.extract.credits` cuts it before it reads the place.
DATE_AT_END = regex.compile(rf"(?:,[ \t]*|[ \t]+){_DATED}$")
_WORD = r"(?:\p{Lu}[\p{L}\p{M}'’.-]*|\p{Lu}\.)"
_ONE_PLACE = rf"{_WORD}(?:[ \t]+(?:{_WORD}|de|del|da|do|di|al|el|la|le|am|an|upon|on|sur|of))*"  # one line
_PLACE = rf"{_ONE_PLACE}(?:[ \t]*/[ \t]*{_ONE_PLACE})*"  # "BEIRUT/THE HAGUE": filed from two places
# "(AP)", "(efe-epa)", "(Marketwired - April 06, 2016)", "(شین‌هوا)" (Persian writes a zero-width non-joiner
# inside words); "/PRNewswire/" of press-release wires
_AGENCY = (rf"(?:\((?P<agency>[\p{{L}}][\p{{L}}\p{{M}}\u200c&./ -]{{0,30}}?)(?:[ \t]*[-–,][ \t]*{_DATE})?\)"
           rf"|/(?P<agency>\p{{L}}[\p{{L}} -]{{1,30}})/)")
# a dash, "--", ":", ".-"; after the agency's bracket also "--" or nothing before the text
# ("SAN FRANCISCO--(BUSINESS WIRE)--Segment", "London (CNN)It was")
_SEPARATOR = r"(?:(?:\s*(?:—|–|--|-|:|―)|\.-|\s*\.\s*[-–—])\s+|(?<=\))(?:[ \t]*--[ \t]*)?(?=\p{Lu}))"
# PLACE[, REGION][, REGION][, DATE][--](AGENCY) SEP   or   PLACE[, ...] SEP
# Every _SEPARATOR ends with a dash or a colon before a space, or follows a closing bracket before a capital or "--":
# a head without either has no _PLACE_HEAD, and is not tried (a sentence of capitalised words costs that pattern
# tens of microseconds of backtracking before it fails).
_SEPARATOR_SIGN = regex.compile(r"[—–\-:―]\s|\)(?:[ \t]*--|\p{Lu})", regex.VERSION1)
_PLACE_HEAD = regex.compile(
    rf"^(?P<place>{_PLACE}(?:,[ \t]*{_PLACE}){{0,2}}?)(?:,?[ \t]+{_DATED})?[ \t]*(?:-*[ \t]*{_AGENCY})?"
    rf"(?P<sep>{_SEPARATOR})",
    regex.VERSION1)
_AGENCY_HEAD = regex.compile(rf"^{_AGENCY}{_SEPARATOR}(?:(?P<place>{_PLACE}),\s*{_DATE}\s*{_SEPARATOR})?")
# "KVELLER via JTA — ": a story another outlet syndicated through an agency
_VIA_HEAD = regex.compile(r"^\p{Lu}[\p{L}\p{M}.' -]{0,30}?[ \t]+via[ \t]+(?P<agency>\p{Lu}[\p{L}.&-]{1,20})"
                          r"[ \t]*(?:—|–|--|-|―)\s+(?=\p{Lu})")
# "КИЕВ. 3 декабря. УНН. ", "МОСКВА, 3 декабря. /ТАСС/. ", "МОСКВА. 3 декабря. ИНТЕРФАКС - ": after a
# place and a date, the agency (Russian and Ukrainian agencies' style)
_PLACE_DATE_AGENCY = regex.compile(
    rf"^(?P<place>{_PLACE})[.,][ \t]+{_DATE}\.?[ \t]+(?:/(?P<agency>[^/\n]{{2,24}})/|(?P<agency>\p{{Lu}}[\p{{L}}-]*"
    rf"(?:[ \t]\p{{Lu}}[\p{{L}}-]*){{0,2}}))[ \t]*(?:\.|—|–|-)\s+")
# Scripts without capitals (Arabic, Hebrew, Devanagari...): "دمشق، سوريا (CNN) --" needs the agency
_UNCASED_HEAD = regex.compile(
    rf"^(?P<place>[\p{{Lo}}\p{{M}}]+(?:[ \t]*[،,]?[ \t]+[\p{{Lo}}\p{{M}}]+){{0,3}})[ \t]*{_AGENCY}{_SEPARATOR}")
# Arabic, Persian, Hebrew, Indic: "تهران- ایرنا- ..." (place, agency), "خبرگزاری آریا - ..." (an
# agency, named so), "دمشق - ..." (a place): a few words and a dash open no sentence in these scripts
_SPACED_UNCASED = r"[\p{Arabic}\p{Hebrew}\p{Devanagari}\p{Bengali}\p{Gurmukhi}\p{Tamil}\p{Telugu}\p{M}]+"
_UNCASED_DASH = regex.compile(
    rf"^(?P<first>{_SPACED_UNCASED}(?:[ \t]{_SPACED_UNCASED}){{0,2}})[ \t]*[-–—][ \t]*"
    rf"(?:(?P<second>{_SPACED_UNCASED}(?:[ \t]{_SPACED_UNCASED}){{0,2}})[ \t]*[-–—][ \t]*)?(?=\S)")
# "वाराणसी। ...": Hindi and Bengali papers end the place with a danda, as a sentence of its own
_DANDA_HEAD = regex.compile(r"^(?P<place>[\p{Lo}\p{M}]+(?:[ /][\p{Lo}\p{M}]+)?)[।॥][ \t]+(?=\S)")
# "Hamburg. Gabi ...", "Lüdenscheid/Südwestfalen. Die ...": German papers end the place with a full stop
_STOP_HEAD = regex.compile(  # ... a word of three letters or more ("Dr. Karin" is a title), and a sentence after
    r"^(?P<place>\p{Lu}\p{Ll}[\p{L}\p{M}-]+(?:/\p{Lu}\p{Ll}[\p{L}\p{M}-]+)?(?:[ \t]\p{Lu}[\p{L}\p{M}-]+)?)\.[ \t]+"
    r"(?=\p{Lu}\p{Ll}*[ \t][^\n]{40})")
_KOREAN = regex.compile(r"^\((?P<place>[\p{Hangul}\p{Han}]{1,10})=(?P<agency>[\p{Hangul}\p{L}]{2,12})\)")
# "【ワシントン共同】", "【エルサレム＝酒井圭吾】" (a paper's own correspondent: no agency), "【6月18日 AFP】"
_JAPANESE = regex.compile(r"^【(?P<inside>[^【】\n]{2,24})】")
_JAPANESE_DATED = regex.compile(r"\d{1,2}月\d{1,2}日[ \t　]*(?P<agency>\S{2,12})")  # "6月18日 AFP"
_CHINESE = regex.compile(r"^(?P<agency>新华社|中新社)(?P<place>[\p{Han}]{1,8}?)\d{1,2}月\d{1,2}日电")
# "BAAR, SWITZERLAND" alone on the first line (press releases): capitals, and a comma, so that a
# shouted first line ("LOOK WHAT YOU MADE ME DO") is not taken for a place.
_PLACE_LINE = regex.compile(r"^(?P<place>\p{Lu}[\p{Lu}\p{M}.' -]{1,30},\s*\p{Lu}[\p{Lu}\p{M}.' -]{1,30})\s*\n")
_CREDIT_AFTER = regex.compile(r"([\p{L}][\p{L} -]{1,24}?)[.,]\s+")
# "JAKARTA, KOMPAS.com - ": an outlet's web address in the place of the region is the credit
_WEB_CREDIT = regex.compile(r"(?i)^\p{L}[\p{L}\d-]*\.(?:com|net|org|id|co\.[a-z]{2}|[a-z]{2})$")
_MAX_PLACE = 48
_SLASH = regex.compile(r"[ \t]*/[ \t]*")
_ABBREVIATION = regex.compile(r"\p{Lu}{2,}\.")  # "ST." of "ST. LOUIS"
_ASCII_DIGIT = regex.compile(r"[0-9]")
_HEAD = 160  # characters a dateline fits in
_LATER_LINES = 3  # lines after the first whose opening may hold the dateline
_LATER_REACH = 600  # ... within so many characters of the start


@dataclass(frozen=True, slots=True)
class Dateline:
    """Where a story was filed and by whom; ``text`` is the dateline as written."""

    place: str | None
    agency: str | None
    text: str


@cache
def agencies() -> dict[str, str]:
    """Every way of writing an agency's name (folded) -> its usual name (:mod:`scrapers.agencies`)."""
    return {spelling.casefold(): name for spelling, name in known_agencies().spellings()}


def agency_name(text: str) -> str | None:
    """The usual name of an agency written ``text`` ("efe-epa" -> "EFE"), or None if not an agency."""
    return agencies().get(text.strip().casefold())


def _tidy_place(place: str) -> str:
    """Capitals to title case, word by word; abbreviations (N.Y., S.D., DC) and mixed case kept;
    "ST. LOUIS" -> "St. Louis", "BEIRUT/THE HAGUE" -> "Beirut/The Hague"."""
    words = []
    for word in _SLASH.sub("/", place).split(" "):
        parts = []
        for part in word.split("/"):
            if part.isupper() and ((sum(c.isalpha() for c in part) > 2 and "." not in part)
                                   or _ABBREVIATION.fullmatch(part)):
                part = "-".join(piece.capitalize() for piece in part.split("-"))
            parts.append(part)
        words.append("/".join(parts))
    return " ".join(words).strip(" ,-")


def _in_capitals(place: str) -> bool:
    letters = [c for c in place if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.7


def _plausible_place(place: str, has_agency: bool, separator: str, rest: str, strict: bool) -> bool:
    if len(place) > _MAX_PLACE:
        return False
    if has_agency:
        return True
    if not rest[:1].isupper() and not rest[:1].isdigit() and rest[:1] not in "\"“‘'«":
        return False  # "Trump – who said": the text goes on mid-sentence, so no dateline ended
    dash = separator.strip() not in (":", "")
    if _in_capitals(place):
        return dash or not strict
    if strict and (not dash or " " in place.strip()):  # a credit line ("Credit Jane Doe/AFP — Getty")
        return False
    # A title-case place: short and followed by a long dash ("Indianapolis –") or by any dash that
    # ends its line ("Jakarta -" over the text); or "Place:" where the place names a country or a
    # capital ("Washington/ New Delhi:", "Washington, DC, United States:").
    words = len(place.split())
    if separator.strip() in ("—", "–", "―") or (dash and "\n" in separator):
        return words <= 4
    if dash:  # "München - Der ...": a hyphen between spaces
        return words <= 3 and separator.startswith((" ", "\t"))
    return separator.strip() == ":" and words <= 6 and bool(countries_in(place.rpartition(",")[2]))


@cache
def _longest_first() -> list[tuple[str, str]]:
    return sorted(agencies().items(), key=lambda item: -len(item[0]))


def _japanese(inside: str) -> Dateline | None:
    """【ワシントン共同】 (place and agency), 【エルサレム＝酒井圭吾】 (a paper's correspondent: no
    agency), 【6月18日 AFP】 (date and agency); anything else in those brackets (【速報】) is none."""
    dated = _JAPANESE_DATED.fullmatch(inside)
    if dated:
        return Dateline(None, agency_name(dated.group("agency")) or dated.group("agency"), f"【{inside}】")
    place, equals, who = inside.replace("＝", "=").partition("=")
    if equals:
        return Dateline(place, agency_name(who), f"【{inside}】") if place and who else None
    for alias, name in _longest_first():
        if inside.casefold().endswith(alias) and len(inside) > len(alias):
            return Dateline(inside[:-len(alias)], name, f"【{inside}】")
    return None


def _dateline_at(head: str, strict: bool) -> Dateline | None:
    """The dateline ``head`` opens with; ``strict``: only the forms no sentence can take (an agency
    credited, or a place in capitals before a dash)."""
    # (the heads that open with a bracket or a word of their own are tried only on texts that open so)
    match = _JAPANESE.match(head) if head.startswith("【") else None
    if match:
        return _japanese(match.group("inside"))
    for pattern in (_KOREAN, _CHINESE) if head.startswith(("(", "新华社", "中新社")) else ():
        match = pattern.match(head)
        if match:
            agency = match.group("agency")
            return Dateline(match.group("place"), agency_name(agency) or agency, match.group(0))
    # the patterns for scripts without capitals open with a letter of such a script: never an ASCII character;
    # a date is written with a digit, which an ASCII head without any digit lacks
    uncased = not head[:1].isascii()
    dated = not head.isascii() or _ASCII_DIGIT.search(head) is not None
    for pattern in (_AGENCY_HEAD, _VIA_HEAD, _UNCASED_HEAD, _PLACE_DATE_AGENCY):
        if (pattern is _AGENCY_HEAD and not head.startswith(("(", "/"))) or \
                (pattern is _VIA_HEAD and "via" not in head) or (pattern is _UNCASED_HEAD and not uncased) or \
                (pattern is _PLACE_DATE_AGENCY and not dated):
            continue
        match = pattern.match(head)
        if match:
            agency = match.group("agency").strip()
            place = match.groupdict().get("place")
            return Dateline(_tidy_place(place) if place else None, agency_name(agency) or agency,
                            match.group(0).strip())
    match = _UNCASED_DASH.match(head) if uncased else None
    if match:
        first, second = match.group("first"), match.group("second")
        if second:
            return Dateline(first, agency_name(second) or second, match.group(0).strip())
        if first.startswith(known_agencies().words):  # "news agency" in those languages
            return Dateline(None, agency_name(first) or first, match.group(0).strip())
        return None if strict else Dateline(first, None, match.group(0).strip())
    line = None if strict else _PLACE_LINE.match(head)
    if line:
        return Dateline(_tidy_place(line.group("place")), None, line.group("place"))
    match = _PLACE_HEAD.match(head) if _SEPARATOR_SIGN.search(head) else None
    if match is None:
        for pattern in (() if strict else (_DANDA_HEAD, _STOP_HEAD) if uncased else (_STOP_HEAD,)):
            match = pattern.match(head)
            if match and len(match.group("place")) <= _MAX_PLACE:
                return Dateline(match.group("place"), None, match.group(0).strip())
        return None
    place, agency, rest = match.group("place"), match.group("agency"), head[match.end():]
    text = match.group(0).strip()
    region = place.rpartition(",")[2].strip()
    if agency is None and "," in place and _WEB_CREDIT.match(region):  # "JAKARTA, KOMPAS.com - "
        place, agency = place.rpartition(",")[0], region
    if agency is None:  # "МОСКВА, 12 мар — РИА Новости. ...": the agency after the dash
        credit = _CREDIT_AFTER.match(rest)
        if credit and agency_name(credit.group(1)):
            agency, text, rest = credit.group(1), f"{text} {credit.group(0).strip()}", rest[credit.end():]
    separator = head[match.end("date") if match.group("date") else match.end("place"):match.end("sep")]
    if not _plausible_place(place, agency is not None, separator, rest, strict):
        return None
    agency = agency.strip() if agency else None
    return Dateline(_tidy_place(place), (agency_name(agency) or agency) if agency else None, text)


def find_dateline(body: str) -> Dateline | None:
    """The dateline at the start of ``body``, or None.

    When the text opens with something else — a caption, a promotion, a deck, a "related" link —
    the openings of its next few lines are read too, for the forms no sentence can take."""
    text = body.lstrip()
    found = _dateline_at(text[:_HEAD], strict=False)
    start = 0
    for _ in range(_LATER_LINES):
        if found is not None:
            return found
        start = text.find("\n", start) + 1
        if start <= 0 or start > _LATER_REACH:
            return None
        line = text[start:].lstrip()
        start = len(text) - len(line)
        found = _dateline_at(line[:_HEAD], strict=True)
    return found
