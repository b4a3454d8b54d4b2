"""Fetch → extract → normalise for a batch of URLs of one source: the per-page stages.

Pure of Prefect and of storage: it takes what to fetch (with the validators
storage remembered) and returns one ``Outcome`` per URL — never raises for a
single bad page, so every URL of the batch ends in a state with a reason.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from scrapers.encoding import charset_from_content_type, decode_html
from scrapers.errors import GeowireError, HTTPStatusError, PageState
from scrapers.extract import Rules, extract_article
from scrapers.models import Article, Page
from scrapers.normalise import contract_violation, normalise


class PageFetcher(Protocol):
    async def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Page: ...


@dataclass(frozen=True, slots=True)
class FetchTask:
    """One URL to fetch, with what earlier runs and the listings know about it."""

    url: str  # the canonical key the outcome is recorded under
    fetch_url: str | None = None  # the spelling to request, when it differs from the key
    etag: str | None = None
    last_modified: str | None = None
    hints: tuple[tuple[str, str], ...] = ()  # (kind, raw date) from feeds and sitemaps


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one URL."""

    url: str
    state: PageState
    reason: str | None = None
    detail: str | None = None
    http_status: int | None = None
    attempts: int = 0
    fetched_at: datetime | None = None
    article: Article | None = None
    page: Page | None = field(default=None, repr=False)

    @property
    def etag(self) -> str | None:
        return self.page.headers.get("etag") if self.page and self.page.status == 200 else None

    @property
    def last_modified(self) -> str | None:
        return self.page.headers.get("last-modified") if self.page and self.page.status == 200 else None


def process_page(page: Page, task: FetchTask, *, timezone_name: str | None = None,
                 language: str | None = None, rules: Rules | Mapping[str, Any] | None = None) -> Outcome:
    """Extract and normalise one fetched page into an Outcome (``landed`` is provisional:
    storage turns it into ``unchanged`` when the content hash has not moved). A record
    that breaks the data contract comes back ``skipped`` with its article attached,
    for storage to quarantine."""

    def outcome(state: PageState, reason: str | None = None, detail: str | None = None,
                article: Article | None = None) -> Outcome:
        return Outcome(url=task.url, state=state, reason=reason, detail=detail, http_status=page.status,
                       attempts=page.attempts, fetched_at=page.fetched_at, article=article, page=page)

    if page.not_modified:
        return outcome("unchanged", "fetch.not_modified")
    # UTF-8 pages reach the parser as the fetched bytes, sparing a re-encoding of the decoded text.
    html: str | bytes = page.content if page.encoding == "utf-8" else page.text
    if language and page.encoding != "utf-8":  # an undeclared charset may read otherwise in the source's language
        html = decode_html(page.content, charset_from_content_type(page.headers.get("content-type")),
                           language=language)[0]
    article = extract_article(html, page.url, page.fetched_at, timezone=timezone_name,
                              rules=rules, date_hints=task.hints)
    if not article.is_article:
        return outcome("skipped", article.reason or "extract.not_article",
                       "the page is not an article (listing, tag or index page)")
    if not article.body.strip():
        return outcome("failed", article.reason or "extract.empty_body", "no article text found", article)
    article = normalise(article, fetched_url=page.url, language=language)
    violation = contract_violation(article, page.fetched_at)
    if violation is not None:
        return outcome("skipped", violation[0], violation[1], article)
    return outcome("landed", article=article)


def failure(task: FetchTask, exc: GeowireError) -> Outcome:
    """The Outcome of a URL whose fetch raised."""
    return Outcome(
        url=task.url, state=exc.state, reason=exc.reason, detail=str(exc),
        http_status=exc.status if isinstance(exc, HTTPStatusError) else None,
        attempts=getattr(exc, "attempts", 1), fetched_at=datetime.now(UTC),
    )


async def crawl(tasks: Sequence[FetchTask], fetcher: PageFetcher, *, timezone_name: str | None = None,
                language: str | None = None, rules: Rules | Mapping[str, Any] | None = None,
                prefetched: Mapping[str, Page] | None = None) -> list[Outcome]:
    """Fetch, extract and normalise every task concurrently (the fetcher bounds concurrency).

    ``prefetched`` pages (fetched during discovery, e.g. an ad-hoc article URL)
    are used as they are instead of being fetched a second time.
    """

    async def one(task: FetchTask) -> Outcome:
        page = (prefetched or {}).get(task.url)
        if page is None:
            try:
                page = await fetcher.fetch(task.fetch_url or task.url, etag=task.etag,
                                           last_modified=task.last_modified)
            except GeowireError as exc:
                return failure(task, exc)
        try:
            return process_page(page, task, timezone_name=timezone_name, language=language, rules=rules)
        except GeowireError as exc:
            return failure(task, exc)
        except Exception as exc:
            return Outcome(url=task.url, state="failed", reason="extract.error",
                           detail=f"{type(exc).__name__}: {exc}", http_status=page.status,
                           attempts=page.attempts, fetched_at=page.fetched_at, page=page)

    return list(await asyncio.gather(*(one(task) for task in tasks)))
