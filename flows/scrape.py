"""The scrape flow: one Prefect flow run per scheduled run, a few tasks per source.

Prefect stays at this edge. Each task wraps one library call for one source
(discover, enqueue, crawl); pages and batches are never Prefect tasks of their
own, since a task run costs ~5 ms in the client and far more on the server.
Sources run concurrently through one ``Pipeline`` (``scrapers.crawl``): a shared
``Fetcher`` enforces the global and per-host limits across all of them, one
process pool extracts for all of them and one writer thread lands for all of them.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Callable, Set
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from prefect import flow, get_run_logger, task
from prefect.artifacts import acreate_markdown_artifact, acreate_table_artifact
from prefect.cache_policies import NONE
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote

from flows.progress import reporter
from scrapers.crawl import Claim, ExtractSettings, FetchTask, Outcome, Pipeline, StageTimes
from scrapers.discover import DiscoveryResult, discover, discover_urls
from scrapers.errors import AddressRefused, ConfigError, FetchError, GeowireError
from scrapers.fetch import Fetcher, Politeness
from scrapers.models import Page
from scrapers.netguard import check_url
from scrapers.sources import Settings, Source, load_sources
from storage import land as landing
from storage import leases
from storage.db import Database
from storage.land import Counts
from storage.maintenance import mark_abandoned
from storage.runlock import RunLock, run_lock


class SourceFailed(GeowireError):
    """A source's work stopped on an error (after the task's retries); ``summary`` is what the run did."""

    reason = "run.source_failed"

    def __init__(self, message: str, summary: RunSummary) -> None:
        super().__init__(message)
        self.summary = summary


# Landing groups are 1/4 to 1 batch (group commit); a transaction costs ~0.1 CPU-s on top of its
# pages, so a busy writer takes them large; larger ones make DuckDB's transient memory grow. Bounds
# memory (4 batches in flight) and what a kill can undo.
BATCH_SIZE = 250
LAND_RETRIES = 3  # a group whose transaction failed (and rolled back whole) is tried again this often
LAND_RETRY_DELAY = 2.0
LEASE_POLL = 1.0  # seconds between looks at a source another worker holds
# Task inputs are wrapped in quote(): Prefect would otherwise walk every page and record of a batch
# looking for futures to resolve, which costs more than the work itself.
# Every database call goes through a thread (asyncio.to_thread, or the pipeline's writer): a blocking
# call on the event loop would stop every source's fetching while it waits.


@task(name="discover", cache_policy=NONE, retries=1, retry_delay_seconds=2)
async def discover_task(db: Database, source: Source, fetcher: Fetcher, seed_urls: list[str] | None = None
                        ) -> DiscoveryResult:
    """Read the source's feeds, sitemaps and listings (or one ad-hoc URL), with conditional GETs."""
    if seed_urls:
        return await discover_urls(seed_urls, source, fetcher.fetch)
    known = await asyncio.to_thread(landing.feed_states, db, source.name)

    async def fetch(url: str) -> Page:
        state = known.get(url)
        if state is None:
            return await fetcher.fetch(url)
        return await fetcher.fetch(url, etag=state.etag, last_modified=state.last_modified)

    return await discover(source, fetch, known=known)


@task(name="enqueue", cache_policy=NONE, retries=2, retry_delay_seconds=1)
async def enqueue_task(db: Database, run_id: str, source: Source, found: DiscoveryResult) -> Counts:
    """Record every discovered URL in the frontier before fetching any of them."""
    return await asyncio.to_thread(landing.enqueue, db, run_id, source.name, found.found, found.failures, found.read,
                                   found.listed_in)


def _claimer(db: Database, source: str) -> Claim:
    def claim(limit: int, in_flight: Set[str]) -> list[FetchTask]:  # on a thread: it may wait
        # A URL stays queued until it lands, but this worker's lease keeps it out of the next claim,
        # so the pages in flight (``in_flight``) never come back. An empty claim ends the source,
        # unless another worker holds it: then its pages land, or return when its lease lapses.
        while True:
            batch = landing.next_batch(db, source, limit)
            if batch or not leases.held_elsewhere(db, source, leases.worker_id()):
                return batch
            time.sleep(LEASE_POLL)
    return claim


def _lander(db: Database, run_id: str, source: Source, logger: logging.Logger | logging.LoggerAdapter
            ) -> Callable[[list[Outcome]], Counts]:
    def land(outcomes: list[Outcome]) -> Counts:  # on the pipeline's writer thread
        attempt = 0
        while True:
            try:
                return landing.land(db, run_id, source.name, outcomes, source.page_settings)
            except Exception as exc:  # the transaction rolled back whole: try it again
                attempt += 1
                if attempt > LAND_RETRIES:
                    raise
                logger.warning("%s: landing %d pages failed (%s: %s); retrying in %.0f s", source.name,
                               len(outcomes), type(exc).__name__, exc, LAND_RETRY_DELAY)
                time.sleep(LAND_RETRY_DELAY)
    return land


@task(name="crawl", cache_policy=NONE)
async def crawl_task(pipeline: Pipeline, db: Database, run_id: str, source: Source, max_pages: int,
                     prefetched: dict[str, Page] | None = None) -> Counts:
    """Fetch, extract and land up to ``max_pages`` queued URLs of the source through the run's pipeline
    (one task per source: the pipeline streams pages, no task per page or batch)."""
    counts = Counts()
    progress = reporter()
    progress.planned(source.name, min(max_pages, await asyncio.to_thread(landing.queued_count, db, source.name)))

    def landed(result: Counts, pages: int) -> None:
        counts.add(result)
        progress.advance(source.name, pages)

    settings = ExtractSettings(timezone_name=source.timezone, language=source.language, rules=source.rules)
    await pipeline.crawl(_claimer(db, source.name), _lander(db, run_id, source, get_run_logger()), settings,
                         budget=max_pages, prefetched=prefetched, landed=landed)
    return counts


@dataclass(slots=True)
class RunSummary:
    """What ``geowire run`` prints and the flow returns."""

    run_id: str
    db_path: str
    per_source: dict[str, Counts] = field(default_factory=dict)
    seconds: float = 0.0
    # source -> why it failed as a whole: stopped by an error, or not one response from any of its URLs
    failed_sources: dict[str, str] = field(default_factory=dict)
    stages: StageTimes | None = None  # where the crawl's time went

    @property
    def total(self) -> Counts:
        total = Counts()
        for counts in self.per_source.values():
            total.add(counts)
        return total


async def _scrape_source(source: Source, fetcher: Fetcher, pipeline: Pipeline, db: Database, run_id: str,
                         max_pages: int, seed_urls: list[str] | None = None) -> Counts:
    logger = get_run_logger()
    started = time.monotonic()
    found = await discover_task(db, source, fetcher, seed_urls)
    counts = await enqueue_task(db, run_id, source, quote(found))  # type: ignore[call-overload]  # Prefect unwraps quote()
    logger.info("%s: discovered %d URLs (%d feed/sitemap/listing failures, %d listing links ignored, "
                "%d nested sitemaps unchanged since read)",
                source.name, len(found.found), len(found.failures), found.rejected, found.unchanged_children)
    counts.add(await crawl_task(quote(pipeline), db, run_id, source, max_pages,  # type: ignore[call-overload]
                                quote(found.prefetched or None)))
    counts.seconds = time.monotonic() - started
    await asyncio.to_thread(landing.record_source, db, run_id, source.name, counts)
    logger.info("%s: landed %d, unchanged %d, skipped %d, failed %d", source.name, counts.landed,
                counts.unchanged, counts.skipped, counts.failed)
    return counts


def adhoc_sources(urls: list[str], settings: Settings) -> list[tuple[Source, list[str]]]:
    """One source per host of the ad-hoc URLs (``--url``), named after the host, with its URLs."""
    by_host: dict[str, list[str]] = {}
    for url in urls:
        by_host.setdefault((urlsplit(url).hostname or "adhoc").lower(), []).append(url)
    return [(Source(name=host, title=host, timezone=settings.timezone, max_pages=settings.max_pages), seeds)
            for host, seeds in by_host.items()]


def _politeness(settings: Settings, allow_private_addresses: bool | None) -> Politeness:
    allow = settings.allow_private_addresses if allow_private_addresses is None else allow_private_addresses
    return Politeness(user_agent=settings.user_agent, allow_private_addresses=allow,
                      min_host_delay=settings.host_delay, per_host_concurrency=settings.per_host_concurrency)


@dataclass(frozen=True, slots=True)
class RunPlan:
    """What a run will do: its sources (each with its ad-hoc URLs, for ``--url`` runs) and its politeness."""

    jobs: list[tuple[Source, list[str] | None]]
    politeness: Politeness


def plan_run(sources_path: str, urls: list[str] | None = None, only: list[str] | None = None,
             allow_private_addresses: bool | None = None) -> RunPlan:
    """Read and check a run's inputs: the sources file, the ``--source`` selection and the ``--url`` list.

    Raises ConfigError for anything that would make the run pointless (a broken sources file, an unknown
    source, a URL that is not http(s) or points at a private address without the opt-in), so that the CLI
    says so before Prefect starts, and a scheduled run says so before it fetches anything.
    """
    if urls:
        config = load_sources(sources_path, require_sources=False) if Path(sources_path).exists() else None
        settings = config.settings if config else Settings()
        politeness = _politeness(settings, allow_private_addresses)
        for url in urls:
            try:
                check_url(url, politeness.address_policy)
            except AddressRefused as exc:
                raise ConfigError(f"--url {url}: {exc} (pass --allow-private-addresses for a local site)") from None
            except FetchError as exc:
                raise ConfigError(f"--url {exc}; give a feed, sitemap, listing or article address "
                                  "such as https://example.com/news/rss") from None
        return RunPlan([(source, seeds) for source, seeds in adhoc_sources(urls, settings)], politeness)
    config = load_sources(sources_path).select(only)
    return RunPlan([(source, None) for source in config.sources],
                   _politeness(config.settings, allow_private_addresses))


async def _publish(summary: RunSummary) -> None:
    """The run's summary table and markdown report, shown on the flow run in the Prefect UI."""
    rows = [{"source": name, **counts.as_row(), "seconds": round(counts.seconds, 1),
             "reasons": ", ".join(f"{r} x{n}" for r, n in counts.reasons.most_common())}
            for name, counts in summary.per_source.items()]
    await acreate_table_artifact(key="scrape-summary", table=rows,
                                description=f"geowire run {summary.run_id} into {summary.db_path}")
    total = summary.total
    lines = [f"# geowire run `{summary.run_id}`", "",
             (f"{len(summary.per_source)} sources in {summary.seconds:.1f} s into `{summary.db_path}`: "
              f"**{total.landed} landed**, {total.unchanged} unchanged, {total.skipped} skipped, "
              f"{total.failed} failed of {total.discovered} discovered."), ""]
    if total.reasons:
        lines += ["## Not landed, by reason", "", "| reason | URLs |", "| --- | ---: |"]
        lines += [f"| `{reason}` | {n} |" for reason, n in total.reasons.most_common()]
        lines += ["", "Details: `SELECT source, url, reason, detail FROM pages WHERE state IN ('skipped', 'failed')`."]
    await acreate_markdown_artifact(key="scrape-report", markdown="\n".join(lines))


@flow(name="scrape", log_prints=True)
async def scrape(sources_path: str = "sources.toml", db_path: str | None = None, max_pages: int | None = None,
                 urls: list[str] | None = None, only: list[str] | None = None,
                 allow_private_addresses: bool | None = None, trigger: str = "schedule",
                 wait: float = 0.0, worker: bool = False) -> RunSummary:
    """Discover, fetch, extract, normalise and land every source of a sources file (or ad-hoc URLs).

    Only one run per database file at a time: a second one waits up to ``wait``
    seconds for the first to finish, then stops with RunInProgress. Runs with
    ``worker`` are the exception: any number of them drain one frontier together,
    each URL leased to one of them (see ``storage.leases`` and docs/scale.md).
    """
    db = Database(db_path)
    plan = plan_run(sources_path, urls, only, allow_private_addresses)
    with frontier_lock(db, wait, worker) as lock, leases.heartbeat(db, leases.worker_id(), leases.lease_seconds()):
        return await _scrape_locked(db, plan, max_pages, trigger, lock)


def frontier_lock(db: Database, wait: float, worker: bool) -> AbstractContextManager[RunLock]:
    """The run lock, shared for a worker; taken alone, it first frees the leases a killed run or
    worker left (their pages are fetched now instead of when the leases lapse)."""
    return run_lock(db.path, wait=wait, shared=worker, when_alone=lambda: leases.clear(db))


async def _scrape_locked(db: Database, plan: RunPlan, max_pages: int | None, trigger: str,
                         lock: RunLock) -> RunSummary:
    started = time.monotonic()
    jobs = plan.jobs
    run_id = str(flow_run.get_id() or uuid.uuid4())
    await asyncio.to_thread(landing.start_run, db, run_id, trigger)
    lock.note(run_id=run_id)  # from here on, a run that dies holding the lock is marked abandoned by the next
    dead_run = (lock.dead_holder or {}).get("run_id")
    if dead_run and dead_run != run_id:  # the last run on this file was killed: say so now, not at maintenance
        await asyncio.to_thread(mark_abandoned, db, str(dead_run))
    summary = RunSummary(run_id=run_id, db_path=str(db.path))
    status = "failed"
    broken: list[str] = []
    try:
        async with (Fetcher(politeness=plan.politeness) as fetcher,
                    Pipeline(fetcher, batch_size=BATCH_SIZE) as pipeline):
            # One source's crash (say, its batch could not be landed) must not stop the others.
            results = await asyncio.gather(*(
                _scrape_source(source, fetcher, pipeline, db, run_id, max_pages or source.max_pages, seed)
                for source, seed in jobs), return_exceptions=True)
        summary.stages = pipeline.times
        get_run_logger().info("pipeline: %s", pipeline.times.describe())
        for (source, _), result in zip(jobs, results, strict=True):
            if isinstance(result, BaseException):
                get_run_logger().error("%s: stopped by %s: %s", source.name, type(result).__name__, result)
                broken.append(f"{source.name} ({type(result).__name__}: {result})")
                summary.failed_sources[source.name] = f"stopped by {type(result).__name__}: {result}"
                result = Counts()
            elif not result.fetched:
                reasons = ", ".join(f"{reason} ×{n}" for reason, n in result.reasons.most_common())
                get_run_logger().warning("%s: nothing could be fetched (%s)", source.name, reasons)
                summary.failed_sources[source.name] = f"nothing could be fetched ({reasons or 'no response'})"
            summary.per_source[source.name] = result
        status = "failed" if broken else "completed"
    finally:
        await asyncio.to_thread(landing.finish_run, db, run_id, status)
    summary.seconds = time.monotonic() - started
    await _publish(summary)
    if broken:
        raise SourceFailed("sources stopped before finishing: " + "; ".join(broken)
                           + " (their unfinished URLs stay queued for the next run)", summary)
    return summary


__all__ = ["RunSummary", "scrape"]
