"""Shared pytest setup: offline Prefect settings, the shared corpus location, plugins."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import tripwire  # noqa: F401  - installs the network tripwire for the whole suite (tests/tripwire.py)

# Offline machine: no telemetry, no analytics (set before Prefect is imported anywhere).
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "corpus: reads ../shared (make test runs these again in pure-Python mode)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the corpus tests: ``make test`` runs them a second time with GEOWIRE_PURE_PYTHON=1, so both ways of
    reading the tree (scrapers.lextree) are held to them; tests that pick the implementation themselves are not."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "shared_dir" in fixtures and "backend" not in fixtures:
            item.add_marker(pytest.mark.corpus)


@pytest.fixture(scope="module", params=["compiled", "python"])
def each_backend(request: pytest.FixtureRequest) -> Iterator[str]:
    """Runs a module's tests once with each implementation of ``scrapers.lextree`` (the compiled one where it is
    in use): their answers must be the same."""
    from scrapers import lextree

    if request.param == "compiled" and lextree.BACKEND != "compiled":
        pytest.skip(f"the compiled module is not in use here ({lextree.MODE})")
    lextree.use_backend(request.param)
    yield request.param
    lextree.use_backend(lextree.BACKEND)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` (read-only test data); tests that need it skip where it is absent."""
    if not (SHARED / "corpus").is_dir():
        pytest.skip(f"../shared corpus not found at {SHARED} (clone the project beside shared/ to run this test)")
    return SHARED


@pytest.fixture()
def db_path(tmp_path: Path) -> Path:
    """A DuckDB file path in a fresh temporary folder."""
    return tmp_path / "geowire.duckdb"


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[str]:
    """One temporary Prefect API for the whole session (it takes ~9 s to start); yields its URL,
    which subprocesses get as PREFECT_API_URL instead of each starting a server of their own."""
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield str(PREFECT_API_URL.value())
