"""The geowire schema and its migrations.

Migrations are ordered, named functions, sqlite-utils style; each is recorded
in ``schema_migrations`` inside the transaction that applies it, so a crash
mid-migration leaves the file at the previous version. ``SCHEMA_VERSION`` is
the number of migrations. Column meanings are documented in the DDL comments
(``COMMENT ON``) so that ``duckdb_columns()`` and ``geowire schema`` show them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import duckdb

from scrapers.dates.parse import listing_instant
from storage import bandindex, enrichment, search, stories, views
from storage.db import scalar, transaction_on
from storage.ddl import add_documented_columns, create_documented_table

Migration = Callable[[duckdb.DuckDBPyConnection], None]

ARTICLE_COLUMNS: dict[str, tuple[str, str]] = {
    # name: (DuckDB type, meaning)
    "canonical_url": ("VARCHAR PRIMARY KEY",
                      "the article's canonical URL (tracking parameters removed, rel=canonical honoured): the key"),
    "url": ("VARCHAR NOT NULL", "the URL it was last fetched from"),
    "source": ("VARCHAR NOT NULL", "the source name from the sources file (or the host, for ad-hoc --url runs)"),
    "site_name": ("VARCHAR", "the publisher's name as the page states it"),
    "title": ("VARCHAR", "the headline as a reader sees it, without ' | Section' or ' - Site' suffixes"),
    "authors": ("VARCHAR[]", "author names, without 'By' and bios"),
    "published_at": ("TIMESTAMPTZ", "publication instant"),
    "published_local": ("VARCHAR", "publication time as ISO 8601 with the publisher's own offset"),
    "published_day": ("DATE", "publication day in the publisher's local time"),
    "published_from": ("VARCHAR", "where the date came from: jsonld, meta, time, byline, url, feed, sitemap, ..."),
    "published_raw": ("VARCHAR", "the date string exactly as found, for auditing"),
    "modified_at": ("TIMESTAMPTZ", "last modification instant, as the publisher states it"),
    "modified_local": ("VARCHAR", "modification time as ISO 8601 with the publisher's offset"),
    "date_flags": ("VARCHAR[]", "what to know about the dates: offset_assumed, only_view_date, future, ... (README)"),
    "language": ("VARCHAR", "ISO 639-1 language code"),
    "section": ("VARCHAR", "the site's section (World, Politics, ...)"),
    "tags": ("VARCHAR[]", "the site's tags/keywords"),
    "description": ("VARCHAR", "the page's summary (og:description)"),
    "body": ("VARCHAR", "the article text: paragraphs separated by one blank line, no site chrome"),
    "word_count": ("INTEGER", "words in body"),
    "lead_image": ("VARCHAR", "URL of the lead image"),
    "captions": ("STRUCT(text VARCHAR, credit VARCHAR)[]", "image captions taken out of the body, with photo credits"),
    "page_date": ("DATE", "the site header's 'today' date bar: the day the page was viewed, NOT publication"),
    "weather": ("STRUCT(temperature DOUBLE, unit VARCHAR, temperature_c DOUBLE, city VARCHAR, raw VARCHAR)",
                "the site header's weather widget, when it has one (site chrome, kept apart from the text)"),
    "content_hash": ("VARCHAR NOT NULL", "sha256 of title, authors and body: changes when the article is edited"),
    "record_hash": ("VARCHAR NOT NULL", ("sha256 of every extracted field: changes when the article or its "
                                         "extraction changes (a re-extraction rewrites only rows whose record_hash "
                                         "moved)")),
    "version": ("INTEGER NOT NULL", "1 when first landed, +1 on every content change"),
    "extractor_version": ("VARCHAR", "version of the extractor that produced this record"),
    "rules_version": ("VARCHAR", "version of the site rules used, if any"),
    "first_seen_at": ("TIMESTAMPTZ NOT NULL", "when geowire first landed this article"),
    "last_seen_at": ("TIMESTAMPTZ NOT NULL", "when geowire last fetched it"),
    "last_changed_at": ("TIMESTAMPTZ NOT NULL", "when its content last changed"),
}

PAGE_COLUMNS: dict[str, tuple[str, str]] = {
    "url": ("VARCHAR PRIMARY KEY", "canonical form of a discovered URL (the key)"),
    "fetch_url": ("VARCHAR", "the URL as first discovered: what is requested"),
    "source": ("VARCHAR NOT NULL", "source name"),
    "state": ("VARCHAR NOT NULL", "queued (waiting for a fetch), landed, unchanged, skipped or failed"),
    "reason": ("VARCHAR", ("why skipped or failed: a stable code such as fetch.http_status, extract.not_article, "
                           "fetch.robots")),
    "detail": ("VARCHAR", "the error message, for people"),
    "http_status": ("INTEGER", "last HTTP status"),
    "attempts": ("INTEGER", "HTTP attempts the last fetch took (retries included)"),
    "article_url": ("VARCHAR", "canonical_url of the article it landed as (may differ: rel=canonical)"),
    "found_in": ("VARCHAR", "the feed, sitemap or listing page it was discovered in"),
    "listing_date": ("VARCHAR", "publication date the feed/sitemap gave for it, as written"),
    "listing_date_from": ("VARCHAR", "feed or sitemap: where listing_date came from"),
    "etag": ("VARCHAR", "ETag of the last 200 response, for conditional GET"),
    "last_modified": ("VARCHAR", "Last-Modified of the last 200 response, for conditional GET"),
    "first_seen_at": ("TIMESTAMPTZ NOT NULL", "when it was first discovered"),
    "queued_at": ("TIMESTAMPTZ", "set while it waits in the frontier; NULL once a state is recorded"),
    "last_fetched_at": ("TIMESTAMPTZ", "when it was last fetched"),
    "run_id": ("VARCHAR", "the run that recorded its state"),
}

RUN_COLUMNS: dict[str, tuple[str, str]] = {
    "run_id": ("VARCHAR PRIMARY KEY", "geowire run id (the Prefect flow run id when run by Prefect)"),
    "started_at": ("TIMESTAMPTZ NOT NULL", "start"),
    "finished_at": ("TIMESTAMPTZ", "end; NULL while running or if the run was killed"),
    "status": ("VARCHAR NOT NULL", "running, completed or failed"),
    "trigger": ("VARCHAR", "what started it: cli, demo, schedule, url"),
    "discovered": ("INTEGER", "URLs discovered"),
    "landed": ("INTEGER", "articles new or changed"),
    "unchanged": ("INTEGER", "articles fetched with no change"),
    "skipped": ("INTEGER", "URLs skipped, with a reason"),
    "failed": ("INTEGER", "URLs failed, with a reason"),
}

RUN_SOURCE_COLUMNS: dict[str, tuple[str, str]] = {
    "run_id": ("VARCHAR NOT NULL", "the run"),
    "source": ("VARCHAR NOT NULL", "the source"),
    "discovered": ("INTEGER", "URLs discovered"),
    "landed": ("INTEGER", "new or changed articles"),
    "unchanged": ("INTEGER", "fetched, unchanged"),
    "skipped": ("INTEGER", "skipped with a reason"),
    "failed": ("INTEGER", "failed with a reason"),
    "seconds": ("DOUBLE", "wall-clock seconds spent on the source"),
}

HISTORY_COLUMNS: dict[str, tuple[str, str]] = {
    "canonical_url": ("VARCHAR NOT NULL", "the article"),
    "version": ("INTEGER NOT NULL", "its version number"),
    "seen_at": ("TIMESTAMPTZ NOT NULL", "when this version was fetched"),
    "content_hash": ("VARCHAR NOT NULL", "hash of this version"),
    "title": ("VARCHAR", "headline of this version"),
    "body": ("VARCHAR", "text of this version"),
    "modified_at": ("TIMESTAMPTZ", "the publisher's modification time for this version"),
}

FEED_COLUMNS: dict[str, tuple[str, str]] = {
    "url": ("VARCHAR PRIMARY KEY", "a feed, sitemap or listing page URL a source is discovered from"),
    "source": ("VARCHAR NOT NULL", "source name"),
    "http_status": ("INTEGER", "status of the last fetch (304: unchanged since the one before)"),
    "etag": ("VARCHAR", "ETag of the last 200 response, for conditional GET"),
    "last_modified": ("VARCHAR", "Last-Modified of the last 200 response, for conditional GET"),
    "last_fetched_at": ("TIMESTAMPTZ NOT NULL", "when it was last fetched"),
    "last_changed_at": ("TIMESTAMPTZ", "when it last answered 200 (new content)"),
}

RAW_BLOB_COLUMNS: dict[str, tuple[str, str]] = {
    "sha256": ("VARCHAR PRIMARY KEY", "sha256 of the raw response body: the content address"),
    "content": ("BLOB NOT NULL", "the raw response body, zlib-compressed"),
    "size": ("INTEGER NOT NULL", "bytes before compression"),
    "stored_at": ("TIMESTAMPTZ NOT NULL", "when it was first stored"),
}

FETCH_COLUMNS: dict[str, tuple[str, str]] = {
    "url": ("VARCHAR NOT NULL", "the page's canonical URL (pages.url)"),
    "fetched_at": ("TIMESTAMPTZ NOT NULL", "when the response arrived"),
    "final_url": ("VARCHAR NOT NULL", "the URL that answered, after redirects"),
    "status": ("INTEGER NOT NULL", "HTTP status"),
    "headers": ("MAP(VARCHAR, VARCHAR)", "response headers, names lower-cased"),
    "encoding": ("VARCHAR", "the text encoding the body was decoded with"),
    "sha256": ("VARCHAR NOT NULL", "the body in raw_blobs"),
    "run_id": ("VARCHAR", "the run that fetched it"),
}

FETCH_SETTINGS_COLUMNS: dict[str, tuple[str, str]] = {
    # Added by migration 004. NULL rules: archived before geowire recorded these settings.
    "timezone": ("VARCHAR", "the source's timezone the page was read with (for dates printed without an offset)"),
    "language": ("VARCHAR", "the source's language setting the page was read with"),
    "rules": ("JSON", "the source's extraction rules ([source.rules]) the page was read with"),
}

LEASE_COLUMNS: dict[str, tuple[str, str]] = {
    "url": ("VARCHAR PRIMARY KEY", "a queued page (pages.url) handed to one worker"),
    "source": ("VARCHAR NOT NULL", "its source: a source is worked on by one worker at a time"),
    "owner": ("VARCHAR NOT NULL", "the worker holding it: host:pid:id"),
    "leased_at": ("TIMESTAMPTZ NOT NULL", "when the worker took it"),
    "leased_until": ("TIMESTAMPTZ NOT NULL", ("when the lease lapses unless renewed: a dead worker's pages "
                     "go to another worker after this")),
}

REJECT_COLUMNS: dict[str, tuple[str, str]] = {
    "url": ("VARCHAR NOT NULL", "the page's canonical URL"),
    "source": ("VARCHAR NOT NULL", "source name"),
    "reason": ("VARCHAR NOT NULL", ("the contract rule it broke: contract.no_title, contract.body_too_short, "
                                    "contract.boilerplate, contract.future_date, extract.empty_body")),
    "detail": ("VARCHAR", "what exactly was wrong"),
    "record": ("JSON", "the extracted record as it was, for inspection"),
    "rejected_at": ("TIMESTAMPTZ NOT NULL", "when"),
    "run_id": ("VARCHAR", "the run"),
}

TABLES: dict[str, tuple[str, dict[str, tuple[str, str]], str]] = {
    "articles": ("one row per canonical article", ARTICLE_COLUMNS, ""),
    "pages": ("one row per URL ever discovered, with its last recorded state", PAGE_COLUMNS, ""),
    "runs": ("one row per scrape run, with its counts", RUN_COLUMNS, ""),
    "run_sources": ("per run and source counts", RUN_SOURCE_COLUMNS, ", PRIMARY KEY (run_id, source)"),
    "article_history": ("every content version of every article", HISTORY_COLUMNS,
                        ", PRIMARY KEY (canonical_url, version)"),
    "feeds": ("feeds, sitemaps and listing pages read during discovery, with their validators", FEED_COLUMNS, ""),
    "raw_blobs": ("raw response bodies, compressed and content-addressed (provenance, re-extraction)",
                  RAW_BLOB_COLUMNS, ""),
    "fetches": ("one row per archived HTTP response: headers, time and the body's address", FETCH_COLUMNS,
                ", PRIMARY KEY (url, fetched_at)"),
    "rejects": ("records that broke the data contract, kept for inspection instead of landing", REJECT_COLUMNS,
                ", PRIMARY KEY (url, rejected_at)"),
    "leases": ("queued pages a worker is fetching right now; a row goes when its page lands or its lease lapses",
               LEASE_COLUMNS, ""),
}
# The raw archive's tables live in their own file (storage.db), attached as `archive`.
ARCHIVE_TABLES = ("raw_blobs", "fetches")


def create_table(con: duckdb.DuckDBPyConnection, name: str, catalog: str | None = None) -> None:
    """CREATE TABLE from the column catalogue above, with COMMENT ON for every column (in the
    connection's own file, or in the attached file ``catalog``)."""
    meaning, columns, extra = TABLES[name]
    create_documented_table(con, f"{catalog}.main.{name}" if catalog else name, meaning, columns, extra)


def _m001_initial(con: duckdb.DuckDBPyConnection) -> None:
    for name in ("articles", "pages", "runs", "run_sources", "article_history", "feeds", "raw_blobs", "fetches",
                 "rejects"):
        create_table(con, name)
    con.execute("CREATE INDEX IF NOT EXISTS pages_source_queued ON pages (source, queued_at)")


# Columns added to ``articles`` after 001_initial, each by its own migration below.
_AUTHORS_FROM = ("where the authors came from: rules (site/theme selectors), text (a 'By …' line opening the "
                 "article), jsonld, meta, byline")
AUTHORS_FROM_COLUMN = {"authors_from": ("VARCHAR", _AUTHORS_FROM)}

# Added to ``pages`` by migration 014.
_LISTED_AT = ("listing_date as an instant (UTC when it gave no offset; never after when it was listed): "
              "pages never fetched are fetched newest first")
LISTED_AT_COLUMN = {"listed_at": ("TIMESTAMPTZ", _LISTED_AT)}

# Every column of ``articles`` as the latest migration leaves it.
ALL_ARTICLE_COLUMNS = {**ARTICLE_COLUMNS, **AUTHORS_FROM_COLUMN}


def _m004_fetch_settings(con: duckdb.DuckDBPyConnection) -> None:
    """Each archived response records the settings its page was read with, so that re-extraction
    replays it under those (not under today's sources file, or none). (The archive file's own
    ``fetches`` gets the columns from ``move_archive``; a main file without one has nothing to do.)"""
    if "fetches" in _tables(con):
        add_documented_columns(con, f"{_own_catalog(con)}.main.fetches", FETCH_SETTINGS_COLUMNS)


def _m005_leases(con: duckdb.DuckDBPyConnection) -> None:
    create_table(con, "leases")


def _m006_archive_file(con: duckdb.DuckDBPyConnection) -> None:
    """The raw archive moved to its own file (``move_archive`` copied the rows first)."""
    own = _own_catalog(con)  # a bare or main. name could resolve to the archive's table
    for name in ARCHIVE_TABLES:
        con.execute(f"DROP TABLE IF EXISTS {own}.main.{name}")


def _m009_authors_from(con: duckdb.DuckDBPyConnection) -> None:
    add_documented_columns(con, "articles", AUTHORS_FROM_COLUMN)


def _m014_listed_at(con: duckdb.DuckDBPyConnection) -> None:
    """Pages are fetched newest first by their listing date: read it for the pages still waiting."""
    add_documented_columns(con, "pages", LISTED_AT_COLUMN)
    waiting = con.execute("SELECT url, listing_date FROM pages WHERE listing_date IS NOT NULL "
                          "AND queued_at IS NOT NULL AND last_fetched_at IS NULL").fetchall()
    now = datetime.now(UTC)
    dated = [(url, instant) for url, raw in waiting if (instant := listing_instant(raw, now)) is not None]
    if dated:
        con.execute("UPDATE pages SET listed_at = d.listed_at FROM (SELECT unnest(?::VARCHAR[]) AS url, "
                    "unnest(?::TIMESTAMPTZ[]) AS listed_at) d WHERE pages.url = d.url",
                    [[url for url, _ in dated], [instant for _, instant in dated]])


MIGRATIONS: list[tuple[str, Migration]] = [
    ("001_initial", _m001_initial),
    ("002_views", views.create_views),
    ("003_search_index", search.create_search_index),
    ("004_fetch_settings", _m004_fetch_settings),
    ("005_leases", _m005_leases),
    ("006_archive_file", _m006_archive_file),
    ("007_stories", stories.create_schema),
    ("008_enrichment", enrichment.create_schema),
    ("009_authors_from", _m009_authors_from),
    ("010_story_unsettled", stories.create_settling),
    ("011_story_sketches", stories.create_sketches),
    ("012_country_mentions", enrichment.create_country_view),
    ("013_story_columns", stories.create_columns),
    ("014_listed_at", _m014_listed_at),
    ("015_story_band_arrays", stories.create_band_arrays),
    ("016_sketches_from_text", stories.drop_sketches),
]
SCHEMA_VERSION = len(MIGRATIONS)


def _own_catalog(con: duckdb.DuckDBPyConnection) -> str:
    """The quoted catalog name of the connection's own file (DuckDB names it after the file)."""
    return '"' + str(scalar(con, "SELECT current_database()")).replace('"', '""') + '"'


def _tables(con: duckdb.DuckDBPyConnection, catalog: str | None = None) -> set[str]:
    """Tables of an attached file's main schema (default: the connection's own file)."""
    return {row[0] for row in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = coalesce(?, current_database()) "
        "AND schema_name = 'main'", [catalog]).fetchall()}


def move_archive(con: duckdb.DuckDBPyConnection) -> None:
    """Create the archive's tables in the attached ``archive`` file (with the columns migration 004
    added), and copy there the rows of a main file that still holds its own (written by an older
    geowire). Idempotent: a kill half-way copies again next time; migration 006 drops the main
    file's tables once this has run."""
    archived = _tables(con, "archive")
    leftover = [name for name in ARCHIVE_TABLES if name in _tables(con)]
    settled = "fetches" in archived and {row[0] for row in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE database_name = 'archive' AND table_name = 'fetches'"
    ).fetchall()} >= set(FETCH_SETTINGS_COLUMNS)
    if settled and set(ARCHIVE_TABLES) <= archived and not leftover:
        return
    with transaction_on(con):  # writes the archive file only: one transaction may write to one file
        for name in ARCHIVE_TABLES:
            if name not in archived:
                create_table(con, name, catalog="archive")
        add_documented_columns(con, "archive.main.fetches", FETCH_SETTINGS_COLUMNS)
        for name in leftover:
            con.execute(f"INSERT INTO archive.main.{name} BY NAME SELECT * FROM {_own_catalog(con)}.main.{name} "
                        "ON CONFLICT DO NOTHING")


def applied(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Names of the migrations already applied to this file; only reads (works on a read-only
    connection), and a file geowire never wrote has none."""
    try:
        return [row[0] for row in con.execute("SELECT name FROM schema_migrations ORDER BY name").fetchall()]
    except duckdb.CatalogException:
        return []


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply pending migrations in order, each in its own transaction; returns the names applied."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)"
    )
    done = set(applied(con))
    newly: list[str] = []
    for name, function in MIGRATIONS:
        if name in done:
            continue
        bandindex.forget()  # a migration changes tables in SQL, the story tables among them: no copy survives it
        with transaction_on(con):
            function(con)
            con.execute("INSERT INTO schema_migrations VALUES (?, now())", [name])
        newly.append(name)
    return newly
