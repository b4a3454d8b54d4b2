"""`geowire extract`: files, .gz, standard input, byte decoding, clear errors — through the real CLI."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent / "geowire"
PARAGRAPH = ("Le ministre des Affaires étrangères a rencontré ses homologues à Genève pour discuter de la "
             "sécurité maritime et des exportations de céréales, selon un communiqué publié vendredi. ")
PAGE = f"""<!DOCTYPE html><html lang="fr"><head><meta charset="windows-1252">
<title>Réunion à Genève | Monde - Le Quotidien</title>
<meta property="og:type" content="article"><meta property="og:title" content="Réunion à Genève">
<meta property="article:published_time" content="2026-03-02T09:30:00+01:00"></head><body>
<nav><a href="/">Accueil</a></nav><article><h1>Réunion à Genève</h1><p class="byline">Par Claire Dubois</p>
<div class="article-body">{"".join(f"<p>{PARAGRAPH}</p>" for _ in range(4))}</div></article></body></html>"""


def _extract(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(BIN), "extract", *args], input=stdin, capture_output=True, timeout=120, check=False)


def test_files_gzip_and_stdin_give_one_json_line_each(tmp_path: Path) -> None:
    plain = tmp_path / "page.html"
    plain.write_bytes(PAGE.encode("cp1252"))
    packed = tmp_path / "page.html.gz"
    packed.write_bytes(gzip.compress(PAGE.encode("cp1252")))
    result = _extract(str(plain), str(packed), "-", "--url", "https://lequotidien.example/monde/geneve",
                      stdin=b"\xef\xbb\xbf" + PAGE.replace("windows-1252", "utf-8").encode("utf-8"))
    assert result.returncode == 0, result.stderr.decode()
    records = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert len(records) == 3
    for record in records:
        assert record["title"] == "Réunion à Genève"
        assert record["published_at"] == "2026-03-02T09:30:00+01:00"
        assert "Affaires étrangères" in record["body"] and "Accueil" not in record["body"]
        assert record["url"] == "https://lequotidien.example/monde/geneve"
        assert record["language"] == "fr"


def test_an_unreadable_input_is_a_clear_error(tmp_path: Path) -> None:
    result = _extract(str(tmp_path / "missing.html"))
    assert result.returncode == 2  # a usage error: the input cannot be read
    assert b"cannot read" in result.stderr and b"Traceback" not in result.stderr
    bad = tmp_path / "bad.html.gz"
    bad.write_bytes(b"not gzip at all")
    result = _extract(str(bad))
    assert result.returncode == 2 and b"cannot read" in result.stderr
