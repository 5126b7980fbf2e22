"""The change log of the search rows: what every process serving questions follows instead of rebuilding.

Each write of a search row (knowledge.store.search_index) adds a line here in the same transaction: a
sequence number, the scope, the search row and its platform; a change to a platform's names adds a line
with no row. A process remembers the last sequence it applied and, when `PRAGMA data_version` says
another connection committed, reads only the lines after it (knowledge.matching.index).

The log keeps the last KEEP_CHANGES lines. A process behind by more than that, or one that finds a new
epoch (the search rows rebuilt, when knowledge.reading.words reads words differently: every row id changes),
reloads everything: for that many rows a reload costs about what applying them would.
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterable
from typing import NamedTuple

from sqlite_utils import Database

KEEP_CHANGES = 10_000  # lines kept: a save a minute for a week; an import of more reloads instead


class Position(NamedTuple):
    """Where a process is in the log: the epoch of the rows it read and the last sequence applied."""

    epoch: str
    seq: int


class Pending(NamedTuple):
    """What changed since a position: the search rows to read again and the platforms whose names changed."""

    rows: list[int]
    platforms: bool
    seq: int


def create(db: Database) -> None:
    """The log table (a migration step; also made with the search tables, which write to it)."""
    db.execute(
        "create table if not exists search_changes (seq integer primary key, scope text not null default '',"
        " row integer, platform text)"
    )


def record(conn: sqlite3.Connection, lines: Iterable[tuple[str, int | None, str | None]]) -> None:
    """Log (scope, search row or None for a platform's names, platform), inside the writing transaction;
    lines older than the last KEEP_CHANGES are dropped (the primary key's range: microseconds)."""
    conn.executemany("insert into search_changes (scope, row, platform) values (?, ?, ?)", lines)
    newest = conn.execute("select max(seq) from search_changes").fetchone()[0] or 0
    conn.execute("delete from search_changes where seq <= ?", [newest - KEEP_CHANGES])


def record_platforms(db: Database, platforms: Iterable[str]) -> None:
    """Log that these platforms' names or aliases were written (inside the writing transaction)."""
    record(db.conn, (("", None, p) for p in platforms))


def trim(db: Database, keep: int) -> None:
    """Drop all but the newest `keep` lines (at least one stays, so sequences keep growing)."""
    newest = db.execute("select max(seq) from search_changes").fetchone()[0] or 0
    db.execute("delete from search_changes where seq <= ?", [newest - max(keep, 1)])


def new_epoch(db: Database) -> None:
    """Every search row was written anew (a rebuild): the log starts again, and every process reloads."""
    db.execute("delete from search_changes")
    db.execute(
        "insert into meta (key, value) values ('search_epoch', ?) on conflict (key) do update set value = excluded.value",
        [secrets.token_hex(8)],
    )


def position(db: Database) -> Position:
    """The log's current end: a process that has just read every search row is here."""
    row = db.execute("select value from meta where key = 'search_epoch'").fetchone()
    seq = db.execute("select max(seq) from search_changes").fetchone()[0] or 0
    return Position(row[0] if row else "", seq)


def since(db: Database, at: Position) -> Pending | None:
    """The changes after `at`; None when they cannot be known (a new epoch, or lines trimmed away)."""
    row = db.execute("select value from meta where key = 'search_epoch'").fetchone()
    if (row[0] if row else "") != at.epoch:
        return None
    oldest = db.execute("select min(seq) from search_changes").fetchone()[0]
    if oldest is not None and oldest > at.seq + 1:
        return None  # lines this process never applied were trimmed
    lines = db.execute("select seq, row from search_changes where seq > ? order by seq", [at.seq]).fetchall()
    if not lines:
        return Pending([], False, at.seq)
    rows = list(dict.fromkeys(r for _, r in lines if r is not None))
    return Pending(rows, any(r is None for _, r in lines), lines[-1][0])
