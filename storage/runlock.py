"""One scrape run per database file at a time.

DuckDB already refuses a second writer process, but two runs interleaving their
short write transactions would both succeed and double-fetch every URL. A run
therefore holds an advisory lock on ``<db>.run.lock`` for its whole duration;
the lock is released by the kernel when the process dies, so a SIGKILLed run
never leaves a stale lock behind.

The lock file names its holder (pid, start, run id) while it is held and is
emptied on release. A new holder that finds it still filled in knows the last
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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from scrapers.errors import StorageError


class RunInProgress(StorageError):
    """Another run holds this database; the message says which process and since when."""

    reason = "storage.run_in_progress"


@dataclass(slots=True)
class RunLock:
    """A held run lock: who held it last without releasing it, and what to tell the next one."""

    handle: IO[str]
    dead_holder: dict[str, Any] | None = None
    record: dict[str, Any] = field(default_factory=dict)

    def note(self, **facts: Any) -> None:
        """Add to what the lock file says about its holder (e.g. the run id, once it is known)."""
        self.record.update(facts)
        self.handle.seek(0)
        self.handle.truncate()
        self.handle.write(json.dumps(self.record))
        self.handle.flush()


_held: dict[Path, RunLock] = {}
_held_guard = threading.Lock()


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".run.lock")


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
    if not holder:
        return "unknown process"
    if "pid" in holder:
        return f"pid {holder['pid']}" + (f", since {holder['since']}" if holder.get("since") else "")
    return str(holder.get("raw"))


@contextmanager
def run_lock(db_path: Path, *, wait: float = 0.0) -> Iterator[RunLock]:
    """Hold the run lock of ``db_path``; wait up to ``wait`` seconds for it, then raise RunInProgress."""
    path = lock_path(db_path).resolve()
    with _held_guard:
        held = _held.get(path)
    if held is not None:  # this process holds it already (the CLI, around the flow it runs)
        yield held
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as handle:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise RunInProgress(
                        f"another geowire run is using {db_path} ({_describe(_read_holder(handle))}); "
                        f"wait for it to finish, or pass a longer --wait") from None
                time.sleep(0.2)
        lock = RunLock(handle, dead_holder=_read_holder(handle))
        lock.note(pid=os.getpid(), since=datetime.now(UTC).isoformat(timespec="seconds"))
        with _held_guard:
            _held[path] = lock
        try:
            yield lock
        finally:
            with _held_guard:
                del _held[path]
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)
