"""One scrape run per database file at a time.

DuckDB already refuses a second writer process, but two runs interleaving their
short write transactions would both succeed and double-fetch every URL. A run
therefore holds an advisory lock on ``<db>.run.lock`` for its whole duration;
the lock is released by the kernel when the process dies, so a SIGKILLed run
never leaves a stale lock behind.

Workers (``geowire run --worker``) share the frontier on purpose — its leases
hand each URL to one of them — so they hold the lock *shared*: any number of
workers at once, but never together with an ordinary run.

The lock file names its holder (pid, start, run id) while an ordinary run holds it
and is emptied on release. A new holder that finds it still filled in knows the last
holder died without releasing it: ``RunLock.dead_holder`` is what that one wrote,
so its run can be marked abandoned at once instead of staying ``running``.

The lock is re-entrant within a process: the CLI takes it before starting Prefect
(so that "another run is going" is said at once), and the flow it then runs takes
it again without blocking on itself.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from scrapers.errors import StorageError


class RunInProgress(StorageError):
    """Another run holds this database; the message says which process and since when."""

    reason = "storage.run_in_progress"


JOIN_WAIT = 30.0  # seconds a worker waits at least for the lock (see run_lock)


@dataclass(slots=True)
class RunLock:
    """A held run lock: who held it last without releasing it, and what to tell the next one."""

    handle: IO[str]
    dead_holder: dict[str, Any] | None = None
    record: dict[str, Any] = field(default_factory=dict)
    shared: bool = False  # a worker's: the file names ordinary runs only, so a worker writes nothing

    def note(self, **facts: Any) -> None:
        """Add to what the lock file says about its holder (e.g. the run id, once it is known)."""
        self.record.update(facts)
        if self.shared:
            return
        self.handle.seek(0)
        self.handle.truncate()
        self.handle.write(json.dumps(self.record))
        self.handle.flush()


_held: dict[Path, RunLock] = {}
_held_guard = threading.Lock()


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".run.lock")


def _try_lock(handle: IO[str], shared: bool, when_alone: Callable[[], object] | None) -> bool:
    """Take the lock without waiting: exclusively first (alone: call ``when_alone``, then share it
    if ``shared``), else shared if ``shared``. False when it is not to be had now."""
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        if not shared:
            return False
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True
    try:
        if when_alone is not None:
            when_alone()
    except BaseException:
        fcntl.flock(handle, fcntl.LOCK_UN)
        raise
    if shared:
        fcntl.flock(handle, fcntl.LOCK_SH)
    return True


def _read_holder(handle: IO[str]) -> dict[str, Any] | None:
    handle.seek(0)
    text = handle.read().strip()
    if not text:
        return None
    try:
        holder = json.loads(text)
    except ValueError:
        return {"raw": text}
    return holder if isinstance(holder, dict) else {"raw": text}


def _describe(holder: dict[str, Any] | None) -> str:
    if not holder:  # held, but by workers, which write nothing
        return "geowire --worker runs"
    if "pid" in holder:
        return f"pid {holder['pid']}" + (f", since {holder['since']}" if holder.get("since") else "")
    return str(holder.get("raw"))


@contextmanager
def run_lock(db_path: Path, *, wait: float = 0.0, shared: bool = False,
             when_alone: Callable[[], object] | None = None) -> Iterator[RunLock]:
    """Hold the run lock of ``db_path`` (``shared`` for a worker); wait up to ``wait`` seconds for
    it, then raise RunInProgress. ``when_alone`` is called, before any other worker can join, when
    no other run or worker holds the lock: then whatever they left behind (frontier leases) belongs
    to dead processes."""
    path = lock_path(db_path).resolve()
    with _held_guard:
        held = _held.get(path)
    if held is not None:  # this process holds it already (the CLI, around the flow it runs)
        yield held
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as handle:
        # A worker that starts alone holds the lock exclusively while it clears old leases: another
        # worker starting at the same moment waits that out instead of giving up at once.
        deadline = time.monotonic() + (max(wait, JOIN_WAIT) if shared else wait)
        while not _try_lock(handle, shared, when_alone):
            if time.monotonic() >= deadline:
                raise RunInProgress(
                    f"another geowire run is using {db_path} ({_describe(_read_holder(handle))}); "
                    f"wait for it to finish, or pass a longer --wait") from None
            time.sleep(0.2)
        lock = RunLock(handle, dead_holder=_read_holder(handle), shared=shared)
        if shared:  # the file names ordinary runs only; one left there now is a dead one
            handle.seek(0)
            handle.truncate()
        lock.note(pid=os.getpid(), since=datetime.now(UTC).isoformat(timespec="seconds"))
        with _held_guard:
            _held[path] = lock
        try:
            yield lock
        finally:
            with _held_guard:
                del _held[path]
            if not shared:  # other workers may still hold it shared
                handle.seek(0)
                handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)
