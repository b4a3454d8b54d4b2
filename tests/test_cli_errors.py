"""What an operator sees when something is wrong: one ``error:`` line per problem, no traceback (unless
``--debug``), a documented exit code, and every check that can be made before Prefect starts made first.

Every test runs the real ``geowire`` command in a subprocess. Where a test must show that Prefect was
never started, ``PREFECT_API_URL`` points at a closed port: reaching Prefect would fail differently.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from flows.demo_sites.synthetic import serve, sources_toml
from storage.db import Database, close_all

BIN = Path(sys.executable).parent
NO_PREFECT = "http://127.0.0.1:9/api"  # the discard port: nothing answers there


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def geowire(*args: str | Path, api_url: str = NO_PREFECT, cwd: Path | None = None,
            timeout: float = 240) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PREFECT_API_URL": api_url, "PREFECT_LOGGING_LEVEL": "WARNING", "COLUMNS": "200"}
    env.pop("GEOWIRE_DEBUG", None)
    return subprocess.run([str(BIN / "geowire"), *map(str, args)], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, check=False)


def assert_error_lines(result: subprocess.CompletedProcess[str], code: int, *needles: str) -> list[str]:
    """Exit ``code``; standard error is ``error:`` lines only (no traceback, no Prefect log), naming each needle."""
    lines = result.stderr.strip().splitlines()
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert lines and all(line.startswith("error: ") for line in lines), result.stderr
    for needle in needles:
        assert any(needle in line for line in lines), (needle, result.stderr)
    return lines


@pytest.fixture()
def database(tmp_path: Path) -> Path:
    path = tmp_path / "g.duckdb"
    with Database(path).write():
        pass
    return path


@pytest.fixture()
def good_sources(tmp_path: Path) -> Iterator[Path]:
    server, base = serve(5)
    path = tmp_path / "sources.toml"
    path.write_text(sources_toml(base, 5), encoding="utf-8")
    yield path
    server.shutdown()


def test_a_broken_sources_file_is_reported_line_by_line_before_prefect_starts(tmp_path: Path,
                                                                              database: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("""[defaults]
max_pages = 0

[[source]]
name = "wire"
feeds = ["https://wire.example/rss"]
[source.rules]
body = ".story"

[[source]]
name = "daily"
timezone = "Europe/Londn"
feeds = ["https://daily.example/rss"]
[source.rules]
body = "div["
weahter = ".weather"
""", encoding="utf-8")
    lines = assert_error_lines(geowire("run", "--sources", bad, "--db", database), 2,
                               f"{bad}:2: [defaults]: 'max_pages' must be a positive integer",
                               f"{bad}:12: source #2 ('daily'): unknown timezone 'Europe/Londn'",
                               # the line of *this* source's 'body', not the first source's
                               f"{bad}:15: source #2 ('daily'): [source.rules]: 'body' has an invalid CSS selector",
                               f"{bad}:16: source #2 ('daily'): [source.rules]: unknown rules key(s) 'weahter'")
    assert len(lines) == 4


def test_a_missing_sources_file_names_the_fix(tmp_path: Path, database: Path) -> None:
    assert_error_lines(geowire("run", "--db", database, cwd=tmp_path), 2,
                       "sources file sources.toml not found (pass --sources FILE")


@pytest.mark.parametrize(("url", "needle"), [
    ("not-a-url", "'not-a-url' is not an http(s) URL"),
    ("ftp://files.example/feed.xml", "'ftp://files.example/feed.xml' is not an http(s) URL"),
    ("http://127.0.0.1:8642/feed", "loopback address (pass --allow-private-addresses"),
    ("http://10.1.2.3/news/", "private address (pass --allow-private-addresses"),
])
def test_a_url_that_can_never_be_fetched_is_refused_up_front(url: str, needle: str, database: Path) -> None:
    assert_error_lines(geowire("run", "--url", url, "--db", database), 2, "--url ", needle)
    with Database(database).read() as con:
        assert con.execute("SELECT count(*) FROM pages").fetchone() == (0,), "nothing recorded, nothing started"


def test_a_run_in_progress_is_refused_at_once(good_sources: Path, database: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; from storage.runlock import run_lock\n"
        "with run_lock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(60)"), str(database)],
        stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parent.parent)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        assert_error_lines(geowire("run", "--sources", good_sources, "--db", database), 4,
                           f"another geowire run is using {database} (pid {holder.pid}, since ",
                           "pass a longer --wait")
    finally:
        holder.kill()
        holder.wait()


def test_a_locked_database_file_is_refused_before_prefect_starts(good_sources: Path, database: Path) -> None:
    Database(database).publish()
    close_all()
    holder = subprocess.Popen([sys.executable, "-c", (  # geowire's working file (readers lock nothing)
        "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('locked', flush=True); time.sleep(60)"),
        str(Database(database).work_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        assert_error_lines(geowire("run", "--sources", good_sources, "--db", database, "--wait", "0.5"), 4,
                           "is locked by another process")
    finally:
        holder.kill()
        holder.wait()


def test_a_corrupt_database_file_is_one_line_and_debug_shows_the_traceback(tmp_path: Path) -> None:
    corrupt = tmp_path / "corrupt.duckdb"
    corrupt.write_bytes(b"this is no DuckDB file, just some bytes where one should be " * 100)
    refused = f"{corrupt} is not a DuckDB database (a damaged file, or another kind of file)"
    assert_error_lines(geowire("demo", "--db", corrupt), 4, refused)
    assert_error_lines(geowire("sql", "SELECT 1", "--db", corrupt), 4, refused)
    assert corrupt.read_bytes().startswith(b"this is no DuckDB file"), "left as it was"
    debug = geowire("--debug", "demo", "--db", corrupt)
    assert debug.returncode != 0 and "Traceback (most recent call last)" in debug.stderr
    assert "StorageError" in debug.stderr


def test_empty_sql_is_a_usage_error(database: Path) -> None:
    assert_error_lines(geowire("sql", "", "--db", database), 2, "no SQL given")
    assert_error_lines(geowire("sql", "/* only a comment */", "--db", database), 2, "no SQL statement to run")
    assert_error_lines(geowire("sql", "--limit", "3", "--db", database), 2, "No such option: --limit",
                       "see 'geowire sql --help'")


def test_values_are_printed_as_they_are_never_as_markup_or_emoji(database: Path) -> None:
    result = geowire("sql", "SELECT 'a[/]b' AS x, ':x: [bold]bold[/bold] :thumbs_up:' AS \"[red]y\"",
                     "--db", database)
    assert result.returncode == 0, result.stderr
    assert "a[/]b" in result.stdout and ":x: [bold]bold[/bold] :thumbs_up:" in result.stdout
    assert "[red]y" in result.stdout and "❌" not in result.stdout and "👍" not in result.stdout


def test_a_headline_with_markup_and_emoji_codes_is_searched_and_shown_verbatim(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from synthetic import article, landed, run

    db = Database(tmp_path / "s.duckdb")
    title = "Talks fail :x: as [/]envoys[bold] walk out"
    run(db, "r1", {"news": [landed(article("https://n.example/talks", title=title,
                                           body="Envoys walked out of the ceasefire talks on Monday."))]})
    result = geowire("search", "envoys", "--db", db.path)
    assert result.returncode == 0, result.stderr
    assert title in result.stdout and "❌" not in result.stdout


def test_exit_codes_say_whether_sources_failed(prefect_harness: str, tmp_path: Path, good_sources: Path) -> None:
    dead = f"http://127.0.0.1:{_free_port()}"  # nothing listens there
    both = tmp_path / "both.toml"
    both.write_text(good_sources.read_text(encoding="utf-8") + f"""
[[source]]
name = "gone"
feeds = ["{dead}/rss"]
sitemaps = ["{dead}/sitemap.xml"]
""", encoding="utf-8")
    db = tmp_path / "codes.duckdb"
    partly = geowire("run", "--sources", both, "--db", db, api_url=prefect_harness)
    assert partly.returncode == 1, partly.stderr
    assert "error: source gone failed: nothing could be fetched (fetch.connect ×2)" in partly.stderr
    assert "synthetic" in partly.stdout and "Traceback" not in partly.stderr

    only_dead = geowire("run", "--sources", both, "--source", "gone", "--db", db, api_url=prefect_harness)
    assert only_dead.returncode == 3, only_dead.stderr

    good = geowire("run", "--sources", both, "--source", "synthetic", "--db", db, api_url=prefect_harness)
    assert good.returncode == 0, good.stderr

    with Database(db).read() as con:
        rows = con.execute("SELECT url, state, reason, detail, attempts FROM pages WHERE source = 'gone' "
                           "ORDER BY url").fetchall()
    assert [(url, state, reason) for url, state, reason, _, _ in rows] == [
        (f"{dead}/rss", "failed", "fetch.connect"), (f"{dead}/sitemap.xml", "failed", "fetch.connect")]
    for _, _, _, detail, attempts in rows:  # recorded like a page's failure: what happened, how many tries
        assert detail and "connect" in detail.lower() and attempts >= 2, "connection errors are retried"
