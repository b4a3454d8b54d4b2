"""The HTTP transport under the fetcher: httpx's API over aiohttp's connection layer, behind the address guard.

A module of its own so that importing ``scrapers`` (every extraction worker does) does not load
aiohttp (~13 MiB a process); ``scrapers.fetch`` imports it when a ``Fetcher`` is made.
"""

from __future__ import annotations

import asyncio
import errno
import functools
import ipaddress
import socket
import ssl

import aiohttp
import httpx
from aiohttp.abc import AbstractResolver, ResolveResult
from httpx_aiohttp import AiohttpTransport

from scrapers.netguard import AddressPolicy, resolved_addresses

__all__ = ["GuardedResolver", "GuardedTransport"]


class GuardedResolver(AbstractResolver):
    """aiohttp's resolver for the guarded connector: resolves a name once, checks every address it
    got, and hands the connector those very addresses to dial (``AddressRefused`` otherwise)."""

    def __init__(self, policy: AddressPolicy, timeout: float) -> None:
        self._policy, self._timeout = policy, timeout

    async def resolve(self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
                      ) -> list[ResolveResult]:
        # (within the connect timeout: aiohttp's own connect timeouts start once an address is known)
        try:
            async with asyncio.timeout(self._timeout):
                infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM, family=family)
        except TimeoutError as exc:
            raise OSError(errno.ETIMEDOUT, f"resolving {host} timed out after {self._timeout:g} s") from exc
        addresses = resolved_addresses(infos)
        self._policy.check(host.rstrip("."), addresses)
        return [{"hostname": host, "host": str(address), "port": port, "proto": 0, "flags": socket.AI_NUMERICHOST,
                 "family": socket.AF_INET6 if address.version == 6 else socket.AF_INET} for address in addresses]

    async def close(self) -> None:
        return None


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """One certificate-verifying TLS context for every transport: loading the CA bundle costs ~0.1 s."""
    return httpx.create_ssl_context(trust_env=False)


MAX_HEADER_LINE = 16 * 1024  # bytes of one response header line (aiohttp's default is 8 KiB; h11 took 16 KiB)
MAX_HEADERS = 1000  # header lines in one response (aiohttp's default, 128, refuses pages that set 200 cookies)


class GuardedTransport(AiohttpTransport):
    """httpx's transport over aiohttp (``httpx-aiohttp``), dialling only addresses the policy allows.

    Why aiohttp under httpx's API: on a loopback crawl httpx's own transport (httpcore over anyio)
    cost ~2 CPU-ms a page on the event loop, aiohttp's C parser and protocol ~0.6 (benchmarks in
    docs/scale.md). A host name goes through ``GuardedResolver``; an address written in the URL, which
    aiohttp dials without resolving, is checked here first. Environment proxies are ignored on purpose:
    through a proxy the guard would only ever see the proxy's address. Cookies stay httpx's (the session
    keeps none of its own).
    """

    def __init__(self, policy: AddressPolicy, *, resolve_timeout: float, max_connections: int = 100) -> None:
        super().__init__(verify=_ssl_context(), trust_env=False, client=self._session)  # the shared context: no CA reload
        self._policy, self._resolve_timeout = policy, resolve_timeout
        self._max_connections = max_connections

    def _session(self) -> aiohttp.ClientSession:
        """The aiohttp session, made on first use (inside the event loop that will use it)."""
        connector = aiohttp.TCPConnector(resolver=GuardedResolver(self._policy, self._resolve_timeout),
                                         limit=self._max_connections, ssl=_ssl_context())
        session = aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar(), trust_env=False,
                                        max_line_size=MAX_HEADER_LINE, max_field_size=MAX_HEADER_LINE,
                                        max_headers=MAX_HEADERS)
        # aiohttp sends a GET a second time, at once, whenever the connection fails under it; the fetcher retries
        # with backoff and counts its attempts (a host that resets every connection must see 3, not 6), and
        # handle_async_request resends only where a kept-alive connection was closed (see there).
        # No public switch: tests/test_fetch.py's robots-reset test fails if this one stops working.
        session._retry_connection = False
        return session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        try:
            address = ipaddress.ip_address(host.partition("%")[0])
        except ValueError:
            pass  # a name: checked once resolved
        else:
            self._policy.check(host, [address])
        try:
            try:
                return await super().handle_async_request(request)
            except httpx.TransportError as exc:
                # A server may close a kept-alive connection just as it is reused (right after a redirect
                # or a reply sent without "Connection: close"): an orderly close before any reply, which a
                # fresh connection answers. One resend, at once, as RFC 9112 allows for GET and HEAD; a
                # reset (ClientOSError) is the fetcher's to retry with backoff.
                if request.method not in ("GET", "HEAD") or not isinstance(exc.__cause__, aiohttp.ServerDisconnectedError):
                    raise
            return await super().handle_async_request(request)
        except aiohttp.ClientResponseError as exc:  # not mapped by httpx-aiohttp: a reply that is not HTTP
            raise httpx.RemoteProtocolError(" ".join(str(exc.message or exc).split())) from exc
        except aiohttp.ClientError as exc:  # nor this: an invalid URL aiohttp refuses...
            raise httpx.TransportError(f"{type(exc).__name__}: {exc}") from exc
