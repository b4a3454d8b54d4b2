"""Fetcher overhead and throughput against a local keep-alive server; decoding and URL canonicalisation speed.

    .venv/bin/python benchmarks/fetch.py [--pages 400] [--concurrency 16]

Prints one table. The server runs in its own thread on 127.0.0.1 and answers every
GET with the same 20 KB HTML page, so the numbers are the client's cost: plain
httpx, then the geowire ``Fetcher`` (address guard, robots cache, throttle, bounded
body reading, sniffing and charset decoding) with politeness delays turned off.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

from scrapers.encoding import decode_html
from scrapers.fetch import Fetcher, FetchLimits, Politeness
from scrapers.urls import canonicalize_url

PAGE = ("<!doctype html><html><head><meta charset='utf-8'><title>Bench</title></head><body>"
        + "<p>Ministers met in Brussels on Wednesday to negotiate an energy agreement.</p>" * 260
        + "</body></html>").encode()
CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


async def _handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """HTTP/1.1 with keep-alive: enough protocol for a benchmark, nothing more."""
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            body = b"User-agent: *\nAllow: /\n" if head.startswith(b"GET /robots.txt") else PAGE
            content_type = b"text/plain" if body is not PAGE else b"text/html; charset=utf-8"
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: " + content_type
                         + b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


def _start_server() -> int:
    ready: list[int] = []
    started = threading.Event()

    def serve() -> None:
        async def main() -> None:
            server = await asyncio.start_server(_handle, "127.0.0.1", 0)
            ready.append(server.sockets[0].getsockname()[1])
            started.set()
            await server.serve_forever()

        asyncio.run(main())

    threading.Thread(target=serve, daemon=True).start()
    started.wait(10)
    return ready[0]


async def _timed(pages: int, concurrency: int, get: Callable[[str], Awaitable[object]], base: str) -> float:
    gate = asyncio.Semaphore(concurrency)

    async def one(i: int) -> None:
        async with gate:
            await get(f"{base}/article/{i}")

    started = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(pages)))
    return time.perf_counter() - started


async def _bench_fetch(pages: int, concurrency: int, port: int) -> list[tuple[str, float, float]]:
    base = f"http://127.0.0.1:{port}"
    rows = []
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=concurrency)) as client:
        seconds = await _timed(pages, concurrency, client.get, base)
        rows.append(("plain httpx GET", seconds, pages / seconds))
    for label, robots in (("Fetcher, robots off", False), ("Fetcher, robots on (cached)", True)):
        politeness = Politeness(user_agent="geowire-bench/0.1", allow_private_addresses=True, min_host_delay=0.0,
                                per_host_concurrency=concurrency, global_concurrency=concurrency,
                                respect_robots=robots)
        async with Fetcher(limits=FetchLimits(), politeness=politeness) as fetcher:
            seconds = await _timed(pages, concurrency, fetcher.fetch, base)
        rows.append((label, seconds, pages / seconds))
    return rows


def _bench_decode() -> tuple[str, float, float]:
    files = sorted(CORPUS.glob("*/html/*"))[:200]
    blobs = [gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes() for p in files]
    started = time.perf_counter()
    for blob in blobs:
        decode_html(blob)
    seconds = time.perf_counter() - started
    megabytes = sum(map(len, blobs)) / 1e6
    return (f"decode_html, {len(blobs)} corpus pages ({megabytes:.1f} MB)", seconds, megabytes / seconds)


def _bench_canonicalize(n: int = 20000) -> tuple[str, float, float]:
    urls = [f"HTTPS://News.Example.com:443/world/2025/{i}/story/?utm_source=rss&id={i}&b=2#c" for i in range(n)]
    started = time.perf_counter()
    for url in urls:
        canonicalize_url(url)
    seconds = time.perf_counter() - started
    return (f"canonicalize_url x {n}", seconds, n / seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    port = _start_server()
    rows = asyncio.run(_bench_fetch(args.pages, args.concurrency, port))
    print(f"{'what':<52} {'seconds':>8} {'per second':>12}")
    for label, seconds, rate in rows:
        print(f"{label + f' ({args.pages} x 20 KB, c={args.concurrency})':<52} {seconds:>8.2f} {rate:>8.0f} pages")
    if CORPUS.is_dir():
        label, seconds, rate = _bench_decode()
        print(f"{label:<52} {seconds:>8.2f} {rate:>8.1f} MB")
    label, seconds, rate = _bench_canonicalize()
    print(f"{label:<52} {seconds:>8.2f} {rate:>8.0f} URLs")


if __name__ == "__main__":
    main()
