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
    transport = GuardedTransport(policy, resolve_timeout=10)  # scrapers.transport: for httpx.AsyncClient(transport=...)
"""

from __future__ import annotations

import ipaddress
import socket
import typing
from dataclasses import dataclass
from urllib.parse import urlsplit

from scrapers.errors import AddressRefused, ConfigError, FetchError

__all__ = ["CLOUD_METADATA", "AddressPolicy", "IPAddress", "check_url"]

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


def resolved_addresses(infos: typing.Iterable[tuple[typing.Any, ...]]) -> list[IPAddress]:
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
    policy.check(parts.hostname, resolved_addresses(infos))
