"""Which Prefect API a command talks to: a running server when there is one, so start-up is paid once.

Without an API URL, Prefect 3 starts a temporary API server inside every process that runs a
flow — 4 to 13 s on a small machine, often more than the run itself. So ``geowire run`` looks
for a running server before Prefect is imported (Prefect reads its settings then): the one
``$PREFECT_API_URL`` or the active Prefect profile names, else one answering on the default local
port, where ``geowire serve`` and ``prefect server start`` listen. It says which it used.

Deliberately free of Prefect imports.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import httpx

DEFAULT_PORT = 4200
DEFAULT_API_URL = f"http://127.0.0.1:{DEFAULT_PORT}/api"


def healthy(api_url: str, timeout: float = 2.0) -> bool:
    """Whether a Prefect API answers at ``api_url``."""
    try:
        return httpx.get(f"{api_url.rstrip('/')}/health", timeout=timeout).status_code == 200
    except httpx.HTTPError:
        return False


def profile_api_url() -> str | None:
    """PREFECT_API_URL of the active Prefect profile (``prefect config set PREFECT_API_URL=…``), if any."""
    home = Path(os.environ.get("PREFECT_HOME") or "~/.prefect").expanduser()
    path = Path(os.environ.get("PREFECT_PROFILES_PATH") or home / "profiles.toml")
    try:
        profiles = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return None
    active = os.environ.get("PREFECT_PROFILE") or profiles.get("active") or "ephemeral"
    value = profiles.get("profiles", {}).get(active, {}).get("PREFECT_API_URL")
    return value if isinstance(value, str) and value else None


def choose_api() -> str:
    """Point this process at a running Prefect server when there is one (before Prefect is
    imported); returns a line saying which API the run uses. A configured API is used as it is
    (Prefect Cloud's, say, has no plain health endpoint to probe)."""
    configured = [(os.environ.get("PREFECT_API_URL"), "$PREFECT_API_URL"), (profile_api_url(), "the Prefect profile")]
    for api_url, where in configured:
        if api_url:
            return f"Prefect: using the server at {api_url} (from {where})"
    if healthy(DEFAULT_API_URL, timeout=0.5):
        os.environ["PREFECT_API_URL"] = DEFAULT_API_URL
        return f"Prefect: using the server running at {DEFAULT_API_URL}"
    return (f"Prefect: no server running (none configured, none at {DEFAULT_API_URL}): starting a temporary "
            "one for this run; `geowire serve` (or PREFECT_API_URL) spares that start-up")
