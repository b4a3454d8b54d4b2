"""Dates a page carries outside its date markup: attributes, scripts, links and file paths.

Read only when the page's own metadata and bylines state no publication date
(:func:`scrapers.dates.evidence.collect`), each kind weighted below a byline, because each
dates the page only indirectly:

- ``<meta name=… value=…>`` (some tools save pages with ``value`` for ``content``), RDFa
  (``<span property="schema:dateCreated" content=…>``) and itemprops outside schema.org's
  three (``itemprop="dateUpdate"``, ``"uploadDate"``): the page's own machine-readable
  statements, read like meta tags.
- JSON in inline scripts (``"published_at":"2019-03-02T06:22:28+01:00"``, analytics data
  layers with a publication-date key or a ``dimensionN`` holding a date) and JavaScript calls
  that print a date (``showDate("2020/04/17 01:43:09")``): kind ``script``.
- a link to the archive of a day (``<a href="/blog/2017/08/08/">08/08/2017</a>``, the post-meta
  line of many blog themes), then a full date in the path of the page's own images and
  attachment links (``/files/2016/05/04/…``, ``data-permalink="…/2016/05/22/…"``): kind ``link``.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from scrapers.dates.evidence import Collector, meta_reading
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
# "key": "2019-03-02T06:22:28+01:00" in JSON and JS object literals, and ga('set', 'dimension5', '2019-03-02').
_SCRIPT_DATE = re.compile(
    r"""["']?([A-Za-z_$][\w$.-]{1,40})["']?\s*[:=,]\s*["']((?:19|20)\d\d[-/]\d\d[-/]\d\d(?:[T ]\d\d:\d\d(?::\d\d)?"""
    r"""(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?)?)["']""")
# A function that prints a date: showDate("2020/04/17 01:43:09"), writeDate('2019-03-02'); not `new Date(...)`.
_DATE_CALL = re.compile(r"""(?<!new )\b([A-Za-z_$][\w$]*(?:date|time)[\w$]*)\s*\(\s*["']((?:19|20)\d\d[-/]\d{1,2}"""
                        r"""[-/]\d{1,2}(?:[ T]\d{1,2}:\d\d(?::\d\d)?)?)["']""", re.IGNORECASE)
_SCRIPT_LIMIT = 300_000  # characters of one script read: data layers and page state come first
_DAY_ARCHIVE = re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/?$")
_DAY_PATH = re.compile(r"/((?:19|20)\d{2})/(\d{2})/(\d{2})/")


def collect_embedded(tree: LexborHTMLParser, page: PageMeta, url: str | None, out: Collector) -> None:
    """Every kind of embedded date of the module docstring, each at its weight."""
    collect_meta_values(tree, out)
    collect_attributes(tree, page, out)
    collect_scripts(tree, out)
    collect_links(tree, url, out)


def collect_meta_values(tree: LexborHTMLParser, out: Collector) -> None:
    """``<meta name=… value=…>``, read as the same tag with ``content`` would be."""
    for node in tree.css("meta[value]"):
        attrs = node.attrs
        name = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").strip().lower()
        reading = meta_reading(name) if name else None
        if reading is not None:
            out.add(reading[0], "meta", name, attrs.get("value"), reading[1])


def collect_attributes(tree: LexborHTMLParser, page: PageMeta, out: Collector) -> None:
    """RDFa ``property`` and non-schema.org ``itemprop`` dates on visible elements (outside comments and chrome)."""
    queries = ['[property*="date" i]:not(meta)', '[property*="created" i]:not(meta)',
               '[property*="published" i]:not(meta)']
    if any(_ITEMPROP_DATE.search(prop) for prop in page.index.page.itemprops - _KNOWN_ITEMPROPS):
        queries.append("[itemprop]:not(meta)")
    seen: set[str] = set()
    for node in tree.css(", ".join(queries)):
        attrs = node.attrs
        if out.noise(node, strict=False):
            continue
        raw = attrs.get("content") or attrs.get("datetime") or node.text(deep=True)
        prop = (attrs.get("itemprop") or "").lower()
        if prop:
            if prop in _KNOWN_ITEMPROPS or not _ITEMPROP_DATE.search(prop) or prop in seen:
                continue
            seen.add(prop)
            role = "modified" if _MODIFIED_KEY.search(prop) else "published"
            out.add(role, "time", f"itemprop={prop}", raw, _ITEMPROP_WEIGHT) or out.add(
                role, "time", f"itemprop={prop}", raw, _ITEMPROP_WEIGHT, "text")
        else:
            name = (attrs.get("property") or "").strip().lower()
            reading = meta_reading(name)
            if reading is not None and name not in seen:
                seen.add(name)
                out.add(reading[0], "time", f"property={name}", raw, reading[1])


def collect_scripts(tree: LexborHTMLParser, out: Collector) -> None:
    """The first publication and modification date stated under a telling key in an inline script, and
    the first date a script prints with a call (``showDate("2020/04/17 01:43:09")``)."""
    found: set[str] = set()
    for node in tree.css("script"):
        kind = (node.attrs.get("type") or "").lower()
        if node.attrs.get("src") or "ld+json" in kind or "template" in kind:
            continue
        text = node.text(deep=False)[:_SCRIPT_LIMIT]
        if not text or "20" not in text and "19" not in text:
            continue
        for match in _SCRIPT_DATE.finditer(text):
            key, raw = match.groups()
            last = key.rsplit(".", 1)[-1]
            role = "modified" if _MODIFIED_KEY.search(last) else "published" if _PUBLISHED_KEY.search(last) else None
            if role is not None and role not in found and out.add(role, "script", key, raw, _SCRIPT_WEIGHT):
                found.add(role)
        if "call" not in found:
            call = _DATE_CALL.search(text)
            if call is not None and out.add("published", "script", call.group(1), call.group(2), _CALL_WEIGHT):
                found.add("call")
        if {"published", "modified", "call"} <= found:
            return


def collect_links(tree: LexborHTMLParser, url: str | None, out: Collector) -> None:
    """The first link to a day's archive outside chrome, and the first full date in the path of one of the
    page's own images or attachment pages (same site, or a relative link)."""
    host = (urlsplit(url).hostname or "").removeprefix("www.") if url else ""
    for node in tree.css('a[href*="/19"], a[href*="/20"]'):
        match = _DAY_ARCHIVE.search(urlsplit(node.attrs.get("href") or "").path)
        if match is not None and _own(node.attrs.get("href") or "", host) and not out.noise(node, strict=False):
            year, month, day = match.groups()
            if out.add("published", "link", "archive", f"{year}-{int(month):02d}-{int(day):02d}", _ARCHIVE_WEIGHT):
                break
    for node in tree.css('img[src*="/19"], img[src*="/20"], [data-permalink*="/19"], [data-permalink*="/20"]'):
        link = node.attrs.get("data-permalink") or node.attrs.get("src") or ""
        match = _DAY_PATH.search(urlsplit(link).path)
        if match is not None and not out.noise(node, strict=False):
            if out.add("published", "link", "upload", "-".join(match.groups()), _UPLOAD_WEIGHT):
                return


def _own(link: str, host: str) -> bool:
    """Whether ``link`` points into the page's own site (relative, or the same host but for ``www.``)."""
    other = (urlsplit(link).hostname or "").removeprefix("www.")
    return not other or not host or other == host or other.endswith("." + host) or host.endswith("." + other)
