"""robots.txt as a decision: what a fetched (or unfetchable) robots.txt allows, per RFC 9309.

The fetcher downloads ``/robots.txt`` once per origin and run; this module only
turns the answer into rules, so the policy for each status lives in one place:

* 2xx: parse it with protego (``Disallow``, ``Allow``, ``Crawl-delay``, ``Request-rate``), after
  setting aside a byte order mark and what follows a ``User-agent`` line's product token;
* 4xx (404, 401, 403, ...): there are no rules, allow everything (RFC 9309 2.3.1.3);
* 5xx: the server is in trouble, assume everything is disallowed for this run (2.3.1.4);
* more than 5 redirects, or a body that cannot be decoded: unavailable, like a 4xx (2.3.1.2).

An unreachable robots.txt (refused, reset, timed out) is *not* turned into rules:
the fetch fails like the page would, and is tried again for the next URL of that host.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import httpx
from protego import Protego

from scrapers.encoding import bom_encoding, decode_as

__all__ = [
    "MAX_ROBOTS_BYTES", "MAX_ROBOTS_REDIRECTS", "UNREADABLE", "RobotsRules", "robots_rules", "robots_url",
    "user_agent_token",
]

MAX_ROBOTS_BYTES = 512 * 1024  # RFC 9309 2.5: parse at least the first 500 KiB, ignore the rest
MAX_ROBOTS_REDIRECTS = 5  # RFC 9309 2.3.1.2
# RFC 9309 2.2.1: a product token is letters, '_' and '-'. A line that writes a version or a comment after it
# ("User-agent: geowire/0.1") still names it, as Google's parser reads it; protego would match no crawler.
# (Spaces only, never a line break: an empty "User-agent:" line must not take the next line's first word.)
_USER_AGENT_VALUE = re.compile(r"^([ \t]*user-agent[ \t]*:[ \t]*)([A-Za-z_-]+)[^#\r\n]*",
                               re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """The rules of one origin for one crawler; ``source`` says where they came from (for error messages)."""

    source: str
    parser: Protego | None = None
    allow_all: bool = True

    def allowed(self, url: str, token: str) -> bool:
        if self.parser is None:
            return self.allow_all
        return bool(self.parser.can_fetch(url, token))

    def delay(self, token: str) -> float | None:
        """Seconds between requests asked for by ``Crawl-delay`` or ``Request-rate``, if any."""
        if self.parser is None:
            return None
        delays = [float(self.parser.crawl_delay(token) or 0.0)]
        rate = self.parser.request_rate(token)
        if rate is not None and rate.requests:
            delays.append(rate.seconds / rate.requests)
        return max(delays) or None


# More than 5 redirects or an undecodable body: "unavailable", like a 4xx (RFC 9309 2.3.1.2).
UNREADABLE = RobotsRules(source="robots.txt unreadable (too many redirects or undecodable): no rules")


def robots_url(url: str) -> str:
    """``https://example.com/robots.txt`` for any URL of that origin."""
    return str(httpx.URL(url).copy_with(path="/robots.txt", query=None, fragment=None))


def user_agent_token(user_agent: str) -> str:
    """The product token robots.txt groups are matched against: ``geowire`` in ``geowire/0.1 (+https://...)``."""
    return user_agent.split("/", 1)[0].split()[0] if user_agent.strip() else "*"


def _robots_text(body: bytes) -> str:
    """The body as text: UTF-8 (RFC 9309 2.3), or what its byte order mark says; the mark itself is not
    part of the first line (read with it, a 'User-agent: *' first line named no crawler: every rule ignored)."""
    return _USER_AGENT_VALUE.sub(r"\1\2", decode_as(body, bom_encoding(body) or "utf-8"))


def robots_rules(status: int, body: bytes) -> RobotsRules:
    """The rules implied by a robots.txt response with ``status`` and (possibly truncated) ``body``."""
    if 200 <= status < 300:
        return RobotsRules(source="robots.txt", parser=Protego.parse(_robots_text(body)))
    if status >= 500:
        return RobotsRules(source=f"robots.txt answered {status}: site treated as disallowed", allow_all=False)
    return RobotsRules(source=f"robots.txt answered {status}: no rules")
