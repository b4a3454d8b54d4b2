"""The extractor against hand-checked news pages (``../shared/corpus/pages-dev/gold.json``).

Each page is a real site (tagDiv Newspaper, Jannah, JNews, MediaNews, Reuters,
Guardian, Al Jazeera, Yonhap) with header chrome that naive scrapers leak into
the record: weather widgets, "today" date bars, related/latest blocks, author
bios. Publication dates in the gold file are checked by the dates tests.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from scrapers.extract import extract_article
from scrapers.models import Article


def _gold(shared_dir: Path) -> list[dict[str, Any]]:
    return json.loads((shared_dir / "corpus" / "pages-dev" / "gold.json").read_text(encoding="utf-8"))


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _page_ids() -> list[str]:
    path = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "pages-dev" / "gold.json"
    if not path.is_file():
        return ["missing"]  # the fixture skips with a clear message
    return [record["file"] for record in json.loads(path.read_text(encoding="utf-8"))]


@pytest.fixture(scope="module")
def extracted(shared_dir: Path) -> dict[str, tuple[dict[str, Any], Article]]:
    pages = shared_dir / "corpus" / "pages-dev" / "html"
    return {
        record["file"]: (record, extract_article((pages / record["file"]).read_bytes(), record["url"]))
        for record in _gold(shared_dir)
    }


@pytest.mark.parametrize("page", _page_ids())
def test_title_and_authors(extracted: dict[str, tuple[dict[str, Any], Article]], page: str) -> None:
    gold, article = extracted[page]
    assert article.is_article and article.reason is None
    assert article.title == gold["title"]
    assert [a.casefold() for a in article.authors] == [a.casefold() for a in gold["authors"]]
    assert article.language == gold["language"]


@pytest.mark.parametrize("page", _page_ids())
def test_header_chrome(extracted: dict[str, tuple[dict[str, Any], Article]], page: str) -> None:
    gold, article = extracted[page]
    expected_day = date.fromisoformat(gold["date_bar_iso"]) if gold.get("date_bar_iso") else None
    assert article.page_date == expected_day
    if gold["weather"] is None:
        assert article.weather is None
    else:
        assert article.weather is not None
        got = article.weather.to_dict()
        assert {k: got[k] for k in ("temperature", "unit", "city", "raw")} == gold["weather"]


@pytest.mark.parametrize("page", _page_ids())
def test_body_keeps_article_and_drops_chrome(extracted: dict[str, tuple[dict[str, Any], Article]],
                                              page: str) -> None:
    gold, article = extracted[page]
    body = _collapse(article.body)
    missing = [s for s in gold["must_contain"] if _collapse(s) not in body]
    leaked = [s for s in gold["must_not_contain"] if _collapse(s) in body]
    assert not missing, f"article text missing from body: {missing}"
    assert not leaked, f"page chrome leaked into body: {leaked}"
    for chrome in (gold.get("date_bar"), (gold.get("weather") or {}).get("raw")):
        if chrome:
            assert _collapse(chrome) not in body
            assert _collapse(chrome) not in (article.title or "")
