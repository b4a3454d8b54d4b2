"""``geowire serve``: run the deployments of ``prefect.yaml`` on one machine.

``prefect.yaml`` is the one place schedules are declared; the classic path
(``prefect deploy --all`` + a worker) and ``geowire serve`` read the same file.
Schedules never fire on Prefect's temporary, per-process server, so ``serve``
connects to ``$PREFECT_API_URL`` when it answers and otherwise starts a real
``prefect server start`` on loopback and stops it on exit.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import yaml
from prefect import serve
from prefect.flows import Flow, load_flow_from_entrypoint
from prefect.schedules import Cron, Interval, RRule, Schedule
from prefect.settings import PREFECT_API_URL, temporary_settings
from rich.console import Console

from flows import server
from scrapers.errors import ConfigError


def load_deployments(config: Path) -> list[dict[str, Any]]:
    """The ``deployments`` list of a prefect.yaml, checked for what serving needs."""
    try:
        data = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    except FileNotFoundError as exc:
        raise ConfigError(f"{config} not found (run from the project directory or pass --config)") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{config}: not valid YAML: {exc}") from exc
    deployments = data.get("deployments")
    if not isinstance(deployments, list) or not deployments:
        raise ConfigError(f"{config}: no 'deployments' list")
    for index, item in enumerate(deployments, 1):
        for key in ("name", "entrypoint"):
            if not isinstance(item.get(key), str):
                raise ConfigError(f"{config}: deployment #{index} needs a '{key}'")
    return deployments


def _schedule(entry: dict[str, Any], where: str) -> Schedule:
    timezone = entry.get("timezone")
    if "cron" in entry:
        return Cron(entry["cron"], timezone=timezone)
    if "interval" in entry:
        return Interval(timedelta(seconds=float(entry["interval"])), timezone=timezone)
    if "rrule" in entry:
        return RRule(entry["rrule"], timezone=timezone)
    raise ConfigError(f"{where}: a schedule needs 'cron', 'interval' (seconds) or 'rrule'")


def build_deployments(config: Path) -> list[Any]:
    """RunnerDeployments for every deployment of the file, with their schedules and parameters."""
    built = []
    for item in load_deployments(config):
        where = f"{config}: deployment {item['name']!r}"
        flow: Flow[..., Any] = load_flow_from_entrypoint(item["entrypoint"])
        built.append(flow.to_deployment(
            name=item["name"],
            description=item.get("description"),
            parameters=item.get("parameters") or {},
            schedules=[_schedule(entry, where) for entry in item.get("schedules") or []],
            concurrency_limit=item.get("concurrency_limit"),
        ))
    return built


@contextmanager
def prefect_server(port: int, console: Console) -> Iterator[str]:
    """The API URL of a Prefect server: ``$PREFECT_API_URL`` if it answers, else one started here.

    The server started here is told its own address for its UI (``PREFECT_UI_API_URL``: without it the
    UI of a server on any port but 4200 asks 4200 for its API), and stops with this process.
    """
    existing = os.environ.get("PREFECT_API_URL")
    if existing:
        if not server.healthy(existing):
            raise ConfigError(f"PREFECT_API_URL={existing} does not answer; start that server or unset the variable")
        yield existing
        return
    api_url = f"http://127.0.0.1:{port}/api"
    if server.healthy(api_url):
        console.print(f"Using the Prefect server already running at {api_url}")
        yield api_url
        return
    prefect_bin = shutil.which("prefect", path=str(Path(sys.executable).parent)) or shutil.which("prefect")
    if prefect_bin is None:
        raise server.ServerError("the 'prefect' command is not installed in this environment")
    console.print(f"Starting a Prefect server on 127.0.0.1:{port} (UI at http://127.0.0.1:{port}) ...")
    process = server.spawn([prefect_bin, "server", "start", "--host", "127.0.0.1", "--port", str(port)], {
        "PREFECT_SERVER_API_HOST": "127.0.0.1", "PREFECT_SERVER_API_PORT": str(port),
        "PREFECT_UI_API_URL": api_url})
    try:
        server.wait_until_healthy(process, api_url, f"prefect server (is port {port} free?)")
        yield api_url
    finally:
        server.stop(process)


def _stop_on_sigterm(signum: int, frame: object) -> None:
    """systemd and ``docker stop`` stop a service with SIGTERM: stop exactly as Ctrl-C does, so that the
    Prefect server started here is stopped too. Raising SIGINT rather than KeyboardInterrupt lets the
    runner's event loop (``asyncio.run`` handles SIGINT) cancel its task at an ``await`` instead of
    breaking into whatever line runs when the signal lands. Where SIGINT has no Python handler (ignored,
    as in a background job of a script) that would do nothing: KeyboardInterrupt, then."""
    if not callable(signal.getsignal(signal.SIGINT)):
        raise KeyboardInterrupt
    signal.raise_signal(signal.SIGINT)


def serve_deployments(config: Path, *, port: int, console: Console) -> None:
    """Serve every deployment of ``config`` until interrupted."""
    deployments_spec = load_deployments(config)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        with prefect_server(port, console) as api_url, temporary_settings(updates={PREFECT_API_URL: api_url}):
            os.environ["PREFECT_API_URL"] = api_url  # flow-run subprocesses inherit it
            deployments = build_deployments(config)
            console.print(f"Serving {len(deployments)} deployments from {config}: "
                          + ", ".join(d["name"] for d in deployments_spec))
            serve(*deployments)
    except KeyboardInterrupt:
        # Ctrl-C or SIGTERM is how a service is stopped, not a failure: whether Prefect's runner or
        # this code sees it first depends on timing, so both end here, after the server is stopped.
        console.print("stopped")
