"""Landing: the frontier of URLs to fetch, idempotent article upserts, and run bookkeeping.

Everything here writes in short transactions (see ``storage.db``). The frontier
lives in the ``pages`` table: a discovered URL is recorded as ``queued`` before
anything is fetched, so a run killed half-way leaves its unfinished URLs queued
and the next run picks them up; nothing is lost and, because articles are keyed
on their canonical URL, nothing is duplicated.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import duckdb
import pyarrow as pa

from scrapers.crawl import FetchTask, Outcome, failure
from scrapers.dates.parse import listing_instant
from scrapers.errors import GeowireError
from scrapers.models import Article, Discovered, FeedRead, KnownDocument
from scrapers.prepare import content_hash, record_hash
from scrapers.sources import PageSettings
from storage import leases
from storage.archive import archive
from storage.db import Database, transaction_on
from storage.enrichment import ARTICLE_BATCH_FIELDS, article_columns
from storage.search import index_articles
from storage.stories import STORY_BATCH_FIELDS, STORY_COLUMNS, Landed, assign_stories, settle_stories

# Pages worth another try in a later run: passing failures (a 404 or a robots.txt refusal is not).
RETRYABLE = ("(reason IN ('fetch.timeout', 'fetch.connect', 'fetch.circuit_open', 'fetch.error') "
             "OR (reason = 'fetch.http_status' AND (http_status >= 500 OR http_status = 429)))")


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(slots=True)
class Counts:
    """Per-source counts of one run, as the summary shows them."""

    discovered: int = 0
    landed: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0  # wall-clock time spent on the source
    fetched: int = 0  # HTTP responses received (feeds and pages, 304s included): 0 means the source was unreachable

    def add(self, other: Counts) -> None:
        self.discovered += other.discovered
        self.landed += other.landed
        self.unchanged += other.unchanged
        self.skipped += other.skipped
        self.failed += other.failed
        self.reasons.update(other.reasons)
        self.seconds += other.seconds
        self.fetched += other.fetched

    def as_row(self) -> dict[str, int]:
        return {"discovered": self.discovered, "landed": self.landed, "unchanged": self.unchanged,
                "skipped": self.skipped, "failed": self.failed}


# ---------------------------------------------------------------- runs


def start_run(db: Database, run_id: str, trigger: str) -> None:
    with db.write(publish=None) as con:
        con.execute(
            "INSERT INTO runs (run_id, started_at, status, trigger) VALUES (?, ?, 'running', ?) "
            "ON CONFLICT (run_id) DO UPDATE SET status = 'running'",
            [run_id, _now(), trigger],
        )


def record_source(db: Database, run_id: str, source: str, counts: Counts) -> None:
    with db.write(publish=None) as con:
        con.execute(
            "INSERT INTO run_sources VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, source) DO UPDATE SET "
            "discovered = excluded.discovered, landed = excluded.landed, unchanged = excluded.unchanged, "
            "skipped = excluded.skipped, failed = excluded.failed, seconds = excluded.seconds",
            [run_id, source, counts.discovered, counts.landed, counts.unchanged, counts.skipped, counts.failed,
             counts.seconds],
        )


def finish_run(db: Database, run_id: str, status: str) -> None:
    """Settle the stories whose original changed during the run, close the run's record and publish
    the query file, so readers see the whole run."""
    with db.write(publish=True) as con:
        settle_stories(con)
        con.execute(
            """
            UPDATE runs SET status = ?, finished_at = ?,
              discovered = s.discovered, landed = s.landed, unchanged = s.unchanged,
              skipped = s.skipped, failed = s.failed
            FROM (SELECT coalesce(sum(discovered), 0) AS discovered, coalesce(sum(landed), 0) AS landed,
                         coalesce(sum(unchanged), 0) AS unchanged, coalesce(sum(skipped), 0) AS skipped,
                         coalesce(sum(failed), 0) AS failed
                  FROM run_sources WHERE run_id = ?) AS s
            WHERE runs.run_id = ?
            """,
            [status, _now(), run_id, run_id],
        )


# ---------------------------------------------------------------- frontier


def _upsert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, object]], on_conflict: str) -> None:
    """INSERT a batch of rows through Arrow (row-by-row ``executemany`` is ~100x slower in DuckDB).
    Rows must have unique keys: within one INSERT, DuckDB keeps the first of duplicate keys."""
    if not rows:
        return
    con.register("row_batch", pa.Table.from_pylist(rows))
    columns = ", ".join(rows[0])
    con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM row_batch {on_conflict}")
    con.unregister("row_batch")


def feed_states(db: Database, source: str) -> dict[str, KnownDocument]:
    """Every feed, sitemap and listing page of a source that an earlier run read, by URL."""
    with db.read() as con:
        rows = con.execute("SELECT url, etag, last_modified, last_fetched_at FROM feeds WHERE source = ?",
                           [source]).fetchall()
    return {url: KnownDocument(read_at, last_modified, etag) for url, etag, last_modified, read_at in rows}


def _record_feeds(con: duckdb.DuckDBPyConnection, source: str, read: Mapping[str, FeedRead]) -> None:
    if not read:
        return
    _upsert(con, "feeds", [
        {"url": url, "source": source, "http_status": got.status, "etag": got.etag,
         "last_modified": got.last_modified, "last_fetched_at": got.fetched_at,
         "last_changed_at": None if got.status == 304 else got.fetched_at}
        for url, got in read.items()
    ], """ON CONFLICT (url) DO UPDATE SET
          http_status = excluded.http_status, last_fetched_at = excluded.last_fetched_at,
          etag = CASE WHEN excluded.http_status = 304 THEN feeds.etag ELSE excluded.etag END,
          last_modified = CASE WHEN excluded.http_status = 304 THEN feeds.last_modified
                               ELSE excluded.last_modified END,
          last_changed_at = coalesce(excluded.last_changed_at, feeds.last_changed_at)""")


def enqueue(db: Database, run_id: str, source: str, discovered: Sequence[Discovered],
            failures: Sequence[tuple[str, GeowireError]] = (),
            read: Mapping[str, FeedRead] | None = None,
            listed_in: Mapping[str, str] | None = None) -> Counts:
    """Record discovered URLs: new ones as ``queued``, known ones queued again for a revisit
    (a conditional GET makes that cheap). URLs discovery already rejected are recorded as
    ``skipped`` and feeds/sitemaps that failed as ``failed``, each with its reason and where it was
    listed (``listed_in``: a nested sitemap's index, ``seed``; else the sources file); the
    validators of the feeds, sitemaps and listings read are kept for the next conditional GET."""
    now = _now()
    counts = Counts(discovered=len(discovered), fetched=len(read or {}))
    rows: list[dict[str, object]] = []
    for item in discovered:
        if item.skip_reason:
            counts.skipped += 1
            counts.reasons[item.skip_reason] += 1
        rows.append({"url": item.url, "fetch_url": item.fetch_url, "source": source,
                     "state": "skipped" if item.skip_reason else "queued", "reason": item.skip_reason,
                     "found_in": item.found_in, "listing_date": item.published_raw,
                     "listing_date_from": item.via if item.published_raw else None,
                     "listed_at": listing_instant(item.published_raw, now), "first_seen_at": now,
                     "queued_at": None if item.skip_reason else now, "detail": None, "http_status": None,
                     "attempts": None, "last_fetched_at": None, "run_id": run_id})
    for url, exc in failures:
        failed = failure(FetchTask(url=url), exc)  # what the error says, as for a page: detail, status, attempts
        setattr(counts, failed.state, getattr(counts, failed.state) + 1)
        counts.reasons[exc.reason] += 1
        rows.append({"url": url, "fetch_url": url, "source": source, "state": failed.state, "reason": exc.reason,
                     "detail": failed.detail, "http_status": failed.http_status, "attempts": failed.attempts,
                     "found_in": (listed_in or {}).get(url, "sources file"), "listing_date": None, "listing_date_from": None, "listed_at": None,
                     "first_seen_at": now, "queued_at": None, "last_fetched_at": failed.fetched_at,
                     "run_id": run_id})
    with db.write(publish=None) as con:
        _record_feeds(con, source, read or {})
        unchanged_feeds = [url for url, got in (read or {}).items() if got.status == 304]
        if unchanged_feeds:
            # Nothing new in these feeds: revisit what they listed last time (a conditional GET each),
            # as if they had been downloaded again — including pages that failed for a passing reason.
            con.execute(
                f"UPDATE pages SET queued_at = ? WHERE source = ? AND found_in = ANY(?) AND queued_at IS NULL "
                f"AND (state IN ('landed', 'unchanged') OR (state IN ('failed', 'skipped') AND {RETRYABLE}))",
                [now, source, unchanged_feeds])
        _upsert(con, "pages", rows, """ON CONFLICT (url) DO UPDATE SET
              queued_at = coalesce(pages.queued_at, excluded.queued_at),
              fetch_url = coalesce(pages.fetch_url, excluded.fetch_url),
              state = CASE WHEN excluded.state = 'queued' THEN pages.state ELSE excluded.state END,
              reason = CASE WHEN excluded.state = 'queued' THEN pages.reason ELSE excluded.reason END,
              detail = CASE WHEN excluded.state = 'queued' THEN pages.detail ELSE excluded.detail END,
              http_status = coalesce(excluded.http_status, pages.http_status),
              attempts = coalesce(excluded.attempts, pages.attempts),
              last_fetched_at = coalesce(excluded.last_fetched_at, pages.last_fetched_at),
              listing_date = coalesce(excluded.listing_date, pages.listing_date),
              listing_date_from = coalesce(excluded.listing_date_from, pages.listing_date_from),
              listed_at = coalesce(excluded.listed_at, pages.listed_at),
              run_id = excluded.run_id""")
    return counts


def next_batch(db: Database, source: str, limit: int, *, owner: str | None = None,
               ttl: float | None = None) -> list[FetchTask]:
    """Lease the next queued URLs of a source to this worker (``owner``, default this process):
    never-fetched first, newest listing date first, then the longest unvisited. Empty when nothing is queued, or while another
    worker holds the source (see ``storage.leases``; ``held_elsewhere`` tells the two apart)."""
    with db.write(publish=False) as con:  # a claim changes nothing readers look at
        rows = leases.claim(con, source, limit, owner=owner or leases.worker_id(),
                            ttl=leases.lease_seconds() if ttl is None else ttl)
    return [
        FetchTask(url=url, fetch_url=fetch_url if fetch_url != url else None, etag=etag,
                  last_modified=last_modified, hints=((kind or "listing", date),) if date else ())
        for url, fetch_url, etag, last_modified, date, kind in rows
    ]


def queued_count(db: Database, source: str) -> int:
    with db.read() as con:
        row = con.execute("SELECT count(*) FROM pages WHERE source = ? AND queued_at IS NOT NULL",
                          [source]).fetchone()
    return row[0] if row else 0


# ---------------------------------------------------------------- articles

_CAPTION = pa.struct([("text", pa.string()), ("credit", pa.string())])
_WEATHER = pa.struct([("temperature", pa.float64()), ("unit", pa.string()), ("temperature_c", pa.float64()),
                      ("city", pa.string()), ("raw", pa.string())])
_TS = pa.timestamp("us", tz="UTC")
ARTICLE_BATCH_SCHEMA = pa.schema([
    ("canonical_url", pa.string()), ("url", pa.string()), ("source", pa.string()), ("site_name", pa.string()),
    ("title", pa.string()), ("authors", pa.list_(pa.string())), ("published_at", _TS),
    ("published_local", pa.string()), ("published_day", pa.date32()), ("published_from", pa.string()),
    ("published_raw", pa.string()), ("modified_at", _TS), ("modified_local", pa.string()),
    ("date_flags", pa.list_(pa.string())), ("language", pa.string()), ("section", pa.string()),
    ("tags", pa.list_(pa.string())), ("description", pa.string()), ("body", pa.string()),
    ("word_count", pa.int32()), ("lead_image", pa.string()), ("captions", pa.list_(_CAPTION)),
    ("page_date", pa.date32()), ("weather", _WEATHER), ("content_hash", pa.string()),
    ("record_hash", pa.string()), ("version", pa.int32()),
    ("extractor_version", pa.string()), ("rules_version", pa.string()), ("first_seen_at", _TS),
    ("last_seen_at", _TS), ("last_changed_at", _TS), *ARTICLE_BATCH_FIELDS,
    ("authors_from", pa.string()), *STORY_BATCH_FIELDS,
])
_UPDATABLE = [name for name in ARTICLE_BATCH_SCHEMA.names if name not in ("canonical_url", "first_seen_at")]
_ASSIGNMENTS = ", ".join(
    f"{c} = CASE WHEN excluded.story_member_id IS NULL THEN articles.{c} ELSE excluded.{c} END" if c in STORY_COLUMNS
    else f"{c} = excluded.{c}" for c in _UPDATABLE if c != "last_changed_at")


def article_row(article: Article, source: str, seen_at: datetime, version: int = 1) -> dict[str, object]:
    """One ``articles`` row (the Arrow batch schema) for an Article."""
    ready = article.prepared  # made beside extraction by a crawl; else computed here, the same way
    return {
        "canonical_url": article.canonical_url or article.url,
        "url": article.url,
        "source": source,
        "site_name": article.site_name,
        "title": article.title,
        "authors": list(article.authors),
        "published_at": article.published_at,
        "published_local": article.published_at.isoformat() if article.published_at else None,
        "published_day": article.published_day,
        "published_from": article.published_from,
        "published_raw": article.published_raw,
        "modified_at": article.modified_at,
        "modified_local": article.modified_at.isoformat() if article.modified_at else None,
        "date_flags": list(article.date_flags),
        "language": article.language,
        "section": article.section,
        "tags": list(article.tags),
        "description": article.description,
        "body": article.body,
        "word_count": ready.word_count if ready else article.word_count,
        "lead_image": article.lead_image,
        "captions": [{"text": c.text, "credit": c.credit} for c in article.captions],
        "page_date": article.page_date,
        "weather": article.weather.to_dict() if article.weather else None,
        "content_hash": ready.content_hash if ready else content_hash(article),
        "record_hash": ready.record_hash if ready else record_hash(article),
        "version": version,
        "extractor_version": article.extractor_version,
        "rules_version": article.rules_version,
        "first_seen_at": seen_at,
        "last_seen_at": seen_at,
        "last_changed_at": seen_at,
        **article_columns(article),
        "authors_from": article.authors_from,
    }


_REJECTABLE = ("contract.", "extract.empty_body")


def write_articles(con: duckdb.DuckDBPyConnection, source: str, articles: Sequence[tuple[Article, datetime]],
                   *, touch: bool = True) -> dict[str, str]:
    """Upsert articles inside the caller's transaction; returns each key's fate:
    ``new``, ``changed`` (content edited: version + 1, history row), ``updated`` (same content,
    different extraction: rewritten in place) or ``same`` (nothing to write; ``last_seen_at`` is
    moved only when ``touch``). Duplicate keys in one batch: the first wins."""
    batch: dict[str, dict[str, object]] = {}
    records: dict[str, Article] = {}
    for article, seen_at in articles:
        key = article.canonical_url or article.url
        batch.setdefault(key, article_row(article, source, seen_at))
        records.setdefault(key, article)
    if not batch:
        return {}
    existing = {
        url: (content, record, version)
        for url, content, record, version in con.execute(
            "SELECT canonical_url, content_hash, record_hash, version FROM articles WHERE canonical_url = ANY(?)",
            [list(batch)],
        ).fetchall()
    }
    fates: dict[str, str] = {}
    to_write = []
    for key, row in batch.items():
        previous = existing.get(key)
        if previous is None:
            fates[key] = "new"
        elif previous[0] != row["content_hash"]:
            fates[key], row["version"] = "changed", previous[2] + 1
        elif previous[1] != row["record_hash"]:
            fates[key], row["version"] = "updated", previous[2]
        else:
            fates[key] = "same"
            continue
        to_write.append(row)
    if to_write:
        # Stories first: their columns are written with the articles' rows (an article only re-extracted
        # keeps its story: its story columns are NULL in the batch).
        members = assign_stories(con, [Landed.of(key, records[key], batch[key]["first_seen_at"],  # type: ignore[arg-type]
                                                 new=fate == "new")
                                       for key, fate in fates.items() if fate in ("new", "changed")])
        for row in to_write:
            row.update(members.get(str(row["canonical_url"]), {}))
        con.register("article_batch", pa.Table.from_pylist(to_write, schema=ARTICLE_BATCH_SCHEMA))
        con.execute(f"""
            INSERT INTO articles BY NAME SELECT * FROM article_batch ON CONFLICT (canonical_url) DO UPDATE SET
            {_ASSIGNMENTS},
            last_changed_at = CASE WHEN articles.content_hash <> excluded.content_hash
                                   THEN excluded.last_changed_at ELSE articles.last_changed_at END""")
        con.execute("""
            INSERT INTO article_history
            SELECT canonical_url, version, last_seen_at, content_hash, title, body, modified_at, corrections
            FROM article_batch
            ON CONFLICT DO NOTHING""")
        con.unregister("article_batch")
        written = [str(row["canonical_url"]) for row in to_write]
        index_articles(con, written, {key: ready.search for key in written
                                      if (ready := records[key].prepared) is not None})
    same = [key for key, fate in fates.items() if fate == "same"]
    if same and touch:
        con.execute("UPDATE articles SET last_seen_at = ? WHERE canonical_url = ANY(?)", [_now(), same])
    return fates


def _reject_rows(outcomes: Sequence[Outcome], source: str, run_id: str, now: datetime) -> list[dict[str, object]]:
    return [
        {"url": o.url, "source": source, "reason": o.reason, "detail": o.detail,
         "record": json.dumps(o.article.to_dict(), ensure_ascii=False), "rejected_at": now, "run_id": run_id}
        for o in outcomes
        if o.article is not None and o.reason and o.reason.startswith(_REJECTABLE)
    ]


def land(db: Database, run_id: str, source: str, outcomes: Sequence[Outcome],
         settings: PageSettings | None = None, *, owner: str | None = None) -> Counts:
    """Land one batch of outcomes: archive the raw responses in the archive file (with the ``settings``
    the pages were read with, for re-extraction), then in one transaction upsert new and changed
    articles, quarantine contract breakers in ``rejects``, record every URL's final state and release
    the worker's leases — so a kill leaves the batch either wholly landed or wholly still queued (its
    responses may be archived already)."""
    with db.write(transaction=False, publish=None) as con:
        with transaction_on(con):
            archive(con, outcomes, run_id, settings)
        with transaction_on(con):
            leases.release(con, [o.url for o in outcomes], owner or leases.worker_id())
            return _record_outcomes(con, run_id, source, outcomes)


def _record_outcomes(con: duckdb.DuckDBPyConnection, run_id: str, source: str, outcomes: Sequence[Outcome]
                     ) -> Counts:
    """Upsert a batch's articles and record every URL's state (inside the caller's transaction)."""
    now = _now()
    counts = Counts(fetched=sum(1 for o in outcomes if o.http_status is not None))
    landed = [(o, o.article) for o in outcomes if o.state == "landed" and o.article is not None]
    article_keys = {id(o): article.canonical_url or article.url for o, article in landed}
    fates = write_articles(con, source, [(article, o.fetched_at or now) for o, article in landed])
    claimed: set[str] = set()
    final: dict[str, tuple[str, str | None, str | None]] = {}  # page url -> (state, reason, article key)
    for outcome in outcomes:
        key = article_keys.get(id(outcome))
        if key is not None:
            if key in claimed:  # a second URL of an article already in this batch
                final[outcome.url] = ("unchanged", "dedupe.same_article", key)
            else:
                claimed.add(key)
                final[outcome.url] = ("landed" if fates[key] in ("new", "changed") else "unchanged", None, key)
        else:
            final[outcome.url] = (outcome.state, outcome.reason, None)
    not_modified = [o.url for o in outcomes if o.state == "unchanged" and o.reason == "fetch.not_modified"]
    if not_modified:
        con.execute(
            "UPDATE articles SET last_seen_at = ? WHERE canonical_url IN "
            "(SELECT article_url FROM pages WHERE url = ANY(?))", [now, not_modified])
        # A 304 for a page that was skipped (a tag listing) keeps it skipped, for the same reason.
        for url, state, reason in con.execute(
                "SELECT url, state, reason FROM pages WHERE url = ANY(?) AND state = 'skipped'",
                [not_modified]).fetchall():
            final[url] = (state, reason, None)
    _upsert(con, "rejects", _reject_rows(outcomes, source, run_id, now), "ON CONFLICT DO NOTHING")
    page_rows: list[dict[str, object]] = []
    for outcome in outcomes:
        state, reason, article_url = final[outcome.url]
        setattr(counts, state, getattr(counts, state) + 1)
        if reason and state in ("skipped", "failed"):
            counts.reasons[reason] += 1
        page_rows.append({
            "url": outcome.url, "source": source, "state": state, "reason": reason,
            "detail": outcome.detail if state in ("skipped", "failed") else None,
            "http_status": outcome.http_status, "attempts": outcome.attempts, "article_url": article_url,
            "etag": outcome.etag, "last_modified": outcome.last_modified, "first_seen_at": now,
            "last_fetched_at": outcome.fetched_at or now, "run_id": run_id})
    _upsert(con, "pages", page_rows, """ON CONFLICT (url) DO UPDATE SET
          state = excluded.state, reason = excluded.reason, detail = excluded.detail,
          http_status = excluded.http_status, attempts = excluded.attempts,
          article_url = coalesce(excluded.article_url, pages.article_url),
          etag = CASE WHEN excluded.http_status = 304 THEN pages.etag ELSE excluded.etag END,
          last_modified = CASE WHEN excluded.http_status = 304 THEN pages.last_modified
                               ELSE excluded.last_modified END,
          last_fetched_at = excluded.last_fetched_at, queued_at = NULL, run_id = excluded.run_id""")
    return counts
