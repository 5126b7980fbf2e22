"""Open the SQLite file through sqlite-utils and bring its schema up to date."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from sqlite_utils import Database, Migrations

log = logging.getLogger(__name__)

migrations = Migrations("privy")


@migrations()
def m001_facts(db: Database) -> None:
    """Current facts, their append-only revisions, platforms and settings."""
    db["platforms"].create({"id": str, "name": str, "aliases": str}, pk="id")
    db["facts"].create(
        {
            "id": str,
            "rev": int,
            "platform": str,
            "topic": str,
            "retired": str,
            "verified": str,
            "updated_at": str,
            "data": str,
        },
        pk="id",
    )
    db["revisions"].create(
        {
            "id": int,
            "fact_id": str,
            "rev": int,
            "at": str,
            "by_id": str,
            "by_name": str,
            "action": str,
            "changes": str,
            "data": str,
        },
        pk="id",
    )
    db["revisions"].create_index(["fact_id", "rev"], unique=True)
    db["meta"].create({"key": str, "value": str}, pk="key")


@migrations()
def m002_community(db: Database) -> None:
    """What users chose to keep (their region), anonymous feedback, and unanswered questions."""
    db["user_regions"].create({"user_id": str, "region": str, "set_at": str}, pk="user_id")
    db["feedback"].create({"fact_id": str, "kind": str, "count": int}, pk=("fact_id", "kind"))
    db["feedback_votes"].create({"token": str, "at": str}, pk="token")
    db["unanswered"].create(
        {"key": str, "question": str, "count": int, "first_at": str, "last_at": str}, pk="key"
    )


@migrations()
def m003_review(db: Database) -> None:
    """Changes waiting for a second moderator when peer review is on."""
    db["pending_changes"].create(
        {
            "id": int,
            "fact_id": str,
            "base_rev": int,
            "action": str,
            "data": str,
            "by_id": str,
            "by_name": str,
            "at": str,
            "status": str,
        },
        pk="id",
    )


@migrations()
def m004_curation(db: Database) -> None:
    """Drafts and decisions on changes (who approved or rejected, why), and a note on each revision."""
    changes = db["pending_changes"]
    for column in ("note", "decided_by_id", "decided_by_name", "decided_at"):
        changes.add_column(column, str)
    changes.create_index(["status"])
    db["revisions"].add_column("note", str)


def open_db(path: str | Path | None) -> Database:
    """The fact base at `path` (":memory:" or None for a private in-memory one), migrated, in WAL mode.

    The connection may be used from worker threads (the bot runs core calls off its event loop), one
    thread at a time: callers that share it across threads hold one lock around each use.
    """
    if path in (None, ":memory:"):
        db = Database(sqlite3.connect(":memory:", check_same_thread=False))
    else:
        file = Path(path)
        file.parent.mkdir(parents=True, exist_ok=True)
        db = Database(sqlite3.connect(str(file), check_same_thread=False))
        db.enable_wal()
    migrations.apply(db)
    return db
