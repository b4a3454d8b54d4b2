"""Every third-party module geowire imports is declared in pyproject.toml, so a fresh install works.

Runtime code (scrapers, storage, flows) may import only the runtime dependencies; tests, benchmarks
and docs scripts may also use the ``dev`` and ``bench`` extras.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
LOCAL = {"scrapers", "storage", "flows", "tests", "benchmarks", "docs"} | {p.stem for p in (ROOT / "tests").glob("*.py")}


def _name(requirement: str) -> str:
    """PEP 503 normalised distribution name of a requirement string."""
    match = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert match, requirement
    return re.sub(r"[-_.]+", "-", match.group(0)).lower()


def _imported(folder: str) -> dict[str, Path]:
    """Top-level third-party modules imported anywhere under ``folder``, with one file importing each."""
    found: dict[str, Path] = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for top in (name.split(".")[0] for name in names):
                if top not in sys.stdlib_module_names and top not in LOCAL:
                    found.setdefault(top, path.relative_to(ROOT))
    return found


RUNTIME = {_name(r) for r in PROJECT["dependencies"]}
EXTRAS = RUNTIME | {_name(r) for extra in PROJECT["optional-dependencies"].values() for r in extra}
DISTRIBUTIONS = importlib.metadata.packages_distributions()


@pytest.mark.parametrize(("folders", "declared"), [
    (("scrapers", "storage", "flows"), RUNTIME),
    (("tests", "benchmarks", "docs"), EXTRAS),
])
def test_every_imported_module_is_declared(folders: tuple[str, ...], declared: set[str]) -> None:
    missing = []
    for folder in folders:
        for module, path in _imported(folder).items():
            providers = {_name(d) for d in DISTRIBUTIONS.get(module, [module])}
            if not providers & declared:
                missing.append(f"{module} (imported by {path}, provided by {', '.join(sorted(providers))})")
    assert not missing, "imported but not declared in pyproject.toml: " + "; ".join(missing)
