"""Per-article work that needs no database, done where the page is extracted.

A crawl lands through one writer thread for the whole run; every millisecond of pure text
work left there is a millisecond no page lands. The crawl stage therefore attaches a
``Prepared`` to each article it extracts (in a worker process), and storage only inserts
what it holds. Callers that land an article without one (``geowire reextract`` after it
re-keys an article, tests, benchmarks) get the same values from the same functions.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from scrapers.models import Article, pickled_by_fields
from scrapers.textindex import IndexedText, index_text


def _digest(parts: Sequence[str]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\x1e")
    return digest.hexdigest()


def content_hash(article: Article) -> str:
    """What counts as the article's content: an edit to headline, byline or text changes it, and
    so does a correction notice (left out while there is none, so older hashes stay valid)."""
    corrections = ("\x1f".join(article.corrections),) if article.corrections else ()
    return _digest((article.title or "", "\x1f".join(article.authors), article.body, *corrections))


def record_hash(article: Article) -> str:
    """Every extracted field of the article: changes when its content or how it was extracted changes.

    The header widgets (the 'today' date bar, the weather) are left out: they change every day
    on every page of a site, and would rewrite every revisited article without it having changed.
    """
    return _record_digest(article.to_dict())


def _record_digest(fields: dict[str, Any]) -> str:
    """``record_hash`` of the article's ``to_dict()`` (which ``prepare`` also reads the word count from)."""
    del fields["page_date"], fields["weather"]
    return _digest((json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str),))


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Prepared:
    """What landing needs of an article beyond its fields: its hashes, word count and search-index entry."""

    content_hash: str
    record_hash: str
    word_count: int
    search: IndexedText


def prepare(article: Article) -> Prepared:
    """The article's ``Prepared`` (attach it with ``article.replace(prepared=...)``; any later
    ``replace`` drops it, since it would no longer match)."""
    fields = article.to_dict()  # the word count, counted once: it is one of them
    word_count = fields["word_count"]
    return Prepared(content_hash(article), _record_digest(fields), word_count,
                    index_text(article.title, article.body, article.language))

