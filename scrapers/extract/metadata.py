"""Article metadata: site, language, section, tags, description, images, canonical URL.

Machine-readable sources (JSON-LD, Open Graph, ``<meta>``) are preferred because they are
written for machines. The headline and the authors, where the visible page and the metadata
disagree most, have their own modules (``headline``, ``bylines``); all of them read the page
through :class:`Precomputed`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scrapers.extract.rules import Rules, plan, select
from scrapers.htmlindex import ClassIndex
from scrapers.htmlmeta import PageMeta, jsonld_types
from scrapers.lextree import alpha_count, word_counts

ARTICLE_TYPES = frozenset({
    "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
    "BackgroundNewsArticle", "ReviewNewsArticle", "BlogPosting", "LiveBlogPosting", "Report", "ScholarlyArticle",
    "TechArticle", "SatiricalArticle", "AdvertiserContentArticle", "SocialMediaPosting", "Review",
})
LISTING_TYPES = frozenset({"CollectionPage", "SearchResultsPage", "ItemList", "ProfilePage"})
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·|»|•|/)\s+")
_PIPE = re.compile(r"\s+(?:\||::|»|•)\s+")
MAX_SITE_NAME = 60
_CODE_TAG = re.compile(r"^[A-Z0-9:_\-.]+$")


def clean_text(text: str | None) -> str:
    """Whitespace collapsed to single spaces."""
    return " ".join(text.split()) if text else ""


@dataclass(frozen=True, slots=True)
class Precomputed:
    """What every metadata field reads: parsed once per page."""

    tree: LexborHTMLParser
    page: PageMeta  # also handed to the date finder, so the page's metadata is parsed once
    article: dict[str, Any] | None  # the JSON-LD object describing this article, if any
    url: str | None

    @classmethod
    def of(cls, tree: LexborHTMLParser, url: str | None, index: ClassIndex | None = None) -> Precomputed:
        page = PageMeta.of(tree, index)
        article = next((o for o in page.jsonld if jsonld_types(o) & ARTICLE_TYPES), None)
        return cls(tree, page, article, url)

    @property
    def meta(self) -> dict[str, list[str]]:
        return self.page.meta

    @property
    def jsonld(self) -> list[dict[str, Any]]:
        return self.page.jsonld

    def first_meta(self, *keys: str) -> str | None:
        for key in keys:
            for value in self.meta.get(key, ()):
                if value.strip():
                    return clean_text(value)
        return None


def _dedupe(names: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.casefold(), name)
    return tuple(seen.values())


def select_nodes(tree: LexborHTMLParser, selectors: Sequence[str], index: ClassIndex) -> list[LexborNode]:
    """The elements with text of the first selector that matches some. The index answers selectors naming a
    class or id (finding each word once); one query of the page rules out all the others at once."""
    queried = [s for s in selectors if plan(s) is None and index.may_match(s)]
    none_queried = bool(queried) and tree.css_first(", ".join(queried)) is None
    named: dict[tuple[str, str], list[LexborNode]] = {}
    for selector in selectors:
        if plan(selector) is None and (none_queried or selector not in queried):
            continue
        nodes = [n for n in select(tree, selector, index, named=named) if clean_text(n.text(separator=" "))]
        if nodes:
            return nodes
    return []


def select_texts(tree: LexborHTMLParser, selectors: Sequence[str], index: ClassIndex) -> list[str]:
    """Texts of the first selector that matches elements with text (see :func:`select_nodes`)."""
    return [clean_text(n.text(separator=" ")) for n in select_nodes(tree, selectors, index)]


def site_name(pre: Precomputed) -> str | None:
    """The publication's name. A long value is a name with a slogan or a page title attached
    ("Consett Magazine - Positive Local News for ...", "<headline> - Handball Schweiz"): its
    shortest part is the name."""
    publisher = pre.article.get("publisher") if pre.article else None
    candidates = [*(clean_text(v) for v in pre.meta.get("og:site_name", ())),
                  clean_text(publisher.get("name")) if isinstance(publisher, dict)
                  and isinstance(publisher.get("name"), str) else "",
                  *(clean_text(v) for key in ("application-name", "apple-mobile-web-app-title")
                    for v in pre.meta.get(key, ()))]
    for candidate in candidates:
        if len(candidate) > MAX_SITE_NAME:
            candidate = min(_TITLE_SEPARATORS.split(candidate), key=len)
        if candidate and len(candidate) <= MAX_SITE_NAME:
            return candidate
    return None


_LANG_SEP = re.compile(r"[-_,;\s]")
_LANG_CODE = re.compile(r"[a-z]{2,3}")


def language(pre: Precomputed) -> str | None:
    """The primary language subtag ("en" from "en-US"), from ``<html lang>``, meta, then JSON-LD."""
    html = pre.tree.root  # the <html> element
    raw = html.attrs.get("lang") if html is not None else None
    raw = raw or pre.first_meta("content-language", "og:locale", "language", "dc.language")
    if not raw and pre.article is not None and isinstance(pre.article.get("inLanguage"), str):
        raw = pre.article["inLanguage"]
    if not raw:
        return None
    primary = _LANG_SEP.split(raw.strip(), maxsplit=1)[0].lower()
    return primary if _LANG_CODE.fullmatch(primary) else None


def section(pre: Precomputed, rules: Rules) -> str | None:
    """The section label; a list some themes write ("Costa Rica News | Travel | ...") gives its first entry."""
    found = pre.first_meta("article:section", "section", "parsely-section", "cxenseparse:recs:category")
    if found:
        return _PIPE.split(found)[0].strip(" -–—|:/") or None
    if pre.article is not None:
        value = pre.article.get("articleSection")
        if isinstance(value, list):
            value = next((v for v in value if isinstance(v, str)), None)
        if isinstance(value, str) and clean_text(value):
            return clean_text(value)
    ruled = select_texts(pre.tree, rules.section, pre.page.index)
    return ruled[0] if ruled else None


def tags(pre: Precomputed) -> tuple[str, ...]:
    raw: list[str] = list(pre.meta.get("article:tag", ()))
    if not raw:
        raw = pre.meta.get("news_keywords", []) or pre.meta.get("keywords", [])
    if not raw and pre.article is not None:
        keywords = pre.article.get("keywords")
        raw = keywords if isinstance(keywords, list) else [keywords] if isinstance(keywords, str) else []
    found = [clean_text(t) for value in raw if isinstance(value, str) for t in value.split(",")]
    found = [t for t in found if t and len(t) <= 80]
    codes = [t for t in found if _CODE_TAG.match(t)]
    if len(codes) * 2 > len(found):
        found = [t for t in found if t not in codes]  # wire-service subject codes ("RSBI:HUMAN-RIGHTS", "MTVID")
    return _dedupe(found)


def description(pre: Precomputed) -> str | None:
    return pre.first_meta("og:description", "description", "twitter:description")


# An absolute http(s) URL that urljoin would give back unchanged (no fragment, params, empty query, userinfo,
# brackets, whitespace or non-ASCII): most canonical and image URLs, spared urljoin's two parses (~20 us).
_PLAIN_ABSOLUTE = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[A-Za-z0-9._~!$&'()*+,=:@%/-]*)?"
                             r"(?:\?[A-Za-z0-9._~!$&'()*+,=:@%/?-]+)?")


def _absolute(url: str | None, base: str | None) -> str | None:
    """``url`` resolved against the page's; None for a URL no parser can read ("//]": a bad IPv6 host)."""
    if not url:
        return None
    if not base or _PLAIN_ABSOLUTE.fullmatch(url):
        return url
    try:
        return urljoin(base, url)
    except ValueError:
        return None


def lead_image(pre: Precomputed) -> str | None:
    found = pre.first_meta("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src")
    if not found and pre.article is not None:
        image = pre.article.get("image")
        if isinstance(image, list):
            image = image[0] if image else None
        if isinstance(image, dict):
            image = image.get("url")
        found = image if isinstance(image, str) else None
    return _absolute(found, pre.url)


def canonical_url(pre: Precomputed) -> str | None:
    href = pre.page.index.page.canonical  # of the first <link rel="canonical">
    return _absolute((href or "").strip() or pre.first_meta("og:url"), pre.url)


# Frequent short words per language: enough to name the language of a few paragraphs
# when the page does not declare it. Scripts other than Latin are named by their letters.
_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(["the", "and", "of", "to", "in", "is", "that", "for", "it", "was", "on", "with", "as", "he", "be", "at", "by", "this", "have", "from", "are"]),
    "de": frozenset(["der", "die", "und", "in", "den", "von", "zu", "das", "mit", "sich", "des", "auf", "für", "ist", "im", "dem", "nicht", "ein", "eine", "als"]),
    "fr": frozenset(["le", "la", "les", "de", "des", "et", "est", "un", "une", "du", "en", "que", "qui", "dans", "pour", "pas", "au", "sur", "ne", "se"]),
    "es": frozenset(["el", "la", "de", "que", "y", "en", "los", "del", "se", "las", "por", "un", "para", "con", "no", "una", "su", "al", "es", "lo", "como"]),
    "it": frozenset(["il", "di", "che", "e", "la", "per", "un", "in", "è", "non", "una", "sono", "del", "della", "le", "con", "si", "da", "gli", "al"]),
    "pt": frozenset(["o", "de", "que", "e", "do", "da", "em", "um", "para", "com", "não", "uma", "os", "no", "se", "na", "por", "mais", "as", "dos"]),
    "nl": frozenset(["de", "het", "een", "van", "en", "in", "is", "dat", "op", "te", "zijn", "met", "voor", "niet", "die", "aan", "er", "ook"]),
    "sv": frozenset(["och", "att", "det", "som", "en", "på", "är", "av", "för", "med", "till", "den", "har", "de", "inte", "om", "ett"]),
    "pl": frozenset(["w", "i", "na", "nie", "z", "się", "do", "że", "to", "jest", "jak", "o", "po", "tak", "za", "co", "od"]),
    "tr": frozenset(["ve", "bir", "bu", "da", "de", "için", "ile", "çok", "olarak", "daha", "gibi", "olan", "kadar", "ne", "ama"]),
    "id": frozenset(["yang", "dan", "di", "dari", "ini", "itu", "dengan", "untuk", "tidak", "dalam", "akan", "pada", "juga", "ke"]),
}
_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ja", re.compile(r"[\u3040-\u30ff]")), ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")), ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")), ("he", re.compile(r"[\u0590-\u05ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")), ("hi", re.compile(r"[\u0900-\u097f]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
)
_ALL_STOPWORDS = frozenset(word for stop in _STOPWORDS.values() for word in stop)


def guess_language(text: str) -> str | None:
    """A language code for undeclared pages, from the script, else the most frequent stopwords."""
    sample = text[:3000]
    letters = alpha_count(sample)
    if not letters:
        return None
    # Each character of the scripts below takes 2 or 3 bytes in UTF-8: without enough extra bytes, none can win.
    if len(sample.encode("utf-8", "surrogatepass")) - len(sample) > letters * 0.3:
        for code, script in _SCRIPTS:
            if len(script.findall(sample)) > letters * 0.3:
                return code
    words, seen = word_counts(sample.lower(), _ALL_STOPWORDS)  # (the words of [^\W\d_]+, those stopwords' counts)
    if words < 20:
        return None
    counts = {code: sum(seen.get(w, 0) for w in stop) for code, stop in _STOPWORDS.items()}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] >= 0.1 * words else None
