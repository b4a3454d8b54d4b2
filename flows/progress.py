"""Progress of a run, for people watching a terminal.

The flow reports through whatever reporter is installed; scheduled runs have
none (their progress is in the Prefect UI and logs), ``geowire run``/``demo``
install a rich progress bar when standard error is a terminal.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn


class Reporter(Protocol):
    def planned(self, source: str, pages: int) -> None: ...

    def advance(self, source: str, pages: int) -> None: ...


class _Silent:
    def planned(self, source: str, pages: int) -> None:
        pass

    def advance(self, source: str, pages: int) -> None:
        pass


_reporter: Reporter = _Silent()


def reporter() -> Reporter:
    """The installed reporter (a silent one unless a CLI installed a progress bar)."""
    return _reporter


class _RichReporter:
    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[str, TaskID] = {}

    def planned(self, source: str, pages: int) -> None:
        self.tasks[source] = self.progress.add_task(source, total=pages)

    def advance(self, source: str, pages: int) -> None:
        self.progress.advance(self.tasks[source], pages)


@contextmanager
def progress_bars(console: Console) -> Iterator[None]:
    """Show one bar per source while the block runs (only on a terminal)."""
    global _reporter  # noqa: PLW0603 - the one installed reporter, read by the flow's tasks
    if not console.is_terminal:
        yield
        return
    columns = (TextColumn("{task.description:>16}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        _reporter = _RichReporter(progress)
        try:
            yield
        finally:
            _reporter = _Silent()
