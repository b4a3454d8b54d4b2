"""Datelines and agencies: "KYIV, Ukraine (AP) —", "SEOUL, March 12 (Yonhap) --", "London, Jun 11 (efe-epa).-".

A wire story opens with where it was filed and, for agency copy, who filed it. Read from the
start of the body's first paragraph into ``Dateline(place, agency, text)``:

* ``PLACE[, REGION][, DATE] (AGENCY) SEP`` — Latin and Cyrillic scripts, the place in capitals
  or title case, the date in English, French, Spanish, German, Italian, Portuguese or Russian
  ("March 12", "12 mars", "11 Jun.", "12. März"), the separator a dash, "--", ":" or ".-";
* ``(AGENCY) SEP`` alone ("(Reuters) - ..."), or ``PLACE, REGION`` in capitals alone on the first line;
* ``PLACE (AGENCY) - `` in German/French/Spanish wire style, ``(ANSA) - ROMA, 12 MAR -``;
* Korean and Japanese agency heads: ``(서울=연합뉴스)``, ``【ワシントン共同】``; Chinese
  ``新华社北京3月12日电``.

Places written in capitals are given in title case ("KYIV, Ukraine" -> "Kyiv, Ukraine",
"SIOUX FALLS, S.D." -> "Sioux Falls, S.D."); agencies by their usual name from
``data/agencies.toml`` ("efe-epa" -> "EFE"), else as written. A place alone, without agency,
needs capitals ("VIENNA —") or a dash after a short title-case place ("Indianapolis –"), so
that a sentence that opens with a name and a dash is not taken for a dateline.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex

_MONTHS = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?|janv\.?|janvier|févr\.?|février|mars|"
           r"avr\.?|avril|mai|juin|juil\.?|juillet|août|sept\.?|septembre|oct\.?|octobre|nov\.?|novembre|déc\.?|"
           r"décembre|ene\.?|enero|feb\.?|febrero|marzo|abr\.?|abril|mayo|junio|jul\.?|julio|ago\.?|agosto|"
           r"septiembre|setiembre|octubre|noviembre|dic\.?|diciembre|Januar|Februar|März|Juni|Juli|Oktober|"
           r"Dezember|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|"
           r"janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro|"
           r"янв\.?|января|фев\.?|февраля|мар\.?|марта|апр\.?|апреля|мая|июн\.?|июня|июл\.?|июля|авг\.?|августа|"
           r"сен\.?|сентября|окт\.?|октября|ноя\.?|ноября|дек\.?|декабря")
_DATE = rf"(?i:(?:{_MONTHS})\s+\d{{1,2}}|\d{{1,2}}\.?\s+(?:de\s+)?(?:{_MONTHS}))(?:,?\s+\d{{4}})?"
_WORD = r"(?:\p{Lu}[\p{L}\p{M}'’.-]*|\p{Lu}\.)"
_PLACE = rf"{_WORD}(?:[ \t]+(?:{_WORD}|de|del|da|do|di|al|el|la|le|am|an|upon|on|sur|of))*"  # one line
_AGENCY = r"\((?P<agency>[\p{L}][\p{L}\p{M}&./ -]{0,30}?)\)"
_SEPARATOR = r"(?:\s*(?:—|–|--|-|:|―)|\.-|\s*\.\s*[-–—])\s+"
# PLACE[, REGION][, REGION][, DATE] (AGENCY) SEP   or   PLACE[, ...] SEP
_PLACE_HEAD = regex.compile(
    rf"^(?P<place>{_PLACE}(?:,[ \t]*{_PLACE}){{0,2}}?)(?:,?[ \t]+(?P<date>{_DATE}))?[ \t]*(?:{_AGENCY})?"
    rf"(?P<sep>{_SEPARATOR})",
    regex.VERSION1)
_AGENCY_HEAD = regex.compile(rf"^{_AGENCY}{_SEPARATOR}(?:(?P<place>{_PLACE}),\s*{_DATE}\s*{_SEPARATOR})?")
_KOREAN = regex.compile(r"^\((?P<place>[\p{Hangul}\p{Han}]{1,10})=(?P<agency>[\p{Hangul}\p{L}]{2,12})\)")
_JAPANESE = regex.compile(r"^【(?P<place>[^\s【】=＝]{1,12}?)[=＝]?(?P<agency>共同|時事|AFP|ロイター)】")
_CHINESE = regex.compile(r"^(?P<agency>新华社|中新社)(?P<place>[\p{Han}]{1,8}?)\d{1,2}月\d{1,2}日电")
# "BAAR, SWITZERLAND" alone on the first line (press releases): capitals, and a comma, so that a
# shouted first line ("LOOK WHAT YOU MADE ME DO") is not taken for a place.
_PLACE_LINE = regex.compile(r"^(?P<place>\p{Lu}[\p{Lu}\p{M}.' -]{1,30},\s*\p{Lu}[\p{Lu}\p{M}.' -]{1,30})\s*\n")
_CREDIT_AFTER = regex.compile(r"([\p{L}][\p{L} -]{1,24}?)[.,]\s+")
_MAX_PLACE = 48


@dataclass(frozen=True, slots=True)
class Dateline:
    """Where a story was filed and by whom; ``text`` is the dateline as written."""

    place: str | None
    agency: str | None
    text: str


@cache
def agencies() -> dict[str, str]:
    """Every way of writing an agency's name (folded) -> its usual name."""
    data = tomllib.loads(Path(__file__).with_name("data").joinpath("agencies.toml").read_text(encoding="utf-8"))
    return {alias.casefold(): name for name, aliases in data.items() for alias in [name, *aliases]}


def agency_name(text: str) -> str | None:
    """The usual name of an agency written ``text`` ("efe-epa" -> "EFE"), or None if not an agency."""
    return agencies().get(text.strip().casefold())


def _tidy_place(place: str) -> str:
    """Capitals to title case, word by word; abbreviations (N.Y., S.D., DC) and mixed case kept."""
    words = []
    for word in place.split(" "):
        if word.isupper() and sum(c.isalpha() for c in word) > 2 and "." not in word:
            word = "-".join(part.capitalize() for part in word.split("-"))
        words.append(word)
    return " ".join(words).strip(" ,")


def _plausible_place(place: str, has_agency: bool, separator: str, rest: str) -> bool:
    if len(place) > _MAX_PLACE:
        return False
    if has_agency:
        return True
    if not rest[:1].isupper() and not rest[:1].isdigit() and rest[:1] not in "\"“‘'«":
        return False  # "Trump – who said": the text goes on mid-sentence, so no dateline ended
    letters = [c for c in place if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.7:
        return True
    # A title-case place: short and followed by a long dash ("Indianapolis –"), or "Place, Country:".
    separator = separator.strip()
    return (len(place.split()) <= 4 and separator in ("—", "–", "―")) or \
        (separator == ":" and "," in place and len(place.split()) <= 6)


def find_dateline(body: str) -> Dateline | None:
    """The dateline at the start of ``body``, or None."""
    head = body.lstrip()[:160]
    for pattern in (_KOREAN, _JAPANESE, _CHINESE):
        match = pattern.match(head)
        if match:
            agency = match.group("agency")
            return Dateline(match.group("place"), agency_name(agency) or agency, match.group(0))
    match = _AGENCY_HEAD.match(head)
    if match:
        agency = match.group("agency").strip()
        place = match.group("place")
        return Dateline(_tidy_place(place) if place else None, agency_name(agency) or agency,
                        match.group(0).strip())
    line = _PLACE_LINE.match(head)
    if line:
        return Dateline(_tidy_place(line.group("place")), None, line.group("place"))
    match = _PLACE_HEAD.match(head)
    if match is None:
        return None
    place, agency, rest = match.group("place"), match.group("agency"), head[match.end():]
    text = match.group(0).strip()
    if agency is None:  # "МОСКВА, 12 мар — РИА Новости. ...": the agency after the dash
        credit = _CREDIT_AFTER.match(rest)
        if credit and agency_name(credit.group(1)):
            agency, text, rest = credit.group(1), f"{text} {credit.group(0).strip()}", rest[credit.end():]
    if not _plausible_place(place, agency is not None, match.group("sep"), rest):
        return None
    agency = agency.strip() if agency else None
    return Dateline(_tidy_place(place), (agency_name(agency) or agency) if agency else None, text)
