"""Provenance: raw pages archived content-addressed, re-extraction from the archive, quarantine."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from scrapers.crawl import FetchTask, process_page
from scrapers.models import Page
from storage import archive
from storage import land as landing
from storage.db import Database
from storage.reextract import reextract

FETCHED = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
PARAGRAPH = ("Foreign ministers from the region met in Lima on Friday to discuss shipping security in the strait, "
             "agreeing to share naval patrol schedules and to meet again before the end of the year. ")


def _html(title: str, paragraphs: int) -> str:
    body = "".join(f"<p>{PARAGRAPH} Point {i}.</p>" for i in range(paragraphs))
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | World News</title>
<meta property="og:type" content="article"><meta property="og:title" content="{title}">
<meta property="article:published_time" content="2026-03-02T09:30:00-05:00"></head>
<body><nav><a href="/">Home</a></nav><article><h1>{title}</h1><div class="byline">By Ana Ruiz</div>
<div class="entry-content">{body}</div></article><footer>All rights reserved</footer></body></html>"""


def _page(url: str, html: str, fetched_at: datetime = FETCHED) -> Page:
    content = html.encode()
    return Page(url=url, requested_url=url, status=200, headers={"content-type": "text/html; charset=utf-8",
                "etag": '"v1"'}, content=content, text=html, encoding="utf-8", fetched_at=fetched_at)


def _land(db: Database, *pages: Page) -> landing.Counts:
    outcomes = [process_page(page, FetchTask(url=page.url)) for page in pages]
    return landing.land(db, "run-1", "news", outcomes)


def test_every_response_is_archived_once_per_body(db_path: Path) -> None:
    db = Database(db_path)
    html = _html("Ministers agree on patrols", 4)
    _land(db, _page("https://n.example/a", html), _page("https://n.example/b", html))
    with db.read() as con:
        fetches = con.execute("SELECT url, status, headers['etag'], encoding FROM fetches ORDER BY url").fetchall()
        blobs = con.execute("SELECT count(*), sum(size), sum(octet_length(content)) FROM raw_blobs").fetchone()
        pages = archive.latest_pages(con, ["https://n.example/a"])
    assert fetches == [("https://n.example/a", 200, '"v1"', "utf-8"), ("https://n.example/b", 200, '"v1"', "utf-8")]
    assert blobs[0] == 1, "identical bodies are stored once"
    assert blobs[2] < blobs[1], "bodies are stored compressed"
    assert pages["https://n.example/a"].page.content == html.encode()


def test_reextract_rewrites_only_records_whose_extraction_changed(db_path: Path) -> None:
    db = Database(db_path)
    _land(db, _page("https://n.example/a", _html("Ministers agree on patrols", 4)),
          _page("https://n.example/b", _html("Grain corridor reopens", 5)))
    with db.write() as con:  # pretend an older extractor got one headline wrong
        con.execute("UPDATE articles SET title = 'Ministers agree on patrols | World News', record_hash = 'old', "
                    "content_hash = 'old', extractor_version = '0.0.1' WHERE canonical_url = 'https://n.example/a'")
    with db.read() as con:
        seen_before = dict(con.execute("SELECT canonical_url, last_seen_at FROM articles").fetchall())
    result = reextract(db)
    assert (result.considered, result.rewritten, result.untouched, result.missing_archive) == (2, 1, 1, 0)
    assert result.new_versions == 1  # the headline changed back: a content change
    with db.read() as con:
        rows = dict(con.execute("SELECT canonical_url, (title, extractor_version, last_seen_at) "
                                "FROM articles").fetchall())
    assert rows["https://n.example/a"][0] == "Ministers agree on patrols"
    assert rows["https://n.example/a"][1] != "0.0.1"
    assert rows["https://n.example/b"][2] == seen_before["https://n.example/b"], "unchanged record untouched"
    assert reextract(db).rewritten == 0, "a second pass finds nothing to change"


def test_records_breaking_the_contract_are_quarantined_not_landed(db_path: Path) -> None:
    db = Database(db_path)
    short = _page("https://n.example/short", _html("Brief", 1).replace(PARAGRAPH, "Too short to be news. "))
    untitled = _page("https://n.example/untitled", _html("", 4).replace("<title> | World News</title>", ""))
    future = _page("https://n.example/future",
                   _html("Tomorrow's news", 4).replace("2026-03-02T09:30", "2026-09-02T09:30"))
    good = _page("https://n.example/good", _html("Ministers agree on patrols", 4))
    counts = _land(db, short, untitled, future, good)
    assert counts.landed == 1 and counts.skipped + counts.failed == 3
    with db.read() as con:
        rejects = dict(con.execute("SELECT url, reason FROM rejects").fetchall())
        landed = [r[0] for r in con.execute("SELECT canonical_url FROM articles").fetchall()]
        record = con.execute("SELECT record->>'title' FROM rejects WHERE url = 'https://n.example/future'").fetchone()
    assert landed == ["https://n.example/good"]
    assert rejects["https://n.example/short"] in ("contract.body_too_short", "extract.empty_body")
    assert rejects["https://n.example/untitled"] == "contract.no_title"
    assert rejects["https://n.example/future"] == "contract.future_date"
    assert record == ("Tomorrow's news",)


def test_prune_keeps_each_urls_latest_response(db_path: Path) -> None:
    db = Database(db_path)
    old = FETCHED - timedelta(days=400)
    _land(db, _page("https://n.example/a", _html("Old version", 4), fetched_at=old))
    _land(db, _page("https://n.example/a", _html("New version", 4)))
    _land(db, _page("https://n.example/b", _html("Only version", 4), fetched_at=old))
    assert archive.prune(db, keep_days=30) == (1, 1)
    with db.read() as con:
        left = sorted(con.execute("SELECT url FROM fetches").fetchall())
    assert left == [("https://n.example/a",), ("https://n.example/b",)]
