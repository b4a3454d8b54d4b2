"""Normalise: the last pure stage, turning an extracted ``Article`` into the record that lands.

The extractor reads one page; normalising applies what only the pipeline
knows — the URL the page was fetched from, the source's language — and the
record-wide rules that make records comparable across sites (canonical URL
form, whitespace, author de-duplication).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from scrapers.lextree import is_clean
from scrapers.models import Article
from scrapers.urls import canonicalize_url

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def _registrable(host: str) -> str:
    """Last two labels of a host: enough to tell 'www.bbc.co.uk' and 'bbc.co.uk' apart from other sites."""
    return ".".join(host.lower().split(".")[-2:])


def clean_text(text: str) -> str:
    """Single spaces inside lines, paragraphs separated by exactly one blank line."""
    return text if is_clean(text) else tidy(text)  # an extractor's body is clean already: checked in one pass


def tidy(text: str) -> str:
    """``clean_text`` done in full, whatever the text."""
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


BOILERPLATE = re.compile(
    r"^(related (articles|posts|stories)|latest (articles|news|posts)|more from (the )?author|read more|"
    r"you may also like|recommended( for you)?|subscribe to (our|the) newsletter|sign up for (our|the) newsletter|"
    r"follow us( on)?|share this( article)?|leave a (comment|reply)|all rights reserved|"
    r"we use cookies|accept (all )?cookies|advertisement)\b",
    re.IGNORECASE,
)
MIN_BODY_WORDS = 30
FUTURE_TOLERANCE = timedelta(days=1)


def contract_violation(article: Article, fetched_at: datetime | None) -> tuple[str, str] | None:
    """The first data-contract rule a record breaks, as ``(reason, detail)``, or None.

    A record that breaks the contract is quarantined (``rejects``) rather than
    landed: users query ``articles`` trusting every row to be a real, dated,
    clean article.
    """
    if not article.title:
        return "contract.no_title", "no headline found"
    if article.word_count < MIN_BODY_WORDS:
        return "contract.body_too_short", f"{article.word_count} words (minimum {MIN_BODY_WORDS})"
    for paragraph in article.body.split("\n\n"):
        if len(paragraph.split()) <= 8 and BOILERPLATE.match(paragraph.strip()):
            return "contract.boilerplate", f"site chrome in the body: {paragraph.strip()[:80]!r}"
    if "future" in article.date_flags or (
        article.published_at and fetched_at and article.published_at > fetched_at + FUTURE_TOLERANCE
    ):
        return "contract.future_date", f"published {article.published_raw or article.published_at} is in the future"
    return None
