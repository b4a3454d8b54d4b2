"""The views answer their questions correctly after real landings (storage.land into a DuckDB file)."""

from __future__ import annotations

from datetime import datetime

import pytest
from synthetic import NEW_YORK, article, failed, landed, run

from storage.db import Database
from storage.views import VIEWS

A = "https://n.example/2026/03/02/a"
B = "https://n.example/2026/03/03/b"
C = "https://n.example/2026/03/03/c"
X = "https://x.example/world/1"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    """Two runs: the second edits A's headline, lands C without author, and sees one failure."""
    database = Database(tmp_path_factory.mktemp("views") / "geowire.duckdb")
    run(database, "r1", {
        "news": [landed(article(A, title="Summit opens")),
                 # 22:30 in New York is already March 4 in UTC: the local day must win.
                 landed(article(B, title="Talks stall", published=datetime(2026, 3, 3, 22, 30, tzinfo=NEW_YORK)))],
        "other": [landed(article(X, title="Other story", published=None))],
    })
    run(database, "r2", {
        "news": [landed(article(A, title="Summit opens with a walkout")),
                 landed(article(C, title="Ministers meet", authors=(),
                                published=datetime(2026, 3, 3, 8, 0, tzinfo=NEW_YORK))),
                 failed("https://n.example/broken")],
    })
    return database


def rows(db: Database, query: str) -> list[tuple]:
    with db.read() as con:
        return con.execute(query).fetchall()


def test_views_and_their_columns_are_documented(db: Database) -> None:
    with db.read() as con:
        views = dict(con.execute("SELECT view_name, comment FROM duckdb_views() WHERE NOT internal").fetchall())
        undocumented = con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() WHERE table_name = ANY(?) "
            "AND (comment IS NULL OR comment = '')", [list(VIEWS)]).fetchall()
    assert set(VIEWS) <= set(views) and all(views[name] for name in VIEWS)
    assert undocumented == []


def test_latest_articles_ranks_each_source_newest_first(db: Database) -> None:
    got = rows(db, "SELECT source, source_rank, title, version FROM latest_articles ORDER BY source, source_rank")
    assert got == [
        ("news", 1, "Talks stall", 1),
        ("news", 2, "Ministers meet", 1),
        ("news", 3, "Summit opens with a walkout", 2),
        ("other", 1, "Other story", 1),  # undated: ranked by when it was first seen
    ]


def test_daily_counts_use_the_publishers_local_day(db: Database) -> None:
    got = rows(db, "SELECT source, day::VARCHAR, articles, edited FROM daily_counts ORDER BY source, day")
    assert got == [("news", "2026-03-02", 1, 1), ("news", "2026-03-03", 2, 0), ("other", None, 1, 0)]


def test_source_health_reports_failures_and_a_fill_rate_drop(db: Database) -> None:
    health = {r[0]: r[1:] for r in rows(db, """
        SELECT source, runs, last_success_at IS NOT NULL, fetched, failed, failure_rate, articles,
               title_fill, date_fill, authors_fill, last_run_fill_drop FROM source_health""")}
    # news: r1 fetched 2, r2 fetched 3 (one failed); A and C were last recorded by r2, B by r1.
    assert health["news"] == (2, True, 5, 1, 0.2, 3, 1.0, 1.0, pytest.approx(0.667, abs=1e-3), 0.5)
    # other: one run, no earlier run to compare with; its only article has no date.
    assert health["other"] == (1, True, 1, 0, 0.0, 1, 1.0, 0.0, 1.0, None)


def test_article_versions_show_headline_edits(db: Database) -> None:
    got = rows(db, """SELECT version, title, previous_title, title_changed, body_changed, words_delta
                      FROM article_versions WHERE canonical_url = '""" + A + "' ORDER BY version")
    assert got == [(1, "Summit opens", None, None, None, None),
                   (2, "Summit opens with a walkout", "Summit opens", True, False, 0)]
    assert rows(db, "SELECT count(*) FROM article_versions WHERE title_changed") == [(1,)]
