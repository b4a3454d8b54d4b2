"""Collecting every date a page states about itself, each with where it came from and how much to trust it.

Nothing is decided here: the collector lists evidence (JSON-LD, meta tags,
``<time>`` elements, bylines, the URL, feed and sitemap hints) and
:mod:`scrapers.dates.reconcile` weighs it. Which tags count and how much is
data (the tables below), so a new publisher quirk is a one-line change.

What is *never* evidence is decided here too: the site's "today" date bar,
copyright lines and dates inside related-article teasers, sidebars and
comments, recognised by their container (see ``_NOISE``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scrapers.dates.parse import ImpossibleDate, Stamp, parse_machine, parse_relative, parse_text
from scrapers.htmlmeta import jsonld_objects, jsonld_types, meta_tags

Role = Literal["published", "modified"]


@dataclass(frozen=True, slots=True)
class Evidence:
    """One stated date: its role, kind ("jsonld", "meta", "time", ...), the tag it came from, the raw string."""

    role: Role
    kind: str
    label: str
    raw: str
    stamp: Stamp
    weight: float


# JSON-LD types whose datePublished is the page's own; other typed objects (VideoObject, ImageObject,
# Comment, Person, ...) carry dates of *other* things.
ARTICLE_TYPES = frozenset({
    "Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
    "BackgroundNewsArticle", "ReviewNewsArticle", "LiveBlogPosting", "Report", "ScholarlyArticle", "TechArticle",
    "SocialMediaPosting", "DiscussionForumPosting", "Review", "Recipe", "AskPublicMediaNewsArticle",
    "SatiricalArticle", "MedicalScholarlyArticle", "Posting",
})
PAGE_TYPES = frozenset({"WebPage", "ItemPage", "AboutPage", "Blog", "CreativeWork", "MediaObject"})

# meta name/property/itemprop (lower-cased) -> weight of a published date stated there.
META_PUBLISHED: dict[str, float] = {
    "article:published_time": 9, "og:article:published_time": 9, "article:published": 8,
    "datepublished": 8, "og:published_time": 8, "published_time": 7, "article.published": 7,
    "parsely-pub-date": 8, "sailthru.date": 7, "cxenseparse:recs:publishtime": 7, "publish-date": 7,
    "publishdate": 7, "publish_date": 7, "pubdate": 7, "pub_date": 7, "date_published": 7, "published-date": 7,
    "publication_date": 7, "publication-date": 7, "article_date_original": 7, "original-publish-date": 7,
    "originalpublicationdate": 7, "dc.date.issued": 7, "dcterms.issued": 7, "dc.date.created": 6,
    "dcterms.created": 6, "dc.date.publication": 7, "dc.date": 6, "dcterms.date": 6, "dc:date": 6, "date": 6,
    "rnews:datepublished": 7, "article:publicationdate": 7, "og:pubdate": 6, "og:regdate": 6, "bt:pubdate": 6,
    "displaydate": 6, "datecreated": 5, "date_created": 5, "dateposted": 6, "analyticsattributes.articledate": 6,
    "citation_publication_date": 7, "citation_date": 6, "prism.publicationdate": 7, "pdate": 6,
    "rbpubdate": 6, "publisheddate": 7, "created": 4, "sort_date": 5, "iso-8601-publish-date": 8,
    "eomportal-lastupdate": 0,
}
META_MODIFIED: frozenset[str] = frozenset({
    "article:modified_time", "og:updated_time", "datemodified", "article:modified", "modified_time",
    "last-modified", "lastmod", "dc.date.modified", "dcterms.modified", "updated_time", "article.updated",
    "bt:moddate", "modificationdate", "parsely-updated", "sailthru.lastmodified", "date_modified",
    "eomportal-lastupdate", "lastmodified", "og:article:modified_time",
})

# Containers whose dates are about something else: site chrome ("today" bars, tickers), teasers, comments.
_NOISE = re.compile(
    r"related|sidebar|widget|footer|comment|recommend|popular|trending|most[-_ ]?(?:read|viewed)|latest|recent"
    r"|teaser|promo|newsletter|breadcrumb|top[-_]?bar|header[-_]?(?:top|date)|td[-_]data[-_]time|td-header"
    r"|jeg_(?:top|header)|today|date[-_]?bar|current[-_]?date|copyright|ticker|carousel|slider|masthead"
    r"|site-header|more[-_]|also|next|prev|weather|calendar|archive|tagcloud|menu|navbar|mega",
    re.IGNORECASE,
)
# WordPress post_class() tokens name the post's categories and tags ("category-latest-news"): not layout.
_TAXONOMY = re.compile(r"(?:category|tag|location|post|format|status|type|author|topic|section)-", re.IGNORECASE)
_NOISE_TAGS = frozenset({"aside", "nav", "footer", "noscript", "template", "select", "option"})

# Elements that visibly state a date: class or id mentions a date word in a common language.
_BYLINE_SELECTOR = ",".join(
    f'[{attr}*="{word}" i]'
    for attr in ("class", "id")
    for word in ("date", "time", "byline", "posted", "publish", "datum", "fecha", "meta", "timestamp", "dateline")
)
_TIME_CLASS = re.compile(r"publish|entry-date|post-date|pubdate|posted|created|article[-_]?date|dateline",
                         re.IGNORECASE)
_MODIFIED_CLASS = re.compile(r"updated|modified|edit", re.IGNORECASE)


def is_noise(node: LexborNode) -> bool:
    """Whether ``node`` sits in site chrome, a teaser list, a sidebar or comments (checked up to ``<body>``)."""
    current: LexborNode | None = node
    while current is not None and current.tag not in ("body", "html", None):
        if current.tag in _NOISE_TAGS:
            return True
        attrs = current.attributes
        marker = " ".join(token for token in f"{attrs.get('class') or ''} {attrs.get('id') or ''}".split()
                          if not _TAXONOMY.match(token))
        if marker and _NOISE.search(marker):
            return True
        current = current.parent
    return False


class Collector:
    """Evidence from one page; ``flags`` gathers what was seen but refused (impossible dates)."""

    def __init__(self, fetched_at: datetime | None, language: str | None) -> None:
        self.fetched_at = fetched_at
        self.language = language
        self.items: list[Evidence] = []
        self.flags: set[str] = set()

    def add(self, role: Role, kind: str, label: str, raw: Any, weight: float, *, text: bool = False) -> bool:
        """Parse ``raw`` and keep it as evidence; whether it parsed."""
        if not isinstance(raw, str) or not raw.strip() or weight <= 0:
            return False
        try:
            stamp = parse_text(raw, self.language) if text else parse_machine(raw)
        except ImpossibleDate:
            self.flags.add("impossible")
            return False
        if stamp is None and text and self.fetched_at is not None:
            stamp = parse_relative(raw, self.fetched_at, self.language)
            kind = "byline" if stamp is not None else kind
        if stamp is None:
            return False
        self.items.append(Evidence(role, kind, label, raw.strip(), stamp, weight))
        return True


def _same_page(obj: dict[str, Any], url: str | None) -> bool:
    if url is None:
        return False
    key = urlsplit(url)._replace(scheme="", query="", fragment="").geturl().rstrip("/")
    for field in ("url", "@id", "mainEntityOfPage"):
        value = obj.get(field)
        if isinstance(value, dict):
            value = value.get("@id") or value.get("url")
        if isinstance(value, str) and urlsplit(value)._replace(scheme="", query="", fragment="").geturl() \
                .rstrip("/").split("#")[0] == key:
            return True
    return False


def collect_jsonld(tree: LexborHTMLParser, url: str | None, out: Collector) -> None:
    """datePublished/dateModified of the page's own article object (the one naming this URL, else the first)."""
    objects = jsonld_objects(tree)
    articles = [o for o in objects if jsonld_types(o) & ARTICLE_TYPES]
    own = next((o for o in articles if _same_page(o, url)), articles[0] if articles else None)
    if own is not None:
        out.add("published", "jsonld", "datePublished", own.get("datePublished"), 10)
        out.add("published", "jsonld", "dateCreated", own.get("dateCreated"), 2)
        out.add("modified", "jsonld", "dateModified", own.get("dateModified"), 10)
    for obj in objects:
        if jsonld_types(obj) & PAGE_TYPES:
            out.add("published", "jsonld", "WebPage.datePublished", obj.get("datePublished"), 5)
            out.add("modified", "jsonld", "WebPage.dateModified", obj.get("dateModified"), 5)
            break


def collect_meta(tree: LexborHTMLParser, out: Collector) -> None:
    for name, values in meta_tags(tree).items():
        weight = META_PUBLISHED.get(name)
        for value in values:
            if weight:
                out.add("published", "meta", name, value, weight)
            elif name in META_MODIFIED:
                out.add("modified", "meta", name, value, 8)


def _datetime_attr(node: LexborNode) -> str | None:
    attrs = node.attributes
    return attrs.get("datetime") or attrs.get("content") or (attrs.get("title") if node.tag == "abbr" else None)


def collect_elements(tree: LexborHTMLParser, out: Collector) -> None:
    """Machine-readable dates on elements: ``itemprop`` microdata, then the byline's ``<time datetime>``.

    Of the ``<time>`` elements only the byline's are evidence: per role, the
    first one after the headline (``<h1>``), else the last one before it. The
    others date teasers, comments and widgets.
    """
    for node in tree.css('[itemprop="datePublished" i],[itemprop="dateModified" i],[itemprop="dateCreated" i]'):
        if node.tag == "meta" or is_noise(node):
            continue
        prop = (node.attributes.get("itemprop") or "").lower()
        role: Role = "modified" if prop == "datemodified" else "published"
        raw = _datetime_attr(node)
        weight = 4 if prop == "datecreated" else 8
        if not (raw and out.add(role, "time", f"itemprop={prop}", raw, weight)):
            out.add(role, "byline", f"itemprop={prop}", node.text(deep=True), weight - 1, text=True)
    byline: dict[Role, LexborNode] = {}
    after_headline = False
    for node in tree.css("h1, time[datetime], abbr.published[title], abbr.updated[title]"):
        if node.tag == "h1":
            after_headline = True
            continue
        if node.attributes.get("itemprop") or is_noise(node):
            continue
        role = "modified" if _MODIFIED_CLASS.search(_marker(node)) and not _TIME_CLASS.search(_marker(node)) \
            else "published"
        if role not in byline or not after_headline:
            byline[role] = node
        if after_headline and "published" in byline:
            break
    for role, node in byline.items():
        weight = 7 if _TIME_CLASS.search(_marker(node)) or "pubdate" in node.attributes else 5
        out.add(role, "time", node.tag, _datetime_attr(node), weight)


def _marker(node: LexborNode) -> str:
    """Class of the element and of its parent: themes mark "published"/"updated" on either."""
    parent = node.parent
    return f"{node.attributes.get('class') or ''} {(parent.attributes.get('class') or '') if parent else ''}"


def collect_bylines(tree: LexborHTMLParser, out: Collector, limit: int = 4) -> None:
    """Dates written for readers in elements whose class or id says "date" (including relative ones)."""
    found = 0
    for node in tree.css(_BYLINE_SELECTOR):
        if node.tag in ("html", "body", "script", "style", "meta", "time") or is_noise(node):
            continue
        text = node.text(deep=True, separator=" ")
        if not text or len(text) > 120 or not any(ch.isdigit() for ch in text):
            continue
        marker = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        role: Role = "modified" if _MODIFIED_CLASS.search(marker) and not _TIME_CLASS.search(marker) \
            else "published"
        if out.add(role, "byline", node.tag, text, 4 if found == 0 else 2, text=True):
            found += 1
            if found >= limit:
                return


_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/_-]?(0?[1-9]|1[0-2]|[a-z]{3,9})[/_-]?(0?[1-9]|[12]\d|3[01])(?:/|[-_]|\.html?|$)",
    re.IGNORECASE,
)


def collect_url(url: str | None, out: Collector) -> None:
    """A full /YYYY/MM/DD/ (or /2019/nov/18/) date in the URL path: day precision, strong corroboration."""
    if not url:
        return
    match = _URL_DATE.search(urlsplit(url).path)
    if match is not None:
        year, month, day = match.groups()
        out.add("published", "url", "url", f"{day} {month} {year}" if month.isalpha() else
                f"{year}-{int(month):02d}-{int(day):02d}", 3, text=month.isalpha())


def collect_hints(hints: Sequence[tuple[str, str]], out: Collector) -> None:
    """Feed pubDate / sitemap publication_date for this URL, as found by discovery."""
    for kind, raw in hints:
        out.add("published", kind, kind, raw, 3)


def collect(tree: LexborHTMLParser, url: str | None, hints: Sequence[tuple[str, str]], out: Collector) -> None:
    """All evidence of the page (visible bylines are read only when nothing machine-readable is strong)."""
    collect_jsonld(tree, url, out)
    collect_meta(tree, out)
    collect_elements(tree, out)
    if not any(e.role == "published" and e.weight >= 5 for e in out.items):
        collect_bylines(tree, out)
    collect_url(url, out)
    collect_hints(hints, out)
