"""The HTTP side of the demo sites: one loopback server for every publisher, on path prefixes.

Behaves like a well-run news server in the ways a crawler relies on: robots.txt, a
charset in every Content-Type, ETag and Last-Modified on every page, 304 answers to
If-None-Match / If-Modified-Since, gzip for clients that accept it (with a weak ETag,
as nginx does), a 301 to the trailing-slash URL WordPress-style, and a styled 404 page
per publisher. Query strings are ignored except for the parameters a
publisher addresses pages with (so utm-tagged links resolve like on real sites).
"""

from __future__ import annotations

import gzip
import hashlib
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from flows.demo_sites.site import TEXT, Resource, Site

ROBOTS = "User-agent: *\nAllow: /\n"
_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)  # Last-Modified of the static files (robots.txt)


def etag(resource: Resource) -> str:
    """A strong validator from the exact bytes, so any change (even the date bar) changes it."""
    return '"' + hashlib.sha256(resource.body).hexdigest()[:20] + '"'


def _accepts_gzip(accept_encoding: str) -> bool:
    for token in accept_encoding.split(","):
        coding, _, params = token.partition(";")
        if coding.strip().lower() == "gzip":
            return params.replace(" ", "") not in ("q=0", "q=0.0")
    return False


def _http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def _not_modified(headers: dict[str, str], tag: str, last_modified: datetime) -> bool:
    """RFC 9110 conditional GET: If-None-Match wins; If-Modified-Since only when it is absent."""
    if_none_match = headers.get("if-none-match")
    if if_none_match is not None:
        candidates = {c.strip().removeprefix("W/") for c in if_none_match.split(",")}
        return "*" in candidates or tag in candidates
    if_modified_since = headers.get("if-modified-since")
    if if_modified_since:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        return since.tzinfo is not None and last_modified.replace(microsecond=0) <= since
    return False


class DemoServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer that asks ``sites()`` for the current rendering on every request."""

    daemon_threads = True

    def __init__(self, sites: Callable[[], dict[str, Site]], *, port: int = 0, quiet: bool = True) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.sites = sites
        self.quiet = quiet

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def handle_error(self, request: object, client_address: tuple[str, int]) -> None:
        """A crawler closing a connection early (it refused a page, or was done) is routine, not a
        traceback on the demo's console; anything else is still reported."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]

    def robots(self) -> str:
        """Allow everything, and advertise the sitemaps the way real sites do."""
        sitemaps = (url for site in self.sites().values() for url in site.source["sitemaps"])
        return ROBOTS + "".join(f"Sitemap: {url}\n" for url in sitemaps)

    def lookup(self, target: str) -> tuple[int, Resource | str]:
        """(status, resource) for a request target; a 301 carries the Location instead."""
        parts = urlsplit(target)
        path = parts.path
        sites = self.sites()
        if path == "/robots.txt":
            return 200, Resource(self.robots().encode(), TEXT, _EPOCH)
        segments = path.split("/", 2)
        site = sites.get(segments[1]) if len(segments) > 1 else None
        if site is None:
            return 404, Resource(b"Not found\n", TEXT, _EPOCH, 404)
        query = parse_qs(parts.query)
        key = next((f"{path}?{k}={query[k][0]}" for k in site.query_keys if k in query), path)
        resource = site.routes.get(key)
        if resource is not None:
            return resource.status, resource
        if not path.endswith("/") and path + "/" in site.routes:
            return 301, f"http://127.0.0.1:{self.port}{path}/" + (f"?{parts.query}" if parts.query else "")
        return 404, site.not_found


class _Handler(BaseHTTPRequestHandler):
    server: DemoServer
    protocol_version = "HTTP/1.1"  # keep-alive, as crawlers expect
    disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms delayed-ACK stall per request
    server_version = "geowire-demo/0.1"

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, *, send_body: bool) -> None:
        status, found = self.server.lookup(self.path)
        if isinstance(found, str):
            self.send_response(status)
            self.send_header("Location", found)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        headers = {k.lower(): v for k, v in self.headers.items()}
        body, tag = found.body, etag(found)
        compress = status == 200 and _accepts_gzip(headers.get("accept-encoding", ""))
        if compress:
            body, tag = gzip.compress(body, mtime=0), "W/" + tag  # same content, another representation
        if status == 200 and _not_modified(headers, tag.removeprefix("W/"), found.last_modified):
            self.send_response(304)
            self.send_header("ETag", tag)
            self.send_header("Last-Modified", _http_date(found.last_modified))
            self.end_headers()
            return
        self.send_response(status)
        self.send_header("Content-Type", found.content_type)
        self.send_header("Content-Length", str(len(body)))
        if status == 200:
            self.send_header("ETag", tag)
            self.send_header("Last-Modified", _http_date(found.last_modified))
            self.send_header("Cache-Control", "max-age=60")
            self.send_header("Vary", "Accept-Encoding")
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        if not self.server.quiet:
            super().log_message(format, *args)
