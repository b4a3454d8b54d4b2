"""The pipelined crawl (scrapers.crawl.Pipeline) against a real site on loopback, a real process pool
and a real DuckDB file: every URL comes out once, stages overlap, a slow writer holds fetching back,
the event loop never waits on the database, and a killed extraction worker costs nothing."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import itertools
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from pathlib import Path

import pytest
from adversarial import (
    AdversarialServer,
    adversarial_server_fixture,  # noqa: F401 - the fixture
)

from flows.demo_sites.synthetic import article_html, serve, sources_toml
from scrapers.crawl import ExtractSettings, FetchTask, Outcome, Pipeline
from scrapers.fetch import Fetcher, Politeness
from scrapers.models import Page
from storage import land as landing
from storage.db import Database

PAGES = 120
POLITENESS = Politeness(allow_private_addresses=True, min_host_delay=0, per_host_concurrency=8)


@pytest.fixture()
def site() -> Iterator[str]:
    server, base = serve(PAGES, delay=0.01)
    yield base
    server.shutdown()


class CountingFetcher:
    """A real Fetcher that also remembers when each page arrived (to see the stages overlap)."""

    def __init__(self, fetcher: Fetcher) -> None:
        self.fetcher = fetcher
        self.arrivals: list[float] = []

    async def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
                    decode: bool = True) -> Page:
        page = await self.fetcher.fetch(url, etag=etag, last_modified=last_modified, decode=decode)
        self.arrivals.append(time.monotonic())
        return page


class Frontier:
    """The site's URLs handed out in order, like ``storage.land.next_batch`` minus what is in flight."""

    def __init__(self, urls: list[str]) -> None:
        self.queued = urls
        self.landed: set[str] = set()
        self.claims: list[tuple[int, int]] = []  # (limit, in flight) of every claim

    def land(self, land: object, outcomes: list[Outcome]) -> object:
        result = land(outcomes)  # type: ignore[operator]
        self.landed.update(outcome.url for outcome in outcomes)  # as landing.land clears queued_at
        return result

    def claim(self, limit: int, in_flight: AbstractSet[str]) -> list[FetchTask]:
        self.claims.append((limit, len(in_flight)))
        waiting = [url for url in self.queued if url not in self.landed and url not in in_flight]
        return [FetchTask(url=url) for url in waiting[:limit]]


def _crawl(base: str, land: object, *, batch_size: int = 20,
           extra: object = None) -> tuple[Frontier, CountingFetcher, Pipeline]:
    frontier = Frontier([f"{base}/news/{i}/" for i in range(PAGES)])

    def land_and_dequeue(outcomes: list[Outcome]) -> object:
        return frontier.land(land, outcomes)

    async def go() -> tuple[CountingFetcher, Pipeline]:
        async with Fetcher(politeness=POLITENESS) as fetcher:
            counting = CountingFetcher(fetcher)
            async with Pipeline(counting, workers=2, batch_size=batch_size, raw_pages=8) as pipeline:
                crawl = pipeline.crawl(frontier.claim, land_and_dequeue,  # type: ignore[arg-type]
                                       ExtractSettings(), budget=PAGES)
                if extra is not None:
                    await asyncio.gather(crawl, extra(pipeline))  # type: ignore[operator]
                else:
                    await crawl
            return counting, pipeline

    counting, pipeline = asyncio.run(asyncio.wait_for(go(), 240))
    return frontier, counting, pipeline


def test_every_url_lands_once_in_groups_with_the_body_archived(site: str, db_path: Path) -> None:
    db = Database(db_path)
    landing.start_run(db, "run", "test")
    groups: list[list[Outcome]] = []
    threads: set[str] = set()

    def land(outcomes: list[Outcome]) -> landing.Counts:
        threads.add(threading.current_thread().name)
        groups.append(outcomes)
        return landing.land(db, "run", "synthetic", outcomes)

    frontier, _, pipeline = _crawl(site, land)
    urls = [outcome.url for group in groups for outcome in group]
    assert sorted(urls) == sorted(frontier.queued), "every claimed URL comes out exactly once"
    assert all(len(group) <= 20 for group in groups) and len(groups) > 1, "groups of at most a batch"
    assert threads and threading.main_thread().name not in threads, "landing runs off the event loop's thread"
    outcome = groups[0][0]
    assert outcome.body is not None and outcome.page is not None and outcome.page.content == b"", \
        "the worker packs the body; the main process keeps no page bytes"
    assert pipeline.times.pages == PAGES and pipeline.times.extract_cpu > 0
    with db.read() as con:
        articles = con.execute("SELECT count(*), count(DISTINCT canonical_url) FROM articles").fetchone()
        archived = con.execute("SELECT count(*) FROM fetches JOIN raw_blobs USING (sha256)").fetchone()[0]
        states = dict(con.execute("SELECT state, count(*) FROM pages GROUP BY state").fetchall())
    assert articles == (PAGES, PAGES) and archived == PAGES and states == {"landed": PAGES}


def test_a_slow_writer_holds_fetching_back_and_the_stages_overlap(site: str) -> None:
    lands: list[tuple[float, int]] = []  # (when a group landed, pages landed so far)

    def slow_land(outcomes: list[Outcome]) -> int:
        time.sleep(0.3)  # blocking, as a database write is
        lands.append((time.monotonic(), (lands[-1][1] if lands else 0) + len(outcomes)))
        return len(outcomes)

    frontier, counting, _ = _crawl(site, slow_land, batch_size=10)
    assert lands[-1][1] == PAGES
    # Back-pressure: no more than 4 batches were ever fetched and not yet landed.
    for arrival_index, arrived in enumerate(sorted(counting.arrivals), 1):
        landed_before = max((n for when, n in lands if when <= arrived), default=0)
        assert arrival_index - landed_before <= 4 * 10, "fetching ran ahead of the writer"
    # Overlap: groups were landing while later pages were still being fetched.
    assert lands[0][0] < max(counting.arrivals)
    assert all(limit + in_flight <= 4 * 10 for limit, in_flight in frontier.claims), \
        "a source has at most 4 batches claimed and not landed"
    assert len(frontier.claims) < PAGES / 10, "it refills in reads of several batches, not one read per batch"


def test_a_slow_polite_host_never_holds_back_another_source(site: str, adversarial_server: AdversarialServer) -> None:
    slow = adversarial_server
    slow.robots = (200, b"User-agent: *\nCrawl-delay: 1\n")  # one request a second
    stories = 30  # half a minute of polite pacing: far longer than the fast source takes, even on a loaded machine
    for i in range(stories):
        slow.static[f"/story/{i}"] = ("text/html; charset=utf-8", article_html(i), {})
    # Politeness is per host name: the slow site is reached as "localhost", the fast one as 127.0.0.1.
    sources = {"slow": Frontier([slow.url(f"/story/{i}", host="localhost") for i in range(stories)]),
               "fast": Frontier([f"{site}/news/{i}/" for i in range(PAGES)])}
    asked_when_fast_done: list[int] = []

    async def go() -> None:
        async with (Fetcher(politeness=POLITENESS) as fetcher,
                    Pipeline(fetcher, workers=2, batch_size=4, raw_pages=2) as pipeline):
            def crawl(name: str) -> asyncio.Task[None]:
                frontier = sources[name]
                return asyncio.ensure_future(pipeline.crawl(
                    frontier.claim, lambda group: frontier.land(len, group), ExtractSettings(),
                    budget=len(frontier.queued)))
            slow_crawl = crawl("slow")
            await crawl("fast")
            asked_when_fast_done.append(sum(request.path.startswith("/story/") for request in slow.requests))
            slow_crawl.cancel()  # the rest would only take the slow host's time
            with contextlib.suppress(asyncio.CancelledError):
                await slow_crawl

    asyncio.run(asyncio.wait_for(go(), 240))
    assert len(sources["fast"].landed) == PAGES
    assert 0 < asked_when_fast_done[0] < stories, \
        "the fast source finished while the polite host was still being waited on"
    story_starts = [request.at for request in slow.requests if request.path.startswith("/story/")]
    assert all(later - earlier >= 0.9 for earlier, later in itertools.pairwise(sorted(story_starts))), \
        "the slow host's Crawl-delay held while the fast source ran"


def test_a_blocking_writer_never_stalls_the_event_loop(site: str) -> None:
    gaps: list[float] = []

    def blocking_land(outcomes: list[Outcome]) -> int:
        time.sleep(1.0)
        return len(outcomes)

    async def heartbeat(pipeline: Pipeline) -> None:
        last = time.monotonic()
        while pipeline.times.pages < PAGES:
            await asyncio.sleep(0.01)
            now = time.monotonic()
            gaps.append(now - last)
            last = now

    _crawl(site, blocking_land, batch_size=60, extra=heartbeat)
    assert max(gaps) < 0.5, f"the event loop stopped for {max(gaps):.2f} s while a group landed"


def test_a_killed_extraction_worker_costs_no_page(site: str) -> None:
    outcomes: list[Outcome] = []
    killed: list[int] = []

    def land(group: list[Outcome]) -> int:
        outcomes.extend(group)
        return len(group)

    async def kill_a_worker(pipeline: Pipeline) -> None:
        assert pipeline._pool is not None
        pool = await pipeline._pool
        while pipeline.times.pages == 0:  # some pages through, most still to come
            await asyncio.sleep(0.01)
        pid = next(iter(pool._processes))  # type: ignore[attr-defined]
        os.kill(pid, signal.SIGKILL)
        killed.append(pid)

    _crawl(site, land, batch_size=10, extra=kill_a_worker)
    assert killed
    assert sorted(o.url for o in outcomes) == sorted(f"{site}/news/{i}/" for i in range(PAGES))
    assert {o.state for o in outcomes} == {"landed"}, "pages in the dead worker's hands were extracted again"


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_extraction_workers_end_with_a_killed_run() -> None:
    script = ("import sys, time\n"
              "from scrapers.crawl import Pipeline\n"
              "if __name__ == '__main__':\n"
              "    pool = Pipeline(None, workers=2)._start_pool()\n"
              "    print(*pool._processes, flush=True)\n"
              "    time.sleep(120)\n")
    run = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert run.stdout is not None
    workers = [int(pid) for pid in run.stdout.readline().split()]
    assert len(workers) == 2 and all(_alive(pid) for pid in workers)
    run.send_signal(signal.SIGKILL)
    run.wait(timeout=30)
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers), "a SIGKILLed run leaves no extraction worker behind"


def test_geowire_run_says_which_prefect_server_and_where_the_time_went(prefect_harness: str, site: str,
                                                                      tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(sources_toml(site, 40), encoding="utf-8")
    env = {**os.environ, "PREFECT_API_URL": prefect_harness, "PREFECT_LOGGING_LEVEL": "WARNING"}
    result = subprocess.run([str(Path(sys.executable).parent / "geowire"), "run", "--sources", str(sources),
                             "--db", str(tmp_path / "g.duckdb")], env=env, capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Prefect: using the server at {prefect_harness} (PREFECT_API_URL)" in result.stderr
    assert "time per stage: 40 pages: fetch" in result.stdout


def test_pages_go_to_the_workers_in_groups_and_every_one_comes_back(site: str) -> None:
    outcomes: list[Outcome] = []

    def land(group: list[Outcome]) -> int:
        outcomes.extend(group)
        return len(group)

    _, _, pipeline = _crawl(site, land)
    assert sorted(o.url for o in outcomes) == sorted(f"{site}/news/{i}/" for i in range(PAGES))
    assert {o.state for o in outcomes} == {"landed"} and all(o.body is not None for o in outcomes)
    assert 0 < pipeline.times.extract_groups < PAGES, "pages that arrive together share one pool task"


def test_a_page_that_kills_its_worker_fails_alone_and_its_group_lands(
        site: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import crashing_extractor
    monkeypatch.setattr(crashing_extractor.crawl, "_extract_group_in_worker", crashing_extractor.extract_group)
    outcomes: list[Outcome] = []

    def land(group: list[Outcome]) -> int:
        outcomes.extend(group)
        return len(group)

    _, _, pipeline = _crawl(site, land)
    states = {o.url: (o.state, o.reason) for o in outcomes}
    poison = f"{site}{crashing_extractor.POISON}"
    assert sorted(states) == sorted(f"{site}/news/{i}/" for i in range(PAGES)), "every URL ends in a state"
    assert states.pop(poison) == ("failed", "extract.error")
    assert set(states.values()) == {("landed", None)}, "the pages grouped with it were extracted again"
    assert pipeline.times.extract_groups < PAGES


def test_a_page_the_extractor_cannot_read_costs_only_itself_in_its_group(site: str) -> None:
    """Binary junk served as HTML among articles: the extractor refuses it inside the worker, and the
    articles it travelled with land."""
    server, base = serve(PAGES, delay=0.0)
    outcomes: list[Outcome] = []

    class JunkAmongArticles(CountingFetcher):
        async def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
                        decode: bool = True) -> Page:
            page = await self.fetcher.fetch(url, etag=etag, last_modified=last_modified, decode=decode)
            if url.endswith("/news/3/"):
                page = dataclasses.replace(page, content=os.urandom(200_000), text="")
            return page

    def land(group: list[Outcome]) -> int:
        outcomes.extend(group)
        return len(group)

    async def go() -> Pipeline:
        frontier = Frontier([f"{base}/news/{i}/" for i in range(PAGES)])
        async with Fetcher(politeness=POLITENESS) as fetcher, \
                Pipeline(JunkAmongArticles(fetcher), workers=2, batch_size=20, raw_pages=32) as pipeline:
            await pipeline.crawl(frontier.claim, lambda group: frontier.land(land, group),  # type: ignore[arg-type]
                                 ExtractSettings(), budget=PAGES)
        return pipeline

    try:
        pipeline = asyncio.run(asyncio.wait_for(go(), 240))
    finally:
        server.shutdown()
    states = {o.url: o.state for o in outcomes}
    assert len(states) == PAGES and states.pop(f"{base}/news/3/") != "landed"
    assert set(states.values()) == {"landed"}
    assert pipeline.times.extract_groups < PAGES
