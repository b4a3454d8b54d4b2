"""`geowire reextract` replays each archived page under the settings it was landed with (timezone,
language, rules), whatever sources file lies in the current folder, and takes a sources file only
when told (--sources). Real CLI subprocesses on a real demo database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from storage.db import Database

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def geowire(*args: str | Path, api_url: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PREFECT_API_URL": api_url, "PREFECT_LOGGING_LEVEL": "WARNING", "COLUMNS": "200"}
    return subprocess.run([str(BIN / "geowire"), *map(str, args)], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=300, check=False)


def _broadcast_dates(db: Database) -> dict[str, tuple[str, list[str]]]:
    with db.read() as con:
        rows = con.execute("SELECT canonical_url, published_local, date_flags FROM articles "
                           "WHERE source = 'broadcast'").fetchall()
    return {url: (local, flags) for url, local, flags in rows}


def test_reextract_keeps_each_pages_landing_settings_and_uses_a_sources_file_only_when_told(
        prefect_harness: str, tmp_path: Path) -> None:
    db = Database(tmp_path / "demo.duckdb")
    demo = geowire("demo", "--db", db.path, api_url=prefect_harness, cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr
    landed = _broadcast_dates(db)
    assert len(landed) == 11 and all(local.endswith("+09:00") for local, _ in landed.values()), landed

    # From the project folder, whose sources.toml knows nothing of the demo's sources, and from an empty one.
    for cwd in (ROOT, tmp_path):
        again = geowire("reextract", "--db", db.path, api_url=prefect_harness, cwd=cwd)
        assert again.returncode == 0, again.stderr
        assert "re-extracted 35 articles: 0 rewritten" in again.stdout, again.stdout
        assert _broadcast_dates(db) == landed, "dates read under the broadcaster's own timezone, as landed"

    # Told to, it reads a source with the file's settings instead.
    utc = tmp_path / "utc.toml"
    utc.write_text('[[source]]\nname = "broadcast"\ntimezone = "UTC"\nfeeds = ["https://broadcast.example/rss"]\n',
                   encoding="utf-8")
    told = geowire("reextract", "--db", db.path, "--source", "broadcast", "--sources", utc,
                   api_url=prefect_harness, cwd=tmp_path)
    assert told.returncode == 0, told.stderr
    assert "re-extracted 11 articles: 11 rewritten" in told.stdout, told.stdout
    assert all(local.endswith("+00:00") for local, _ in _broadcast_dates(db).values())


def test_pages_archived_without_settings_are_left_alone_unless_a_sources_file_is_given(
        prefect_harness: str, tmp_path: Path) -> None:
    db = Database(tmp_path / "old.duckdb")
    assert geowire("demo", "--db", db.path, api_url=prefect_harness, cwd=tmp_path).returncode == 0
    with db.write() as con:  # as a database from before settings were recorded with each fetch
        con.execute("UPDATE fetches SET timezone = NULL, language = NULL, rules = NULL")
        con.execute("UPDATE articles SET record_hash = 'stale'")
    landed = _broadcast_dates(db)
    result = geowire("reextract", "--db", db.path, api_url=prefect_harness, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    left_alone = "35 left alone: archived before geowire recorded their settings (pass --sources FILE"
    assert "0 rewritten" in result.stdout and left_alone in result.stdout, result.stdout
    assert _broadcast_dates(db) == landed


def test_reextract_refuses_a_database_that_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "typo" / "geowire.duckdb"
    result = geowire("reextract", "--db", missing, api_url="http://127.0.0.1:9/api", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (f"error: no database at {missing} (run `geowire demo` or `geowire run` first, "
                                      "or pass --db)")
    assert not missing.parent.exists(), "no folder, no empty database created"
