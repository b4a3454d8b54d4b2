"""find_dates never raises, whatever a page writes where dates usually are."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from html import escape

from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from scrapers.dates import find_dates
from scrapers.dates.parse import may_hold_date, parse_text

date_like = st.one_of(
    st.text(max_size=40),
    st.from_regex(r"\d{1,5}[-/. ]\d{1,3}[-/. ]\d{1,5}(T\d{1,2}:\d{1,2}(:\d{1,2})?([+-]\d{1,4}|Z)?)?", fullmatch=True),
    st.from_regex(r"\d{1,15}", fullmatch=True),
    st.from_regex(r"\d{1,9} (hours?|days?|years?) ago", fullmatch=True),
)


@settings(max_examples=60, deadline=None)
@given(meta=date_like, ld=date_like, byline=date_like, hint=date_like)
def test_arbitrary_date_strings_never_raise(meta: str, ld: str, byline: str, hint: str) -> None:
    html = (f'<html><head><meta property="article:published_time" content="{escape(meta)}">'
            f'<script type="application/ld+json">{json.dumps({"@type": "NewsArticle", "datePublished": ld})}</script>'
            f'</head><body><h1>T</h1><span class="date">{escape(byline)}</span>'
            f'<time datetime="{escape(byline)}">x</time></body></html>')
    result = find_dates(LexborHTMLParser(html), "https://example.de/2020/01/02/x",
                        fetched_at=datetime(2024, 1, 1, tzinfo=UTC), hints=[("feed", hint)])
    if result.published_at is not None:
        assert result.published_at.tzinfo is not None
        assert datetime(1995, 1, 1, tzinfo=UTC) <= result.published_at <= datetime(2024, 1, 2, tzinfo=UTC)


text_with_dates = st.lists(st.one_of(
    st.text(max_size=12), st.sampled_from(["2019", "۲۰۱۹", "２０１９", "1899", "GMT+01:00", "UTC -0500", "Nov", "März",
                                           "10:30", "de", ".", "/", "-", "年", "8月", "21 ", "Tue, ", "2019-11-20"]),
), max_size=8).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=text_with_dates)
def test_text_the_page_scan_skips_holds_no_date(text: str) -> None:
    """The whole-page scan reads only text that may_hold_date lets through: it must never hide a date."""
    normalised = " ".join(text.split())
    if parse_text(normalised) is not None:
        assert may_hold_date(normalised)
