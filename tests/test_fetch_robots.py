"""robots.txt policy: what each answer means (RFC 9309), and a hostile Crawl-delay cannot stall a run."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest
from adversarial import (
    FAST,
    LIMITS,
    AdversarialServer,
    adversarial_server_fixture,  # noqa: F401 - provides the adversarial_server fixture
    run,
)

from scrapers.fetch import Fetcher
from scrapers.robots import robots_rules, robots_url, user_agent_token

ROBOTS = b"""User-agent: *
Disallow: /private/
Crawl-delay: 2

User-agent: geowire
Disallow: /drafts/
Allow: /drafts/public
Request-rate: 1/5
"""


def test_groups_are_matched_by_product_token() -> None:
    rules = robots_rules(200, ROBOTS)
    assert not rules.allowed("https://example.com/drafts/x", "geowire")
    assert rules.allowed("https://example.com/drafts/public", "geowire")
    assert rules.allowed("https://example.com/private/x", "geowire")  # its own group replaces the * group
    assert not rules.allowed("https://example.com/private/x", "otherbot")
    assert rules.delay("geowire") == 5.0 and rules.delay("otherbot") == 2.0


@pytest.mark.parametrize("body", [
    b"\xef\xbb\xbfUser-agent: *\nDisallow: /private/\n",  # a BOM before the first line (Windows editors)
    "User-agent: *\r\nDisallow: /private/\r\n".encode("utf-16"),  # UTF-16, with its BOM
    b"User-agent: geowire/0.1\nDisallow: /private/\n",  # the product token written with its version
    b"User-agent: GeoWire/2.0 (+https://geowire.example)\nDisallow: /private/\nUser-agent: *\nDisallow:\n",
    b"User-agent:\nUser-agent: *\nDisallow: /private/\n",  # an empty User-agent line before the group's
    b"User-agent: \r\nUser-agent: otherbot\r\nUser-agent: *\r\nDisallow: /private/\r\n",
], ids=["utf-8-bom", "utf-16", "token-version", "token-comment", "empty-agent", "empty-agent-crlf"])
def test_rules_are_read_as_the_site_meant_them(body: bytes) -> None:
    rules = robots_rules(200, body)
    assert not rules.allowed("https://example.com/private/x", "geowire")
    assert rules.allowed("https://example.com/public/x", "geowire")


@pytest.mark.parametrize(("status", "allowed"), [(404, True), (410, True), (401, True), (403, True),
                                                 (500, False), (503, False)])
def test_status_policy(status: int, allowed: bool) -> None:
    rules = robots_rules(status, b"User-agent: *\nDisallow: /\n")  # an error page's body is never parsed
    assert rules.allowed("https://example.com/a", "geowire") is allowed and str(status) in rules.source


def test_token_and_location() -> None:
    assert user_agent_token("geowire/0.1 (+https://github.com/geowire/geowire)") == "geowire"
    assert user_agent_token("Mozilla/5.0 compatible") == "Mozilla"
    assert robots_url("https://Example.com:8443/a/b?c=d#e") == "https://example.com:8443/robots.txt"


def test_a_huge_crawl_delay_is_capped(adversarial_server: AdversarialServer) -> None:
    adversarial_server.robots = (200, b"User-agent: *\nCrawl-delay: 3600\n")
    polite = replace(FAST, max_crawl_delay=0.3)

    async def scenario() -> None:
        async with Fetcher(limits=LIMITS, politeness=polite) as fetcher:
            await asyncio.gather(*(fetcher.fetch(adversarial_server.url(f"/page?n={i}")) for i in range(3)))

    run(scenario(), within=5)
    starts = [request.at for request in adversarial_server.hits("/page")]
    assert len(starts) == 3 and starts[2] - starts[0] >= 0.5  # spaced by the cap, not by an hour
