"""An undeclared windows-1252 page lands as written, not as Central European or Baltic text: a real
HTTP server that declares no charset anywhere, a real `geowire run` and `geowire extract`."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from storage.db import Database

BIN = Path(sys.executable).parent
TITLE = "Déjà vu in Málaga as fishing talks stall"
PARAGRAPHS = (
    ("Ministers from the Mediterranean states met in Málaga on Friday for a third round of talks on fishing "
     "quotas, and for many of the delegates it was déjà vu: the same draft was on the table a year ago."),
    ("The Spanish presidency said the talks would resume in Cádiz next month, after the Commission publishes "
     "its assessment of the stocks. Officials in Málaga described the mood as tired but not hostile."),
)
BASQUE_TITLE = "Málagako goi-bilera akordiorik gabe amaitu da"
BASQUE = ("Mediterraneoko ministroak ostiralean bildu ziren Málagan arrantza kuotei buruz hitz egiteko, eta "
          "askorentzat déjà vu bat izan zen: iazko zirriborro bera zegoen mahai gainean. Hurrengo bilera Cádizen "
          "izango da datorren hilean, Batzordeak stocken ebaluazioa argitaratu ondoren.")


def _page(title: str, paragraphs: tuple[str, ...]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head><title>{title}</title>"
            f'<meta property="og:type" content="article">'
            f'<meta property="article:published_time" content="2026-03-06T10:00:00+01:00"></head>'
            f"<body><article><h1>{title}</h1><div class='article-body'>{body}</div></article></body></html>"
            ).encode("cp1252")


PAGES = {"/news/2026/03/06/malaga-talks": _page(TITLE, PARAGRAPHS),
         "/albisteak/2026/03/06/malaga-goi-bilera": _page(BASQUE_TITLE, (BASQUE,))}


class _Site(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/robots.txt":
            body, kind = b"User-agent: *\nAllow: /\n", "text/plain"
        elif self.path == "/albisteak/rss":
            link = f"http://{self.headers['Host']}/albisteak/2026/03/06/malaga-goi-bilera"
            body = f"<rss version='2.0'><channel><item><link>{link}</link></item></channel></rss>".encode()
            kind = "application/rss+xml"
        elif self.path in PAGES:
            body, kind = PAGES[self.path], "text/html"  # no charset: not here, not in the page
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_an_undeclared_western_page_lands_as_written(prefect_harness: str, site: str, tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(f"""[defaults]
allow_private_addresses = true
host_delay = 0

[[source]]
name = "euskadi"
language = "eu"
timezone = "Europe/Madrid"
feeds = ["{site}/albisteak/rss"]
""", encoding="utf-8")
    db = Database(tmp_path / "charset.duckdb")
    env = {**os.environ, "PREFECT_API_URL": prefect_harness, "PREFECT_LOGGING_LEVEL": "WARNING"}
    for args in (["--url", f"{site}/news/2026/03/06/malaga-talks", "--allow-private-addresses"],
                 ["--sources", str(sources)]):
        done = subprocess.run([str(BIN / "geowire"), "run", *args, "--db", str(db.path)], env=env,
                              capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, done.stderr
    with db.read() as con:
        rows = dict(con.execute("SELECT title, body FROM articles").fetchall())
    assert set(rows) == {TITLE, BASQUE_TITLE}, rows  # the English text says so; the Basque source's settings do
    assert rows[TITLE] == "\n\n".join(PARAGRAPHS) and rows[BASQUE_TITLE] == BASQUE


def test_extract_reads_an_undeclared_western_file_as_written(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(_page(TITLE, PARAGRAPHS))
    done = subprocess.run([str(BIN / "geowire"), "extract", str(page)], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert f'"title": "{TITLE}"' in done.stdout and "Mįlaga" not in done.stdout
