"""End to end: the real scrape flow (Prefect) against the real demo sites, into a real DuckDB file."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from flows.demo_sites import DemoArticle, DemoSites
from flows.scrape import RunSummary, scrape
from scrapers.urls import canonicalize_url
from storage.db import Database


def _run(sources: Path, db_path: Path) -> RunSummary:
    return asyncio.run(scrape(sources_path=str(sources), db_path=str(db_path), trigger="demo",
                              allow_private_addresses=True))


@pytest.fixture(scope="module")
def two_runs(prefect_harness: object, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Run the flow twice against the demo sites (edition 0, then edition 1), snapshotting the DB."""
    tmp = tmp_path_factory.mktemp("e2e")
    db_path = tmp / "geowire.duckdb"
    with DemoSites(edition=0) as sites:
        sources = sites.write_sources(tmp / "sources.toml")
        catalogue0 = sites.catalogue
        first = _run(sources, db_path)
        with Database(db_path).read() as con:
            before = {r[0]: r[1:] for r in con.execute(
                "SELECT canonical_url, content_hash, version, last_seen_at FROM articles").fetchall()}
        sites.edition = 1
        catalogue1 = sites.catalogue
        second = _run(sources, db_path)
    return {"db": Database(db_path), "first": first, "second": second, "before": before,
            "catalogue0": catalogue0, "catalogue1": catalogue1}


def _articles(db: Database) -> dict[str, dict[str, Any]]:
    with db.read() as con:
        result = con.execute("SELECT * FROM articles")
        names = [d[0] for d in result.description]
        return {row[0]: dict(zip(names, row, strict=True)) for row in result.fetchall()}


def test_every_demo_article_lands_once_per_source(two_runs: dict) -> None:
    catalogue: list[DemoArticle] = two_runs["catalogue0"]
    articles = _articles(two_runs["db"])
    expected = Counter(a.source for a in catalogue)
    assert Counter(a["source"] for a in articles.values()) == expected
    assert set(articles) == {canonicalize_url(a.url) for a in catalogue}
    first = two_runs["first"].per_source
    assert {name: c.landed for name, c in first.items()} == dict(expected)


def test_records_are_clean(two_runs: dict) -> None:
    articles = _articles(two_runs["db"])
    problems = []
    for expected in two_runs["catalogue1"]:
        got = articles[canonicalize_url(expected.url)]
        if got["title"] != expected.title:
            problems.append(f"{expected.url}: title {got['title']!r} != {expected.title!r}")
        if [a.casefold() for a in got["authors"]] != [a.casefold() for a in expected.authors]:
            problems.append(f"{expected.url}: authors {got['authors']} != {list(expected.authors)}")
        if got["published_local"] != expected.published:
            problems.append(f"{expected.url}: published {got['published_local']} != {expected.published}")
        for paragraph in expected.paragraphs:
            if paragraph not in got["body"]:
                problems.append(f"{expected.url}: body lacks {paragraph[:50]!r}")
        for chrome in expected.must_not_contain:
            if chrome in got["body"] or chrome in (got["title"] or ""):
                problems.append(f"{expected.url}: site chrome {chrome!r} leaked into body/title")
        for caption in expected.captions:
            if caption.text in got["body"]:
                problems.append(f"{expected.url}: caption {caption.text[:40]!r} left in the body")
    assert not problems, "\n".join(problems)


def test_header_widgets_are_kept_apart_and_the_date_bar_is_not_the_publication_date(two_runs: dict) -> None:
    with two_runs["db"].read() as con:
        rows = con.execute("SELECT page_date, published_day, weather.city, weather.temperature_c FROM articles "
                           "WHERE source = 'meridian'").fetchall()
    assert rows
    assert all(city == "New York" and temperature is not None for _, _, city, temperature in rows)
    today = datetime.now().date()
    assert all(page_date is not None and abs((page_date - today).days) <= 1 for page_date, *_ in rows)
    assert all(published_day != page_date for page_date, published_day, *_ in rows)


def test_rerun_is_idempotent_and_updates_the_changed_story(two_runs: dict) -> None:
    before: dict = two_runs["before"]
    articles = _articles(two_runs["db"])
    assert len(articles) == len(before)
    changed = {canonicalize_url(a.url) for a in two_runs["catalogue1"] if a.changes_in_edition}
    assert changed
    for url, (old_hash, old_version, old_seen) in before.items():
        row = articles[url]
        assert row["last_seen_at"] > old_seen
        if url in changed:
            assert row["content_hash"] != old_hash and row["version"] == old_version + 1
        else:
            assert row["content_hash"] == old_hash and row["version"] == old_version
    second = two_runs["second"].total
    assert second.landed == len(changed)
    assert second.unchanged == len(before) - len(changed)
    edited = next(a for a in two_runs["catalogue1"] if a.changes_in_edition)
    assert articles[canonicalize_url(edited.url)]["title"] == edited.title
    with two_runs["db"].read() as con:
        versions = con.execute("SELECT count(*) FROM article_history WHERE canonical_url = ?",
                               [canonicalize_url(edited.url)]).fetchone()[0]
    assert versions == 2


def test_stories_link_the_copies_across_demo_sites(two_runs: dict) -> None:
    """The wire story carried by meridian, its rewrite and broadcast's story spun by meridian: one
    story each, the first publisher as original; every other demo article a story of its own."""
    with two_runs["db"].read() as con:
        rows = con.execute("""
            SELECT a.source, a.title, s.relation, s.story_id FROM story_members s JOIN articles a USING (canonical_url)
            WHERE s.story_id IN (SELECT story_id FROM stories WHERE members > 1) ORDER BY s.story_id, s.published_at
            """).fetchall()
        stories = con.execute("SELECT count(*) FROM stories").fetchone()[0]
        articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    carried: dict[int, list[tuple[str, str]]] = {}
    for source, _title, relation, story in rows:
        carried.setdefault(story, []).append((source, relation))
    assert sorted(carried.values()) == sorted([
        [("wire", "original"), ("meridian", "copy")], [("wire", "original"), ("meridian", "rewrite")],
        [("broadcast", "original"), ("meridian", "spun")]])
    assert stories == articles - 3


def test_datelines_agencies_countries_and_the_correction_are_recorded(two_runs: dict) -> None:
    corrected = next(a for a in two_runs["catalogue1"] if a.corrections)
    with two_runs["db"].read() as con:
        datelines = con.execute("SELECT dateline_place, agency FROM articles WHERE source = 'wire' "
                                "ORDER BY published_at").fetchall()
        countries = dict(con.execute(
            "SELECT country, mentions FROM article_countries WHERE canonical_url = ?", [canonicalize_url(
                next(a for a in two_runs["catalogue1"] if "hydrogen" in a.title and a.source == "wire").url)]
        ).fetchall())
        versions = con.execute("SELECT version, corrected, corrections FROM article_versions WHERE canonical_url = ? "
                               "ORDER BY version", [canonicalize_url(corrected.url)]).fetchall()
        body, notices = con.execute("SELECT body, corrections FROM articles WHERE canonical_url = ?",
                                    [canonicalize_url(corrected.url)]).fetchone()
    assert datelines and all(agency == "CPW" and place for place, agency in datelines)
    assert countries.keys() >= {"DE", "NO"} and countries["DE"] >= 2
    assert versions == [(1, False, []), (2, True, list(corrected.corrections))]
    assert notices == list(corrected.corrections) and corrected.corrections[0] not in body


def test_every_url_ends_in_a_recorded_state(two_runs: dict) -> None:
    with two_runs["db"].read() as con:
        states = con.execute("SELECT state, reason, http_status, url FROM pages").fetchall()
        runs = con.execute("SELECT status, landed, trigger FROM runs ORDER BY started_at").fetchall()
    assert all(state in ("landed", "unchanged", "skipped", "failed") for state, *_ in states), states
    assert any(state == "failed" and reason == "fetch.http_status" and status == 404
               for state, reason, status, _ in states), "the 404 is recorded"
    assert any(state == "skipped" and reason == "extract.not_article" for state, reason, *_ in states), \
        "the tag listing is recorded as not an article"
    assert not any("utm_" in url for *_, url in states), "tracking variants are merged onto the article"
    assert [r[0] for r in runs] == ["completed", "completed"]


def test_each_run_publishes_its_summary_artifacts(two_runs: dict) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    async def read() -> list:
        async with get_client() as client:
            return await client.read_artifacts(artifact_filter=ArtifactFilter(
                key=ArtifactFilterKey(any_=["scrape-summary", "scrape-report"])))

    runs = {two_runs["first"].run_id, two_runs["second"].run_id}
    artifacts = [a for a in asyncio.run(read()) if str(a.flow_run_id) in runs]
    tables = [a for a in artifacts if a.key == "scrape-summary"]
    reports = [a for a in artifacts if a.key == "scrape-report"]
    assert len(tables) == 2 and len(reports) == 2
    assert all("meridian" in str(table.data) and '"seconds"' in str(table.data) for table in tables)
    assert any("`fetch.http_status` | 1 |" in str(report.data) for report in reports), "the 404, by reason"


def test_adhoc_urls_of_every_kind(prefect_harness: object, tmp_path: Path) -> None:
    """`geowire run --url`: a feed, a sitemap index, a listing page and an article, told apart from
    the responses themselves, land under a source named after the host."""
    db_path = tmp_path / "adhoc.duckdb"
    with DemoSites() as sites:
        catalogue = sites.catalogue
        article = next(a for a in catalogue if a.source == "wire")
        urls = [f"{sites.base_url}/broadcast/rss/allArticle.xml", f"{sites.base_url}/wire/sitemap-index.xml",
                f"{sites.base_url}/meridian/category/middle-east/", article.url]
        settings = tmp_path / "settings.toml"  # ad-hoc runs take only [defaults] from a sources file
        settings.write_text("[defaults]\nhost_delay = 0\nper_host_concurrency = 8\n", encoding="utf-8")
        summary = asyncio.run(scrape(sources_path=str(settings), db_path=str(db_path), urls=urls,
                                     trigger="url", allow_private_addresses=True))
    assert list(summary.per_source) == ["127.0.0.1"]
    articles = _articles(Database(db_path))
    expected = {canonicalize_url(a.url) for a in catalogue if a.source in ("broadcast", "wire")}
    assert expected <= set(articles), "every article of the feed and the sitemap landed"
    assert canonicalize_url(article.url) in articles
    meridian = {url for url in articles if "/meridian/" in url}
    assert meridian, "articles linked from the listing page landed"
    assert all(row["source"] == "127.0.0.1" for row in articles.values())
    with Database(db_path).read() as con:
        listing_state = con.execute("SELECT state, reason FROM pages WHERE url LIKE '%/category/middle-east'"
                                    ).fetchone()
    assert listing_state == ("skipped", "discover.listing")


def test_one_broken_source_does_not_stop_the_others(prefect_harness: object, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A source whose batches cannot be landed (forced: the database refusing one source's writes
    is otherwise unreachable here) fails alone; the run records it and the others land."""
    from flows.scrape import SourceFailed
    from scrapers.errors import StorageError
    from storage import land as landing

    real_land = landing.land

    def refuse_wire(db: Database, run_id: str, source: str, outcomes: list, *settings: object) -> object:
        if source == "wire":
            raise StorageError("disk full (simulated)")
        return real_land(db, run_id, source, outcomes, *settings)

    monkeypatch.setattr(landing, "land", refuse_wire)
    db_path = tmp_path / "broken.duckdb"
    with DemoSites() as sites:
        sources = sites.write_sources(tmp_path / "sources.toml")
        with pytest.raises(SourceFailed, match=r"wire .*disk full"):
            asyncio.run(scrape(sources_path=str(sources), db_path=str(db_path), only=["meridian", "wire"],
                               trigger="cli", allow_private_addresses=True))
    with Database(db_path).read() as con:
        per_source = dict(con.execute("SELECT source, count(*) FROM articles GROUP BY source").fetchall())
        queued = con.execute("SELECT count(*) FROM pages WHERE source = 'wire' AND state = 'queued'").fetchone()[0]
        status = con.execute("SELECT status FROM runs").fetchone()[0]
    assert per_source.get("meridian", 0) > 0 and "wire" not in per_source
    assert queued > 0, "the broken source's URLs stay queued for the next run"
    assert status == "failed"
