"""The writer's copy of the stored bands and of the sketches (``storage.bandindex``): candidates found in
memory are the ones DuckDB's join finds, sketches taken from memory compare as those made again from the stored text,
and the copy never outlives a change it did not make (another process, a rollback)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from test_similarity import REWRITE, SAME_TOPIC, SPUN, WIRE
from test_similarity_facts import _reports
from test_stories import T0, _article, _land, _members, _relations

import storage.db
from scrapers.similarity import BANDS, sketch
from storage import bandindex, stories
from storage import land as landing
from storage.db import Database, transaction_on
from storage.land import write_articles

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def db(db_path: Path) -> Database:
    return Database(db_path)


def _batches() -> list[list[tuple[str, str, float, str, str]]]:
    """Batches of (url, text, hours, title, language): a wire story and its rewrite and spun copies
    (some landed before the original), another story on its topic, two reports in one template with
    their copies, and an article whose page later carries another text."""
    language, first, second, spun = _reports("en-market")
    return [
        [("https://farm.example/s", SPUN, 5, "Grid", "en"), ("https://other.example/t", SAME_TOPIC, 1, "Grid", "en")],
        [("https://wire.example/w", WIRE, 0, "Grid", "en"), ("https://desk.example/mon", first, 0, "Report", language)],
        [("https://daily.example/r", REWRITE, 2, "Grid", "en"), ("https://desk.example/tue", second, 24, "Report", language),
         ("https://farm.example/m", spun, 3, "Report", language)],
        [("https://farm.example/s", SAME_TOPIC + "\n\nShare this article", 5, "Grid", "en"),
         ("https://copy.example/w", WIRE + "\n\nRead more", 6, "Grid", "en")],
    ]


def _land_all(db: Database) -> None:
    for batch in _batches():
        _land(db, "feed", *[_article(url, text, hours, title, language) for url, text, hours, title, language in batch])


def _copy_rows(db: Database) -> tuple[set[tuple[int, int, int]], set[tuple[int, int, int]], int]:
    """The rows of the writer's copy, and of the table, as (band, key, member_id), and how many sketches
    the copy keeps; checks that each is the sketch of its member's stored text (what a process without it
    would make again), and that the copy's members and stories waiting to settle are the tables'."""
    with db.write() as con:
        index = bandindex.current(con, BANDS)[0]
        table = {(int(b), int(k), int(m)) for b, k, m in con.execute(
            f"SELECT band, key, member_id FROM {bandindex.BAND_ROWS}").fetchall()}
        stored = {member_id: sketch(body, language).to_bytes() for member_id, body, language in con.execute(
            "SELECT story_member_id, body, language FROM articles WHERE story_member_id IS NOT NULL").fetchall()}
        members = con.execute("SELECT canonical_url, member_id, published_at, story_id, relation FROM story_members "
                              "ORDER BY member_id").fetchall()
        waiting = {row[0] for row in con.execute("SELECT story_id FROM story_unsettled").fetchall()}
        assert index is not None
        assert index.members.of(row[1] for row in members) == members
        assert index.members.unsettled == waiting
    assert all(stored[member_id] == sketch for member_id, sketch in index.sketches.items())
    assert index.sketch_bytes == sum(len(sketch) for sketch in index.sketches.values())
    copy: set[tuple[int, int, int]] = set()
    for run in (index.base, index.recent):
        keys = run.code ^ (run.band.astype(np.int64) << 58)
        copy |= set(zip(run.band.tolist(), keys.tolist(), run.ids.tolist(), strict=True))
    return copy, table, len(index.sketches)


def test_stories_found_in_the_writers_copy_are_those_duckdbs_join_finds(db_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    in_memory = Database(db_path)
    _land_all(in_memory)
    monkeypatch.setattr(bandindex, "MAX_SKETCH_BYTES", 1)  # no sketch kept: every one made again from its text
    read = Database(db_path.with_name("read.duckdb"))
    _land_all(read)
    monkeypatch.setattr(bandindex, "SHARED_PAIRS", 1)  # one member's band matches gathered at a time
    chunked = Database(db_path.with_name("chunked.duckdb"))
    _land_all(chunked)
    monkeypatch.setattr(bandindex, "MAX_ROWS", 0)  # past the limit: every batch joins in DuckDB
    joined = Database(db_path.with_name("joined.duckdb"))
    _land_all(joined)
    assert _relations(in_memory) == _relations(joined) == _relations(read) == _relations(chunked)
    members = _members(in_memory)
    assert members == _members(joined) == _members(read) == _members(chunked)
    wire = members["https://wire.example/w"][0]
    assert members["https://copy.example/w"] == (wire, "copy")
    assert members["https://daily.example/r"] == (wire, "rewrite")
    assert members["https://farm.example/s"][0] != wire  # its page carries another text now
    assert members["https://farm.example/m"] == (members["https://desk.example/mon"][0], "spun")
    assert members["https://desk.example/mon"][0] != members["https://desk.example/tue"][0]


def test_the_copy_equals_the_table_after_edits_rollbacks_and_many_batches(db: Database) -> None:
    _land_all(db)
    copy, table, kept = _copy_rows(db)
    assert copy == table and len(table) > 0
    assert kept == len(_members(db))  # every member's sketch: landed by this process
    with pytest.raises(RuntimeError), db.write() as con:  # a landing that fails after assigning stories
        write_articles(con, "feed", [(_article("https://late.example/w", WIRE, 9), T0)])
        raise RuntimeError("the batch fails after its stories were assigned")
    copy, table, kept = _copy_rows(db)
    assert copy == table and kept == 0  # read again, without the failed batch's sketches (nor any)
    assert "https://late.example/w" not in _members(db)
    for number in range(12):  # enough batches for the latest rows to be merged into the bulk of the copy
        _land(db, "feed", _article(f"https://site{number}.example/w", WIRE + f"\n\nEdition {number} of the day", 7))
    copy, table, kept = _copy_rows(db)
    assert copy == table and kept >= 12  # those written since
    members = _members(db)
    assert {members[f"https://site{n}.example/w"][0] for n in range(12)} == {members["https://wire.example/w"][0]}


def test_a_batch_undone_on_a_connection_kept_open_leaves_nothing_in_the_copy(db: Database) -> None:
    """While the writer holds the file it trusts its copy without checking it against the tables, unless a
    transaction was undone since: a landing rolled back on a connection that stays open (its caller goes on
    with the next batch) must not leave its members, bands or sketches in the copy."""
    _land_all(db)
    with db.write(transaction=False) as con:
        with pytest.raises(RuntimeError), transaction_on(con):
            write_articles(con, "feed", [(_article("https://late.example/w", WIRE, 9), T0)])
            raise RuntimeError("the batch fails after its stories were assigned")
        with transaction_on(con):  # the next batch, on the same connection
            write_articles(con, "feed", [(_article("https://again.example/w", WIRE + "\n\nRead more", 10), T0)])
    copy, table, _ = _copy_rows(db)
    assert copy == table
    members = _members(db)
    assert "https://late.example/w" not in members
    assert members["https://again.example/w"] == (members["https://wire.example/w"][0], "copy")


_OTHER_WRITER = textwrap.dedent("""
    import sys
    from datetime import datetime, timedelta, UTC
    sys.path[:0] = [{root!r}, {tests!r}]
    from test_similarity import WIRE
    from test_stories import _article, _land
    from storage.db import Database
    _land(Database({path!r}), "wire", _article("https://wire.example/w", WIRE, 0))
""")


def test_bands_another_process_landed_are_candidates_for_this_writer(db: Database) -> None:
    _land(db, "other", _article("https://other.example/t", SAME_TOPIC, 1))  # this process now has a copy
    storage.db.close_all()  # let the other writer in
    subprocess.run([sys.executable, "-c", _OTHER_WRITER.format(root=str(ROOT), tests=str(ROOT / "tests"),
                                                               path=str(db.path))], check=True, timeout=120)
    _land(db, "farm", _article("https://farm.example/s", SPUN, 5))
    members = _members(db)
    assert members["https://farm.example/s"] == (members["https://wire.example/w"][0], "spun")
    copy, table, _ = _copy_rows(db)
    assert copy == table


def test_the_copys_members_follow_merges_new_originals_and_the_runs_end(db: Database, db_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Members change story (two stories merged by a later original), relation (a new original) and wait to
    be settled (a large story's original changed): the copy follows each batch, and what it gives the
    batches makes the stories that landing in publication order makes."""
    monkeypatch.setattr(stories, "SETTLE_NOW", 1)  # every story with a new original waits for the run's end
    texts = [WIRE, WIRE + "\n\nShare this article", REWRITE, SPUN, SPUN + "\n\nShare this article", SAME_TOPIC]
    articles = [_article(f"https://site{i}.example/story", text, hours=i) for i, text in enumerate(texts)]
    in_order = Database(db_path.with_name("in_order.duckdb"))
    for article in articles:
        _land(in_order, "feed", article)
    landing.start_run(db, "run-1", "manual")
    for article in reversed(articles):  # newest first: each batch brings the story a new original
        _land(db, "feed", article)
        copy, table, _ = _copy_rows(db)
        assert copy == table
    with db.read() as con:
        assert con.execute("SELECT count(*) FROM story_unsettled").fetchone()[0] > 0
    landing.finish_run(db, "run-1", "completed")
    _copy_rows(db)
    assert _relations(db) == _relations(in_order)
    assert _stories(db) == _stories(in_order)


def _stories(db: Database) -> set[frozenset[str]]:
    """The stories as sets of URLs (story ids depend on the landing order)."""
    found: dict[int, set[str]] = {}
    for url, (story, _) in _members(db).items():
        found.setdefault(story, set()).add(url)
    return {frozenset(urls) for urls in found.values()}


_OTHER_SETTLER = textwrap.dedent("""
    import sys
    sys.path[:0] = [{root!r}]
    from storage import land
    from storage.db import Database
    land.finish_run(Database({path!r}), "run-1", "completed")
""")


def test_stories_another_process_settles_are_read_again_by_this_writer(db: Database, db_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A run's end settles stories without adding members: a writer whose copy still has them waiting
    reads it again before its next batch, which then sees the relations the other process wrote."""
    monkeypatch.setattr(stories, "SETTLE_NOW", 0)
    in_order = Database(db_path.with_name("in_order.duckdb"))
    for article in (_article("https://wire.example/w", WIRE, 0), _article("https://daily.example/r", REWRITE, 2),
                    _article("https://farm.example/s", SPUN, 5), _article("https://copy.example/w", WIRE, 6)):
        _land(in_order, "feed", article)
    landing.start_run(db, "run-1", "manual")
    _land(db, "feed", _article("https://farm.example/s", SPUN, 5), _article("https://copy.example/w", WIRE, 6))
    _land(db, "feed", _article("https://wire.example/w", WIRE, 0))  # a new original: the story waits
    assert bandindex._CURRENT[0].members.unsettled  # this writer's copy has it waiting
    assert _relations(db)["https://copy.example/w"] != _relations(in_order)["https://copy.example/w"]
    storage.db.close_all()  # let the other process in
    subprocess.run([sys.executable, "-c", _OTHER_SETTLER.format(root=str(ROOT), path=str(db.path))], check=True,
                   timeout=120)
    _land(db, "feed", _article("https://daily.example/r", REWRITE, 2))
    copy = bandindex._CURRENT[0].members  # as the batch left it, not checked again
    with db.read() as con:
        members = con.execute("SELECT canonical_url, member_id, published_at, story_id, relation FROM story_members "
                              "ORDER BY member_id").fetchall()
    assert copy.of(row[1] for row in members) == members and not copy.unsettled
    assert _relations(db) == _relations(in_order)
