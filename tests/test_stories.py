"""Stories in a real DuckDB file: assigned as batches land, never by re-clustering."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from test_similarity import REWRITE, SAME_TOPIC, SPUN, WIRE
from test_similarity_facts import _old_blob, _reports

from scrapers.models import Article
from storage import bandindex, stories
from storage import land as landing
from storage.db import Database, close_all
from storage.ddl import create_documented_table
from storage.land import write_articles

T0 = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)


def _article(url: str, body: str, hours: float, title: str = "Russia strikes Ukraine's grid",
             language: str = "en") -> Article:
    return Article(url=url, canonical_url=url, title=title, body=body, language=language,
                   published_at=T0 + timedelta(hours=hours))


def _land(db: Database, source: str, *articles: Article) -> None:
    with db.write() as con:
        write_articles(con, source, [(a, T0 + timedelta(days=1)) for a in articles])


def _members(db: Database) -> dict[str, tuple[int, str]]:
    with db.read() as con:
        return {url: (story, relation) for url, story, relation in con.execute(
            "SELECT canonical_url, story_id, relation FROM story_members").fetchall()}


@pytest.fixture()
def db(db_path: Path) -> Database:
    return Database(db_path)


def test_copies_rewrites_and_spun_copies_join_the_original_and_other_stories_stay_apart(db: Database) -> None:
    _land(db, "wire", _article("https://wire.example/a", WIRE, 0))
    _land(db, "farm", _article("https://farm.example/b", SPUN, 5), _article("https://daily.example/c", REWRITE, 2),
          _article("https://other.example/d", SAME_TOPIC, 1))
    members = _members(db)
    story = members["https://wire.example/a"][0]
    assert members["https://wire.example/a"] == (story, "original")
    assert members["https://farm.example/b"] == (story, "spun")
    assert members["https://daily.example/c"] == (story, "rewrite")
    assert members["https://other.example/d"][0] != story
    with db.read() as con:
        row = con.execute("SELECT members, sources, original_source, original_url, copies, rewrites, spun "
                          "FROM stories WHERE story_id = ?", [story]).fetchone()
    assert row == (3, 2, "wire", "https://wire.example/a", 0, 1, 1)


# Arabic too: its function words (scrapers/function_words.toml) give its texts a skeleton, so bands.
@pytest.mark.parametrize("frame", ["en-market", "en-football", "es", "de", "ar"])
def test_reports_told_in_one_template_are_different_stories_each_joined_by_its_copies(db: Database,
                                                                                   frame: str) -> None:
    language, first, second, spun = _reports(frame)
    _land(db, "desk", _article("https://desk.example/monday", first, 0, "Report", language),
          _article("https://desk.example/tuesday", second, 24, "Report", language))
    _land(db, "farm", _article("https://farm.example/a", spun, 3, "Report", language),
          _article("https://wire.example/b", second + "\n\nShare this article", 25, "Report", language))
    members = _members(db)
    assert members["https://farm.example/a"] == (members["https://desk.example/monday"][0], "spun")
    assert members["https://wire.example/b"] == (members["https://desk.example/tuesday"][0], "copy")
    assert members["https://desk.example/monday"][0] != members["https://desk.example/tuesday"][0]


def test_an_article_landed_by_an_earlier_process_is_compared_from_its_stored_text(db: Database,
                                                                               db_path: Path) -> None:
    """The file keeps no sketches: a process that did not land the earlier article makes its sketch again
    from the article's text, and decides as the process that landed it does."""
    language, first, _, spun = _reports("en-market")
    later = (_article("https://farm.example/a", spun, 3, "Report", language),
             _article("https://wire.example/b", first + "\n\nShare this article", 4, "Report", language))
    one_process = Database(db_path.with_name("one.duckdb"))
    for landed in (db, one_process):
        _land(landed, "desk", _article("https://desk.example/monday", first, 0, "Report", language))
    bandindex.forget()  # what a new process starts with
    _land(db, "farm", *later)
    _land(one_process, "farm", *later)
    members = _members(db)
    story = members["https://desk.example/monday"][0]
    assert members["https://farm.example/a"] == (story, "spun")
    assert members["https://wire.example/b"] == (story, "copy")
    assert _relations(db) == _relations(one_process)
    assert "sketch" not in _columns(db, "story_sketches")


def test_sketches_stored_by_an_older_geowire_are_dropped_and_made_again(db: Database) -> None:
    """A file of migration 015 kept each member's sketch in ``story_sketches`` (one as a geowire without
    facts stored it): 016 drops them, and a new process compares with sketches made from the text."""
    language, first, _, spun = _reports("en-market")
    _land(db, "desk", _article("https://desk.example/monday", first, 0, "Report", language))
    _land(db, "wire", _article("https://wire.example/a", WIRE, 0))
    with db.write() as con:
        _older_sketches(con, "story_sketches", "member_id", "story_member_id")
        con.execute("DELETE FROM schema_migrations WHERE name = '016_sketches_from_text'")
    close_all()
    bandindex.forget()
    _spun_copies_join_after_migrating(db, language, spun)
    assert "sketch" not in _columns(db, "story_sketches")


def _older_sketches(con: duckdb.DuckDBPyConnection, table: str, key: str, article_key: str) -> None:
    """``table`` with a column ``sketch`` as an older geowire kept it: each article's sketch in the row whose ``key``
    is the article's ``article_key``, the desk's as a geowire without facts stored it."""
    con.execute(f"ALTER TABLE {table} ADD COLUMN sketch BLOB")
    for value, url, body, code in con.execute(
            f"SELECT {article_key}, canonical_url, body, language FROM articles").fetchall():
        found = stories.fingerprint(body, code).sketch
        con.execute(f"UPDATE {table} SET sketch = ? WHERE {key} = ?",
                    [_old_blob(found) if url == "https://desk.example/monday" else found.to_bytes(), value])


def _spun_copies_join_after_migrating(db: Database, language: str, spun: str) -> None:
    """A new process opening the older file migrates it, then lands two spun copies: each joins its original."""
    _land(Database(db.path), "farm", _article("https://farm.example/a", spun, 3, "Report", language),
          _article("https://farm.example/b", SPUN, 5))
    members = _members(db)
    assert members["https://farm.example/a"] == (members["https://desk.example/monday"][0], "spun")
    assert members["https://farm.example/b"] == (members["https://wire.example/a"][0], "spun")


def _columns(db: Database, table: str) -> set[str]:
    with db.read() as con:
        return {row[0] for row in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = ?",
                                              [table]).fetchall()}


def _bands_in_a_table(con: duckdb.DuckDBPyConnection) -> None:
    """The layout before 015_story_band_arrays: the bands as rows of a table ``story_bands``, no ``bands``
    column in ``story_sketches``."""
    create_documented_table(con, "story_bands", "old", stories._BAND_COLUMNS)
    con.execute(f"INSERT INTO story_bands SELECT band, key, member_id FROM {bandindex.BAND_ROWS}")
    con.execute("ALTER TABLE story_sketches DROP COLUMN bands")
    con.execute("DELETE FROM schema_migrations WHERE name = '015_story_band_arrays'")


def _members_in_a_table(con: duckdb.DuckDBPyConnection) -> None:
    """The layout before 013_story_columns: ``story_members`` a table of its own, no story columns in
    ``articles`` (nor band lists: 015 came later)."""
    _bands_in_a_table(con)
    con.execute("CREATE TEMP TABLE kept AS SELECT * FROM story_members")
    con.execute("DROP VIEW story_members")
    create_documented_table(con, "story_members", "old", stories._MEMBER_COLUMNS)
    con.execute("INSERT INTO story_members SELECT * FROM kept")
    for column in stories.STORY_COLUMNS:
        con.execute(f"ALTER TABLE articles DROP COLUMN {column}")
    con.execute("DELETE FROM schema_migrations WHERE name = '013_story_columns'")


def test_sketches_kept_in_story_members_by_an_older_geowire_are_moved_and_still_compared(db: Database) -> None:
    language, first, _, spun = _reports("en-market")
    _land(db, "desk", _article("https://desk.example/monday", first, 0, "Report", language))
    _land(db, "wire", _article("https://wire.example/a", WIRE, 0))
    with db.write() as con:  # the layout before 011_story_sketches: the sketch a column of story_members
        _members_in_a_table(con)
        _older_sketches(con, "story_members", "canonical_url", "canonical_url")
        con.execute("DROP TABLE story_sketches")
        con.execute("DELETE FROM schema_migrations WHERE name = '011_story_sketches'")
    _spun_copies_join_after_migrating(db, language, spun)
    assert "sketch" not in _columns(db, "story_members")
    with db.read() as con:
        assert con.execute("SELECT count(*), count(DISTINCT member_id) FROM story_sketches").fetchone() == (4, 4)


def test_bands_kept_as_rows_by_an_older_geowire_become_lists_and_still_find_copies(db: Database) -> None:
    _land(db, "wire", _article("https://wire.example/a", WIRE, 0), _article("https://other.example/d", SAME_TOPIC, 1))
    with db.write() as con:
        before = sorted(con.execute(f"SELECT band, key, member_id FROM {bandindex.BAND_ROWS}").fetchall())
        _bands_in_a_table(con)
    close_all()
    _land(Database(db.path), "farm", _article("https://farm.example/b", SPUN, 5))  # a new process migrates, lands
    members = _members(db)
    assert members["https://farm.example/b"] == (members["https://wire.example/a"][0], "spun")
    with db.read() as con:
        assert sorted(con.execute(f"SELECT band, key, member_id FROM {bandindex.BAND_ROWS} "
                                  f"WHERE member_id IN {tuple(m for _, _, m in before)}").fetchall()) == before
        assert len(before) == 2 * 32
        assert not con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'story_bands'").fetchone()[0]


def test_an_earlier_publication_landed_later_becomes_the_original(db: Database) -> None:
    _land(db, "farm", _article("https://farm.example/b", SPUN, 5))
    _land(db, "daily", _article("https://daily.example/c", WIRE + "\n\nShare this article", 3))
    assert _members(db)["https://daily.example/c"][1] == "original"
    _land(db, "wire", _article("https://wire.example/a", WIRE, 0))
    members = _members(db)
    assert members["https://wire.example/a"][1] == "original"
    assert members["https://daily.example/c"][1] == "copy" and members["https://farm.example/b"][1] == "spun"
    assert len({story for story, _ in members.values()}) == 1


@pytest.mark.parametrize("migrated", [False, True])
def test_an_original_joins_two_stories_its_copies_started(db: Database, migrated: bool) -> None:
    first_half = "\n\n".join(WIRE.split("\n\n")[:3])
    second_half = "\n\n".join(WIRE.split("\n\n")[2:])
    _land(db, "a", _article("https://a.example/1", first_half, 3))
    _land(db, "b", _article("https://b.example/2", second_half + "\n\n" + SAME_TOPIC.split("\n\n")[4], 4))
    assert len({story for story, _ in _members(db).values()}) == 2
    if migrated:  # the two stories in a file written before 013_story_columns, opened by a new process
        before = _rows(db)
        with db.write() as con:
            _members_in_a_table(con)
        close_all()
        db = Database(db.path)  # a new process opening it migrates
        assert _rows(db) == before
    _land(db, "wire", _article("https://wire.example/a", WIRE, 0))
    members = _members(db)
    assert len({story for story, _ in members.values()}) == 1
    assert [url for url, (_, relation) in members.items() if relation == "original"] == ["https://wire.example/a"]


def _rows(db: Database) -> list[tuple[object, ...]]:
    """Every row of ``story_members`` and ``stories``."""
    with db.read() as con:
        return [*con.execute("SELECT * FROM story_members ORDER BY ALL").fetchall(),
                *con.execute("SELECT * FROM stories ORDER BY ALL").fetchall()]


def _relations(db: Database) -> dict[str, tuple[str, float, float]]:
    with db.read() as con:
        return {url: (relation, similarity, literal) for url, relation, similarity, literal in con.execute(
            "SELECT canonical_url, relation, similarity, literal FROM story_members").fetchall()}


@pytest.mark.parametrize("settle_now", [0, 2])
def test_a_large_story_landed_newest_first_is_settled_as_the_run_ends(db: Database, db_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch,
                                                                      settle_now: int) -> None:
    """A sitemap read newest first brings the story a new original in every batch: a large story keeps
    one original all along, its other members are compared with the final one when the run ends, and
    the result is what landing in publication order gives."""
    texts = [WIRE, WIRE + "\n\nShare this article", REWRITE, SPUN, WIRE + "\n\nRead more: our live blog",
             SPUN + "\n\nShare this article"]
    articles = [_article(f"https://site{i}.example/story", text, hours=i) for i, text in enumerate(texts)]
    in_order = Database(db_path.with_name("in_order.duckdb"))
    for article in articles:
        _land(in_order, "feed", article)
    monkeypatch.setattr(stories, "SETTLE_NOW", settle_now)  # a large story, made of six articles
    landing.start_run(db, "run-1", "manual")
    for article in reversed(articles):
        _land(db, "feed", article)
        originals = [url for url, (relation, _, _) in _relations(db).items() if relation == "original"]
        assert originals == [article.url]  # one original at every moment: the earliest so far
    with db.read() as con:
        waiting = con.execute("SELECT count(*) FROM story_unsettled").fetchone()[0]
    assert waiting == 1
    landing.finish_run(db, "run-1", "completed")
    assert _relations(db) == _relations(in_order)
    with db.read() as con:
        assert con.execute("SELECT count(*) FROM story_unsettled").fetchone()[0] == 0


def test_landing_assigns_only_the_batch(db: Database) -> None:
    _land(db, "wire", _article("https://wire.example/a", WIRE, 0), _article("https://other.example/d", SAME_TOPIC, 1))
    with db.read() as con:
        before = dict(con.execute("SELECT canonical_url, assigned_at FROM story_members").fetchall())
    _land(db, "farm", _article("https://farm.example/b", SPUN, 5))
    with db.read() as con:
        after = dict(con.execute("SELECT canonical_url, assigned_at FROM story_members").fetchall())
    assert {url: after[url] for url in before} == before  # earlier rows untouched: nothing re-clustered
    assert set(after) - set(before) == {"https://farm.example/b"}


def test_an_edited_article_is_placed_again(db: Database) -> None:
    _land(db, "wire", _article("https://wire.example/a", WIRE, 0))
    _land(db, "farm", _article("https://farm.example/b", SPUN, 5))
    _land(db, "farm", _article("https://farm.example/b", SAME_TOPIC, 5))  # the page now carries another text
    members = _members(db)
    assert members["https://farm.example/b"][0] != members["https://wire.example/a"][0]
    assert members["https://farm.example/b"][1] == "original"
    with db.read() as con:
        assert con.execute("SELECT count(*) FROM story_members").fetchone()[0] == 2


def test_a_database_landed_before_stories_is_assigned_by_the_migration(db: Database) -> None:
    _land(db, "wire", _article("https://wire.example/a", WIRE, 0), _article("https://farm.example/b", SPUN, 5))
    with db.write() as con:  # as a file written by a geowire without stories would be
        _members_in_a_table(con)
        for table in ("story_members", "story_bands", "story_sketches", "story_unsettled"):
            con.execute(f"DROP TABLE {table}")
        con.execute("DROP VIEW stories")
        con.execute("DELETE FROM schema_migrations WHERE name IN ('007_stories', '010_story_unsettled', "
                    "'011_story_sketches')")
    Database(db.path).write().__enter__().close()  # a new process opening it migrates
    members = _members(db)
    assert members["https://wire.example/a"][1] == "original" and members["https://farm.example/b"][1] == "spun"


def test_geowire_stories_lists_the_biggest_stories_of_a_period(db: Database) -> None:
    _land(db, "wire", _article("https://wire.example/a", WIRE, 0))
    _land(db, "farm", _article("https://farm.example/b", SPUN, 5))
    _land(db, "daily", _article("https://daily.example/c", REWRITE, 2),
          _article("https://other.example/d", SAME_TOPIC, 1, title="Ukraine counts the damage"))
    command = [sys.executable, "-m", "flows.cli", "stories", "--db", str(db.path)]
    out = subprocess.run([*command, "--since", "2026-03-10", "--until", "2026-03-10"], capture_output=True,
                         text=True, check=True).stdout
    assert "Russia strikes Ukraine's grid" in out and "daily, farm, wire" in out
    assert "Ukraine counts the damage" not in out  # a story of one article is not a story carried anywhere
    empty = subprocess.run([*command, "--since", "2026-04-01"], capture_output=True, text=True, check=True).stdout
    assert "no stories" in empty
