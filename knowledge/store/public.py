"""The public copy of the base (`make browse`): an allow-list of tables, columns and rows, the shared base only.

Whatever is not listed in PUBLIC stays out, so a table or column added later is private until someone
decides otherwise; tests/knowledge/test_store_public.py fails when a table or column is on neither list.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

SHARED_ONLY = "scope = ''"  # other servers' own facts, changes and questions are theirs

# Table -> (the columns copied, the rows copied).
PUBLIC: dict[str, tuple[tuple[str, ...], str]] = {
    "platforms": (tuple("id name aliases".split()), "1"),
    "facts": (tuple("scope id rev platform topic retired verified updated_at data".split()), SHARED_ONLY),
    "revisions": (tuple("id fact_id rev at by_name action changes data note scope".split()), SHARED_ONLY),
    "pending_changes": (
        tuple(
            "id fact_id base_rev action data by_name at status note decided_by_name decided_at scope".split()
        ),
        "scope = '' and origin is null",  # a server's suggestion names that server
    ),
    "feedback": (tuple("scope fact_id kind count".split()), SHARED_ONLY),
    "unanswered": (tuple("scope key question count first_at last_at".split()), SHARED_ONLY),  # redacted
    "source_links": (tuple("url status final_url error checked_at".split()), "1"),
    # the shared base's changes to what people are told (`bot.py changes`): the shared base only
    "answer_changes": (tuple("id at day platform regions known cause notice".split()), "1"),
    "meta": (("key", "value"), "key in ('seeded', 'search_fingerprint')"),
}
# Columns of public tables that stay out, and why.
PRIVATE_COLUMNS: dict[str, dict[str, str]] = {
    "revisions": {"by_id": "a moderator's Discord id"},
    "pending_changes": {
        "by_id": "a moderator's Discord id",
        "decided_by_id": "a moderator's Discord id",
        "origin": "the server a suggestion came from",
        "origin_name": "the name of the server a suggestion came from",
    },
}
# Tables that stay out, and why.
PRIVATE: dict[str, str] = {
    "user_regions": "the regions people saved",
    "feedback_votes": "vote tokens, keyed hashes of who voted",
    "unanswered_askers": "keyed hashes of who asked",
    "server_settings": "each server's moderator role and choices",
    "watch_versions": "copies of watched source passages: the curators' working material, in /review",
    "watch_checks": "when the source watch last ran and what it could not read",
    "_sqlite_migrations": "the schema's own bookkeeping",
    "privy_migrations": "the schema's own bookkeeping on PostgreSQL (knowledge.store.pg_schema)",
    "search_facts": "derived from the facts, for the bot's search",
    "search_vocab": "derived from the facts, for the bot's search",
    "search_counts": "derived from the facts, for the bot's search (each word's count of facts)",
    "search_words": "derived from the facts, for the bot's search (FTS5, with its shadow tables)",
    "search_changes": "which search rows each save wrote, for processes keeping the search rows in memory",
    "reminders": "people's deadline reminders: keyed hashes, and the Discord id to DM until sent",
    "checklist": "what people said they did (opted out of a platform), by keyed hash",
    "checklist_dms": "who asked for a DM when their checklist needs them to act again, with their Discord id",
    "shard_logins": "when each of the bot's login buckets last started a session",
    "alert_subscriptions": "each server's alert channels and their options",
    "alert_outbox": "the posts each server's alert channels get, and the messages made",
}


def is_private(table: str) -> bool:
    """Listed as private, or one of the FTS5 shadow tables of a private search table."""
    return table in PRIVATE or any(
        table.startswith(f"{name}_") for name in PRIVATE if name.startswith("search_")
    )


def public_copy(db: Database, target: Path) -> None:
    """Write the public part of `db` to a new SQLite file at `target` (replaced if it exists).

    A copy by SQLite's backup API is consistent even while the bot writes; everything not on the allow-list
    is then dropped from the copy, before anyone can open it.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    conn = sqlite3.connect(target)
    try:
        db.conn.backup(conn)
        conn.execute("pragma secure_delete = on")  # what is dropped is overwritten, not left in free pages
        copy = Database(conn)
        for table in [t for t in copy.table_names() if t not in PUBLIC and not _shadow(copy, t)]:
            conn.execute(f"drop table if exists [{table}]")  # an FTS5 table takes its shadow tables with it
        for table, (columns, rows) in PUBLIC.items():
            if not copy.table(table).exists():
                continue
            conn.execute(f"delete from [{table}] where not ({rows})")
            extra = [c.name for c in copy.table(table).columns if c.name not in columns]
            if extra:
                copy.table(table).transform(drop=extra)
        conn.commit()
    finally:
        conn.close()


def _shadow(db: Database, table: str) -> bool:
    """True for an FTS5 shadow table (dropped with its virtual table, and not droppable alone)."""
    return any(
        table.startswith(f"{t}_") for t in db.table_names() if db.table(t).virtual_table_using == "FTS5"
    )
