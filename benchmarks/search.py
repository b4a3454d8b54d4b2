"""Full-text search: index build time, per-batch index upkeep and query latency.

Two corpora: the demo database (made with `geowire demo` unless --demo-db is given) and a
synthetic one of N articles (Zipf-distributed words, 150-900 words each, landed through
``storage.land.write_articles``). For each it prints the time to build the index from
scratch, the time ``index_articles`` adds to a landing transaction of 50 new (or 50 changed) articles,
and query latency (median and 95th percentile) through ``storage.search.search`` (Python
analysis + SQL BM25 + snippets) and through the ``search_articles`` SQL macro alone.

    .venv/bin/python benchmarks/search.py --articles 10000
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from scrapers.models import Article
from storage import search as searching
from storage.db import Database, scalar
from storage.land import write_articles

QUERIES_DEMO = ["north korea troops", "ceasefire talks", "election", "oil prices opec", "russia ukraine drone"]


def _words(rng: random.Random, size: int) -> tuple[list[str], list[float]]:
    """A vocabulary with a Zipf-like frequency curve: a few very common words, a long tail."""
    syllables = ["ka", "ro", "mi", "te", "su", "an", "vel", "dor", "is", "ul", "tra", "nex", "po", "li", "gar"]
    words = sorted({"".join(rng.choices(syllables, k=rng.randint(1, 4))) for _ in range(size * 2)})[:size]
    rng.shuffle(words)
    return words, [1 / (rank + 1) for rank in range(len(words))]


def synthetic_db(path: Path, articles: int, seed: int = 7) -> tuple[Database, list[str]]:
    rng = random.Random(seed)
    vocabulary, weights = _words(rng, 30_000)
    db = Database(path)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for first in range(0, articles, 500):
        batch = []
        for i in range(first, min(first + 500, articles)):
            body = rng.choices(vocabulary, weights, k=rng.randint(150, 900))
            paragraphs = "\n\n".join(" ".join(body[j:j + 60]) for j in range(0, len(body), 60))
            url = f"https://synthetic.example/{i}"
            batch.append((Article(url=url, canonical_url=url, title=" ".join(rng.choices(vocabulary, weights, k=10)),
                                  body=paragraphs, language="en", published_at=start + timedelta(hours=i)), start))
        with db.write() as con:
            write_articles(con, "synthetic", batch)
    mid = vocabulary[200:2000]  # mid-frequency words make selective queries
    queries = [" ".join(rng.sample(mid, k)) for k in (1, 2, 3, 3, 2)] + [vocabulary[0]]
    return db, queries


def _timed(function, repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1 if len(samples) > 1 else 0]


def measure(name: str, db: Database, queries: list[str], repeat: int) -> list[str]:
    started = time.perf_counter()
    indexed = searching.reindex(db, full=True)
    build = time.perf_counter() - started
    with db.read() as con:
        postings = scalar(con, "SELECT count(*) FROM search_postings")
        latest = [r[0] for r in con.execute("SELECT canonical_url FROM articles ORDER BY rowid DESC LIMIT 50")
                  .fetchall()]
    with db.write() as con:  # make the latest 50 "just landed": not in the index yet
        con.execute("DELETE FROM search_postings WHERE doc_id IN "
                    "(SELECT doc_id FROM search_docs WHERE canonical_url = ANY(?))", [latest])
        con.execute("DELETE FROM search_docs WHERE canonical_url = ANY(?)", [latest])
    upkeep = []
    for _ in ("new", "changed"):  # the second pass replaces what the first wrote
        with db.write() as con:
            started = time.perf_counter()
            searching.index_articles(con, latest)
            upkeep.append((time.perf_counter() - started) * 1000)
    python = [_timed(lambda q=q: searching.search(db, q, 10), repeat) for q in queries]
    with db.read() as con:
        sql = [_timed(lambda q=q: con.execute("SELECT * FROM search_articles(?) LIMIT 10", [q]).fetchall(), repeat)
               for q in queries]
    return [name, f"{indexed}", f"{postings:,}", f"{build:.1f}", f"{upkeep[0]:.0f} / {upkeep[1]:.0f}",
            f"{statistics.median(p for p, _ in python):.0f} / {max(p95 for _, p95 in python):.0f}",
            f"{statistics.median(p for p, _ in sql):.0f} / {max(p95 for _, p95 in sql):.0f}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000, help="synthetic corpus size")
    parser.add_argument("--demo-db", type=Path, help="an existing demo database, left untouched (default: run `geowire demo`)")
    parser.add_argument("--repeat", type=int, default=20, help="runs of each query")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="geowire-bench-") as tmp:
        demo = Path(tmp) / "demo.duckdb"
        if args.demo_db:  # a copy: measuring rebuilds the index
            shutil.copyfile(args.demo_db, demo)
        else:
            subprocess.run([str(Path(sys.executable).parent / "geowire"), "demo", "--db", str(demo)],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        rows.append(measure("demo", Database(demo), QUERIES_DEMO, args.repeat))
        started = time.perf_counter()
        db, queries = synthetic_db(Path(tmp) / "synthetic.duckdb", args.articles)
        print(f"(landed {args.articles} synthetic articles in {time.perf_counter() - started:.0f} s)")
        rows.append(measure(f"synthetic {args.articles}", db, queries, args.repeat))
    header = ["corpus", "articles", "postings", "build s", "50 new / changed ms", "search() ms p50/p95",
              "SQL macro ms p50/p95"]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
