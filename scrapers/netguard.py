"""Server-side request forgery guard: never let a fetched URL make us dial an internal address.

A news page, a feed or a redirect chooses the URLs we fetch, so any of them can
point at ``http://169.254.169.254/`` (cloud credentials), ``http://localhost:2375``
or a router on the LAN. The guard sits in the *connection* layer, not in URL
checks: the host name is resolved once, every resolved address is checked, and the
socket is opened to that very address. A DNS answer that changes between "check"
and "connect" (DNS rebinding) therefore cannot slip through, and every redirect
hop opens its connection through the same gate.

    policy = AddressPolicy(allow_private=False)
    policy.refusal(ipaddress.ip_address("10.0.0.1"))   # -> "private"
    transport = GuardedTransport(policy)                 # for httpx.AsyncClient(transport=...)
"""

from __future__ import annotations

import asyncio
import ctypes
import functools
import ipaddress
import select
import socket
import ssl
import typing
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpcore
import httpx

from scrapers.errors import AddressRefused, ConfigError, FetchError

__all__ = ["CLOUD_METADATA", "AddressPolicy", "GuardedBackend", "GuardedTransport", "IPAddress", "check_url"]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Instance-metadata endpoints hand out cloud credentials; a crawler never needs them,
# so they stay refused even when private addresses are allowed.
CLOUD_METADATA: frozenset[IPAddress] = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254",  # AWS, GCP, Azure, OpenStack, Oracle, DigitalOcean
    "169.254.170.2",  # AWS ECS task metadata
    "169.254.169.123",  # AWS time sync
    "100.100.100.200",  # Alibaba Cloud
    "168.63.129.16",  # Azure wire server (a public address)
    "fd00:ec2::254",  # AWS over IPv6
))
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, 6to4, NAT64), which is what gets dialled."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _category(address: IPAddress) -> str | None:
    """Why ``address`` is not a public unicast address, or ``None`` when it is."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            return _category(embedded)
    checks = (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("cgnat", isinstance(address, ipaddress.IPv4Address) and address in _CGNAT),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
        ("non-public", not address.is_global),
    )
    return next((name for name, hit in checks if hit), None)


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """Which resolved addresses may be dialled.

    ``allow_private`` opens loopback, private, link-local and the other non-public
    ranges (a local demo site, the tests); ``allowed_networks`` opens only the listed
    CIDR blocks, e.g. ``("127.0.0.1/32",)``. Cloud-metadata endpoints stay refused either way.
    """

    allow_private: bool = False
    allowed_networks: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for net in self.allowed_networks:
            try:
                ipaddress.ip_network(net, strict=False)
            except ValueError as exc:
                raise ConfigError(f"allowed_networks: {net!r} is not a CIDR block ({exc})") from exc

    def refusal(self, address: IPAddress) -> str | None:
        """The reason ``address`` is refused (``"loopback"``, ``"cloud-metadata"``, ...), or ``None``."""
        unmapped = _embedded_ipv4(address) if isinstance(address, ipaddress.IPv6Address) else None
        if address in CLOUD_METADATA or unmapped in CLOUD_METADATA:
            return "cloud-metadata"
        if self.allow_private:
            return None
        if any(address in ipaddress.ip_network(net, strict=False) for net in self.allowed_networks):
            return None
        return _category(address)

    def check(self, host: str, addresses: typing.Iterable[IPAddress]) -> None:
        """Raise ``AddressRefused`` if *any* address ``host`` resolved to is refused.

        One bad answer refuses the host: a resolver mixing a public and an internal
        address is exactly what a rebinding attack looks like.
        """
        for address in addresses:
            reason = self.refusal(address)
            if reason is not None:
                shown = host if host == str(address) else f"{host} ({address})"
                raise AddressRefused(f"refusing to connect to {shown}: {reason} address")


def _addresses(infos: typing.Iterable[tuple[typing.Any, ...]]) -> list[IPAddress]:
    """The distinct addresses of ``getaddrinfo`` results, without IPv6 zone ids."""
    return list(dict.fromkeys(ipaddress.ip_address(str(info[4][0]).partition("%")[0]) for info in infos))


def check_url(url: str, policy: AddressPolicy) -> None:
    """Refuse, before any request, a URL given by hand that can never be fetched: not an absolute
    http(s) URL (``FetchError``), or a host whose addresses the policy refuses (``AddressRefused``).
    A host that does not resolve passes: the fetch will record that, as for any other page."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"invalid URL {url!r}: {exc}", url=url) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{url!r} is not an http(s) URL", url=url)
    try:
        infos = socket.getaddrinfo(parts.hostname, port or 80, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return
    policy.check(parts.hostname, _addresses(infos))


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """An httpcore network backend that resolves, checks, then connects to the checked address."""

    def __init__(self, policy: AddressPolicy) -> None:
        self._policy = policy
        self._backend = httpcore.AnyIOBackend()

    async def _resolve(self, host: str, port: int, timeout: float | None) -> list[IPAddress]:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"resolving {host} timed out") from exc
        except OSError as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        return _addresses(infos)

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self._resolve(host, port, timeout)
        self._policy.check(host, addresses)
        error: Exception = httpcore.ConnectError(f"{host} resolved to no address")
        for address in addresses:
            try:
                return _KeptSocket.around(
                    await self._backend.connect_tcp(str(address), port, timeout, local_address, socket_options))
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        raise error

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise AddressRefused(f"refusing to connect to unix socket {path}")

    async def sleep(self, seconds: float) -> None:
        await self._backend.sleep(seconds)


class _PollFd(ctypes.Structure):
    _fields_ = [("fd", ctypes.c_int), ("events", ctypes.c_short), ("revents", ctypes.c_short)]


def _readable_check() -> Callable[[socket.socket], bool]:
    """Whether a socket has data or a hang-up waiting, asked without giving up the GIL where libc's
    ``poll`` is at hand: ``select.poll`` lets go of it around every call, and the event loop that asks
    (for each idle connection, at every request) then waits for the writer thread to hand it back. A
    poll with no timeout never blocks, so holding the GIL through it costs nothing."""
    try:
        poll = ctypes.PyDLL(None).poll  # a PyDLL's functions are called holding the GIL
    except (OSError, AttributeError, TypeError):  # no libc poll (Windows)
        return lambda sock: bool(select.select([sock], [], [], 0)[0])
    poll.argtypes = [ctypes.POINTER(_PollFd), ctypes.c_ulong, ctypes.c_int]
    poll.restype = ctypes.c_int

    def readable(sock: socket.socket) -> bool:
        entry = _PollFd(sock.fileno(), select.POLLIN, 0)
        return bool(poll(ctypes.byref(entry), 1, 0))  # -1 (an error) counts as readable: the connection goes

    return readable


_readable = _readable_check()


class _KeptSocket(httpcore.AsyncNetworkStream):
    """A stream that answers httpcore's questions about its socket from the socket it keeps.

    For every request it places, httpcore's connection pool asks each of its connections whether it has
    expired, which for an idle one means asking its stream for the socket and whether it is readable (the
    server hung up). anyio answers "which socket" by building every attribute of the socket, the peer's
    address from the kernel included: 59,000 ``getpeername`` calls for 3,000 pages, each of which lets go of
    the event loop's GIL and waits to take it back from the landing writer."""

    def __init__(self, stream: httpcore.AsyncNetworkStream, sock: socket.socket | None) -> None:
        self._stream = stream
        self._socket = sock

    @classmethod
    def around(cls, stream: httpcore.AsyncNetworkStream) -> _KeptSocket:
        return cls(stream, stream.get_extra_info("socket"))

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._stream.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._stream.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._stream.aclose()

    async def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                        timeout: float | None = None) -> httpcore.AsyncNetworkStream:
        return _KeptSocket(await self._stream.start_tls(ssl_context, server_hostname, timeout), self._socket)

    def get_extra_info(self, info: str) -> typing.Any:
        if info == "socket":
            return self._socket
        if info == "is_readable":  # as httpcore's own check: a socket gone or closed counts as readable
            return self._socket is None or self._socket.fileno() == -1 or _readable(self._socket)
        return self._stream.get_extra_info(info)


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """One certificate-verifying TLS context for every transport: loading the CA bundle costs ~0.1 s."""
    return httpx.create_ssl_context(trust_env=False)


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport, with its connection pool dialling through ``GuardedBackend``.

    Environment proxies are ignored on purpose: through a proxy the guard would
    only ever see the proxy's address.
    """

    def __init__(self, policy: AddressPolicy, *, max_connections: int = 100) -> None:
        super().__init__(verify=_ssl_context(), trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=_ssl_context(),
            max_connections=max_connections,
            max_keepalive_connections=max_connections,
            network_backend=GuardedBackend(policy),
        )
