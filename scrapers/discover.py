"""Discovery: from a source's feeds, sitemaps and listing pages to candidate article URLs.

Parsing is pure (text in, ``Discovered`` out) so it is tested without a network;
``discover()`` adds the fetching, through the same ``Fetcher`` as article pages,
so robots.txt, rate limits and the address guard apply to feeds too.
"""

from __future__ import annotations

import dataclasses
import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from scrapers.errors import ContentTypeRefused, GeowireError
from scrapers.extract import extract_article
from scrapers.models import Discovered, Page, UrlKind
from scrapers.sources import Source
from scrapers.urls import canonicalize_url

MAX_SITEMAP_DEPTH = 3
# Fallback for XML that is not well-formed: <loc>, <link>, <guid> texts and Atom link hrefs.
_XML_LINK = re.compile(
    r"<(?:loc|link|guid)[^>]*>\s*(?:<!\[CDATA\[)?\s*(https?://[^<\s\]]+)|<link[^>]+href=[\"'](https?://[^\"']+)",
    re.IGNORECASE,
)


def _salvage_links(text: str) -> list[str]:
    """URLs of a feed or sitemap too broken to parse, unescaped, in order."""
    return [html.unescape(a or b) for a, b in _XML_LINK.findall(text)]


def _local(tag: str) -> str:
    """An XML tag without its namespace: '{http://www.sitemaps.org/...}loc' -> 'loc'."""
    return tag.rsplit("}", 1)[-1].lower()


def _parse_xml(text: str) -> ET.Element | None:
    try:
        # Python's bundled expat (>= 2.4) refuses entity-expansion bombs.
        return ET.fromstring(text.lstrip("\ufeff").strip().encode("utf-8"))
    except ET.ParseError:
        return None


def detect_kind(page: Page) -> UrlKind:
    """What a fetched URL is, judged from its response: feed, sitemap, or an HTML page."""
    head = page.text[:2048].lstrip("\ufeff \t\r\n").lower()
    content_type = page.content_type
    if "<urlset" in head or "<sitemapindex" in head:
        return "sitemap"
    if "<rss" in head or "<feed" in head or "<rdf:rdf" in head or content_type in (
        "application/rss+xml", "application/atom+xml", "application/rdf+xml"
    ):
        return "feed"
    if content_type in ("text/html", "application/xhtml+xml") or "<html" in head or "<!doctype html" in head:
        return "article"  # an HTML page; the extractor decides whether it is an article or a listing
    return "unknown"


def _child_text(element: ET.Element, name: str) -> str | None:
    for child in element.iter():
        if _local(child.tag) == name and child.text and child.text.strip():
            return child.text.strip()
    return None


def parse_feed(text: str, base_url: str, source: str) -> list[Discovered]:
    """Items of an RSS 2.0, RSS 1.0 (RDF) or Atom feed, with their publication dates as written."""
    root = _parse_xml(text)
    if root is None:
        return [Discovered(url=u, source=source, found_in=base_url, via="feed") for u in _salvage_links(text)]
    found: list[Discovered] = []
    for item in root.iter():
        if _local(item.tag) not in ("item", "entry"):
            continue
        link: str | None = None
        for child in item:
            if _local(child.tag) != "link":
                continue
            href = child.attrib.get("href")
            rel = child.attrib.get("rel", "alternate")
            if href and rel == "alternate":
                link = href
                break
            if child.text and child.text.strip():
                link = child.text.strip()
                break
        if not link:
            guid = _child_text(item, "guid")
            link = guid if guid and guid.startswith("http") else None
        if not link:
            continue
        published = (_child_text(item, "pubdate") or _child_text(item, "published")
                     or _child_text(item, "date") or _child_text(item, "updated"))
        found.append(Discovered(
            url=urljoin(base_url, link), source=source, found_in=base_url, via="feed",
            published_raw=published, title=_child_text(item, "title"),
        ))
    return found


@dataclass(slots=True)
class SitemapContent:
    articles: list[Discovered] = field(default_factory=list)
    children: list[str] = field(default_factory=list)  # nested sitemaps of a sitemap index


def parse_sitemap(text: str, base_url: str, source: str) -> SitemapContent:
    """A urlset (with Google News ``news:publication_date``) or a sitemap index."""
    content = SitemapContent()
    root = _parse_xml(text)
    if root is None:
        content.articles = [Discovered(url=u, source=source, found_in=base_url, via="sitemap")
                            for u in _salvage_links(text)]
        return content
    is_index = _local(root.tag) == "sitemapindex"
    for entry in root:
        loc = _child_text(entry, "loc")
        if not loc:
            continue
        if is_index:
            content.children.append(urljoin(base_url, loc))
            continue
        published = _child_text(entry, "publication_date") or _child_text(entry, "lastmod")
        content.articles.append(Discovered(
            url=urljoin(base_url, loc), source=source, found_in=base_url, via="sitemap",
            published_raw=published, title=_child_text(entry, "title"),
        ))
    return content


def parse_listing(html: str, base_url: str, source: str) -> list[Discovered]:
    """Every same-site link of a section/listing page, in page order."""
    tree = LexborHTMLParser(html)
    base_host = urlsplit(base_url).netloc.lower()
    found: list[Discovered] = []
    for anchor in tree.css("a[href]"):
        href = (anchor.attributes.get("href") or "").strip()
        if not href or href.startswith(("#", "mailto:", "javascript:", "tel:")):
            continue
        url = urljoin(base_url, href)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc.lower() != base_host:
            continue
        found.append(Discovered(url=url, source=source, found_in=base_url, via="listing",
                                title=(anchor.text(strip=True) or None)))
    return found


Fetch = Callable[[str], Awaitable[Page]]


@dataclass(slots=True)
class DiscoveryResult:
    """Candidate article URLs of one source (canonical, de-duplicated, in discovery order), the
    feed/sitemap/listing URLs that could not be read with their errors, and pages already fetched
    while discovering (an ad-hoc article URL), which the crawl reuses instead of fetching again."""

    found: list[Discovered] = field(default_factory=list)
    failures: list[tuple[str, GeowireError]] = field(default_factory=list)
    prefetched: dict[str, Page] = field(default_factory=dict)
    # feed/sitemap/listing URL -> (HTTP status, ETag, Last-Modified): validators for the next run's
    # conditional GET; a 304 means nothing new there since the last run
    read: dict[str, tuple[int, str | None, str | None]] = field(default_factory=dict)
    rejected: int = 0  # listing links that matched no article pattern
    _index: dict[str, int] = field(default_factory=dict, repr=False)

    def merge(self, items: Iterable[Discovered], source: Source, *, harvested: bool) -> None:
        """Add items under their canonical URL.

        A feed or sitemap entry outside the source's patterns is kept, marked to be
        skipped, so that it is recorded with a reason; a link harvested from a
        listing page that matches no pattern is navigation and is only counted.
        """
        for item in items:
            url = canonicalize_url(item.url)
            # Patterns are written against URLs as sites print them: test both spellings.
            accepted = (source.accepts(item.url) or source.accepts(url)) and (
                bool(source.article_patterns) or not harvested or looks_like_article_url(url))
            if not accepted and harvested:
                self.rejected += 1
                continue
            position = self._index.get(url)
            if position is None:
                self._index[url] = len(self.found)
                self.found.append(dataclasses.replace(
                    item, url=url, fetch_url=item.fetch_url or item.url,
                    skip_reason=item.skip_reason or (None if accepted else "discover.out_of_pattern")))
                continue
            known = self.found[position]
            if known.published_raw is None and item.published_raw:
                # A later listing may carry the date the first one lacked: keep the evidence.
                self.found[position] = dataclasses.replace(
                    known, published_raw=item.published_raw, via=item.via, title=known.title or item.title)


async def _read(url: str, fetch: Fetch, result: DiscoveryResult) -> Page | None:
    """A feed, sitemap or listing page; None when it failed (recorded) or did not change (304)."""
    try:
        page = await fetch(url)
    except GeowireError as exc:
        result.failures.append((url, exc))
        return None
    result.read[url] = (page.status, page.headers.get("etag"), page.headers.get("last-modified"))
    return None if page.not_modified else page


async def _read_sitemaps(roots: Iterable[str], source: Source, fetch: Fetch, result: DiscoveryResult,
                         first: Page | None = None, children: Iterable[str] = ()) -> None:
    """Sitemaps and sitemap indexes, breadth first, each read once, at most MAX_SITEMAP_DEPTH deep.

    ``children`` are nested sitemaps found in earlier runs: an index that answers 304 lists the
    same children, but a child may have changed, so each is still asked (conditionally) itself.
    """
    queue = [(url, 0) for url in roots] + [(url, 1) for url in children]
    seen: set[str] = set()
    while queue:
        url, depth = queue.pop(0)
        if url in seen or depth > MAX_SITEMAP_DEPTH:
            continue
        seen.add(url)
        page = first if first is not None and first.requested_url == url else await _read(url, fetch, result)
        if page is None:
            continue
        content = parse_sitemap(page.text, page.url, source.name)
        queue.extend((child, depth + 1) for child in content.children)
        result.merge(content.articles, source, harvested=False)


async def discover(source: Source, fetch: Fetch, known: Iterable[str] = ()) -> DiscoveryResult:
    """Read a source's feeds, sitemaps (following indexes) and listing pages.

    ``known`` are the discovery URLs read in earlier runs; those the sources file does not list
    are nested sitemaps, read again even when their index has not changed.
    """
    result = DiscoveryResult()
    configured = {*source.feeds, *source.sitemaps, *source.listings}
    for url in source.feeds:
        page = await _read(url, fetch, result)
        if page is not None:
            result.merge(parse_feed(page.text, page.url, source.name), source, harvested=False)
    await _read_sitemaps(source.sitemaps, source, fetch, result,
                         children=[url for url in known if url not in configured] if source.sitemaps else [])
    for url in source.listings:
        page = await _read(url, fetch, result)
        if page is not None:
            result.merge(parse_listing(page.text, page.url, source.name), source, harvested=True)
    return result


async def discover_urls(urls: Iterable[str], source: Source, fetch: Fetch) -> DiscoveryResult:
    """Ad-hoc URLs of unknown kind (``geowire run --url``): each may be a feed, a sitemap, a
    listing page or an article, told apart from the response itself."""
    result = DiscoveryResult()
    for url in urls:
        await _discover_one(url, source, fetch, result)
    return result


async def _discover_one(url: str, source: Source, fetch: Fetch, result: DiscoveryResult) -> None:
    page = await _read(url, fetch, result)
    if page is None:
        return
    kind = detect_kind(page)
    if kind == "feed":
        result.merge(parse_feed(page.text, page.url, source.name), source, harvested=False)
    elif kind == "sitemap":
        await _read_sitemaps([url], source, fetch, result, first=page)
    elif kind == "article":
        seed = Discovered(url=page.url, source=source.name, found_in="seed")
        if extract_article(page.text, page.url, page.fetched_at, timezone=source.timezone).is_article:
            result.merge([seed], source, harvested=False)
            result.prefetched[canonicalize_url(page.url)] = page
        else:
            result.merge([dataclasses.replace(seed, skip_reason="discover.listing")], source, harvested=False)
            result.merge(parse_listing(page.text, page.url, source.name), source, harvested=True)
    else:
        result.failures.append((url, ContentTypeRefused(
            f"{url} is {page.content_type or 'of unknown type'}, not a feed, sitemap or HTML page", url=url)))

_NOT_ARTICLE_PATH = re.compile(r"/(tag|tags|category|categories|author|authors|topic|topics|page|search|about|"
                               r"contact|privacy|terms|login|subscribe|newsletter|feed|rss)(/|$)", re.IGNORECASE)
_ARTICLE_PATH = re.compile(r"/\d{4}/\d{1,2}/|\d{5,}|[a-z0-9]+(-[a-z0-9]+){3,}", re.IGNORECASE)


def looks_like_article_url(url: str) -> bool:
    """For sources without patterns (ad-hoc ``--url`` runs): a dated path, a long id or a
    long slug suggests an article; tag, author and utility pages do not."""
    path = urlsplit(url).path
    return bool(path.strip("/")) and not _NOT_ARTICLE_PATH.search(path) and bool(_ARTICLE_PATH.search(path))
