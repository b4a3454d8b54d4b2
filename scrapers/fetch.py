"""The HTTP fetcher: polite to servers, resilient to failures, safe against hostile ones.

::

    async with Fetcher(politeness=Politeness(user_agent="mybot/1.0 (+https://example.org/bot)")) as fetcher:
        page = await fetcher.fetch("https://example.com/news/1", etag='"abc"')
        if page.not_modified: ...

One ``fetch`` runs these steps in order (Scrapy-style, one concern each):

1. circuit breaker: a host that failed ``circuit_breaker_threshold`` times in a row fails fast;
2. robots.txt: fetched once per origin and run (``scrapers.robots``), ``Crawl-delay`` honoured;
3. slot: per-host concurrency and spacing, then a global place (``scrapers.throttle``);
4. request: every connection resolves, checks and dials the checked address
   (``scrapers.netguard``); redirects are followed here, hop by hop, each one
   through the same guard and robots check (but in the slot of the host first asked for);
5. body: content-type allow-list (an unlabelled ``application/octet-stream`` only when it
   is gzip: a ``sitemap.xml.gz``), size caps while streaming, bounded inflation (of a gzip
   file too, whatever its label) and binary sniffing (``scrapers.payload``), then decoding
   (``scrapers.encoding``);
6. retry: connection errors, timeouts and ``RETRY_STATUSES`` are retried with
   exponential backoff and jitter, ``Retry-After`` deferring the whole host (capped).

Failures are ``scrapers.errors.FetchError`` subclasses carrying ``url`` and ``attempts``.
All attempts of one fetch share ``total_timeout``: a fetch holds its caller for at most
that long talking to servers, plus backoff sleeps and the politeness waits it queued for
(the robots.txt download, once per origin and run, has a ``total_timeout`` of its own).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import random
import time
from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Self

import httpx

from scrapers.dates.parse import http_date
from scrapers.encoding import charset_from_content_type, decode_as, html_encoding
from scrapers.errors import (
    ConfigError,
    ContentTypeRefused,
    FetchConnectError,
    FetchError,
    FetchTimeout,
    FetchTooLarge,
    GeowireError,
    HTTPStatusError,
    RobotsDisallowed,
    TooManyRedirects,
)
from scrapers.models import Page
from scrapers.netguard import AddressPolicy
from scrapers.payload import GZIP_MAGIC, SNIFF_BYTES, SUPPORTED_ENCODINGS, BoundedDecoder, sniff_binary
from scrapers.robots import (
    MAX_ROBOTS_BYTES,
    MAX_ROBOTS_REDIRECTS,
    UNREADABLE,
    RobotsRules,
    robots_rules,
    robots_url,
    user_agent_token,
)
from scrapers.throttle import HostThrottle

__all__ = [
    "DEFAULT_CONTENT_TYPES",
    "DEFAULT_LIMITS",
    "DEFAULT_POLITENESS",
    "DEFAULT_USER_AGENT",
    "RETRY_STATUSES",
    "FetchLimits",
    "Fetcher",
    "Politeness",
]

MiB = 1024 * 1024
DEFAULT_USER_AGENT = "geowire/0.1 (+https://github.com/geowire/geowire)"
DEFAULT_CONTENT_TYPES: frozenset[str] = frozenset({
    "text/html", "application/xhtml+xml", "application/xml", "text/xml",
    "application/rss+xml", "application/atom+xml", "application/rdf+xml", "text/plain",
    "application/gzip", "application/x-gzip",  # sitemap.xml.gz: inflated (bounded) and sniffed like any body
})
# What servers label a sitemap.xml.gz with when their type map knows no .gz (nginx's default, S3): read only
# when the body is gzip, inflated and then sniffed like any body.
_UNLABELLED_TYPES = frozenset({"application/octet-stream", "binary/octet-stream"})
# Worth another try: the same request may well succeed later. Every 5xx that means "not now"
# (not 501 Not Implemented or 505 HTTP Version Not Supported, which will not change), Cloudflare's
# 52x origin errors, request timeout, too early and too many requests.
RETRY_STATUSES: frozenset[int] = frozenset({408, 425, 429, 500, 502, 503, 504, 507, 509, 520, 521, 522, 523,
                                            524, 529})
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_RETRY_ERRORS = (FetchTimeout, FetchConnectError)


def _require_positive(owner: str, **values: float) -> None:
    for name, value in values.items():
        if not value > 0:
            raise ConfigError(f"{owner}.{name} must be positive, got {value!r}")


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """What one response may cost: time, bytes, hops and kinds of content.

    ``total_timeout`` bounds one ``fetch`` end to end, all attempts together (connect,
    redirects, headers and the whole body of each), so a server dripping one byte a
    second cannot hold a worker; connect and read timeouts apply per operation.
    """

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_body_bytes: int = 10 * MiB  # bytes on the wire
    max_decompressed_bytes: int = 32 * MiB  # bytes after undoing gzip/deflate
    max_redirects: int = 10
    content_types: frozenset[str] = DEFAULT_CONTENT_TYPES

    def __post_init__(self) -> None:
        _require_positive("FetchLimits", connect_timeout=self.connect_timeout, read_timeout=self.read_timeout,
                          total_timeout=self.total_timeout, max_body_bytes=self.max_body_bytes,
                          max_decompressed_bytes=self.max_decompressed_bytes)
        if self.max_redirects < 0:
            raise ConfigError(f"FetchLimits.max_redirects must be >= 0, got {self.max_redirects!r}")


@dataclass(frozen=True, slots=True)
class Politeness:
    """How we treat the sites we crawl, and which addresses we agree to reach.

    ``min_host_delay`` spaces request *starts* to one host; robots.txt may ask for
    more (up to ``max_crawl_delay``). ``max_attempts`` counts the first try.
    ``allow_private_addresses`` (or the narrower ``allowed_networks``) is the explicit
    opt-in for local sites; cloud-metadata addresses stay refused regardless.
    """

    user_agent: str = DEFAULT_USER_AGENT
    respect_robots: bool = True
    per_host_concurrency: int = 2
    min_host_delay: float = 1.0
    max_crawl_delay: float = 30.0
    global_concurrency: int = 16
    allow_private_addresses: bool = False
    allowed_networks: tuple[str, ...] = ()
    max_attempts: int = 3
    backoff_base: float = 0.5
    backoff_cap: float = 30.0
    max_retry_after: float = 120.0
    circuit_breaker_threshold: int = 5

    def __post_init__(self) -> None:
        _require_positive("Politeness", per_host_concurrency=self.per_host_concurrency,
                          global_concurrency=self.global_concurrency, max_attempts=self.max_attempts,
                          circuit_breaker_threshold=self.circuit_breaker_threshold)
        if min(self.min_host_delay, self.max_crawl_delay, self.backoff_base, self.backoff_cap,
               self.max_retry_after) < 0:
            raise ConfigError("Politeness delays must not be negative")
        if not self.user_agent.strip():
            raise ConfigError("Politeness.user_agent must name the crawler")
        _ = self.address_policy  # validates allowed_networks now, not at the first connection

    @property
    def address_policy(self) -> AddressPolicy:
        return AddressPolicy(allow_private=self.allow_private_addresses, allowed_networks=self.allowed_networks)

    def backoff(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number ``attempt``: exponential, capped, with "equal jitter"."""
        ceiling = min(self.backoff_cap, self.backoff_base * 2.0 ** (attempt - 1))
        return ceiling / 2 + random.uniform(0.0, ceiling / 2)


DEFAULT_LIMITS = FetchLimits()
DEFAULT_POLITENESS = Politeness()


@contextlib.contextmanager
def _translate_errors(url: str, budget: float) -> Iterator[None]:
    """The one place where httpx's (and asyncio's) exceptions become geowire's."""
    try:
        yield
    except GeowireError as exc:
        exc.url = exc.url or url
        raise
    except TimeoutError as exc:  # the fetch's total budget ran out (asyncio.timeout)
        raise FetchTimeout(f"no complete answer within the total timeout ({budget:.3g} s were left)", url=url) from exc
    except httpx.UnsupportedProtocol as exc:
        raise FetchError(f"unsupported URL: {exc}", url=url) from exc
    except httpx.TransportError as exc:  # connect, read, write errors; server closed or reset mid-body
        # The transport (httpx-aiohttp) names every aiohttp connection error a ConnectTimeout: what
        # aiohttp raised (the cause) tells a timeout from a refused, reset or broken connection.
        cause = exc.__cause__ or exc
        if isinstance(cause, TimeoutError | httpx.TimeoutException):  # httpx's name for it: ReadTimeout...
            raise FetchTimeout(f"{type(exc).__name__}: {exc or 'timed out'}", url=url) from exc
        raise FetchConnectError(f"{type(cause).__name__}: {exc or 'connection failed'}", url=url) from exc
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise FetchError(f"{type(exc).__name__}: {exc}", url=url) from exc


def _parse(url: str) -> httpx.URL:
    """The URL, parsed once for the whole fetch (its host is what it is throttled under, and the request
    and the robots check take it as it is); refuses what is not an absolute http(s) URL."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise FetchError(f"invalid URL: {exc}", url=url) from exc
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise FetchError(f"not an http(s) URL: {url[:200]}", url=url)
    return parsed


def _redirect_target(response: httpx.Response) -> str | None:
    if response.status_code not in _REDIRECT_STATUSES:
        return None
    location = response.headers.get("location")
    if not location:
        return None
    try:
        return str(response.url.join(location.strip()).copy_with(fragment=None))
    except httpx.InvalidURL as exc:
        raise FetchError(f"unusable redirect Location {location[:200]!r}: {exc}") from exc


def _retry_after(value: str | None) -> float | None:
    """Seconds asked for by a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    when = http_date(value)
    return None if when is None else max(0.0, (when - datetime.now(UTC)).total_seconds())


def _content_length(fields: Mapping[str, str]) -> int | None:
    try:
        return int(fields["content-length"])
    except (KeyError, ValueError):
        return None


def _fields(response: httpx.Response) -> dict[str, str]:
    """The response's header fields, names in lower case, repeated fields joined by ", " (as
    ``Headers.get`` joins them): read once a response, since each read of ``httpx.Headers`` decodes them all."""
    return dict(response.headers.items())


async def _read_body(response: httpx.Response, fields: Mapping[str, str], limits: FetchLimits, *, sniff: bool,
                     truncate: bool = False, gzip_only: bool = False) -> bytes:
    """The decoded body, never more than the limits allow, refusing binary data early when ``sniff``.

    A gzip *file* (``sitemap.xml.gz``, whether served as ``application/gzip``, as
    ``application/xml`` or unlabelled) is inflated too, within the same cap, and sniffed
    afterwards; with ``gzip_only`` (an unlabelled body) anything else is refused. With
    ``truncate`` an oversized body is cut (robots.txt: the first part is what counts) instead of refused.
    """
    declared = _content_length(fields)
    if not truncate and declared is not None and declared > limits.max_body_bytes:
        raise FetchTooLarge(f"Content-Length {declared} is over the limit of {limits.max_body_bytes} bytes")
    decoder = BoundedDecoder(fields.get("content-encoding", ""), limits.max_decompressed_bytes)
    content_type = fields.get("content-type", "")
    wide = (charset_from_content_type(content_type) or "").startswith(("utf-16", "utf-32"))
    body = bytearray()
    gzip_file: bool | None = None  # known once the first two bytes are in
    sniffed = not sniff
    try:
        async for chunk in response.aiter_raw():
            if response.num_bytes_downloaded > limits.max_body_bytes:
                raise FetchTooLarge(f"body is over the limit of {limits.max_body_bytes} bytes")
            body += decoder.feed(chunk)
            if gzip_file is None and len(body) >= len(GZIP_MAGIC):
                gzip_file = body.startswith(GZIP_MAGIC)
            if gzip_only and gzip_file is False:
                break  # refused below, without reading the rest
            if not sniffed and not gzip_file and len(body) >= SNIFF_BYTES:
                sniff_binary(bytes(body[:SNIFF_BYTES]), wide_charset=wide)
                sniffed = True
        if gzip_only and not gzip_file:
            raise ContentTypeRefused(f"Content-Type {content_type.split(';')[0].strip()} is not in the allow-list "
                                     "(and the body is not gzip)")
        if gzip_file:
            body = bytearray(BoundedDecoder("gzip", limits.max_decompressed_bytes).feed(bytes(body)))
    except FetchTooLarge:
        if not truncate:
            raise
        return bytes(body[: limits.max_body_bytes])
    if not sniffed:
        sniff_binary(bytes(body[:SNIFF_BYTES]), wide_charset=wide)
    return bytes(body)


class _Cookies(httpx.Cookies):
    """httpx's cookie jar, which reads a response for cookies only when it sets some: httpx's own wraps
    every response and its request for ``http.cookiejar`` first (a tenth of the fetcher's CPU a page)."""

    def extract_cookies(self, response: httpx.Response) -> None:
        if "set-cookie" in response.headers:  # (Set-Cookie2 is obsolete: the jar's policy ignores it)
            super().extract_cookies(response)


class _Client(httpx.AsyncClient):
    """httpx's client keeping its cookies in ``_Cookies`` (the jar its ``cookies`` property reads)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._cookies = _Cookies(self.cookies)


class Fetcher:
    """Fetches pages for one run: holds the connection pool, robots.txt cache, host slots and circuits.

    Use it as an async context manager (or call ``aclose``), in one event loop.
    """

    def __init__(self, limits: FetchLimits = DEFAULT_LIMITS, politeness: Politeness = DEFAULT_POLITENESS) -> None:
        self.limits = limits
        self.politeness = politeness
        from scrapers.transport import GuardedTransport  # here: extraction workers import this module, never fetch

        self._token = user_agent_token(politeness.user_agent)
        self._client = _Client(
            transport=GuardedTransport(politeness.address_policy, resolve_timeout=limits.connect_timeout,
                                       max_connections=politeness.global_concurrency * 2),
            headers={
                "User-Agent": politeness.user_agent,
                "Accept": ", ".join(sorted(limits.content_types)) + ", */*;q=0.1",
                "Accept-Encoding": ", ".join(SUPPORTED_ENCODINGS),
            },
            timeout=httpx.Timeout(connect=limits.connect_timeout, read=limits.read_timeout,
                                  write=limits.read_timeout, pool=limits.total_timeout),
            follow_redirects=False,
            trust_env=False,
        )
        self._throttle = HostThrottle(
            per_host=politeness.per_host_concurrency,
            global_cap=politeness.global_concurrency,
            delay=politeness.min_host_delay,
            threshold=politeness.circuit_breaker_threshold,
        )
        self._robots: dict[str, RobotsRules] = {}
        self._origins: dict[tuple[str, bytes, bytes], str] = {}  # (scheme, userinfo, netloc) -> its robots.txt URL
        self._robots_locks: dict[str, asyncio.Lock] = {}

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
                    decode: bool = True) -> Page:
        """GET ``url`` politely and safely; a conditional GET when ``etag``/``last_modified`` are given.

        Returns a ``Page`` (status 2xx, or 304 with an empty body); raises a
        ``FetchError`` subclass with ``.url`` and ``.attempts`` set. With ``decode=False`` a UTF-8
        body is not decoded (``text`` stays empty: the caller parses ``content``, the bytes); a body
        in another encoding is, as always.
        """
        try:
            parsed = _parse(url)
        except FetchError as exc:
            exc.attempts = 0  # type: ignore[attr-defined]  # nothing was sent
            raise
        host = parsed.host
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempt = 0
        budget = self.limits.total_timeout  # seconds left for talking to servers, all attempts together
        while True:
            attempt += 1
            try:
                self._throttle.check_circuit(host)
                await self._check_robots(url, parsed)
                async with self._throttle.slot(host):
                    started = time.monotonic()
                    try:
                        page = await self._attempt(url, parsed, headers, budget, decode, attempt)
                    finally:
                        budget -= time.monotonic() - started
            except FetchError as exc:
                exc.url = url  # the URL asked for, even when a redirect hop or its robots.txt failed
                exc.attempts = attempt  # type: ignore[attr-defined]
                if budget <= 0 or not self._worth_retrying(exc, host, attempt):
                    raise
            else:
                self._throttle.record(host, None)
                return page
            await asyncio.sleep(self.politeness.backoff(attempt))

    def _worth_retrying(self, exc: FetchError, host: str, attempt: int) -> bool:
        """Count a transient failure against the host; retry while attempts remain and its circuit is closed."""
        transient = isinstance(exc, _RETRY_ERRORS) or (
            isinstance(exc, HTTPStatusError) and exc.status in RETRY_STATUSES)
        if not transient:
            return False
        self._throttle.record(host, exc.reason)
        return attempt < self.politeness.max_attempts and not self._throttle.is_open(host)

    async def _attempt(self, url: str, parsed: httpx.URL, headers: dict[str, str], budget: float, decode: bool,
                       attempt: int) -> Page:
        started = time.monotonic()
        async with self._open(url, parsed, headers, budget, check_robots=True,
                              max_redirects=self.limits.max_redirects) as response:
            status = response.status_code
            fields = _fields(response)
            if status in RETRY_STATUSES:
                retry_after = _retry_after(fields.get("retry-after"))
                if retry_after is not None:
                    self._throttle.defer(response.url.host, min(retry_after, self.politeness.max_retry_after))
            if status != 304 and not 200 <= status < 300:
                raise HTTPStatusError(f"HTTP {status} {response.reason_phrase}".strip(), status=status)
            content_type = fields.get("content-type", "")
            mime = content_type.split(";")[0].strip().lower()
            if status == 304:
                content, text, encoding = b"", "", ""
            elif mime and mime not in self.limits.content_types and mime not in _UNLABELLED_TYPES:
                raise ContentTypeRefused(f"Content-Type {mime} is not in the allow-list")
            else:
                content = await _read_body(response, fields, self.limits, sniff=True,
                                           gzip_only=bool(mime) and mime not in self.limits.content_types)
                encoding = html_encoding(content, charset_from_content_type(content_type))
                text = decode_as(content, encoding) if decode or encoding != "utf-8" else ""
            return Page(
                url=str(response.url),
                requested_url=url,
                status=status,
                headers=fields,
                content=content,
                text=text,
                encoding=encoding,
                fetched_at=datetime.now(UTC),
                elapsed_ms=round((time.monotonic() - started) * 1000, 1),
                attempts=attempt,
            )

    @contextlib.asynccontextmanager
    async def _open(
        self, url: str, parsed: httpx.URL, headers: dict[str, str], budget: float, *, check_robots: bool,
        max_redirects: int
    ) -> AsyncIterator[httpx.Response]:
        """The final, non-redirect response to GET ``url`` (``parsed``), open for streaming, within ``budget`` seconds.

        Redirects are followed here rather than by httpx so that each hop passes the
        scheme check, the robots check and (by opening its own connection) the address guard.
        """
        with _translate_errors(url, budget):
            async with asyncio.timeout(budget):
                seen = [url]
                current = parsed
                while True:
                    request = self._client.build_request("GET", current, headers=headers)
                    response = await self._client.send(request, stream=True)
                    try:
                        target = _redirect_target(response)
                        if target is None:
                            yield response
                            return
                    finally:
                        await response.aclose()
                    if target in seen:
                        raise TooManyRedirects(f"redirect loop: {' -> '.join([*seen, target])}")
                    if len(seen) > max_redirects:
                        raise TooManyRedirects(f"more than {max_redirects} redirects from {url}")
                    current = _parse(target)
                    if check_robots:
                        await self._check_robots(target, current)
                    seen.append(target)

    async def _check_robots(self, url: str, parsed: httpx.URL) -> None:
        """Raise ``RobotsDisallowed`` unless the origin's robots.txt lets us fetch ``url`` (``parsed``)."""
        if not self.politeness.respect_robots:
            return
        # The robots.txt URL, worked out once per origin (building it parses the URL again).
        key = (parsed.scheme, parsed.userinfo, parsed.netloc)
        origin = self._origins.get(key)
        if origin is None:
            origin = self._origins[key] = robots_url(url)
        rules = self._robots.get(origin)
        if rules is None:
            async with self._robots_locks.setdefault(origin, asyncio.Lock()):
                rules = self._robots.get(origin)
                if rules is None:
                    rules = self._robots[origin] = await self._fetch_robots(origin)
                    delay = rules.delay(self._token)
                    if delay:
                        self._throttle.set_delay(parsed.host, min(delay, self.politeness.max_crawl_delay))
        if not rules.allowed(url, self._token):
            raise RobotsDisallowed(f"{rules.source}: {self._token} may not fetch {url}", url=url)

    async def _fetch_robots(self, url: str) -> RobotsRules:
        limits = dataclasses.replace(self.limits, max_body_bytes=MAX_ROBOTS_BYTES,
                                     max_decompressed_bytes=MAX_ROBOTS_BYTES)
        try:
            async with self._open(url, _parse(url), {}, self.limits.total_timeout, check_robots=False,
                                  max_redirects=MAX_ROBOTS_REDIRECTS) as response:
                body = await _read_body(response, _fields(response), limits, sniff=False, truncate=True)
                return robots_rules(response.status_code, body)
        except (TooManyRedirects, ContentTypeRefused):  # a redirect loop, an undecodable body
            return UNREADABLE
