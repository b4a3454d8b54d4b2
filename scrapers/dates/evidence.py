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
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, Literal, NamedTuple
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scrapers.bywords import opens_with_by
from scrapers.dates import labels
from scrapers.dates.parse import (
    Found,
    ImpossibleDate,
    Order,
    Stamp,
    find_text,
    is_month_name,
    may_hold_date,
    parse_machine,
    parse_month_day,
    parse_relative,
    parse_text,
)
from scrapers.htmlindex import ClassIndex
from scrapers.htmlmeta import PageMeta, jsonld_types
from scrapers.lextree import NodeTable, ancestors, node_table, tag_id, tagged_below, text_length, text_nodes

Role = Literal["published", "modified"]
STRONG = 5  # weight from which evidence is machine-readable metadata of the page itself
# Structured data without a time ("2023-01-10", "...T00:00:00") is often a template's or a CMS field's day, and
# January 1 without a time a placeholder: below a visible date labelled as the publication, or one backed by
# another kind of evidence, and at the bottom for January 1.
METADATA = frozenset({"jsonld", "meta"})
_DAY_METADATA = 7
_LABEL_BONUS = 2.5  # a visible date labelled as the publication: above day-only metadata
_CANDIDATES = 30  # byline candidates read below the headline, and above it, nearest first (see collect_byline)
_CHECKED = 6  # ... when strong metadata is only being checked
_SAME_DAY_HOURS = (9, 20)  # UTC hours whose instants are on the same day from UTC-9 to UTC+4 (see _same_day)
_LABEL_LENGTH = 200  # characters: a text before a date this long is not its label
_H1_TAG, _TIME_TAG, _ARTICLE_TAG = tag_id("h1"), tag_id("time"), tag_id("article")
_H2_TAG, _H3_TAG, _A_TAG = tag_id("h2"), tag_id("h3"), tag_id("a")
_H1 = frozenset({"h1"})  # the class index's name of the tag
_TITLE_CLASSES = (("headline",), ("title",))  # classes of headlines that are no <h1> ("entry-headline", "post-title")
_HEADLINES = 5  # <h1> elements looked at for the page's headline (logos, section names and the story's own)
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
# Media a page may be the page of (a video's, a podcast episode's): their dates are the page's only when the object
# names the page or shows its title; on an article's page an embedded video is another thing, uploaded before.
MEDIA_TYPES = frozenset({"VideoObject", "AudioObject", "PodcastEpisode", "Episode", "Clip"})

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
_META_MODIFIED_NAME = re.compile(r"modif|update", re.IGNORECASE)  # "dateUpdate", "last-update"

# Containers whose dates are never the page's own: the "today" date bar, tickers, copyright lines, comments,
# related/popular teasers, sidebars, embedded tweets and quotes.
_CHROME = re.compile(
    r"related|sidebar|comments|comment[-_]?(?:list|area|respond|form|body|content|meta|author|reply|section|wrap)"
    r"|disqus|kommentar|commentaire|comentario|commento|recommend|popular|trending|ranking|most[-_ ]?(?:read|viewed)"
    r"|top[-_]?bar"
    r"|(?<![a-z])(?<!entry[-_])(?<!post[-_])(?<!article[-_])(?<!story[-_])header[-_]?(?:top|date)"  # not the article's
    r"|td[-_]data[-_]time|td-header|jeg_(?:top|header)|today|date[-_]?bar|current[-_]?date"
    r"|copyright|ticker|weather|calendar|tagcloud|masthead|site-header|tweet"
    r"|(?:recent|latest|more|other|similar)[-_]?(?:posts|articles|news|stories|entries)|read[-_]?(?:also|next)",
)  # read on lower-cased markers: a case-sensitive search of this many alternatives is several times faster
# Containers that usually hold other pages' dates (lists, menus, footers) but on small sites may hold the
# byline: skipped while stronger evidence is looked for, accepted by the last-resort text scan.
_LISTS = re.compile(
    r"widget|footer|latest|recent|teaser|promo|newsletter|breadcrumb|carousel|slider|more[-_]"
    r"|also|next|prev|archive|menu|navbar|mega",
)
# WordPress post_class() tokens name the post's categories and tags ("category-latest-news"): not layout.
# Layout modifiers ("right-sidebar", "has-sidebar") describe the page around the content, not a sidebar;
# page builders (Elementor) call every box a widget; app frameworks wrap the whole page ("__next", "__nuxt").
_TAXONOMY = re.compile(r"(?:category|tag|location|post|format|status|type|author|topic|section)-|elementor-"
                       r"|_+(?:next|nuxt|gatsby)\b"
                       r"|\S*(?:(?:has|with|no|left|right|full|content|main)[-_]?sidebar"
                       r"|sidebar[-_](?:content|wrap|main|layout|parent))")
# The post's own byline line, by the names themes give it: never chrome, whatever other class it has.
_BYLINE_BOX = re.compile(r"(?:entry|post|article|story)[-_]?(?:meta|date|byline|info)\b|\bbyline\b|posted[-_]?on"
                         r"|\bdateline\b")
_NO_DIGITS = str.maketrans("", "", "0123456789")  # "post-12345": ids and classes told apart by digits alone
_CHROME_TAGS = frozenset({"noscript", "template", "select", "option", "script", "style", "blockquote"})
_LIST_TAGS = frozenset({"aside", "nav", "footer"})


# Elements that visibly state a date: class or id mentions a date word in a common language
# ([class*="date" i], ... [id*="publish" i], answered by the page's ClassIndex).
_BYLINE_CLASS = ("date", "time", "byline", "posted", "publish", "datum", "fecha", "meta")
_BYLINE_ID = ("date", "time", "byline", "publish")
_MACHINE_DATES = "h1, time, abbr.published[title], abbr.updated[title]"
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
        self._article: frozenset[int] = frozenset()

    def __call__(self, node: LexborNode, *, strict: bool = True) -> bool:
        key = (node.mem_id, strict)
        known = self._memo.get(key)
        if known is None:
            known = self._memo[key] = node.mem_id not in self._article and (self._own(node, strict) or (
                node.parent is not None and node.parent.tag not in ("body", "html", None)
                and self(node.parent, strict=strict)))
        return known

    @property
    def article(self) -> frozenset[int]:
        """The ``mem_id`` of the headline and of every element around it (see :meth:`keep`)."""
        return self._article

    def keep(self, headline: LexborNode) -> None:
        """The elements around the page's headline are the article's, never chrome, whatever their class says:
        themes call their main column "sidebar-1", and markup that leaves a "recent news" box open puts the
        article inside it."""
        article = set()
        current: LexborNode | None = headline
        while current is not None:
            article.add(current.mem_id)
            current = current.parent
        self._article = frozenset(article)
        self._memo.clear()

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
        chrome, lists = _marker_noise((attrs.get("class") or "").translate(_NO_DIGITS), ident.translate(_NO_DIGITS))
        if chrome and _sidebar_only(attrs.get("class") or "", ident) and _holds_byline(node):
            return strict and (lists or tag in _LIST_TAGS)  # the post's author-and-date box, in a "sidebar"
        return chrome or (strict and lists)


@lru_cache(maxsize=8192)
def _marker_noise(classes: str, ident: str) -> tuple[bool, bool]:
    """Whether a class and id name chrome, and whether they name a list/menu/footer (taxonomy tokens ignored).
    Remembered: a site's containers repeat on all its pages, and each answer costs several regex searches."""
    lowered = f"{classes} {ident}".lower()
    if _BYLINE_BOX.search(lowered):  # "entry-meta nyo-social-comments": the byline line, with its comment count
        return False, False
    marker = " ".join(token for token in lowered.split() if not _TAXONOMY.match(token))
    return bool(_CHROME.search(marker)), bool(_LISTS.search(marker))


@lru_cache(maxsize=1024)
def _sidebar_only(classes: str, ident: str) -> bool:
    """Whether a class and id name chrome only by saying "sidebar" (not "related", "comments", ...)."""
    lowered = f"{classes} {ident}".lower().translate(_NO_DIGITS)
    return "sidebar" in lowered and _CHROME.search(lowered.replace("sidebar", " ")) is None


# A byline inside a box: an element named for the author, a link to the author, or a line opening with a by-word
# and a name (the byline model's by-words of every language, scrapers/bywords.py).
_AUTHOR_MARK = re.compile(r"author|byline|autor|auteur|writer", re.IGNORECASE)
_BYLINE_BOX_TEXT = 400  # characters: a post's author-and-date box; a site's sidebar holds more
_BYLINE_BOX_LINKS = 3  # links: an author's, a category's ...; a list of posts has more


def _holds_byline(node: LexborNode) -> bool:
    """Whether a box is a post's author-and-date box: short, few links, and naming the author (themes print it
    beside the article in an ``<aside class="sidebar">``), not a site sidebar of teasers."""
    if text_length(node, _BYLINE_BOX_TEXT) > _BYLINE_BOX_TEXT or len(tagged_below(node, _A_TAG)) > _BYLINE_BOX_LINKS:
        return False
    for child in node.traverse(include_text=True):
        if child.tag == "-text":
            if opens_with_by(child.text_content or ""):  # the byline model's by-words, every language
                return True
        elif child.is_element_node and _AUTHOR_MARK.search(  # not a comment node ("<!-- box -->"): it has no attrs
                f"{child.attrs.get('class') or ''} {child.attrs.get('rel') or ''} {child.attrs.get('itemprop') or ''}"):
            return True
    return False


def _inside_article(node: LexborNode) -> bool:
    current = node.parent
    while current is not None:
        if current.tag in ("article", "main"):
            return True
        current = current.parent
    return False


def _date_bar(node: LexborNode, headline: LexborNode | None, around: frozenset[int]) -> bool:
    """Whether an element above the headline that shows only a weekday and a date is the site's "today" bar:
    outside the article and not beside the headline (Blogger's "date-header" shares a parent with the
    post's title, three levels up at most; a bar sits in the page's header, far from it). Where the headline is
    known (``around``: it and its ancestors), only it counts: a site's logo in an ``<h1>`` beside the bar does
    not make the bar the post's."""
    if _inside_article(node):
        return False
    current = node.parent
    for _ in range(3):
        if current is None or current.tag in ("body", "html"):
            return True
        if current.mem_id in around if headline is not None else tagged_below(current, _H1_TAG):
            return False
        current = current.parent
    return True


def _beside_logo(node: LexborNode, around: frozenset[int]) -> bool:
    """Whether an element shares a box (three levels up at most) with an ``<h1>`` that is not the headline's
    (``around``: the headline and its ancestors): the site's logo, in the page's head."""
    current = node.parent
    for _ in range(3):
        if current is None or current.tag in ("body", "html") or current.mem_id in around:
            return False
        if tagged_below(current, _H1_TAG):
            return True
        current = current.parent
    return False


def _is_site_header(node: LexborNode) -> bool:
    """A ``<header>`` of the whole page (where date bars live), not the header of the article."""
    return not tagged_below(node, _H1_TAG) and not _inside_article(node)


class Collector:
    """Evidence from one page; ``flags`` gathers what was seen but refused (impossible dates), ``views`` the
    "today" dates of widgets and date bars, ``refused`` why written dates were not taken (see :func:`scan_text`).

    ``order`` is how numeric dates are read ("11/01/2023"): see :func:`scrapers.dates.parse.numeric_order`.
    """

    def __init__(self, fetched_at: datetime | None, language: str | None, order: Order = "dmy") -> None:
        self.fetched_at = fetched_at
        self.language = language
        self.order: Order = order
        self.items: list[Evidence] = []
        self.flags: set[str] = set()
        self.views: list[Stamp] = []
        self.judged: set[int] = set()  # mem_ids of elements whose date the byline stage took as a view or an edit
        self.refused: set[str] = set()
        self.zone_known = False  # the publisher's zone is configured or guessed: a UTC stamp's local day is known
        self.noise = Noise()
        self.headline: LexborNode | None = None  # the <h1> that shows the page's title (see find_headline)
        self.logo = False  # the page has <h1> elements, none of them the headline (a logo's, a site name's)
        self.url_year: int | None = None  # the year the URL's path names (a yearless byline date's year)

    def find_headline(self, tree: LexborHTMLParser, page_title: str | None, index: ClassIndex) -> None:
        """The page's headline: the first of its first few ``<h1>`` whose text is the page's title or the longest
        part of it (a logo's ``<h1>`` shows the site's name, a shorter part); on a page whose headline is no
        ``<h1>`` (none, or only the logo's), the first ``<h2>``/``<h3>`` or element whose class says "title" or
        "headline" showing that text.
        The elements around it are the article's (:meth:`Noise.keep`)."""
        wanted = _headline_texts(page_title)
        body = tree.body
        if not wanted or body is None:
            return
        # the index lists the page's <h1> already: a walk of the whole body for them would cost more
        h1s, _ = ancestors([index.mems[i] for i in index.tagged(_H1)], body)
        for candidates in (lambda: index.nodes_of(h1s[:_HEADLINES]), lambda: (  # the <h1>s first; only when none
                *tagged_below(body, _H2_TAG), *tagged_below(body, _H3_TAG), *(  # shows the title (a logo's <h1>
                    node for words in _TITLE_CLASSES  # holds the site's name), the others: a sticky bar's "title"
                    for node in index.nodes_of(index.mems[i] for i in index.positions(words, fold=True))))):
            for node in candidates():  # repeats the headline, so "headline" classes come first
                if len(text := node.text(deep=True)) < 4 * _LABEL_LENGTH and " ".join(text.split()) in wanted:
                    self.headline = node
                    self.logo = bool(h1s) and node.tag != "h1"
                    self.noise.keep(node)
                    return

    def find(self, text: str) -> Found | None:
        """The first date written in ``text``, read in the page's language and numeric order."""
        return find_text(text, self.language, self.order)

    def read(self, role: Role, kind: str, label: str, raw: Any, weight: float,
             reading: Reading = "machine") -> Evidence | None:
        """``raw`` parsed into evidence (not yet kept), or None; impossible dates are flagged."""
        if not isinstance(raw, str) or not raw.strip():
            return None
        try:
            stamp = parse_machine(raw) if reading == "machine" else parse_text(raw, self.language, self.order)
        except ImpossibleDate:
            self.flags.add("impossible")
            return None
        if stamp is None and reading == "byline" and self.fetched_at is not None:
            stamp = parse_relative(raw, self.fetched_at, self.language)
        basis = self.url_year if self.url_year is not None else self.fetched_at  # a yearless date's year
        if stamp is None and reading == "byline" and basis is not None:
            yearless = parse_month_day(raw, basis)
            if yearless is not None:
                stamp, assumed = yearless
                label = YEAR_ASSUMED if assumed else label
        if stamp is None:
            return None
        if kind in METADATA and stamp.precision == "day":
            weight = min(weight, 1 if stamp.value.month == stamp.value.day == 1 else _DAY_METADATA)
        return Evidence(role, kind, label, raw.strip(), stamp, weight)

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
    if own is None:  # a video's or an episode's own page: the object naming this page, or showing its title
        titles = _title_keys(page.index.page.title)
        media = next((o for o in objects if jsonld_types(o) & MEDIA_TYPES and (
            _same_page(o, url) or " ".join(str(o.get("name") or "").split()) in titles)), None)
        if media is not None:
            out.add("published", "jsonld", "uploadDate", media.get("datePublished") or media.get("uploadDate"), 6)


@lru_cache(maxsize=8192)
def meta_reading(name: str) -> tuple[Role, float] | None:
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
        reading = meta_reading(name)
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


class _Seen(NamedTuple):
    """A date an element shows, the text before it and after it (where labels are), and whether it is shaped
    like a date bar."""

    evidence: Evidence
    before: str
    bar: bool
    after: str = ""


def _text_before(node: LexborNode, limit: int = 60) -> str:
    """The end of the nearest text before ``node``: its closest preceding sibling with text, else its parent's
    (up to two levels). Labels such as "Erschienen am:" or "Aktuelle Zeit:" sit there; a long text there (a
    paragraph, a whole block) is no label, and is not read."""
    current: LexborNode | None = node
    for _ in range(3):
        if current is None:
            return ""
        sibling = current.prev
        while sibling is not None:
            if sibling.tag == "-text":
                text = sibling.text_content or ""
            elif text_length(sibling, _LABEL_LENGTH) >= _LABEL_LENGTH:
                return ""
            else:
                text = sibling.text(deep=True)
            if text and not text.isspace():
                return _after_last_date(" ".join(text[-4 * limit:].split())[-limit:])
            sibling = sibling.prev
        current = current.parent
    return ""


def _after_last_date(text: str) -> str:
    """The part of a text before a date that may label it: after another date, only what follows that date,
    unless it is that date's own label ("2019.03.26 更新", "Letzte Aktualisierung: 20.10.2020" labels only that)."""
    # The last digit, found as the first of the reversed text: (".*\d" would find it too, but tries every start
    # again on a text without one: quadratic in its length.)
    digit = _DIGIT.search(text[::-1])
    if digit is None:
        return text
    after = text[len(text) - digit.start():]
    return "" if labels.label_after(after) else after


def _visible_date(node: LexborNode, out: Collector, role: Role, marker: str) -> _Seen | None:
    """The date an element shows: its (or its ``<time>``'s) ``datetime``, else its text (absolute or relative)."""
    weight = 6 if _TIME_CLASS.search(marker) or "pubdate" in node.attrs else 5
    machine = node if node.tag in ("time", "abbr") else next(
        (time for time in tagged_below(node, _TIME_TAG) if "datetime" in time.attrs
         and not out.noise(time, strict=False)), None)  # not a comment's, in a box holding a whole post
    text = " ".join(node.text(deep=True, separator=" ").split())
    if machine is not None:  # a byline box holding a <time>: its datetime is more precise than the text
        evidence = out.read(role, "time", machine.tag or "time", _datetime_attr(machine), weight + 1)
        if evidence is not None:
            digit = _DIGIT.search(text)  # its label is in the text before the shown date ("Aktualisiert: 11.04.")
            return _Seen(evidence, f"{_text_before(node)} {text[:digit.start() if digit else 60]}", False)
    if not text or len(text) > 120 or not _DIGIT.search(text):
        return None
    found = out.find(text)
    if found is not None:
        return _Seen(Evidence(role, "byline", node.tag or "byline", text, found.stamp, weight),
                     f"{_text_before(node)} {text[:found.start]}", labels.is_weekday_bar(found), found.text[found.end:])
    evidence = out.read(role, "byline", node.tag or "byline", text, weight, "byline")  # "6 hours ago"
    return _Seen(evidence, _text_before(node), False) if evidence is not None else None


def collect_byline(tree: LexborHTMLParser, out: Collector, index: ClassIndex | None = None, *,
                   text_bylines: bool | None = None, url: str | None = None) -> None:
    """The visible byline date: the first dated element after the headline, else the last one before it.

    Candidates are ``<time>`` elements (their ``datetime``, else their text) and elements whose class or id says
    "date" (in several languages); relative stamps ("6 hours ago") count.
    Later dated elements belong to teasers, comments and widgets. Elements in
    lists, asides and footers are accepted only when nothing else dates the page. WordPress's
    ``<time class="entry-date published">`` goes first wherever it is (:func:`_posted_on`).
    The words before a date say what it is (:func:`scrapers.dates.labels.label_of`): an
    "updated" date is the modification, a "today"/"current time" one (and, above the
    headline, a print-edition date or a bare "Wednesday, 26.02.2020" outside the article)
    is the day of the visit, kept in ``out.views`` and never taken.

    ``text_bylines`` (default: unless strong metadata agrees on one day, with a time of day, in a
    stated offset, a known zone or beside a URL naming the day) says whether elements whose class says "date" are read, or only
    ``<time>`` elements (which refine the offset and the instant): the slower search of text bylines is
    for pages whose metadata is missing, contradicts itself, has no time (a template's or a CMS
    field's day) or leaves the local day open (UTC-only stamps).
    """
    strong = [e.stamp for e in out.items if e.role == "published" and e.weight >= _DAY_METADATA]
    url_day = any(e.kind == "url" for e in out.items)  # it tells the local day of a UTC-only stamp (local_day)
    settled = len({s.value.date() for s in strong}) == 1 and any(
        s.precision != "day" and (out.zone_known or url_day or (s.aware and s.value.utcoffset()) or _same_day(s))
        for s in strong)
    before: list[LexborNode] = []
    after: list[LexborNode] = []
    headline = False
    wanted = not settled if text_bylines is None else text_bylines
    # a headline that is no <h1> marks where the byline zone starts, unless the page has an <h1> (its logo): then
    # the dated elements from the logo on (the article's kicker and date above its title) come first, as before
    # its headline was known, ahead of teasers far below the headline
    mark = out.headline if out.headline is not None and out.headline.tag != "h1" and not out.logo else None
    for node in _byline_candidates(tree, index or ClassIndex(tree), text_bylines=wanted, mark=mark):
        if node is mark:
            headline = True
        elif node.tag in ("h1", "html", "body", "meta", "script", "style") or node.attrs.get("itemprop"):
            headline = headline or (node.tag == "h1" and mark is None)
        else:
            (after if headline else before).append(node)
    # The nearest candidates below and above the headline (a live blog has hundreds of stamps); fewer when
    # strong metadata is only being checked (its local day, a template's date).
    limit = _CANDIDATES if not strong else _CHECKED
    ordered = [(node, False) for node in after[:limit]] + [
        (node, True) for node in (before[:-limit - 1:-1] if headline else before[:limit])]  # no headline: the page's
    # first dated elements (as the text scan reads it), not its last ones (footers, sidebars, comments)
    if any(node.tag == "time" for node, _ in ordered):
        ordered.sort(key=lambda pair: not _posted_on(pair[0]))  # stable: WordPress's own post date first
    dated = any(e.role == "published" and e.weight >= STRONG for e in out.items)
    for strict in (True,) if dated else (True, False):
        found: dict[Role, Evidence] = {}
        for node, above in ordered:
            if _take(node, out, found, strict, above, url if headline else None):
                break
        if "published" in found:
            break
    out.items.extend(found.values())


def _same_day(stamp: Stamp) -> bool:
    """Whether a UTC instant falls on its UTC day for publishers from UTC-9 to UTC+4 (the Americas, Europe,
    Africa, the Middle East): between 09:00 and 20:00 UTC it does, and no byline needs reading to know the day."""
    return stamp.aware and _SAME_DAY_HOURS[0] <= stamp.value.astimezone(UTC).hour < _SAME_DAY_HOURS[1]


def _byline_candidates(tree: LexborHTMLParser, index: ClassIndex, *, text_bylines: bool,
                       mark: LexborNode | None = None) -> list[LexborNode]:
    """The headline, ``<time>`` elements and hCard dates, and with ``text_bylines`` every element whose class
    or id says "date" (in several languages), in document order; and ``mark`` (a headline that is no ``<h1>``)
    where it, or the nearest element around it that the index lists, is."""
    if not (index.built or text_bylines or mark is not None):  # four selectors cost less than indexing the page;
        return tree.css(_MACHINE_DATES)  # the twelve class/id substring selectors of text bylines cost more
    mems = index.mems
    found = dict.fromkeys(index.positions(_BYLINE_CLASS, _BYLINE_ID, fold=True) if text_bylines else ())
    if mark is not None:
        listed = {mem: i for i, mem in enumerate(mems)}
        around: LexborNode | None = mark
        while around is not None and around.mem_id not in listed:
            around = around.parent
        if around is not None:
            found[listed[around.mem_id]] = mark
    for i in index.tagged(_MACHINE_TAGS):
        node = index.node_of(mems[i])  # nodes only for the few candidates, not for every indexed element
        attrs = node.attrs
        if node.tag in ("h1", "time") or (
                "title" in attrs and {"published", "updated"}.intersection(index.class_of(i).split())):
            found[i] = node
    return [node if node is not None else index.node_of(mems[i]) for i, node in sorted(found.items())]


def _posted_on(node: LexborNode) -> bool:
    """A ``<time class="entry-date published">``: WordPress themes print it (posted_on) only for the post shown,
    wherever the theme puts it (above the title, in the entry footer), while teasers and widgets use other
    markup: it dates the page ahead of any element nearer the headline."""
    return node.tag == "time" and "published" in (node.attrs.get("class") or "").split()


def _take(node: LexborNode, out: Collector, found: dict[Role, Evidence], strict: bool, above: bool,
          url: str | None) -> bool:
    """Record the element's date under its role if that role is still open; whether the published one is found.

    ``above``: the element comes before the headline, where date bars and edition bars live. A date in a
    teaser card (:func:`_in_teaser`) is another page's, and one in a caption a photo's: both are passed over.
    """
    marker = _marker(node)
    role: Role = "modified" if _MODIFIED_CLASS.search(marker) and not _TIME_CLASS.search(marker) else "published"
    if role in found:
        return "published" in found
    seen = _visible_date(node, out, role, marker)  # most candidates show no date: read before the noise walk
    if (seen is None or out.noise(node, strict=strict and not _posted_on(node)) or _in_teaser(node, url)
            or _caption_of(node) is not None):  # a photo's date, in a caption whose class happens to say "time"
        return "published" in found
    evidence = seen.evidence
    label = labels.label_of(seen.before, seen.after)
    if label == "view" or (above and (label == "edition" or (
            seen.bar and _date_bar(node, out.headline, out.noise.article)))):
        out.views.append(evidence.stamp)
        out.judged.add(node.mem_id)
    elif label == "other":
        out.refused.add("event")
        out.judged.add(node.mem_id)
    elif label == "modified" and role == "published" and not _TIME_CLASS.search(marker):
        found.setdefault("modified", Evidence("modified", evidence.kind, evidence.label, evidence.raw,
                                              evidence.stamp, evidence.weight))
        out.judged.add(node.mem_id)
    else:
        if label == "published":  # "Erscheinungsdatum", "Published on": the page says what the date is
            evidence = Evidence(role, evidence.kind, evidence.label, evidence.raw, evidence.stamp,
                                evidence.weight + _LABEL_BONUS)
        elif role == "modified":
            out.judged.add(node.mem_id)
        found[role] = evidence
    return "published" in found


_TITLE_SEPARATORS = re.compile(r"\s+[-|\u2013\u2014:\u00bb\u00b7]+\s+")  # hyphen, bar, dashes, colon, guillemet, dot


def _headline_texts(page_title: str | None) -> set[str]:
    """The texts the page's headline may show: the page's title, the title without its last or its first part
    (the site's name: "Headline – Subtitle | Site", "Site: Headline"), or its longest part."""
    title = " ".join((page_title or "").split())
    parts = [part for part in _TITLE_SEPARATORS.split(title) if len(part) >= 10]
    if not parts:
        return set()
    longest = max(parts, key=len)
    separators = list(_TITLE_SEPARATORS.finditer(title))
    ends = {title[:separators[-1].start()], title[separators[0].end():]} if separators else set()
    return {title, longest, *(end for end in ends if longest in end)}  # never the site's name alone


def _title_keys(page_title: str | None) -> set[str]:
    """The page title and its parts around " - " / " | " separators: the headline's text, site name removed."""
    title = " ".join((page_title or "").split())
    return {part for part in (title, *_TITLE_SEPARATORS.split(title)) if len(part) >= 10}


_TITLE_WEIGHT = 2.5  # a date the page's title states: above a date the text scan picks, below the URL's


def collect_title(page_title: str | None, out: Collector) -> None:
    """A date standing as one part of the page's title ("Headline - 07.12.2017 - Site", "Headline - Feb. 1, 2016"):
    news sites that print no byline date put it there. A date inside the headline's words ("Vote of 12 May 2019:
    results") dates something else, and one end of a range ("Report 14. - 20. Januar 2022 - Site") no day."""
    title = " ".join((page_title or "").split())
    if not _DIGIT.search(title):
        return
    start = 0
    for separator in (*_TITLE_SEPARATORS.finditer(title), None):
        end = separator.start() if separator is not None else len(title)
        part = title[start:end]
        found = out.find(part) if _DIGIT.search(part) else None
        if found is not None and not found.text[:found.start].strip() and not found.text[found.end:].strip(" .,") \
                and not labels.in_range(Found(found.stamp, title, start + found.start, start + found.end)):
            out.items.append(Evidence("published", "title", "title", part, found.stamp, _TITLE_WEIGHT))
            return
        start = separator.end() if separator is not None else len(title)


# A text node this long is body text, and this much body text after the headline ends the byline's zone:
# a date further down is in the article, its captions or what follows it (related items, comments).
_PARAGRAPH = 100
FAR = 1200
_BAR_DISTANCE = 2  # text nodes: a weekday-and-date text this close above the headline heads the post
_LABEL_SCAN = 60  # text nodes after the headline where a labelled byline is looked for (metadata without a time)
_LABEL_REACH = 60  # characters of the preceding text where a date's label is looked for
_TEXT_HEAD = 1_000  # characters of a text looked at for a date (find_text reads its first 400, whitespace folded)
_HIDDEN_KEPT = 8  # dated texts in chrome kept to tell a page whose only dates are comments
# Weight of a written date by where it is (see scan_text): all below any markup the page gives its date in.
# A date the page labels as its publication near the headline is a byline without a class: above metadata without
# a time (METADATA capped at _DAY_METADATA), below metadata with one.
_TEXT_WEIGHTS = {"labelled": 7.5, "after": 2.0, "updated": 1.5, "body": 2.0, "before": 1.5, "far": 1.0,
                 "caption": 1.0}
Tier = Literal["labelled", "after", "updated", "body", "before", "far", "caption"]
_TIERS: tuple[Tier, ...] = ("after", "updated", "body", "before", "far", "caption")  # the order scan_text prefers
_NEAR = frozenset({"after", "updated", "body", "before"})
_CAPTION = re.compile(r"caption|legend|(?<!ac)credit", re.IGNORECASE)  # not "accreditation"


_COMMENTS = re.compile(r"comment|disqus|respond|reply|kommentar|commentaire|comentario|commento", re.IGNORECASE)


def _in_comments(node: LexborNode) -> bool:
    """Whether a text is in a comment thread (a class or id saying so, up to eight levels up)."""
    current: LexborNode | None = node
    for _ in range(8):
        if current is None or current.tag in ("body", "html", "-document"):
            return False
        attrs = current.attrs
        if _COMMENTS.search(f"{attrs.get('class') or ''} {attrs.get('id') or ''}"):
            return True
        current = current.parent
    return False


def _caption_of(node: LexborNode) -> LexborNode | None:
    """The photo caption a text is in (``<figcaption>``, or a class saying caption/legend/credit, up to three
    levels up), or None: a caption's date is the photo's ("FILE PHOTO: ... on January 16"). A "caption" holding a
    heading is a header box (a story's kicker, date and headline laid over its lead photo), not a photo's."""
    current: LexborNode | None = node
    for _ in range(4):
        if current is None or current.tag in ("body", "html", "-document"):
            return None
        if current.tag == "figcaption" or _CAPTION.search(current.attrs.get("class") or ""):
            return None if tagged_below(current, _H1_TAG) or tagged_below(current, _H2_TAG) else current
        current = current.parent
    return None


def scan_text(tree: LexborHTMLParser, out: Collector, page_title: str | None, url: str | None = None,
              max_nodes: int = 20_000, *, labelled_only: bool = False) -> None:
    """Last resort for pages without markup that dates them: a written date where a byline would be.

    A date labelled "published on" (in one of many languages, in the same or the preceding text)
    near the headline wins; else the first date after the headline (the first ``<h1>``, or the
    first text equal to ``page_title`` or its part before " - Site name") and before the article's
    text begins; else one labelled "updated" (before the date, or after it as in "2019/03/26 更新");
    else the first one in the article's text; else the nearest one before the headline (without a headline, the first of the
    page); else a labelled one further down. Lists, menus and in-article footers are read too
    (small sites put the date there); chrome and captions are not, but a container around the title's
    own text is the article's whatever its class says (old layouts leave a "recent news" box open
    around the article).

    Dates that are not the page's are refused, and why is kept in ``out.refused`` (``date_flags``
    say ``text_date_only`` when nothing else dates the page): one end of a range ("14. - 20.
    Januar 2022"), a date inside a sentence (an event, a photo), a date in a link to another page
    (a related item), and an unlabelled date after more than :data:`FAR` characters of body text.
    "Today" dates (forum headers, date bars) go to ``out.views``. With ``labelled_only`` only a date
    labelled as the publication near the headline is taken (for pages whose metadata has no time), or else the
    first date right under the headline, which only a template's metadata gives way to (its day is shown).
    """
    body = tree.body
    if body is None:
        return
    titles = _title_keys(page_title)
    first_words = {title.split(None, 1)[0] for title in titles}  # cheap tests before normalising a text:
    longest = 2 * max(map(len, titles), default=0) + 100  # its first word, and a length the title's could have
    headline = False
    headline_at = prose = 0
    picks: dict[Tier, Evidence] = {}
    last_before: Evidence | None = None
    bar: tuple[int, Evidence] | None = None  # a weekday-and-date text above the headline, and where
    previous = ""
    hidden: list[tuple[LexborNode, str]] = []  # the first dated texts in chrome: a comment's, maybe
    placed = out.headline is not None  # the article's containers are known (see Noise.keep)
    headlines = _headline_texts(page_title)
    # the headline's element and the elements inside it, when find_headline knows it; where an <h1> last opened
    heads = None if out.headline is None else frozenset(node.mem_id for node in out.headline.traverse())
    marker = -2
    elements: NodeTable | None = None  # the nodes of the texts' parents, read when one is needed
    for position, (raw, parent) in enumerate(text_nodes(body, _H1_TAG, max_nodes)):
        shows = " ".join(raw.split()) if (raw is not None and (not placed or not headline) and len(raw) <= longest
                                          and (raw.split(None, 1) or ("",))[0] in first_words) else ""
        titled = shows in titles
        if titled and not placed and shows in headlines:  # the title's text (after a logo's <h1>, maybe): the
            shown = (elements := elements or node_table(body)).nodes((parent,))[0]  # elements around it are the
            if out.noise(shown, strict=False):  # article's
                out.noise.keep(shown)
                placed = True
        if raw is None:
            marker = position
        # an <h1> opens or the title's text shows; where the headline is known, its own text (right after its <h1>
        # opens): another <h1> is a logo's
        opens = (raw is None or (titled and not headline)) if heads is None else (raw is not None and parent in heads)
        if opens and not headline:
            at = marker if heads is not None and marker == position - 1 else position
            headline, headline_at, prose = True, at, 0
            if bar is not None and at - bar[0] <= _BAR_DISTANCE:
                last_before = bar[1]  # right above the headline: the post's date header, not a bar
                picks.setdefault("before", bar[1])
            elif bar is not None:
                out.views.append(bar[1].stamp)
            bar = None
        if raw is None or (opens and heads is None):
            previous = raw or ""
            continue
        if labelled_only and headline and position - headline_at > _LABEL_SCAN:
            break
        node = None
        head = raw[:_TEXT_HEAD]  # a date is read from a text's start (parse.find_text): a script's megabyte is not
        if len(raw) >= 6 and parent not in out.judged and may_hold_date(head):
            text = " ".join(head.split())
            node = (elements := elements or node_table(body)).nodes((parent,))[0]
            if out.noise(node, strict=False):
                found = None
                if len(hidden) < _HIDDEN_KEPT:
                    hidden.append((node, text))  # looked at only if nothing dates the page
            else:
                found = out.find(text)
            caption = _caption_of(node) if found is not None else None
            if caption is not None and (links_elsewhere(node, url) or _beside_title_link(node, url)):
                out.refused.add("link")  # a related item's "caption" box: another page's date
            elif caption is not None and labels.file_photo(caption.text(deep=True)[:_TEXT_HEAD]):
                out.refused.add("caption")  # "FILE PHOTO: ... on January 16, 2019": an older photo's day
            elif caption is not None and found is not None:
                picks.setdefault("caption", _text_evidence(found, "caption"))
            elif found is not None and not headline and labels.is_weekday_bar(found) \
                    and _date_bar(node, out.headline, out.noise.article) \
                    and labels.label_of(previous[-_LABEL_REACH:]) is None:  # "<b>Oggi:</b> mercoledì 14 ottobre"
                if heads is not None and _beside_logo(node, out.noise.article):
                    out.views.append(found.stamp)  # in the site's head, beside its logo: never the post's header
                else:
                    if bar is not None:
                        out.views.append(bar[1].stamp)
                    bar = (position, _text_evidence(found, "before"))
            elif found is not None:
                tier = _tier(found, " ".join(previous[-4 * _LABEL_REACH:].split()), node, headline, prose, url, out)
                if tier == "labelled":
                    out.items.append(_text_evidence(found, tier))
                    return
                if tier is not None:
                    evidence = _text_evidence(found, tier)
                    if tier == "before":
                        last_before = evidence
                    picks.setdefault(tier, evidence)
        if headline and len(raw) >= _PARAGRAPH and (
                node or (elements := elements or node_table(body)).nodes((parent,))[0]).tag not in _CHROME_TAGS:
            prose += len(raw)  # body text, not a script's or a style's
            if prose > FAR and (labelled_only or not picks.keys().isdisjoint(_NEAR)):
                break  # only labelled dates far down are left to find, and they rank below what was found
        previous = raw
    if bar is not None:  # no headline came to show it was the post's: a date bar
        out.views.append(bar[1].stamp)
    if headline and last_before is not None:
        picks["before"] = last_before  # the nearest one above the headline; without a headline, the first
    # checking metadata without a time: the date right under the headline is read too, as a rival that wins only
    # when the metadata is a template's (reconcile._template_date: years older than every date the page shows)
    chosen = picks.get("after") if labelled_only else next((picks[tier] for tier in _TIERS if tier in picks), None)
    if chosen is not None:
        out.items.append(chosen)
    elif any(_in_comments(node) and out.find(text) is not None for node, text in hidden):
        out.refused.add("comment")  # a comment's timestamp: never the page's


_RAW_TEXT = 120  # characters of a text kept as a written date's raw string; a longer one is cut around the date


def _text_evidence(found: Found, tier: str) -> Evidence:
    """The evidence of a date the text scan found, weighed by its ``tier``; its raw text, for ``published_raw``, is
    the written date as the page shows it: its whole text when short ("Letzte Aktualisierung: 20.10.2020"), else the
    date and the words just before it (a story opening with its dateline keeps "Feb. 23, 2015", not its first
    paragraph)."""
    raw = found.text if len(found.text) <= _RAW_TEXT else found.text[max(0, found.start - _LABEL_REACH):found.end].strip()
    return Evidence("published", "text", "text", raw, found.stamp, _TEXT_WEIGHTS[tier])


def _tier(found: Found, previous: str, node: LexborNode, headline: bool, prose: int, url: str | None,
          out: Collector) -> Tier | None:
    """Where a written date ranks as the page's date (see :func:`scan_text`), or None when it is not the page's."""
    label = labels.label_of(f"{_after_last_date(previous[-_LABEL_REACH:])} {found.text[:found.start]}") or (
        "modified" if labels.label_of("", found.text[found.end:]) == "modified" else None)  # "2019/03/26 更新"
    if label == "view" or (label == "edition" and not headline):
        out.views.append(found.stamp)
        return None
    if label == "other":
        out.refused.add("event")
        return None
    if labels.in_range(found):
        out.refused.add("range")
        return None
    far = headline and prose > FAR
    if label == "published" and not far:
        return "labelled"
    if labels.in_sentence(found):
        out.refused.add("sentence")
        return None
    if links_elsewhere(node, url) or _beside_title_link(node, url) or _in_teaser(
            node, url if headline or out.headline is not None else None):
        out.refused.add("link")
        return None
    if far:
        if label is None and not labels.wire_dateline(found):  # a wire's credit line dates its story anywhere
            out.refused.add("far")
            return None
        return "far"
    if label == "modified":
        return "updated"
    if headline and prose:
        return "body"  # in the article's text, after the byline zone: below an update date printed in it
    return "after" if headline else "before"


_SLUG = 12  # characters of a path's last segment that name one story (shorter: "index.html", "news", an id)
# the archive of a year, a month (by its number or name: "/2020/08", "/2020/aug"; not a section: "/2020/olympics") or
# a day
_DATE_ARCHIVE = re.compile(r"/(?:19|20)\d{2}(?:/(\d{1,2}|[^\W\d_]{3,9}))?(?:/\d{1,2})?/?$")
_HEADINGS = "h2, h3, h4"
_CARD_LINK_LEVELS = 6  # a card's date sits this deep in the link that wraps the card, at most
_CARD_TEXT = 800  # characters: a card shows a title, a line of summary and a date; an article says more
_CARD_TITLE = 30  # characters a link wrapping a card holds besides its date (a title), at least; or these:
_CARD_PARTS = "article, h2, h3, h4, figure"


def _elsewhere(link: LexborNode, url: str | None) -> bool:
    """Whether a link points to another page: not to the page itself (its permalink), not to the archive of its
    day, month or year (``/2017/08/08/``, where post-meta lines link their date), not to an anchor of the page."""
    href = (link.attrs.get("href") or "").strip()
    if not href or href.startswith(("#", "javascript:")):
        return False
    path = urlsplit(href).path.rstrip("/")
    own = urlsplit(url).path.rstrip("/") if url else None
    return not (_date_archive(path) or (own is not None and (path == own or _same_slug(path, own))))


def _date_archive(path: str) -> bool:
    """Whether a path is the archive of a year, a month or a day (``_DATE_ARCHIVE``), a word after the year being
    a month's name: a section or topic filed under a year ("/sport/2020/olympics") is another page."""
    archive = _DATE_ARCHIVE.search(path)
    month = archive.group(1) if archive is not None else None
    return archive is not None and (month is None or month.isdigit() or is_month_name(month))


def _same_slug(path: str, own: str) -> bool:
    """Whether two paths end in the same slug (``/wtf-whats-the-future-e52ab9515573`` and
    ``/@timoreilly/wtf-whats-the-future-e52ab9515573``, ``/story-slug/amp``): the page's permalink under another
    prefix, or its AMP copy."""
    slug, own_slug = _slug(path), _slug(own)
    return len(slug) >= _SLUG and slug == own_slug and not slug.startswith(("index.", "default."))


def _slug(path: str) -> str:
    head, _, last = path.rpartition("/")
    return head.rsplit("/", 1)[-1] if last in ("amp", "amp.html") else last


def links_elsewhere(node: LexborNode, url: str | None) -> bool:
    """Whether ``node`` is (inside) a link to another page: a teaser's date. A link to the page itself
    (the permalink) or to the archive of its day (``/2017/08/08/``) is a byline's."""
    current: LexborNode | None = node
    for _ in range(3):
        if current is None:
            return False
        if current.tag == "a":
            return _elsewhere(current, url)
        current = current.parent
    return False


_TITLE_WORDS = 4  # words a link beside a date holds when it is another item's title (an author's name has fewer)
_WRAPPERS = 3  # the date's element and the boxes around it holding only the date, looked beside
_DATE_BOX = 80  # characters: an element showing a date, a time and a short label
_PERSON_LINK = re.compile(r"author|byline|autor|auteur|writer|profile|people|user|member|staff", re.IGNORECASE)
_SEPARATORS = " \n\t\r|·•-–—:,"


def _beside_title_link(node: LexborNode, url: str | None) -> bool:
    """Whether the date's element sits right beside (a box holding only) a link to another page that shows a
    title: one item of a list of other stories, webcasts or posts (``<li><a href="/other">Title of another story
    </a><span class="post-date">May 5, 2020</span></li>``, the shape of a "recent posts" widget under any class).
    A link to a person (the author beside the byline's date), a short link (a category), and one to the page
    itself are not."""
    if url is None:
        return False
    current: LexborNode | None = node
    shown = " ".join(node.text(deep=True).split())
    if len(shown) > _DATE_BOX:  # a block holding more than a date and its label: a byline with its credits
        return False
    for _ in range(_WRAPPERS):  # the date's element, and the boxes around it that hold nothing else
        if current is None or current.tag in ("body", "html") or " ".join(current.text(deep=True).split()) != shown:
            return False
        if any(_title_link(current, step, url) for step in ("prev", "next")):
            return True
        current = current.parent
    return False


def _title_link(node: LexborNode, step: str, url: str) -> bool:
    """Whether the nearest element before or after ``node`` (``step``) is, or holds nothing but, a link to another
    page that shows a title (see :func:`_beside_title_link`)."""
    sibling = getattr(node, step)
    while sibling is not None and (sibling.tag in ("br", "-comment") or (
            sibling.tag == "-text" and not (sibling.text_content or "").strip(_SEPARATORS))):
        sibling = getattr(sibling, step)
    if sibling is None or not sibling.is_element_node or sibling.tag == "h1" or tagged_below(sibling, _H1_TAG):
        return False  # the headline (an aggregator's links to the story's source), not another item's title
    link = sibling if sibling.tag == "a" else sibling.css_first("a[href]")
    if link is None or "href" not in link.attrs:
        return False
    title = " ".join(link.text(deep=True).split())
    attrs = link.attrs
    return (len(title.split()) >= _TITLE_WORDS and title == " ".join(sibling.text(deep=True).split())
            and not _PERSON_LINK.search(f"{attrs.get('href') or ''} {attrs.get('rel') or ''} {attrs.get('class') or ''}")
            and _elsewhere(link, url))


def _beside_article(node: LexborNode) -> bool:
    """Whether an ``<article>`` has another one among its nearest sibling elements, or among those of the grid
    cell holding it alone: one card of a list of them."""
    cell = node.parent
    if cell is not None and cell.tag in ("li", "div") and len(tagged_below(cell, _ARTICLE_TAG)) == 1:
        cells: tuple[LexborNode, ...] = (node, cell)
    else:
        cells = (node,)
    for level, element in enumerate(cells):
        for step in ("prev", "next"):
            sibling = getattr(element, step)
            for _ in range(3):  # past whitespace, and the empty links a parser leaves when a link wraps a card
                if sibling is None:
                    break
                if sibling.tag == "article" or (level and sibling.tag == cell.tag  # type: ignore[union-attr]
                                                and tagged_below(sibling, _ARTICLE_TAG)):
                    return True
                sibling = getattr(sibling, step)
    return False


def _title_links(title: LexborNode, url: str | None) -> bool | None:
    """Whether a heading links to another page (True) or to this one (False), by a link inside it or around it
    (``<a><h2>…</h2></a>``); None when it links nowhere."""
    link = title.css_first("a[href]")
    around = title.parent
    for _ in range(2):
        if link is not None or around is None:
            break
        link = around if around.tag == "a" and "href" in around.attrs else None
        around = around.parent
    return None if link is None else _elsewhere(link, url)


def _in_teaser(node: LexborNode, url: str | None) -> bool:
    """Whether ``node`` is in a teaser card: a whole card wrapped in a link to another page (``<a href="/other">
    <article>...<span>2022.08.10</span></article></a>``), or an ``<article>`` without the page's headline whose
    title, its first heading, links to another page (``<article class="teaser"><h2><a href="/other">...</a></h2>
    ...<footer>26. Februar 2020</footer></article>``). Related, latest and "more from" lists are built of such
    cards, under any class name, and so is a short ``<article>`` beside another one; the page's own article holds
    its ``<h1>``, or has more text than a card (a video teaser's title may head it). Without the page's URL a
    link's target is unknown (and without a headline, which article is the page's), and nothing is taken for a
    teaser."""
    if url is None:
        return False
    shown = node.text(deep=True).strip()
    current: LexborNode | None = node  # the card itself may be the candidate (a class saying "post-meta")
    level = 0
    article = False
    while current is not None and current.tag not in ("body", "html"):
        level += 1
        if current.tag == "a" and level <= _CARD_LINK_LEVELS and _elsewhere(current, url) and (
                text_length(current, _CARD_TITLE + len(shown)) >= _CARD_TITLE + len(shown)
                or current.css_first(_CARD_PARTS) is not None):
            return True  # the link holds a title beside the date: a card ("By Jane Roe, 3 May" is an author's link)
        if current.tag == "article" and not article:
            article = True  # the nearest one: the card, or the page's own article
            if text_length(current, _CARD_TEXT) < _CARD_TEXT and not tagged_below(current, _H1_TAG):
                title = current.css_first(_HEADINGS)  # a card's title; in the page's own article, a subheading
                links = _title_links(title, url) if title is not None else None
                if links is False:
                    return False  # a card of this very page, in a slider of stories: its date is the page's
                if links or _beside_article(current):
                    return True
        elif level > _CARD_LINK_LEVELS and article:
            return False
        current = current.parent
    return False


_URL_DAY = r"((?:19|20)\d{2})([/_-])(0?[1-9]|1[0-2]|[a-z]{3,9})\2(0?[1-9]|[12]\d|3[01])(?:/|[-_.&]|$)"
_URL_COMPACT_DAY = r"((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:/|[-_.&]|$)"
# A date opening a segment of the path ("/2019/03/02/", "/20190302-story"); and, weaker, one inside the path's
# words or a query's value ("/story-2019-03-02.html", "/story_20190302", "?a=20190302-35097838"): a slug may name
# the day of what it reports (an event, a hearing) rather than of the page, so it is read only when nothing else
# dates the page (see collect).
_URL_PATTERNS = (re.compile(f"/{_URL_COMPACT_DAY}"), re.compile(f"/{_URL_DAY}", re.IGNORECASE))
# after a word's letter of any script, as shown or percent-encoded ("бюджет-2019-11-18" is fetched as
# "%D0%B5%D1%82-2019-11-18"), or opening a query value
_SLUG_START = r"(?:(?:(?<=[^\W\d_])|(?<=%[0-9A-Fa-f]{2}))[-_]|=)"
_SLUG_PATTERNS = (re.compile(_SLUG_START + _URL_COMPACT_DAY), re.compile(_SLUG_START + _URL_DAY, re.IGNORECASE))
_SLUG_WEIGHT = 2  # below the path's own date (3), with a dated upload path and a day's archive link


# A year standing as a segment of the URL's path, or opening one with the month and day ("/2024/", "/20240503/"):
# the year of a byline printing only the month and day.
_URL_YEAR = re.compile(r"/((?:19|20)\d\d)(?:/|[01]\d[0-3]\d(?!\d))")
# The label of evidence whose year is the fetch's (a yearless byline date: see Collector.read): flagged "year_assumed".
YEAR_ASSUMED = "year_assumed"


def collect_url(url: str | None, out: Collector) -> None:
    """A full /YYYY/MM/DD/ (or /2019/nov/18/, /20200428/) date in the URL path: day precision."""
    if not url:
        return
    path = urlsplit(url).path
    named = _URL_YEAR.search(path)
    out.url_year = int(named.group(1)) if named is not None else None
    _url_day(path, _URL_PATTERNS, out, "url", 3)


def collect_url_slug(url: str | None, out: Collector) -> None:
    """A full date inside the URL's words or query ("/story-2019-03-02.html", "?a=20190302-35097838"), when
    nothing else dates the page (its path names no day, nor does any other evidence: a slug may name the day of
    an event it reports, which neither a written date nor the UTC day of an instant should give way to)."""
    parts = urlsplit(url) if url else None
    if parts is not None and not any(e.role == "published" for e in out.items):
        _url_day(parts.path + (f"?{parts.query}" if parts.query else ""), _SLUG_PATTERNS, out, "slug", _SLUG_WEIGHT)


def _url_day(text: str, patterns: tuple[re.Pattern[str], re.Pattern[str]], out: Collector, label: str,
             weight: float) -> None:
    """The first day the compact pattern, else the separated one (numeric or with a month's name), finds."""
    compact = patterns[0].search(text)
    if compact is not None:
        out.add("published", "url", label, "-".join(compact.groups()), weight)
        return
    match = patterns[1].search(text)
    if match is not None:
        year, _, month, day = match.groups()
        if month.isalpha():
            out.add("published", "url", label, f"{day} {month} {year}", weight, "text")
        else:
            out.add("published", "url", label, f"{year}-{int(month):02d}-{int(day):02d}", weight)


def collect_hints(hints: Sequence[tuple[str, str]], out: Collector) -> None:
    """Feed pubDate / sitemap publication_date for this URL, as found by discovery."""
    for kind, raw in hints:
        out.add("published", kind, kind, raw, 3)
