"""End-to-end crawl throughput: `geowire run` against the peer (Scrapy + trafilatura + DuckDB), one invocation.

Generates the peer's synthetic news site (``../shared/peer_crawl/site.py``: robots.txt, a sitemap index, N
article pages of 60-120 KB with site chrome) on loopback, starts a Prefect server (as `geowire serve` would;
or uses $PREFECT_API_URL), then runs, in turn, the peer (``../shared/peer_crawl/peer_spider.py``) and
`geowire run` against the same site, ``--rounds`` times interleaved. Prints each crawl's pages/s, the ratio,
the peak RSS of each whole process tree (geowire's extraction workers included), the CPU each used and the
site server's CPU during it, and geowire's own split of the time per stage.

``--flat 10000`` also crawls a site of that many pages with geowire alone and compares its peak RSS with
the first run's (memory must stay flat as the crawl grows). Without ../shared the peer is skipped and the
site is geowire's own synthetic one (flows/demo_sites/synthetic.py).

    .venv/bin/python benchmarks/pipeline.py --pages 3000 --rounds 2 --flat 10000
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import httpx

from flows.demo_sites.synthetic import sources_toml
from storage.db import scalar

ROOT = Path(__file__).resolve().parent.parent
PEER = ROOT.parent / "shared" / "peer_crawl"
BIN = Path(sys.executable).parent
ENV = {**os.environ, "DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
       "PREFECT_LOGGING_LEVEL": "WARNING"}
CLOCK = os.sysconf("SC_CLK_TCK")


@dataclass
class Crawl:
    name: str
    pages: int
    seconds: float
    peak_mib: float
    cpu_seconds: float  # the crawler's processes, user + system
    site_cpu_seconds: float  # the site server's, during the crawl
    flow_seconds: float | None = None
    stages: str = ""
    load: float = field(default_factory=lambda: os.getloadavg()[0])  # 1-minute load average as it ended
    notes: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.pages / self.seconds


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        with contextlib.suppress(OSError):
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    todo += [int(child) for child in handle.read().split()]
    return pids


def _rss_kib(pid: int) -> int:
    with contextlib.suppress(OSError), open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a live process so far (not of its children)."""
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK


class _PeakRss:
    """Samples the RSS of a process tree (10 times a second): the peak of the sum, and the course of
    the top process's own RSS and of its children's (the extraction workers), to see what grows."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak_kib, self._done = pid, 0, threading.Event()
        self.samples: list[tuple[float, int, int]] = []  # (seconds, top process KiB, children KiB)
        self._started = time.monotonic()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._done.wait(0.1):
            top, *children = _tree(self.pid)
            own, rest = _rss_kib(top), sum(_rss_kib(pid) for pid in children)
            self.samples.append((time.monotonic() - self._started, own, rest))
            self.peak_kib = max(self.peak_kib, own + rest)

    def stop(self) -> float:
        self._done.set()
        self._thread.join()
        return self.peak_kib / 1024

    def course(self, parts: int = 10) -> str:
        """The highest RSS in each tenth of the run, in MiB: top process + children."""
        if not self.samples:
            return ""
        end = self.samples[-1][0] or 1.0
        slices: list[tuple[int, int]] = [(0, 0)] * parts
        for seconds, own, rest in self.samples:
            index = min(int(seconds / end * parts), parts - 1)
            if own + rest > sum(slices[index]):
                slices[index] = (own, rest)
        return " ".join(f"{own // 1024}+{rest // 1024}" for own, rest in slices)


def _run(command: list[str], site_pid: int, *, cwd: Path) -> tuple[str, float, float, float, float, str]:
    """Run a crawler; returns its stdout, wall seconds, peak tree RSS (MiB), its CPU, the site's CPU
    and the course of its RSS (``_PeakRss.course``)."""
    site_before = _cpu_seconds(site_pid)
    before = os.times()
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = _PeakRss(process.pid)
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    peak_mib = peak.stop()
    after = os.times()
    if process.returncode != 0:
        sys.exit(f"{command[0]} failed ({process.returncode}):\n{out}\n{err}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return out, seconds, peak_mib, cpu, _cpu_seconds(site_pid) - site_before, peak.course()


@contextlib.contextmanager
def site(pages: int) -> Iterator[tuple[int, int]]:
    """The site on a free loopback port: yields (port, server pid) once every page is generated."""
    if PEER.is_dir():
        command = [sys.executable, str(PEER / "site.py"), "0", str(pages)]
    else:
        serve = ("import sys, time; from flows.demo_sites.synthetic import serve; "
                 "server, base = serve(int(sys.argv[1])); print(base.rsplit(':', 1)[1], flush=True); time.sleep(1e9)")
        command = [sys.executable, "-c", serve, str(pages)]
    process = subprocess.Popen(command, cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True)
    try:
        assert process.stdout is not None
        yield int(process.stdout.readline()), process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def _healthy(api_url: str) -> bool:
    try:
        return httpx.get(f"{api_url}/health", timeout=2.0).status_code == 200
    except httpx.HTTPError:
        return False


@contextlib.contextmanager
def prefect_server(home: Path) -> Iterator[str]:
    """$PREFECT_API_URL if it answers, else a `prefect server start` of our own on a free port."""
    if os.environ.get("PREFECT_API_URL"):
        yield os.environ["PREFECT_API_URL"]
        return
    with contextlib.closing(__import__("socket").socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    api_url = f"http://127.0.0.1:{port}/api"
    process = subprocess.Popen([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                               env={**ENV, "PREFECT_HOME": str(home)}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not _healthy(api_url):
            if process.poll() is not None or time.monotonic() > deadline:
                sys.exit("could not start a Prefect server for the benchmark")
            time.sleep(0.5)
        yield api_url
    finally:
        process.terminate()
        process.wait(timeout=30)


def run_peer(port: int, site_pid: int, workdir: Path) -> Crawl:
    out, seconds, peak, cpu, site_cpu, _ = _run(
        [sys.executable, str(PEER / "peer_spider.py"), str(port), "--db", str(workdir / "peer.duckdb")],
        site_pid, cwd=workdir)
    found = re.search(r"pages=(\d+) seconds=([\d.]+)", out)
    if not found:
        sys.exit(f"the peer printed no result line:\n{out}")
    timers = re.search(r"extract_s=([\d.]+) store_s=([\d.]+)", out)
    crawl = Crawl("peer: Scrapy + trafilatura + DuckDB (its own timer)", int(found[1]), float(found[2]), peak, cpu,
                  site_cpu)
    crawl.notes.append(f"process wall {seconds:.1f} s" + (f"; trafilatura {timers[1]} s, DuckDB {timers[2]} s"
                                                          if timers else ""))
    return crawl


def run_geowire(port: int, pages: int, site_pid: int, workdir: Path, api_url: str | None,
                per_host_concurrency: int) -> Crawl:
    sources = workdir / "sources.toml"
    pattern = r"/news/\d+$" if PEER.is_dir() else r"/news/\d+/$"  # the peer's site or geowire's own
    sources.write_text(sources_toml(f"http://127.0.0.1:{port}", pages, per_host_concurrency, pattern),
                       encoding="utf-8")
    db = workdir / "geowire.duckdb"
    for stale in (db, db.with_name(db.name + ".wal")):  # each crawl starts from an empty database
        stale.unlink(missing_ok=True)
    shutil.rmtree(db.with_name(db.name + ".d"), ignore_errors=True)  # the working file and the archive
    if api_url:
        ENV["PREFECT_API_URL"] = api_url
    else:
        ENV.pop("PREFECT_API_URL", None)
    out, seconds, peak, cpu, site_cpu, course = _run([str(BIN / "geowire"), "run", "--sources", str(sources), "--db", str(db)],
                                             site_pid, cwd=workdir)
    with duckdb.connect(str(db), read_only=True) as con:
        landed = scalar(con, "SELECT count(*) FROM articles")
        flow_seconds = scalar(con, "SELECT epoch(finished_at - started_at) FROM runs")
    stages = re.search(r"time per stage: (.*)", out)
    server = "a running Prefect server" if api_url else "Prefect's temporary server"
    crawl = Crawl(f"geowire run, whole command ({server})", landed, seconds, peak, cpu, site_cpu, flow_seconds,
                  stages[1].strip() if stages else "")
    crawl.notes.append(f"RSS MiB by tenth of the run, geowire + its workers: {course}")
    return crawl


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=1, help="peer and geowire in turn, this many times")
    parser.add_argument("--flat", type=int, default=0, metavar="N",
                        help="also crawl N pages with geowire alone and compare its peak RSS")
    parser.add_argument("--temporary-server", action="store_true",
                        help="also run geowire once on Prefect's temporary per-process server (start-up included)")
    parser.add_argument("--per-host-concurrency", type=int, default=8,
                        help="geowire's requests in flight to the one host (the peer uses Scrapy's 32)")
    args = parser.parse_args()
    peer = PEER.is_dir() and importlib.util.find_spec("scrapy") is not None
    if not peer:
        print(f"peer skipped: {PEER} or scrapy is missing (pip install -e '.[bench]' and clone beside shared/)")
    crawls: list[Crawl] = []
    with tempfile.TemporaryDirectory(prefix="geowire-bench-") as tmp:
        workdir = Path(tmp)
        with prefect_server(workdir / "prefect") as api_url, site(args.pages) as (port, site_pid):
            for _ in range(args.rounds):
                if peer:
                    crawls.append(run_peer(port, site_pid, workdir))
                crawls.append(run_geowire(port, args.pages, site_pid, workdir, api_url, args.per_host_concurrency))
            if args.temporary_server:
                crawls.append(run_geowire(port, args.pages, site_pid, workdir, None, args.per_host_concurrency))
        flat = None
        if args.flat:
            with prefect_server(workdir / "prefect") as api_url, site(args.flat) as (port, site_pid):
                flat = run_geowire(port, args.flat, site_pid, workdir, api_url, args.per_host_concurrency)
    load = os.getloadavg()
    print(f"\n{args.pages} pages on loopback, {os.cpu_count()} cores, load average {load[0]:.1f} "
          f"{load[1]:.1f} {load[2]:.1f} (1/5/15 min) at the end\n")
    print(f"{'crawl':62} {'pages':>6} {'seconds':>8} {'pages/s':>8} {'peak RSS MiB':>13} {'CPU s':>6} "
          f"{'site CPU s':>10} {'load':>5}")
    for crawl in crawls:
        print(f"{crawl.name:62} {crawl.pages:6d} {crawl.seconds:8.1f} {crawl.rate:8.1f} {crawl.peak_mib:13.0f} "
              f"{crawl.cpu_seconds:6.1f} {crawl.site_cpu_seconds:10.1f} {crawl.load:5.1f}")
        if crawl.flow_seconds:
            print(f"{'  the flow run itself (runs.finished_at - started_at)':62} {crawl.pages:6d} "
                  f"{crawl.flow_seconds:8.1f} {crawl.pages / crawl.flow_seconds:8.1f}")
    print()
    peers = [c for c in crawls if c.name.startswith("peer")]
    for index, crawl in enumerate(c for c in crawls if c.flow_seconds):
        flow = crawl.flow_seconds or 0.0
        if crawl.stages:
            print(f"geowire stages: {crawl.stages}; outside the flow run (imports, Prefect, exit): "
                  f"{crawl.seconds - flow:.1f} s")
        print(f"  {'; '.join(crawl.notes)}")
        if peers:
            reference = peers[min(index, len(peers) - 1)]  # the peer run just before it
            print(f"ratio vs the peer's {reference.rate:.1f} pages/s: "
                  f"whole command {crawl.rate / reference.rate:.2f}x, "
                  f"flow run {crawl.pages / flow / reference.rate:.2f}x; peak RSS "
                  f"{crawl.peak_mib:.0f} vs {reference.peak_mib:.0f} MiB")
    for crawl in peers:
        print(f"peer: {'; '.join(crawl.notes)}")
    if flat is not None:
        first = next(c for c in crawls if c.flow_seconds)
        print(f"\nflat memory: {flat.pages} pages peak RSS {flat.peak_mib:.0f} MiB vs {first.peak_mib:.0f} MiB for "
              f"{first.pages} ({flat.peak_mib / first.peak_mib:.2f}x); flow {flat.pages / (flat.flow_seconds or 1.0):.1f} "
              f"pages/s, whole command {flat.rate:.1f}")
        print(f"  stages: {flat.stages}")
        print(f"  {'; '.join(flat.notes)}")


if __name__ == "__main__":
    main()
