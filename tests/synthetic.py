"""Synthetic articles landed through the real landing code, for the view, search and export tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone

from scrapers.crawl import Outcome
from scrapers.models import Article, Caption, Weather
from storage.db import Database
from storage.land import finish_run, land, record_source, start_run

NEW_YORK = timezone(timedelta(hours=-5))


def article(url: str, *, title: str = "Summit ends", body: str = "First paragraph.\n\nSecond paragraph.",
            published: datetime | None = datetime(2026, 3, 2, 9, 30, tzinfo=NEW_YORK),
            authors: tuple[str, ...] = ("Ana Ruiz",), language: str = "en", section: str | None = "World",
            ) -> Article:
    """An article as the extractor would return it."""
    return Article(url=url, canonical_url=url, title=title, authors=authors, published_at=published,
                   published_from="jsonld" if published else None, language=language, section=section,
                   body=body, captions=(Caption("Leaders pose", "Leah Millis/Reuters"),),
                   weather=Weather(47.5, "F", "New York", "47.5 F New York"))


def landed(item: Article) -> Outcome:
    return Outcome(url=item.url, state="landed", http_status=200, attempts=1,
                   fetched_at=datetime.now(UTC), article=item)


def failed(url: str) -> Outcome:
    return Outcome(url=url, state="failed", reason="fetch.http_status", detail="500 Server Error",
                   http_status=500, attempts=3)


def run(db: Database, run_id: str, by_source: dict[str, Sequence[Outcome]]) -> None:
    """One complete run: start, land each source's outcomes, record its counts, finish."""
    start_run(db, run_id, "test")
    for source, outcomes in by_source.items():
        record_source(db, run_id, source, land(db, run_id, source, outcomes))
    finish_run(db, run_id, "completed")
