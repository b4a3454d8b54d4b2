"""The daily maintenance flow, run through Prefect on a real database file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from flows.maintenance import maintenance
from scrapers.crawl import Outcome
from scrapers.models import Page
from storage import land as landing
from storage.db import Database


def _fetched(url: str, when: datetime) -> Outcome:
    body = f"<html><body><p>{url} as of {when:%Y-%m-%d}</p></body></html>".encode()
    page = Page(url=url, requested_url=url, status=200, headers={"content-type": "text/html"}, content=body,
                text=body.decode(), encoding="utf-8", fetched_at=when)
    return Outcome(url=url, state="skipped", reason="extract.not_article", http_status=200, attempts=1,
                   fetched_at=when, page=page)


def test_maintenance_closes_killed_runs_prunes_the_archive_and_checkpoints(prefect_harness: object,
                                                                           db_path: Path) -> None:
    db = Database(db_path)
    long_ago = datetime.now(UTC) - timedelta(days=200)
    landing.start_run(db, "killed", "schedule")
    with db.write() as con:
        con.execute("UPDATE runs SET started_at = ? WHERE run_id = 'killed'", [long_ago])
    landing.start_run(db, "current", "cli")  # a run going on right now is left alone
    landing.land(db, "killed", "s", [_fetched("https://n.example/a", long_ago)])
    landing.land(db, "killed", "s", [_fetched("https://n.example/a", datetime.now(UTC))])

    result = maintenance(db_path=str(db_path), archive_days=90)

    assert result == {"abandoned_runs_closed": 1, "archived_responses_pruned": 1, "bodies_pruned": 1}
    with db.read() as con:
        statuses = dict(con.execute("SELECT run_id, status FROM runs").fetchall())
        fetches = con.execute("SELECT count(*) FROM fetches").fetchone()[0]
    assert statuses == {"killed": "abandoned", "current": "running"}
    assert fetches == 1, "the URL's latest response is kept for re-extraction"
