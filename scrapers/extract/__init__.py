"""Article extraction: one fetched HTML page in, one clean ``Article`` record out.

Usage::

    from scrapers.extract import extract_article

    article = extract_article(html, url, fetched_at, timezone="America/New_York",
                              rules={"body": [".story-text"], "drop": [".promo"]},
                              date_hints=[("feed", "Tue, 10 Jun 2003 04:00:00 GMT")])
    article.title, article.authors, article.body, article.weather, article.page_date

The page is parsed once (selectolax/lexbor). Rules for known themes
(``rules/*.toml``) and the source's own overrides (``[source.rules]`` in
``sources.toml``, keys documented in :mod:`scrapers.extract.rules`) name elements
where the generic heuristics would guess; site-header chrome (weather, date bar) is
read into its own fields and then removed with the theme's ``drop`` elements, so it
can appear in neither body nor title. Bad input never raises: it yields a record
with an empty body and a ``reason`` (``extract.not_article``, ``extract.empty_body``,
``extract.error`` with the cause in ``extra["error"]``).

Modules: ``body`` (main text), ``metadata`` (headline, authors, site ...), ``chrome``
(weather widget, date bar), ``captions`` (caption/credit split), ``vocabulary``
(furniture words), ``rules`` (theme and site rules), ``metrics`` (the AEB body metric).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from selectolax.lexbor import LexborDocumentOptions, LexborHTMLParser, LexborNode

from scrapers.dates import find_dates
from scrapers.encoding import as_utf8
from scrapers.enrich import enrichment
from scrapers.errors import EmptyBody, ExtractError, NotAnArticle
from scrapers.extract import bylines, headline, metadata
from scrapers.extract.body import extract_body
from scrapers.extract.chrome import find_chrome
from scrapers.extract.metadata import LISTING_TYPES, Precomputed
from scrapers.extract.rules import GENERIC, Rules, detect_themes, parse_rules
from scrapers.htmlindex import ClassIndex
from scrapers.htmlmeta import jsonld_types
from scrapers.lextree import count_byte, junk_count
from scrapers.models import Article

__all__ = ["Rules", "extract_article", "extract_parsed", "parse_rules"]

# URL paths of listings rather than articles: tag/category/author/search pages, pagination, home.
_LISTING_PATH = re.compile(
    r"^/?$|/(?:tags?|category|categories|topics?|section|author|authors|search|archive|page)(?:/|$)|[?&](?:s|q)=",
    re.IGNORECASE,
)
_MIN_ARTICLE_CHARS = 200


def _is_article(pre: Precomputed, url: str | None, body: str) -> bool:
    """Positive evidence (article JSON-LD or og:type) wins; else listing signs or no prose say no."""
    if pre.article is not None or (pre.first_meta("og:type") or "").lower() == "article":
        return True
    if any(jsonld_types(o) & LISTING_TYPES for o in pre.jsonld):
        return False
    path = re.sub(r"^[a-z]+://[^/]+", "", url or "", flags=re.IGNORECASE)
    if url and _LISTING_PATH.search(path):
        return False
    return len(body) >= _MIN_ARTICLE_CHARS


# Parsers build deep trees in quadratic time (every block start tag scans the open-element
# stack), so a page opening hundreds of elements in a row is refused before parsing; browsers
# cap the depth for the same reason. Only pages with many tags pay for the scan.
_NESTING_BLOCKS = (rb"(?:address|article|aside|blockquote|center|details|dialog|dir|div|dl|fieldset|figcaption|"
                   rb"figure|footer|form|header|hgroup|h[1-6]|main|menu|nav|ol|pre|section|summary|table|ul)\b")
_NESTING_RUN = re.compile(
    rb"(?:<" + _NESTING_BLOCKS + rb"[^<>]*+>(?:[^<]*+<(?![/!])(?!" + _NESTING_BLOCKS + rb")[^<>]*+>)*+[^<]*+){255}",
    re.IGNORECASE,
)
_TAGS_BEFORE_NESTING_SCAN = 20_000
# Control characters and U+FFFD (``junk_count``) are what binary junk decoded as text is made of. Real pages have
# next to none in their first kilobytes.
_BINARY_SAMPLE = 8_192


def unusable(encoded: bytes) -> str | None:
    """Why a document (as UTF-8 bytes) cannot be extracted (binary junk, pathological nesting), or None."""
    sample = encoded[:_BINARY_SAMPLE]
    junk = junk_count(sample)
    if sample and junk > 0.05 * len(sample):
        return "binary content served as HTML"
    if count_byte(encoded, ord("<")) > _TAGS_BEFORE_NESTING_SCAN and _NESTING_RUN.search(encoded):
        return "elements nested too deeply"
    return None


def extract_article(html: str | bytes, url: str | None = None, fetched_at: datetime | None = None, *,
                    timezone: str | None = None, rules: Rules | Mapping[str, Any] | None = None,
                    date_hints: Sequence[tuple[str, str]] = ()) -> Article:
    """The article record of one page; ``rules`` are the source's overrides (keys: ``scrapers.extract.rules``),
    as a table or already parsed (a crawl parses each source's rules once, not once per page).

    Never raises for bad input: unusable pages come back with ``is_article=False`` or an
    empty body and a stable ``reason`` code (``extract.not_article``, ``extract.empty_body``,
    ``extract.error`` with the cause in ``extra["error"]``). Invalid ``rules`` are a
    configuration error and do raise ``ConfigError``.
    """
    site_rules = rules if isinstance(rules, Rules) else parse_rules(rules, "source rules") if rules else GENERIC
    # The parser takes UTF-8 (it would encode a str itself, dropping lone surrogates the same way):
    # fetched bytes that are UTF-8 already go to it as they are. Bytes are also where the tag count
    # and the junk checks are fastest.
    encoded = as_utf8(html) if isinstance(html, bytes) else html.encode("utf-8", errors="ignore")
    problem = unusable(encoded)
    if problem:
        return Article(url=url or "", is_article=False, reason=ExtractError.reason, extra={"error": problem})
    # Without lexbor's mutation events (WO_EVENTS): they are the scripted side effects of a browser's DOM
    # (a <selectedcontent> mirroring its <option>), which no reader of the article sees, and skipping them
    # makes the parse (a fifth of the record's time) about 4% faster. Every corpus record is unchanged.
    tree = LexborHTMLParser(encoded.replace(b"\x00", b"") if b"\x00" in encoded else encoded,
                            options=LexborDocumentOptions.WO_EVENTS)
    index = ClassIndex(tree)
    return extract_parsed(tree, url, fetched_at, rules=detect_themes(tree, index=index).merged(site_rules),
                          timezone=timezone, date_hints=date_hints, index=index, enrich=True)


def extract_parsed(tree: LexborHTMLParser, url: str | None = None, fetched_at: datetime | None = None, *,
                   rules: Rules, timezone: str | None = None, date_hints: Sequence[tuple[str, str]] = (),
                   index: ClassIndex | None = None, enrich: bool = False) -> Article:
    """The record of an already parsed page under exactly ``rules`` (no theme detection);
    ``index`` is the page's class index if the caller has made one; with ``enrich``, an article's
    record has its corrections, dateline, countries and actors (``scrapers.enrich``), as
    ``extract_article`` gives it: the record is made once, with them.

    Consumes ``tree``: chrome and dropped elements are removed from it. ``extract_article``
    is the entry point; this seam lets a caller (or a test) run the generic heuristics alone.
    """
    fields: dict[str, Any] = {"url": url or ""}  # the record is made once, at the end: an Article is frozen
    try:
        pre = Precomputed.of(tree, url, index)
        site = metadata.site_name(pre)
        lang = metadata.language(pre)
        chrome = find_chrome(tree, rules, lang, pre.page.index)
        dates = find_dates(tree, url, fetched_at=fetched_at, timezone=timezone, language=lang, hints=date_hints,
                           precomputed=pre.page)
        marks = headline.site_marks(pre, site)
        heading = headline.title(pre, rules, marks)
        title = heading.text
        credited = bylines.Credited.of(pre, rules, marks, heading.position)
        fields.update(
            canonical_url=metadata.canonical_url(pre), site_name=site, title=title,
            language=lang, section=metadata.section(pre, rules),
            tags=metadata.tags(pre), description=metadata.description(pre), lead_image=metadata.lead_image(pre),
            published_at=dates.published_at, modified_at=dates.modified_at, published_from=dates.published_from,
            published_raw=dates.published_raw, date_flags=dates.flags, page_date=chrome.page_date,
            weather=chrome.weather, rules_version=rules.version,
        )
        remove_nodes(list(chrome.nodes) + (tree.css(", ".join(rules.drop)) if rules.drop else []))
        body = extract_body(tree, selectors=rules.body, drop_titles=[title] if title else [], index=pre.page.index)
    except (ValueError, TypeError, RecursionError, MemoryError, UnicodeError) as exc:
        # Junk served as HTML can trip a parser corner case; the record says so instead of the pipeline crashing.
        return Article(**fields, is_article=False, reason=ExtractError.reason, extra={"error": repr(exc)[:200]})
    in_body, text = bylines.split_leading_byline(body.text, marks)  # "By Jane Doe" opening the text
    if in_body is None:
        in_body, text = bylines.split_trailing_byline(text, marks, lang)  # "홍길동 기자 hong@…", "（山田太郎）" closing it
    authors = credited.choose(in_body, text)
    fields.update(body=text, captions=body.captions, language=lang or metadata.guess_language(text),
                  authors=authors.names, authors_from=authors.source)
    if not _is_article(pre, url, text):
        return Article(**fields, is_article=False, reason=NotAnArticle.reason)
    if enrich and text:
        fields.update(enrichment(fields["title"], text, authors.names, fields["language"]))
    return Article(**fields, reason=None if text else EmptyBody.reason)


def remove_nodes(nodes: Sequence[LexborNode]) -> None:
    """Detach elements from their tree. They are not freed (the tree's memory goes with the tree),
    so nodes read before, such as the page's ``ClassIndex``, stay safe to touch. The root element
    stays: junk markup can name ``<html>`` itself a weather widget, and the page is still read."""
    for node in nodes:
        if node.tag != "html":
            node.decompose(recursive=False)
