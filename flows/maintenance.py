"""The daily maintenance flow: keep the DuckDB file compact and its bookkeeping honest."""

from __future__ import annotations

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE

from storage import maintenance as ops
from storage.db import Database


@task(name="close-abandoned-runs", cache_policy=NONE)
def close_abandoned_task(db: Database, older_than_hours: float) -> int:
    return ops.close_abandoned_runs(db, older_than_hours)


@task(name="checkpoint", cache_policy=NONE, retries=2, retry_delay_seconds=5)
def checkpoint_task(db: Database) -> None:
    ops.checkpoint(db)


@flow(name="maintenance")
def maintenance(db_path: str | None = None, abandoned_after_hours: float = 6.0) -> dict[str, int]:
    """Mark runs that were killed as abandoned, then checkpoint the database file."""
    db = Database(db_path)
    closed = close_abandoned_task(db, abandoned_after_hours)
    checkpoint_task(db)
    get_run_logger().info("maintenance of %s: %d abandoned runs closed", db.path, closed)
    return {"abandoned_runs_closed": closed}
