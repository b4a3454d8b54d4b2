"""Dates of the pages-dev gold pages: published instant with the publisher's offset, local day, modified instant."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from selectolax.lexbor import LexborHTMLParser

from scrapers.dates import find_dates
from scrapers.encoding import decode_html


def _gold(shared_dir: Path) -> list[dict[str, Any]]:
    return json.loads((shared_dir / "corpus" / "pages-dev" / "gold.json").read_text(encoding="utf-8"))


def _crawl_time(record: dict[str, Any]) -> datetime:
    """The end of the day the page was saved (its date bar), else of the day after publication."""
    day = datetime.fromisoformat(record["date_bar_iso"] or record["published_day"])
    if not record["date_bar_iso"]:
        day += timedelta(days=1)
    return day.replace(hour=23, minute=59, tzinfo=UTC)


@pytest.mark.parametrize("with_fetch_time", [False, True], ids=["no-fetch-time", "crawl-time"])
@pytest.mark.parametrize("index", range(11))
def test_gold_published(shared_dir: Path, index: int, with_fetch_time: bool) -> None:
    """With the crawl time known, relative bylines ("6 hours ago") are read too and must not mislead."""
    record = _gold(shared_dir)[index]
    raw = (shared_dir / "corpus" / "pages-dev" / "html" / record["file"]).read_bytes()
    text, _ = decode_html(raw, None)
    fetched_at = _crawl_time(record) if with_fetch_time else None
    result = find_dates(LexborHTMLParser(text), record["url"], language=record["language"], fetched_at=fetched_at)
    assert result.published_at is not None, record["file"]
    assert result.published_at.date().isoformat() == record["published_day"], record["notes"]
    if "T" in record["published"]:
        expected = datetime.fromisoformat(record["published"])
        assert result.published_at == expected, record["notes"]
        assert result.published_at.utcoffset() == expected.utcoffset(), "publisher's offset"
    assert result.published_raw and result.published_from
    if record["modified"] and "T" in record["modified"]:
        assert result.modified_at == datetime.fromisoformat(record["modified"]), "modified (same instant)"
