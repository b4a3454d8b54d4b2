"""Where geowire keeps its data, and who opens which file.

DuckDB lets one process write a file XOR many processes read it, so a file shared by the
writer and its readers makes either side wait for the other (a notebook left open would
stop every scheduled run). geowire therefore keeps two kinds of file::

    data/geowire.duckdb          the query file: a published snapshot, for readers only
    data/geowire.duckdb.d/
        work.duckdb              the working database every geowire writer lands into
        archive.duckdb           the raw-page archive (raw_blobs, fetches), attached as `archive`

Writers (runs, workers, maintenance) open ``work.duckdb`` in short transactions and retry
while another geowire process holds it; DuckDB's own file lock is the arbiter, so several
worker processes land into it one transaction at a time. After a write, at most every few
seconds, the writer *publishes*: CHECKPOINT (so the file holds every committed row), copy
the working file to a temporary name in the query file's folder, ``os.replace`` it onto
the query file. A reader that opened the old file keeps reading that snapshot (it holds
the old inode) until it reconnects; a reader that opens later gets the new one. Nobody
ever waits for anybody. The large raw archive lives in its own file so that publishing
does not copy it.

The working and published files are written in DuckDB's v1.4 storage format so that the
DuckDB clients people have (the pip ``duckdb-cli`` 1.5, Python ``duckdb`` 1.4) can read them.
"""

from __future__ import annotations

import atexit
import os
import random
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pyarrow as pa

from scrapers.errors import DatabaseBusy, StorageError
from storage.ddl import quote

DEFAULT_DB_PATH = Path("data/geowire.duckdb")
DEFAULT_BUSY_TIMEOUT = 60.0  # seconds a connection attempt keeps retrying while the file is locked
# The oldest DuckDB release whose clients must read our files: 1.4 (the pip duckdb-cli is 1.5.x).
STORAGE_VERSION = "v1.4.0"
# Publishing copies the working file, so it is spaced out: never more often than every
# $GEOWIRE_PUBLISH_SECONDS (default PUBLISH_MIN) seconds, nor more often than ten times its own
# cost (a 1 GB file takes ~1 s), and never less often than every PUBLISH_MAX seconds while a
# run is writing.
PUBLISH_MIN = 5.0
PUBLISH_MAX = 20.0
WRITER_MEMORY = "128MB"  # see writer_memory()
# DuckDB's threads for a writer's connection. A landing batch's statements read and write a few hundred
# rows: with DuckDB's default (one thread per core) they and the checkpoints cost 5-19 % (median ~8 %) more
# CPU in all, spread over DuckDB's threads, than on the calling thread alone (benchmarks/stories.py --landing
# at 10,000 articles), and a run's extraction workers need those cores; a run's pages/s did not move
# (benchmarks/pipeline.py). Wall time of a large statement (a re-extraction's, a migration's) is the price.
WRITER_THREADS = 1

T = TypeVar("T")
# Opening the working file costs 0.1-0.4 s (catalog, archive, WAL) and closing it a checkpoint, more
# than landing a batch (landing 3,000 pages in groups of 200 took 24 % less CPU held than closed after
# each group, at the same peak RSS); so a writer keeps its connection between writes, and closes it when
# it has not written for HOLD_IDLE seconds, or after HOLD_MAX seconds of use while another process waits for
# the file, pausing HOLD_PAUSE before it opens again so that the waiting workers' retries get their turn.
# A process waiting for the working file says so with a mark in the working folder (``waiting/<pid>``,
# touched at each try, fresh for WAITING_FRESH seconds): a lone writer, such as a run's, never pays for a
# checkpoint, a reopen and the pause every HOLD_MAX seconds (about 1 s per 10 s of a crawl's landing).
HOLD_IDLE = 1.0
HOLD_MAX = 5.0
HOLD_PAUSE = 0.1
WAITING_FRESH = 1.0
RETRY_MAX = 0.05  # the longest sleep between two tries of a locked file: shorter than HOLD_PAUSE

# One writer at a time inside this process too: DuckDB would otherwise raise
# transaction conflicts between threads landing at once. It also guards _HELD.
_WRITE_LOCK = threading.RLock()


@dataclass(slots=True)
class _Held:
    """The open connection of this process to one working file, and a descriptor of the file to copy
    it from. DuckDB's lock on the file is a POSIX record lock, which the kernel drops when the
    process closes *any* descriptor of the file: copying it by name (open, read, close) would let
    another worker write into it under our feet. So the file is opened once, beside the connection,
    and closed only after the connection."""

    con: duckdb.DuckDBPyConnection
    fd: int
    since: float
    used: float


_HELD: dict[Path, _Held] = {}
_PAUSED_UNTIL: dict[Path, float] = {}


def _close_held(path: Path, *, yielded: bool = False) -> None:
    held = _HELD.pop(path, None)
    if held is not None:
        held.con.close()
        os.close(held.fd)
        if yielded:
            _PAUSED_UNTIL[path] = time.monotonic() + HOLD_PAUSE


def _close_idle() -> None:
    """Close the connections not used for HOLD_IDLE seconds (runs on a timer thread)."""
    with _WRITE_LOCK:
        now = time.monotonic()
        for path in [path for path, held in _HELD.items() if now - held.used >= HOLD_IDLE]:
            _close_held(path)


def close_all() -> None:
    """Close every working file this process holds (at exit, or before handing files to another)."""
    with _WRITE_LOCK:
        for path in list(_HELD):
            _close_held(path)


atexit.register(close_all)


def default_db_path() -> Path:
    """``$GEOWIRE_DB`` or ``data/geowire.duckdb``."""
    return Path(os.environ.get("GEOWIRE_DB") or DEFAULT_DB_PATH)


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc)
    return "Could not set lock" in text or "Conflicting lock" in text or "database is locked" in text


def _retrying(attempt: Callable[[], T], what: str, busy_timeout: float, *, waiting: Path | None = None) -> T:
    """Call ``attempt`` (an open or ATTACH), retrying with jittered backoff while another process
    holds the file; while it does, a mark in the folder ``waiting`` (if given) tells the holder."""
    deadline = time.monotonic() + busy_timeout
    delay = 0.02
    mark = waiting / str(os.getpid()) if waiting is not None else None
    try:
        while True:
            try:
                return attempt()
            except duckdb.IOException as exc:
                if "not a valid DuckDB database file" in str(exc):
                    raise _not_duckdb(what) from exc
                if not _is_lock_error(exc):
                    raise StorageError(f"cannot open {what}: {exc}") from exc
                if time.monotonic() >= deadline:
                    raise DatabaseBusy(
                        f"{what} is locked by another process {_holder(exc)}and stayed locked for "
                        f"{busy_timeout:.0f}s; close it or try again"
                    ) from exc
                if mark is not None:
                    mark.parent.mkdir(exist_ok=True)
                    mark.touch()
                time.sleep(delay * (0.5 + random.random()))
                delay = min(delay * 2, RETRY_MAX)
    finally:
        if mark is not None:
            mark.unlink(missing_ok=True)


def _others_waiting(waiting: Path) -> bool:
    """Whether another process has marked itself waiting for the file in the folder ``waiting`` lately."""
    mine, since = str(os.getpid()), time.time() - WAITING_FRESH
    try:
        with os.scandir(waiting) as marks:
            return any(mark.name != mine and mark.stat().st_mtime >= since for mark in marks)
    except FileNotFoundError:
        return False


def _not_duckdb(what: object) -> StorageError:
    return StorageError(f"{what} is not a DuckDB database (a damaged file, or another kind of file); "
                        "restore it from a backup, or pass another --db")


# dict_fsst makes large-text loads ~5x slower in DuckDB 2.0. zstd is tried at every checkpoint and
# chosen only for the archive's bodies, zlib already: it saved 8 % of the archive's size for half
# the time of checkpointing it (1.4 of 2.8 s per 3,000 pages). Every connection that writes geowire's
# files sets it, so that each file is stored alike whichever path wrote it.
WRITER_COMPRESSION = "SET disabled_compression_methods='dict_fsst,zstd'"


def open_connection(path: Path, *, read_only: bool = False, busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
                    what: str = "", waiting: Path | None = None) -> duckdb.DuckDBPyConnection:
    """Connect, retrying while another process holds the file (marked in the folder ``waiting``, if given)."""
    config: dict[str, str | bool | int | float | list[str]] = (
        {} if read_only else {"storage_compatibility_version": STORAGE_VERSION})
    con = _retrying(lambda: duckdb.connect(str(path), read_only=read_only, config=config), what or str(path),
                    busy_timeout, waiting=waiting)
    if not read_only:
        con.execute(WRITER_COMPRESSION)
        con.execute(f"SET memory_limit = {quote(writer_memory())}")
        con.execute(f"SET threads = {WRITER_THREADS}")
    return con


def writer_memory() -> str:
    """DuckDB's memory limit for geowire's writers: ``$GEOWIRE_DUCKDB_MEMORY`` or WRITER_MEMORY.

    DuckDB's default (80 % of RAM) lets it keep every block a landing batch reads or writes, and a
    batch reads more of them the larger the database: a run's memory then grew with the database
    (peak 1,032 MiB for 10,000 pages against 791 for 3,000). Within the limit DuckDB evicts cached
    blocks (they are read again from the file) and spills large joins and sorts to a temporary file."""
    return os.environ.get("GEOWIRE_DUCKDB_MEMORY") or WRITER_MEMORY


def _holder(exc: Exception) -> str:
    """DuckDB names the process holding the lock ("... (PID 1234)"); say it when it does."""
    found = re.search(r"\(PID (\d+)\)", str(exc))
    return f"(pid {found.group(1)}) " if found else ""


_UNDONE = [0]  # transactions of transaction_on undone in this process (see undone())


def undone() -> int:
    """How many transactions ``transaction_on`` has rolled back in this process (a COMMIT that failed counts:
    DuckDB undoes it). What a process keeps in memory of what it wrote through a connection it holds is
    still the file's content while this has not moved (``storage.bandindex``)."""
    return _UNDONE[0]


@contextmanager
def transaction_on(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """One transaction on an open connection: committed on success, rolled back on error. (DuckDB lets
    one transaction write to one attached file only: writing both files takes two of these.)"""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        _UNDONE[0] += 1
        con.execute("ROLLBACK")
        raise
    try:
        con.execute("COMMIT")
    except BaseException:
        _UNDONE[0] += 1
        raise


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> Any:
    """The first column of the first row of a query that always returns one (``SELECT count(*) ...``)."""
    row = con.execute(sql, params or []).fetchone()
    if row is None:
        raise StorageError(f"no row from {sql.split()[0]} query: {sql[:80]}")
    return row[0]


def append(con: duckdb.DuckDBPyConnection, table: str, appended_rows: pa.Table) -> None:
    """Insert an Arrow table's rows into ``table`` (columns matched by name), in the caller's transaction.
    DuckDB reads ``appended_rows`` by its Python name (a replacement scan: no table of geowire's has that
    name): ~0.2-0.3 ms less a statement than ``con.from_arrow(...).insert_into(table)``, ~0.5 ms less than
    registering it under a name."""
    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM appended_rows")


class Database:
    """A geowire database: the query file ``path`` and the working folder beside it.

    Cheap to create: it holds paths, not connections.
    """

    def __init__(self, path: str | Path | None = None, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        self.busy_timeout = busy_timeout
        self._prepared = False
        self._publish_cost = 0.0

    def __repr__(self) -> str:
        return f"Database({str(self.path)!r})"

    @property
    def state_dir(self) -> Path:
        """geowire's own folder beside the query file: nobody else should open what is in it."""
        return self.path.with_name(self.path.name + ".d")

    @property
    def work_path(self) -> Path:
        return self.state_dir / "work.duckdb"

    @property
    def archive_path(self) -> Path:
        return self.state_dir / "archive.duckdb"

    @property
    def waiting_dir(self) -> Path:
        """Where processes waiting for the working file mark themselves (see HOLD_MAX)."""
        return self.state_dir / "waiting"

    # ------------------------------------------------------------ writers

    def _open_work(self, *, read_only: bool) -> duckdb.DuckDBPyConnection:
        con = open_connection(self.work_path, read_only=read_only, busy_timeout=self.busy_timeout,
                              what=f"{self.work_path} (geowire's working file)", waiting=self.waiting_dir)
        try:
            mode = " (READ_ONLY)" if read_only else f" (STORAGE_VERSION '{STORAGE_VERSION}')"
            _retrying(lambda: con.execute(f"ATTACH {_literal(self.archive_path)} AS archive{mode}"),
                      f"{self.archive_path} (geowire's raw archive)", self.busy_timeout)
            # Unqualified raw_blobs/fetches resolve to the archive once main has none of its own.
            con.execute("SET search_path = 'main,archive'")
        except BaseException:
            con.close()
            raise
        return con

    def _prepare(self, con: duckdb.DuckDBPyConnection) -> None:
        from storage.schema import migrate, move_archive  # schema imports this module

        move_archive(con)
        migrate(con)

    def _connection(self) -> duckdb.DuckDBPyConnection:
        """This process's connection to the working file (held between writes); call under _WRITE_LOCK."""
        held = _HELD.get(self.work_path)
        now = time.monotonic()
        if held is not None and now - held.since >= HOLD_MAX and _others_waiting(self.waiting_dir):
            _close_held(self.work_path, yielded=True)
            held = None
        if held is None:
            pause = _PAUSED_UNTIL.pop(self.work_path, 0.0) - now
            if pause > 0:
                time.sleep(pause)
            self.state_dir.mkdir(parents=True, exist_ok=True)
            adopted = not self.work_path.exists() and self._adopt()
            con = self._open_work(read_only=False)
            fd = os.open(self.work_path, os.O_RDONLY)
            held = _HELD[self.work_path] = _Held(con, fd, time.monotonic(), time.monotonic())
            if adopted:  # readers get the taken-over file in the format they can read, now
                self._prepare(held.con)
                self._prepared = True
                self._publish(held)
        if not self._prepared:
            self._prepare(held.con)
            self._prepared = True
        return held.con

    def _done(self, *, close: bool) -> None:
        """After a use of the held connection: keep it for the next write unless told to close it,
        and arm the timer that closes it once idle."""
        if close:
            _close_held(self.work_path)
            return
        held = _HELD.get(self.work_path)
        if held is not None:
            held.used = time.monotonic()
            timer = threading.Timer(HOLD_IDLE + 0.01, _close_idle)
            timer.daemon = True
            timer.start()

    @contextmanager
    def write(self, *, transaction: bool = True, publish: bool | None = True
              ) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-write connection to the working file, inside one transaction unless told otherwise
        (CHECKPOINT needs none); committed on success, rolled back on error.

        After a successful write the query file is republished: always by default (a command's
        change is visible to the next query), only when the last publication is old enough when
        ``publish`` is None (a run's many batches; see PUBLISH_MIN/PUBLISH_MAX), never when False.
        The connection is then held for the next write (see HOLD_IDLE/HOLD_MAX); what it caches is
        bounded by the memory limit (``writer_memory``).
        """
        with _WRITE_LOCK:
            con = self._connection()
            failed = True
            try:
                if not transaction:
                    yield con
                else:
                    with transaction_on(con):
                        yield con
                if publish or (publish is None and self._publish_due()):
                    self._publish(_HELD[self.work_path])
                failed = False
            finally:
                self._done(close=failed)  # after a failure the connection's state is unknown

    def _adopt(self) -> bool:
        """A query file without a working folder was written by a geowire that kept everything in
        one file (or its working folder was deleted): copy it into a new working file, in the
        storage format readers can read. Returns whether there was such a file."""
        if not self.path.exists():
            return False
        temporary = self.work_path.with_name("adopting.duckdb")
        temporary.unlink(missing_ok=True)
        con = duckdb.connect(":memory:")
        try:
            con.execute(WRITER_COMPRESSION)  # else the copy comes out in DuckDB's defaults, FSST included
            con.execute(f"ATTACH {_literal(self.path)} AS old (READ_ONLY)")
            con.execute(f"ATTACH {_literal(temporary)} AS new (STORAGE_VERSION '{STORAGE_VERSION}')")
            con.execute("COPY FROM DATABASE old TO new")
        except duckdb.Error as exc:
            if "not a valid DuckDB database file" in str(exc):
                raise _not_duckdb(self.path) from exc
            raise StorageError(f"cannot take over {self.path} as geowire's working file: {exc}") from exc
        finally:
            con.close()
        os.replace(temporary, self.work_path)
        return True

    def _publish_due(self) -> bool:
        try:
            age = time.time() - self.path.stat().st_mtime
        except FileNotFoundError:
            return True
        least = float(os.environ.get("GEOWIRE_PUBLISH_SECONDS") or PUBLISH_MIN)
        return age >= min(max(least, 10 * self._publish_cost), PUBLISH_MAX)

    def _publish(self, held: _Held) -> None:
        """Replace the query file with a copy of the working file, while this process holds the working
        file (so no other writer changes it during the copy)."""
        started = time.monotonic()
        held.con.execute("CHECKPOINT")  # without it the copy would miss the rows still in the WAL
        folder = self.path.parent
        for stale in folder.glob(f".{self.path.name}.*.publishing"):  # left by a publisher killed mid-copy
            stale.unlink(missing_ok=True)
        temporary = folder / f".{self.path.name}.{os.getpid()}.publishing"
        try:
            _copy_from(held.fd, temporary)
            # A WAL beside the query file can only come from someone who opened it read-write; readers
            # would replay it onto the new snapshot and fail, so it goes.
            wal = self.path.with_name(self.path.name + ".wal")
            wal.unlink(missing_ok=True)
            os.replace(temporary, self.path)
            wal.unlink(missing_ok=True)
        finally:
            temporary.unlink(missing_ok=True)
        self._publish_cost = time.monotonic() - started

    def publish(self) -> None:
        """Publish the working file to the query file now (end of a run, maintenance)."""
        with self.write(transaction=False, publish=True):
            pass

    # ------------------------------------------------------------ readers

    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to the *working* file for reading, for geowire's own bookkeeping (the frontier,
        feed validators, the archive); creates and migrates it first if it does not exist. It is the
        writer's connection (DuckDB would refuse a read-only one beside it in this process), so
        readers must not write through it; a process that only reads lets go of the file at once.
        People's queries go to ``query()``, which never waits."""
        with _WRITE_LOCK:
            keep = self.work_path in _HELD
            with self.write(transaction=False, publish=False) as con:
                yield con
            if not keep:
                _close_held(self.work_path)

    @contextmanager
    def query(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection to the query file (the last published snapshot)."""
        con = open_connection(self.path, read_only=True, busy_timeout=self.busy_timeout)
        try:
            yield con
        finally:
            con.close()


def _copy_from(fd: int, destination: Path) -> None:
    """Copy the whole file behind ``fd`` (from offset 0, in the kernel) to a new file.

    Not fsynced: that would cost 15 s for 1 GB on a slow disk. A kill of the process cannot tear the
    copy (the page cache survives it); a power cut could, but ext4's replace-by-rename rule writes
    the data before the rename, and the next run republishes a file older than PUBLISH_MIN anyway."""
    size = os.fstat(fd).st_size
    out = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        offset = 0
        while offset < size:
            sent = os.sendfile(out, fd, offset, size - offset)
            if sent == 0:
                break
            offset += sent
    finally:
        os.close(out)


def _literal(path: Path) -> str:
    return quote(str(path))
