"""Hostile servers through the whole pipeline: every URL ends in a recorded state with its reason
in the real DuckDB file, and the batch finishes in bounded time."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from pathlib import Path

from adversarial import FAST, LIMITS, AdversarialServer
from adversarial import adversarial_server_fixture as adversarial_server_fixture

from scrapers.crawl import FetchTask, crawl
from scrapers.fetch import Fetcher
from storage import land as landing
from storage.db import Database

ARTICLE = ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Talks resume | World</title>"
           "<meta property='og:type' content='article'>"
           "<meta property='article:published_time' content='2026-03-02T09:30:00+01:00'></head><body>"
           "<article><h1>Talks resume</h1><p class='byline'>By Ana Ruiz</p><div class='entry-content'>"
           + "<p>Negotiators from both sides met in Geneva on Monday to resume talks on a ceasefire, officials "
             "said, after weeks of shelling along the front line and growing pressure from allies.</p>" * 5
           + "</div></article></body></html>").encode()


def test_every_hostile_url_is_recorded_with_its_reason(adversarial_server: AdversarialServer,
                                                       db_path: Path) -> None:
    server = adversarial_server
    server.robots = (200, b"User-agent: *\nDisallow: /private\n")
    server.static["/article"] = ("text/html; charset=utf-8", ARTICLE, {})
    server.static["/private/article"] = ("text/html; charset=utf-8", ARTICLE, {})
    server.static["/photo.html"] = ("text/html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, {})
    expected = {  # path -> (state, reason)
        "/article": ("landed", None),
        "/drip?every=0.05": ("failed", "fetch.timeout"),
        "/endless": ("skipped", "fetch.too_large"),
        "/bomb": ("skipped", "fetch.too_large"),
        "/loop/a": ("failed", "fetch.redirects"),
        "/redirect?to=http://169.254.169.254/latest/meta-data/": ("skipped", "fetch.private_address"),
        "/flaky?key=dead&fails=9&status=500": ("failed", "fetch.http_status"),
        "/reset": ("failed", "fetch.connect"),
        "/photo.html": ("skipped", "fetch.content_type"),
        "/private/article": ("skipped", "fetch.robots"),
        "/nowhere": ("failed", "fetch.http_status"),
    }
    tasks = [FetchTask(url=server.url(path)) for path in expected]
    # Retry fast, and no circuit breaker: every URL here is on one host and most fail on purpose.
    politeness = replace(FAST, circuit_breaker_threshold=1000)
    limits = replace(LIMITS, total_timeout=2.0, max_body_bytes=2 * 1024 * 1024,
                     max_decompressed_bytes=4 * 1024 * 1024)

    async def go() -> list:
        async with Fetcher(limits=limits, politeness=politeness) as fetcher:
            return await crawl(tasks, fetcher)

    started = time.monotonic()
    outcomes = asyncio.run(asyncio.wait_for(go(), 60))
    assert time.monotonic() - started < 45, "hostile servers must not hold the batch"
    db = Database(db_path)
    landing.land(db, "run", "hostile", outcomes)
    with db.read() as con:
        recorded = {url: (state, reason, attempts) for url, state, reason, attempts in con.execute(
            "SELECT url, state, reason, attempts FROM pages").fetchall()}
        articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    got = {path: recorded[task.url][:2] for path, task in zip(expected, tasks, strict=True)}
    assert got == expected
    assert recorded[server.url("/flaky?key=dead&fails=9&status=500")][2] == FAST.max_attempts
    assert articles == 1
