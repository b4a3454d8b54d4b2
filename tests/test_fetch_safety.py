"""The SSRF guard refuses internal addresses after DNS and on every redirect, before any socket is dialled.

The suite-wide tripwire (tests/tripwire.py) raises ``TripwireTriggered`` on any
attempt to dial a non-loopback address; these tests assert that ``AddressRefused``
comes first and that the tripwire never fired.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
import tripwire
from adversarial import (
    FAST,
    AdversarialServer,
    adversarial_server_fixture,  # noqa: F401 - provides the adversarial_server fixture
    fetch,
    raises,
    run,
)

from scrapers.errors import AddressRefused, ConfigError, FetchError
from scrapers.fetch import DEFAULT_POLITENESS, Politeness
from scrapers.netguard import AddressPolicy

STRICT = replace(DEFAULT_POLITENESS, min_host_delay=0.0, backoff_base=0.01)  # the default guard
ONLY_TEST_SERVER = replace(STRICT, allowed_networks=("127.0.0.1/32",))  # opt-in OFF, one exemption


@pytest.fixture()
def no_trips() -> Iterator[None]:
    """Fail the test if anything tried to dial or resolve beyond this machine while it ran."""
    before = len(tripwire.TRIPS)
    yield
    assert tripwire.TRIPS[before:] == []


@pytest.mark.parametrize(("address", "reason"), [
    ("127.0.0.1", "loopback"), ("127.8.9.10", "loopback"), ("::1", "loopback"), ("::ffff:127.0.0.1", "loopback"),
    ("10.1.2.3", "private"), ("172.16.0.1", "private"), ("192.168.1.1", "private"), ("fc00::1", "private"),
    ("169.254.1.1", "link-local"), ("fe80::1", "link-local"), ("100.64.0.1", "cgnat"),
    ("224.0.0.1", "multicast"), ("ff02::1", "multicast"), ("0.0.0.0", "unspecified"), ("::", "unspecified"),
    ("169.254.169.254", "cloud-metadata"), ("fd00:ec2::254", "cloud-metadata"),
    ("::ffff:169.254.169.254", "cloud-metadata"), ("2002:a00:1::", "private"), ("64:ff9b::7f00:1", "loopback"),
    ("240.0.0.1", "reserved"), ("93.184.216.34", None), ("2606:4700::1111", None),
])
def test_address_policy_by_default(address: str, reason: str | None) -> None:
    assert AddressPolicy().refusal(ipaddress.ip_address(address)) == reason


def test_opt_in_allows_private_but_never_cloud_metadata() -> None:
    allowing = AddressPolicy(allow_private=True)
    assert allowing.refusal(ipaddress.ip_address("10.0.0.1")) is None
    assert allowing.refusal(ipaddress.ip_address("169.254.169.254")) == "cloud-metadata"
    narrow = AddressPolicy(allowed_networks=("127.0.0.1/32",))
    assert narrow.refusal(ipaddress.ip_address("127.0.0.1")) is None
    assert narrow.refusal(ipaddress.ip_address("127.0.0.2")) == "loopback"
    with pytest.raises(ConfigError, match="not a CIDR"):
        Politeness(allowed_networks=("localhost",))


def test_loopback_is_refused_by_default_before_connecting(adversarial_server: AdversarialServer,
                                                          no_trips: None) -> None:
    error = raises(AddressRefused, fetch(adversarial_server.url("/page"), politeness=STRICT))
    assert "loopback" in str(error) and error.state == "skipped" and error.attempts == 1  # type: ignore[attr-defined]
    assert adversarial_server.connections == 0


def test_names_are_checked_after_resolution(adversarial_server: AdversarialServer, no_trips: None) -> None:
    error = raises(AddressRefused, fetch(adversarial_server.url("/page", host="localhost"), politeness=STRICT))
    assert "localhost (" in str(error) and "loopback" in str(error)
    assert adversarial_server.connections == 0


@pytest.mark.parametrize("politeness", [STRICT, FAST], ids=["default", "private-allowed"])
def test_cloud_metadata_is_never_dialled(politeness: Politeness, no_trips: None) -> None:
    error = raises(AddressRefused, fetch("http://169.254.169.254/latest/meta-data/", politeness=politeness))
    assert "cloud-metadata" in str(error)


@pytest.mark.parametrize(("target", "reason"), [
    ("http://169.254.169.254/latest/meta-data/iam/", "cloud-metadata"),
    ("http://10.0.0.1/admin", "private"),
    ("http://[fe80::1]/", "link-local"),
    ("http://[::ffff:7f00:2]/", "loopback"),
    ("http://127.0.0.2/", "loopback"),
])
def test_every_redirect_hop_is_checked(adversarial_server: AdversarialServer, no_trips: None,
                                       target: str, reason: str) -> None:
    """The first hop is the exempted test server; the hop it redirects to must be refused, undialled."""
    error = raises(AddressRefused, fetch(adversarial_server.url(f"/redirect?to={target}"), politeness=ONLY_TEST_SERVER))
    assert reason in str(error) and error.url == adversarial_server.url(f"/redirect?to={target}")
    assert len(adversarial_server.hits("/redirect")) == 1


def test_redirect_to_a_name_with_one_refused_address_is_refused(adversarial_server: AdversarialServer,
                                                                no_trips: None) -> None:
    """``localhost`` may resolve to 127.0.0.1 *and* ::1; the exemption covers only the former."""
    target = adversarial_server.url("/page", host="localhost")
    localhost = {info[4][0] for info in socket.getaddrinfo("localhost", None)}
    outcome = fetch(adversarial_server.url(f"/redirect?to={target}"), politeness=ONLY_TEST_SERVER)
    if localhost <= {"127.0.0.1"}:
        assert run(outcome).url == target
    else:
        raises(AddressRefused, outcome)
        assert not adversarial_server.hits("/page")


def test_dns_is_resolved_once_and_the_checked_address_is_dialled(adversarial_server: AdversarialServer,
                                                                 monkeypatch: pytest.MonkeyPatch,
                                                                 no_trips: None) -> None:
    """A rebinding resolver (safe answer first, metadata address after) cannot win: there is no second lookup."""
    answers: list[str] = []
    real = socket.getaddrinfo

    def rebinding(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "news.rebind.test":
            answers.append("127.0.0.1" if not answers else "169.254.169.254")
            return real(answers[-1], port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    page = run(fetch(adversarial_server.url("/page", host="news.rebind.test"),
                     politeness=replace(ONLY_TEST_SERVER, respect_robots=False)))
    assert page.status == 200 and answers == ["127.0.0.1"]
    assert adversarial_server.hits("/page")[0].headers["host"] == f"news.rebind.test:{adversarial_server.port}"


def test_only_http_urls_are_fetched(no_trips: None) -> None:
    for url in ("file:///etc/passwd", "ftp://example.com/x", "gopher://127.0.0.1:70/", "not a url"):
        with pytest.raises(FetchError, match="http") as caught:
            run(fetch(url, politeness=FAST))
        assert caught.value.attempts == 0  # type: ignore[attr-defined]


def test_the_tripwire_catches_what_the_guard_would_have_missed() -> None:
    """Proof that the tripwire works: every path to a non-loopback address trips it (and nothing leaves)."""
    before = len(tripwire.TRIPS)
    with pytest.raises(tripwire.TripwireTriggered):
        socket.create_connection(("192.0.2.1", 80), timeout=1)
    with socket.socket() as sock, pytest.raises(tripwire.TripwireTriggered):
        sock.connect_ex(("203.0.113.5", 443))
    with pytest.raises(tripwire.TripwireTriggered):
        asyncio.run(asyncio.open_connection("198.51.100.7", 80))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp, pytest.raises(tripwire.TripwireTriggered):
        udp.sendto(b"ping", ("192.0.2.53", 53))
    with pytest.raises(tripwire.TripwireTriggered):
        socket.getaddrinfo("example.com", 443)
    assert len(tripwire.TRIPS) == before + 5
    del tripwire.TRIPS[before:]
