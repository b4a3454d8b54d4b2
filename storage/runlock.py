"""One scrape run per database file at a time.

A scheduled run that finds the previous one still going should not start a
second crawl of the same sources. A run therefore holds an advisory lock on
``<db>.run.lock`` for its whole duration; the lock is released by the kernel
when the process dies, so a SIGKILLed run never leaves a stale lock behind.

Workers (``geowire run --worker``) share the frontier on purpose — its leases
hand each URL to one of them — so they hold the lock *shared*: any number of
workers at once, but never together with an ordinary run.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import IO

from scrapers.errors import StorageError


class RunInProgress(StorageError):
    """Another run holds this database; the message says which process and since when."""

    reason = "storage.run_in_progress"


JOIN_WAIT = 30.0  # seconds a worker waits at least for the lock (see run_lock)


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


@contextmanager
def run_lock(db_path: Path, *, wait: float = 0.0, shared: bool = False,
             when_alone: Callable[[], object] | None = None) -> Iterator[None]:
    """Hold the run lock of ``db_path`` (``shared`` for a worker); wait up to ``wait`` seconds for
    it, then raise RunInProgress. ``when_alone`` is called, before any other worker can join, when
    no other run or worker holds the lock: then whatever they left behind (frontier leases) belongs
    to dead processes."""
    path = lock_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as handle:
        # A worker that starts alone holds the lock exclusively while it clears old leases: another
        # worker starting at the same moment waits that out instead of giving up at once.
        deadline = time.monotonic() + (max(wait, JOIN_WAIT) if shared else wait)
        while not _try_lock(handle, shared, when_alone):
            if time.monotonic() >= deadline:
                handle.seek(0)
                holder = handle.read().strip() or "geowire workers"
                raise RunInProgress(
                    f"another geowire run is using {db_path} ({holder}); "
                    f"wait for it to finish, or pass a longer --wait") from None
            time.sleep(0.2)
        if shared:  # the holder line names an exclusive run only: any left is stale
            handle.truncate(0)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
            return
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"pid": os.getpid(), "since": datetime.now(timezone.utc).isoformat(
            timespec="seconds")}))
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)
