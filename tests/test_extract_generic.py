"""The generic heuristics alone, without any theme rules, on the gold pages.

Theme rules are a precision aid for known layouts; the world is mostly unknown
layouts. These pages must come out right from the heuristics too (the chrome
tests here are lenient only where a widget has no generic marker at all).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from selectolax.lexbor import LexborHTMLParser

from scrapers.extract import Rules, extract_parsed
from scrapers.models import Article

# Widgets whose city or exact extent only a theme rule knows (Yonhap's ticker has no "city" class).
RULE_ONLY_WEATHER = {"21_yonhap_nkorea_drill.html"}


def _collapse(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def generic(shared_dir: Path) -> list[tuple[dict[str, Any], Article]]:
    corpus = shared_dir / "corpus" / "pages-dev"
    gold = json.loads((corpus / "gold.json").read_text(encoding="utf-8"))
    return [(record, extract_parsed(LexborHTMLParser((corpus / "html" / record["file"]).read_text(encoding="utf-8")),
                                    record["url"], rules=Rules()))
            for record in gold]


def test_title_and_authors_without_rules(generic: list[tuple[dict[str, Any], Article]]) -> None:
    for gold, article in generic:
        assert article.title == gold["title"], gold["file"]
        assert [a.casefold() for a in article.authors] == [a.casefold() for a in gold["authors"]], gold["file"]


def test_body_without_rules(generic: list[tuple[dict[str, Any], Article]]) -> None:
    for gold, article in generic:
        body = _collapse(article.body)
        assert all(_collapse(s) in body for s in gold["must_contain"]), gold["file"]
        assert not any(_collapse(s) in body for s in gold["must_not_contain"]), gold["file"]


def test_header_chrome_without_rules(generic: list[tuple[dict[str, Any], Article]]) -> None:
    for gold, article in generic:
        expected = date.fromisoformat(gold["date_bar_iso"]) if gold.get("date_bar_iso") else None
        assert article.page_date == expected, gold["file"]
        if gold["file"] in RULE_ONLY_WEATHER:
            assert article.weather is not None and article.weather.temperature == gold["weather"]["temperature"]
        elif gold["weather"] is None:
            assert article.weather is None, gold["file"]
        else:
            got = article.weather.to_dict() if article.weather else {}
            assert {k: got.get(k) for k in ("temperature", "unit", "city", "raw")} == gold["weather"], gold["file"]
