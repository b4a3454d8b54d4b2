"""Exports round-trip: what is read back from the file equals what is in the database."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from synthetic import NEW_YORK, article, landed, run

from scrapers.errors import StorageError
from storage import export as exporting
from storage.db import Database

COMPARED = "canonical_url, source, title, published_day, word_count, version"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    database = Database(tmp_path_factory.mktemp("export") / "geowire.duckdb")
    run(database, "r1", {"news": [
        landed(article("https://n.example/a", title='Quotes "inside", commas, and\nnewlines')),
        landed(article("https://n.example/b", title="Ünïcödé 北朝鲜", authors=("A. One", "B. Two"),
                       published=datetime(2026, 3, 3, 23, 0, tzinfo=NEW_YORK))),
        landed(article("https://n.example/c", title=None, published=None)),
    ]})
    return database


def test_parquet_keeps_every_column_and_type(db: Database, tmp_path: Path) -> None:
    path = exporting.export(db, "parquet", output=tmp_path / "articles.parquet")
    with db.read() as con:
        difference = con.execute(
            "SELECT count(*) FROM ((SELECT * FROM articles EXCEPT SELECT * FROM read_parquet(?)) "
            "UNION ALL (SELECT * FROM read_parquet(?) EXCEPT SELECT * FROM articles))",
            [str(path), str(path)]).fetchone()[0]
        nested = con.execute("SELECT authors, captions[1].credit, weather.temperature_c FROM read_parquet(?) "
                             "WHERE canonical_url LIKE '%/b'", [str(path)]).fetchone()
    assert difference == 0
    assert nested == (["A. One", "B. Two"], "Leah Millis/Reuters", 8.6)


def test_csv_round_trips_scalar_columns(db: Database, tmp_path: Path) -> None:
    path = exporting.export(db, "csv", output=tmp_path / "articles.csv")
    with db.read() as con:
        exported = con.execute(f"SELECT {COMPARED} FROM read_csv(?, header = true) ORDER BY 1",
                               [str(path)]).fetchall()
        stored = con.execute(f"SELECT {COMPARED} FROM articles ORDER BY 1").fetchall()
    assert exported == stored


def test_jsonl_has_one_object_per_row_with_nested_fields(db: Database, tmp_path: Path) -> None:
    path = exporting.export(db, "jsonl", table="latest_articles", output=tmp_path / "latest.jsonl")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 3
    by_url = {r["canonical_url"]: r for r in records}
    assert by_url["https://n.example/b"]["authors"] == ["A. One", "B. Two"]
    assert by_url["https://n.example/b"]["published_day"] == "2026-03-03"  # the publisher's day, not UTC's


def test_query_results_as_text_and_files(db: Database, tmp_path: Path) -> None:
    query = "SELECT canonical_url, title FROM articles WHERE title IS NOT NULL ORDER BY 1"
    as_json = json.loads(exporting.query_text(db, query, "json"))
    assert [r["title"] for r in as_json] == ['Quotes "inside", commas, and\nnewlines', "Ünïcödé 北朝鲜"]
    assert exporting.query_text(db, "SELECT 1 AS one", "csv") == b"one\n1\n"
    path = exporting.write_query(db, "DESCRIBE articles", "parquet", tmp_path / "out" / "describe.parquet")
    assert duckdb.execute("SELECT count(*) FROM read_parquet(?)", [str(path)]).fetchone()[0] > 20


def test_mistakes_are_reported_clearly(db: Database, tmp_path: Path) -> None:
    with pytest.raises(exporting.ExportError, match=r"no table or view named 'nope'.*articles"):
        exporting.export(db, "csv", table="nope", output=tmp_path / "x.csv")
    with pytest.raises(exporting.ExportError, match="unknown format 'xml'"):
        exporting.export(db, "xml", output=tmp_path / "x.xml")
    with pytest.raises(exporting.ExportError, match="parquet is binary"):
        exporting.query_text(db, "SELECT 1", "parquet")
    missing = Database(tmp_path / "missing.duckdb")
    with pytest.raises(StorageError, match="no database at"):
        exporting.export(missing, "csv")
    assert not missing.path.exists()  # a mistyped --db must not leave an empty database behind


def test_a_file_from_an_older_geowire_is_migrated_before_querying(db: Database, tmp_path: Path) -> None:
    old = tmp_path / "old.duckdb"
    old.write_bytes(db.path.read_bytes())
    con = duckdb.connect(str(old))  # as an older geowire left it: no views, no search index
    con.execute("DROP VIEW latest_articles")
    con.execute("DELETE FROM schema_migrations WHERE name <> '001_initial'")
    con.close()
    result = exporting.run_query(Database(old), "SELECT count(*) FROM latest_articles")
    assert result.rows == [(3,)]
