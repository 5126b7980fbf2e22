"""Which database a base is in: SQLite (a file, the default) or PostgreSQL (PRIVY_DATABASE_URL, issue 23).

Kept apart, with no imports, so every store module can ask without importing psycopg or the other store
modules (the `ask` CLI path stays as fast as before on SQLite).
"""

from __future__ import annotations

POSTGRES = ("postgresql://", "postgres://")  # PRIVY_DATABASE_URL's schemes


def is_postgres(db: object) -> bool:
    """Whether this base is PostgreSQL (knowledge.store.pg), for the few steps each store does its own way."""
    return getattr(db, "dialect", "sqlite") == "postgresql"


def is_url(store: object) -> bool:
    """Whether a configured store is a PostgreSQL URL (PRIVY_DATABASE_URL) rather than a SQLite file."""
    return isinstance(store, str) and store.startswith(POSTGRES)
