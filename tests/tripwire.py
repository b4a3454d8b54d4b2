"""A network tripwire for the whole test suite: dialling or resolving anything beyond this machine raises.

Installed on import (``tests/conftest.py`` imports it), it wraps the few calls every
Python network stack goes through: ``socket.socket.connect``/``connect_ex`` (used by
``socket.create_connection``, asyncio's ``sock_connect``/``create_connection``, anyio
and so httpx), ``socket.socket.sendto`` (datagrams) and ``socket.getaddrinfo``
(asyncio's resolver runs it in a thread; IP literals pass, since they need no DNS).
Loopback addresses, ``localhost``, this machine's own name and Unix sockets pass;
anything else raises ``TripwireTriggered`` and is recorded in ``TRIPS``.

``TripwireTriggered`` is deliberately *not* an ``OSError``: network code that
catches ``OSError`` (and so would turn the trip into an ordinary "connection failed")
cannot swallow it. The SSRF tests assert that ``AddressRefused`` comes first and that
``TRIPS`` stays empty.
"""

from __future__ import annotations

import functools
import ipaddress
import socket
from collections.abc import Callable
from typing import Any

__all__ = ["TRIPS", "TripwireTriggered", "install", "is_local"]

TRIPS: list[str] = []
_LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})


class TripwireTriggered(AssertionError):
    """A test tried to reach (or resolve) a host outside this machine."""


def is_local(host: object) -> bool:
    """Whether ``host`` (an address or name) stays on this machine."""
    if host is None:
        return True  # getaddrinfo(None, port): the wildcard/loopback address of a server socket
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    name = str(host).strip("[]").partition("%")[0].lower().rstrip(".")
    if name in _LOCAL_NAMES or name.endswith(".localhost") or name == socket.gethostname().lower():
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback or address.is_unspecified


def _trip(what: str) -> TripwireTriggered:
    TRIPS.append(what)
    return TripwireTriggered(f"tripwire: a test tried to {what}; tests must stay on 127.0.0.0/8")


def _guard_connect(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def connect(self: socket.socket, address: Any, *args: Any, **kwargs: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not is_local(address[0]):
            raise _trip(f"connect to {address!r}")
        return original(self, address, *args, **kwargs)

    connect.__tripwire__ = True  # type: ignore[attr-defined]
    return connect


def _is_literal(host: object) -> bool:
    """An IP address literal: resolving it never asks a DNS server."""
    text = host.decode("ascii", "replace") if isinstance(host, bytes) else str(host)
    try:
        ipaddress.ip_address(text.strip("[]").partition("%")[0])
    except ValueError:
        return False
    return True


def _guard_sendto(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def sendto(self: socket.socket, data: bytes, *args: Any) -> Any:
        address = args[-1]  # sendto(data, address) or sendto(data, flags, address)
        if self.family in (socket.AF_INET, socket.AF_INET6) and not is_local(address[0]):
            raise _trip(f"send a datagram to {address!r}")
        return original(self, data, *args)

    sendto.__tripwire__ = True  # type: ignore[attr-defined]
    return sendto


def _guard_getaddrinfo(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not (is_local(host) or _is_literal(host)):
            raise _trip(f"resolve {host!r}")
        return original(host, *args, **kwargs)

    getaddrinfo.__tripwire__ = True  # type: ignore[attr-defined]
    return getaddrinfo


def install() -> None:
    """Wrap the connect and resolve calls (idempotent)."""
    guards = {"connect": _guard_connect, "connect_ex": _guard_connect, "sendto": _guard_sendto}
    for name, guard in guards.items():
        original = getattr(socket.socket, name)
        if not getattr(original, "__tripwire__", False):
            setattr(socket.socket, name, guard(original))
    if not getattr(socket.getaddrinfo, "__tripwire__", False):
        socket.getaddrinfo = _guard_getaddrinfo(socket.getaddrinfo)


install()
