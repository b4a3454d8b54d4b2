"""An HTTP server on 127.0.0.1 that misbehaves on purpose, for the fetcher tests.

Raw sockets, one thread per connection, one request per connection, so a route can
do what no well-behaved framework lets it: drip one byte at a time, never answer,
lie about its length, reset the connection mid-body, or inflate to gigabytes.

Routes (the query string configures them):

=================================  ===================================================
``/page?kb=N``                      an HTML page (ETag ``"v1"``; 304 to a matching If-None-Match)
``/robots.txt``                     ``server.robots`` (status, body); 404 by default; status 0 resets
``/drip?every=S``                   headers, then one byte every S seconds, forever
``/stall``                          accepts, reads the request, never answers
``/hold``                           answers only once ``server.release()`` is called
``/endless``                        an HTML body without end, as fast as it can be sent
``/bomb``                           a small gzip body that inflates to 64 MiB of HTML
``/redirect?to=URL&status=302``     a redirect to anywhere
``/loop/a``, ``/loop/b``            redirect to each other
``/chain/N``                        N redirects in a row, then a page
``/flaky?key=K&fails=N&status=S``   answers S (with ``retry_after=``) N times per key, then a page
``/big?bytes=N&chunked=1``          an N-byte HTML page, without Content-Length when chunked
``/reset``                          declares 100 000 bytes, sends 5 000, then resets the connection
``/short``                          declares 100 000 bytes, sends 5 000, then closes politely
``/header-bomb``                    a status line, then headers without end
anything in ``server.static``       a fixed (content type, body, extra headers) answer
=================================  ===================================================
"""

from __future__ import annotations

import asyncio
import functools
import socket
import struct
import threading
import time
import zlib
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass, field
from typing import Any, Self, TypeVar
from urllib.parse import parse_qs, urlsplit

import pytest

from scrapers.errors import FetchError
from scrapers.fetch import Fetcher, FetchLimits, Politeness
from scrapers.models import Page

__all__ = [
    "FAST", "LIMITS", "AdversarialServer", "Request", "adversarial_server_fixture", "fetch", "html_page", "raises",
    "run",
]

_REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 304: "Not Modified", 404: "Not Found",
            429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable"}


def html_page(body: str = "Hello", size: int = 0) -> bytes:
    """A small valid HTML document, padded with a comment to ``size`` bytes when asked."""
    page = f"<!doctype html><html><head><title>t</title></head><body><p>{body}</p></body></html>".encode()
    return page + b"<!--" + b"x" * max(0, size - len(page) - 7) + b"-->" if size > len(page) else page


@functools.cache
def _gzip_bomb() -> bytes:
    """64 MiB of whitespace inside an HTML tag, gzipped to about 64 KiB."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    chunk = b" " * (1024 * 1024)
    parts = [packer.compress(b"<html><body>")] + [packer.compress(chunk) for _ in range(64)]
    return b"".join([*parts, packer.flush()])


@dataclass(frozen=True, slots=True)
class Request:
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # lower-cased names
    at: float  # time.monotonic() when the request was read


@dataclass
class AdversarialServer:
    """Start with ``with AdversarialServer() as server:``; ``server.url("/page")`` is on 127.0.0.1."""

    robots: tuple[int, bytes] = (404, b"not found")
    static: dict[str, tuple[str, bytes, dict[str, str]]] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    connections: int = 0
    _counters: dict[str, int] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _released: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _listener: socket.socket | None = None

    def __enter__(self) -> Self:
        listener = socket.create_server(("127.0.0.1", 0))
        listener.settimeout(0.2)
        self._listener = listener
        threading.Thread(target=self._accept_loop, daemon=True).start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._released.set()
        if self._listener is not None:
            self._listener.close()

    @property
    def port(self) -> int:
        assert self._listener is not None, "server not started"
        return int(self._listener.getsockname()[1])

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def release(self) -> None:
        """Let every ``/hold`` request (waiting or still to come) have its answer."""
        self._released.set()

    def hits(self, path: str) -> list[Request]:
        """The requests made to ``path`` (query string ignored), in order."""
        return [request for request in self.requests if request.path == path]

    # -- plumbing -----------------------------------------------------------------------------

    def _accept_loop(self) -> None:
        assert self._listener is not None
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            with self._lock:
                self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _read_request(self, conn: socket.socket) -> Request | None:
        data = b""
        while b"\r\n\r\n" not in data and len(data) < 65536:
            chunk = conn.recv(4096)
            if not chunk:
                return None
            data += chunk
        head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
        target = head[0].split(" ")[1]
        headers = dict(line.split(":", 1) for line in head[1:] if ":" in line)
        parts = urlsplit(target)
        return Request(
            path=parts.path,
            query={key: values[0] for key, values in parse_qs(parts.query).items()},
            headers={key.strip().lower(): value.strip() for key, value in headers.items()},
            at=time.monotonic(),
        )

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(30)
        try:
            request = self._read_request(conn)
            if request is None:
                return
            with self._lock:
                self.requests.append(request)
            self._route(conn, request)
        except OSError:
            pass  # the client went away: expected for most misbehaving routes
        finally:
            conn.close()

    @staticmethod
    def _head(status: int, headers: dict[str, str]) -> bytes:
        lines = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}", "Connection: close"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    def _send(self, conn: socket.socket, status: int, body: bytes = b"", content_type: str = "text/html",
              headers: dict[str, str] | None = None) -> None:
        all_headers = {"Content-Type": content_type, "Content-Length": str(len(body)), **(headers or {})}
        conn.sendall(self._head(status, all_headers) + body)

    @staticmethod
    def _reset(conn: socket.socket) -> None:
        """Make the coming close() send a TCP RST instead of an orderly FIN."""
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    def _count(self, key: str) -> int:
        with self._lock:
            self._counters[key] = self._counters.get(key, 0) + 1
            return self._counters[key]

    def _stream(self, conn: socket.socket, chunk: bytes, every: float) -> None:
        """Send ``chunk`` every ``every`` seconds until the client leaves or the server stops."""
        conn.sendall(self._head(200, {"Content-Type": "text/html"}))
        deadline = time.monotonic() + 60
        while not self._stop.is_set() and time.monotonic() < deadline:
            conn.sendall(chunk)
            if every:
                time.sleep(every)

    # -- routes -------------------------------------------------------------------------------

    def _route(self, conn: socket.socket, request: Request) -> None:
        path, query = request.path, request.query
        if path in self.static:
            content_type, body, headers = self.static[path]
            self._send(conn, 200, body, content_type, headers)
        elif path == "/robots.txt":
            status, body = self.robots
            if status == 0:
                self._reset(conn)
            else:
                self._send(conn, status, body, "text/plain")
        elif path == "/page":
            if request.headers.get("if-none-match") == '"v1"':
                self._send(conn, 304, headers={"ETag": '"v1"'})
            else:
                self._send(conn, 200, html_page(size=int(query.get("kb", "0")) * 1024),
                           headers={"ETag": '"v1"', "Last-Modified": "Wed, 01 Jan 2025 00:00:00 GMT"})
        elif path == "/drip":
            self._stream(conn, b" ", float(query.get("every", "0.1")))
        elif path == "/endless":
            self._stream(conn, b"<p>" + b"all work and no play " * 3000 + b"</p>", 0)
        elif path == "/hold":
            self._released.wait(30)
            self._send(conn, 200, html_page("released"))
        elif path == "/stall":
            conn.recv(1)  # returns when the client closes
        elif path == "/bomb":
            self._send(conn, 200, _gzip_bomb(), headers={"Content-Encoding": "gzip"})
        elif path == "/redirect":
            self._send(conn, int(query.get("status", "302")), headers={"Location": query["to"]})
        elif path.startswith("/loop/"):
            self._send(conn, 302, headers={"Location": "/loop/b" if path == "/loop/a" else "/loop/a"})
        elif path.startswith("/chain/"):
            left = int(path.rsplit("/", 1)[1])
            if left:
                self._send(conn, 301, headers={"Location": f"/chain/{left - 1}"})
            else:
                self._send(conn, 200, html_page("end of chain"))
        elif path == "/flaky":
            if self._count(query["key"]) <= int(query.get("fails", "2")):
                extra = {"Retry-After": query["retry_after"]} if "retry_after" in query else {}
                self._send(conn, int(query.get("status", "500")), b"try later", "text/plain", extra)
            else:
                self._send(conn, 200, html_page("finally"))
        elif path == "/big":
            body = html_page(size=int(query["bytes"]))
            if query.get("chunked"):
                conn.sendall(self._head(200, {"Content-Type": "text/html"}) + body)
            else:
                self._send(conn, 200, body)
        elif path == "/short":
            conn.sendall(self._head(200, {"Content-Type": "text/html", "Content-Length": "100000"}) + b"<p>" * 1700)
        elif path == "/garbage":  # not HTTP at all: a status line no parser accepts
            conn.sendall(b"SSH-2.0-OpenSSH_9.6\r\n\r\n")
        elif path == "/header-bomb":
            conn.sendall(b"HTTP/1.1 200 OK\r\n")
            for n in range(1_000_000):
                if self._stop.is_set():
                    break
                conn.sendall(f"X-Filler-{n}: {'x' * 100}\r\n".encode())
        elif path == "/reset":
            conn.sendall(self._head(200, {"Content-Type": "text/html", "Content-Length": "100000"}) + b"<p>" * 1700)
            time.sleep(0.05)
            self._reset(conn)
        else:
            self._send(conn, 404, b"no such route", "text/plain")


@pytest.fixture(name="adversarial_server")
def adversarial_server_fixture() -> Iterator[AdversarialServer]:
    """A fresh misbehaving server per test (cheap: one socket and one thread)."""
    with AdversarialServer() as server:
        yield server


# -- fetching against it ----------------------------------------------------------------------

# A local server, no waiting between requests, fast retries: what the tests use.
FAST = Politeness(user_agent="geowire-test/0.1", allow_private_addresses=True, min_host_delay=0.0,
                  backoff_base=0.01, backoff_cap=0.05)
LIMITS = FetchLimits(connect_timeout=2, read_timeout=2, total_timeout=5)
T = TypeVar("T")


async def fetch(url: str, *, limits: FetchLimits = LIMITS, politeness: Politeness = FAST, etag: str | None = None,
                last_modified: str | None = None) -> Page:
    """One fetch with a fresh ``Fetcher`` (fresh robots cache, throttle and circuits)."""
    async with Fetcher(limits=limits, politeness=politeness) as fetcher:
        return await fetcher.fetch(url, etag=etag, last_modified=last_modified)


def run(coro: Coroutine[Any, Any, T], *, within: float = 10.0) -> T:
    """Run ``coro``, failing the test if it takes ``within`` seconds or more (a generous bound, not a benchmark)."""
    started = time.monotonic()
    try:
        return asyncio.run(asyncio.wait_for(coro, within + 5))
    finally:
        assert time.monotonic() - started < within, "the fetch was not bounded in time"


def raises(error: type[FetchError], coro: Coroutine[Any, Any, Page], *, within: float = 10.0) -> FetchError:
    """Run ``coro`` and return the ``error`` it must raise, within ``within`` seconds."""
    with pytest.raises(error) as caught:
        run(coro, within=within)
    return caught.value
