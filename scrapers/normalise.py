"""Normalise: the last pure stage, turning an extracted ``Article`` into the record that lands.

The extractor reads one page; normalising applies what only the pipeline
knows — the URL the page was fetched from, the source's language — and the
record-wide rules that make records comparable across sites (canonical URL
form, whitespace, author de-duplication).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from scrapers.models import Article
from scrapers.urls import canonicalize_url

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def _registrable(host: str) -> str:
    """Last two labels of a host: enough to tell 'www.bbc.co.uk' and 'bbc.co.uk' apart from other sites."""
    return ".".join(host.lower().split(".")[-2:])


def clean_text(text: str) -> str:
    """Single spaces inside lines, paragraphs separated by exactly one blank line."""
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def normalise(article: Article, *, fetched_url: str, language: str | None = None) -> Article:
    """Canonical URL, tidy text fields, unique authors, and the source's language as a fallback.

    ``rel=canonical`` is honoured only when it stays on the same site: a page
    that claims another site's URL as canonical (syndication, misconfiguration)
    keeps its own, so one publisher's record never overwrites another's.
    """
    page_url = canonicalize_url(fetched_url)
    canonical = page_url
    if article.canonical_url:
        claimed = canonicalize_url(article.canonical_url)
        claimed_host = urlsplit(claimed).hostname or ""
        if claimed.startswith(("http://", "https://")) and _registrable(claimed_host) == _registrable(
            urlsplit(page_url).hostname or ""
        ):
            canonical = claimed
    authors: list[str] = []
    for name in article.authors:
        name = _SPACES.sub(" ", name).strip()
        if name and name.casefold() not in (a.casefold() for a in authors):
            authors.append(name)
    title = _SPACES.sub(" ", article.title).strip() if article.title else None
    return article.replace(
        url=fetched_url,
        canonical_url=canonical,
        title=title or None,
        authors=tuple(authors),
        body=clean_text(article.body),
        language=article.language or language,
    )
