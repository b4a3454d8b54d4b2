"""Everything DuckDB: the schema, landing, the raw archive, re-extraction, search and queries.

    from storage import Database
    from storage.land import enqueue, next_batch, land

(The landing functions stay in their module: re-exporting ``land`` here would shadow the
``storage.land`` module itself.)
"""

from storage.db import Database, default_db_path

__all__ = ["Database", "default_db_path"]
