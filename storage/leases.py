"""Frontier leases: every queued URL is handed to exactly one worker, until it lands or its lease lapses.

Several worker processes (on this machine, or Prefect workers sharing the working
folder) drain one frontier. A worker *claims* a batch of a source's queued pages: each
gets a row in ``leases`` naming the worker and a deadline. Landing the batch deletes the
rows. A live worker keeps its deadlines moving (``heartbeat``); a worker that dies (even
by SIGKILL) stops renewing, and once its leases lapse another worker claims the same
pages. Since landing is idempotent (articles keyed on their canonical URL), a page that
two workers end up fetching — a worker that was only slow, not dead — is still one record.

A source is worked on by one worker at a time: its pages are not handed to a second
worker while the first holds a live lease on any of them, so per-host politeness
(delay, concurrency, robots.txt Crawl-delay) holds across workers too; workers spread
over sources instead.
"""

from __future__ import annotations

import os
import secrets
import socket
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from functools import cache

import duckdb

from storage.db import Database

DEFAULT_LEASE_SECONDS = 300.0  # a batch of a slow, polite source must fit in it (renewed while alive)


def lease_seconds() -> float:
    """How long a lease lasts without renewal: ``$GEOWIRE_LEASE_SECONDS`` or 300. A dead worker's
    pages wait this long before another worker takes them over."""
    return float(os.environ.get("GEOWIRE_LEASE_SECONDS") or DEFAULT_LEASE_SECONDS)


@cache
def _worker_id(pid: int) -> str:
    return f"{socket.gethostname()}:{pid}:{secrets.token_hex(3)}"


def worker_id() -> str:
    """This process's name in ``leases.owner``: host, pid and a random part (pids are reused)."""
    return _worker_id(os.getpid())


def _deadline(now: datetime, ttl: float) -> datetime:
    return now + timedelta(seconds=ttl)


def claim(con: duckdb.DuckDBPyConnection, source: str, limit: int, *, owner: str, ttl: float) -> list[tuple]:
    """Lease up to ``limit`` queued pages of ``source`` to ``owner`` (inside the caller's transaction)
    and return their frontier rows: never-fetched first, newest listing date first (undated after the
    dated), then the longest unvisited. Lapsed leases
    are dropped first; none is returned while another worker holds a live lease on the source."""
    now = datetime.now(UTC)
    con.execute("DELETE FROM leases WHERE leased_until < ?", [now])
    busy = con.execute("SELECT count(*) FROM leases WHERE source = ? AND owner <> ?", [source, owner]).fetchone()
    if busy and busy[0]:
        return []
    rows = con.execute(
        """
        SELECT url, fetch_url, etag, last_modified, listing_date, listing_date_from FROM pages p
        WHERE source = ? AND queued_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM leases l WHERE l.url = p.url)
        ORDER BY last_fetched_at IS NOT NULL, last_fetched_at, listed_at DESC NULLS LAST, queued_at, url
        LIMIT ?
        """,
        [source, limit],
    ).fetchall()
    if rows:
        con.execute(
            "INSERT INTO leases SELECT unnest(?::VARCHAR[]), ?, ?, ?, ?",
            [[row[0] for row in rows], source, owner, now, _deadline(now, ttl)])
    # Every call of a live worker renews all its leases, as the heartbeat does.
    con.execute("UPDATE leases SET leased_until = ? WHERE owner = ?", [_deadline(now, ttl), owner])
    return rows


def release(con: duckdb.DuckDBPyConnection, urls: Sequence[str], owner: str) -> None:
    """Drop ``owner``'s leases of these pages (they landed), inside the caller's transaction. A lease
    that lapsed and went to another worker stays with that worker."""
    if urls:
        con.execute("DELETE FROM leases WHERE owner = ? AND url = ANY(?)", [owner, list(urls)])


def clear(db: Database) -> int:
    """Drop every lease: called by a run that knows no other run or worker is alive, so that the
    pages a killed one held are fetched now rather than when their leases lapse."""
    with db.write(publish=False) as con:
        return len(con.execute("DELETE FROM leases RETURNING url").fetchall())


def renew(db: Database, owner: str, ttl: float) -> int:
    """Move the deadline of every lease ``owner`` holds; returns how many it holds."""
    with db.write(publish=False) as con:  # nothing to show readers
        rows = con.execute("UPDATE leases SET leased_until = ? WHERE owner = ? RETURNING url",
                           [_deadline(datetime.now(UTC), ttl), owner]).fetchall()
    return len(rows)


def held_elsewhere(db: Database, source: str, owner: str) -> bool:
    """Does another worker hold a live lease on a page of ``source``? Then the source is not done:
    its pages land, or come back to the frontier when the lease lapses."""
    with db.read() as con:
        row = con.execute("SELECT count(*) FROM leases WHERE source = ? AND owner <> ? AND leased_until >= ?",
                          [source, owner, datetime.now(UTC)]).fetchone()
    return bool(row and row[0])


@contextmanager
def heartbeat(db: Database, owner: str, ttl: float) -> Iterator[None]:
    """Renew ``owner``'s leases every third of their lifetime while the block runs (a thread: a slow,
    polite batch may take minutes without touching the database). When the process dies, so does
    the heartbeat, and the leases lapse."""
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(ttl / 3):
            try:
                renew(db, owner, ttl)
            except Exception:
                continue

    thread = threading.Thread(target=beat, name="geowire-lease-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
