"""A large synthetic news site on loopback: N generated article pages behind a sitemap index.

For the pipeline benchmark (thousands of pages) and the crash/concurrency tests (a site slow
enough to interrupt). Pages carry the same chrome as real themes (weather widget, date bar,
related/latest blocks, sidebar) so the whole extractor runs, not a shortcut.
"""

from __future__ import annotations

import random
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

WORDS = ["minister", "summit", "talks", "sanctions", "ceasefire", "border", "troops", "election", "parliament", "coalition", "treaty", "pipeline", "tariffs", "embassy", "delegation", "negotiators", "agreement", "council", "envoy", "officials", "drills", "missile", "shipping", "strait", "grain", "exports", "energy", "prices", "inflation", "protest", "capital", "region", "security"]
SITEMAP_CHUNK = 1000


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 24))]
    return " ".join(words).capitalize() + "."


def article_html(index: int) -> bytes:
    rng = random.Random(index)
    published = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=37 * index)
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
    delay = 0.0  # seconds before answering an article page (a slow site)
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # else each keep-alive response stalls ~40 ms on delayed ACKs

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, body: bytes, content_type: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
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
            time.sleep(self.delay)
            self._send(article_html(int(path.strip("/").split("/")[1])), "text/html; charset=utf-8")
        else:
            self._send(b"not found", "text/plain", 404)


def serve(pages: int, delay: float = 0.0) -> tuple[ThreadingHTTPServer, str]:
    """Start the site in a daemon thread; returns the server (``shutdown()`` it) and its base URL."""
    handler = type("Site", (SyntheticSite,), {"pages": pages, "delay": delay})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def sources_toml(base: str, max_pages: int, per_host_concurrency: int = 16,
                 article_pattern: str = r"/news/\d+/$") -> str:
    """A sources file for the site (loopback, no politeness delay); ``article_pattern`` fits
    other synthetic sites with the same layout (the peer crawl's has no trailing slash)."""
    return f"""[defaults]
allow_private_addresses = true
host_delay = 0
per_host_concurrency = {per_host_concurrency}
max_pages = {max_pages}

[[source]]
name = "synthetic"
sitemaps = ["{base}/sitemap.xml"]
article_patterns = ['{article_pattern}']
"""
