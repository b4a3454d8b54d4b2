"""Writer and reader processes for the concurrency tests and benchmarks/concurrency.py.

Run as a script, so that each writer or reader is a real process of its own, as a worker
or an analyst's DuckDB session would be:

    python tests/landers.py land DB --first 0 --count 500 --batch 50 [--seconds S] [--worker NAME]
    python tests/landers.py hold DB --seconds 30     # one read-only connection, queried until stopped

``land`` lands its URL range in batches (synthetic articles with an archived raw page each)
through the real landing code, publishing as a run does; with ``--seconds`` it keeps relanding
edited versions until the time is up. It prints one JSON line per batch. ``hold`` prints one JSON
line per query: what the snapshot it sees holds.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent.parent)]  # run as a script from anywhere

import duckdb  # noqa: E402

from scrapers.crawl import Outcome  # noqa: E402
from scrapers.models import Article, Page  # noqa: E402
from storage import land as landing  # noqa: E402
from storage.db import Database  # noqa: E402

WORDS = ["ceasefire", "talks", "envoy", "summit", "border", "troops", "sanctions", "parliament", "coalition", "treaty", "grain", "shipping", "strait", "missile", "drills", "election", "protest", "minister", "delegation", "pipeline", "tariffs"]
SOURCE = "synthetic"


def url_of(index: int) -> str:
    return f"https://synthetic.example/news/{index}"


def outcome(index: int, edition: int) -> Outcome:
    """A landed page: article ``index`` as of ``edition`` (a new edition is a content edit)."""
    rng = random.Random(index * 1000 + edition)
    body = "\n\n".join(" ".join(rng.choice(WORDS) for _ in range(60)).capitalize() + "." for _ in range(8))
    url = url_of(index)
    now = datetime.now(UTC)
    html = f"<html><body><h1>Story {index}</h1><p>{body}</p></body></html>".encode()
    page = Page(url=url, requested_url=url, status=200, headers={"content-type": "text/html"}, content=html,
                text=html.decode(), encoding="utf-8", fetched_at=now)
    article = Article(url=url, canonical_url=url, title=f"Story {index} edition {edition}", authors=("A. Writer",),
                      published_at=now, published_from="jsonld", language="en", body=body)
    return Outcome(url=url, state="landed", http_status=200, attempts=1, fetched_at=now, article=article, page=page)


def land(args: argparse.Namespace) -> None:
    """Land the URL range in batches, straight from a list as a worker with its own share of the URLs
    would (the frontier's hand-out is tested through real worker runs)."""
    db = Database(args.db)
    run_id = f"lander-{args.worker}"
    indexes = list(range(args.first, args.first + args.count))
    landing.start_run(db, run_id, "test")
    deadline = time.monotonic() + args.seconds
    edition = 0
    while True:
        for start in range(0, len(indexes), args.batch):
            chunk = indexes[start:start + args.batch]
            began = time.monotonic()
            counts = landing.land(db, run_id, SOURCE, [outcome(i, edition) for i in chunk], owner=args.worker)
            print(json.dumps({"landed": counts.landed, "unchanged": counts.unchanged, "pages": len(chunk),
                              "seconds": round(time.monotonic() - began, 4), "at": time.time()}), flush=True)
        edition += 1  # until the time is up (and --editions passes made): the same articles again, edited
        if time.monotonic() >= deadline and edition >= args.editions:
            break
    landing.finish_run(db, run_id, "completed")


def hold(args: argparse.Namespace) -> None:
    """One read-only connection to the query file for the whole time, as a notebook keeps one."""
    con = duckdb.connect(str(args.db), read_only=True)
    deadline = time.monotonic() + args.seconds
    while time.monotonic() < deadline:
        articles, distinct, history = con.execute(
            "SELECT count(*), count(DISTINCT canonical_url), (SELECT count(*) FROM article_history) "
            "FROM articles").fetchall()[0]
        print(json.dumps({"articles": articles, "distinct": distinct, "history": history}), flush=True)
        time.sleep(args.every)
    con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    lander = commands.add_parser("land")
    lander.add_argument("db", type=Path)
    lander.add_argument("--first", type=int, default=0)
    lander.add_argument("--count", type=int, default=200)
    lander.add_argument("--batch", type=int, default=50)
    lander.add_argument("--seconds", type=float, default=0.0)
    lander.add_argument("--editions", type=int, default=1, help="at least this many passes over the range")
    lander.add_argument("--worker", default="lander")
    holder = commands.add_parser("hold")
    holder.add_argument("db", type=Path)
    holder.add_argument("--seconds", type=float, default=10.0)
    holder.add_argument("--every", type=float, default=0.2)
    args = parser.parse_args()
    land(args) if args.command == "land" else hold(args)


if __name__ == "__main__":
    main()
