"""Everything DuckDB: the schema, landing, the raw archive, re-extraction and queries.

    from storage import Database, land
"""

from storage.db import Database, default_db_path
from storage.land import enqueue, land, next_batch

__all__ = ["Database", "default_db_path", "enqueue", "land", "next_batch"]
