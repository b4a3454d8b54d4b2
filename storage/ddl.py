"""Documented DDL: tables created with a ``COMMENT ON`` for the table and every column, so that
``duckdb_tables()`` / ``duckdb_columns()`` explain the schema from inside the database."""

from __future__ import annotations

from collections.abc import Mapping

import duckdb


def quote(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def create_documented_table(con: duckdb.DuckDBPyConnection, name: str, meaning: str,
                            columns: Mapping[str, tuple[str, str]], extra: str = "") -> None:
    """CREATE TABLE IF NOT EXISTS from ``{column: (type, meaning)}`` (``extra``: constraints), with comments."""
    cols = ", ".join(f"{column} {ddl}" for column, (ddl, _) in columns.items())
    con.execute(f"CREATE TABLE IF NOT EXISTS {name} ({cols}{extra})")
    con.execute(f"COMMENT ON TABLE {name} IS {quote(meaning)}")
    for column, (_, text) in columns.items():
        con.execute(f"COMMENT ON COLUMN {name}.{column} IS {quote(text)}")


def comment_view(con: duckdb.DuckDBPyConnection, name: str, meaning: str, columns: Mapping[str, str]) -> None:
    """Comment a view and its columns (``{column: meaning}``): creating or replacing a view drops them."""
    con.execute(f"COMMENT ON VIEW {name} IS {quote(meaning)}")
    for column, text in columns.items():
        con.execute(f"COMMENT ON COLUMN {name}.{column} IS {quote(text)}")


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether the connection's own file has a table ``name`` in its main schema (a view is no table)."""
    return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
                            "AND schema_name = 'main' AND table_name = ?", [name]).fetchall()[0][0])


def add_documented_columns(con: duckdb.DuckDBPyConnection, table: str,
                           columns: Mapping[str, tuple[str, str]]) -> None:
    """Add ``{column: (type, meaning)}`` to ``table``, each with its comment (a migration; idempotent)."""
    for column, (ddl, text) in columns.items():
        con.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {ddl}")
        con.execute(f"COMMENT ON COLUMN {table}.{column} IS {quote(text)}")
