"""End-to-end throughput of `geowire run` on a synthetic news site of N article pages on loopback.

Serves a generated site (a Google News sitemap index + N article pages with site chrome) from
this process, runs `geowire run` as a child process against it, and prints pages/s and the
child's peak RSS. For reference it then fetches the same pages with httpx (same concurrency)
and extracts them with trafilatura, and prints the ratio.

    .venv/bin/python benchmarks/pipeline.py --pages 5000
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from flows.demo_sites.synthetic import serve, sources_toml
from storage.db import scalar


def run_geowire(base: str, pages: int, workdir: Path) -> tuple[float, float, float, int]:
    """Run `geowire run` as a child process; returns its wall seconds, the flow run's own seconds (from
    the runs table: without Prefect's temporary-server start-up), the child's peak RSS (MiB), articles."""
    sources = workdir / "sources.toml"
    sources.write_text(sources_toml(base, pages), encoding="utf-8")
    db = workdir / "bench.duckdb"
    env = {**os.environ, "DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "PREFECT_LOGGING_LEVEL": "WARNING"}
    started = time.perf_counter()
    subprocess.run([str(Path(sys.executable).parent / "geowire"), "run", "--sources", str(sources), "--db", str(db)],
                   check=True, env=env, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    con = duckdb.connect(str(db), read_only=True)
    landed = scalar(con, "SELECT count(*) FROM articles")
    flow_seconds = scalar(con, "SELECT epoch(finished_at - started_at) FROM runs")
    return seconds, flow_seconds, peak_mib, landed


async def _reference(base: str, pages: int, concurrency: int) -> int:
    import httpx
    import trafilatura

    semaphore = asyncio.Semaphore(concurrency)
    extracted = 0
    async with httpx.AsyncClient() as client:
        async def one(i: int) -> None:
            nonlocal extracted
            async with semaphore:
                response = await client.get(f"{base}/news/{i}/")
            if trafilatura.extract(response.text):
                extracted += 1
        await asyncio.gather(*(one(i) for i in range(pages)))
    return extracted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--no-reference", action="store_true", help="skip the httpx + trafilatura reference")
    args = parser.parse_args()
    server, base = serve(args.pages)
    with tempfile.TemporaryDirectory(prefix="geowire-bench-") as tmp:
        seconds, flow_seconds, peak_mib, landed = run_geowire(base, args.pages, Path(tmp))
    rows = [("geowire run, whole command (incl. Prefect start-up)", seconds, landed, peak_mib),
            ("geowire run, the flow run itself", flow_seconds, landed, peak_mib)]
    if not args.no_reference:
        started = time.perf_counter()
        extracted = asyncio.run(_reference(base, args.pages, 16))
        rows.append(("reference: httpx + trafilatura.extract (no storage)", time.perf_counter() - started,
                     extracted, float("nan")))
    server.shutdown()
    print(f"\nSynthetic site: {args.pages} article pages on loopback, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}\n")
    print(f"{'pipeline':55} {'seconds':>8} {'pages':>6} {'pages/s':>8} {'peak RSS MiB':>13}")
    for name, secs, count, rss in rows:
        print(f"{name:55} {secs:8.1f} {count:6d} {count / secs:8.1f} {rss:13.0f}")
    if len(rows) == 3:
        reference = rows[2][2] / rows[2][1]
        print(f"\nratio geowire/reference pages/s: whole command {rows[0][2] / rows[0][1] / reference:.2f}x, "
              f"flow run {rows[1][2] / rows[1][1] / reference:.2f}x")


if __name__ == "__main__":
    main()
