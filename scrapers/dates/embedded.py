"""Dates a page carries outside its date markup: attributes, scripts, links and file paths.

Read only when the page's own metadata and bylines state no publication date
(:func:`scrapers.dates.evidence.collect`), each kind weighted below a byline, because each
dates the page only indirectly:

- ``<meta name=… value=…>`` (some tools save pages with ``value`` for ``content``), RDFa
  (``<span property="schema:dateCreated" content=…>``) and itemprops outside schema.org's
  three (``itemprop="dateUpdate"``, ``"uploadDate"``): the page's own machine-readable
  statements, read like meta tags.
- JSON in inline scripts (``"published_at":"2019-03-02T06:22:28+01:00"``, analytics data
  layers with a publication-date key or a ``dimensionN`` holding a date, Unix time under a
  publication key: ``"firstPublishedAt":1424807793374``) and JavaScript calls
  that print a date (``showDate("2020/04/17 01:43:09")``): kind ``script``.
- a link to the archive of a day (``<a href="/blog/2017/08/08/">08/08/2017</a>``, the post-meta
  line of many blog themes), then a full date in the path of the page's own images and
  attachment links (``/files/2016/05/04/…``, ``data-permalink="…/2016/05/22/…"``): kind ``link``. An
  author's portrait and the thumbnail inside a link to another page (a related story, a video) were
  uploaded with something else, and are not read.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scrapers.dates.evidence import Collector, Role, links_elsewhere, meta_reading
from scrapers.htmlmeta import PageMeta

# Weights (see scrapers.dates.evidence: jsonld 10, meta up to 9, time 5-7, byline 5-6, url 3, text 1-2.5).
_ITEMPROP_WEIGHT = 4
_SCRIPT_WEIGHT = 3
_CALL_WEIGHT = 2
_ARCHIVE_WEIGHT = 2
_UPLOAD_WEIGHT = 1.5

_KNOWN_ITEMPROPS = frozenset({"datepublished", "datemodified", "datecreated"})  # read by collect_microdata
_ITEMPROP_DATE = re.compile(r"date|time|upload|publish|created", re.IGNORECASE)
_PUBLISHED_KEY = re.compile(r"publi|pub_?date|creat|release|posted|post_?date|first_?pub|article_?date|page_?date"
                            r"|content_?date|upload|^dimension\d+$", re.IGNORECASE)
_MODIFIED_KEY = re.compile(r"modif|updat|edit", re.IGNORECASE)
# A date value in quotes: "2019-03-02T06:22:28+01:00", '2019/03/02 06:22' (found first: a fast scan), ...
_QUOTED_DATE = re.compile(r"""["']((?:19|20)\d\d[-/]\d\d[-/]\d\d(?:[T ]\d\d:\d\d(?::\d\d)?(?:\.\d+)?"""
                          r"""(?:Z|[+-]\d\d:?\d\d)?)?)["']""")
# ... and the key it is the value of, right before it: "published_at": , pubDate: , ga('set', 'dimension5', .
_KEY_BEFORE = re.compile(r"""["']?([A-Za-z_$][\w$.-]{1,40})["']?\s*[:=,]\s*$""")
_KEY_REACH = 60  # characters before a value where its key is
# Unix time (seconds or milliseconds since 1970, 2001-2033) under a key that names the publication: JavaScript apps
# keep dates so ("firstPublishedAt":1424807793374). Keys saying "created" or "upload" are left out: users, sessions
# and files are created too, and a number does not tell what it dates.
_EPOCH = re.compile(r"""["']?([A-Za-z_$][\w$.-]{1,40})["']?\s*:\s*(1\d{9}(?:\d{3})?)(?!\d)""")
_EPOCH_KEY = re.compile(r"publi|pub_?date|release|posted|post_?date", re.IGNORECASE)
_VALUES_READ = 200  # quoted dates looked at per script: page state (Next.js, Nuxt) can hold thousands
# A function that prints a date: showDate("2020/04/17 01:43:09"), writeDate('2019-03-02'), and the page writing one
# where the script stands: document.write('<span class="date">2019-03-02 10:15</span>'); not `new Date(...)`.
# The call's argument is found first (a fast scan), then the function's name before it.
_CALL_ARGUMENT = re.compile(r"""\(\s*["'](?:\s*<[^<>]{0,80}>)*\s*((?:19|20)\d\d[-/]\d{1,2}[-/]\d{1,2}"""
                            r"""(?:[ T]\d{1,2}:\d\d(?::\d\d)?)?)\s*(?:["']|<)""")
_DATE_FUNCTION = re.compile(r"""(?<![\w$])(?<!new )([A-Za-z_$][\w$]*(?:date|time)[\w$]*|document\.write(?:ln)?)\s*$""",
                            re.IGNORECASE)
_SCRIPT_LIMIT = 100_000  # characters of one script read: data layers and page state come first
_SCRIPTS_LIMIT = 400_000  # characters of inline script read in all
_DAY_ARCHIVE = re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/?(?:[?#]|$)")
_DAY_PATH = re.compile(r"/((?:19|20)\d{2})/(\d{2})/(\d{2})/")
_PORTRAIT = re.compile(r"avatar|auth|userphoto|user[-_]?pic|profile|portrait|headshot|mugshot|gravatar", re.IGNORECASE)


# One query finds every element read here: each query of a page costs lexbor a pass over all its elements, so a
# selector list costs about what one selector does (and a query per kind of date would cost five times that).
_QUERY = ('meta[value], [property*="date" i], [property*="created" i], [property*="published" i], script, '
          'a[href*="/19"], a[href*="/20"], img[src*="/19"], img[src*="/20"], [data-permalink]')


def collect_embedded(tree: LexborHTMLParser, page: PageMeta, url: str | None, out: Collector) -> None:
    """Every kind of embedded date of the module docstring, each at its weight: the first of each kind in
    document order (outside comments and chrome, for visible elements)."""
    reader = _Reader(out, url)
    itemprops = any(_ITEMPROP_DATE.search(prop) for prop in page.index.page.itemprops - _KNOWN_ITEMPROPS)
    for node in tree.css(_QUERY + (", [itemprop]" if itemprops else "")):
        tag, attrs = node.tag, node.attrs
        if tag == "meta":
            if "value" in attrs:
                reader.meta_value(node)
        elif tag == "script":
            if "src" not in attrs:
                reader.script(node)
        elif "itemprop" in attrs or "property" in attrs:
            reader.attribute(node)
        elif tag == "img" or "data-permalink" in attrs:
            reader.upload(node)
        elif tag == "a":
            reader.archive_link(node)


class _Reader:
    """The embedded dates of one page, read element by element; what was found so far of each kind."""

    def __init__(self, out: Collector, url: str | None) -> None:
        self.out = out
        self.url = url
        self.host = (urlsplit(url).hostname or "").removeprefix("www.") if url else ""
        self.found: set[str] = set()  # "published"/"modified" (scripts), "call", "archive", "upload", attribute names
        self.budget = _SCRIPTS_LIMIT

    def meta_value(self, node: LexborNode) -> None:
        """``<meta name=… value=…>``, read as the same tag with ``content`` would be."""
        attrs = node.attrs
        name = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").strip().lower()
        reading = meta_reading(name) if name else None
        if reading is not None:
            self.out.add(reading[0], "meta", name, attrs.get("value"), reading[1])

    def attribute(self, node: LexborNode) -> None:
        """An RDFa ``property`` or a non-schema.org ``itemprop`` date on a visible element."""
        attrs, out = node.attrs, self.out
        prop = (attrs.get("itemprop") or "").lower()
        name = prop or (attrs.get("property") or "").strip().lower()
        if name in self.found or (prop and (prop in _KNOWN_ITEMPROPS or not _ITEMPROP_DATE.search(prop))):
            return
        role: Role = "modified" if _MODIFIED_KEY.search(prop) else "published"
        reading = (role, float(_ITEMPROP_WEIGHT)) if prop else meta_reading(name)
        if reading is None or out.noise(node, strict=False):
            return
        self.found.add(name)
        raw = attrs.get("content") or attrs.get("datetime") or node.text(deep=True)
        label = f"itemprop={prop}" if prop else f"property={name}"
        out.add(reading[0], "time", label, raw, reading[1]) or out.add(reading[0], "time", label, raw, reading[1],
                                                                      "text")

    def script(self, node: LexborNode) -> None:
        """The first publication and modification date stated under a telling key in an inline script, and the
        first date a script prints with a call (``showDate("2020/04/17 01:43:09")``)."""
        kind = (node.attrs.get("type") or "").lower()
        found, out = self.found, self.out
        if "ld+json" in kind or "template" in kind or self.budget <= 0 or {"published", "modified", "call"} <= found:
            return
        text = node.text(deep=False)[:min(_SCRIPT_LIMIT, self.budget)]
        self.budget -= len(text)
        for count, match in enumerate(_QUOTED_DATE.finditer(text)):
            key_match = _KEY_BEFORE.search(text, max(0, match.start() - _KEY_REACH), match.start())
            if key_match is not None:
                key = key_match.group(1).rsplit(".", 1)[-1]
                role: Role | None = "modified" if _MODIFIED_KEY.search(key) else \
                    "published" if _PUBLISHED_KEY.search(key) else None
                if role is not None and role not in found and out.add(role, "script", key_match.group(1),
                                                                       match.group(1), _SCRIPT_WEIGHT):
                    found.add(role)
            if count >= _VALUES_READ or {"published", "modified"} <= found:
                break
        if "published" not in found:  # "firstPublishedAt":1424807793374, stated once (page state listing many
            values: dict[str, set[str]] = {}  # posts states it for each: which one is this page's is unknown)
            for count, epoch in enumerate(_EPOCH.finditer(text)):
                if _EPOCH_KEY.search(epoch.group(1)):
                    values.setdefault(epoch.group(1), set()).add(epoch.group(2))
                if count >= _VALUES_READ:
                    break
            for key, stated in values.items():
                if len(stated) == 1 and out.add("published", "script", key, stated.pop(), _SCRIPT_WEIGHT):
                    found.add("published")
                    break
        if "call" not in found:
            for count, call in enumerate(_CALL_ARGUMENT.finditer(text)):
                name = _DATE_FUNCTION.search(text, max(0, call.start() - _KEY_REACH), call.start())
                if name is not None and out.add("published", "script", name.group(1), call.group(1), _CALL_WEIGHT):
                    found.add("call")
                if "call" in found or count >= _VALUES_READ:
                    break

    def archive_link(self, node: LexborNode) -> None:
        """The first link into the page's own site to a day's archive (``/2017/08/08/``), outside chrome."""
        href = node.attrs.get("href") or ""
        match = None if "archive" in self.found else _DAY_ARCHIVE.search(href)
        if match is not None and _own(href, self.host) and not self.out.noise(node, strict=False):
            year, month, day = match.groups()
            if self.out.add("published", "link", "archive", f"{year}-{int(month):02d}-{int(day):02d}",
                            _ARCHIVE_WEIGHT):
                self.found.add("archive")

    def upload(self, node: LexborNode) -> None:
        """The first full date in the path of one of the page's images or attachment pages, outside chrome."""
        link = node.attrs.get("data-permalink") or node.attrs.get("src") or ""
        match = None if "upload" in self.found else _DAY_PATH.search(link)
        if match is not None and not self.out.noise(node, strict=False) and not _portrait(node, link) \
                and ("data-permalink" in node.attrs or not _teaser_image(node, self.url)) \
                and self.out.add("published", "link", "upload", "-".join(match.groups()), _UPLOAD_WEIGHT):
            self.found.add("upload")


def _portrait(node: LexborNode, link: str) -> bool:
    """Whether an image is a person's portrait (an author's photo in the byline, a user's avatar): uploaded when the
    profile was made, not with the article. Its file name, its class or alt text, or its box's class says so."""
    parent = node.parent
    words = (f"{link.rsplit('/', 1)[-1]} {node.attrs.get('class') or ''} {node.attrs.get('alt') or ''} "
             f"{(parent.attrs.get('class') or '') if parent is not None else ''}")
    return bool(_PORTRAIT.search(words))


_MEDIA_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?)$", re.IGNORECASE)


def _teaser_image(node: LexborNode, url: str | None) -> bool:
    """Whether an image is inside a link to another page: the thumbnail of a teaser, a video or a related story,
    uploaded with that page, not with this one. A link to the image file itself (the full-size copy) is the page's
    own image."""
    link: LexborNode | None = node
    for _ in range(3):
        if link is None or link.tag == "a":
            break
        link = link.parent
    if link is None or link.tag != "a":
        return False
    return not _MEDIA_FILE.search(urlsplit(link.attrs.get("href") or "").path) and links_elsewhere(link, url)


def _own(link: str, host: str) -> bool:
    """Whether ``link`` points into the page's own site (relative, or the same host but for ``www.``)."""
    other = (urlsplit(link).hostname or "").removeprefix("www.")
    return not other or not host or other == host or other.endswith("." + host) or host.endswith("." + other)
