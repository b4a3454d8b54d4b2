"""The two ways geowire reads lexbor's tree give the same records, and the slower one is there when needed.

The compiled module (``scrapers._lexbor``) is optional: without it, or when it fails its start-up
probe, ``scrapers.lextree`` answers on selectolax's public API. Both must extract exactly the same
record from every page, so each corpus page is extracted with each and the records compared whole.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scrapers import lextree
from scrapers.extract import extract_article

BIN = Path(sys.executable).parent / "geowire"


def _pages(shared_dir: Path) -> list[Path]:
    return sorted(path for path in (shared_dir / "corpus").glob("*/html/*") if path.name.endswith((".html", ".gz")))


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


@pytest.mark.skipif(lextree.MODE != "compiled", reason=f"only one implementation here ({lextree.MODE})")
def test_both_implementations_extract_identical_records_from_every_corpus_page(shared_dir: Path) -> None:
    pages = _pages(shared_dir)
    assert len(pages) > 100
    differ = []
    try:
        for path in pages:
            html = _read(path)
            lextree.use_backend("compiled")
            compiled = extract_article(html).to_dict()
            lextree.use_backend("python")
            python = extract_article(html).to_dict()
            if compiled != python:
                fields = sorted(key for key in compiled if compiled[key] != python[key])
                differ.append(f"{path.parent.parent.name}/{path.name}: {', '.join(fields)}")
    finally:
        lextree.use_backend("compiled")
    assert not differ, f"{len(differ)} of {len(pages)} pages differ:\n" + "\n".join(differ[:20])


def _geowire(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN), *args], check=False, capture_output=True, text=True, env={**os.environ, **env}, timeout=120)


def test_the_pure_python_mode_is_chosen_by_environment_and_reported(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>Floods in Kerala</title></head><body><article><h1>Floods in Kerala</h1>"
                    + "<p>Heavy rain closed roads across the state on Monday, officials said.</p>" * 5
                    + "</article></body></html>", encoding="utf-8")
    pure = _geowire("extract", "--version", GEOWIRE_PURE_PYTHON="1")
    assert pure.returncode == 0, pure.stderr
    assert "pure Python" in pure.stdout and "GEOWIRE_PURE_PYTHON" in pure.stdout
    default = _geowire("extract", "--version", GEOWIRE_PURE_PYTHON="")
    assert default.returncode == 0, default.stderr
    assert lextree.MODE.split(":")[0] in default.stdout
    records = [_geowire("extract", str(page), GEOWIRE_PURE_PYTHON=flag) for flag in ("1", "")]
    assert all(run.returncode == 0 for run in records), [run.stderr for run in records]
    assert records[0].stdout == records[1].stdout
    assert "Heavy rain closed roads" in records[0].stdout
