"""The public names of the library packages import and are listed in ``__all__`` (httpx-style)."""

from __future__ import annotations

import importlib

import pytest


@pytest.mark.parametrize("package", ["scrapers", "storage"])
def test_public_names_exist(package: str) -> None:
    module = importlib.import_module(package)
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert missing == []


def test_the_library_does_not_import_prefect() -> None:
    import subprocess
    import sys

    code = "import sys, scrapers, storage; print('prefect' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False", "scrapers/ and storage/ must stay usable without Prefect"
