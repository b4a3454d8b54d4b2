"""The query file under load, with real processes: readers that hold it open or come and go never
fail and never stop a writer, two writers land at once without losing or doubling a record, a
SIGKILLed writer leaves readers a consistent file, and the DuckDB clients people have can read it.

(The 2-minute versions of these — a reader holding its connection through a whole 2-minute run,
200 readers, publish cost at 100 MB and 1 GB — are in benchmarks/concurrency.py.)
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pytest

from storage.db import STORAGE_VERSION, Database, close_all
from storage.schema import MIGRATIONS

ROOT = Path(__file__).resolve().parent.parent
LANDERS = ROOT / "tests" / "landers.py"
BIN = Path(sys.executable).parent
CLI = BIN / "duckdb"  # the pip duckdb-cli (1.5.x), from the dev extras
PY14 = ROOT / ".venv" / "clients" / "duckdb14" / "bin" / "python"  # Python duckdb 1.4, built by `make test`
FAST_PUBLISH = {**os.environ, "GEOWIRE_PUBLISH_SECONDS": "0.2"}

CONSISTENT = """
SELECT (SELECT count(*) FROM articles) AS articles,
       (SELECT count(DISTINCT canonical_url) FROM articles) AS distinct_articles,
       (SELECT count(*) FROM articles a WHERE NOT EXISTS (
            SELECT 1 FROM article_history h WHERE h.canonical_url = a.canonical_url AND h.version = a.version))
         AS without_history,
       (SELECT count(*) FROM articles a WHERE NOT EXISTS (
            SELECT 1 FROM pages p WHERE p.article_url = a.canonical_url)) AS without_page,
       (SELECT count(*) FROM search_docs) AS indexed
"""


def _lander(db: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(LANDERS), "land", str(db), *args], env=env or FAST_PUBLISH,
                            text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _check_consistent(con: duckdb.DuckDBPyConnection) -> int:
    articles, distinct, without_history, without_page, indexed = con.execute(CONSISTENT).fetchall()[0]
    assert articles == distinct == indexed, (articles, distinct, indexed)
    assert without_history == 0 and without_page == 0
    return articles


def _short_reader(db: Path, use_cli: bool) -> tuple[int, str]:
    """One short plain-DuckDB reader process, as an analyst's query is."""
    sql = "SELECT count(*) FROM articles; SELECT count(*) FROM latest_articles"
    if use_cli:
        command = [str(CLI), "-readonly", str(db), "-c", sql]
    else:
        command = [sys.executable, "-c", ("import duckdb, sys; c = duckdb.connect(sys.argv[1], read_only=True); "
                   "[c.execute(q).fetchall() for q in sys.argv[2].split(';')]"), str(db), sql]
    done = subprocess.run(command, check=False, capture_output=True, text=True, timeout=60)
    return done.returncode, done.stderr


def test_readers_holding_or_coming_and_going_never_fail_and_never_stop_the_writer(tmp_path: Path) -> None:
    db = Database(tmp_path / "g.duckdb")
    first = _lander(db.path, "--count", "100", "--batch", "50")
    assert first.wait(timeout=120) == 0, first.stderr.read() if first.stderr else ""
    # A notebook opens the file and keeps its connection for the whole run of the writer.
    holder = subprocess.Popen([sys.executable, str(LANDERS), "hold", str(db.path), "--seconds", "14"],
                              text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1.0)
    writer = _lander(db.path, "--first", "100", "--count", "300", "--batch", "50", "--seconds", "10")
    with ThreadPoolExecutor(4) as pool:  # 200 short readers while it lands, CLI and Python alternating
        results = list(pool.map(lambda i: _short_reader(db.path, use_cli=i % 2 == 0 and CLI.exists()), range(200)))
    out, err = writer.communicate(timeout=180)
    assert writer.returncode == 0, err
    batches = [json.loads(line) for line in out.splitlines()]
    assert sum(b["pages"] for b in batches) >= 300, "the writer landed while readers came and went"
    failures = [stderr for code, stderr in results if code != 0]
    assert failures == [], failures[:3]
    out, err = holder.communicate(timeout=60)
    assert holder.returncode == 0, err
    seen = [json.loads(line) for line in out.splitlines()]
    assert seen and all(s["articles"] == s["distinct"] for s in seen)
    assert {s["articles"] for s in seen} == {100}, "the held connection keeps its snapshot until it reconnects"
    with db.query() as con:  # a new connection sees the run's end
        assert _check_consistent(con) == 400


def test_two_writers_land_disjoint_and_overlapping_urls_each_exactly_once(tmp_path: Path) -> None:
    db = Database(tmp_path / "g.duckdb")
    disjoint = [_lander(db.path, "--first", "0", "--count", "300", "--worker", "a"),
                _lander(db.path, "--first", "300", "--count", "300", "--worker", "b")]
    for writer in disjoint:
        assert writer.wait(timeout=300) == 0, writer.stderr.read() if writer.stderr else ""
    # Overlapping: both land 600-799, each also lands URLs of its own; then both reland, edited.
    overlapping = [_lander(db.path, "--first", "500", "--count", "300", "--worker", "c", "--editions", "2"),
                   _lander(db.path, "--first", "600", "--count", "300", "--worker", "d", "--editions", "2")]
    outputs = [writer.communicate(timeout=300) for writer in overlapping]
    for writer, (_, err) in zip(overlapping, outputs, strict=True):
        assert writer.returncode == 0, err
    db.publish()
    with db.query() as con:
        assert _check_consistent(con) == 900
        urls = {row[0] for row in con.execute("SELECT canonical_url FROM articles").fetchall()}
        pages = con.execute("SELECT count(*), count(DISTINCT url), count(*) FILTER (WHERE state = 'queued') "
                            "FROM pages").fetchone()
        versions = con.execute("SELECT count(*), count(DISTINCT (canonical_url, version)) FROM article_history"
                               ).fetchone()
        gaps = con.execute("""
            SELECT count(*) FROM articles a JOIN (SELECT canonical_url, count(*) AS n, max(version) AS top
                                                  FROM article_history GROUP BY ALL) h USING (canonical_url)
            WHERE h.n <> h.top OR a.version <> h.top""").fetchone()
        edited = con.execute("SELECT count(*) FROM articles WHERE version > 1").fetchone()
    assert urls == {f"https://synthetic.example/news/{i}" for i in range(900)}, "0 lost"
    assert pages == (900, 900, 0)
    assert versions[0] == versions[1], "no version landed twice"
    assert gaps == (0,), "each edit of an article is one version, whichever writer landed it"
    assert edited[0] >= 300, "the relanded, edited articles got new versions"


def test_a_sigkilled_writer_leaves_readers_a_consistent_file_and_the_next_run_continues(tmp_path: Path) -> None:
    db = Database(tmp_path / "g.duckdb")
    rng = random.Random(13)
    for _ in range(4):  # killed at random moments: mid-batch, mid-checkpoint, mid-publish
        writer = _lander(db.path, "--count", "400", "--batch", "40", "--seconds", "30")
        time.sleep(rng.uniform(1.5, 4.0))
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
        if db.path.exists():
            con = duckdb.connect(str(db.path), read_only=True)
            _check_consistent(con)
            con.close()
            if CLI.exists():
                done = subprocess.run([str(CLI), "-readonly", str(db.path), "-c", "SELECT count(*) FROM articles"],
                                      check=False, capture_output=True, text=True, timeout=60)
                assert done.returncode == 0, done.stderr
    last = _lander(db.path, "--count", "400", "--batch", "100")
    _, err = last.communicate(timeout=300)
    assert last.returncode == 0, err
    assert not list(tmp_path.glob(".g.duckdb.*.publishing")), "a copy left by a killed publisher is removed"
    with db.query() as con:
        assert _check_consistent(con) == 400


def _sample_database(tmp_path: Path) -> Database:
    from synthetic import article, landed, run

    db = Database(tmp_path / "g.duckdb")
    run(db, "r1", {"wire": [landed(article("https://w.example/1", title="Envoys meet in Geneva",
                                           body="Envoys met in Geneva for ceasefire talks on Tuesday."))]})
    db.publish()
    close_all()  # this process lets go of the working file, as a finished run does
    return db


def test_the_duckdb_cli_1_5_reads_the_query_file(tmp_path: Path) -> None:
    if not CLI.exists():
        pytest.skip("the duckdb CLI (pip duckdb-cli, in the dev extras) is not installed")
    db = _sample_database(tmp_path)
    version = subprocess.run([str(CLI), "--version"], capture_output=True, text=True, check=True).stdout
    assert version.startswith("v1.5"), version
    done = subprocess.run([str(CLI), "-readonly", "-csv", str(db.path), "-c",
                           ("SELECT title FROM latest_articles; SELECT count(*) FROM search_articles('ceasefire');"
                           "SELECT tags['storage_version'] FROM duckdb_databases() WHERE database_name = 'g'")],
                          check=False, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Envoys meet in Geneva" in done.stdout and f"{STORAGE_VERSION}+" in done.stdout, done.stdout


def test_python_duckdb_1_4_reads_the_query_file(tmp_path: Path) -> None:
    if not PY14.exists():
        pytest.skip(f"no Python duckdb 1.4 client at {PY14} (`make test` builds it)")
    db = _sample_database(tmp_path)
    done = subprocess.run([str(PY14), "-c", (
        "import duckdb, sys; print(duckdb.__version__); c = duckdb.connect(sys.argv[1], read_only=True); "
        "print(c.execute('SELECT a.title, a.published_at, a.captions, a.weather FROM articles a').fetchall()); "
        "print(c.execute(\"SELECT count(*) FROM search_articles('geneva talks')\").fetchall())"), str(db.path)],
        check=False, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("1.4") and "Envoys meet in Geneva" in done.stdout and "[(1,)]" in done.stdout


def test_a_database_from_the_one_file_layout_is_taken_over(tmp_path: Path) -> None:
    """geowire used to keep everything, the raw archive included, in the query file itself,
    in DuckDB 2.0's newest storage format."""
    sample = _sample_database(tmp_path / "sample")
    old = tmp_path / "old.duckdb"
    con = duckdb.connect(str(old))  # DuckDB's default (newest) storage format, as older geowire wrote it
    con.execute(f"ATTACH '{sample.work_path}' AS sample (READ_ONLY)")
    con.execute("COPY FROM DATABASE sample TO old")
    con.execute(f"ATTACH '{sample.archive_path}' AS archive (READ_ONLY)")
    con.execute("CREATE TABLE raw_blobs AS SELECT * FROM archive.raw_blobs")
    con.execute("CREATE TABLE fetches AS SELECT * FROM archive.fetches")
    con.execute("INSERT INTO raw_blobs VALUES ('f00', 'x'::BLOB, 1, now())")
    con.execute("DELETE FROM schema_migrations WHERE name >= '004'")
    con.execute("DROP TABLE leases")
    # text DuckDB packs with FSST by default: the working file is written as geowire's writers write
    # (FSST makes loading large texts ~5x slower), whatever the file it was taken over from used
    con.execute("CREATE TABLE filler AS SELECT 'Envoys meet in Geneva, day ' || i AS s FROM range(3000) r(i)")
    con.execute("CHECKPOINT")
    assert ("DICT_FSST",) in con.execute("SELECT DISTINCT compression FROM pragma_storage_info('filler')").fetchall()
    con.close()
    db = Database(old)
    with db.read() as con:
        blobs = con.execute("SELECT count(*) FROM archive.raw_blobs WHERE sha256 = 'f00'").fetchone()
        packed = con.execute("SELECT DISTINCT compression FROM pragma_storage_info('filler')").fetchall()
        own = con.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
                          "AND table_name IN ('raw_blobs', 'fetches')").fetchone()
    assert blobs == (1,) and own == (0,), "the archive moved to its own file"
    assert ("DICT_FSST",) not in packed
    with db.query() as con:  # the next publish put the query file in the readable format
        assert con.execute("SELECT count(*) FROM schema_migrations").fetchone() == (len(MIGRATIONS),)
        assert con.execute("SELECT title FROM articles").fetchall() == [("Envoys meet in Geneva",)]
        version = con.execute("SELECT tags['storage_version'] FROM duckdb_databases() "
                              "WHERE database_name = 'old'").fetchone()
    assert version == (f"{STORAGE_VERSION}+",)


# Another process's one write (it waits for the working file while the test's writer holds it).
_WRITE_ONCE = """
import sys
sys.path.insert(0, sys.argv[2])
from storage.db import Database
with Database(sys.argv[1]).write() as con:
    con.execute("INSERT INTO hold_test VALUES (2)")
"""


def _writes_for(db: Database, seconds: float, until: subprocess.Popen[str] | None = None) -> list[int]:
    """Write every 50 ms for ``seconds`` (or until the process ``until`` ends); the connection id of each write."""
    connections = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and (until is None or until.poll() is None):
        with db.write() as con:
            con.execute("INSERT INTO hold_test VALUES (1)")
            connections.append(id(con))
        time.sleep(0.05)
    return connections


def test_a_lone_writer_keeps_its_connection_and_hands_it_over_to_a_waiting_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past HOLD_MAX a writer closes the working file only when another process is waiting for it: a run
    landing alone never pays for closing and reopening it, and a second worker still gets its turn."""
    import storage.db

    monkeypatch.setattr(storage.db, "HOLD_MAX", 0.3)
    monkeypatch.setenv("GEOWIRE_PUBLISH_SECONDS", "1000")
    db = Database(tmp_path / "geowire.duckdb")
    try:
        with db.write() as con:
            con.execute("CREATE TABLE hold_test (i INTEGER)")
        alone = _writes_for(db, 1.5)
        assert len(alone) > 10 and len(set(alone)) == 1, "the lone writer kept one connection past HOLD_MAX"
        other = subprocess.Popen(
            [sys.executable, "-c", _WRITE_ONCE, str(db.path), str(ROOT)], text=True, stderr=subprocess.PIPE)
        shared = _writes_for(db, 20, until=other)
        assert other.wait(timeout=30) == 0, other.stderr.read() if other.stderr else ""
        assert len(set(shared)) > 1, "the writer closed the file for the waiting process, and opened it again"
        with db.write() as con:
            assert con.execute("SELECT count(*) FROM hold_test WHERE i = 2").fetchone() == (1,)
        assert not any(db.waiting_dir.iterdir()), "the waiting process took its mark away"
    finally:
        close_all()
