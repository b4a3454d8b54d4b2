"""The daily maintenance flow: keep the DuckDB file compact and its bookkeeping honest."""

from __future__ import annotations

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE

from storage import archive
from storage import maintenance as ops
from storage.db import Database


@task(name="close-abandoned-runs", cache_policy=NONE)
def close_abandoned_task(db: Database, older_than_hours: float) -> int:
    return ops.close_abandoned_runs(db, older_than_hours)


@task(name="prune-archive", cache_policy=NONE, retries=2, retry_delay_seconds=5)
def prune_archive_task(db: Database, keep_days: float) -> tuple[int, int]:
    return archive.prune(db, keep_days)


@task(name="checkpoint", cache_policy=NONE, retries=2, retry_delay_seconds=5)
def checkpoint_task(db: Database) -> None:
    ops.checkpoint(db)


@flow(name="maintenance")
def maintenance(db_path: str | None = None, abandoned_after_hours: float = 6.0,
                archive_days: float = 90.0) -> dict[str, int]:
    """Mark killed runs as abandoned, prune archived pages older than ``archive_days`` (each
    URL's latest response is kept for re-extraction), then checkpoint the database file."""
    db = Database(db_path)
    closed = close_abandoned_task(db, abandoned_after_hours)
    fetches, blobs = prune_archive_task(db, archive_days)
    checkpoint_task(db)
    get_run_logger().info("maintenance of %s: %d abandoned runs closed, %d archived responses and %d bodies "
                          "pruned", db.path, closed, fetches, blobs)
    return {"abandoned_runs_closed": closed, "archived_responses_pruned": fetches, "bodies_pruned": blobs}
