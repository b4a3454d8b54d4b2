"""Read-side helpers: the questions the CLI and flows ask of the database."""

from __future__ import annotations

from urllib.parse import urlsplit

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


def source_port(db: Database, source: str) -> int | None:
    """The port in the URLs already recorded for a source (the demo reuses it so its URLs stay the same)."""
    if not db.path.exists():
        return None
    with db.read() as con:
        row = con.execute("SELECT url FROM pages WHERE source = ? LIMIT 1", [source]).fetchone()
    return urlsplit(row[0]).port if row else None
