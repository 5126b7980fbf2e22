"""Open the configured fact base: a SQLite file (knowledge.store.db) or PostgreSQL (knowledge.store.pg).

Apart from both, so neither imports the other, and psycopg is imported only when a URL is opened (the
`ask` command on a SQLite file pays nothing for PostgreSQL).
"""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from knowledge.store.db import open_db
from knowledge.store.dialect import is_url


def open_store(
    store: str | Path | None, *, busy_timeout: float | None = None, key_file: str | Path | None = None
) -> Database:
    """The base at `store` (a file, ":memory:"/None, or a postgresql:// URL with its key file), migrated."""
    if is_url(store):
        from knowledge.store.db import BUSY_TIMEOUT
        from knowledge.store.pg import open_pg

        timeout = BUSY_TIMEOUT if busy_timeout is None else busy_timeout
        return open_pg(str(store), busy_timeout=timeout, key_file=key_file)
    return open_db(store, busy_timeout=busy_timeout)
