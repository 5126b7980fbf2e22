"""Is PRIVY_DB whole? `PRAGMA quick_check` at the bot's start and before a command-line write, a base
found damaged refusing every write, and `db recover`: what can be read, into a new file.

An audit wrote random bytes a third of the way into a 60k-fact base: the revisions table broke, yet
asking, importing and exporting went on without a word, and the import wrote into the damaged file.
quick_check reads every page (0.3 s at 100k facts), so it runs once at start, off the event loop, and
not on every write; a page found damaged later still fails that one statement (knowledge.store.db).
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from sqlite_utils import Database

from knowledge.store import search_index
from knowledge.store.db import StoreUnavailable, open_db, write
from knowledge.store.dialect import is_postgres

log = logging.getLogger(__name__)

SHOWN = 5  # problems quick_check reports, at most, in one line


def quick_check(db: Database) -> list[str]:
    """What PRAGMA quick_check finds wrong with the base; empty when it is whole. PostgreSQL checks its
    own pages (and `db check` is for a SQLite file): nothing to report there."""
    if is_postgres(db):
        return []
    try:
        rows = [r[0] for r in db.conn.execute(f"pragma quick_check({SHOWN})")]
    except sqlite3.DatabaseError as exc:  # too damaged to be checked at all
        return [str(exc)]
    return [] if rows == ["ok"] else rows


def check_health(db: Database) -> list[str]:
    """quick_check; a damaged file base is marked so that every write to it is refused in one line."""
    problems = quick_check(db)
    if problems and hasattr(db, "damaged"):
        found = " ".join(" ".join(problems).split())  # SQLite's rows hold line breaks: one line
        db.damaged = f"quick_check: {found[:160]}" + ("…" if len(found) > 160 else "")
        log.error("PRIVY_DB %s is damaged (%s): writes are refused; run python bot.py db recover",
                  getattr(db, "path", ""), found)  # fmt: skip
    return problems


def refuse_damaged(db: Database) -> None:
    """StoreUnavailable, in one line, when check_health found the base damaged."""
    damaged = getattr(db, "damaged", None)
    if damaged:
        raise StoreUnavailable(
            f"PRIVY_DB {getattr(db, 'path', '')} is damaged ({damaged}); nothing was written. "
            "Run: python bot.py db recover"
        )


@dataclass(frozen=True)
class Recovered:
    """What `db recover` wrote: the new file, how many facts and revisions it holds, rows left behind."""

    path: Path
    facts: int
    revisions: int
    unreadable: int  # rows of the damaged file that could not be read at all (an estimate)


PROBE = 2_000  # rowids tried one by one past a damaged page before a table is taken as read to its end


def recover(source: Path, target: Path) -> Recovered:
    """Every row that can still be read from `source`, table by table, into the new base `target` (the
    schema of this Privy, its search index rebuilt); `source` is opened read-only and kept as it is.

    SQLite's own `.recover` needs the sqlite_dbpage table, which Debian's sqlite3 3.40 is built
    without ("SQL logic error" even on a whole file), so this reads rows as `.recover` reads pages:
    in rowid order, and past a damaged page by rowid, one at a time.
    """
    if not source.is_file():
        raise StoreUnavailable(f"{source} is not a file; nothing was changed")
    if target.exists():
        raise StoreUnavailable(f"{target} exists already; give a new file to recover into")
    if not target.parent.is_dir():
        raise StoreUnavailable(
            f"{target} is in a folder that does not exist ({target.parent}); create the folder or give another "
            "path to recover into; nothing was changed"
        )
    old = sqlite3.connect(f"file:{quote(str(source))}?mode=ro", uri=True)
    new = open_db(target)
    lost = 0
    try:
        with write(new):
            for table in _tables(new):
                columns = [c.name for c in new.table(table).columns]
                readable = _columns(old, table, columns)
                if not readable:
                    continue
                rows, missed = _salvage(old, table, readable)
                marks = ", ".join("?" * len(readable))
                names = ", ".join(f'"{c}"' for c in readable)
                new.conn.executemany(f'insert or ignore into "{table}" ({names}) values ({marks})', rows)
                lost += missed
            search_index.rebuild(new)
    finally:
        old.close()
    count = lambda table: new.execute(f"select count(*) from {table}").fetchone()[0]  # noqa: E731
    done = Recovered(target, count("facts"), count("revisions"), lost)
    new.conn.close()
    return done


def _tables(db: Database) -> list[str]:
    """This Privy's own tables: the search index's are rebuilt, not copied."""
    return [
        name
        for name in db.table_names()
        if not name.startswith(("search_", "sqlite_")) and not db.table(name).virtual_table_using
    ]


def _columns(old: sqlite3.Connection, table: str, wanted: list[str]) -> list[str]:
    """The columns of `table` the damaged file still describes, of those wanted; [] if it has none."""
    try:
        have = {r[1] for r in old.execute(f'pragma table_info("{table}")')}
    except sqlite3.DatabaseError:
        return []
    return [c for c in wanted if c in have]


def _salvage(old: sqlite3.Connection, table: str, columns: list[str]) -> tuple[list[tuple], int]:
    """The rows of `table` that can be read, and a count of rowids skipped where pages were damaged."""
    names = ", ".join(f'"{c}"' for c in columns)
    scan = f'select rowid, {names} from "{table}" where rowid > ? order by rowid'
    one = f'select rowid, {names} from "{table}" where rowid = ?'
    rows: list[tuple] = []
    last, skipped = -(2**63), 0
    while True:
        try:
            for row in old.execute(scan, [last]):
                rows.append(row[1:])
                last = row[0]
            return rows, skipped
        except sqlite3.DatabaseError:
            pass
        found = None
        for rowid in range(max(last, 0) + 1, max(last, 0) + 1 + PROBE):
            try:
                found = old.execute(one, [rowid]).fetchone()
            except sqlite3.DatabaseError:
                found = None
            if found is not None:
                skipped += rowid - max(last, 0) - 1
                rows.append(found[1:])
                last = found[0]
                break
        if found is None:
            return rows, skipped
