"""Turning one date string into a :class:`Stamp`: fast paths first, dateparser last.

Almost every date a news page carries for machines is ISO 8601, so
``datetime.fromisoformat`` sees it first; RFC 2822 (feeds, some JSON-LD) goes
to :mod:`email.utils`; human text ("8. November 2023", "20 Nov 2019 08:02 GMT")
is matched against month names taken from dateparser's own locale data, which
is as multilingual as dateparser but a hundred times faster than calling it.
Only what is left -- relative bylines such as "hace 3 horas" -- reaches
``dateparser.parse``, because it costs milliseconds per call.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from functools import cache
from importlib.resources import files
from typing import Literal

Precision = Literal["day", "minute", "second"]
# How a numeric date whose two first numbers could both be the month is read: day first (most of the
# world) or month first (the United States and a few others). See :func:`numeric_order`.
Order = Literal["dmy", "mdy"]


@dataclass(frozen=True, slots=True)
class Stamp:
    """A parsed date: naive when the string had no offset, with how precise the string was.

    ``alternative`` is the other reading of an ambiguous numeric date ("11/01/2023": 11 January
    read day first, 1 November month first), so that other evidence can tell which one is meant.
    """

    value: datetime
    precision: Precision
    alternative: datetime | None = None

    @property
    def aware(self) -> bool:
        return self.value.tzinfo is not None


@dataclass(frozen=True, slots=True)
class Found:
    """A date written in a text, and where: ``text[start:end]`` (the normalised text) is the date."""

    stamp: Stamp
    text: str
    start: int
    end: int


def _dated(value: datetime, precision: Precision) -> Stamp:
    """A stamp whose time is exactly midnight is a day: CMSs write ``T00:00:00`` for a date without a time."""
    if precision != "day" and not (value.hour or value.minute or value.second or value.microsecond):
        precision = "day"
    return Stamp(value, precision)


class ImpossibleDate(ValueError):
    """The string is shaped like a date but names one that cannot exist (2019-02-30, month 13)."""


_ISO = re.compile(
    r"""(?P<y>\d{4})-?(?P<m>\d{1,2})-?(?P<d>\d{1,2})
        (?:[T\s]+(?P<H>\d{1,2}):?(?P<M>\d{2})(?::?(?P<S>\d{2})(?:[.,](?P<f>\d+))?)?)?
        \s*(?P<tz>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?""",
    re.VERBOSE | re.IGNORECASE,
)
_ISO_HEAD = re.compile(r"\s*\d{4}-\d{1,2}-\d{1,2}(?:\D|$)")
_MINUTES = re.compile(r"\d:\d\d")
_SECONDS = re.compile(r"\d:\d\d:\d\d")
_GMT_OFFSET = re.compile(r"\b(?:GMT|UTC)\s*([+-]\d{2}):?(\d{2})\b")
_TZ_NAME = re.compile(r"\s*\([^)]*\)\s*$")  # "(Coordinated Universal Time)" after a JS Date string
_RFC2822_HEAD = re.compile(r"(?:[A-Za-z]{3},?\s+)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}")  # "Tue, 10 Jun 2003", "20 Nov 2019"


def _offset(tz: str | None) -> timezone | None:
    if tz is None:
        return None
    if tz.upper() in {"Z", "UTC", "GMT"}:
        return UTC
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    if hours > 14 or minutes > 59:
        raise ImpossibleDate(tz)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse_iso(raw: str) -> Stamp | None:
    """ISO 8601 (``datetime.fromisoformat``, in C) and its sloppy variants (regex: nanoseconds, ``UTC`` suffix)."""
    if not _ISO_HEAD.match(raw):
        return None
    text = raw.strip()
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        pass
    else:
        precision: Precision = "day" if len(text) == 10 else "second" if _SECONDS.search(text) else "minute"
        return _dated(value, precision)
    match = _ISO.match(text)
    if match is None:
        return None
    g = match.groupdict()
    try:
        if g["H"] is None:
            return Stamp(datetime(int(g["y"]), int(g["m"]), int(g["d"])), "day")
        micro = int((g["f"] or "0")[:6].ljust(6, "0"))
        hour = int(g["H"])
        value = datetime(int(g["y"]), int(g["m"]), int(g["d"]), hour % 24, int(g["M"]), int(g["S"] or 0), micro,
                         tzinfo=_offset(g["tz"]))
        if hour == 24:  # ISO allows 24:00 for the end of a day
            value += timedelta(days=1)
    except ValueError as exc:
        raise ImpossibleDate(raw) from exc
    return _dated(value, "second" if g["S"] is not None else "minute")


def parse_machine(raw: str) -> Stamp | None:
    """A date written for machines (meta content, ``datetime`` attributes, JSON-LD, feeds, sitemaps).

    Raises :class:`ImpossibleDate` for well-formed strings naming a date that cannot exist.
    """
    raw = raw.strip()
    if not raw:
        return None
    stamp = parse_iso(raw)
    if stamp is not None:
        return stamp
    if raw.isdigit() and len(raw) in (10, 13):  # Unix epoch seconds / milliseconds
        seconds = int(raw) / (1000 if len(raw) == 13 else 1)
        return Stamp(datetime.fromtimestamp(seconds, UTC), "second")
    return parse_text(raw)


LISTED_AHEAD = timedelta(days=1)  # how far ahead of now a feed's or sitemap's date is still believed


def listing_instant(raw: str | None, now: datetime) -> datetime | None:
    """A feed's or sitemap's date for an entry as a UTC instant (a date with no offset read as UTC),
    or None when there is none or it cannot be read: the frontier fetches never-fetched pages newest
    first by it, so a run cut short by ``max_pages`` gets the news, not the archive.

    It is believed only up to ``now``: a date at most LISTED_AHEAD ahead (a zone misread, an embargo
    lifting today) counts as now, one further ahead as no date. A feed dating its items years ahead
    would otherwise have them fetched before the source's real news on every such run."""
    instant = _machine_instant(raw, lambda stamp: (
        stamp.value if stamp.value.tzinfo else stamp.value.replace(tzinfo=UTC)).astimezone(UTC))
    if instant is None:
        return None
    return None if instant > now + LISTED_AHEAD else min(instant, now)


def latest_instant(raw: str | None) -> datetime | None:
    """The latest UTC instant a sitemap's ``<lastmod>`` can mean, or None when it cannot be read: the
    end of its day when it gives only a day, and 14 hours later when it gives no offset (the site's
    zone may be any). "Not changed since we read it" must hold for every reading, or a change is missed."""

    def latest(stamp: Stamp) -> datetime:
        value = stamp.value + (timedelta(days=1) if stamp.precision == "day" else timedelta())
        return value.astimezone(UTC) if stamp.value.tzinfo else value.replace(tzinfo=UTC) + timedelta(hours=14)
    return _machine_instant(raw, latest)


def _machine_instant(raw: str | None, instant: Callable[[Stamp], datetime]) -> datetime | None:
    """``instant`` of a machine date (``parse_machine``), or None when there is none or it cannot be
    read: ImpossibleDate, a year out of range, or an instant in UTC before year 1 or after 9999
    ('0001-01-01T00:00:00+05:30': .NET's MinValue with the site's offset)."""
    if not raw:
        return None
    try:
        stamp = parse_machine(raw)
        return None if stamp is None else instant(stamp)
    except (ValueError, OverflowError):
        return None


def http_date(value: str | None) -> datetime | None:
    """An HTTP date header (Last-Modified, Retry-After) as an aware instant (UTC when it names no
    zone), or None when absent or unreadable."""
    if not value:
        return None
    try:
        stamp = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def _rfc2822(raw: str) -> Stamp | None:
    """RFC 2822 with a time (feeds, "20 Nov 2019 08:02 GMT") and JavaScript's Date.toString()
    ("Wed Nov 20 2019 08:00:58 GMT+0000 (Coordinated Universal Time)")."""
    text = _GMT_OFFSET.sub(r"\1\2", _TZ_NAME.sub("", raw))
    if _MINUTES.search(text) is None:
        return None
    try:
        value = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return _dated(value, "second" if _SECONDS.search(text) else "minute")


# ---------------------------------------------------------------------------------------------
# Human-written dates. Month names are dateparser's (its locale data, copied into scrapers/dates/months.json).

_LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "nb", "fi", "pl", "cs", "sk", "sl", "hr",
              "hu", "ro", "tr", "id", "ru", "uk", "bg", "el", "ca", "et", "lv", "lt", "sr", "vi", "ar", "fa", "he",
              "ur", "ms", "az", "sq", "mk", "be", "ka", "hy")
_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december")


def _fold(text: str) -> str:
    """Lower-case without accents or a trailing dot, so "Mär.", "mar" and "März" meet their table entries."""
    text = unicodedata.normalize("NFKD", text.replace("\u0131", "i").lower())  # Turkish dotless i
    return "".join(ch for ch in text if not unicodedata.combining(ch)).rstrip(".")


@cache
def _month_tables() -> dict[str, dict[str, int]]:
    """Folded month name -> number for each language of dateparser, as :func:`dateparser_months` reads them.

    Copied into ``months.json`` (by ``tests/test_dates_months.py``, which checks the copy): reading
    them from dateparser costs about 65 ms a process (importing it, deep-copying its locales).
    """
    return json.loads(files(__package__).joinpath("months.json").read_text(encoding="utf-8"))


@cache
def weekday_names() -> frozenset[str]:
    """Folded weekday names in many languages ("mittwoch", "wednesday", "(水)"), from dateparser's locales
    (copied into ``weekdays.json`` by ``tests/test_dates_months.py``, which checks the copy)."""
    return frozenset(json.loads(files(__package__).joinpath("weekdays.json").read_text(encoding="utf-8")))


@cache
def dateparser_months(code: str) -> dict[str, int]:
    """Folded month name -> number of dateparser's locale ``code`` ({} for a code it does not know).

    At run time only for codes outside ``months.json``: region locales ("pt-BR") and unknown codes.
    """
    from dateparser.languages.loader import default_loader

    try:
        info = default_loader.get_locale(code).info
    except (KeyError, ValueError):
        return {}
    table: dict[str, int] = {}
    for number, key in enumerate(_MONTH_KEYS, start=1):
        for name in info.get(key, ()):
            folded = _fold(name)
            if len(folded) >= 3 and not folded.isdigit():
                table.setdefault(folded, number)
    return table


# The Syriac month names of the Levant and Iraq, which dateparser's Arabic lacks (folded: no hamza or madda): "28 آب
# 2013", "2 تشرين الثاني 2023". Pages there often print both names: "آب/اغسطس", "نوفمبر/تشرين الثاني".
_LEVANTINE_MONTHS = {"شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6, "تموز": 7, "اب": 8, "ايلول": 9}
# The two-word ones, as the single names dateparser knows.
_LEVANTINE_PAIRS = {("تشرين", "الاول"): "اكتوبر", ("تشرين", "الثاني"): "نوفمبر", ("كانون", "الاول"): "ديسمبر",
                    ("كانون", "الثاني"): "يناير"}
_LEVANTINE_PAIR = re.compile(r"(تشرين|كانون)\s+(ال[اأ]ول|الثاني)")
# Two names of one month side by side ("آب/اغسطس", "نوفمبر (تشرين الثاني)"): one is read.
_MONTH_ALIAS = re.compile(r"([^\W\d_]+)\s*(?:[/／]\s*([^\W\d_]+)|[(（]\s*([^\W\d_]+)\s*[)）])")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")


@cache
def _months(language: str | None) -> dict[str, int]:
    """Folded month name -> number; the page's language wins collisions, then the order of ``_LANGUAGES``."""
    tables = _month_tables()
    if language is not None:
        own = tables.get(language)
        return {**_months(None), **(own if own is not None else dateparser_months(language)),
                **(_LEVANTINE_MONTHS if language == "ar" else {})}
    table: dict[str, int] = dict(_LEVANTINE_MONTHS)
    for code in reversed(_LANGUAGES):
        table.update(tables[code])
    return table


def is_month_name(word: str) -> bool:
    """Whether a word names a month in any language of the tables ("aug", "August", "agosto", "août")."""
    return _fold(word) in _months(None)


def _one_month_name(text: str, months: dict[str, int]) -> str:
    """An Arabic text with each month written by one name: the Levant's two-word names as the single ones and two
    names of one month side by side as the first ("28 آب/اغسطس 2013" -> "28 آب 2013")."""
    if "تشرين" in text or "كانون" in text:
        text = _LEVANTINE_PAIR.sub(lambda m: _LEVANTINE_PAIRS[m.group(1), _fold(m.group(2))], text)

    def first(match: re.Match[str]) -> str:
        one, other = match.group(1), match.group(2) or match.group(3)
        same = months.get(_fold(one)) is not None and months.get(_fold(one)) == months.get(_fold(other))
        return one if same else match.group()

    return _MONTH_ALIAS.sub(first, text) if "/" in text or "(" in text or "／" in text or "（" in text else text


# Arabic-Indic, Persian, Devanagari, Thai and full-width digits read as ASCII ("۲۰ نوامبر ۲۰۱۹", "๓ พ.ค. ๒๕๖๗",
# "２０１９年").
_DIGIT_ZEROS = (0x0660, 0x06F0, 0x0966, 0x0E50, 0xFF10)
_ASCII_DIGITS = {start + i: str(i) for start in _DIGIT_ZEROS for i in range(10)}
_FOREIGN_DIGIT = re.compile("[" + "".join(f"{chr(start)}-{chr(start + 9)}" for start in _DIGIT_ZEROS) + "]")

# Thai dates count years in the Buddhist era (พ.ศ. 2567 = 2024 CE, 543 years on) and abbreviate months with dots
# inside ("3 พ.ค. 67", "3 พฤษภาคม พ.ศ. 2567 10:30 น."): a Thai text is rewritten in the common era, each month by its
# full name, before the patterns read it. A year of two digits counts only right after a month's name.
_THAI = re.compile(r"[\u0e00-\u0e7f]")
_THAI_MONTHS = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน",
                "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
_THAI_ABBREVIATIONS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
_THAI_MONTH = re.compile("|".join(re.escape(a) for a in _THAI_ABBREVIATIONS))
_BUDDHIST_ERA = 543
_THAI_YEAR = re.compile(r"(?:พ\.\s?ศ\.\s*)?(?<!\d)(?P<year>25\d\d)(?!\d)")
# (two digits are a year only after a month's abbreviation or the era's mark: "5 มีนาคม 20 คน" is 20 people)
_THAI_SHORT_YEAR = re.compile("(?:(?P<short>" + "|".join(re.escape(a) for a in _THAI_ABBREVIATIONS) + r")\s*(?:พ\.\s?ศ\.\s*)?"
                              "|(?P<month>" + "|".join(_THAI_MONTHS) + r")\s*พ\.\s?ศ\.\s*)(?P<yy>\d\d)(?![\d:.])")


# Iran and Afghanistan date in the Solar Hijri calendar ("۱۴ اردیبهشت ۱۴۰۳", "1403/02/14 - 10:30" = 3 May 2024): a date
# in it is rewritten as the Gregorian ISO day before the patterns read the text (convertdate converts it, the library
# dateparser's own Jalali calendar uses, which would cost a hundred times more). Its years are 13xx and 14xx; a numeric
# one counts on a page in Persian or Pashto, or (a page of no stated language) beside letters Persian has and Arabic
# does not: an Arabic or Urdu page's "1445/10/24" is of the lunar Hijri calendar.
_SOLAR_MONTHS = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند")
_SOLAR_NAMED = re.compile(r"(?<!\d)(?P<d>[0-3]?\d)\s*(?P<mon>" + "|".join(_SOLAR_MONTHS) + r")(?![^\W\d_])\s*(?:ماه\s*)?"
                          r"(?:سال\s*)?(?P<y>1[34]\d\d)(?!\d)")
_SOLAR_NUMERIC = re.compile(r"(?<![\d/])(?P<y>1[34]\d\d)/(?P<m>[01]?\d)/(?P<d>[0-3]?\d)(?![\d/])")
_SOLAR_LANGUAGES = frozenset({"fa", "ps"})
_PERSIAN_LETTER = re.compile("[پچژگکی]")
_SOLAR_YEAR = re.compile(r"(?<!\d)1[34]\d\d(?!\d)")


def _gregorian(text: str, language: str | None) -> str:
    """A text's Solar Hijri dates as Gregorian ISO days (see ``_SOLAR_MONTHS``)."""
    from convertdate import persian  # (15 ms to import: only for the pages that need it)

    def iso(match: re.Match[str], month: int) -> str:
        year, day = int(match.group("y")), int(match.group("d"))
        if not 1 <= month <= 12 or not 1 <= day <= persian.month_length(year, month):
            return match.group()  # (convertdate does not check: "31 اسفند" would be the next year's first day)
        y, m, d = persian.to_gregorian(year, month, day)
        return f"{y:04d}-{m:02d}-{d:02d}"

    text = _SOLAR_NAMED.sub(lambda m: iso(m, _SOLAR_MONTHS.index(m.group("mon")) + 1), text)
    if language in _SOLAR_LANGUAGES or (language is None and _PERSIAN_LETTER.search(text)):  # (Urdu has them too)
        text = _SOLAR_NUMERIC.sub(lambda m: iso(m, int(m.group("m"))), text)
    return text


def _common_era(text: str) -> str:
    """A Thai text's dates with full month names and years of the common era (see ``_THAI_MONTHS``)."""
    text = _THAI_SHORT_YEAR.sub(lambda m: f"{m.group('month') or m.group('short')} "
                                          f"{2500 + int(m.group('yy')) - _BUDDHIST_ERA}", text)
    text = _THAI_MONTH.sub(lambda m: _THAI_MONTHS[_THAI_ABBREVIATIONS.index(m.group())], text)
    return _THAI_YEAR.sub(lambda m: str(int(m.group("year")) - _BUDDHIST_ERA), text)


_WORD = r"[^\W\d_][^\W\d_.]*\.?"
# A word of a script whose vowel signs are no letters to the regex engine ("नवंबर", "พฤศจิกายน"): runs of letters
# joined by such signs (one way only to backtrack). The patterns use it only on a text holding such a script: the
# look past every word's end would cost the others for nothing.
_MARKED_WORD = r"[^\W\d_][^\W\d_.]*(?:(?=[\u0900-\u0dff\u0e00-\u0e7f])\W[^\W\d_.]*)*\.?"
_MARKED_SCRIPT = re.compile(r"[\u0900-\u0dff\u0e00-\u0e7f]")
_YEAR = r"(?:19|20)\d{2}"
_DAY = r"[0-3]?\d"
_TIME = (r"(?:[\s,]*(?:à|a las|um|at|alle|às|om|kl\.?|o|เวลา|ساعت|-|\|)?\s*(?P<H>[0-2]?\d)[:.h](?P<M>[0-5]\d)"
         r"(?::(?P<S>[0-5]\d))?\s*(?P<ampm>[ap]\.?\s?m\.?)?(?:\s*(?P<tz>GMT|UTC|Z|[+-]\d{2}:?\d{2}))?)?")
# Zone abbreviations that name one offset wherever they are used (IST, CST in Asia, ... are left out):
# asctime and Java's Date.toString() write them between the time and the year.
_ZONE_NAMES = {"UTC": 0, "GMT": 0, "EST": -5, "EDT": -4, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
               "AKST": -9, "AKDT": -8, "HST": -10, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "JST": 9, "KST": 9,
               "AEST": 10, "AEDT": 11}
_TEXT_PATTERNS = (
    # 20 Nov 2019 / 8. November 2023 / 21 de abril de 2022 / 9th of May, 2020
    re.compile(rf"(?<!\d)(?P<d>{_DAY})(?:st|nd|rd|th|er|\.|º)?\s*(?:de\s+|of\s+)?(?P<mon>{_WORD})"
               rf"[\s,،]*(?:de\s+|del\s+)?(?P<y>{_YEAR})(?!\d){_TIME}", re.IGNORECASE),
    # November 8, 2023 / Nov. 8th 2023 / abril 21, 2022 / يناير 5، 2021 (the Arabic comma)
    re.compile(rf"(?<![^\W\d_])(?P<mon>{_WORD})\s+(?P<d>{_DAY})(?:st|nd|rd|th)?[,،]?\s+(?P<y>{_YEAR})(?!\d){_TIME}",
               re.IGNORECASE),
    # Nov 20 15:23:00 EST 2019: C's asctime, Java's Date.toString() (CMS metadata), and date boxes that print
    # the month and day, the time and the year in separate elements ("November 20 | 15:23 | 2019")
    re.compile(rf"(?<![^\W\d_])(?P<mon>{_WORD})\s+(?P<d>{_DAY}),?\s+(?P<H>[0-2]?\d):(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d))?"
               rf"\s*(?P<ampm>[ap]\.?\s?m\.?)?(?:\s+(?-i:(?P<abbr>{'|'.join(_ZONE_NAMES)})))?,?\s+(?P<y>{_YEAR})(?!\d)",
               re.IGNORECASE),
    # 2019-08-20 / 2019/08/20 / 2019.08.20 (year first is never ambiguous)
    re.compile(rf"(?<!\d)(?P<y>{_YEAR})[-/.](?P<m>[01]?\d)[-/.](?P<d>{_DAY})(?!\d){_TIME}"),
    # 2019年8月20日 / 2019년 8월 20일
    re.compile(rf"(?P<y>{_YEAR})\s*[年년]\s*(?P<m>[01]?\d)\s*[月월]\s*(?P<d>{_DAY})\s*[日일]?{_TIME}"),
    # 21/04/2022, 21.04.2022, 04/21/2022 (the order of the two numbers: see numeric_order)
    re.compile(rf"(?<![\d/.])(?P<a>{_DAY})[/.-](?P<b>{_DAY})[/.-](?P<y>{_YEAR})(?!\d){_TIME}"),
    # 8.5.12, 28.09.19, 5/8/12: a two-digit year (read only where _SHORT_NUMERIC finds one in ASCII digits)
    # (not a version number: "v1.2.19", "Version 1.2.19")
    re.compile(rf"(?<![\d/.vV])(?<!ersion )(?P<a>{_DAY})(?P<sep>[./])(?P<b>{_DAY})(?P=sep)(?P<yy>\d\d)(?![\d/.])"
               rf"{_TIME}"),
)
_TEXT_PATTERNS_MARKED = tuple(re.compile(p.pattern.replace(_WORD, _MARKED_WORD), p.flags) for p in _TEXT_PATTERNS)
# 2023. november 3. (Hungarian) / 2023 m. lapkričio 3 d. (Lithuanian): the year first, then the month's name; tried on
# pages in those languages only.
_YEAR_FIRST_NAMED = re.compile(rf"(?<!\d)(?P<y>{_YEAR})\.?\s+(?:m\.\s*)?(?P<mon>{_WORD})\s+(?P<d>{_DAY})\.?(?!\d)"
                               rf"(?:\s*d\.)?{_TIME}", re.IGNORECASE)
_YEAR_FIRST_LANGUAGES = frozenset({"hu", "lt"})
_DIGIT = re.compile(r"\d")  # any script's digits
_ASCII_YEAR = re.compile(r"(?:19|20)\d\d")
# Found from its first digit (a pattern that starts with a digit is scanned for fast); what may not precede
# it (a digit, a dot, a slash: "1.12.8.19", "v1.2.19") is checked by _short_numerics.
_SHORT_NUMERIC = re.compile(r"[0-9]{1,2}([./])[0-9]{1,2}\1[0-9][0-9](?![0-9/.])")


def _short_numerics(text: str) -> list[tuple[int, int]]:
    """Where ``text`` writes a short numeric date (day or month up to 39, two-digit year) in ASCII digits."""
    spans = []
    for match in _SHORT_NUMERIC.finditer(text):
        start = match.start()
        if start > 0 and text[start - 1] in "./0123456789":  # "123.4.19", "1.12.8.19": not a date
            continue
        if int(text[start:text.index(match.group(1), start)]) <= 39:
            spans.append((start, match.end()))
    return spans


# A year as the patterns read it, in any digits parse_text turns into ASCII ("2019", "۲۰۱۹", "２０１９").
def _years_in_any_digits(*centuries: str) -> re.Pattern[str]:
    """Years opening with one of ``centuries`` ("19", "20") in any digits :data:`_ASCII_DIGITS` reads."""
    return re.compile("|".join(
        "".join(f"[{''.join(chr(code) for code, ascii in _ASCII_DIGITS.items() if ascii == digit)}{digit}]"
                for digit in start) + r"\d\d" for start in centuries))


_ANY_YEAR = _years_in_any_digits("19", "20")
_ANY_SOLAR_YEAR = _years_in_any_digits("13", "14")  # a Solar Hijri year (see ``_SOLAR_MONTHS``)


def may_hold_date(text: str) -> bool:
    """Whether :func:`parse_text` could find a date in ``text`` (whitespace-normalised); False is certain.

    Every date it reads names a 19xx/20xx year (or a Buddhist-era or Solar Hijri one: Thai text, 13xx/14xx),
    is a short numeric date ("8.5.12") or is RFC 2822 / "GMT+hh:mm": one scan for those spares normalising,
    translating digits and six patterns on text that only has numbers.
    """
    if _DIGIT.search(text) is None:  # most texts of a page: one scan, in C
        return False
    if _ASCII_YEAR.search(text) or _RFC2822_HEAD.match(text):  # the common cases, on the fastest patterns
        return True
    return bool((("GMT" in text or "UTC" in text) and _GMT_OFFSET.search(text)) or _short_numerics(text)
                or _SOLAR_NUMERIC.search(text)
                or (not text.isascii() and (_ANY_YEAR.search(text) or _THAI.search(text) or _ANY_SOLAR_YEAR.search(text))))


def _build(y: int, m: int, d: int, g: dict[str, str | None]) -> Stamp:
    if g.get("H") is None:
        return Stamp(datetime(y, m, d), "day")
    hour = int(g["H"] or 0)
    ampm = (g.get("ampm") or "").replace(".", "").replace(" ", "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    abbreviation = g.get("abbr")
    zone = _offset(g.get("tz")) if abbreviation is None else timezone(timedelta(hours=_ZONE_NAMES[abbreviation]))
    value = datetime(y, m, d, hour, int(g["M"] or 0), int(g["S"] or 0), tzinfo=zone)
    return _dated(value, "second" if g.get("S") else "minute")


# Countries that write numeric dates month first (CLDR's short date patterns): 04/21/2022 is 21 April there.
_MONTH_FIRST = frozenset({"us", "ph", "fm", "mh", "pw", "as", "gu", "mp", "pr", "vi", "um", "bz", "ca"})


def numeric_order(language: str | None, country: str | None) -> Order:
    """How the page writes numeric dates: month first in the United States and the few countries that
    follow it, and on English pages that name no other country (most are American); day first elsewhere."""
    if country:
        return "mdy" if country.lower() in _MONTH_FIRST else "dmy"
    return "mdy" if language == "en" else "dmy"


def parse_text(text: str, language: str | None = None, order: Order = "dmy") -> Stamp | None:
    """The first absolute date written in ``text`` (any common language), or None (see :func:`find_text`)."""
    found = find_text(text, language, order)
    return found.stamp if found is not None else None


def find_text(text: str, language: str | None = None, order: Order = "dmy") -> Found | None:
    """The first absolute date written in ``text`` (any common language) and where it is, or None.

    A numeric date is read in ``order`` when both of its first numbers could be the month
    ("11/01/2023"), and then carries the other reading as ``alternative``; when one of them cannot
    be a month ("21/04/2022", "04/21/2022"), it is read the only way it can be.
    """
    text = " ".join(text.split())[:400]
    months = _months(language)
    if not text.isascii() and _ARABIC_LETTER.search(text):
        text = _one_month_name(text, months)  # (it shortens the text: before any position in it is taken)
    if not text.isascii() and _FOREIGN_DIGIT.search(text):
        text = text.translate(_ASCII_DIGITS)
    if not text.isascii() and _THAI.search(text):
        text = _common_era(text)
    if _SOLAR_YEAR.search(text) and (language in _SOLAR_LANGUAGES or not text.isascii()):
        text = _gregorian(text, language)
    shorts = _short_numerics(text)
    if _RFC2822_HEAD.match(text) or _GMT_OFFSET.search(text):
        stamp = _rfc2822(text)
        if stamp is not None:
            return Found(stamp, text, 0, len(text))
    years = [match.span() for match in _ASCII_YEAR.finditer(text)]
    if not years and not shorts:  # every pattern names the year: one cheap scan spares six
        return None
    patterns = _TEXT_PATTERNS_MARKED if not text.isascii() and _MARKED_SCRIPT.search(text) else _TEXT_PATTERNS
    patterns = patterns if shorts else patterns[:-1]
    if language in _YEAR_FIRST_LANGUAGES:
        patterns = (*patterns, _YEAR_FIRST_NAMED)
    for low, high in _windows(sorted(years + shorts), len(text)):
        best: Found | None = None
        for pattern in patterns:
            for match in pattern.finditer(text, low, high):
                if best is not None and match.start() >= best.start:
                    break
                stamp = _from_match(match.groupdict(), months, order)
                if stamp is not None:
                    best = Found(stamp, text, match.start(), match.end())
                    break
        if best is not None:
            return best
    return None


# A month and day without a year, as Japanese, Chinese and Korean pages print the date under the headline ("5月3日
# 10:30", "05月03日 10時30分", "5月3日(金) 10:30", "5월 3일 10:30"): read only where the page gives the year otherwise
# (see :func:`parse_month_day`).
_MONTH_DAY = re.compile(r"(?<![\d年년])(?P<m>[01]?\d)\s*[月월]\s*(?P<d>[0-3]?\d)\s*[日일](?!\d)"
                        r"(?:\s*[(（][^()（）]{1,3}[)）])?(?:\s*(?P<H>[0-2]?\d)\s*[:：時시]\s*(?P<M>[0-5]\d)分?)?")


_LOCAL_AHEAD = timedelta(hours=14)  # the furthest a local calendar runs ahead of UTC (Kiribati's Line Islands)


def parse_month_day(text: str, year: int | datetime) -> tuple[Stamp, bool] | None:
    """A yearless East Asian date (see ``_MONTH_DAY``) in ``year``; given the fetch time instead, the year that puts
    it on or before that day (a "12月31日" fetched on January 2 is last year's). With whether the year was so assumed."""
    text = " ".join(text.split())[:400].translate(_ASCII_DIGITS)
    found = next((m for m in _MONTH_DAY.finditer(text) if not text[:m.start()].rstrip().endswith(("年", "년"))), None)
    if found is None:  # (after a year: "2024년 5월 3일", which the text patterns read whole)
        return None
    # (the page's local day may be a day ahead of the fetch's UTC day, up to UTC+14: the latest day it can be)
    latest: date | None = None
    if isinstance(year, datetime):
        day_ahead = (year.astimezone(UTC) + _LOCAL_AHEAD).date()
        latest, y = day_ahead, day_ahead.year
    else:
        y = year
    month, day, clock = int(found.group("m")), int(found.group("d")), {**found.groupdict(), "S": None}
    try:
        stamp = _build(y, month, day, clock)
        if latest is not None and stamp.value.date() > latest:
            stamp = _build(y - 1, month, day, clock)
    except ValueError:
        return None
    return stamp, latest is not None


# A date spreads this far around its year ("Wednesday, 18 de septiembre de 2019 a las 10:15:30 p.m. GMT+01:00"):
# the patterns are tried there only, not along the whole text.
_BEFORE_YEAR, _AFTER_YEAR = 45, 40


def _windows(spans: list[tuple[int, int]], size: int) -> list[tuple[int, int]]:
    """The stretches of the text around each year (merged where they overlap), in order."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        low, high = max(0, start - _BEFORE_YEAR), min(size, end + _AFTER_YEAR)
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(high, merged[-1][1]))
        else:
            merged.append((low, high))
    return merged


def _century(yy: int) -> int:
    """A two-digit year in news: 95-99 are the 1990s (no news site is older), the rest this century."""
    return 1900 + yy if yy >= 95 else 2000 + yy


def _from_match(g: dict[str, str | None], months: dict[str, int], order: Order) -> Stamp | None:
    swapped: tuple[int, int] | None = None  # (month, day) of the other reading of an ambiguous numeric date
    if "mon" in g:
        month = months.get(_fold(g["mon"] or ""))
        if month is None:
            return None
        y, m, d = int(g["y"] or 0), month, int(g["d"] or 0)
    elif "a" in g:
        a, b = int(g["a"] or 0), int(g["b"] or 0)
        y = int(g.get("y") or 0) or _century(int(g["yy"] or 0))
        if a > 12 or (b <= 12 and order == "dmy"):
            d, m = a, b
        else:
            d, m = b, a
        if a <= 12 and b <= 12 and a != b:
            swapped = (d, m)
    else:
        y, m, d = int(g["y"] or 0), int(g["m"] or 0), int(g["d"] or 0)
    try:
        stamp = _build(y, m, d, g)
    except ValueError:
        return None
    if swapped is None:
        return stamp
    return Stamp(stamp.value, stamp.precision, stamp.value.replace(month=swapped[0], day=swapped[1]))


# ---------------------------------------------------------------------------------------------
# Relative bylines: "6 hours ago", "hace 3 horas", "vor 2 Stunden", "Yesterday".

def _alternatives(words: set[str]) -> re.Pattern[str]:
    alternatives = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


@cache
def _relative_words() -> tuple[re.Pattern[str], dict[str, tuple[str, ...]], re.Pattern[str]]:
    """From dateparser's locales: words that make a string relative ("ago", "vor", "hace", "yesterday", ...)
    with the languages using each, and units shorter than a day ("hours", "Stunden", ...)."""
    from dateparser.languages.loader import default_loader

    relative: dict[str, list[str]] = {}
    units: set[str] = set()
    for code in _LANGUAGES:
        info = default_loader.get_locale(code).info
        words = {w for w in info.get("ago", ()) if len(w) > 1}
        for phrase, names in info.get("relative-type", {}).items():
            if phrase in ("1 day ago", "0 day ago", "0 second ago"):
                words.update(n for n in names if len(n) > 2)
        for word in words:
            relative.setdefault(word.lower(), []).append(code)
        for unit in ("hour", "minute", "second"):
            units.update(w for w in info.get(unit, ()) if len(w) > 1)
    languages = {word: tuple(codes) for word, codes in relative.items()}
    return _alternatives(set(relative)), languages, _alternatives(units)


def parse_relative(text: str, base: datetime, language: str | None = None) -> Stamp | None:
    """A relative byline resolved against ``base`` (the fetch time, aware), via dateparser.

    Only short strings with a relative word are tried, and dateparser is told
    the page's language, then the languages that word belongs to (a German
    "vor 2 Stunden" on a page marked English): it is slow, and slower still
    when it must guess the language.
    """
    text = " ".join(text.split())
    relative, word_languages, units = _relative_words()
    match = relative.search(text) if text and len(text) <= 40 else None
    if match is None:
        return None
    import dateparser

    settings = {"RELATIVE_BASE": base.replace(tzinfo=None), "PREFER_DATES_FROM": "past",
                "PARSERS": ["relative-time"], "RETURN_AS_TIMEZONE_AWARE": False}
    by_word = list(word_languages.get(match.group(0).lower(), ()))
    for languages in ([language], by_word) if language and language not in by_word else (by_word,):
        try:
            value = dateparser.parse(text, languages=languages or None, settings=settings)  # type: ignore[arg-type]
        except (ValueError, LookupError, OverflowError):
            continue
        if value is not None:
            return Stamp(value.replace(tzinfo=base.tzinfo), "minute" if units.search(text) else "day")
    return None
