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
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NONE
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote

from flows.progress import reporter
from scrapers.crawl import Claim, ExtractSettings, FetchTask, Outcome, Pipeline, StageTimes
from scrapers.discover import DiscoveryResult, discover, discover_urls
from scrapers.errors import GeowireError
from scrapers.fetch import Fetcher, Politeness
from scrapers.models import Page
from scrapers.sources import Settings, Source, load_sources
from storage import land as landing
from storage.db import Database
from storage.land import Counts
from storage.runlock import run_lock


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
    validators = await asyncio.to_thread(landing.feed_validators, db, source.name)

    async def fetch(url: str) -> Page:
        etag, last_modified = validators.get(url, (None, None))
        return await fetcher.fetch(url, etag=etag, last_modified=last_modified)

    return await discover(source, fetch, known=validators)


@task(name="enqueue", cache_policy=NONE, retries=2, retry_delay_seconds=1)
async def enqueue_task(db: Database, run_id: str, source: Source, found: DiscoveryResult) -> Counts:
    """Record every discovered URL in the frontier before fetching any of them."""
    return await asyncio.to_thread(landing.enqueue, db, run_id, source.name, found.found, found.failures, found.read)


def _claimer(db: Database, source: str) -> Claim:
    def claim(limit: int, in_flight: AbstractSet[str]) -> list[FetchTask]:
        # URLs stay queued in the frontier until they land: skip the ones the pipeline already has.
        batch = landing.next_batch(db, source, limit + len(in_flight))
        return [task for task in batch if task.url not in in_flight][:limit]
    return claim


def _lander(db: Database, run_id: str, source: str, logger: logging.Logger | logging.LoggerAdapter
            ) -> Callable[[list[Outcome]], Counts]:
    def land(outcomes: list[Outcome]) -> Counts:  # on the pipeline's writer thread
        attempt = 0
        while True:
            try:
                return landing.land(db, run_id, source, outcomes)
            except Exception as exc:  # the transaction rolled back whole: try it again
                attempt += 1
                if attempt > LAND_RETRIES:
                    raise
                logger.warning("%s: landing %d pages failed (%s: %s); retrying in %.0f s", source, len(outcomes),
                               type(exc).__name__, exc, LAND_RETRY_DELAY)
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
    await pipeline.crawl(_claimer(db, source.name), _lander(db, run_id, source.name, get_run_logger()), settings,
                         budget=max_pages, prefetched=prefetched, landed=landed)
    return counts


@dataclass(slots=True)
class RunSummary:
    """What ``geowire run`` prints and the flow returns."""

    run_id: str
    db_path: str
    per_source: dict[str, Counts] = field(default_factory=dict)
    seconds: float = 0.0
    stages: StageTimes | None = None  # where the crawl's time went

    @property
    def total(self) -> Counts:
        total = Counts()
        for counts in self.per_source.values():
            total.add(counts)
        return total


async def _scrape_source(source: Source, pipeline: Pipeline, db: Database, run_id: str, max_pages: int,
                         seed_urls: list[str] | None = None) -> Counts:
    logger = get_run_logger()
    started = time.monotonic()
    found = await discover_task(db, source, pipeline.fetcher, seed_urls)
    counts = await enqueue_task(db, run_id, source, quote(found))
    logger.info("%s: discovered %d URLs (%d feed/sitemap/listing failures, %d listing links ignored)",
                source.name, len(found.found), len(found.failures), found.rejected)
    counts.add(await crawl_task(quote(pipeline), db, run_id, source, max_pages, quote(found.prefetched or None)))
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


async def _publish(summary: RunSummary) -> None:
    """The run's summary table and markdown report, shown on the flow run in the Prefect UI."""
    rows = [{"source": name, **counts.as_row(), "seconds": round(counts.seconds, 1),
             "reasons": ", ".join(f"{r} x{n}" for r, n in counts.reasons.most_common())}
            for name, counts in summary.per_source.items()]
    await create_table_artifact(key="scrape-summary", table=rows,
                                description=f"geowire run {summary.run_id} into {summary.db_path}")
    total = summary.total
    lines = [f"# geowire run `{summary.run_id}`", "",
             f"{len(summary.per_source)} sources in {summary.seconds:.1f} s into `{summary.db_path}`: "
             f"**{total.landed} landed**, {total.unchanged} unchanged, {total.skipped} skipped, "
             f"{total.failed} failed of {total.discovered} discovered.", ""]
    if total.reasons:
        lines += ["## Not landed, by reason", "", "| reason | URLs |", "| --- | ---: |"]
        lines += [f"| `{reason}` | {n} |" for reason, n in total.reasons.most_common()]
        lines += ["", "Details: `SELECT source, url, reason, detail FROM pages WHERE state IN "
                  "('skipped', 'failed')`."]
    await create_markdown_artifact(key="scrape-report", markdown="\n".join(lines))


@flow(name="scrape", log_prints=True)
async def scrape(sources_path: str = "sources.toml", db_path: str | None = None, max_pages: int | None = None,
                 urls: list[str] | None = None, only: list[str] | None = None,
                 allow_private_addresses: bool | None = None, trigger: str = "schedule",
                 wait: float = 0.0) -> RunSummary:
    """Discover, fetch, extract, normalise and land every source of a sources file (or ad-hoc URLs).

    Only one run per database file at a time: a second one waits up to ``wait``
    seconds for the first to finish, then stops with RunInProgress.
    """
    db = Database(db_path)
    lock = run_lock(db.path, wait=wait)
    await asyncio.to_thread(lock.__enter__)  # it waits with sleeps: not on the event loop
    try:
        return await _scrape_locked(db, sources_path, max_pages, urls, only, allow_private_addresses, trigger)
    finally:
        lock.__exit__(None, None, None)


async def _scrape_locked(db: Database, sources_path: str, max_pages: int | None, urls: list[str] | None,
                         only: list[str] | None, allow_private_addresses: bool | None, trigger: str) -> RunSummary:
    started = time.monotonic()
    jobs: list[tuple[Source, list[str] | None]]
    if urls:
        config = load_sources(sources_path, require_sources=False) if Path(sources_path).exists() else None
        settings = config.settings if config else Settings()
        jobs = [(source, seeds) for source, seeds in adhoc_sources(urls, settings)]
    else:
        config = load_sources(sources_path).select(only)
        settings = config.settings
        jobs = [(source, None) for source in config.sources]
    run_id = str(flow_run.get_id() or uuid.uuid4())
    await asyncio.to_thread(landing.start_run, db, run_id, trigger)
    summary = RunSummary(run_id=run_id, db_path=str(db.path))
    status = "failed"
    broken: list[str] = []
    try:
        async with (Fetcher(politeness=_politeness(settings, allow_private_addresses)) as fetcher,
                    Pipeline(fetcher, batch_size=BATCH_SIZE) as pipeline):
            # One source's crash (say, its batch could not be landed) must not stop the others.
            results = await asyncio.gather(*(
                _scrape_source(source, pipeline, db, run_id, max_pages or source.max_pages, seed)
                for source, seed in jobs), return_exceptions=True)
        summary.stages = pipeline.times
        get_run_logger().info("pipeline: %s", pipeline.times.describe())
        for (source, _), result in zip(jobs, results, strict=True):
            if isinstance(result, BaseException):
                get_run_logger().error("%s: stopped by %s: %s", source.name, type(result).__name__, result)
                broken.append(f"{source.name} ({type(result).__name__}: {result})")
                result = Counts()
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
