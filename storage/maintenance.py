"""Housekeeping operations on the database file, called by the maintenance flow."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage.db import Database


def close_abandoned_runs(db: Database, older_than_hours: float) -> int:
    """Runs still 'running' long after they started were killed (SIGKILL, power loss): mark them
    'abandoned' so that run statistics do not count them as in progress. Their queued URLs stay
    queued and the next run fetches them."""
    cutoff = datetime.now(UTC) - timedelta(hours=older_than_hours)
    with db.write() as con:
        closed = con.execute(
            "UPDATE runs SET status = 'abandoned' WHERE status = 'running' AND started_at < ? RETURNING run_id",
            [cutoff],
        ).fetchall()
    return len(closed)


def mark_abandoned(db: Database, run_id: str) -> None:
    """A run whose process died holding the run lock (the next holder found its note): abandoned."""
    with db.write() as con:
        con.execute("UPDATE runs SET status = 'abandoned' WHERE run_id = ? AND status = 'running'", [run_id])


def checkpoint(db: Database) -> None:
    """Write the WAL into the main file and reclaim space."""
    with db.write(transaction=False) as con:  # CHECKPOINT cannot run inside a transaction
        con.execute("CHECKPOINT")
