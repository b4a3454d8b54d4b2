"""Read-side helpers: the questions the CLI and flows ask of the database."""

from __future__ import annotations

from storage.db import Database


def completed_runs(db: Database, *, trigger: str | None = None) -> int:
    """How many runs finished (optionally of one trigger: demo, cli, schedule, url)."""
    if not db.path.exists():
        return 0
    with db.read() as con:
        query = "SELECT count(*) FROM runs WHERE status = 'completed'"
        params: list[str] = []
        if trigger is not None:
            query += " AND trigger = ?"
            params.append(trigger)
        return con.execute(query, params).fetchone()[0]
