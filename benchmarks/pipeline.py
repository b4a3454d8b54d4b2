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
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
WORDS = ("minister summit talks sanctions ceasefire border troops election parliament coalition treaty "
         "pipeline tariffs embassy delegation negotiators agreement council envoy officials drills missile "
         "shipping strait grain exports energy prices inflation protest capital region security").split()
SITEMAP_CHUNK = 1000


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 24))]
    return " ".join(words).capitalize() + "."


def article_html(index: int) -> bytes:
    rng = random.Random(index)
    published = datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(minutes=37 * index)
    paragraphs = "\n".join(f"<p>{' '.join(_sentence(rng) for _ in range(rng.randint(2, 4)))}</p>"
                           for _ in range(rng.randint(6, 12)))
    title = _sentence(rng)[:80].rstrip(".")
    sidebar = "".join(f'<li><a href="/news/{(index + k) % 97}/">Other story {k}</a></li>' for k in range(8))
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title} | World News - Synthetic Times</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="Synthetic Times">
<meta property="article:published_time" content="{published.isoformat()}">
<link rel="canonical" href="/news/{index}/"></head><body>
<div class="td-header-top-menu"><div class="td-weather-top-widget"><span class="td-weather-now">
<span class="td-big-degrees">8.7</span><span class="td-weather-unit">C</span></span>
<span class="td-weather-city">New York</span></div><div class="td_data_time">Thursday, November 21, 2024</div></div>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world/">World</a></li></ul></nav>
<main><article><h1 class="entry-title">{title}</h1><div class="byline">By <a rel="author" href="/author/a{index % 13}/">
Author {index % 13}</a></div><div class="entry-content">{paragraphs}
<div class="related"><h4>Related Articles</h4><ul>{sidebar}</ul></div></div></article></main>
<aside class="sidebar"><h3>Latest Articles</h3><ul>{sidebar}</ul></aside>
<footer>© 2026 Synthetic Times</footer></body></html>""".encode()


class SyntheticSite(BaseHTTPRequestHandler):
    pages = 5000
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's name
        pass

    def _send(self, body: bytes, content_type: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        path = self.path.split("?")[0]
        if path == "/robots.txt":
            self._send(b"User-agent: *\nAllow: /\n", "text/plain")
        elif path == "/sitemap.xml":
            chunks = range(0, self.pages, SITEMAP_CHUNK)
            items = "".join(f"<sitemap><loc>http://{self.headers['Host']}/sitemap-{c}.xml</loc></sitemap>"
                            for c in chunks)
            self._send(f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                       f"{items}</sitemapindex>".encode(), "application/xml")
        elif path.startswith("/sitemap-"):
            start = int(path[len("/sitemap-"):-len(".xml")])
            urls = "".join(f"<url><loc>http://{self.headers['Host']}/news/{i}/</loc></url>"
                           for i in range(start, min(start + SITEMAP_CHUNK, self.pages)))
            self._send(f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                       f"{urls}</urlset>".encode(), "application/xml")
        elif path.startswith("/news/"):
            self._send(article_html(int(path.strip("/").split("/")[1])), "text/html; charset=utf-8")
        else:
            self._send(b"not found", "text/plain", 404)


def serve(pages: int) -> tuple[ThreadingHTTPServer, str]:
    SyntheticSite.pages = pages
    server = ThreadingHTTPServer(("127.0.0.1", 0), SyntheticSite)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def run_geowire(base: str, pages: int, workdir: Path) -> tuple[float, float, int]:
    sources = workdir / "sources.toml"
    sources.write_text(f"""[defaults]
allow_private_addresses = true
host_delay = 0
per_host_concurrency = 16
max_pages = {pages}

[[source]]
name = "synthetic"
sitemaps = ["{base}/sitemap.xml"]
article_patterns = ['/news/\\d+/$']
""", encoding="utf-8")
    db = workdir / "bench.duckdb"
    env = {**os.environ, "DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "PREFECT_LOGGING_LEVEL": "WARNING"}
    started = time.perf_counter()
    subprocess.run([str(Path(sys.executable).parent / "geowire"), "run", "--sources", str(sources), "--db", str(db)],
                   check=True, env=env, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    landed = duckdb.connect(str(db), read_only=True).execute("SELECT count(*) FROM articles").fetchone()[0]
    return seconds, peak_mib, landed


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
        seconds, peak_mib, landed = run_geowire(base, args.pages, Path(tmp))
    rows = [("geowire run (Prefect flow, fetch+extract+land)", seconds, landed, peak_mib)]
    if not args.no_reference:
        started = time.perf_counter()
        extracted = asyncio.run(_reference(base, args.pages, 16))
        rows.append(("reference: httpx + trafilatura.extract (no storage)", time.perf_counter() - started,
                     extracted, float("nan")))
    server.shutdown()
    print(f"\nSynthetic site: {args.pages} article pages on loopback, 2 cores\n")
    print(f"{'pipeline':55} {'seconds':>8} {'pages':>6} {'pages/s':>8} {'peak RSS MiB':>13}")
    for name, secs, count, rss in rows:
        print(f"{name:55} {secs:8.1f} {count:6d} {count / secs:8.1f} {rss:13.0f}")
    if len(rows) == 2:
        print(f"\nratio geowire/reference pages/s: {(rows[0][2] / rows[0][1]) / (rows[1][2] / rows[1][1]):.2f}x")


if __name__ == "__main__":
    main()
