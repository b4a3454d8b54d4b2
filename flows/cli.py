"""The ``geowire`` command line: thin wrappers over library calls and the scrape flow."""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn, Optional

import typer
from rich.console import Console
from rich.text import Text
from typer.core import TyperGroup

import flows  # noqa: F401  (offline Prefect defaults before Prefect is imported)
from scrapers.errors import ConfigError, DatabaseMissing, GeowireError, StorageError
from storage.db import DEFAULT_BUSY_TIMEOUT, Database, default_db_path


class ExitCode(IntEnum):
    """What a geowire command's exit status means (documented in the README, "Exit codes")."""

    OK = 0  # done; single pages may still be skipped or failed, each recorded with its reason
    SOURCES_FAILED = 1  # a run finished, but some sources failed as a whole (unreachable, or stopped by an error)
    USAGE = 2  # a mistake in the command or its input: option, sources file, --url, SQL, missing database
    NOTHING_FETCHED = 3  # a run where every source failed: nothing could be fetched
    DATABASE = 4  # the database is unavailable: another run holds it, a process locks it, it is not readable
    INTERNAL = 5  # a bug in geowire: rerun with --debug for the traceback


class _Commands(TyperGroup):
    """Every command's errors end here: one ``error: …`` line per problem and a documented exit code,
    never a traceback, unless ``--debug`` asks for it."""

    def invoke(self, ctx: Any) -> Any:  # typer's (vendored) click.Context
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort):
            raise
        except typer.TyperException as exc:  # a usage error: an unknown option, a bad value, ...
            where = getattr(getattr(exc, "ctx", None), "command_path", None) or "geowire"
            _fail(f"{exc.format_message()} (see '{where} --help')", getattr(exc, "exit_code", ExitCode.USAGE))
        except KeyboardInterrupt:
            err_console.print("interrupted")
            raise typer.Exit(130) from None
        except Exception as exc:
            if _options.debug:
                raise
            _fail(*_diagnosis(exc))


@dataclass(slots=True)
class _Options:
    debug: bool = False  # --debug: errors with their traceback


_options = _Options()


app = typer.Typer(
    name="geowire",
    cls=_Commands,
    help="Scheduled news scraping for geopolitics: clean, dated, deduplicated articles in DuckDB.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Data is printed as it is: no console markup or :emoji: codes read from it (titles, queried values).
console = Console(emoji=False, highlight=False)
err_console = Console(stderr=True, emoji=False, highlight=False)

DbOption = Annotated[
    Optional[Path],
    typer.Option("--db", help="DuckDB file. Default: $GEOWIRE_DB or data/geowire.duckdb.", show_default=False),
]


@app.callback()
def main(debug: Annotated[bool, typer.Option(
        "--debug", envvar="GEOWIRE_DEBUG", help="On an error, show the full traceback too.")] = False) -> None:
    """Scheduled news scraping for geopolitics: clean, dated, deduplicated articles in DuckDB.

    Exit codes: 0 done, 1 some sources failed, 2 usage or configuration error, 3 nothing could be
    fetched, 4 database unavailable, 5 internal error.
    """
    _options.debug = debug


def _diagnosis(exc: BaseException) -> tuple[str, ExitCode]:
    """The message and exit code an error is reported with."""
    import duckdb

    from storage.export import ExportError

    if isinstance(exc, ConfigError | DatabaseMissing | ExportError):
        return str(exc), ExitCode.USAGE
    if isinstance(exc, StorageError):
        return str(exc), ExitCode.DATABASE
    if isinstance(exc, GeowireError):
        return str(exc), ExitCode.SOURCES_FAILED
    if isinstance(exc, duckdb.Error):  # DuckDB's first line says it all (bad SQL, unreadable file, ...)
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return first, ExitCode.DATABASE if isinstance(exc, duckdb.IOException) else ExitCode.USAGE
    if isinstance(exc, OSError):  # an unreadable input or unwritable output
        return str(exc), ExitCode.USAGE
    return (f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for the traceback, and please "
            "report it)"), ExitCode.INTERNAL


def _fail(message: str, code: int = ExitCode.USAGE) -> NoReturn:
    """Print ``error: …`` (one line per line of the message) and exit with ``code``."""
    for line in message.strip().splitlines() or [""]:
        err_console.print(Text(f"error: {line.strip()}"), soft_wrap=True)  # one line each, even if long
    raise typer.Exit(int(code))


class _HideGeowireTracebacks(logging.Filter):
    """Prefect logs a failed flow or task with its traceback; for geowire's own errors the message says it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], GeowireError):
            record.exc_info = record.exc_text = None
        return True


LOCAL_PREFECT_PORT = 4200  # where `geowire serve` and `prefect server start` listen by default
LOCAL_PREFECT_API = f"http://127.0.0.1:{LOCAL_PREFECT_PORT}/api"


@contextmanager
def _prefect_api() -> Iterator[None]:
    """Use the Prefect API configured (PREFECT_API_URL, from the environment or a Prefect profile), else a
    server running on the default local port (`geowire serve` starts one there), else a temporary server
    that dies with this process — and say which. A temporary server costs 4-13 s of every run; a running
    one is paid for once."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.server import healthy, temporary_api

    configured = PREFECT_API_URL.value()
    if configured:
        err_console.print(Text(f"Prefect: using the server at {configured} (PREFECT_API_URL)"), soft_wrap=True)
        yield
        return
    if healthy(LOCAL_PREFECT_API):
        err_console.print(Text(f"Prefect: using the server running at {LOCAL_PREFECT_API}"), soft_wrap=True)
        with temporary_settings(updates={PREFECT_API_URL: LOCAL_PREFECT_API}):
            yield
        return
    err_console.print(Text(f"Prefect: no server configured or running at {LOCAL_PREFECT_API}: starting a "
                           "temporary one for this run (`geowire serve` or PREFECT_API_URL spares that start-up)"),
                      soft_wrap=True)
    with temporary_api() as api_url, temporary_settings(updates={PREFECT_API_URL: api_url}):
        try:
            yield
        finally:  # send the run's last logs and events while the server is still there to take them
            from prefect.events.worker import EventsWorker
            from prefect.logging.handlers import APILogWorker

            APILogWorker.drain_all(timeout=10)
            EventsWorker.drain_all(timeout=10)


def _run_flow(*, sources_path: str, db_path: Path, wait: float | None, **parameters: Any) -> ExitCode:
    """Check the run's inputs and the database, take the run lock, then run the scrape flow once in this
    process (Prefect starts only once all that is fine) and print its summary; returns the exit code."""
    if err_console.is_terminal:  # progress bars instead of Prefect's per-task log lines
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    from flows.scrape import plan_run
    from storage.runlock import run_lock

    plan_run(sources_path, parameters.get("urls"), parameters.get("only"), parameters.get("allow_private_addresses"))
    database = Database(db_path, busy_timeout=DEFAULT_BUSY_TIMEOUT if wait is None else wait)
    try:
        with database.write():  # creates or migrates the file; a locked or unreadable one is refused here
            pass
    except OSError as exc:
        raise StorageError(f"cannot use {db_path}: {exc}") from exc
    with run_lock(database.path, wait=wait or 0.0):
        return _scrape_now(sources_path=sources_path, db_path=str(db_path), **parameters)


def _scrape_now(**parameters: Any) -> ExitCode:
    from flows.progress import progress_bars
    from flows.report import print_summary
    from flows.scrape import SourceFailed, scrape

    if not _options.debug:
        for logger in [logging.getLogger("prefect"), *(logging.getLogger(name) for name in list(
                logging.root.manager.loggerDict) if name.startswith("prefect."))]:
            for handler in logger.handlers:
                handler.addFilter(_HideGeowireTracebacks())
    with _prefect_api(), progress_bars(err_console):
        try:
            summary = asyncio.run(scrape(**parameters))
        except SourceFailed as exc:  # the other sources' work is done: show it, then the failure
            summary = exc.summary
    failed = summary.failed_sources
    print_summary(console, summary.per_source, run_id=summary.run_id, db_path=summary.db_path, stages=summary.stages,
                  seconds=summary.seconds, queries=parameters.get("trigger") == "demo" and not failed)
    if not failed:
        return ExitCode.OK
    for name, why in sorted(failed.items()):
        err_console.print(Text(f"error: source {name} failed: {why}"), soft_wrap=True)
    return ExitCode.NOTHING_FETCHED if len(failed) == len(summary.per_source) else ExitCode.SOURCES_FAILED


WaitOption = Annotated[float, typer.Option(
    "--wait", min=0, help="Seconds to keep retrying while another process holds the database.")]


@app.command()
def run(
    sources: Annotated[Path, typer.Option("--sources", help="Sources file.")] = Path("sources.toml"),
    db: DbOption = None,
    max_pages: Annotated[Optional[int], typer.Option("--max-pages", min=1, help="Pages per source this run.")] = None,
    url: Annotated[Optional[list[str]], typer.Option(
        "--url", help="Scrape this URL ad hoc (feed, sitemap, listing or article; repeatable).")] = None,
    source: Annotated[Optional[list[str]], typer.Option("--source", help="Only this source (repeatable).")] = None,
    allow_private_addresses: Annotated[Optional[bool], typer.Option(
        "--allow-private-addresses/--no-allow-private-addresses",
        help="Allow loopback/private targets (tests, local demos). Default: the sources file's setting.",
        show_default=False)] = None,
    wait: Annotated[Optional[float], typer.Option(
        "--wait", min=0, show_default=False,
        help="Seconds to wait while another run or process holds the database. "
             "Default: stop at once if another run is going; retry a locked file for 60 s.")] = None,
) -> None:
    """Run the scrape flow once now and print a per-source summary.

    Exit code 0 when every source was read, 1 when some failed, 3 when none could be fetched.

    Example: geowire run --sources sources.toml --max-pages 50
    """
    code = _run_flow(sources_path=str(sources), db_path=db or default_db_path(), max_pages=max_pages,
                     urls=url or None, only=source or None, allow_private_addresses=allow_private_addresses,
                     trigger="url" if url else "cli", wait=wait)
    raise typer.Exit(int(code))


@app.command()
def demo(db: DbOption = None) -> None:
    """Scrape the bundled offline demo news sites (served on 127.0.0.1) into the database.

    Run it twice: the second run finds one story edited and everything else unchanged.

    Example: geowire demo --db data/geowire.duckdb
    """
    from flows.demo_sites import DEMO_PORT, DemoSites
    from storage.queries import completed_runs, source_port

    database = Database(db or default_db_path())
    edition = min(completed_runs(database, trigger="demo"), 1)
    # Demo URLs include the port: serve on the one earlier runs used, so a rerun finds the same articles.
    port = source_port(database, "meridian") or DEMO_PORT
    try:
        sites = DemoSites(edition=edition, port=port).start()
    except OSError:
        err_console.print(f"[yellow]port {port} is busy: serving the demo on a free port; its URLs will differ "
                          f"from earlier demo runs in {database.path}[/yellow]")
        sites = DemoSites(edition=edition).start()
    with sites, tempfile.TemporaryDirectory(prefix="geowire-demo-") as tmp:
        sources_file = sites.write_sources(Path(tmp) / "demo-sources.toml")
        console.print(f"Demo sites (edition {edition}) at {sites.base_url}")
        code = _run_flow(sources_path=str(sources_file), db_path=database.path, allow_private_addresses=True,
                         trigger="demo", wait=None)
    raise typer.Exit(int(code))


def _read_input(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    data = Path(name).read_bytes()
    return gzip.decompress(data) if name.endswith(".gz") else data


def _extractor_version(asked: bool) -> None:
    """``--version``: the extractor's version and how it reads parsed pages (compiled module or pure Python)."""
    if asked:
        from scrapers.lextree import MODE
        from scrapers.models import EXTRACTOR_VERSION

        console.print(f"geowire extractor {EXTRACTOR_VERSION}, tree reads: {MODE}", markup=False, soft_wrap=True)
        raise typer.Exit()


@app.command()
def extract(
    files: Annotated[list[str], typer.Argument(help=".html or .html.gz files, or - for standard input.")],
    url: Annotated[Optional[str], typer.Option("--url", help="The page's URL (helps canonical URL and dates).")] = None,
    version: Annotated[bool, typer.Option(
        "--version", is_eager=True, callback=_extractor_version,
        help="Print the extractor's version and whether it runs compiled or in pure Python, and exit.")] = False,
) -> None:
    """Extract one article record per input and print them as JSON Lines.

    Example: geowire extract page.html.gz --url https://example.com/news/1
    """
    from scrapers.extract import extract_article

    for name in files:
        try:
            data = _read_input(name)
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            _fail(f"cannot read {name}: {exc}")
        article = extract_article(data, url)
        sys.stdout.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")


def _database(db: Optional[Path], wait: float) -> Database:
    return Database(db or default_db_path(), busy_timeout=wait)


CELL_WIDTH = 60  # longer values are cut with "…" in tables (--format csv/json gives them whole)


def _cell(value: object) -> str:
    text = "" if value is None else " ".join(str(value).split())
    return text if len(text) <= CELL_WIDTH else text[:CELL_WIDTH - 1] + "…"


def _print_table(columns: list[str], rows: list[tuple], title: str | None = None) -> None:
    """One line per row, columns never squeezed into wrapped slivers: a table wider than the
    terminal is printed at its natural width (like the duckdb shell) and the terminal wraps."""
    from rich import box
    from rich.measure import Measurement
    from rich.table import Column, Table

    table = Table(*(Column(Text(c)) for c in columns), title=title, title_justify="left", box=box.SIMPLE_HEAD,
                  pad_edge=False)
    for row in rows:
        table.add_row(*(Text(_cell(v)) for v in row))  # Text: a value is never read as markup
    natural = Measurement.get(console, console.options.update_width(10_000), table).maximum
    if natural <= console.width:
        console.print(table)
    else:
        Console(file=console.file, width=natural, force_terminal=console.is_terminal,
                no_color=console.no_color).print(table)


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="SQL to run (read-only).")],
    db: DbOption = None,
    fmt: Annotated[Optional[str], typer.Option(
        "--format", help="table, csv, json, jsonl or parquet. Default: table, or from the --output suffix.",
        show_default=False)] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the result to this file.")
                      ] = None,
    wait: WaitOption = 30.0,
) -> None:
    """Run a read-only SQL query against the database and print (or save) the result.

    Views: latest_articles, daily_counts, source_health, article_versions;
    full-text search: SELECT * FROM search_articles('north korea troops').

    Example: geowire sql "SELECT source, count(*) FROM articles GROUP BY source" --output counts.parquet
    """
    from storage import export as exporting

    if not query.strip():
        _fail('no SQL given: geowire sql "SELECT count(*) FROM articles"')
    database = _database(db, wait)
    if fmt is None and output is not None:
        fmt = exporting.format_for(output)
    if fmt in (None, "table"):
        if output is not None:
            _fail("--format table prints to the terminal; pick csv, json, jsonl or parquet for --output")
        result = exporting.run_query(database, query)
        _print_table(result.columns, result.rows)
    elif output is not None:
        path = exporting.write_query(database, query, fmt, output)
        err_console.print(Text(f"wrote {path}"))
    else:
        sys.stdout.buffer.write(exporting.query_text(database, query, fmt))
        sys.stdout.flush()


@app.command()
def stats(db: DbOption = None, wait: WaitOption = 30.0) -> None:
    """Show what is in the database: tables, articles per source, pages per state, last runs.

    Example: geowire stats --db data/geowire.duckdb
    """
    from storage.queries import stats as gather

    for section in gather(_database(db, wait)):
        _print_table(section.columns, section.rows, title=section.title)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to look for in headlines and text.")],
    db: DbOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Results to show.")] = 10,
    source: Annotated[Optional[str], typer.Option("--source", help="Only articles of this source.")] = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Rebuild the whole search index first.")
                       ] = False,
    wait: WaitOption = 30.0,
) -> None:
    """Full-text search over headlines and text, best matches first, with snippets (works offline).

    Example: geowire search "north korea troops" --limit 5 --source broadcast
    """
    from rich.markup import escape

    from storage import search as searching

    database = _database(db, wait)
    if rebuild:
        err_console.print(f"indexed {searching.reindex(database, full=True)} articles")
    hits = searching.search(database, query, limit, source=source)
    if not hits:
        console.print(Text(f"no articles match {query!r}"))
    for rank, hit in enumerate(hits, 1):
        snippet = re.sub(r"\*\*(.+?)\*\*", r"[bold yellow]\1[/bold yellow]", escape(hit.snippet))
        console.print(f"[bold]{rank}. {escape(hit.title or '(no title)')}[/bold]  "
                      f"[dim]{escape(hit.source)} {hit.published_day or ''} score {hit.score:.2f}[/dim]")
        console.print(f"   [cyan]{escape(hit.canonical_url)}[/cyan]", soft_wrap=True)
        console.print(f"   {snippet}")


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="parquet, csv or jsonl.")] = "parquet",
    table: Annotated[str, typer.Option("--table", help="Table or view to export.")] = "articles",
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="File to write. Default: exports/TABLE.FORMAT.")] = None,
    db: DbOption = None,
    wait: WaitOption = 30.0,
) -> None:
    """Export a table or view to Parquet, CSV or JSON Lines.

    Example: geowire export --format parquet --table articles --output articles.parquet
    """
    from storage import export as exporting

    if fmt not in ("parquet", "csv", "jsonl"):
        _fail(f"unknown format {fmt!r}: use parquet, csv or jsonl")
    path = exporting.export(_database(db, wait), fmt, table=table, output=output)
    console.print(Text(f"wrote {path}"))


@app.command()
def reextract(
    db: DbOption = None,
    source: Annotated[Optional[str], typer.Option("--source", help="Only articles of this source.")] = None,
    since: Annotated[Optional[datetime], typer.Option(
        "--since", formats=["%Y-%m-%d"], help="Only articles seen on or after this day (YYYY-MM-DD).")] = None,
    sources: Annotated[Optional[Path], typer.Option(
        "--sources", show_default=False,
        help="Read the pages of this file's sources with its timezone, language and rules instead of the "
             "settings they were landed with.")] = None,
) -> None:
    """Rebuild articles from the raw-page archive with the current extractor, without refetching.

    Each page is read with the settings (timezone, language, rules) it was landed with, unless
    --sources names a file to take them from. Unchanged records are left untouched; changed ones
    are rewritten in place.

    Example: geowire reextract --source aljazeera --since 2026-11-01
    """
    from scrapers.sources import load_sources
    from storage.reextract import reextract as replay

    settings = {s.name: s.page_settings for s in load_sources(sources).sources} if sources else None
    result = replay(Database(db or default_db_path()), source=source, since=since.date() if since else None,
                    sources=settings)
    console.print(Text(
        f"re-extracted {result.considered} articles: {result.rewritten} rewritten "
        f"({result.new_versions} with new content versions), {result.untouched} untouched, "
        f"{result.missing_archive} without an archived page"
        + (f", {sum(result.not_articles.values())} no longer pass extraction ({dict(result.not_articles)})"
           if result.not_articles else "")
        + (f", {result.unrecorded} left alone: archived before geowire recorded their settings "
           "(pass --sources FILE to read them with that file's)" if result.unrecorded else "")), soft_wrap=True)


@app.command()
def serve(
    port: Annotated[int, typer.Option("--port", help="Port of the local Prefect server to start.")
                    ] = LOCAL_PREFECT_PORT,
    config: Annotated[Path, typer.Option("--config", help="Deployments file.")] = Path("prefect.yaml"),
) -> None:
    """Run the scheduled deployments of prefect.yaml on this machine.

    Connects to $PREFECT_API_URL if it answers; otherwise starts `prefect server start` on
    127.0.0.1:PORT (schedules never fire on Prefect's temporary server). Stop with Ctrl-C.

    Example: geowire serve --port 4200
    """
    from flows.schedules import serve_deployments

    serve_deployments(config, port=port, console=console)


if __name__ == "__main__":
    app()
