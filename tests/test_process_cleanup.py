"""No process outlives the geowire command that started it: a SIGKILLed run's temporary Prefect server
stops with it, and `geowire serve` stopped with SIGTERM (as systemd or `docker stop` stop it) stops its
`prefect server` too. The server `serve` starts on another port than 4200 tells its UI that port."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from flows.demo_sites.synthetic import serve, sources_toml
from flows.server import free_port

BIN = Path(sys.executable).parent


def _children(pid: int) -> list[int]:
    """Live processes whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _cmdline(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _wait_for(predicate: Callable[[], object], timeout: float, what: str) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


@pytest.fixture()
def own_prefect(tmp_path: Path) -> dict[str, str]:
    """An environment without PREFECT_API_URL (geowire starts its own server), with a Prefect home of its own."""
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-home"), "PREFECT_LOGGING_LEVEL": "WARNING"}
    env.pop("PREFECT_API_URL", None)
    return env


@pytest.fixture()
def slow_site() -> Iterator[str]:
    server, base = serve(200, delay=0.2)
    yield base
    server.shutdown()


def test_a_killed_run_leaves_no_prefect_server_behind(own_prefect: dict[str, str], slow_site: str,
                                                      tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(sources_toml(slow_site, 200, per_host_concurrency=2), encoding="utf-8")
    run = subprocess.Popen([str(BIN / "geowire"), "run", "--sources", str(sources), "--db", str(tmp_path / "k.duckdb")],
                           env=own_prefect, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        servers = _wait_for(lambda: [p for p in _children(run.pid) if "uvicorn" in _cmdline(p)], 120,
                            "the run's temporary Prefect server")
        assert isinstance(servers, list) and len(servers) == 1
        server = servers[0]
        port = _cmdline(server).split("--port ", 1)[1].split()[0]
        _wait_for(lambda: (tmp_path / "k.duckdb.run.lock").exists() and run.poll() is None, 60, "the run to start")
        _wait_for(lambda: _answers(f"http://127.0.0.1:{port}/api/health"), 120, "the server to answer")
    finally:
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=30)
    _wait_for(lambda: not _alive(server), 30, f"the temporary server (pid {server}) to stop with its run")
    assert not _answers(f"http://127.0.0.1:{port}/api/health")


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def test_serve_on_another_port_tells_its_ui_that_port_and_sigterm_stops_its_server(
        own_prefect: dict[str, str], tmp_path: Path) -> None:
    config = tmp_path / "prefect.yaml"
    root = Path(__file__).resolve().parent.parent
    config.write_text("""deployments:
  - name: maintenance-yearly
    entrypoint: flows/maintenance.py:maintenance
    schedules:
      - cron: "0 3 1 1 *"
""", encoding="utf-8")
    port = free_port()
    served = subprocess.Popen([str(BIN / "geowire"), "serve", "--port", str(port), "--config", str(config)],
                              cwd=root, env=own_prefect, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(lambda: _answers(f"{base}/api/health"), 180, "the Prefect server serve starts")
        servers = [p for p in _children(served.pid) if "server" in _cmdline(p) and "start" in _cmdline(p)]
        assert len(servers) == 1, [_cmdline(p) for p in _children(served.pid)]
        settings = httpx.get(f"{base}/ui-settings", timeout=10).json()
        assert settings["api_url"] == f"{base}/api", settings  # the UI asks this server, not :4200
        _wait_for(lambda: _deployment_served(base), 120, "the deployment to be served")
    finally:
        served.send_signal(signal.SIGTERM)
        out, _ = served.communicate(timeout=60)
    assert served.returncode == 0, out
    _wait_for(lambda: not _alive(servers[0]), 30, "the prefect server to stop with serve")
    assert not _answers(f"{base}/api/health")


def _deployment_served(base: str) -> bool:
    try:
        found = httpx.post(f"{base}/api/deployments/filter", json={"limit": 5}, timeout=5).json()
    except (httpx.HTTPError, ValueError):
        return False
    return any(d["name"] == "maintenance-yearly" for d in found)
