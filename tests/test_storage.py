"""Landing into a real DuckDB file: schema, frontier, idempotent upserts, versions, run counts."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from scrapers.crawl import Outcome
from scrapers.errors import DatabaseBusy, HTTPStatusError
from scrapers.models import Article, Caption, CountryMention, Discovered, FeedRead, Weather
from storage import land as landing
from storage.db import Database, close_all
from storage.ddl import create_documented_table
from storage.enrichment import COUNTRY_COLUMNS
from storage.schema import SCHEMA_VERSION, TABLES

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=timezone(timedelta(hours=-5)))


def _article(url: str, body: str = "First paragraph.\n\nSecond paragraph.", title: str = "Summit ends") -> Article:
    return Article(url=url, canonical_url=url, title=title, authors=("Ana Ruiz",), published_at=T0,
                   published_from="jsonld", published_raw="2026-03-02T09:30:00-05:00", language="en",
                   body=body, captions=(Caption("Leaders pose", "Leah Millis/Reuters"),),
                   weather=Weather(47.5, "F", "New York", "47.5 F New York"))


def _landed(url: str, article: Article) -> Outcome:
    return Outcome(url=url, state="landed", http_status=200, attempts=1, fetched_at=datetime.now(UTC),
                   article=article)


def _discovered(*urls: str) -> list[Discovered]:
    return [Discovered(url=u, source="s", found_in="https://n.example/rss", via="feed",
                       published_raw="Mon, 02 Mar 2026 14:30:00 GMT") for u in urls]


def test_schema_is_created_documented_and_versioned(db_path: Path) -> None:
    db = Database(db_path)
    with db.read() as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        undocumented = con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'main' AND NOT internal "
            "AND table_name <> 'schema_migrations' AND (comment IS NULL OR comment = '')").fetchall()
        migrations = con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0]
    assert set(TABLES) <= tables
    assert undocumented == []
    assert migrations == SCHEMA_VERSION


def test_frontier_then_land_is_idempotent_and_tracks_versions(db_path: Path) -> None:
    db = Database(db_path)
    a, b = "https://n.example/2026/03/02/a", "https://n.example/2026/03/02/b"
    landing.start_run(db, "r1", "test")
    counts = landing.enqueue(db, "r1", "s", _discovered(a, b))
    assert counts.discovered == 2
    batch = landing.next_batch(db, "s", 10)
    assert {t.url for t in batch} == {a, b}
    assert batch[0].hints == (("feed", "Mon, 02 Mar 2026 14:30:00 GMT"),)
    counts = landing.land(db, "r1", "s", [_landed(a, _article(a)), _landed(b, _article(b))])
    assert (counts.landed, counts.unchanged) == (2, 0)
    assert landing.next_batch(db, "s", 10) == []

    # Second run: same content for a, b edited -> a unchanged, b updated in place as version 2.
    landing.enqueue(db, "r2", "s", _discovered(a, b))
    counts = landing.land(db, "r2", "s", [_landed(a, _article(a)),
                                          _landed(b, _article(b, body="First paragraph.\n\nCorrected."))])
    assert (counts.landed, counts.unchanged) == (1, 1)
    with db.read() as con:
        rows = con.execute("SELECT canonical_url, version, body, published_local, weather.temperature_c, "
                           "captions[1].credit FROM articles ORDER BY 1").fetchall()
        history = con.execute("SELECT canonical_url, version FROM article_history ORDER BY 1, 2").fetchall()
        states = dict(con.execute("SELECT url, state FROM pages").fetchall())
    assert len(rows) == 2
    assert rows[0][1:] == (1, "First paragraph.\n\nSecond paragraph.", "2026-03-02T09:30:00-05:00", 8.6,
                           "Leah Millis/Reuters")
    assert rows[1][1:3] == (2, "First paragraph.\n\nCorrected.")
    assert history == [(a, 1), (b, 1), (b, 2)]
    assert states == {a: "unchanged", b: "landed"}


def test_duplicates_within_one_batch_land_once(db_path: Path) -> None:
    db = Database(db_path)
    url = "https://n.example/2026/03/02/a"
    counts = landing.land(db, "r", "s", [_landed(url, _article(url)), _landed(url + "?x=1", _article(url))])
    assert counts.landed == 1 and counts.unchanged == 1
    with db.read() as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
        assert con.execute("SELECT reason FROM pages WHERE url = ?", [url + "?x=1"]).fetchone()[0] == \
            "dedupe.same_article"


def test_failures_and_skips_are_recorded_with_reasons(db_path: Path) -> None:
    db = Database(db_path)
    error = HTTPStatusError("404 Not Found", status=404, url="https://n.example/gone")
    landing.enqueue(db, "r", "s", [Discovered(url="https://n.example/video/1", source="s", found_in="feed",
                                              skip_reason="discover.out_of_pattern")],
                    failures=[("https://n.example/rss", error)])
    counts = landing.land(db, "r", "s", [
        Outcome(url="https://n.example/gone", state="failed", reason=error.reason, detail=str(error),
                http_status=404, attempts=1),
        Outcome(url="https://n.example/tag/x", state="skipped", reason="extract.not_article", http_status=200,
                attempts=1),
    ])
    assert (counts.failed, counts.skipped) == (1, 1)
    with db.read() as con:
        rows = {r[0]: r[1:] for r in con.execute("SELECT url, state, reason, http_status FROM pages").fetchall()}
    assert rows["https://n.example/gone"] == ("failed", "fetch.http_status", 404)
    assert rows["https://n.example/tag/x"] == ("skipped", "extract.not_article", 200)
    assert rows["https://n.example/video/1"] == ("skipped", "discover.out_of_pattern", None)
    assert rows["https://n.example/rss"][:2] == ("failed", "fetch.http_status")


def test_run_counts_sum_over_sources(db_path: Path) -> None:
    db = Database(db_path)
    landing.start_run(db, "r", "test")
    landing.record_source(db, "r", "a", landing.Counts(discovered=3, landed=2, failed=1, seconds=1.0))
    landing.record_source(db, "r", "b", landing.Counts(discovered=1, unchanged=1, seconds=1.0))
    landing.finish_run(db, "r", "completed")
    with db.read() as con:
        row = con.execute("SELECT status, discovered, landed, unchanged, failed FROM runs").fetchone()
    assert row == ("completed", 4, 2, 1, 1)


def test_a_locked_working_file_gives_a_clear_error_after_the_busy_timeout(db_path: Path) -> None:
    Database(db_path).publish()
    close_all()  # this process lets go of the working file, which the other one then holds
    holder = subprocess.Popen([sys.executable, "-c", (
        "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('locked', flush=True); time.sleep(30)"),
        str(Database(db_path).work_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(DatabaseBusy, match="locked by another process"), Database(db_path, busy_timeout=0.5).write():
            pass
    finally:
        holder.kill()
        holder.wait()
    with Database(db_path).write() as con:  # released: works again
        assert con.execute("SELECT 1").fetchone() == (1,)


def test_an_unchanged_feed_requeues_what_it_listed_and_passing_failures_only(db_path: Path) -> None:
    db = Database(db_path)
    feed = "https://n.example/rss"
    ok, flaky, gone = ("https://n.example/2026/03/02/ok", "https://n.example/2026/03/02/flaky",
                       "https://n.example/2026/03/02/gone")
    listed = [Discovered(url=u, source="s", found_in=feed, via="feed") for u in (ok, flaky, gone)]
    landing.enqueue(db, "r1", "s", listed, read={feed: FeedRead(200, '"f1"', None, datetime.now(UTC))})
    landing.land(db, "r1", "s", [
        _landed(ok, _article(ok)),
        Outcome(url=flaky, state="failed", reason="fetch.http_status", http_status=503, attempts=3),
        Outcome(url=gone, state="failed", reason="fetch.http_status", http_status=404, attempts=1),
    ])
    assert {url: (state.etag, state.last_modified) for url, state in landing.feed_states(db, "s").items()} == {
        feed: ('"f1"', None)}
    first_read = landing.feed_states(db, "s")[feed].read_at
    landing.enqueue(db, "r2", "s", [], read={feed: FeedRead(304, None, None, datetime.now(UTC))})  # it did not change
    assert {t.url for t in landing.next_batch(db, "s", 10)} == {ok, flaky}
    states = landing.feed_states(db, "s")
    assert {url: (state.etag, state.last_modified) for url, state in states.items()} == {feed: ('"f1"', None)}, \
        "a 304 keeps the validators"
    assert states[feed].read_at > first_read, "and says the feed was read again"


def test_a_feed_counts_as_read_when_it_was_fetched_not_when_the_discovery_was_recorded(db_path: Path) -> None:
    """The next run skips a nested sitemap its index dates before our last read of it (``scrapers.discover``):
    that read is the fetch, not the end of a long discovery, when a sitemap changed meanwhile was not read."""
    db = Database(db_path)
    index, sitemap = "https://n.example/sitemap.xml", "https://n.example/sitemap-2026-03.xml"
    fetched = datetime.now(UTC) - timedelta(minutes=20)  # a discovery that took twenty minutes
    landing.enqueue(db, "r1", "s", [], read={index: FeedRead(200, None, None, fetched),
                                             sitemap: FeedRead(200, '"m1"', None, fetched + timedelta(minutes=19))})
    states = landing.feed_states(db, "s")
    assert states[index].read_at == fetched and states[sitemap].read_at == fetched + timedelta(minutes=19)
    landing.enqueue(db, "r2", "s", [], read={sitemap: FeedRead(304, None, None, fetched + timedelta(minutes=30))})
    state = landing.feed_states(db, "s")[sitemap]
    assert (state.etag, state.last_modified, state.read_at) == ('"m1"', None, fetched + timedelta(minutes=30))


def test_a_new_day_in_the_header_widgets_is_not_a_change(db_path: Path) -> None:
    from datetime import date

    db = Database(db_path)
    url = "https://n.example/2026/03/02/a"
    landing.land(db, "r1", "s", [_landed(url, _article(url).replace(page_date=date(2026, 3, 2)))])
    tomorrow = _article(url).replace(page_date=date(2026, 3, 3), weather=Weather(12.0, "C", "New York", "12 C"))
    counts = landing.land(db, "r2", "s", [_landed(url, tomorrow)])
    assert (counts.landed, counts.unchanged) == (0, 1)
    with db.read() as con:
        assert con.execute("SELECT version, page_date FROM articles").fetchone() == (1, date(2026, 3, 2))


def _tagged(url: str, body: str, *countries: CountryMention) -> Article:
    return _article(url, body).replace(countries=countries)


def test_country_rows_of_an_older_geowire_move_into_the_articles_and_read_the_same(db_path: Path) -> None:
    """A file written before 012_country_mentions kept article_countries as a table: opening it moves
    each article's rows into its ``country_mentions`` (in the order of ``countries``), and the view of the
    same name answers as the table did; an article landed again with other countries replaces its own."""
    db = Database(db_path)
    ua, ru, de = CountryMention("UA", 4, True, True), CountryMention("RU", 2), CountryMention("DE", 2, True)
    now = datetime(2026, 3, 11, tzinfo=UTC)
    first = _tagged("https://a.example/1", "Kyiv said. Moscow said.\n\nBerlin said.", ua, ru, de)
    second = _tagged("https://a.example/2", "Nothing about places.\n\nStill nothing.")
    with db.write() as con:
        landing.write_articles(con, "a", [(first, now), (second, now)])
        rows = con.execute("SELECT * FROM article_countries ORDER BY ALL").fetchall()
        # the layout of 008_enrichment: a table of its own, no column in articles
        con.execute("CREATE TEMP TABLE kept AS SELECT * FROM article_countries")
        con.execute("DROP VIEW article_countries")
        create_documented_table(con, "article_countries", "old", COUNTRY_COLUMNS, ", PRIMARY KEY (canonical_url, country)")
        con.execute("INSERT INTO article_countries SELECT * FROM kept ORDER BY country")  # stored in another order
        con.execute("ALTER TABLE articles DROP COLUMN country_mentions")
        con.execute("DELETE FROM schema_migrations WHERE name = '012_country_mentions'")
    close_all()
    with Database(db_path).read() as con:  # a new process opening it migrates
        assert con.execute("SELECT * FROM article_countries ORDER BY ALL").fetchall() == rows
        assert len(rows) == 3 and ("https://a.example/1", "UA", 4, True, True, first.published_day) in rows
        assert con.execute("SELECT country FROM article_countries").fetchall() == [("UA",), ("RU",), ("DE",)]
        assert con.execute("SELECT table_type FROM information_schema.tables WHERE table_name = 'article_countries'"
                           ).fetchone() == ("VIEW",)
    edited = _tagged("https://a.example/1", "Paris said.\n\nNothing else.", CountryMention("FR", 1))
    with db.write() as con:
        landing.write_articles(con, "a", [(edited, now)])
        assert con.execute("SELECT canonical_url, country, mentions FROM article_countries").fetchall() == [
            ("https://a.example/1", "FR", 1)]


def _listed(url: str, date: str | None, via: str = "sitemap") -> Discovered:
    return Discovered(url=url, source="s", found_in=f"https://n.example/{via}", via=via,  # type: ignore[arg-type]
                      published_raw=date)


# Listing dates as feeds and sitemaps write them: RFC 822 with zones and offsets, W3C datetimes with and
# without an offset, bare days; and entries with no date or one nobody can read. Newest instant first.
_NEWEST_FIRST = [
    ("https://n.example/f", "Mon, 02 Mar 2026 23:30:00 -0500", "feed"),  # 2026-03-03 04:30 UTC
    ("https://n.example/e", "2026-03-03T09:00:00+05:30", "sitemap"),     # 2026-03-03 03:30 UTC
    ("https://n.example/d", "2026-03-03T03:00:00Z", "sitemap"),
    ("https://n.example/c", "2026-03-02", "sitemap"),                    # a day: its start, in UTC
    ("https://n.example/b", "Sun, 01 Mar 2026 10:00:00 GMT", "feed"),
    ("https://n.example/a", "2019-07-14T08:00:00+02:00", "sitemap"),     # the archive
]
_UNDATED = [("https://n.example/u1", None, "listing"), ("https://n.example/u2", "not a date", "feed")]


def test_pages_never_fetched_are_leased_newest_listing_date_first(db_path: Path) -> None:
    """A run cut short by max_pages gets the news, not the archive: never-fetched pages are leased by
    their listing date as an instant, newest first, dated before undated; a later listing of the same
    URL without a date keeps the date known."""
    db = Database(db_path)
    entries = _NEWEST_FIRST + _UNDATED
    shuffled = [entries[i] for i in (6, 5, 3, 0, 7, 4, 1, 2)]  # the URLs sort the other way
    landing.enqueue(db, "r1", "s", [_listed(url, date, via) for url, date, via in shuffled])
    landing.enqueue(db, "r1", "s", [_listed("https://n.example/f", None, "listing")])  # seen again, undated
    first = landing.next_batch(db, "s", 3)
    assert [t.url for t in first] == [url for url, _, _ in _NEWEST_FIRST[:3]]
    rest = [t.url for t in landing.next_batch(db, "s", 100)]
    assert rest[:3] == [url for url, _, _ in _NEWEST_FIRST[3:]]
    assert sorted(rest[3:]) == [url for url, _, _ in _UNDATED]


def test_a_listing_date_ahead_of_now_is_believed_only_up_to_now(db_path: Path) -> None:
    """A feed that dates its items in the future (a zone misread, a template, a scheduled post) must not
    have them fetched before the source's news on every short run: a few hours ahead counts as now,
    years ahead as no date; the date as written stays in listing_date."""
    db = Database(db_path)
    now = datetime.now(UTC)
    soon = (now + timedelta(hours=3)).strftime("%a, %d %b %Y %H:%M:%S +0000")  # RFC 822, as a feed writes it
    today = (now - timedelta(hours=1)).isoformat(timespec="seconds")
    entries = [("https://n.example/far", "2099-01-01T00:00:00Z", "sitemap"), ("https://n.example/soon", soon, "feed"),
               ("https://n.example/today", today, "sitemap"), *_NEWEST_FIRST[-2:], *_UNDATED[:1]]
    landing.enqueue(db, "r1", "s", [_listed(url, date, via) for url, date, via in entries])
    order = [t.url for t in landing.next_batch(db, "s", 100)]
    assert order[:4] == ["https://n.example/soon", "https://n.example/today", *(u for u, _, _ in _NEWEST_FIRST[-2:])]
    assert sorted(order[4:]) == ["https://n.example/far", _UNDATED[0][0]]
    with db.read() as con:
        assert con.execute("SELECT listing_date, listed_at FROM pages WHERE url = 'https://n.example/far'"
                           ).fetchone() == ("2099-01-01T00:00:00Z", None)
        listed = con.execute("SELECT listed_at FROM pages WHERE url = 'https://n.example/soon'").fetchone()[0]
    assert now <= listed <= datetime.now(UTC)


def test_a_failed_nested_sitemap_is_recorded_as_found_in_its_index(db_path: Path) -> None:
    """Where a failed feed or sitemap was listed tells the user what to fix: the sources file, or the
    sitemap index that names a child that no longer exists."""
    db = Database(db_path)
    gone = HTTPStatusError("404 Not Found", status=404, url="https://n.example/sitemap-2019.xml")
    landing.enqueue(db, "r", "s", [], failures=[("https://n.example/sitemap-2019.xml", gone),
                                                ("https://n.example/rss", gone)],
                    listed_in={"https://n.example/sitemap-2019.xml": "https://n.example/sitemap-index.xml"})
    with db.read() as con:
        assert dict(con.execute("SELECT url, found_in FROM pages").fetchall()) == {
            "https://n.example/sitemap-2019.xml": "https://n.example/sitemap-index.xml",
            "https://n.example/rss": "sources file"}


def _as_before_listed_at(db: Database) -> None:
    """Turn the file back into one written before 014_listed_at (the dates only as written), and close it:
    the next open migrates it."""
    with db.write() as con:
        con.execute("DELETE FROM leases")
        con.execute("DROP INDEX pages_source_queued")  # an index on a table keeps its columns
        con.execute("ALTER TABLE pages DROP COLUMN listed_at")
        con.execute("CREATE INDEX pages_source_queued ON pages (source, queued_at)")
        con.execute("DELETE FROM schema_migrations WHERE name = '014_listed_at'")
    close_all()


def test_an_older_file_reads_the_listing_dates_of_the_pages_still_waiting(db_path: Path) -> None:
    """A file written before 014_listed_at has only the dates as written: opening it reads them for the
    pages still queued, so they are leased newest first too."""
    db = Database(db_path)
    landing.enqueue(db, "r1", "s", [_listed(url, date, via) for url, date, via in reversed(_NEWEST_FIRST)])
    _as_before_listed_at(db)
    reopened = Database(db_path)
    assert [t.url for t in landing.next_batch(reopened, "s", 100)] == [url for url, _, _ in _NEWEST_FIRST]


# .NET's DateTime.MinValue and a placeholder 'never' written with the site's offset: as instants they fall
# outside the years Python's datetime holds.
_OUT_OF_RANGE = [("https://n.example/min", "0001-01-01T00:00:00+05:30", "sitemap"),
                 ("https://n.example/max", "9999-12-31T23:00:00-05:00", "sitemap"),
                 ("https://n.example/rfc", "Fri, 31 Dec 9999 23:59:59 -1200", "feed")]


def test_a_listing_date_beyond_the_calendar_is_undated_not_a_lost_listing(db_path: Path) -> None:
    """A listing date whose UTC instant is out of range queues its page as undated (after the dated ones)
    instead of losing the source's whole listing; an older file holding one still opens (014_listed_at)."""
    db = Database(db_path)
    dated = _NEWEST_FIRST[:2]
    landing.enqueue(db, "r1", "s", [_listed(url, date, via) for url, date, via in _OUT_OF_RANGE + dated])
    assert [t.url for t in landing.next_batch(db, "s", 2)] == [url for url, _, _ in dated]
    assert sorted(t.url for t in landing.next_batch(db, "s", 100)) == sorted(url for url, _, _ in _OUT_OF_RANGE)
    _as_before_listed_at(db)  # the pages still waiting, in a file written before 014_listed_at
    reopened = Database(db_path)
    assert [t.url for t in landing.next_batch(reopened, "s", 2)] == [url for url, _, _ in dated]
