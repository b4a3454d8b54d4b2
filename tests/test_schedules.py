"""Schedules fire for real: a Prefect server on loopback, `geowire serve` on prefect.yaml's deployments,
the scheduler creates a run, the served runner executes it, and rows land in DuckDB."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import yaml
from rich.console import Console

from flows.demo_sites import DemoSites
from flows.schedules import load_deployments, prefect_server
from scrapers.errors import DatabaseBusy
from storage.db import Database

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until(predicate, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(1.0)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


def test_prefect_yaml_declares_the_scheduled_deployments() -> None:
    deployments = {d["name"]: d for d in load_deployments(ROOT / "prefect.yaml")}
    assert {"scrape-news", "daily-maintenance"} <= set(deployments)
    assert deployments["scrape-worker"]["parameters"]["worker"] is True and "schedules" not in deployments[
        "scrape-worker"], "workers are started on demand, as many as wanted (docs/scale.md)"
    for deployment in deployments.values():
        assert deployment["work_pool"]["name"] == "geowire-local"
        if deployment["name"] != "scrape-worker":
            assert deployment["schedules"][0]["cron"]
        module, _, function = deployment["entrypoint"].partition(":")
        assert (ROOT / module).is_file() and f"def {function}(" in (ROOT / module).read_text()


def _completed_scheduled_runs(db: Database) -> int:
    if not db.path.exists():
        return 0
    try:
        with db.read() as con:
            return con.execute(
                "SELECT count(*) FROM runs WHERE status = 'completed' AND trigger = 'schedule'").fetchone()[0]
    except DatabaseBusy:
        return 0


def test_a_scheduled_run_fires_through_the_server_and_lands_rows(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect-home"))  # the server's own SQLite database
    monkeypatch.setenv("PREFECT_LOGGING_LEVEL", "WARNING")
    db = Database(tmp_path / "scheduled.duckdb", busy_timeout=2.0)
    # The same server start-up `geowire serve` uses, on a free loopback port.
    with prefect_server(_free_port(), Console(quiet=True)) as api_url, DemoSites() as sites:
        sources = sites.write_sources(tmp_path / "sources.toml")
        config = yaml.safe_load((ROOT / "prefect.yaml").read_text())
        scrape = next(d for d in config["deployments"] if d["name"] == "scrape-news")
        # Same deployment, pointed at the demo sites and a test database, due every few seconds.
        scrape["parameters"].update(sources_path=str(sources), db_path=str(db.path), allow_private_addresses=True)
        scrape["schedules"] = [{"interval": 5}]
        config["deployments"] = [scrape]
        (tmp_path / "prefect.yaml").write_text(yaml.safe_dump(config))
        served = subprocess.Popen(
            [str(BIN / "geowire"), "serve", "--config", str(tmp_path / "prefect.yaml")],
            cwd=ROOT, env={**os.environ, "PREFECT_API_URL": api_url},
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        def deployment_run_completed() -> bool:
            # Filtered server-side: the scheduler keeps dozens of future runs of a 5 s schedule around.
            query = {"flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}}}, "limit": 50}
            runs = httpx.post(f"{api_url}/flow_runs/filter", json=query, timeout=10).json()
            return any(r["deployment_id"] and r["state_type"] == "COMPLETED" for r in runs)

        try:
            _wait_until(lambda: _completed_scheduled_runs(db) >= 1, 240, "a scheduled run to land rows")
            # The flow records its run in DuckDB before Prefect marks the flow run Completed.
            _wait_until(deployment_run_completed, 60, "the scheduler-created flow run to complete in Prefect")
        finally:
            served.terminate()
            try:
                served.wait(timeout=30)
            except subprocess.TimeoutExpired:
                served.kill()
    with db.read() as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] >= 30


@pytest.fixture(autouse=True)
def _no_stray_api_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
