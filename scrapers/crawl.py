"""Fetch → extract → normalise for the URLs of a source, and the pipeline that keeps every core busy.

Pure of Prefect and of storage: the caller says how to claim URLs from the frontier and
how to land a group of outcomes; every URL comes out as one ``Outcome`` — never an
exception for a single bad page — so every URL ends in a recorded state with a reason.

``Pipeline`` overlaps three stages, each on the resource it needs:

* fetching on the event loop (async I/O; the ``Fetcher`` keeps every politeness rule);
* extraction in a process pool sized to the machine: a page goes over as bytes and its
  record comes back with the body packed for the archive, so the CPU-heavy part never
  holds the event loop's GIL;
* landing on one writer thread (DuckDB takes one writer at a time, and its queries
  release the GIL), one transaction per group of outcomes.

A page moves on as soon as its stage is done, so the fetches of the next group, the
extraction of this one and the landing of the previous one run at the same time and no
group waits for its slowest page. Outcomes gather while the writer is busy and go to it
as one transaction when it is free (group commit), so a busy writer pays its per-transaction
costs less often. Back-pressure bounds memory per source, so that a slow, polite host never
holds back another source's: a source has at most ``CLAIMED_BATCHES × batch_size`` URLs
claimed and not yet landed, of which at most ``raw_pages`` hold a page's bytes (being fetched,
or fetched and waiting for a worker); the rest are compact records. A kill (even SIGKILL)
leaves each group wholly landed or wholly still queued in the frontier.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import dataclasses
import gc
import hashlib
import itertools
import multiprocessing
import os
import select
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Generic, Protocol, Self, TypeVar

from isal import isal_zlib

from scrapers.encoding import charset_from_content_type, decode_html
from scrapers.errors import GeowireError, HTTPStatusError, PageState
from scrapers.extract import Rules, extract_article
from scrapers.models import Article, Page, pickled_by_fields
from scrapers.normalise import contract_violation, normalise
from scrapers.prepare import prepare
from scrapers.similarity import fingerprint

T = TypeVar("T")


class PageFetcher(Protocol):
    """What the crawl fetches with (``scrapers.fetch.Fetcher``): it asks for pages with ``decode=False``,
    since the extractor parses a UTF-8 page's bytes and needs no text of them."""

    async def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
                    decode: bool = True) -> Page: ...


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class FetchTask:
    """One URL to fetch, with what earlier runs and the listings know about it."""

    url: str  # the canonical key the outcome is recorded under
    fetch_url: str | None = None  # the spelling to request, when it differs from the key
    etag: str | None = None
    last_modified: str | None = None
    hints: tuple[tuple[str, str], ...] = ()  # (kind, raw date) from feeds and sitemaps


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class ExtractSettings:
    """What extraction needs to know about a page's source (travels with each page to a worker)."""

    timezone_name: str | None = None  # for page dates printed without an offset
    language: str | None = None
    rules: Rules | Mapping[str, Any] | None = None  # the source's own extractor rules


# The archive's bodies are zlib streams (any zlib reads them back), made by ISA-L's deflate (``isal``) at its
# level 1: on the generated site's 60-120 KB pages 86 µs a page against 341 for zlib's own level 1, at the
# same ratio (6.3x); zlib's default level 6 reaches ~7x for three times zlib 1's CPU.
COMPRESSION_LEVEL = 1


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class PackedBody:
    """A response body as the raw-page archive keeps it: made where the page is extracted, so
    that the landing writer (one thread for the whole run) neither hashes nor compresses."""

    sha256: str
    compressed: bytes  # zlib
    size: int

    @classmethod
    def of(cls, content: bytes) -> PackedBody:
        return cls(hashlib.sha256(content).hexdigest(), isal_zlib.compress(content, COMPRESSION_LEVEL), len(content))


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one URL."""

    url: str
    state: PageState
    reason: str | None = None
    detail: str | None = None
    http_status: int | None = None
    attempts: int = 0
    fetched_at: datetime | None = None
    article: Article | None = None
    page: Page | None = field(default=None, repr=False)
    body: PackedBody | None = field(default=None, repr=False)  # the page's body, packed (else read from page)

    @property
    def etag(self) -> str | None:
        return self.page.headers.get("etag") if self.page and self.page.status == 200 else None

    @property
    def last_modified(self) -> str | None:
        return self.page.headers.get("last-modified") if self.page and self.page.status == 200 else None


def process_page(page: Page, task: FetchTask, *, timezone_name: str | None = None,
                 language: str | None = None, rules: Rules | Mapping[str, Any] | None = None) -> Outcome:
    """Extract and normalise one fetched page into an Outcome (``landed`` is provisional:
    storage turns it into ``unchanged`` when the content hash has not moved). A record
    that breaks the data contract comes back ``skipped`` with its article attached,
    for storage to quarantine."""

    def outcome(state: PageState, reason: str | None = None, detail: str | None = None,
                article: Article | None = None) -> Outcome:
        return Outcome(url=task.url, state=state, reason=reason, detail=detail, http_status=page.status,
                       attempts=page.attempts, fetched_at=page.fetched_at, article=article, page=page)

    if page.not_modified:
        return outcome("unchanged", "fetch.not_modified")
    # UTF-8 pages reach the parser as the fetched bytes, sparing a re-encoding of the decoded text.
    html: str | bytes = page.content if page.encoding == "utf-8" else page.text
    if language and page.encoding != "utf-8":  # an undeclared charset may read otherwise in the source's language
        html = decode_html(page.content, charset_from_content_type(page.headers.get("content-type")),
                           language=language)[0]
    article = extract_article(html, page.url, page.fetched_at, timezone=timezone_name,
                              rules=rules, date_hints=task.hints)
    if not article.is_article:
        return outcome("skipped", article.reason or "extract.not_article",
                       "the page is not an article (listing, tag or index page)")
    if not article.body.strip():
        return outcome("failed", article.reason or "extract.empty_body", "no article text found", article)
    article = normalise(article, fetched_url=page.url, language=language)
    violation = contract_violation(article, page.fetched_at)
    if violation is not None:
        return outcome("skipped", violation[0], violation[1], article)
    # Per-page work for stories, hashes and the search index is done here, beside extraction (in a
    # worker process during a crawl), so that the one landing writer only inserts, joins and compares.
    return outcome("landed", article=article.replace(fingerprint=fingerprint(article.body, article.language),
                                                     prepared=prepare(article)))


def failure(task: FetchTask, exc: GeowireError) -> Outcome:
    """The Outcome of a URL whose fetch raised."""
    return Outcome(
        url=task.url, state=exc.state, reason=exc.reason, detail=str(exc),
        http_status=exc.status if isinstance(exc, HTTPStatusError) else None,
        attempts=getattr(exc, "attempts", 1), fetched_at=datetime.now(UTC),
    )


def _extract_failure(page: Page, task: FetchTask, state: PageState, reason: str, detail: str) -> Outcome:
    return Outcome(url=task.url, state=state, reason=reason, detail=detail, http_status=page.status,
                   attempts=page.attempts, fetched_at=page.fetched_at, page=page)


def extract_outcome(page: Page, task: FetchTask, settings: ExtractSettings) -> Outcome:
    """``process_page``, except that an error costs this page only: it becomes the page's Outcome."""
    try:
        return process_page(page, task, timezone_name=settings.timezone_name, language=settings.language,
                            rules=settings.rules)
    except GeowireError as exc:
        return _extract_failure(page, task, exc.state, exc.reason, str(exc))
    except Exception as exc:  # an extractor bug must cost one page, not the run
        return _extract_failure(page, task, "failed", "extract.error", f"{type(exc).__name__}: {exc}")


async def _fetch(fetcher: PageFetcher, task: FetchTask, prefetched: Mapping[str, Page]) -> Page | Outcome:
    """The task's page (taken from ``prefetched`` when discovery already has it), or its failure."""
    page = prefetched.get(task.url)
    if page is not None:
        return page
    try:
        return await fetcher.fetch(task.fetch_url or task.url, etag=task.etag, last_modified=task.last_modified,
                                   decode=False)
    except GeowireError as exc:
        return failure(task, exc)


async def crawl(tasks: Sequence[FetchTask], fetcher: PageFetcher, *, settings: ExtractSettings | None = None,
                prefetched: Mapping[str, Page] | None = None) -> list[Outcome]:
    """Fetch, extract and normalise a few tasks concurrently, extracting in this process.

    The simple form, for a handful of pages or a library user; a run uses ``Pipeline``.
    ``prefetched`` pages (fetched during discovery, e.g. an ad-hoc article URL) are used
    as they are instead of being fetched a second time.
    """

    async def one(task: FetchTask) -> Outcome:
        fetched = await _fetch(fetcher, task, prefetched or {})
        if isinstance(fetched, Outcome):
            return fetched
        return extract_outcome(fetched, task, settings or ExtractSettings())

    return list(await asyncio.gather(*(one(task) for task in tasks)))


# ---------------------------------------------------------------- the pipeline


def _end_with(parent: int) -> None:
    """Pool initializer: the worker ends when the process that started the pool does, even by
    SIGKILL — a pool worker would otherwise wait for work forever (and keep the fork server alive)."""

    def watch() -> None:
        try:
            handle = os.pidfd_open(parent)  # Linux: readable once the process has ended
        except (AttributeError, OSError):  # elsewhere: look every second
            while True:
                time.sleep(1.0)
                try:
                    os.kill(parent, 0)
                except ProcessLookupError:
                    break
                except PermissionError:
                    continue
        else:
            select.select([handle], [], [])
        os._exit(0)

    threading.Thread(target=watch, name="geowire-parent-watch", daemon=True).start()


# Modules the pool's fork server imports once for every worker it starts: ``scrapers.warm``, which imports the
# extractor (this module) and extracts a small page, so that what the extractor builds on first use (its lazy
# tables, the fingerprints' MinHash, the search index's stemmer) is built once, there, and every worker forked
# from it starts with it (sharing its memory) instead of building its own.
_FORKSERVER_PRELOAD = ["scrapers.warm"]
_WARM_UP_PAGE = Page(
    url="http://localhost/warm", requested_url="http://localhost/warm", status=200,
    headers={"content-type": "text/html; charset=utf-8"}, text="", encoding="utf-8",
    fetched_at=datetime(2024, 1, 1, tzinfo=UTC),
    content=(b"<html lang='en'><head><title>Warm up</title></head><body><article><h1>Warm up</h1>"
             + b"<p>The council met in Berlin on Monday to discuss the budget for the coming year.</p>" * 4
             + b"</article></body></html>"))


def warm_up() -> None:
    """Pay the extractor's one-time costs (lazy tables of the extractor, of fingerprints and of the search
    index) before the first real page."""
    extract_outcome(_WARM_UP_PAGE, FetchTask(url=_WARM_UP_PAGE.url), ExtractSettings())


def _start_worker() -> int:
    """The pool's first task for each worker, so that all of them start while discovery runs: forked from
    a warm fork server (``scrapers.warm``), a worker has nothing left to build."""
    return os.getpid()


def _extract_in_worker(page: Page, task: FetchTask, settings: ExtractSettings) -> tuple[Outcome, float]:
    """Runs in a pool process: the Outcome with its body packed for the archive, without the page
    (the caller still has what it needs of it), and the CPU it took."""
    started = time.thread_time()
    outcome = extract_outcome(page, task, settings)
    outcome = dataclasses.replace(outcome, page=None, body=PackedBody.of(page.content))
    return outcome, time.thread_time() - started


def _extract_group_in_worker(jobs: list[tuple[Page, FetchTask, ExtractSettings]]) -> list[tuple[Outcome, float]]:
    """Runs in a pool process: a group of pages in one pool task, so the main process pays the
    pool's per-task cost (a wake-up and its manager thread's work, under the main process's GIL)
    once per group. A page whose extractor raises costs only that page (``extract_outcome``)."""
    return [_extract_in_worker(*job) for job in jobs]


def _heap_trimmer() -> Callable[[], object]:
    """glibc's ``malloc_trim(0)``, or nothing elsewhere. A landing transaction allocates and frees
    tens of MB (DuckDB, Arrow, the group's records) in the writer thread's malloc arena, which keeps
    the freed pages: without giving them back after each transaction, a run's RSS creeps up with its length."""
    try:
        trim = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return lambda: None
    trim.argtypes = [ctypes.c_size_t]
    return lambda: trim(0)


_trim_heap = _heap_trimmer()


def machine_workers() -> int:
    """Extraction processes for this machine: one per core this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class _Busy:
    """Wall time during which at least one job of a stage was in progress (overlapping jobs count once)."""

    __slots__ = ("active", "seconds", "since")

    def __init__(self) -> None:
        self.active = 0
        self.since = 0.0
        self.seconds = 0.0

    def __enter__(self) -> None:
        if self.active == 0:
            self.since = time.monotonic()
        self.active += 1

    def __exit__(self, *exc_info: object) -> None:
        self.active -= 1
        if self.active == 0:
            self.seconds += time.monotonic() - self.since


@dataclass(slots=True)
class StageTimes:
    """Where a run's time went. ``*_busy``: wall seconds during which the stage had work in
    progress (the stages overlap, so these add up to more than the run); ``*_cpu``: CPU seconds."""

    workers: int = 0
    pages: int = 0
    fetch_busy: float = 0.0
    extract_busy: float = 0.0
    extract_cpu: float = 0.0  # summed over the worker processes
    extract_groups: int = 0  # pool tasks the pages went to the workers in
    land_busy: float = 0.0
    land_cpu: float = 0.0  # the writer thread's own CPU (DuckDB's threads come on top)
    claim_busy: float = 0.0  # reading the frontier
    transactions: int = 0  # groups landed
    held_back: float = 0.0  # seconds sources waited for landing to catch up before claiming more

    def describe(self) -> str:
        return (f"{self.pages} pages: fetch {self.fetch_busy:.1f} s busy; extract {self.extract_busy:.1f} s busy, "
                f"{self.extract_cpu:.1f} CPU-s in {self.workers} processes, {self.extract_groups} pool tasks; "
                f"land {self.land_busy:.1f} s busy, "
                f"{self.land_cpu:.1f} CPU-s on the writer, {self.transactions} transactions; "
                f"frontier reads {self.claim_busy:.1f} s; sources held back by landing {self.held_back:.1f} s")


# The longest a thread of this process holds the GIL while another wants it, during a crawl (Python's
# default: 5 ms). The event loop gives up the GIL at every socket call, and the landing writer, the
# pool's feeder threads and DuckDB's callers take it meanwhile: with the default, a busy writer made
# the loop wait up to 5 ms after each call (a 3,000-page crawl measured 2.8 ms a send, 0.66 ms a recv;
# at 0.5 ms, 2.2 and 0.27).
SWITCH_INTERVAL = 0.0005

# The cyclic garbage collector's thresholds during a crawl (Python's default: 700, 10, 10). The run's process
# holds ~150,000 collectable objects of its imports and Prefect's before the crawl begins: frozen then
# (``gc.freeze``), so that the full collections a crawl sets off no longer walk them all; and fewer, larger
# collections of young objects (most of a page's die by reference counting before one comes). A 3,000-page
# `geowire run` spent 1.4 CPU-s of its process in the collector, 0.57 with both (0.72 with the freeze alone).
GC_THRESHOLD = (20_000, 20, 20)

Claim = Callable[[int, AbstractSet[str]], Sequence[FetchTask]]  # (how many, URLs in flight) -> the next tasks
CLAIMED_BATCHES = 4  # batches a source may have claimed and not yet landed
WORKER_RETRIES = 2  # a page whose extraction worker died is tried this many more times
EXTRACT_GROUP = 16  # the most pages in one pool task
GROUPS_PER_WORKER = 2  # pool tasks in flight per worker: one running, one queued behind it


@dataclass(slots=True)
class _Job:
    """A page waiting for, or with, the extraction pool."""

    page: Page
    task: FetchTask
    settings: ExtractSettings
    done: asyncio.Future[tuple[Outcome, float]]
    alone: bool  # a retry after a worker died: goes alone into an idle pool, so it can only fail itself


class Pipeline:
    """One run's crawl machinery, shared by all its sources: the fetcher, the extraction
    pool and the landing writer. Use as an async context manager, then ``crawl`` each source
    (concurrently, as they like).

    The pool's processes are started by a fork server that has imported the extractor
    once: safe in a process with threads (Prefect's), and cheap per worker; they start
    in the background as the pipeline is entered, while discovery runs.
    """

    def __init__(self, fetcher: PageFetcher, *, workers: int | None = None, batch_size: int = 100,
                 raw_pages: int = 64, flush_after: float = 10.0) -> None:
        self.fetcher = fetcher
        self.workers = workers or machine_workers()
        self.batch_size = batch_size
        # Seconds an outcome may wait for more to land with: a polite source brings a page a second
        # or so, and a transaction costs ~0.1 CPU-s whatever its size.
        self.flush_after = flush_after
        self.times = StageTimes(workers=self.workers)
        self.raw_pages = raw_pages
        self._fetching = _Busy()
        self._extracting = _Busy()
        self._pool: asyncio.Future[ProcessPoolExecutor] | None = None
        self._writer: ThreadPoolExecutor | None = None
        self._waiting: list[_Job] = []  # pages fetched, not yet sent to the pool
        self._groups: set[asyncio.Task[None]] = set()  # pool tasks in flight
        self._dispatching = False  # a dispatch is scheduled on the loop

    async def __aenter__(self) -> Self:
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(min(SWITCH_INTERVAL, self._switch_interval))
        self._gc_threshold = gc.get_threshold()
        gc.freeze()
        gc.set_threshold(*GC_THRESHOLD)
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="geowire-writer")
        self._pool = asyncio.ensure_future(asyncio.to_thread(self._start_pool))
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self._waiting.clear()
        for group in self._groups:  # left by a source that failed: no page waits for them
            group.cancel()
        await asyncio.gather(*self._groups, return_exceptions=True)
        executors: list[Executor] = [self._writer] if self._writer else []
        if self._pool is not None:
            with contextlib.suppress(Exception):  # a pool that failed to start has nothing to stop
                executors.append(await self._pool)
        for executor in executors:
            await asyncio.to_thread(executor.shutdown, wait=True, cancel_futures=True)
        sys.setswitchinterval(self._switch_interval)
        gc.set_threshold(*self._gc_threshold)
        gc.unfreeze()
        self.times.fetch_busy = self._fetching.seconds
        self.times.extract_busy = self._extracting.seconds

    def _start_pool(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_FORKSERVER_PRELOAD)
        pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_end_with, initargs=(os.getpid(),))
        for future in [pool.submit(_start_worker) for _ in range(self.workers)]:
            future.result()
        return pool

    async def _replace_pool(self, broken: ProcessPoolExecutor) -> None:
        """Start a new pool after a worker died (the first page to notice does it, once)."""
        assert self._pool is not None
        if self._pool.done() and self._pool.result() is broken:
            self._pool = asyncio.ensure_future(asyncio.to_thread(self._start_pool))
            broken.shutdown(wait=False, cancel_futures=True)
        await self._pool

    async def extract(self, page: Page, task: FetchTask, settings: ExtractSettings) -> Outcome:
        """The page's Outcome, extracted in a worker process (a 304 needs no extraction). The
        Outcome keeps the page's headers and the packed body, not the page's text or bytes."""
        if page.not_modified:
            return extract_outcome(page, task, settings)
        # The parser reads UTF-8 bytes as they are, other pages as decoded text: the text goes only then
        # (the crawl's own fetches come without a UTF-8 page's text; a prefetched page may have it).
        sent = dataclasses.replace(page, text="") if page.encoding == "utf-8" and page.text else page
        kept = dataclasses.replace(page, text="", content=b"")
        loop = asyncio.get_running_loop()
        alone, deaths = False, 0
        while deaths <= WORKER_RETRIES:
            job = _Job(sent, task, settings, loop.create_future(), alone)
            self._waiting.append(job)
            if not self._dispatching:
                self._dispatching = True
                loop.call_soon(self._dispatch)
            try:
                outcome, cpu = await job.done
            except BrokenProcessPool:
                # A worker died with the page's group: which page did it is known only once the
                # page goes alone, into an otherwise idle pool.
                deaths += 1 if alone else 0
                alone = True
                continue
            self.times.extract_cpu += cpu
            return dataclasses.replace(outcome, page=kept)
        return _extract_failure(kept, task, "failed", "extract.error",
                                f"the extraction worker process died on this page {deaths} times")

    def _dispatch(self) -> None:
        """Send the waiting pages to the pool in groups. Pages go as soon as the loop has nothing
        else ready and the pool has a free place: with the pool keeping up, groups are as small as
        what arrived together; with it busy, pages gather and go in larger groups (up to
        EXTRACT_GROUP), spread evenly over the free places so every worker gets some. After a
        worker died, the pages it held go first, one at a time into an idle pool: a page that
        kills its worker then kills no other page with it."""
        self._dispatching = False
        self._waiting = [job for job in self._waiting if not job.done.done()]  # drop cancelled pages
        suspect = next((job for job in self._waiting if job.alone), None)
        if suspect is not None:
            if not self._groups:
                self._waiting.remove(suspect)
                self._send([suspect])
            return
        free = self.workers * GROUPS_PER_WORKER - len(self._groups)
        while self._waiting and free > 0:
            size = min(EXTRACT_GROUP, -(-len(self._waiting) // free))
            group, self._waiting = self._waiting[:size], self._waiting[size:]
            self._send(group)
            free -= 1

    def _send(self, group: list[_Job]) -> None:
        self.times.extract_groups += 1
        running = asyncio.ensure_future(self._extract_group(group))
        self._groups.add(running)
        running.add_done_callback(self._group_done)

    def _group_done(self, running: asyncio.Task[None]) -> None:
        self._groups.discard(running)
        self._dispatch()

    async def _extract_group(self, group: list[_Job]) -> None:
        """One pool task for the group; every page hears its own result, or the group's error (a
        dead worker: BrokenProcessPool, which sends each page back alone)."""
        assert self._pool is not None
        loop = asyncio.get_running_loop()
        results: list[tuple[Outcome, float]] = []
        error: Exception | None = None  # none, with no result: the group was cancelled
        try:
            pool = await self._pool
            try:
                with self._extracting:
                    results = await loop.run_in_executor(
                        pool, _extract_group_in_worker, [(job.page, job.task, job.settings) for job in group])
            except BrokenProcessPool as exc:
                error = exc
                await self._replace_pool(pool)
        except Exception as exc:  # the pool failed to start, a page failed to pickle: its pages hear it
            error = exc
        finally:  # whatever happened (cancellation included), no page is left waiting
            for job, result in itertools.zip_longest(group, results):
                if job.done.done():
                    continue
                if result is not None:
                    job.done.set_result(result)
                elif error is not None:
                    job.done.set_exception(error)
                else:
                    job.done.cancel()

    def _land(self, land: Callable[[list[Outcome]], T], group: list[Outcome]) -> T:
        """Runs on the writer thread."""
        started, cpu = time.monotonic(), time.thread_time()
        try:
            return land(group)
        finally:
            _trim_heap()
            self.times.land_busy += time.monotonic() - started
            self.times.land_cpu += time.thread_time() - cpu

    async def crawl(self, claim: Claim, land: Callable[[list[Outcome]], T], settings: ExtractSettings, *,
                    budget: int, prefetched: Mapping[str, Page] | None = None,
                    landed: Callable[[T, int], None] | None = None) -> None:
        """Crawl up to ``budget`` URLs of one source: ``claim(n, in_flight)`` gives the next
        tasks from the frontier (none of ``in_flight``; runs on a thread), ``land(outcomes)``
        records a group in one transaction (on the writer thread; an exception stops this
        source, its unlanded URLs staying queued), and ``landed(result, pages)`` hears of
        each group landed (on the event loop)."""
        await _SourceCrawl(self, claim, land, settings, prefetched or {}, landed).run(budget)


class _SourceCrawl(Generic[T]):
    """One source's URLs through the pipeline."""

    def __init__(self, pipeline: Pipeline, claim: Claim, land: Callable[[list[Outcome]], T],
                 settings: ExtractSettings, prefetched: Mapping[str, Page],
                 landed: Callable[[T, int], None] | None) -> None:
        self.pipeline = pipeline
        self.claim = claim
        self.land = land
        self.settings = settings
        self.prefetched = prefetched
        self.landed = landed
        self.in_flight: set[str] = set()  # claimed, not yet landed
        self.pending = 0  # claimed, outcome not yet known
        self.claiming = True
        self.group: list[Outcome] = []  # outcomes waiting for the writer
        self.landing = False  # a group of this source is with the writer
        self.overdue = False  # the oldest waiting outcome has waited flush_after seconds
        self.timer: asyncio.TimerHandle | None = None
        self.progress = asyncio.Event()  # set whenever a group lands
        self.tasks: asyncio.TaskGroup | None = None
        self.raw = asyncio.Semaphore(pipeline.raw_pages)  # places for pages' bytes

    async def run(self, budget: int) -> None:
        try:
            async with asyncio.TaskGroup() as tasks:
                self.tasks = tasks
                await self._claim_all(budget)
        except BaseExceptionGroup as group:  # the first real error, as a plain exception
            while isinstance(group, BaseExceptionGroup):
                group = group.exceptions[0]
            raise group from None
        finally:
            if self.timer is not None:
                self.timer.cancel()

    async def _claim_all(self, budget: int) -> None:
        batch = self.pipeline.batch_size
        times = self.pipeline.times
        claimed = 0
        while claimed < budget:
            started = time.monotonic()
            # Back-pressure: claim again once two batches have room, then fill up in one frontier
            # read (reads wait for the writer's transaction: the fewer, the better).
            while len(self.in_flight) > (CLAIMED_BATCHES - 2) * batch:
                self.progress.clear()
                await self.progress.wait()
            times.held_back += time.monotonic() - started
            started = time.monotonic()
            wanted = min(CLAIMED_BATCHES * batch - len(self.in_flight), budget - claimed)
            tasks = await asyncio.to_thread(self.claim, wanted, frozenset(self.in_flight))
            times.claim_busy += time.monotonic() - started
            if not tasks:
                break
            assert self.tasks is not None
            for task in tasks:
                self.in_flight.add(task.url)
                self.pending += 1
                self.tasks.create_task(self._page(task))
            claimed += len(tasks)
        self.claiming = False
        self._flush()

    async def _page(self, task: FetchTask) -> None:
        async with self.raw:  # a page's bytes are held from its fetch until a worker has packed them
            with self.pipeline._fetching:
                fetched = await _fetch(self.pipeline.fetcher, task, self.prefetched)
            outcome = (fetched if isinstance(fetched, Outcome)
                       else await self.pipeline.extract(fetched, task, self.settings))
        self.pending -= 1
        self.group.append(outcome)
        self._flush()

    def _flush(self) -> None:
        """Group commit: while the source's previous group is with the writer, outcomes gather;
        then everything gathered goes as the next group (up to batch_size), as soon as there
        is a quarter batch, or the source is done, or the oldest has waited ``flush_after`` s.
        A busy writer thus gets fewer, larger transactions, and an idle one gets pages early."""
        if self.landing or not self.group:
            return
        pipeline = self.pipeline
        done = not self.claiming and self.pending == 0
        if not (done or self.overdue or len(self.group) >= pipeline.batch_size // 4):
            if self.timer is None:
                self.timer = asyncio.get_running_loop().call_later(pipeline.flush_after, self._overdue)
            return
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        group, self.group = self.group[:pipeline.batch_size], self.group[pipeline.batch_size:]
        self.landing, self.overdue = True, False
        assert self.tasks is not None
        self.tasks.create_task(self._land(group))

    def _overdue(self) -> None:
        self.timer = None
        self.overdue = True
        self._flush()

    async def _land(self, group: list[Outcome]) -> None:
        pipeline = self.pipeline
        result = await asyncio.get_running_loop().run_in_executor(pipeline._writer, pipeline._land, self.land, group)
        pipeline.times.pages += len(group)
        pipeline.times.transactions += 1
        self.in_flight.difference_update(outcome.url for outcome in group)
        self.landing = False
        self.progress.set()
        if self.landed is not None:
            self.landed(result, len(group))
        self._flush()
