"""Collecting every date a page states about itself, each with where it came from and how much to trust it.

Nothing is decided here: the collector lists evidence (JSON-LD, meta tags,
``<time>`` elements, bylines, the URL, feed and sitemap hints) and
:mod:`scrapers.dates.reconcile` weighs it. Which tags count and how much is
data (the tables below), so a new publisher quirk is a one-line change.

What is *never* evidence is decided here too: the site's "today" date bar,
copyright lines and dates inside related-article teasers, sidebars and
comments, recognised by their container (see :class:`Noise`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, Literal
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scrapers.dates.parse import ImpossibleDate, Stamp, may_hold_date, parse_machine, parse_relative, parse_text
from scrapers.htmlindex import ClassIndex
from scrapers.htmlmeta import PageMeta, jsonld_types
from scrapers.lextree import NodeTable, node_table, tag_id, tagged_below, text_nodes

Role = Literal["published", "modified"]
_H1_TAG, _TIME_TAG = tag_id("h1"), tag_id("time")
# How a raw string is read: written for machines, human text, or a byline (human text, maybe relative).
Reading = Literal["machine", "text", "byline"]


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
    "dcterms.created": 6, "dc.date.publication": 7, "dc.date": 4, "dcterms.date": 4, "dc:date": 4, "date": 4,
    "rnews:datepublished": 7, "article:publicationdate": 7, "og:pubdate": 6, "og:regdate": 6, "bt:pubdate": 6,
    "displaydate": 6, "datecreated": 5, "date_created": 5, "dateposted": 6, "analyticsattributes.articledate": 6,
    "citation_publication_date": 7, "citation_date": 6, "prism.publicationdate": 7, "pdate": 6,
    "rbpubdate": 6, "publisheddate": 7, "created": 4, "sort_date": 5, "iso-8601-publish-date": 8,
}
META_MODIFIED: frozenset[str] = frozenset({
    "article:modified_time", "og:updated_time", "datemodified", "article:modified", "modified_time",
    "last-modified", "lastmod", "dc.date.modified", "dcterms.modified", "updated_time", "article.updated",
    "bt:moddate", "modificationdate", "parsely-updated", "sailthru.lastmodified", "date_modified",
    "eomportal-lastupdate", "lastmodified", "og:article:modified_time",
})

_DIGIT = re.compile(r"\d")
_META_PUBLISHED_NAME = re.compile(r"publish|pubdate|created|upload|release", re.IGNORECASE)
_META_MODIFIED_NAME = re.compile(r"modif|updated", re.IGNORECASE)

# Containers whose dates are never the page's own: the "today" date bar, tickers, copyright lines, comments,
# related/popular teasers, sidebars.
_CHROME = re.compile(
    r"related|sidebar|comments|comment[-_]?(?:list|area|respond|form|body|content|meta|author|reply|section|wrap)"
    r"|disqus|recommend|popular|trending|most[-_ ]?(?:read|viewed)|top[-_]?bar"
    r"|header[-_]?(?:top|date)|td[-_]data[-_]time|td-header|jeg_(?:top|header)|today|date[-_]?bar|current[-_]?date"
    r"|copyright|ticker|weather|calendar|tagcloud|masthead|site-header"
    r"|(?:recent|latest|more|other|similar)[-_]?(?:posts|articles|news|stories|entries)|read[-_]?(?:also|next)",
    re.IGNORECASE,
)
# Containers that usually hold other pages' dates (lists, menus, footers) but on small sites may hold the
# byline: skipped while stronger evidence is looked for, accepted by the last-resort text scan.
_LISTS = re.compile(
    r"widget|footer|latest|recent|teaser|promo|newsletter|breadcrumb|carousel|slider|more[-_]"
    r"|also|next|prev|archive|menu|navbar|mega",
    re.IGNORECASE,
)
# WordPress post_class() tokens name the post's categories and tags ("category-latest-news"): not layout.
# Layout modifiers ("right-sidebar", "has-sidebar") describe the page around the content, not a sidebar;
# page builders (Elementor) call every box a widget; app frameworks wrap the whole page ("__next", "__nuxt").
_TAXONOMY = re.compile(r"(?:category|tag|location|post|format|status|type|author|topic|section)-|elementor-"
                       r"|_+(?:next|nuxt|gatsby)\b"
                       r"|\S*(?:(?:has|with|no|left|right|full|content|main)[-_]?sidebar"
                       r"|sidebar[-_](?:content|wrap|main|layout|parent))", re.IGNORECASE)
_CHROME_TAGS = frozenset({"noscript", "template", "select", "option", "script", "style"})
_LIST_TAGS = frozenset({"aside", "nav", "footer"})


# Elements that visibly state a date: class or id mentions a date word in a common language
# ([class*="date" i], ... [id*="publish" i], answered by the page's ClassIndex).
_BYLINE_CLASS = ("date", "time", "byline", "posted", "publish", "datum", "fecha", "meta")
_BYLINE_ID = ("date", "time", "byline", "publish")
_MACHINE_DATES = "h1, time[datetime], abbr.published[title], abbr.updated[title]"
_MACHINE_TAGS = frozenset({"h1", "time", "abbr"})
_TIME_CLASS = re.compile(r"publish|entry-date|post-date|pubdate|posted|created|article[-_]?date|dateline",
                         re.IGNORECASE)
_MODIFIED_CLASS = re.compile(r"updated|modified|edit", re.IGNORECASE)


class Noise:
    """Whether a node sits in site chrome or comments (``strict``: also in lists, menus and footers).

    The page's own ``<header>`` (without the headline) and footer (``<footer>``
    or ``id="footer..."`` outside ``<article>``/``<main>``) are chrome: date
    bars, registration and copyright dates live there.

    Answers are memoised per element (by lexbor node address) for one page:
    candidates share most ancestors, so each container's class is read once.
    """

    def __init__(self) -> None:
        self._memo: dict[tuple[int, bool], bool] = {}

    def __call__(self, node: LexborNode, *, strict: bool = True) -> bool:
        key = (node.mem_id, strict)
        known = self._memo.get(key)
        if known is None:
            known = self._memo[key] = self._own(node, strict) or (
                node.parent is not None and node.parent.tag not in ("body", "html", None)
                and self(node.parent, strict=strict))
        return known

    @staticmethod
    def _own(node: LexborNode, strict: bool) -> bool:
        tag = node.tag
        if tag in _CHROME_TAGS or (strict and tag in _LIST_TAGS):
            return True
        if tag == "header" and _is_site_header(node):
            return True
        attrs = node.attrs
        ident = attrs.get("id") or ""
        if (tag == "footer" or ident.lower().startswith("footer")) and not _inside_article(node):
            return True
        chrome, lists = _marker_noise(attrs.get("class") or "", ident)
        return chrome or (strict and lists)


@lru_cache(maxsize=8192)
def _marker_noise(classes: str, ident: str) -> tuple[bool, bool]:
    """Whether a class and id name chrome, and whether they name a list/menu/footer (taxonomy tokens ignored).
    Remembered: a site's containers repeat on all its pages, and each answer costs several regex searches."""
    marker = " ".join(token for token in f"{classes} {ident}".split() if not _TAXONOMY.match(token))
    return bool(_CHROME.search(marker)), bool(_LISTS.search(marker))


def _inside_article(node: LexborNode) -> bool:
    current = node.parent
    while current is not None:
        if current.tag in ("article", "main"):
            return True
        current = current.parent
    return False


def _is_site_header(node: LexborNode) -> bool:
    """A ``<header>`` of the whole page (where date bars live), not the header of the article."""
    return not tagged_below(node, _H1_TAG) and not _inside_article(node)


class Collector:
    """Evidence from one page; ``flags`` gathers what was seen but refused (impossible dates)."""

    def __init__(self, fetched_at: datetime | None, language: str | None) -> None:
        self.fetched_at = fetched_at
        self.language = language
        self.items: list[Evidence] = []
        self.flags: set[str] = set()
        self.noise = Noise()

    def read(self, role: Role, kind: str, label: str, raw: Any, weight: float,
             reading: Reading = "machine") -> Evidence | None:
        """``raw`` parsed into evidence (not yet kept), or None; impossible dates are flagged."""
        if not isinstance(raw, str) or not raw.strip():
            return None
        try:
            stamp = parse_machine(raw) if reading == "machine" else parse_text(raw, self.language)
        except ImpossibleDate:
            self.flags.add("impossible")
            return None
        if stamp is None and reading == "byline" and self.fetched_at is not None:
            stamp = parse_relative(raw, self.fetched_at, self.language)
        return Evidence(role, kind, label, raw.strip(), stamp, weight) if stamp is not None else None

    def add(self, role: Role, kind: str, label: str, raw: Any, weight: float,
            reading: Reading = "machine") -> bool:
        """Parse ``raw`` and keep it as evidence; whether it parsed."""
        evidence = self.read(role, kind, label, raw, weight, reading)
        if evidence is not None:
            self.items.append(evidence)
        return evidence is not None


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


_JSONLD_DATE = re.compile(r'"(datePublished|dateModified)"\s*:\s*"([^"]{6,40})"')


def collect_jsonld(page: PageMeta, url: str | None, out: Collector) -> None:
    """datePublished/dateModified of the page's own article object (the one naming this URL, else the first).

    JSON-LD that does not parse even tolerantly (a stray closing brace is
    common) is read by pattern: its first datePublished/dateModified, a bit weaker.
    """
    objects = page.jsonld
    articles = [o for o in objects if jsonld_types(o) & ARTICLE_TYPES]
    own = next((o for o in articles if _same_page(o, url)), articles[0] if articles else None)
    if own is not None:
        out.add("published", "jsonld", "datePublished", own.get("datePublished"), 10)
        out.add("published", "jsonld", "dateCreated", own.get("dateCreated"), 2)
        out.add("modified", "jsonld", "dateModified", own.get("dateModified"), 10)
    else:
        seen: set[str] = set()
        for script in page.scripts:
            for key, raw in _JSONLD_DATE.findall(script):
                if key not in seen:
                    seen.add(key)
                    out.add("published" if key == "datePublished" else "modified", "jsonld", key, raw, 8)
    for obj in objects:
        if jsonld_types(obj) & PAGE_TYPES:
            out.add("published", "jsonld", "WebPage.datePublished", obj.get("datePublished"), 5)
            out.add("modified", "jsonld", "WebPage.dateModified", obj.get("dateModified"), 5)
            break


@lru_cache(maxsize=8192)
def _meta_reading(name: str) -> tuple[Role, float] | None:
    """The role and weight of a date in the meta tag ``name``, or None: known tags at their weight, unknown
    ones whose name says "publish"/"created"/"modified" weakly. Remembered: pages repeat the same few
    dozen names (og:title, viewport, ...), and each would cost two regex searches."""
    if name in META_MODIFIED:
        return "modified", 8
    weight = META_PUBLISHED.get(name)
    if weight is not None:
        return "published", weight
    if _META_PUBLISHED_NAME.search(name):
        return "published", 3
    if _META_MODIFIED_NAME.search(name):
        return "modified", 4
    return None


def collect_meta(page: PageMeta, out: Collector) -> None:
    """Every meta tag that states a date (see :func:`_meta_reading`), at its weight."""
    for name, values in page.meta.items():
        reading = _meta_reading(name)
        if reading is not None:
            role, weight = reading
            for value in values:
                out.add(role, "meta", name, value, weight)


def _datetime_attr(node: LexborNode) -> str | None:
    attrs = node.attrs
    return attrs.get("datetime") or attrs.get("content") or (attrs.get("title") if node.tag == "abbr" else None)


def _marker(node: LexborNode) -> str:
    """Class and id of the element and class of its parent: themes mark "published"/"updated" on either."""
    parent = node.parent
    attrs = node.attrs
    return (f"{attrs.get('class') or ''} {attrs.get('id') or ''} "
            f"{(parent.attrs.get('class') or '') if parent else ''}")


# itemprop (lower-cased) -> role and weight of the date on an element carrying it.
_MICRODATA: dict[str, tuple[Role, float]] = {
    "datepublished": ("published", 8), "datemodified": ("modified", 8), "datecreated": ("published", 4),
}


def collect_microdata(tree: LexborHTMLParser, out: Collector, index: ClassIndex) -> None:
    """``itemprop="datePublished"`` and friends on visible elements (outside chrome and comments).

    The page's index lists those elements (its one pass over the page reads every itemprop), so
    no query of the whole tree is made for them.
    """
    for node in index.nodes_of(index.dated):
        prop = (node.attrs.get("itemprop") or "").lower()
        reading = _MICRODATA.get(prop)
        if reading is None or node.tag == "meta" or out.noise(node, strict=False):
            continue
        role, weight = reading
        raw = _datetime_attr(node)
        if not (raw and out.add(role, "time", f"itemprop={prop}", raw, weight)):
            out.add(role, "byline", f"itemprop={prop}", node.text(deep=True), weight - 1, "byline")


def _visible_date(node: LexborNode, out: Collector, role: Role, marker: str) -> Evidence | None:
    """The date an element shows: its (or its ``<time>``'s) ``datetime``, else its text (absolute or relative)."""
    weight = 6 if _TIME_CLASS.search(marker) or "pubdate" in node.attrs else 5
    machine = node if node.tag in ("time", "abbr") else next(
        (time for time in tagged_below(node, _TIME_TAG) if "datetime" in time.attrs), None)
    if machine is not None:  # a byline box holding a <time>: its datetime is more precise than the text
        evidence = out.read(role, "time", machine.tag or "time", _datetime_attr(machine), weight + 1)
        if evidence is not None:
            return evidence
    text = node.text(deep=True, separator=" ")
    if not text or len(text) > 120 or not _DIGIT.search(text):
        return None
    return out.read(role, "byline", node.tag or "byline", text, weight, "byline")


def collect_byline(tree: LexborHTMLParser, out: Collector, index: ClassIndex | None = None) -> None:
    """The visible byline date: the first dated element after the headline, else the last one before it.

    Candidates are ``<time datetime>`` and elements whose class or id says
    "date" (in several languages); relative stamps ("6 hours ago") count.
    Later dated elements belong to teasers, comments and widgets. Elements in
    lists, asides and footers are accepted only when nothing else dates the page.

    When strong metadata agrees on the day, only ``<time>`` elements are read
    (they refine the offset and the instant); the slower search of text
    bylines is for pages whose metadata is missing or contradicts itself.
    """
    strong = {e.stamp.value.date() for e in out.items if e.role == "published" and e.weight >= 8}
    before: list[LexborNode] = []
    after: list[LexborNode] = []
    headline = False
    for node in _byline_candidates(tree, index or ClassIndex(tree), text_bylines=len(strong) != 1):
        if node.tag in ("h1", "html", "body", "meta", "script", "style") or node.attrs.get("itemprop"):
            headline = headline or node.tag == "h1"
        else:
            (after if headline else before).append(node)
    ordered = after + before[::-1]
    dated = any(e.role == "published" and e.weight >= 5 for e in out.items)
    for strict in (True,) if dated else (True, False):
        found: dict[Role, Evidence] = {}
        for node in ordered:
            if _take(node, out, found, strict):
                break
        if "published" in found:
            break
    out.items.extend(found.values())


def _byline_candidates(tree: LexborHTMLParser, index: ClassIndex, *, text_bylines: bool) -> list[LexborNode]:
    """The headline, ``<time datetime>`` and hCard dates, and with ``text_bylines`` every element whose class
    or id says "date" (in several languages), in document order."""
    if not (index.built or text_bylines):  # four selectors cost less than indexing the page; the twelve
        return tree.css(_MACHINE_DATES)       # class/id substring selectors of text bylines cost more
    mems = index.mems
    found = dict.fromkeys(index.positions(_BYLINE_CLASS, _BYLINE_ID, fold=True) if text_bylines else ())
    for i in index.tagged(_MACHINE_TAGS):
        node = index.node_of(mems[i])  # nodes only for the few candidates, not for every indexed element
        attrs = node.attrs
        if node.tag == "h1" or (node.tag == "time" and "datetime" in attrs) or (
                "title" in attrs and {"published", "updated"}.intersection(index.class_of(i).split())):
            found[i] = node
    return [node if node is not None else index.node_of(mems[i]) for i, node in sorted(found.items())]


def _take(node: LexborNode, out: Collector, found: dict[Role, Evidence], strict: bool) -> bool:
    """Record the element's date under its role if that role is still open; whether the published one is found."""
    marker = _marker(node)
    role: Role = "modified" if _MODIFIED_CLASS.search(marker) and not _TIME_CLASS.search(marker) else "published"
    if role not in found:
        evidence = _visible_date(node, out, role, marker)
        if evidence is not None and not out.noise(node, strict=strict):
            found[role] = evidence
    return "published" in found


# "Published on" in the languages of the month tables, and the CJK "posted/registered" marks.
_PUBLISHED_LABEL = re.compile(
    r"published|posted on|publi[ée]|publicad[oa]|pubblicato|ver[öo]ffentlicht|publiziert|erschienen|gepubliceerd"
    r"|geplaatst|opublikowano|publikov[áa]no|publicerad|publiceret|publisert|julkaistu|yay[\u0131i]nlan|опубликовано"
    r"|дата публикации|发布|發布|発行|掲載|입력|게시",
    re.IGNORECASE,
)
_TITLE_SEPARATORS = re.compile(r"\s+[-|\u2013\u2014:\u00bb\u00b7]+\s+")  # hyphen, bar, dashes, colon, guillemet, dot


def _title_keys(page_title: str | None) -> set[str]:
    """The page title and its parts around " - " / " | " separators: the headline's text, site name removed."""
    title = " ".join((page_title or "").split())
    return {part for part in (title, *_TITLE_SEPARATORS.split(title)) if len(part) >= 10}


def scan_text(tree: LexborHTMLParser, out: Collector, page_title: str | None, max_nodes: int = 20_000) -> None:
    """Last resort for pages without any dated element: a written date, preferring a labelled one.

    A date labelled "published on" (in one of many languages, in the same or
    the preceding text) wins; else the first date after the headline (the
    first ``<h1>``, or the first text equal to ``page_title`` (the first ``<title>``) or its
    part before " - Site name"); else the nearest one before it; without a
    headline, the first of the page. Lists, menus and in-article footers are
    read too (small sites put the date there); chrome is not.
    """
    body = tree.body
    if body is None:
        return
    titles = _title_keys(page_title)
    headline = False
    first: Evidence | None = None
    last: Evidence | None = None
    after: Evidence | None = None
    previous = ""
    elements: NodeTable | None = None  # the nodes of the text's parents, read when a text may hold a date
    for raw, parent in text_nodes(body, _H1_TAG, max_nodes):  # blank text (between tags) left out by the read
        if raw is None:  # an <h1> opens
            headline = True
            continue
        text = " ".join(raw.split())
        if not headline and text in titles:
            headline = True
        elif len(text) >= 6 and may_hold_date(text) and not out.noise(
                (elements := elements or node_table(body)).nodes((parent,))[0], strict=False):
            evidence = out.read("published", "text", "text", text, 1, "text")
            if evidence is not None:
                if _PUBLISHED_LABEL.search(f"{previous} {text}"):
                    out.items.append(evidence)
                    return
                if headline:
                    after = after or evidence
                else:
                    first, last = first or evidence, evidence
        previous = text
    found = after or (last if headline else first)
    if found is not None:
        out.items.append(found)


_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})([/_-])(0?[1-9]|1[0-2]|[a-z]{3,9})\2(0?[1-9]|[12]\d|3[01])(?:/|[-_.]|$)",
    re.IGNORECASE,
)
_URL_COMPACT = re.compile(r"/((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:/|[-_.]|$)")


def collect_url(url: str | None, out: Collector) -> None:
    """A full /YYYY/MM/DD/ (or /2019/nov/18/, /20200428/) date in the URL path: day precision."""
    if not url:
        return
    path = urlsplit(url).path
    compact = _URL_COMPACT.search(path)
    if compact is not None:
        out.add("published", "url", "url", "-".join(compact.groups()), 3)
        return
    match = _URL_DATE.search(path)
    if match is not None:
        year, _, month, day = match.groups()
        if month.isalpha():
            out.add("published", "url", "url", f"{day} {month} {year}", 3, "text")
        else:
            out.add("published", "url", "url", f"{year}-{int(month):02d}-{int(day):02d}", 3)


def collect_hints(hints: Sequence[tuple[str, str]], out: Collector) -> None:
    """Feed pubDate / sitemap publication_date for this URL, as found by discovery."""
    for kind, raw in hints:
        out.add("published", kind, kind, raw, 3)


def collect(tree: LexborHTMLParser, url: str | None, hints: Sequence[tuple[str, str]], out: Collector,
            page: PageMeta | None = None) -> None:
    """All evidence of the page; the whole-text scan only when nothing else dates it."""
    page = page or PageMeta.of(tree)
    collect_jsonld(page, url, out)
    collect_meta(page, out)
    collect_microdata(tree, out, page.index)
    collect_byline(tree, out, page.index)
    collect_url(url, out)
    collect_hints(hints, out)
    if not any(e.role == "published" for e in out.items):
        scan_text(tree, out, page.index.page.title)
