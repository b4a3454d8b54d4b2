"""The data commands (sql, stats, search, export): output, exit codes and one-line errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from synthetic import article, failed, landed, run
from typer.testing import CliRunner, Result

from flows.cli import app
from storage.db import Database

TROOPS = "https://n.example/korea-troops"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    database = Database(tmp_path_factory.mktemp("cli") / "geowire.duckdb")
    run(database, "r1", {"news": [
        landed(article(TROOPS, title="North Korea sends more troops to Russia",
                       body="Seoul said North Korea was preparing to send additional troops to Russia.")),
        landed(article("https://n.example/moldova", title="Moldova counts votes",
                       body="The pro-European party led the election count.")),
        failed("https://n.example/broken"),
    ]})
    return database.path


@pytest.fixture()
def db(corpus: Path, tmp_path: Path) -> Path:
    copy = tmp_path / corpus.name
    shutil.copyfile(corpus, copy)
    return copy


def geowire(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args])


def assert_one_line_error(result: Result, pattern: str, code: int = 2) -> None:
    """One ``error:`` line naming the problem, and the exit code of its kind (2: usage, 4: database)."""
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert pattern in lines[0]
    assert "Traceback" not in result.output


def test_sql_prints_a_table_or_csv_or_json(db: Path) -> None:
    query = "SELECT source, count(*) AS n FROM articles GROUP BY source"
    table = geowire("sql", query, "--db", db)
    assert table.exit_code == 0 and "news" in table.stdout and "2" in table.stdout
    assert geowire("sql", query, "--db", db, "--format", "csv").stdout == "source,n\nnews,2\n"
    as_json = json.loads(geowire("sql", query, "--db", db, "--format", "json").stdout)
    assert as_json == [{"source": "news", "n": 2}]


def test_sql_writes_parquet_to_a_file_and_needs_one(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "views.parquet"
    result = geowire("sql", "SELECT * FROM latest_articles", "--db", db, "--format", "parquet", "--output", out)
    assert result.exit_code == 0, result.output
    assert duckdb.execute("SELECT count(*) FROM read_parquet(?)", [str(out)]).fetchone()[0] == 2
    assert_one_line_error(geowire("sql", "SELECT 1", "--db", db, "--format", "parquet"), "--output")
    inferred = tmp_path / "counts.csv"
    assert geowire("sql", "SELECT 1 AS one", "--db", db, "-o", inferred).exit_code == 0
    assert inferred.read_text() == "one\n1\n"
    assert_one_line_error(geowire("sql", "SELECT 1", "--db", db, "-o", tmp_path / "x.txt"), "give --format")


def test_sql_errors_are_one_clear_line(db: Path, tmp_path: Path) -> None:
    assert_one_line_error(geowire("sql", "SELEC 1", "--db", db), "Parser Error")
    assert_one_line_error(geowire("sql", "SELECT * FROM nope", "--db", db), "nope")
    assert_one_line_error(geowire("sql", "DELETE FROM articles", "--db", db), "read-only")
    missing = tmp_path / "typo.duckdb"
    assert_one_line_error(geowire("sql", "SELECT 1", "--db", missing), "no database at")
    assert not missing.exists()


def test_a_locked_database_is_a_clear_error(db: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", (
        "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('locked', flush=True); time.sleep(30)"),
        str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        assert_one_line_error(geowire("sql", "SELECT 1", "--db", db, "--wait", "0.3"), "locked by another process",
                              code=4)
        assert_one_line_error(geowire("search", "korea", "--db", db, "--wait", "0.3"), "locked", code=4)
    finally:
        holder.kill()
        holder.wait()


def test_stats_shows_tables_sources_pages_and_runs(db: Path) -> None:
    result = geowire("stats", "--db", db)
    assert result.exit_code == 0, result.output
    for heading in ("Tables", "Articles per source", "Pages per state and reason", "Last runs"):
        assert heading in result.stdout
    assert "fetch.http_status" in result.stdout and "search_postings" in result.stdout


def test_search_ranks_with_snippets_and_filters(db: Path) -> None:
    result = geowire("search", "north korea troops", "--db", db, "--limit", "5")
    assert result.exit_code == 0, result.output
    assert result.stdout.index("1. North Korea sends more troops") < result.stdout.index("Seoul said")
    assert TROOPS in result.stdout and "Moldova" not in result.stdout
    assert "no articles match" in geowire("search", "korea", "--db", db, "--source", "elsewhere").stdout
    reindexed = geowire("search", "election", "--db", db, "--rebuild")
    assert reindexed.exit_code == 0 and "indexed 2 articles" in reindexed.stderr
    assert "Moldova counts votes" in reindexed.stdout


def test_export_writes_the_requested_format(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.jsonl"
    result = geowire("export", "--format", "jsonl", "--table", "articles", "--output", out, "--db", db)
    assert result.exit_code == 0, result.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
    assert_one_line_error(geowire("export", "--table", "nope", "--db", db, "--output", tmp_path / "x"),
                          "no table or view named 'nope'")
    assert_one_line_error(geowire("export", "--format", "xml", "--db", db), "unknown format 'xml'")


@pytest.fixture()
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)
    yield tmp_path


def test_export_defaults_to_the_exports_folder(db: Path, in_tmp: Path) -> None:
    result = geowire("export", "--db", db)
    assert result.exit_code == 0, result.output
    assert (in_tmp / "exports" / "articles.parquet").is_file()
