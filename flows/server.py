"""Prefect API servers that geowire starts: never left running after geowire itself is gone.

Without ``PREFECT_API_URL`` Prefect starts a temporary API server per process as an
ordinary child, which a SIGKILLed run leaves behind (one more each time). geowire
starts that server itself, the way Prefect does, but as a child that the kernel
stops when its parent dies however it dies (``PR_SET_PDEATHSIG``), in a process
group of its own so that a terminal's Ctrl-C reaches geowire, which then stops it in
order. ``geowire serve``'s ``prefect server start`` is started the same way.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping

import httpx

from scrapers.errors import GeowireError

SERVER_START_TIMEOUT = 90.0
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_PORT_IN_USE = 3  # uvicorn's exit code when it cannot bind


class ServerError(GeowireError):
    """A Prefect server geowire needs did not start or does not answer."""

    reason = "prefect.server"


def _stop_with_parent(parent: int) -> None:
    """In the child, before exec: ask for SIGTERM when the parent dies (Linux; elsewhere a no-op)."""
    with contextlib.suppress(AttributeError, OSError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def spawn(command: list[str], env: Mapping[str, str]) -> subprocess.Popen[bytes]:
    """Start ``command`` as a child that is stopped when this process dies, in its own process group."""
    parent = os.getpid()
    return subprocess.Popen(command, env={**os.environ, **env}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True,
                            preexec_fn=lambda: _stop_with_parent(parent))  # noqa: PLW1509 - no threads yet


def stop(process: subprocess.Popen[bytes], timeout: float = 20.0) -> None:
    """SIGTERM the child's process group, wait, then SIGKILL whatever is left."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=timeout)
            return
        except subprocess.TimeoutExpired:
            continue


def healthy(api_url: str) -> bool:
    try:
        return httpx.get(f"{api_url.rstrip('/')}/health", timeout=2.0).status_code == 200
    except httpx.HTTPError:
        return False


def wait_until_healthy(process: subprocess.Popen[bytes], api_url: str, what: str) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while not healthy(api_url):
        if process.poll() is not None:
            raise ServerError(f"{what} exited with code {process.returncode} before answering at {api_url}")
        if time.monotonic() > deadline:
            raise ServerError(f"{what} did not answer at {api_url} within {SERVER_START_TIMEOUT:.0f}s")
        time.sleep(0.2)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def temporary_api() -> Iterator[str]:
    """The URL of a temporary Prefect API server started here (no UI, no background services: a one-off
    run needs neither), stopped on exit, and by the kernel if this process is killed."""
    # Prefect's own temporary server, started as Prefect starts it (prefect.server.api.server).
    env = {"PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1", "PREFECT_SERVER_UI_ENABLED": "false"}
    for _ in range(5):
        port = free_port()
        process = spawn([sys.executable, "-m", "uvicorn", "--factory", "prefect.server.api.server:create_app",
                         "--host", "127.0.0.1", "--port", str(port), "--log-level", "error", "--lifespan", "on"],
                        env)
        api_url = f"http://127.0.0.1:{port}/api"
        try:
            wait_until_healthy(process, api_url, "Prefect's temporary server")
        except ServerError:
            stop(process)
            if process.returncode == _PORT_IN_USE:  # another process took the port meanwhile
                continue
            raise
        try:
            yield api_url
        finally:
            stop(process)
        return
    raise ServerError("no free port for Prefect's temporary server")
