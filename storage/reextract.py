"""Re-extraction: rebuild articles from the raw-page archive with the current extractor.

No page is fetched again. Each article's latest archived response is replayed
through the same ``process_page`` the crawl uses, under the settings (timezone,
language, rules) archived with it — the ones it was landed with — unless the
caller passes sources to use instead. Rows whose record does not change are
left untouched (not even ``last_seen_at``), changed ones are rewritten in place,
and an edit of headline, byline or text becomes a new version as it would
during a crawl.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from scrapers.crawl import FetchTask, process_page
from scrapers.models import Article
from scrapers.sources import PageSettings
from storage.archive import latest_pages
from storage.db import Database
from storage.land import write_articles
from storage.queries import read_current

BATCH = 200


@dataclass(slots=True)
class ReextractResult:
    considered: int = 0
    rewritten: int = 0  # record changed (new extraction), written in place
    new_versions: int = 0  # headline/byline/text changed
    untouched: int = 0
    missing_archive: int = 0  # no archived response to replay
    unrecorded: int = 0  # archived before its settings were recorded, and no sources given: left as it is
    not_articles: Counter[str] = field(default_factory=Counter)  # reason -> count: now rejected by the extractor


def _targets(db: Database, source: str | None, since: date | None) -> list[tuple[str, str, str]]:
    query = """
        SELECT a.canonical_url, a.source, coalesce(p.url, a.canonical_url)
        FROM articles a LEFT JOIN pages p ON p.article_url = a.canonical_url
        WHERE (? IS NULL OR a.source = ?) AND (? IS NULL OR a.last_seen_at >= ?)
        QUALIFY row_number() OVER (PARTITION BY a.canonical_url ORDER BY p.last_fetched_at DESC NULLS LAST) = 1
        ORDER BY a.canonical_url
    """
    with read_current(db) as con:  # a mistyped --db is an error, not a new empty database
        return con.execute(query, [source, source, since, since]).fetchall()


def _chunks(items: list[tuple[str, str, str]]) -> Iterator[list[tuple[str, str, str]]]:
    for start in range(0, len(items), BATCH):
        yield items[start:start + BATCH]


def reextract(db: Database, *, source: str | None = None, since: date | None = None,
              sources: Mapping[str, PageSettings] | None = None) -> ReextractResult:
    """Re-extract articles (optionally of one source, or seen since a day) from archived pages.

    Each page is read with the settings archived with it; ``sources`` (settings by source name) replace
    those for the sources they name. A page archived before settings were recorded is left alone unless
    its source is in ``sources``: guessing would silently move dates (a +09:00 source read as UTC).
    """
    result = ReextractResult()
    for chunk in _chunks(_targets(db, source, since)):
        with db.read() as con:
            archived = latest_pages(con, [page_url for _, _, page_url in chunk])
        updates: dict[str, list[tuple[Article, datetime]]] = {}
        for key, source_name, page_url in chunk:
            result.considered += 1
            found = archived.get(page_url)
            if found is None:
                result.missing_archive += 1
                continue
            settings = (sources or {}).get(source_name) or found.settings
            if settings is None:
                result.unrecorded += 1
                continue
            outcome = process_page(found.page, FetchTask(url=page_url), timezone_name=settings.timezone,
                                   language=settings.language, rules=settings.rules)
            if outcome.state != "landed" or outcome.article is None:
                result.not_articles[outcome.reason or "unknown"] += 1
                continue
            article = outcome.article.replace(canonical_url=key)  # keep the row it came from
            updates.setdefault(source_name, []).append((article, found.page.fetched_at))
        with db.write() as con:
            for source_name, articles in updates.items():
                fates = Counter(write_articles(con, source_name, articles, touch=False).values())
                result.rewritten += fates["updated"] + fates["changed"]
                result.new_versions += fates["changed"]
                result.untouched += fates["same"]
    return result
