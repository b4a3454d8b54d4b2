"""One error tree for geowire, httpx-style.

::

    GeowireError
    ├── ConfigError                 a sources file or setting is wrong (names file and field)
    ├── FetchError                  the page could not be fetched
    │   ├── FetchTimeout            connect/read/total timeout
    │   ├── FetchConnectError       DNS, refused, reset mid-body
    │   ├── FetchTooLarge           body (or decompressed body) over the size cap
    │   ├── TooManyRedirects        redirect limit or a redirect loop
    │   ├── HTTPStatusError         a non-2xx/304 final status
    │   ├── RobotsDisallowed        robots.txt forbids the URL            (skipped)
    │   ├── ContentTypeRefused      not HTML/XML/feed                     (skipped)
    │   ├── AddressRefused          private/loopback/link-local target    (skipped)
    │   └── CircuitOpen             the host failed too often this run    (skipped)
    ├── DiscoveryError              a feed or sitemap URL gave nothing to read
    │   ├── NotAFeed                an HTML page or other document where a feed or sitemap was expected
    │   └── SitemapTooDeep          a sitemap nested deeper than discovery follows (skipped)
    ├── ExtractError                the page is not a usable article
    │   ├── NotAnArticle            listing, tag page, home page          (skipped)
    │   └── EmptyBody               an article shape but no body text
    ├── NormaliseError              a field could not be normalised
    └── StorageError                the DuckDB file
        ├── DatabaseBusy            another process holds the write lock
        └── DatabaseMissing         no database at the path given

Every class carries a stable ``reason`` code (stored in ``pages.reason``) and the
``state`` a URL ends in when this error stops it (``failed`` or ``skipped``), so
that "every discovered URL ends in a recorded state" is one lookup, not a
mapping scattered through the pipeline.
"""

from __future__ import annotations

from typing import ClassVar, Literal

PageState = Literal["landed", "unchanged", "skipped", "failed"]


class GeowireError(Exception):
    """Base of every error geowire raises on purpose."""

    reason: ClassVar[str] = "error"
    state: ClassVar[PageState] = "failed"

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url


class ConfigError(GeowireError):
    """A configuration file or value is invalid; the message names file and field."""

    reason = "config.invalid"


class FetchError(GeowireError):
    reason = "fetch.error"


class FetchTimeout(FetchError):
    reason = "fetch.timeout"


class FetchConnectError(FetchError):
    reason = "fetch.connect"


class FetchTooLarge(FetchError):
    reason = "fetch.too_large"
    state = "skipped"


class TooManyRedirects(FetchError):
    reason = "fetch.redirects"


class HTTPStatusError(FetchError):
    reason = "fetch.http_status"

    def __init__(self, message: str, *, status: int, url: str | None = None) -> None:
        super().__init__(message, url=url)
        self.status = status


class RobotsDisallowed(FetchError):
    reason = "fetch.robots"
    state = "skipped"


class ContentTypeRefused(FetchError):
    reason = "fetch.content_type"
    state = "skipped"


class AddressRefused(FetchError):
    reason = "fetch.private_address"
    state = "skipped"


class CircuitOpen(FetchError):
    reason = "fetch.circuit_open"
    state = "skipped"


class DiscoveryError(GeowireError):
    reason = "discover.error"


class NotAFeed(DiscoveryError):
    """A feed or sitemap URL answered 200 with something else: a site's error or home page, an unknown XML."""

    reason = "discover.not_a_feed"


class SitemapTooDeep(DiscoveryError):
    reason = "discover.too_deep"
    state = "skipped"


class ExtractError(GeowireError):
    reason = "extract.error"


class NotAnArticle(ExtractError):
    reason = "extract.not_article"
    state = "skipped"


class EmptyBody(ExtractError):
    reason = "extract.empty_body"


class NormaliseError(GeowireError):
    reason = "normalise.error"


class StorageError(GeowireError):
    reason = "storage.error"


class DatabaseBusy(StorageError):
    reason = "storage.busy"


class DatabaseMissing(StorageError):
    """A command that reads an existing database was pointed at a path with none (a mistyped --db)."""

    reason = "storage.missing"
