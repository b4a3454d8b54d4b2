"""Per-host politeness and failure isolation for one run: concurrency, spacing, circuit breaker.

Every request takes a *slot*: first one of the host's ``per_host`` places, then the
host's turn (request starts are spaced by the host's delay, which robots.txt's
``Crawl-delay`` and a ``Retry-After`` can raise), and only then one of the
``global_cap`` places, so a worker waiting for a slow host never holds a global place.

The circuit breaker counts consecutive failed attempts per host; at ``threshold``
the host is *open* for the rest of the run and its URLs fail at once with
``CircuitOpen``, so one dead site cannot eat a run's time in timeouts.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from scrapers.errors import CircuitOpen

__all__ = ["HostThrottle"]


@dataclass(slots=True)
class _Host:
    slots: asyncio.Semaphore
    delay: float
    turn: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float = 0.0
    failures: int = 0
    last_failure: str = ""


class HostThrottle:
    """Slots, spacing and circuit state for every host of one run (one event loop)."""

    def __init__(self, *, per_host: int, global_cap: int, delay: float, threshold: int) -> None:
        self._per_host = per_host
        self._global = asyncio.Semaphore(global_cap)
        self._delay = delay
        self._threshold = threshold
        self._hosts: dict[str, _Host] = {}

    def _host(self, host: str) -> _Host:
        state = self._hosts.get(host)
        if state is None:
            state = self._hosts[host] = _Host(slots=asyncio.Semaphore(self._per_host), delay=self._delay)
        return state

    def set_delay(self, host: str, delay: float) -> None:
        """Space requests to ``host`` by at least ``delay`` seconds (never below the configured minimum)."""
        state = self._host(host)
        state.delay = max(self._delay, delay)

    def defer(self, host: str, seconds: float) -> None:
        """Start no request to ``host`` for ``seconds`` (a ``Retry-After`` applies to the whole host)."""
        state = self._host(host)
        state.next_start = max(state.next_start, asyncio.get_running_loop().time() + seconds)

    def is_open(self, host: str) -> bool:
        return self._host(host).failures >= self._threshold

    def check_circuit(self, host: str) -> None:
        state = self._host(host)
        if self.is_open(host):
            raise CircuitOpen(
                f"{host}: {state.failures} consecutive failures this run (last: {state.last_failure}); not trying again"
            )

    def record(self, host: str, failure: str | None) -> None:
        """Count a failed attempt (``failure`` = its reason code) or reset the count on success."""
        state = self._host(host)
        if failure is None:
            state.failures = 0
        else:
            state.failures += 1
            state.last_failure = failure

    @contextlib.asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        """Wait for a place at ``host``, for its turn, then for a global place; fails fast if its circuit is open."""
        state = self._host(host)
        loop = asyncio.get_running_loop()
        async with state.slots:
            async with state.turn:
                self.check_circuit(host)
                wait = state.next_start - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                    self.check_circuit(host)  # it may have opened while we waited
                state.next_start = loop.time() + state.delay
            async with self._global:
                yield
