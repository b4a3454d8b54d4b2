"""Discovery: from a source's feeds, sitemaps and listing pages to candidate article URLs.

Parsing is pure (text in, ``Discovered`` out) so it is tested without a network;
``discover()`` adds the fetching, through the same ``Fetcher`` as article pages,
so robots.txt, rate limits and the address guard apply to feeds too.
"""

from __future__ import annotations

import dataclasses
import html
import html.entities
import io
import re
import xml.etree.ElementTree as ET
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urljoin, urlsplit

import feedparser
from selectolax.lexbor import LexborHTMLParser

from scrapers.dates.parse import http_date, latest_instant
from scrapers.dates.reconcile import MIN_DATE
from scrapers.errors import ContentTypeRefused, DiscoveryError, GeowireError, NotAFeed, SitemapTooDeep
from scrapers.extract import extract_article
from scrapers.models import Discovered, FeedRead, KnownDocument, Page, UrlKind
from scrapers.sources import Source
from scrapers.urls import canonicalize_url

MAX_SITEMAP_DEPTH = 3
EARLIER_INDEX = "sitemap index (earlier run)"  # where a nested sitemap known from earlier runs was listed
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_SITEMAP_ROOTS = frozenset({"urlset", "sitemapindex"})
_FEED_ROOTS = frozenset({"rss", "feed", "rdf", "channel"})
# The first root element a discovery document may have (after any junk a server printed before it, such
# as a PHP warning), outside comments and <!DOCTYPE>: it says what the document is, whatever its Content-Type.
_ROOT = re.compile(r"<(?:[\w.-]+:)?(urlset|sitemapindex|rss|feed|rdf|channel|html)[\s>/]", re.IGNORECASE)
_NOT_CONTENT = re.compile(r"<!--.*?(?:-->|$)|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>", re.IGNORECASE | re.DOTALL)
# A text sitemap is one absolute URL a line; robots.txt lists sitemaps on ``Sitemap:`` lines.
_URL_LINE = re.compile(r"^\s*(?:(sitemap)\s*:\s*)?(https?://\S+|/\S*)\s*$", re.IGNORECASE | re.MULTILINE)
# What breaks news sitemaps in practice: a bare '&' in a URL, HTML's named entities (&eacute;, &nbsp;).
_BARE_AMP = re.compile(r"&(?!#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
_NAMED_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
_CDATA = re.compile(r"(<!\[CDATA\[.*?\]\]>)", re.DOTALL)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")  # never allowed in XML
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")


def _local(tag: str) -> str:
    """An XML tag without its namespace: '{http://www.sitemaps.org/...}loc' -> 'loc'."""
    return tag.rsplit("}", 1)[-1].lower()


def _join(base_url: str, link: str) -> str | None:
    """``link`` resolved against ``base_url``; None when it cannot be (``http://[bad``)."""
    try:
        return urljoin(base_url, link)
    except ValueError:
        return None


def root_name(text: str) -> str | None:
    """The root element of a feed, sitemap or HTML page, lower-cased and without prefix, or None."""
    match = _ROOT.search(_NOT_CONTENT.sub("", text[:8192]))
    return match.group(1).lower() if match else None


def _parse_xml(text: str) -> ET.Element | None:
    try:
        # Python's bundled expat (>= 2.4) refuses entity-expansion bombs. The text is parsed as text (it was
        # decoded already): as UTF-8 bytes, a declaration's encoding="ISO-8859-1" made 'é' read as 'Ã©'.
        return ET.fromstring(text.lstrip("\ufeff").strip())
    except ET.ParseError:
        return None


def _repair_xml(text: str) -> str:
    """The document with what a browser forgives and XML does not made XML: junk before the
    declaration or root cut, control characters dropped, and outside CDATA sections, bare '&'
    escaped, HTML's named entities written as the characters they name and references to
    characters XML forbids written as U+FFFD."""
    start = text.find("<?xml")
    if start < 0:
        match = _ROOT.search(text)
        start = match.start() if match else 0

    def entity(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in _XML_ENTITIES:
            return match.group(0)
        char = html.entities.html5.get(name + ";")
        return html.escape(char, quote=False) if char else "&amp;" + name + ";"

    def char_ref(match: re.Match[str]) -> str:
        hex_digits, digits = match.groups()
        code = int(hex_digits, 16) if hex_digits else int(digits)
        return match.group(0) if code <= 0x10FFFF and not _CONTROL.match(chr(code)) else "\ufffd"

    def outside_cdata(piece: str) -> str:
        return _CHAR_REF.sub(char_ref, _NAMED_ENTITY.sub(entity, _BARE_AMP.sub("&amp;", piece)))

    pieces = _CDATA.split(_CONTROL.sub("", text[start:]))  # odd pieces are CDATA sections, kept as they are
    return "".join(piece if index % 2 else outside_cdata(piece) for index, piece in enumerate(pieces))


def _xml(text: str) -> tuple[ET.Element | None, str]:
    """The parsed document (None when even the repaired text is not well-formed) and the text it was
    parsed from: as it came, else repaired."""
    root = _parse_xml(text)
    if root is not None:
        return root, text
    repaired = _repair_xml(text)
    return _parse_xml(repaired), repaired


def detect_kind(page: Page) -> UrlKind:
    """What a fetched URL is, judged from its body (servers mislabel feeds and sitemaps, and serve error
    pages under a feed's type): feed, sitemap (also a text one, or robots.txt's Sitemap lines), or an HTML page."""
    root = root_name(page.text)
    if root in _SITEMAP_ROOTS:
        return "sitemap"
    if root in _FEED_ROOTS:
        return "feed"
    if root == "html" or page.content_type in _HTML_TYPES:
        return "article"  # an HTML page; the extractor decides whether it is an article or a listing
    if not page.text.lstrip("\ufeff \t\r\n").startswith("<") and _URL_LINE.search(page.text):
        return "sitemap"
    return "unknown"


def parse_feed(text: str, base_url: str, source: str) -> list[Discovered]:
    """Items of an RSS 0.9x/2.0, RSS 1.0 (RDF) or Atom feed, with their publication dates as written.

    Read by feedparser, as a feed reader would: links resolved against ``xml:base`` and the feed's
    URL, FeedBurner's original link preferred to its redirect, and a feed that is not well-formed
    XML read leniently. An item without a link is found by its ``<guid>`` when that is an http(s)
    URL; a feed whose items have none is a ``NotAFeed`` error, not an empty feed.
    """
    # feedparser's own lenient reading mangles a bare '&' ("Q&A" becomes "Q&A;"): repair first.
    text = _xml(text)[1]
    # Bytes in a stream: feedparser opens a str that looks like a URL or a file name. The text is
    # already decoded, hence the charset, which outranks the XML declaration's.
    parsed = feedparser.parse(io.BytesIO(text.encode("utf-8")), sanitize_html=False, resolve_relative_uris=False,
                              response_headers={"content-location": base_url,
                                                "content-type": "application/xml; charset=utf-8"})
    found: list[Discovered] = []
    for entry in parsed.entries:
        link = (entry.get("feedburner_origlink") or entry.get("link") or "").strip()
        if not link:  # a guid that is not a permalink, but a URL all the same ('?p=77'): it leads to the item
            guid = (entry.get("id") or "").strip()
            link = guid if guid.startswith(("http://", "https://")) else ""
        if not link:
            continue
        found.append(Discovered(
            url=_join(base_url, link) or link, source=source, found_in=base_url, via="feed",
            published_raw=entry.get("published") or entry.get("updated"), title=entry.get("title") or None,
        ))
    if parsed.entries and not found:
        raise NotAFeed(f"{base_url} is a feed of {len(parsed.entries)} items, none with a link", url=base_url)
    return found


@dataclass(slots=True)
class SitemapContent:
    articles: list[Discovered] = field(default_factory=list)
    children: list[str] = field(default_factory=list)  # nested sitemaps of a sitemap index
    child_lastmod: dict[str, str] = field(default_factory=dict)  # a child's <lastmod> as its index gives it


def _sitemap_entry(entry: ET.Element) -> dict[str, str]:
    """loc, lastmod, and Google News' publication_date and title of one <url> or <sitemap>: its own
    children only, never those of an <image:image> or <video:video> inside it."""
    fields: dict[str, str] = {}
    for child in entry:
        name = _local(child.tag)
        nested = child.iter() if name == "news" else (child,)
        for element in nested:
            key = _local(element.tag)
            if key in ("loc", "lastmod", "publication_date", "title") and element.text and element.text.strip():
                fields.setdefault(key, element.text.strip())
    return fields


def _salvage_sitemap(text: str, base_url: str, source: str, is_index: bool) -> SitemapContent:
    """The <loc>s of a sitemap that stays broken after repair (cut off mid-way), images' excepted."""
    content = SitemapContent()
    for loc in re.findall(r"<(?:sm:|sitemap:)?loc>\s*(?:<!\[CDATA\[)?\s*([^<\s\]]+)\s*(?:\]\]>)?\s*</", text, re.IGNORECASE):
        url = html.unescape(loc)
        url = _join(base_url, url) or url
        if is_index:
            content.children.append(url)
        else:
            content.articles.append(Discovered(url=url, source=source, found_in=base_url, via="sitemap"))
    return content


def _text_sitemap(text: str, base_url: str, source: str) -> SitemapContent:
    """A text sitemap (one URL a line) or robots.txt (its ``Sitemap:`` lines are nested sitemaps)."""
    content = SitemapContent()
    for sitemap, url in _URL_LINE.findall(text.lstrip("\ufeff")):
        if sitemap:
            content.children.append(_join(base_url, url) or url)
        elif url.startswith("http"):
            content.articles.append(Discovered(url=url, source=source, found_in=base_url, via="sitemap"))
    return content


def parse_sitemap(text: str, base_url: str, source: str) -> SitemapContent:
    """A urlset (with Google News ``news:publication_date`` and ``news:title``), a sitemap index, a
    text sitemap or robots.txt's Sitemap lines; XML that is not well-formed is repaired or salvaged."""
    root_tag = root_name(text)
    if root_tag is None and not text.lstrip("\ufeff \t\r\n").startswith("<"):
        return _text_sitemap(text, base_url, source)
    root, _ = _xml(text)
    if root is None:
        return _salvage_sitemap(text, base_url, source, is_index=root_tag == "sitemapindex")
    content = SitemapContent()
    is_index = _local(root.tag) == "sitemapindex"
    for entry in root:
        fields = _sitemap_entry(entry)
        if "loc" not in fields:
            continue
        url = _join(base_url, fields["loc"]) or fields["loc"]
        if is_index:
            content.children.append(url)
            if "lastmod" in fields:
                content.child_lastmod[url] = fields["lastmod"]
            continue
        content.articles.append(Discovered(
            url=url, source=source, found_in=base_url, via="sitemap",
            published_raw=fields.get("publication_date") or fields.get("lastmod"), title=fields.get("title"),
        ))
    return content


def read_document(page: Page, source: str) -> SitemapContent:
    """The entries of a fetched feed or sitemap, whichever it turns out to be (sites list feeds as
    sitemaps and back); anything else is a ``NotAFeed`` error, never an empty result."""
    kind = detect_kind(page)
    if kind == "feed":
        return SitemapContent(articles=parse_feed(page.text, page.url, source))
    if kind == "sitemap":
        return parse_sitemap(page.text, page.url, source)
    what = "an HTML page" if kind == "article" else f"{page.content_type or 'a document of unknown type'}"
    advertised = [_join(page.url, href) or href for href in _advertised_feeds(page.text)] if kind == "article" else []
    hint = f" (it advertises {', '.join(advertised)})" if advertised else ""
    raise NotAFeed(f"{page.url} is {what}, not a feed or sitemap{hint}", url=page.requested_url)


def _advertised_feeds(text: str) -> list[str]:
    """The feeds an HTML page names in ``<link rel="alternate" type="application/rss+xml">``."""
    tree = LexborHTMLParser(text)
    return [href for link in tree.css("link[rel~=alternate][href]")
            if (link.attributes.get("type") or "").lower() in _FEED_TYPES and (href := link.attributes.get("href"))]


def _site(url: str) -> str:
    """The host a link belongs to, as one spelling: canonical (no default port, lower case) and
    without a leading 'www.' (a site links to itself under both)."""
    return (urlsplit(canonicalize_url(url)).netloc).removeprefix("www.")


def parse_listing(html: str, base_url: str, source: str) -> list[Discovered]:
    """Every same-site link of a section/listing page, in page order, resolved as a browser does
    (against the page's ``<base href>`` when it has one, an http(s) URL). The site is the page's own
    whatever its base names: a base on a CDN host (or a 'javascript:' one) must not make the site's
    own links off-site."""
    tree = LexborHTMLParser(html)
    base = tree.css_first("base[href]")
    resolve_from = (_join(base_url, (base.attributes.get("href") or "").strip()) if base is not None else None) or base_url
    if urlsplit(resolve_from).scheme not in ("http", "https"):  # browsers ignore a data: or javascript: base
        resolve_from = base_url
    site = _site(base_url)
    found: list[Discovered] = []
    for anchor in tree.css("a[href]"):
        href = (anchor.attributes.get("href") or "").strip()
        if not href or href.startswith(("#", "mailto:", "javascript:", "tel:")):
            continue
        url = _join(resolve_from, href)
        if url is None or urlsplit(url).scheme not in ("http", "https") or _site(url) != site:
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
    # a feed/sitemap URL the sources file does not give -> where it came from: a nested sitemap's
    # index, EARLIER_INDEX, or "seed" (``--url``); a failure there is recorded as found there
    listed_in: dict[str, str] = field(default_factory=dict)
    prefetched: dict[str, Page] = field(default_factory=dict)
    # feed/sitemap/listing URL -> how it answered (``FeedRead``): validators for the next run's
    # conditional GET and when it was read; a 304 means nothing new there since the last run
    read: dict[str, FeedRead] = field(default_factory=dict)
    rejected: int = 0  # listing links that matched no article pattern
    unchanged_children: int = 0  # nested sitemaps not asked: their index dates them before our last read
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
    result.read[url] = FeedRead(page.status, page.headers.get("etag"), page.headers.get("last-modified"),
                                page.fetched_at)
    return None if page.not_modified else page


FRESH_AT_MOST = timedelta(days=1)  # HTTP caches flag heuristic freshness beyond a day (RFC 9111, 4.2.2)


def _unchanged_since_read(lastmod: str | None, known: KnownDocument | None, now: datetime) -> bool:
    """Whether a nested sitemap need not be asked: its index's ``<lastmod>`` (read as the latest
    instant it can mean) is not after our last read of it, and that read is still fresh by HTTP's
    heuristic (RFC 9111, 4.2.2): for a tenth of the age the child had then, and a day at most. An archive
    untouched for a year is asked once a day, not on every run; one changed the hour before the read,
    on the next run. Where the index's dates cannot be trusted the child is asked: a date before the
    web's news (``MIN_DATE``) is a generator's placeholder for none (Unix time 0, .NET's
    ``DateTime.MinValue``), and a child last served with a Last-Modified after the date its index
    gives it shows an index whose dates lag behind (a creation date, say)."""
    changed = latest_instant(lastmod)
    if known is None or changed is None or changed < MIN_DATE or changed > known.read_at:
        return False
    served = http_date(known.last_modified)
    if served is not None and served > changed:
        return False
    return now - known.read_at <= min(FRESH_AT_MOST, (known.read_at - changed) / 10)


async def _read_documents(roots: Iterable[str], source: Source, fetch: Fetch, result: DiscoveryResult,
                          first: Page | None = None, known: Mapping[str, KnownDocument] | None = None) -> None:
    """Feeds, sitemaps and sitemap indexes (told apart by what they hold), breadth first, each read
    once whatever its spelling, nested at most MAX_SITEMAP_DEPTH deep; one nested deeper, or a
    document that is neither feed nor sitemap, is recorded with its reason.

    ``known`` are nested sitemaps read in earlier runs, with when. A news site's index lists years of
    daily or monthly archives, and asking each of them on every run (one request per politeness
    delay) would take hours: a child its index says has not changed since it was read is not asked
    (``_unchanged_since_read``). The other known children are asked (conditionally) after the roots:
    an index that answers 304 lists the same children, but a child may have changed.
    """
    known = known or {}
    now = datetime.now(UTC)
    queue: deque[tuple[str, int, str | None]] = deque((url, 0, None) for url in roots)
    later = deque((url, 1, EARLIER_INDEX) for url in known)
    seen: set[str] = set()
    while queue or later:
        url, depth, parent = queue.popleft() if queue else later.popleft()
        key = canonicalize_url(url)
        if key in seen:
            continue
        seen.add(key)
        if parent is not None:
            result.listed_in.setdefault(url, parent)
        if depth > MAX_SITEMAP_DEPTH:
            result.failures.append((url, SitemapTooDeep(
                f"{url} is a sitemap nested {depth} deep; discovery follows {MAX_SITEMAP_DEPTH}", url=url)))
            continue
        page = first if first is not None and first.requested_url == url else await _read(url, fetch, result)
        if page is None:
            continue
        seen.add(canonicalize_url(page.url))  # redirected to a sitemap listed under another name
        try:
            content = read_document(page, source.name)
        except Exception as exc:  # NotAFeed, or a parser's bug: it costs this document, not the source
            _unreadable(url, exc, result)
            continue
        for child in content.children:
            if _unchanged_since_read(content.child_lastmod.get(child), known.get(child), now):
                seen.add(canonicalize_url(child))
                result.unchanged_children += 1
            else:
                queue.append((child, depth + 1, page.url))
        result.merge(content.articles, source, harvested=False)


async def discover(source: Source, fetch: Fetch, known: Mapping[str, KnownDocument] | None = None
                   ) -> DiscoveryResult:
    """Read a source's feeds, sitemaps (following indexes) and listing pages.

    ``known`` are the discovery URLs read in earlier runs (when, with what Last-Modified); those the
    sources file does not list are nested sitemaps, asked again unless their index says they have not
    changed since.
    """
    result = DiscoveryResult()
    configured = {*source.feeds, *source.sitemaps, *source.listings}
    children = {url: doc for url, doc in (known or {}).items() if url not in configured} if source.sitemaps else {}
    await _read_documents([*source.feeds, *source.sitemaps], source, fetch, result, known=children)
    for url in source.listings:
        page = await _read(url, fetch, result)
        if page is None:
            continue
        try:
            links = parse_listing(page.text, page.url, source.name)
        except Exception as exc:  # a parser's bug: it costs this page, not the source
            _unreadable(url, exc, result)
            continue
        result.merge(links, source, harvested=True)
    return result


def _unreadable(url: str, exc: Exception, result: DiscoveryResult) -> None:
    """Record a feed, sitemap or listing that was fetched but gave nothing to read, without its
    validators (the next run reads it whole, and records it again if it still fails)."""
    error = exc if isinstance(exc, GeowireError) else DiscoveryError(
        f"{url} could not be read: {type(exc).__name__}: {exc}", url=url)
    result.failures.append((url, error))
    result.read.pop(url, None)


async def discover_urls(urls: Iterable[str], source: Source, fetch: Fetch) -> DiscoveryResult:
    """Ad-hoc URLs of unknown kind (``geowire run --url``): each may be a feed, a sitemap, a
    listing page or an article, told apart from the response itself."""
    result = DiscoveryResult()
    for url in urls:
        await _discover_one(url, source, fetch, result)
    return result


async def _discover_one(url: str, source: Source, fetch: Fetch, result: DiscoveryResult) -> None:
    result.listed_in[url] = "seed"
    page = await _read(url, fetch, result)
    if page is None:
        return
    kind = detect_kind(page)
    if kind in ("feed", "sitemap"):
        await _read_documents([url], source, fetch, result, first=page)
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
