"""Getting data out: query results and whole tables as CSV, JSON, JSON Lines or Parquet.

DuckDB's own ``COPY ... TO`` writes every format, so nested columns (authors
lists, caption structs, the weather struct) and time zones survive the way
DuckDB documents them instead of being flattened by hand. Query results printed
to the terminal go through the same writer (into a temporary file), so that
``geowire sql --format csv`` and ``--output x.csv`` give identical bytes.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import duckdb

from scrapers.errors import GeowireError
from storage.db import Database
from storage.queries import read_current

Format = Literal["csv", "json", "jsonl", "parquet"]

_COPY_OPTIONS: dict[str, str] = {
    "csv": "FORMAT csv, HEADER true",
    "json": "FORMAT json, ARRAY true",
    "jsonl": "FORMAT json",
    "parquet": "FORMAT parquet, COMPRESSION zstd",
}


class ExportError(GeowireError):
    """An export was asked for something that cannot be exported (unknown table, format, output)."""

    reason = "export.invalid"


@dataclass(frozen=True, slots=True)
class QueryResult:
    """Rows of a query, for printing as a table."""

    columns: list[str]
    rows: list[tuple]


def run_query(db: Database, sql: str) -> QueryResult:
    """Run one SQL statement on a read-only connection (writes are refused by DuckDB)."""
    with read_current(db) as con:
        result = con.execute(sql)
        if result is None:  # DuckDB's answer to empty SQL, or SQL that is only a comment
            raise ExportError("no SQL statement to run")
        columns = [d[0] for d in result.description or []]
        return QueryResult(columns, result.fetchall() if result.description else [])


def _copy(con: duckdb.DuckDBPyConnection, sql: str, fmt: Format, path: Path) -> None:
    # Registered as a relation (streamed, not materialised) because COPY takes only a SELECT,
    # while a user's statement may be SHOW, DESCRIBE, SUMMARIZE or PRAGMA.
    relation = con.sql(sql)
    if relation is None:
        raise ExportError("the statement returns no result to write")
    con.register("geowire_export", relation)
    try:
        literal = "'" + str(path).replace("'", "''") + "'"
        con.execute(f"COPY geowire_export TO {literal} ({_COPY_OPTIONS[fmt]})")
    finally:
        con.unregister("geowire_export")


_SUFFIXES: dict[str, Format] = {".csv": "csv", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
                                 ".parquet": "parquet"}


def format_for(path: Path) -> Format:
    """The format a file name asks for (``counts.parquet`` -> parquet)."""
    try:
        return _SUFFIXES[path.suffix.lower()]
    except KeyError:
        raise ExportError(f"cannot tell the format from {path.name!r}: give --format "
                          f"({', '.join(_COPY_OPTIONS)})") from None


def _check_format(fmt: str) -> Format:
    if fmt not in _COPY_OPTIONS:
        raise ExportError(f"unknown format {fmt!r}: use one of {', '.join(_COPY_OPTIONS)}")
    return fmt  # type: ignore[return-value]


def write_query(db: Database, sql: str, fmt: str, output: Path) -> Path:
    """Write a query's result to ``output`` in ``fmt``; returns the path written."""
    fmt = _check_format(fmt)
    output.parent.mkdir(parents=True, exist_ok=True)
    with read_current(db) as con:
        _copy(con, sql, fmt, output)
    return output


def query_text(db: Database, sql: str, fmt: str) -> bytes:
    """A query's result as CSV, JSON or JSON Lines bytes (for standard output)."""
    fmt = _check_format(fmt)
    if fmt == "parquet":
        raise ExportError("parquet is binary: give --output FILE")
    with tempfile.TemporaryDirectory(prefix="geowire-query-") as tmp:
        path = Path(tmp) / f"result.{fmt}"
        write_query(db, sql, fmt, path)
        return path.read_bytes()


def exportable(con: duckdb.DuckDBPyConnection) -> Sequence[str]:
    """Tables and views of the main schema."""
    return [row[0] for row in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT internal "
        "UNION SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal "
        "ORDER BY 1").fetchall()]


def export(db: Database, fmt: str, *, table: str = "articles", output: Path | None = None) -> Path:
    """Write a whole table or view to a file (default ``exports/TABLE.EXT``); returns its path."""
    fmt = _check_format(fmt)
    output = output or Path("exports") / f"{table}.{fmt}"
    with read_current(db) as con:
        names = exportable(con)
        if table not in names:
            raise ExportError(f"no table or view named {table!r}; choose from: {', '.join(names)}")
        output.parent.mkdir(parents=True, exist_ok=True)
        _copy(con, f'SELECT * FROM "{table}"', fmt, output)
    return output
