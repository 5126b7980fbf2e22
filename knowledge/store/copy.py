"""`python bot.py db copy SOURCE TARGET`: a whole base from one store to the other (a SQLite file and a
postgresql:// URL, either way), with its history, into an empty target (issue 23).

Every table of COPIED is copied row for row, column for column, in one write transaction on the target:
facts and their revisions, drafts, votes, questions, alerts, people's reminders. The search tables are
derived from the facts and are built anew on the target (DERIVED); each store keeps its own record of
its schema steps. A table on neither list fails the copy (and tests/knowledge/test_store_copy.py), so a
table added later is never left behind unnoticed.

Keyed hashes (votes, askers, reminders) mean something only with the key that made them, so the source's
key file goes with the base: to the target's key file when it has none, and a target key that differs
refuses the copy.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from knowledge.errors import CoreError
from knowledge.store import search_index
from knowledge.store.db import StoreUnavailable, write
from knowledge.store.dialect import is_postgres, is_url
from knowledge.store.opening import open_store
from knowledge.store.secret_key import _place, _read, key_path

log = logging.getLogger(__name__)

BATCH = 2000  # rows read and written at a time

# Table -> the order its rows are read in (and, for numbered rows, written: identity numbers stay).
COPIED: dict[str, str] = {
    "platforms": "id",
    "facts": "rowid",  # the order they were first written: the search rows are numbered in it
    "revisions": "id",
    "meta": "key",
    "user_regions": "user_id",
    "feedback": "scope, fact_id, kind",
    "feedback_votes": "token",
    "unanswered": "scope, key",
    "unanswered_askers": "scope, key, who",
    "pending_changes": "id",
    "server_settings": "scope",
    "source_links": "url",
    "watch_versions": "id",
    "watch_checks": "url, watch",
    "alert_subscriptions": "id",
    "alert_outbox": "id",
    "answer_changes": "id",
    "reminders": "id",
    "checklist": "who, platform, region",
    "checklist_dms": "who",
    "shard_logins": "bucket",
}
# Tables not copied, and why.
DERIVED: dict[str, str] = {
    "search_facts": "rebuilt from the facts on the target",
    "search_words": "rebuilt from the facts on the target (FTS5 or tsvector)",
    "search_vocab": "FTS5's view of search_words",
    "search_counts": "rebuilt from the facts on the target",
    "search_changes": "a new log starts with the rebuilt search rows",
    "_sqlite_migrations": "each store records its own schema steps",
    "privy_migrations": "each store records its own schema steps",
}
NUMBERED = ("revisions", "pending_changes", "watch_versions", "alert_subscriptions", "alert_outbox",
            "answer_changes", "reminders")  # fmt: skip
META_DERIVED = ("search_fingerprint", "search_epoch")  # written by the rebuild on the target


class CopyRefused(CoreError):
    """The copy cannot start as asked (the target holds data, a key differs); nothing was written."""

    exit_code = 2


@dataclass(frozen=True)
class Copied:
    """What `db copy` wrote: rows per table, facts indexed, and where the key went (if it moved)."""

    rows: dict[str, int]
    facts: int
    key: Path | None


def shown(store: str) -> str:
    """A store as it may be printed: a URL without its password."""
    if is_url(store):
        from knowledge.store.pg import redacted

        return redacted(store)
    return store


def copy_base(
    source: str,
    target: str,
    *,
    key_file: str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Copied:
    """Copy every row of `source` into the empty base `target`; `key_file` is a PostgreSQL side's key."""
    if not is_url(source) and not Path(source).is_file():
        raise CopyRefused(f"{source} is not a fact base file; nothing was copied")
    if not is_url(target) and Path(target).exists():
        raise CopyRefused(f"{target} already exists; db copy writes only a new file; nothing was copied")
    if not is_url(target) and not Path(target).parent.is_dir():
        raise CopyRefused(
            f"{target} is in a folder that does not exist ({Path(target).parent}); create the folder or give "
            "another path; nothing was copied"
        )
    src = open_store(source, key_file=key_file)
    dst = open_store(target, key_file=key_file)
    try:
        return _copy(src, dst, source, target, progress)
    finally:
        for db in (src, dst):
            db.close()


def _copy(
    src: Database, dst: Database, source: str, target: str, progress: Callable[[str, int, int], None] | None
) -> Copied:
    unknown = sorted(t for t in _tables(src) if t not in COPIED and t not in DERIVED)
    if unknown:
        raise CopyRefused(
            f"{shown(source)} holds tables db copy does not know ({', '.join(unknown)}); nothing was copied"
        )
    held = [t for t in COPIED if t != "meta" and _count(dst, t)]
    if held:
        raise CopyRefused(
            f"{shown(target)} is not empty (it holds {', '.join(held[:3])}); db copy writes only into an "
            "empty base; nothing was copied"
        )
    key = _carry_key(src, dst)
    counts: dict[str, int] = {}
    with write(dst):
        dst.execute("delete from meta")
        for table, order in COPIED.items():
            counts[table] = _copy_table(src, dst, table, order, progress)
        if is_postgres(dst):
            for table in NUMBERED:  # the next row numbered after the copied ones
                dst.execute(
                    f"select setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 0) + 1, false)"
                    f" from {table}"
                )
        dst.execute(
            f"delete from meta where key in ({', '.join('?' * len(META_DERIVED))})", list(META_DERIVED)
        )
        facts = search_index.rebuild(dst)
    return Copied(counts, facts, key)


def _tables(db: Database) -> list[str]:
    names = db.table_names()
    return [n for n in names if not n.startswith(("search_words_", "sqlite_"))]


def _count(db: Database, table: str) -> int:
    return int(db.execute(f"select count(*) from {table}").fetchone()[0])


def _columns(db: Database, table: str) -> list[str]:
    """The table's columns, as stored (PostgreSQL's facts.rowid is the row's number, not a column to copy)."""
    result = db.execute(f"select * from {table} limit 0")
    return [d[0] for d in result.description or [] if not (table == "facts" and d[0] == "rowid")]


def _copy_table(
    src: Database, dst: Database, table: str, order: str, progress: Callable[[str, int, int], None] | None
) -> int:
    columns = _columns(src, table)
    missing = [c for c in columns if c not in _columns(dst, table)]
    if missing:
        raise CopyRefused(f"the target's {table} has no column {', '.join(missing)}; nothing was copied")
    total = _count(src, table)
    names = ", ".join(f'"{c}"' for c in columns)
    insert = f"insert into {table} ({names}) values ({', '.join('?' * len(columns))})"
    done = 0
    while done < total:
        rows: list[Any] = src.execute(
            f"select {names} from {table} order by {order} limit ? offset ?", [BATCH, done]
        ).fetchall()
        if not rows:
            break
        dst.conn.executemany(insert, [tuple(r) for r in rows])
        done += len(rows)
        if progress is not None:
            progress(table, done, total)
    return done


def _carry_key(src: Database, dst: Database) -> Path | None:
    """The source's key file, copied to the target's when it has none; None when nothing moved."""
    have, want = key_path(src), key_path(dst)
    if have is None or want is None:
        return None
    key = _read(have)
    if key is None:
        return None
    there = _read(want)
    if there is not None and there != key:
        raise CopyRefused(
            f"the target's key file {want} holds another key than {have}; the copied votes and reminders "
            "could not be found with it: move it away first; nothing was copied"
        )
    if there is None:
        want.parent.mkdir(parents=True, exist_ok=True)
        _place(want, key)
        return want
    return None


__all__ = ["COPIED", "DERIVED", "Copied", "CopyRefused", "StoreUnavailable", "copy_base"]
