"""Read-side helpers: the questions the CLI and flows ask of the database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

import duckdb

from scrapers.errors import DatabaseMissing
from storage.db import Database, scalar
from storage.schema import MIGRATIONS, applied


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
        return int(scalar(con, query, list(params)))


def source_port(db: Database, source: str) -> int | None:
    """The port in the URLs already recorded for a source (the demo reuses it so its URLs stay the same)."""
    if not db.path.exists():
        return None
    with db.read() as con:
        row = con.execute("SELECT url FROM pages WHERE source = ? LIMIT 1", [source]).fetchone()
    return urlsplit(row[0]).port if row else None


@contextmanager
def read_current(db: Database) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the query file (the published snapshot), whose schema is up to date.

    Unlike ``Database.read`` it never creates a database (a mistyped ``--db`` is an error, not a
    new empty one), and a file written by an older geowire is migrated and republished first so
    that the views and search macros exist."""
    if not db.path.exists() and not db.work_path.exists():
        raise DatabaseMissing(f"no database at {db.path} (run `geowire demo` or `geowire run` first, or pass --db)")
    if db.path.exists():
        with db.query() as con:
            if {name for name, _ in MIGRATIONS} <= set(applied(con)):
                yield con
                return
    db.publish()  # applies the pending migrations to the working file, then publishes it
    with db.query() as con:
        yield con


@dataclass(frozen=True, slots=True)
class Section:
    """One titled table of ``stats``."""

    title: str
    columns: list[str]
    rows: list[tuple]


def _section(con: duckdb.DuckDBPyConnection, title: str, query: str) -> Section:
    result = con.execute(query)
    return Section(title, [d[0] for d in result.description], result.fetchall())


# Views over columns of ``articles`` that were tables before (migrations 012 and 013): counted as tables.
ROW_VIEWS = ("article_countries", "story_members")


def stats(db: Database, *, runs: int = 5) -> list[Section]:
    """What is in the database: tables with row counts (and ``ROW_VIEWS``), articles per source, pages
    per state and reason, and the last ``runs`` runs."""
    with read_current(db) as con:
        tables = [row[0] for row in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT internal UNION "
            "SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND view_name = ANY(?) "
            "ORDER BY 1", [list(ROW_VIEWS)]).fetchall()]
        counts = " UNION ALL ".join(f"SELECT '{name}' AS \"table\", count(*) AS rows FROM \"{name}\""
                                    for name in tables)
        return [
            _section(con, "Tables", counts),
            _section(con, "Articles per source", """
                SELECT source, count(*) AS articles, count(*) FILTER (WHERE version > 1) AS edited,
                       min(published_day) AS first_day, max(published_day) AS last_day,
                       strftime(max(last_seen_at), '%Y-%m-%d %H:%M') AS last_seen
                FROM articles GROUP BY source ORDER BY source"""),
            _section(con, "Pages per state and reason", """
                SELECT CASE WHEN queued_at IS NOT NULL THEN 'queued' ELSE state END AS state,
                       coalesce(reason, '') AS reason, count(*) AS pages
                FROM pages GROUP BY ALL ORDER BY state, pages DESC, reason"""),
            _section(con, "Last runs", f"""
                SELECT left(run_id, 8) AS run, trigger, status, strftime(started_at, '%m-%d %H:%M') AS started,
                       round(epoch(finished_at - started_at)) AS secs, discovered AS found, landed,
                       unchanged, skipped, failed
                FROM runs ORDER BY started_at DESC LIMIT {int(runs)}"""),
        ]
