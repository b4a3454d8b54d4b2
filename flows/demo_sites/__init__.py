"""Offline demo news sites: three publishers of different shapes, served on 127.0.0.1.

``make demo`` / ``geowire demo`` run the real pipeline against these instead of the
internet, and the tests use them as a realistic end-to-end target::

    from flows.demo_sites import DemoSites

    with DemoSites(edition=0) as sites:        # serves http://127.0.0.1:<free port>/{meridian,wire,broadcast}/
        sources = sites.write_sources(tmp_path / "sources.toml")
        ...                                    # run the scrape flow with that sources file
        sites.edition = 1                      # the developing story gets edited (second run)
        expected = sites.catalogue             # DemoArticle facts to compare the records with
        sites.not_articles, sites.dead_links, sites.tracking_links   # the traps, and where they are

URLs include the port: pass ``port=DEMO_PORT`` where a later run must find the same articles.
``python -m flows.demo_sites`` serves them for a browser until Ctrl-C.

Publishers: ``meridian`` (WordPress tagDiv "Newspaper" theme, listings, America/New_York),
``wire`` (JSON-LD + Google News sitemap index, Europe/Berlin), ``broadcast`` (RSS feed +
section listings, page dates without offset, Asia/Seoul). Content is data:
``content/<publisher>.toml`` (the articles) and ``templates/`` (HTML and XML).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self
from zoneinfo import ZoneInfo

from flows.demo_sites import broadcast, meridian, wire
from flows.demo_sites.catalogue import DemoArticle, load_publisher
from flows.demo_sites.server import DemoServer
from flows.demo_sites.site import Site

__all__ = ["DEMO_PORT", "DemoArticle", "DemoSites"]

DEMO_PORT = 8642
"""The port for runs that must find the same URLs again (``geowire demo`` twice): URLs include the port."""

# Publisher name (= content file and URL prefix) -> renderer; this order is the sources file's order.
_BUILDERS: dict[str, Callable[..., Site]] = {
    "meridian": meridian.build,
    "wire": wire.build,
    "broadcast": broadcast.build,
}
SOURCES_DEFAULTS: dict[str, Any] = {
    "user_agent": "geowire-demo/0.1",
    "allow_private_addresses": True,  # the demo runs on loopback
    "max_pages": 200,
    "host_delay": 0,  # one loopback server for all three publishers: no need to space requests
    "per_host_concurrency": 8,
}


def _toml_value(value: Any) -> str:
    """The few TOML value shapes a sources file needs; regexes go in literal strings."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        if "\\" in value and "'" not in value:
            return f"'{value}'"
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return "[" + ", ".join(_toml_value(v) for v in value) + "]"


class DemoSites:
    """The demo publishers served from a daemon thread; a context manager, or ``start()``/``stop()``."""

    def __init__(self, edition: int = 0, *, port: int = 0, quiet: bool = True) -> None:
        """``port=0`` picks a free port (tests); pass :data:`DEMO_PORT` where later runs must see the same URLs."""
        self._edition = edition
        self._port = port
        self._quiet = quiet
        self._lock = threading.Lock()
        self._rendered: tuple[tuple[str, int, tuple[date, ...]], dict[str, Site]] | None = None
        self._server: DemoServer | None = None
        self._thread: threading.Thread | None = None

    # lifecycle -------------------------------------------------------------------------

    def start(self) -> Self:
        """Bind 127.0.0.1 (a free port when ``port`` is 0) and serve in a daemon thread."""
        if self._server is None:
            try:
                self._server = DemoServer(self.sites, port=self._port, quiet=self._quiet)
            except OSError as exc:
                raise OSError(exc.errno, f"cannot serve the demo sites on 127.0.0.1:{self._port} ({exc.strerror}); "
                                         "is another demo running? Stop it, or pass another port") from exc
            # A short poll interval makes stop() return in milliseconds rather than half a second.
            self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), name="demo-sites",
                                            daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port; the object can be started again."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
            self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    # state -----------------------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("DemoSites is not running: use `with DemoSites() as sites:` or call start()")
        return self._server.port

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``, without a trailing slash."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def edition(self) -> int:
        """0 for the first run; 1 or more serves the edited developing story."""
        return self._edition

    @edition.setter
    def edition(self, value: int) -> None:
        with self._lock:
            self._edition = value

    def sites(self) -> dict[str, Site]:
        """Every publisher rendered for the current edition and each publisher's local today.

        Rendered again only when the port, the edition or a local date (the tagDiv date bar) changes.
        """
        with self._lock:
            todays = tuple(datetime.now(ZoneInfo(load_publisher(n, 0).timezone)).date() for n in _BUILDERS)
            key = (self.base_url, self._edition, todays)
            if self._rendered is None or self._rendered[0] != key:
                rendered = {
                    name: _BUILDERS[name](load_publisher(name, self._edition), self.base_url, today)
                    for name, today in zip(_BUILDERS, todays, strict=True)
                }
                self._rendered = (key, rendered)
            return self._rendered[1]

    @property
    def not_articles(self) -> list[str]:
        """Discoverable URLs that match an article pattern but are listings: to be recorded as skipped."""
        return [url for site in self.sites().values() for url in site.not_articles]

    @property
    def dead_links(self) -> list[str]:
        """Discoverable article links that answer 404: to be recorded as failed."""
        return [url for site in self.sites().values() for url in site.dead_links]

    @property
    def tracking_links(self) -> list[str]:
        """Discoverable links with utm_* parameters to a catalogue article: to be merged onto it."""
        return [url for site in self.sites().values() for url in site.tracking_links]

    @property
    def catalogue(self) -> list[DemoArticle]:
        """The expected facts of every article, as served in the current edition."""
        return [article for site in self.sites().values() for article in site.articles]

    # sources file ----------------------------------------------------------------------

    def sources_toml(self) -> str:
        """A sources file (``scrapers.sources`` format) pointing at this server's port."""
        lines = ["# geowire demo sources: generated by flows.demo_sites for this server's port.", "", "[defaults]"]
        lines += [f"{k} = {_toml_value(v)}" for k, v in SOURCES_DEFAULTS.items()]
        for site in self.sites().values():
            lines += ["", "[[source]]"]
            lines += [f"{k} = {_toml_value(v)}" for k, v in site.source.items()]
        return "\n".join(lines) + "\n"

    def write_sources(self, path: str | Path) -> Path:
        """Write :meth:`sources_toml` to ``path`` and return it."""
        path = Path(path)
        path.write_text(self.sources_toml(), encoding="utf-8")
        return path
