"""The ``geowire`` command line: thin wrappers over library calls and the scrape flow."""

from __future__ import annotations

import asyncio
import gzip
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated, Optional, TypeVar

import typer
from rich.console import Console

import flows  # noqa: F401  (offline Prefect defaults before Prefect is imported)
from scrapers.errors import GeowireError
from storage.db import Database, default_db_path

app = typer.Typer(
    name="geowire",
    help="Scheduled news scraping for geopolitics: clean, dated, deduplicated articles in DuckDB.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)
T = TypeVar("T")

DbOption = Annotated[
    Optional[Path],
    typer.Option("--db", help="DuckDB file. Default: $GEOWIRE_DB or data/geowire.duckdb.", show_default=False),
]


def _fail(message: str) -> typer.Exit:
    from rich.markup import escape

    err_console.print(f"[red]error:[/red] {escape(message)}", soft_wrap=True)  # one line, even if long
    return typer.Exit(code=1)


def _run_flow(**parameters: object) -> None:
    """Run the scrape flow once, in this process, and print its summary."""
    if err_console.is_terminal:  # progress bars instead of Prefect's per-task log lines
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    from flows.progress import progress_bars
    from flows.report import print_summary
    from flows.scrape import SourceFailed, scrape

    failure: GeowireError | None = None
    try:
        with progress_bars(err_console):
            summary = asyncio.run(scrape(**parameters))
    except SourceFailed as exc:  # the other sources' work is done: show it, then the failure
        summary, failure = exc.summary, exc
    except GeowireError as exc:
        raise _fail(str(exc)) from exc
    print_summary(console, summary.per_source, run_id=summary.run_id, db_path=summary.db_path,
                  seconds=summary.seconds, queries=parameters.get("trigger") == "demo" and failure is None)
    if failure is not None:
        raise _fail(str(failure))


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
    wait: Annotated[float, typer.Option("--wait", min=0, help="Seconds to wait if another run holds the database.")
                    ] = 0.0,
    worker: Annotated[bool, typer.Option(
        "--worker", help="Drain the frontier together with other --worker runs on this database "
        "(each URL goes to one of them; see docs/scale.md).")] = False,
) -> None:
    """Run the scrape flow once now and print a per-source summary.

    Example: geowire run --sources sources.toml --max-pages 50
    """
    _run_flow(sources_path=str(sources), db_path=str(db or default_db_path()), max_pages=max_pages,
              urls=url or None, only=source or None, allow_private_addresses=allow_private_addresses,
              trigger="url" if url else "cli", wait=wait, worker=worker)


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
        _run_flow(sources_path=str(sources_file), db_path=str(database.path), allow_private_addresses=True,
                  trigger="demo")


def _read_input(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    data = Path(name).read_bytes()
    return gzip.decompress(data) if name.endswith(".gz") else data


@app.command()
def extract(
    files: Annotated[list[str], typer.Argument(help=".html or .html.gz files, or - for standard input.")],
    url: Annotated[Optional[str], typer.Option("--url", help="The page's URL (helps canonical URL and dates).")] = None,
) -> None:
    """Extract one article record per input and print them as JSON Lines.

    Example: geowire extract page.html.gz --url https://example.com/news/1
    """
    from scrapers.extract import extract_article

    for name in files:
        try:
            data = _read_input(name)
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            raise _fail(f"cannot read {name}: {exc}") from exc
        article = extract_article(data, url)
        sys.stdout.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")


WaitOption = Annotated[float, typer.Option(
    "--wait", min=0, help="Seconds to keep retrying while another process holds the database.")]


def _database(db: Optional[Path], wait: float) -> Database:
    return Database(db or default_db_path(), busy_timeout=wait)


def _storage_call(function: Callable[..., T], *args: object, **kwargs: object) -> T:
    """Call into storage; errors become one line on stderr and exit code 1, never a traceback."""
    import duckdb

    try:
        return function(*args, **kwargs)
    except GeowireError as exc:
        raise _fail(str(exc)) from exc
    except (duckdb.Error, OSError) as exc:  # bad SQL, unwritable output, ...: DuckDB's first line says it
        raise _fail(str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__) from exc


CELL_WIDTH = 60  # longer values are cut with "…" in tables (--format csv/json gives them whole)


def _cell(value: object) -> str:
    text = "" if value is None else " ".join(str(value).split())
    return text if len(text) <= CELL_WIDTH else text[:CELL_WIDTH - 1] + "…"


def _print_table(columns: list[str], rows: list[tuple], title: str | None = None) -> None:
    """One line per row, columns never squeezed into wrapped slivers: a table wider than the
    terminal is printed at its natural width (like the duckdb shell) and the terminal wraps."""
    from rich import box
    from rich.measure import Measurement
    from rich.table import Table

    table = Table(*columns, title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for row in rows:
        table.add_row(*(_cell(v) for v in row))
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

    database = _database(db, wait)
    if fmt is None and output is not None:
        fmt = _storage_call(exporting.format_for, output)
    if fmt in (None, "table"):
        if output is not None:
            raise _fail("--format table prints to the terminal; pick csv, json, jsonl or parquet for --output")
        result = _storage_call(exporting.run_query, database, query)
        _print_table(result.columns, result.rows)
    elif output is not None:
        path = _storage_call(exporting.write_query, database, query, fmt, output)
        err_console.print(f"wrote {path}")
    else:
        sys.stdout.buffer.write(_storage_call(exporting.query_text, database, query, fmt))
        sys.stdout.flush()


@app.command()
def stats(db: DbOption = None, wait: WaitOption = 30.0) -> None:
    """Show what is in the database: tables, articles per source, pages per state, last runs.

    Example: geowire stats --db data/geowire.duckdb
    """
    from storage.queries import stats as gather

    for section in _storage_call(gather, _database(db, wait)):
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
        err_console.print(f"indexed {_storage_call(searching.reindex, database, full=True)} articles")
    hits = _storage_call(searching.search, database, query, limit, source=source)
    if not hits:
        console.print(f"no articles match {query!r}")
    for rank, hit in enumerate(hits, 1):
        snippet = re.sub(r"\*\*(.+?)\*\*", r"[bold yellow]\1[/bold yellow]", escape(hit.snippet))
        console.print(f"[bold]{rank}. {escape(hit.title or '(no title)')}[/bold]  "
                      f"[dim]{hit.source} {hit.published_day or ''} score {hit.score:.2f}[/dim]")
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
        raise _fail(f"unknown format {fmt!r}: use parquet, csv or jsonl")
    path = _storage_call(exporting.export, _database(db, wait), fmt, table=table, output=output)
    console.print(f"wrote {path}")


@app.command()
def reextract(
    db: DbOption = None,
    source: Annotated[Optional[str], typer.Option("--source", help="Only articles of this source.")] = None,
    since: Annotated[Optional[datetime], typer.Option(
        "--since", formats=["%Y-%m-%d"], help="Only articles seen on or after this day (YYYY-MM-DD).")] = None,
    sources: Annotated[Path, typer.Option(
        "--sources", help="Sources file (for each source's timezone, language and rules).")] = Path("sources.toml"),
) -> None:
    """Rebuild articles from the raw-page archive with the current extractor, without refetching.

    Unchanged records are left untouched; changed ones are rewritten in place.

    Example: geowire reextract --source aljazeera --since 2026-11-01
    """
    from scrapers.sources import load_sources
    from storage.reextract import reextract as replay

    configs = {s.name: s for s in _storage_call(load_sources, sources).sources} if sources.exists() else {}
    result = _storage_call(replay, Database(db or default_db_path()), source=source,
                           since=since.date() if since else None, sources=configs)
    console.print(f"re-extracted {result.considered} articles: {result.rewritten} rewritten "
                  f"({result.new_versions} with new content versions), {result.untouched} untouched, "
                  f"{result.missing_archive} without an archived page"
                  + (f", {sum(result.not_articles.values())} no longer pass extraction "
                     f"({dict(result.not_articles)})" if result.not_articles else ""))


@app.command()
def serve(
    port: Annotated[int, typer.Option("--port", help="Port of the local Prefect server to start.")] = 4200,
    config: Annotated[Path, typer.Option("--config", help="Deployments file.")] = Path("prefect.yaml"),
) -> None:
    """Run the scheduled deployments of prefect.yaml on this machine.

    Connects to $PREFECT_API_URL if it answers; otherwise starts `prefect server start` on
    127.0.0.1:PORT (schedules never fire on Prefect's temporary server). Stop with Ctrl-C.

    Example: geowire serve --port 4200
    """
    from flows.schedules import serve_deployments

    try:
        serve_deployments(config, port=port, console=console)
    except GeowireError as exc:
        raise _fail(str(exc)) from exc


if __name__ == "__main__":
    app()
