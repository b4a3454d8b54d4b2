"""The month and weekday names scrapers.dates reads text dates with are dateparser's, copied without loss.

``scrapers/dates/months.json`` holds the month names for all of dateparser's languages because reading
them from dateparser at run time (importing it, deep-copying its locales) costs 65-150 ms per
process, paid on the first page with a text date or in a language outside the common ones. When
dateparser's locale data changes this test fails; regenerate the table with
``.venv/bin/python tests/test_dates_months.py > scrapers/dates/months.json`` (and the weekday
names, which tell a "Wednesday, 26.02.2020" date bar, with ``... weekdays > scrapers/dates/weekdays.json``).
"""

from __future__ import annotations

import json
import sys

from scrapers.dates.parse import _LANGUAGES, _fold, _month_tables, dateparser_months, parse_text, weekday_names

# Weekday names are read in the languages read on every page and the CJK ones ("(水)", "星期三").
WEEKDAY_LANGUAGES = (*_LANGUAGES, "ja", "zh", "ko")


def months_from_dateparser() -> dict[str, dict[str, int]]:
    """Every language of dateparser (a page may be in any of them), the ones read on every page first."""
    from dateparser.data.languages_info import language_order

    codes = [*_LANGUAGES, *(code for code in language_order if code not in _LANGUAGES)]
    return {code: dateparser_months(code) for code in codes}


def test_table_is_dateparsers() -> None:
    assert _month_tables() == months_from_dateparser()


def weekdays_from_dateparser() -> list[str]:
    """Folded weekday names of dateparser's locales: three letters or more (two-letter abbreviations such as
    "do" or "an" are ordinary words too), or any length in non-Latin scripts ("(水)")."""
    from dateparser.languages.loader import default_loader

    names: set[str] = set()
    for code in WEEKDAY_LANGUAGES:
        info = default_loader.get_locale(code).info
        for key in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"):
            names.update(folded for folded in map(_fold, info.get(key, ()))
                         if len(folded) >= 3 or (len(folded) >= 1 and not folded.isascii()))
    return sorted(names)


def test_weekday_table_is_dateparsers() -> None:
    assert sorted(weekday_names()) == weekdays_from_dateparser()
    assert {"mittwoch", "wednesday", "mercredi", "miercoles", "среда", "(水)"} <= weekday_names()


def test_month_names_of_several_languages() -> None:
    assert parse_text("8. März 2023").value.month == 3  # type: ignore[union-attr]
    assert parse_text("21 de abril de 2022").value.month == 4  # type: ignore[union-attr]
    assert parse_text("20 листопада 2019", "uk").value.month == 11  # type: ignore[union-attr]
    assert parse_text("۲۰ نوامبر ۲۰۱۹").value.month == 11  # type: ignore[union-attr]


def test_page_language_outside_the_table_is_read_from_dateparser() -> None:
    assert parse_text("20 Novemba 2019") is None  # Swahili: not among the languages read on every page
    assert parse_text("20 Novemba 2019", "sw").value.month == 11  # type: ignore[union-attr]
    assert parse_text("20 Novemba 2019", "sw-KE").value.month == 11  # type: ignore[union-attr]  # a locale: dateparser


def _table_text() -> str:
    """One language a line: diffs of a regenerated table stay readable."""
    lines = [f"{json.dumps(code)}: {json.dumps(table, ensure_ascii=False)}" for code, table in months_from_dateparser().items()]
    return "{\n" + ",\n".join(lines) + "\n}\n"


if __name__ == "__main__":
    if sys.argv[1:] == ["weekdays"]:
        print(json.dumps(weekdays_from_dateparser(), ensure_ascii=False, indent=0))
    else:
        print(_table_text(), end="")
