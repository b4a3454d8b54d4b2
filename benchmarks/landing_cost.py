"""What stories and country tags add to landing, at ``--articles`` articles in the database.

Run through ``benchmarks/stories.py --landing`` (see its docstring). The database is filled
with the labelled set and texts made of corpus sentences (10,000 by default, landed 500 at a
time); then ``--pages`` more pages (a page of HTML around each text, archived like a fetched
one) are landed through ``storage.land.land`` in batches of ``--batch`` into two copies of that
database, one with stories and tags on and one with them off: the same batch into both, in turn
first, so that both see the same pages, the same database and the same load on a shared machine.
The writer's copy of the stories (``storage.bandindex``) is dropped before, as a run of its own would
start. The first batch (it opens each file) is not counted, and neither file is published or reconnected
while the batches land (``without_upkeep``): those are timed by the clock, not by pages, and one
publication of each file is measured on its own at the end.
"""

from __future__ import annotations

import argparse
import itertools
import random
import shutil
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from functools import partial
from html import escape
from pathlib import Path

import duckdb
from story_variants import Doc

import storage.bandindex
import storage.db
import storage.land as landing
from scrapers.crawl import Outcome
from scrapers.enrich import enrich
from scrapers.models import Article, Page
from scrapers.prepare import prepare
from scrapers.similarity import fingerprint
from storage.db import Database
from storage.land import write_articles
from storage.stories import Landed


def synthetic(docs: list[Doc], n: int, seed: int = 7) -> list[Doc]:
    """``n`` unrelated texts with the corpus's word statistics: walks of a word-bigram chain trained
    on the English originals (copying corpus sentences instead would make every filler text a
    partial copy of a corpus text, which real unrelated articles are not); not on the templated
    stories, whose frames would make the walks templated too."""
    rng = random.Random(seed)
    chain: dict[str, list[str]] = defaultdict(list)
    for doc in docs:
        if doc.relation == "original" and doc.language == "en" and not doc.frame:
            words = doc.body.split()
            for first, second in itertools.pairwise(words):
                chain[first].append(second)
    starts = [w for w in chain if w[:1].isupper()]
    start = datetime(2019, 10, 1, tzinfo=UTC)
    out = []
    for i in range(n):
        paragraphs = []
        for _ in range(rng.randint(4, 9)):
            word, words = rng.choice(starts), []
            for _ in range(rng.randint(25, 70)):
                words.append(word)
                word = rng.choice(chain[word]) if chain.get(word) else rng.choice(starts)
            paragraphs.append(" ".join(words))
        out.append(Doc(f"synthetic-{i}", f"synthetic-{i}", "original", f"outlet{i % 40}", paragraphs[0][:70],
                       "\n\n".join(paragraphs), start + timedelta(minutes=rng.randrange(60 * 24 * 60)), "en"))
    return out


def _page(doc: Doc, fetched_at: datetime) -> Page:
    body = "".join(f"<p>{escape(p)}</p>" for p in doc.body.split("\n\n"))
    chrome = "".join(f'<li><a href="/news/{k}">Another story number {k} of the day</a></li>' for k in range(300))
    html = (f"<!DOCTYPE html><html lang='en'><head><title>{escape(doc.title)}</title></head><body>"
            f"<nav><ul>{chrome}</ul></nav><article><h1>{escape(doc.title)}</h1>{body}</article>"
            f"<aside><ul>{chrome}</ul></aside></body></html>").encode()
    return Page(url=doc.url, requested_url=doc.url, status=200, headers={"content-type": "text/html"},
                content=html, text=html.decode(), encoding="utf-8", fetched_at=fetched_at)


def _outcome(doc: Doc) -> Outcome:
    now = datetime.now(UTC)
    article = Article(url=doc.url, canonical_url=doc.url, title=doc.title, body=doc.body,
                      published_at=doc.published_at, language=doc.language)
    article = enrich(article)  # as extraction and the crawl stage do
    article = article.replace(fingerprint=fingerprint(article.body, article.language), prepared=prepare(article))
    return Outcome(url=doc.url, state="landed", http_status=200, attempts=1, fetched_at=now, article=article,
                   page=_page(doc, now))


@contextmanager
def stories_off() -> Iterator[None]:
    """Landing without story assignment and country rows (the reference: what landing cost before): the
    articles' ``country_mentions`` (``article_countries``) left empty."""
    saved = landing.assign_stories, landing.article_columns
    landing.assign_stories = lambda con, landed: {}  # type: ignore[assignment]
    landing.article_columns = lambda article: {**saved[1](article), "country_mentions": None}
    try:
        yield
    finally:
        landing.assign_stories, landing.article_columns = saved  # type: ignore[assignment]


def _timed(function: Callable[[], object]) -> float:
    started = time.process_time()
    function()
    return time.process_time() - started


@contextmanager
def direct_cost(spent: list[float]) -> Iterator[None]:
    """Add the CPU time spent in story assignment to ``spent[0]``."""
    saved = landing.assign_stories

    def timed(con: duckdb.DuckDBPyConnection, landed: Sequence[Landed]) -> dict[str, dict[str, object]]:
        started = time.process_time()
        try:
            return saved(con, landed)
        finally:
            spent[0] += time.process_time() - started

    landing.assign_stories = timed
    try:
        yield
    finally:
        landing.assign_stories = saved  # type: ignore[assignment]


@contextmanager
def without_upkeep() -> Iterator[None]:
    """Landing transactions only: no publication of the query file and no closing of the connection
    while the batches land. Both are triggered by the clock (a publication every 5-20 s, a reconnection
    after 5 s of use or 1 s idle), not by pages, so per batch they fall on whichever file crosses the
    time first, and the timer thread that closes idle connections would run during the other file's
    landing (CPU time is counted per process). Publication is measured on its own afterwards."""
    saved = storage.db.HOLD_IDLE, storage.db.HOLD_MAX, storage.db.PUBLISH_MIN, storage.db.PUBLISH_MAX
    storage.db.HOLD_IDLE = storage.db.HOLD_MAX = storage.db.PUBLISH_MIN = storage.db.PUBLISH_MAX = 1e9
    try:
        yield
    finally:
        storage.db.HOLD_IDLE, storage.db.HOLD_MAX, storage.db.PUBLISH_MIN, storage.db.PUBLISH_MAX = saved


def publication_cost(databases: tuple[Database, Database], rounds: int = 4) -> list[float]:
    """CPU seconds of one publication (checkpoint and copy of the working file) of each database, the
    median of ``rounds`` in turn, after a first one that checkpoints what the landings left."""
    spent: list[list[float]] = [[], []]
    for database in databases:
        database.publish()
    for number in range(rounds):
        for turn in ((0, 1) if number % 2 else (1, 0)):
            spent[turn].append(_timed(databases[turn].publish))
    return [statistics.median(times) for times in spent]


def report_landing(docs: list[Doc], args: argparse.Namespace) -> None:
    rng = random.Random(3)
    pool = synthetic(docs, args.articles + args.pages)
    variants = [d for d in docs if d.relation != "original"]
    rng.shuffle(variants)
    spread = variants[:args.pages // 4]  # a quarter of the pages join a story, the rest start their own
    timed_docs = spread + pool[args.articles:args.articles + args.pages - len(spread)]
    rng.shuffle(timed_docs)
    timed = set(timed_docs)
    filler = ([d for d in docs if d not in timed] + pool[:args.articles])[:args.articles]
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(Path(tmp) / "landing.duckdb")
        started = time.perf_counter()
        for start in range(0, len(filler), 500):
            with db.write() as con:
                write_articles(con, "filler", [(Article(url=d.url, canonical_url=d.url, title=d.title, body=d.body,
                                                        published_at=d.published_at, language=d.language),
                                                d.published_at) for d in filler[start:start + 500]])
        print(f"database: {len(filler)} articles landed in {time.perf_counter() - started:.0f} s")
        with db.write(transaction=False) as con:
            con.execute("CHECKPOINT")
        reference = Database(Path(tmp) / "reference.duckdb")
        # The same 10,000 articles, byte for byte: one file lands with stories, one without. (Copying the
        # query file alone made the reference adopt it, rewritten with DuckDB's default compression, which
        # geowire's writers turn off: the two files were stored differently.)
        shutil.copyfile(db.path, reference.path)
        shutil.copytree(db.state_dir, reference.state_dir)
        # Both files opened afresh by their first (untimed) batch: the writer that landed the 10,000 kept
        # its connection, whose DuckDB buffers were full of that landing (at its 128 MB limit, evicting
        # as the timed batches read and wrote) while the copy's started empty. And the stories' copy in
        # memory (``storage.bandindex``) dropped, as a new process starts: it kept the sketches of the 10,000,
        # which a run landing onto an older file has to make again from their text when it compares with them.
        storage.db.close_all()
        storage.bandindex.forget()
        on: list[float] = []
        off: list[float] = []
        crawl_stage: list[float] = []
        sizes: list[int] = []  # pages of each batch
        direct = [0.0]
        with without_upkeep():
            for number, start in enumerate(range(0, len(timed_docs), args.batch)):
                began = time.process_time()
                outcomes = [_outcome(d) for d in timed_docs[start:start + args.batch]]
                crawl_stage.append((time.process_time() - began) / len(outcomes))
                for turn in ((0, 1) if number % 2 else (1, 0)):  # the same batch into both, in turn first
                    if turn:
                        with direct_cost(direct):
                            on.append(_timed(partial(landing.land, db, "bench", "timed", outcomes)))
                    else:
                        with stories_off():
                            off.append(_timed(partial(landing.land, reference, "bench", "timed", outcomes)))
                sizes.append(len(outcomes))
                if number == 0:  # the first landing opens each file: not a landing's cost
                    for kept in (on, off, sizes):
                        kept.clear()
                    direct[0] = 0.0
        publish_on, publish_off = publication_cost((db, reference))
        sizes_mb = [database.work_path.stat().st_size / 2**20 for database in (db, reference)]
        storage.db.close_all()
        with db.read() as con:
            members, stories = con.execute(
                "SELECT count(*), count(DISTINCT story_id) FROM story_members").fetchall()[0]
    pages = sum(sizes)
    mean_on, mean_off = sum(on) / pages, sum(off) / pages
    print(f"{'landing, per page':<34} {'ms (mean)':>10} {'ms (median batch)':>18} {'batches':>8}")
    for name, times, mean in (("stories and tags off", off, mean_off), ("stories and tags on", on, mean_on)):
        median = statistics.median(t / n for t, n in zip(times, sizes, strict=True))
        print(f"{name:<34} {mean * 1000:>10.2f} {median * 1000:>18.2f} {len(times):>8}")
    ratios = sorted(a / b for a, b in zip(on, off, strict=True))
    quartiles = statistics.quantiles(ratios, n=4)
    print(f"added by stories and tags: {100 * (mean_on / mean_off - 1):+.1f} % of the mean "
          f"(per-batch ratios: median {100 * (statistics.median(ratios) - 1):+.1f} %, quartiles "
          f"{100 * (quartiles[0] - 1):+.1f} % to {100 * (quartiles[2] - 1):+.1f} %); "
          f"{members} members in {stories} stories at the end")
    print(f"of which in assign_stories: {direct[0] / pages * 1000:.2f} ms per page "
          f"({100 * direct[0] / pages / mean_off:.1f} % of landing without them); the rest: writing more rows")
    print(f"a publication of the query file (every 5-20 s of a run, however many pages): {publish_on * 1000:.0f} ms "
          f"on, {publish_off * 1000:.0f} ms off ({100 * (publish_on / publish_off - 1):+.1f} %; working files "
          f"{sizes_mb[0]:.0f} and {sizes_mb[1]:.0f} MiB)")
    print(f"crawl stage, per page: enrich (dateline, corrections, countries, actors) + fingerprint "
          f"{statistics.mean(crawl_stage) * 1000:.2f} ms")
