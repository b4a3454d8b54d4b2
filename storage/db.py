"""Opening the DuckDB file: short-lived connections, retried while another process holds it.

DuckDB lets one process write a file at a time, and while a process holds a
read-write connection every other process, readers included, is refused
("Could not set lock"). geowire therefore never keeps the file open across a
run: each write batch opens, writes in one transaction and closes, so that a
user's ``duckdb data/geowire.duckdb`` or ``geowire sql`` gets in between
batches, and both sides retry for a while before giving up with a clear error.
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from scrapers.errors import DatabaseBusy, StorageError

DEFAULT_DB_PATH = Path("data/geowire.duckdb")
DEFAULT_BUSY_TIMEOUT = 60.0  # seconds a connection attempt keeps retrying while the file is locked

# One writer at a time inside this process too: DuckDB would otherwise raise
# transaction conflicts between threads landing at once.
_WRITE_LOCK = threading.RLock()


def default_db_path() -> Path:
    """``$GEOWIRE_DB`` or ``data/geowire.duckdb``."""
    return Path(os.environ.get("GEOWIRE_DB") or DEFAULT_DB_PATH)


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc)
    return "Could not set lock" in text or "Conflicting lock" in text or "database is locked" in text


def open_connection(path: Path, *, read_only: bool = False,
                    busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> duckdb.DuckDBPyConnection:
    """Connect, retrying with jittered backoff while another process holds the file."""
    deadline = time.monotonic() + busy_timeout
    delay = 0.02
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if "not a valid DuckDB database file" in str(exc):
                raise StorageError(f"{path} is not a DuckDB database (a damaged file, or another kind of file); "
                                   "restore it from a backup, or pass another --db") from exc
            if not _is_lock_error(exc):
                raise StorageError(f"cannot open {path}: {exc}") from exc
            if time.monotonic() >= deadline:
                raise DatabaseBusy(
                    f"{path} is locked by another process (a running scrape or an open duckdb shell?) "
                    f"and stayed locked for {busy_timeout:.0f}s; close it or try again"
                ) from exc
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 0.5)
            continue
        if not read_only:
            # dict_fsst makes large-text loads ~5x slower in DuckDB 2.0.
            con.execute("SET disabled_compression_methods='dict_fsst'")
        return con


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> Any:
    """The first column of the first row of a query that always returns one (``SELECT count(*) ...``)."""
    row = con.execute(sql, params or []).fetchone()
    if row is None:
        raise StorageError(f"no row from {sql.split()[0]} query: {sql[:80]}")
    return row[0]


class Database:
    """A geowire DuckDB file. Cheap to create: it holds a path, not a connection."""

    def __init__(self, path: str | Path | None = None, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        self.busy_timeout = busy_timeout
        self._migrated = False

    def __repr__(self) -> str:
        return f"Database({str(self.path)!r})"

    @contextmanager
    def write(self, *, transaction: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-write connection, inside one transaction unless told otherwise (CHECKPOINT
        needs none); committed on success, rolled back on error, closed at exit."""
        from storage.schema import migrate  # schema imports this module

        with _WRITE_LOCK:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            con = open_connection(self.path, busy_timeout=self.busy_timeout)
            try:
                if not self._migrated:
                    migrate(con)
                    self._migrated = True
                if not transaction:
                    yield con
                    return
                con.execute("BEGIN TRANSACTION")
                try:
                    yield con
                except BaseException:
                    con.execute("ROLLBACK")
                    raise
                con.execute("COMMIT")
            finally:
                con.close()

    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection (creating and migrating the file first if it does not exist)."""
        if not self.path.exists():
            with self.write():
                pass
        with _WRITE_LOCK:
            con = open_connection(self.path, read_only=True, busy_timeout=self.busy_timeout)
            try:
                yield con
            finally:
                con.close()
