"""Readers and writers of the DuckDB files, with real processes; prints tables of numbers.

    .venv/bin/python benchmarks/concurrency.py                 # everything (~10 min)
    .venv/bin/python benchmarks/concurrency.py --only publish  # publish cost at 100 MB and 1 GB
    .venv/bin/python benchmarks/concurrency.py --only soak --seconds 120

- publish: what republishing the query file costs per batch (CHECKPOINT, copy, replace)
  with working files of ~100 MB and ~1 GB;
- soak: one writer landing for ``--seconds`` (2 minutes by default) while one reader holds a
  read-only connection the whole time and 200 short plain-DuckDB reader processes (the pip
  duckdb CLI and Python, alternating) come and go: failures, freshness of the query file;
- writers: two writer processes landing disjoint and overlapping URL sets at once against one:
  pages/s, records lost or doubled;
- landing: batches landed per second by this tree and by the ``main`` branch's code (``git
  archive main``) in the same run, interleaved — today's landing against ours;
- workers: one ``geowire run`` against two ``geowire run --worker`` processes on the same sites.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from storage.db import Database, close_all, scalar

LANDERS = ROOT / "tests" / "landers.py"
CLI = Path(sys.executable).parent / "duckdb"


def _table(title: str, header: list[str], rows: Sequence[Sequence[object]]) -> None:
    print(f"\n{title}")
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=True)))


def _mib(path: Path) -> float:
    return path.stat().st_size / 2**20


# ---------------------------------------------------------------- publish cost


def _grow(db: Database, mib: int) -> None:
    """Fill the working file with synthetic articles (bodies of hex words, which compress poorly)
    until it is about ``mib`` MiB."""
    batch = 20_000
    start = 0
    while not db.work_path.exists() or _mib(db.work_path) < mib:
        with db.write(publish=False) as con:
            con.execute(f"""
                INSERT INTO articles (canonical_url, url, source, title, body, content_hash, record_hash, version,
                                      first_seen_at, last_seen_at, last_changed_at)
                SELECT 'https://filler.example/' || i, 'https://filler.example/' || i, 'filler', 'Story ' || i,
                       (SELECT string_agg(md5(i::VARCHAR || '-' || j::VARCHAR), ' ') FROM range(40) t(j)),
                       md5(i::VARCHAR), md5(i::VARCHAR), 1, now(), now(), now()
                FROM range({start}, {start + batch}) r(i)""")
        with db.write(transaction=False, publish=False) as con:
            con.execute("CHECKPOINT")
        start += batch


def bench_publish(workdir: Path) -> None:
    rows = []
    for target in (100, 1024):
        db = Database(workdir / f"publish-{target}.duckdb")
        _grow(db, target)
        costs = []
        for _ in range(3):
            with db.write(publish=False) as con:  # one small batch changed, as during a run
                con.execute("UPDATE articles SET last_seen_at = now() WHERE canonical_url = 'https://filler.example/1'")
            started = time.perf_counter()
            db.publish()
            costs.append(time.perf_counter() - started)
        close_all()
        copies = []  # the disk's own speed, for scale: a plain cp of the same file, just after
        for _ in range(3):
            started = time.perf_counter()
            subprocess.run(["cp", str(db.work_path), str(workdir / "plain-copy")], check=True)
            copies.append(time.perf_counter() - started)
            (workdir / "plain-copy").unlink()
        rows.append([f"{_mib(db.work_path):.0f} MiB", f"{statistics.mean(costs):.3f}", f"{min(costs):.3f}",
                     f"{max(costs):.3f}", f"{statistics.mean(copies):.3f}", f"{_mib(db.path):.0f} MiB"])
        shutil.rmtree(db.state_dir)
        db.path.unlink()
    _table("Publish cost per batch (CHECKPOINT + copy + replace; 3 publishes each)",
           ["working file", "mean s", "min s", "max s", "plain cp, mean s", "query file"], rows)


# ---------------------------------------------------------------- readers during a run


def _lander(db: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(LANDERS), "land", str(db), *args], text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def _short_reader(db: Path, use_cli: bool) -> tuple[bool, float]:
    sql = "SELECT count(*) FROM articles; SELECT count(*) FROM latest_articles"
    command = ([str(CLI), "-readonly", str(db), "-c", sql] if use_cli else
               [sys.executable, "-c", ("import duckdb, sys; c = duckdb.connect(sys.argv[1], read_only=True); "
                "[c.execute(q).fetchall() for q in sys.argv[2].split(';')]"), str(db), sql])
    started = time.perf_counter()
    done = subprocess.run(command, check=False, capture_output=True, text=True, timeout=120)
    return done.returncode == 0, time.perf_counter() - started


def bench_soak(workdir: Path, seconds: float, readers: int) -> None:
    db = Database(workdir / "soak.duckdb")
    seed = _lander(db.path, "--count", "200", "--batch", "100")
    seed.communicate()
    holder = subprocess.Popen([sys.executable, str(LANDERS), "hold", str(db.path), "--seconds", str(seconds + 5),
                               "--every", "0.5"], text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1)
    writer = _lander(db.path, "--first", "200", "--count", "2000", "--batch", "100", "--seconds", str(seconds))
    ages: list[float] = []
    stop = threading.Event()

    def watch() -> None:  # how old the query file is, twice a second
        while not stop.wait(0.5):
            ages.append(time.time() - db.path.stat().st_mtime)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    started = time.perf_counter()
    spacing = seconds / readers
    with ThreadPoolExecutor(4) as pool:
        futures = []
        for i in range(readers):
            time.sleep(max(0.0, started + i * spacing - time.perf_counter()))
            futures.append(pool.submit(_short_reader, db.path, i % 2 == 0 and CLI.exists()))
        results = [f.result() for f in futures]
    out, err = writer.communicate()
    stop.set()
    held_out, held_err = holder.communicate()
    batches = [json.loads(line) for line in out.splitlines()]
    seen = [json.loads(line) for line in held_out.splitlines()]
    with db.query() as con:
        articles = scalar(con, "SELECT count(*) FROM articles")
    _table(f"Soak: one writer for {seconds:.0f} s, one reader holding a connection, {readers} short readers",
           ["what", "value"], [
               ["writer exit code", writer.returncode],
               ["writer batches / pages landed", f"{len(batches)} / {sum(b['pages'] for b in batches)}"],
               ["writer pages/s (landing only)",
                f"{sum(b['pages'] for b in batches) / max(sum(b['seconds'] for b in batches), 1e-9):.0f}"],
               ["held reader: queries, errors", f"{len(seen)}, {0 if holder.returncode == 0 else held_err[-200:]}"],
               ["held reader: snapshots all consistent", all(s["articles"] == s["distinct"] for s in seen)],
               ["short readers: failures / total", f"{sum(not ok for ok, _ in results)} / {len(results)}"],
               ["short readers: median s", f"{statistics.median(t for _, t in results):.3f}"],
               ["query file age: median / max s", f"{statistics.median(ages):.1f} / {max(ages):.1f}"],
               ["articles in the query file at the end", articles],
               ["writer stderr", (err.strip().splitlines() or ["-"])[-1][:80]],
           ])


# ---------------------------------------------------------------- two writers


def _writers(workdir: Path, name: str, ranges: list[tuple[int, int]]) -> tuple[float, int, int, int]:
    db = Database(workdir / f"{name}.duckdb")
    started = time.perf_counter()
    writers = [_lander(db.path, "--first", str(first), "--count", str(count), "--batch", "100", "--worker", f"w{i}")
               for i, (first, count) in enumerate(ranges)]
    codes = [w.wait() for w in writers]
    seconds = time.perf_counter() - started
    assert codes == [0] * len(codes), [w.stderr.read() for w in writers if w.stderr]
    expected = len({i for first, count in ranges for i in range(first, first + count)})
    with db.query() as con:
        articles, distinct = con.execute("SELECT count(*), count(DISTINCT canonical_url) FROM articles").fetchall()[0]
    return seconds, expected - distinct, articles - distinct, sum(count for _, count in ranges)


def bench_writers(workdir: Path) -> None:
    rows = []
    for name, ranges in (("one writer", [(0, 2000)]), ("two, disjoint", [(0, 1000), (1000, 1000)]),
                         ("two, overlapping", [(0, 1200), (800, 1200)])):
        seconds, lost, doubled, pages = _writers(workdir, name.replace(" ", "").replace(",", ""), ranges)
        rows.append([name, pages, f"{seconds:.1f}", f"{pages / seconds:.0f}", lost, doubled])
    _table("Writer processes landing at once (batches of 100, each a real process; start-up included)",
           ["writers", "pages landed", "seconds", "pages/s", "lost", "doubled"], rows)


# ---------------------------------------------------------------- landing: main's code against ours

_DRIVER = """
import json, sys, time
sys.path[:0] = [sys.argv[1], sys.argv[1] + '/tests']
from landers import outcome
from storage import land as landing
from storage.db import Database
db = Database(sys.argv[2])
landing.start_run(db, 'bench', 'bench')
times = []
for b in range(int(sys.argv[3])):
    outcomes = [outcome(i, 0) for i in range(b * 100, b * 100 + 100)]
    started = time.perf_counter()
    landing.land(db, 'bench', 'synthetic', outcomes)
    times.append(time.perf_counter() - started)
landing.finish_run(db, 'bench', 'completed')
print(json.dumps(times))
"""


def bench_landing(workdir: Path, batches: int, rounds: int) -> None:
    main_tree = workdir / "main-tree"
    main_tree.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "main"], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(main_tree)], input=archive, check=True)
    for built in (ROOT / "scrapers").glob("_lexbor*.so"):
        shutil.copy(built, main_tree / "scrapers")
    shutil.copy(LANDERS, main_tree / "tests" / "landers.py")
    results: dict[str, list[float]] = {"main": [], "this tree": []}
    for r in range(rounds):  # interleaved: the machine's load hits both alike
        for name, tree in (("main", main_tree), ("this tree", ROOT)):
            out = subprocess.run([sys.executable, "-c", _DRIVER, str(tree), str(workdir / f"land-{name[0]}{r}.duckdb"),
                                  str(batches)], capture_output=True, text=True, check=True).stdout
            results[name] += json.loads(out)
    rows = [[name, len(times), f"{statistics.median(times) * 1000:.0f}", f"{100 / statistics.median(times):.0f}"]
            for name, times in results.items()]
    ratio = statistics.median(results["main"]) / statistics.median(results["this tree"])
    _table(f"Landing batches of 100 pages ({rounds} rounds of {batches} batches, interleaved); "
           f"this tree {ratio:.2f}x main", ["code", "batches", "median ms/batch", "pages/s"], rows)


# ---------------------------------------------------------------- worker runs


def _site_sources(bases: list[str]) -> str:
    head = "[defaults]\nallow_private_addresses = true\nhost_delay = 0\nper_host_concurrency = 4\nmax_pages = 100000\n"
    return head + "".join(f'\n[[source]]\nname = "site{i}"\nsitemaps = ["{base}/sitemap.xml"]\n'
                          f"article_patterns = ['/news/\\d+/$']\n" for i, base in enumerate(bases))


def bench_workers(workdir: Path, sites: int, pages: int) -> None:
    """One `geowire run` against two `geowire run --worker` processes on the same sites (each site
    answers 4 requests at a time with 20 ms of latency), on a shared Prefect test server."""
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    from flows.demo_sites.synthetic import serve

    servers = [serve(pages, delay=0.02) for _ in range(sites)]
    sources = workdir / "sites.toml"
    sources.write_text(_site_sources([base for _, base in servers]), encoding="utf-8")
    rows = []
    with prefect_test_harness(server_startup_timeout=120):
        env = {**os.environ, "PREFECT_API_URL": str(PREFECT_API_URL.value()), "PREFECT_LOGGING_LEVEL": "WARNING"}
        geowire = str(Path(sys.executable).parent / "geowire")
        for name, count, extra in (("one run", 1, []), ("two workers", 2, ["--worker"])):
            db = Database(workdir / f"{name.replace(' ', '-')}.duckdb")
            started = time.perf_counter()
            runs = [subprocess.Popen([geowire, "run", "--sources", str(sources), "--db", str(db.path), *extra],
                                     env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                    for _ in range(count)]
            codes = [run.wait() for run in runs]
            seconds = time.perf_counter() - started
            with db.query() as con:
                articles, distinct = con.execute("SELECT count(*), count(DISTINCT canonical_url) FROM articles"
                                                 ).fetchall()[0]
            rows.append([name, codes, articles, distinct, f"{seconds:.1f}", f"{articles / seconds:.0f}"])
    for server, _ in servers:
        server.shutdown()
    _table(f"Worker processes on this machine: {sites} sites x {pages} pages (whole commands, Prefect start-up "
           f"included)", ["how", "exit codes", "articles", "distinct", "seconds", "pages/s"], rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["publish", "soak", "writers", "landing", "workers"], action="append")
    parser.add_argument("--seconds", type=float, default=120.0, help="length of the soak run")
    parser.add_argument("--readers", type=int, default=200, help="short reader processes during the soak")
    args = parser.parse_args()
    chosen = args.only or ["publish", "soak", "writers", "landing", "workers"]
    os.environ.setdefault("DO_NOT_TRACK", "1")
    with tempfile.TemporaryDirectory(prefix="geowire-storage-bench-") as tmp:
        workdir = Path(tmp)
        print(f"duckdb {duckdb.__version__}; readers' CLI: "
              f"{subprocess.run([str(CLI), '--version'], check=False, capture_output=True, text=True).stdout.strip() or 'none'}")
        if "publish" in chosen:
            bench_publish(workdir)
        if "soak" in chosen:
            bench_soak(workdir, args.seconds, args.readers)
        if "writers" in chosen:
            bench_writers(workdir)
        if "landing" in chosen:
            bench_landing(workdir, batches=6, rounds=3)
        if "workers" in chosen:
            bench_workers(workdir, sites=4, pages=500)


if __name__ == "__main__":
    main()
