"""Dates written in other calendars and without a year, as pages in Thai, Persian, Japanese, Chinese and Korean
print them.

Synthetic pages, each pattern in several shapes: Thai dates count years in the Buddhist era (พ.ศ. 2567 is
2024 CE) and abbreviate months with dots; Iranian pages date in the Solar Hijri calendar (۱۴ اردیبهشت ۱۴۰۳
is 3 May 2024); East Asian pages often print only the month and day under the
headline ("5月3日 10:30"), whose year the URL or the fetch gives (and ``date_flags`` says when it was the
fetch's).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from selectolax.lexbor import LexborHTMLParser

from scrapers.dates import DateResult, find_dates
from scrapers.dates.parse import parse_month_day, parse_text

FETCHED = datetime(2024, 5, 4, 6, 0, tzinfo=UTC)
STORY = {
    "th": "<p>" + "คณะรัฐมนตรีอนุมัติงบประมาณสำหรับโครงการใหม่ในวันนี้ " * 4 + "</p>",
    "ja": "<p>" + "政府は本日、新しい政策を発表した。関係者によると、来月から実施される。" * 3 + "</p>",
    "zh": "<p>" + "政府今天宣布了新的政策，有关人士表示将从下个月开始实施。" * 3 + "</p>",
    "ko": "<p>" + "정부는 오늘 새로운 정책을 발표했다. 관계자에 따르면 다음 달부터 시행된다. " * 3 + "</p>",
    "fa": "<p>" + "دولت امروز سیاست جدیدی را اعلام کرد که از ماه آینده اجرا خواهد شد. " * 3 + "</p>",
    "ar": "<p>" + "أعلنت الحكومة اليوم سياسة جديدة ستطبق اعتبارا من الشهر المقبل. " * 3 + "</p>",
}


def dates(lang: str, dateline: str, url: str = "https://www.example.test/news/12345",
          fetched_at: datetime | None = FETCHED) -> DateResult:
    html = (f'<html lang="{lang}"><head><title>Headline</title></head><body><article><h1>Headline</h1>'
            f'<div class="date">{dateline}</div>{STORY[lang]}</article></body></html>')
    return find_dates(LexborHTMLParser(html), url, fetched_at=fetched_at)


@pytest.mark.parametrize(("written", "expected"), [
    ("3 พฤษภาคม 2567", datetime(2024, 5, 3)),
    ("วันที่ 3 พฤษภาคม พ.ศ. 2567", datetime(2024, 5, 3)),
    ("3 พ.ค. 67", datetime(2024, 5, 3)),
    ("3 พฤษภาคม พ.ศ. 67", datetime(2024, 5, 3)),
    ("3 พ.ค. 2567 10:30 น.", datetime(2024, 5, 3, 10, 30)),
    ("อังคาร 12 มี.ค. 2567 เวลา 14:05 น.", datetime(2024, 3, 12, 14, 5)),
    ("๓ ธ.ค. ๒๕๖๖", datetime(2023, 12, 3)),  # Thai digits
    ("3 พฤษภาคม 2024", datetime(2024, 5, 3)),  # a Thai page writing the common era
])
def test_thai_dates_are_read_in_the_common_era(written: str, expected: datetime) -> None:
    stamp = parse_text(written, "th")
    assert stamp is not None and stamp.value.replace(tzinfo=None) == expected
    result = dates("th", written)
    assert result.published_at is not None and result.published_at.date() == expected.date()
    assert result.published_at.utcoffset() == timedelta(hours=7)  # Thailand's zone, from the page's language


@pytest.mark.parametrize("written", ["ราคา 2567 บาท", "ปี 2567", "โทร 02 567 2567",
                                     "เมื่อวันที่ 5 มีนาคม 20 คนได้รับบาดเจ็บ", "ประชุม 10 ตุลาคม 25 ท่าน"])
def test_a_thai_number_that_is_no_date_stays_none(written: str) -> None:
    assert parse_text(written, "th") is None


@pytest.mark.parametrize(("lang", "written", "expected"), [
    ("ja", "5月3日 10時30分", datetime(2024, 5, 3, 10, 30)),
    ("ja", "5月3日(金) 10:30", datetime(2024, 5, 3, 10, 30)),
    ("zh", "05月03日 10:30", datetime(2024, 5, 3, 10, 30)),
    ("zh", "5月3日", datetime(2024, 5, 3)),
    ("ko", "5월 3일 10:30", datetime(2024, 5, 3, 10, 30)),
])
def test_a_yearless_east_asian_byline_date_takes_the_urls_year_else_the_fetchs(lang: str, written: str,
                                                                            expected: datetime) -> None:
    zone = timezone(timedelta(hours={"ja": 9, "zh": 8, "ko": 9}[lang]))
    from_fetch = dates(lang, written)
    assert from_fetch.published_at == expected.replace(tzinfo=zone)
    assert "year_assumed" in from_fetch.flags
    from_url = dates(lang, written, url="https://www.example.test/2024/news/12345.html", fetched_at=None)
    assert from_url.published_at == expected.replace(tzinfo=zone)
    assert "year_assumed" not in from_url.flags
    # neither: no year anywhere, no date
    assert dates(lang, written, fetched_at=None).published_at is None


def test_a_yearless_date_after_the_fetch_day_is_last_years() -> None:
    result = dates("ja", "12月31日(火) 23:10", fetched_at=datetime(2025, 1, 2, tzinfo=UTC))
    assert result.published_at == datetime(2024, 12, 31, 23, 10, tzinfo=timezone(timedelta(hours=9)))


@pytest.mark.parametrize(("written", "fetched"), [
    ("5月3日 08:00", datetime(2024, 5, 2, 23, 30, tzinfo=UTC)),  # 08:30 in Tokyo, still May 2 in UTC
    ("5월 3일 08:00", datetime(2024, 5, 2, 23, 30, tzinfo=UTC)),
    ("1月1日 00:10", datetime(2023, 12, 31, 15, 20, tzinfo=UTC)),  # New Year's morning in Tokyo
])
def test_a_yearless_date_of_the_pages_local_day_ahead_of_utc_stays_in_the_fetchs_year(written: str,
                                                                                      fetched: datetime) -> None:
    """The page's day can be a day ahead of the fetch's UTC day (East Asia is UTC+8/+9): not last year's date."""
    stamp, assumed = parse_month_day(written, fetched) or (None, False)
    assert stamp is not None and assumed
    assert stamp.value.year == (fetched + timedelta(hours=14)).year


@pytest.mark.parametrize("written", ["2024年5月3日", "2024년 5월 3일", "13月40日", "価格は5000円", "5月の売上"])
def test_what_is_no_yearless_date_is_not_read_as_one(written: str) -> None:
    """A full date (which the text patterns read, with its own year), an impossible day, no date at all."""
    assert parse_month_day(written, 2024) is None


def test_a_yearless_date_does_not_beat_a_full_date_in_the_metadata() -> None:
    html = ('<html lang="ja"><head><script type="application/ld+json">{"@type": "NewsArticle", "datePublished": '
            '"2023-11-02T08:00:00+09:00"}</script></head><body><article><h1>Headline</h1>'
            f'<div class="date">5月3日 10:30</div>{STORY["ja"]}</article></body></html>')
    result = find_dates(LexborHTMLParser(html), "https://www.example.test/news/1", fetched_at=FETCHED)
    assert result.published_at == datetime(2023, 11, 2, 8, 0, tzinfo=timezone(timedelta(hours=9)))


@pytest.mark.parametrize(("written", "expected"), [
    ("۱۴ اردیبهشت ۱۴۰۳", datetime(2024, 5, 3)),
    ("14 اردیبهشت 1403 - 10:30", datetime(2024, 5, 3, 10, 30)),
    ("سه‌شنبه ۱۴ اردیبهشت ۱۴۰۳ ساعت ۱۰:۳۰", datetime(2024, 5, 3, 10, 30)),
    ("تاریخ انتشار: ۱۴۰۳/۰۲/۱۴ - ۱۰:۳۰", datetime(2024, 5, 3, 10, 30)),
    ("۱ فروردین ماه ۱۴۰۳", datetime(2024, 3, 20)),  # Nowruz
    ("۳۰ اسفند ۱۴۰۳", datetime(2025, 3, 20)),  # the last day of a leap year
])
def test_solar_hijri_dates_are_read_in_the_gregorian_calendar(written: str, expected: datetime) -> None:
    stamp = parse_text(written, "fa")
    assert stamp is not None and stamp.value.replace(tzinfo=None) == expected
    result = dates("fa", written, url="https://www.example.ir/news/12345", fetched_at=None)
    assert result.published_at is not None
    assert result.published_at.replace(tzinfo=None) == expected
    assert result.published_at.utcoffset() == timedelta(hours=3, minutes=30)  # Iran's zone, from the page's language


@pytest.mark.parametrize(("written", "lang"), [
    ("1445/10/24 هـ", "ar"),  # the lunar Hijri calendar of Arabic pages: its years are 14xx too
    ("١٤٤٥/١٠/٢٤", "ar"),
    ("تاریخ 1445/10/24", "ur"),  # Urdu writes the letters Persian has and Arabic does not, and the lunar calendar
    ("۳۱ اسفند ۱۴۰۲", "fa"),  # no such day: 1402 is no leap year
    ("قیمت ۱۴۰۳ تومان", "fa"),
])
def test_what_is_no_solar_hijri_date_is_not_read_as_one(written: str, lang: str) -> None:
    assert parse_text(written, lang) is None
