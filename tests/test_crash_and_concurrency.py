"""Real processes against one DuckDB file: read while a run lands, a second run refused,
SIGKILL mid-run and resume with nothing lost and nothing duplicated."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from flows.demo_sites.synthetic import serve, sources_toml
from scrapers.errors import DatabaseBusy
from storage.db import Database

BIN = Path(sys.executable).parent
PAGES = 300


@pytest.fixture()
def slow_site() -> Iterator[str]:
    server, base = serve(PAGES, delay=0.15)  # 300 pages, 2 at a time: a run of ~25 s
    yield base
    server.shutdown()


def _env(api_url: str) -> dict[str, str]:
    return {**os.environ, "PREFECT_API_URL": api_url, "PREFECT_LOGGING_LEVEL": "WARNING"}


def _geowire(*args: str, env: dict[str, str], **kwargs: object) -> subprocess.Popen[str]:
    return subprocess.Popen([str(BIN / "geowire"), *args], env=env, text=True, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, **kwargs)  # type: ignore[call-overload]


def _count(db: Database, sql: str) -> int | None:
    try:
        with db.read() as con:
            return con.execute(sql).fetchone()[0]
    except DatabaseBusy:
        return None


def test_kill_and_resume_with_readers_and_a_second_run(prefect_harness: str, slow_site: str,
                                                       tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(sources_toml(slow_site, PAGES, per_host_concurrency=2), encoding="utf-8")
    db = Database(tmp_path / "g.duckdb", busy_timeout=5)
    env = _env(prefect_harness)
    run = ["run", "--sources", str(sources), "--db", str(db.path)]

    first = _geowire(*run, env=env)
    deadline = time.monotonic() + 120
    landed = None
    while time.monotonic() < deadline and not landed:
        time.sleep(0.3)
        if db.path.exists():
            landed = _count(db, "SELECT count(*) FROM articles")
    assert landed, "the first run landed a batch while this process kept reading the file"

    # While the run goes on, another process can query (short write transactions, retried reads)
    # and a second run on the same database is refused with a clear message.
    query = _geowire("sql", "--db", str(db.path), "SELECT count(*) AS n FROM articles", env=env)
    second = _geowire(*run, env=env)
    out, _ = query.communicate(timeout=120)
    assert query.returncode == 0, out
    out, _ = second.communicate(timeout=120)
    assert second.returncode == 4 and "another geowire run is using" in out, out  # 4: database unavailable
    assert first.poll() is None, "the first run is still going"

    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    before = _count(db, "SELECT count(*) FROM articles")
    queued = _count(db, "SELECT count(*) FROM pages WHERE state = 'queued'")
    assert before is not None and before < PAGES and queued, "killed mid-way, with work left in the frontier"

    resumed = _geowire(*run, env=env)
    out, _ = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, out
    with db.read() as con:
        [(articles, distinct)] = con.execute("SELECT count(*), count(DISTINCT canonical_url) FROM articles").fetchall()
        states = dict(con.execute("SELECT state, count(*) FROM pages GROUP BY state").fetchall())
        runs = dict(con.execute("SELECT status, count(*) FROM runs GROUP BY status").fetchall())
    assert articles == distinct == PAGES, "every page landed exactly once"
    assert "queued" not in states and sum(states.values()) == PAGES
    assert runs == {"abandoned": 1, "completed": 1}, "the next run marked the killed one abandoned"
