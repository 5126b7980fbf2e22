"""Open PRIVY_DB (checked, migrated, in WAL mode) and run every write as a transaction that waits its turn.

Two processes (the bot, a CLI import, a second shard) share one file. A writer takes the write lock first
(`BEGIN IMMEDIATE`), waits up to BUSY_TIMEOUT for another writer, and otherwise fails with one sentence and
nothing written. With SQLite's deferred `BEGIN`, a save that had read the fact failed at once with a raw
`database is locked` when another process committed before its write (a read snapshot cannot become a
write), and no busy timeout could help it (issue 13: 82 of 200 moderator writes failed so).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlite_utils import Database, Migrations

from knowledge.errors import CoreError
from knowledge.store import search_index

log = logging.getLogger(__name__)

BUSY_TIMEOUT = 5.0  # seconds a write waits for another process's write to end before giving up
DEFAULT_PATH = Path("data/privy.db")  # the one base whose folder is created when missing (a fresh checkout)
BUSY = "The fact base is busy with another change; nothing was saved. Try again in a moment."

migrations = Migrations("privy")


class StoreBusy(CoreError):
    """Another process held the write lock for longer than the busy timeout; nothing was written."""

    def __init__(self) -> None:
        super().__init__(BUSY)


class StoreReadOnly(CoreError):
    """A write to a base that can only be read (file, folder or disk not writable); nothing was written."""


class StoreUnavailable(CoreError):
    """PRIVY_DB cannot be used as it is (missing folder, unreadable, damaged, someone else's); left untouched."""

    exit_code = 2  # like a configuration error: the setting or the file needs fixing, not a retry


class FileDatabase(Database):
    """A Database on a file, remembering the path as it was given and whether it was opened read-only.

    A file found damaged while in use (a page overwritten, the file cut short) raises StoreUnavailable
    naming PRIVY_DB, like one found so at start: checking every page at start (quick_check) would cost
    0.3 s on a base of 100k facts, more than answering.
    """

    def __init__(self, conn: sqlite3.Connection, path: str, *, read_only: bool):
        super().__init__(conn)
        self.path = path
        self.read_only = read_only

    def execute(self, sql: str, parameters: Any = None) -> sqlite3.Cursor:
        try:
            return super().execute(sql, parameters)
        except sqlite3.DatabaseError as exc:
            _raise_unusable(self.path, exc)
            raise

    def query(self, sql: str, params: Any = None) -> Iterator[dict[str, Any]]:
        try:
            rows = super().query(sql, params)
        except sqlite3.DatabaseError as exc:
            _raise_unusable(self.path, exc)
            raise
        return self._guarded(rows)

    def _guarded(self, rows: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        try:
            yield from rows
        except sqlite3.DatabaseError as exc:
            _raise_unusable(self.path, exc)
            raise


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


@migrations()
def m005_search(db: Database) -> None:
    """Search tables beside the facts, so no process builds an index in memory (knowledge.store.search_index)."""
    search_index.create(db)  # filled by m007_scopes, in the layout that carries each row's scope


@migrations()
def m006_source_links(db: Database) -> None:
    """The last check of each source URL (`facts links`), so /review can flag facts with dead or moved links."""
    db["source_links"].create(
        {"url": str, "status": int, "final_url": str, "error": str, "checked_at": str}, pk="url"
    )


@migrations()
def m007_scopes(db: Database) -> None:
    """One bot, many servers (issue 10): every fact, revision, draft, vote and unanswered question
    carries its scope, '' for the shared base or a server's id for that server's own layer.

    A server's row with the id of a shared fact replaces it in that server only (an override, or a hide
    when retired). Tables whose key gains the scope are copied into new ones (SQLite cannot change a key).
    """
    db.execute(
        "create table facts_scoped (scope text not null default '', id text not null, rev integer,"
        " platform text, topic text, retired text, verified text, updated_at text, data text,"
        " primary key (scope, id))"
    )
    db.execute(
        "insert into facts_scoped (scope, id, rev, platform, topic, retired, verified, updated_at, data)"
        " select '', id, rev, platform, topic, retired, verified, updated_at, data from facts"
    )
    db.execute("drop table facts")
    db.execute("alter table facts_scoped rename to facts")
    db.execute("create index facts_id on facts(id)")
    db.execute("alter table revisions add column scope text not null default ''")
    db.execute("drop index if exists idx_revisions_fact_id_rev")
    db.execute("create unique index revisions_scope_fact_rev on revisions(scope, fact_id, rev)")
    # Drafts and proposals: the layer they change, and for a suggestion sent to the curators (scope '')
    # the server it came from and its name as it was then.
    db.execute("alter table pending_changes add column scope text not null default ''")
    db.execute("alter table pending_changes add column origin text")
    db.execute("alter table pending_changes add column origin_name text")
    db.execute("create index pending_scope on pending_changes(scope, status)")
    db.execute(
        "create table feedback_scoped (scope text not null default '', fact_id text not null,"
        " kind text not null, count integer, primary key (scope, fact_id, kind))"
    )
    db.execute(
        "insert into feedback_scoped (scope, fact_id, kind, count) select '', fact_id, kind, count from feedback"
    )
    db.execute("drop table feedback")
    db.execute("alter table feedback_scoped rename to feedback")
    db.execute("alter table feedback_votes add column who text")  # keyed hash of the voter: /privacy forget
    db.execute(
        "create table unanswered_scoped (scope text not null default '', key text not null, question text,"
        " count integer, first_at text, last_at text, primary key (scope, key))"
    )
    db.execute(
        "insert into unanswered_scoped (scope, key, question, count, first_at, last_at)"
        " select '', key, question, count, first_at, last_at from unanswered"
    )
    db.execute("drop table unanswered")
    db.execute("alter table unanswered_scoped rename to unanswered")
    _redact_kept_questions(db)
    db.execute("create index unanswered_last on unanswered(last_at)")
    db.execute(
        "create table unanswered_askers (scope text not null, key text not null, who text not null,"
        " primary key (scope, key, who))"
    )
    db.execute("create index unanswered_askers_who on unanswered_askers(who)")
    db["server_settings"].create(
        {"scope": str, "mod_role_id": str, "require_review": int, "stale_days": int, "updated_by": str},
        pk="scope",
    )
    search_index.reset(db)
    search_index.create(db)
    search_index.rebuild(db)


def _redact_kept_questions(db: Database) -> None:
    """Questions kept before redaction existed lose their e-mail addresses, phone numbers and mentions."""
    from knowledge.text import squash
    from knowledge.user_data import redact  # imports this module: only when migrating

    rows = db.execute("select scope, key, question, count, first_at, last_at from unanswered").fetchall()
    for scope, key, question, count, first_at, last_at in rows:
        text = redact(question or "")
        if text == question:
            continue
        db.execute("delete from unanswered where scope = ? and key = ?", [scope, key])
        db.execute(
            "insert into unanswered (scope, key, question, count, first_at, last_at) values (?, ?, ?, ?, ?, ?)"
            " on conflict(scope, key) do update set count = count + excluded.count",
            [scope, squash(text)[:200], text, count, first_at, last_at],
        )


# ---- writing ---------------------------------------------------------------------------------------


@contextmanager
def write(db: Database) -> Iterator[Database]:
    """One write transaction, all or nothing, that takes the write lock before it reads anything.

    Inside another write it is a savepoint of that one. SQLite's busy and read-only errors leave as
    StoreBusy and StoreReadOnly (one sentence each), after the rollback.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    if getattr(db, "read_only", False):
        raise _read_only(db)
    _begin(db)
    try:
        yield db
        db.conn.execute("COMMIT")
    except sqlite3.DatabaseError as exc:
        db.rollback()
        plain = _plain(db, exc)
        if plain is exc:
            raise
        raise plain from exc
    except BaseException:
        db.rollback()
        raise


def _begin(db: Database) -> None:
    """BEGIN IMMEDIATE, within the connection's busy timeout; short retries with backoff for the busy
    answers SQLite gives at once, without waiting (a recovering WAL, a lock taken between two checks)."""
    timeout = next(db.query("pragma busy_timeout"))["timeout"] / 1000
    deadline, pause = time.monotonic() + timeout, 0.02
    while True:
        try:
            db.conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.DatabaseError as exc:
            left = deadline - time.monotonic()
            if not _is_busy(exc):
                plain = _plain(db, exc)
                if plain is exc:
                    raise
                raise plain from exc
            if left <= 0:
                log.debug("gave up after %.1f s waiting for another write to the fact base", timeout)
                raise StoreBusy() from exc
            time.sleep(min(pause, left))
            pause = min(pause * 2, 0.5)


def _is_busy(exc: sqlite3.Error) -> bool:
    name = getattr(exc, "sqlite_errorname", "")
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(exc) or "busy" in str(exc)


def _plain(db: Database, exc: sqlite3.DatabaseError) -> Exception:
    """The sentence for a failed write that a person can act on, or the error itself (a bug)."""
    if _is_busy(exc):
        return StoreBusy()
    if getattr(exc, "sqlite_errorname", "").startswith("SQLITE_READONLY") or "readonly" in str(exc):
        return _read_only(db)
    return _unusable(getattr(db, "path", "(in memory)"), exc) or exc


def _read_only(db: Database) -> StoreReadOnly:
    path = getattr(db, "path", None)
    where = f"PRIVY_DB {path}" if path else "The fact base"
    return StoreReadOnly(f"{where} is read-only; nothing was saved.")


# ---- opening -----------------------------------------------------------------------------------------


def open_db(path: str | Path | None, *, busy_timeout: float | None = None) -> Database:
    """The fact base at `path` (":memory:" or None for a private in-memory one), checked and migrated.

    A file that cannot be used as it is raises StoreUnavailable and is left untouched; a file that can
    only be read is opened read-only (answers work, writes fail with one sentence).
    """
    timeout = BUSY_TIMEOUT if busy_timeout is None else busy_timeout
    if path in (None, ":memory:"):
        # Used from worker threads too (the bot runs core calls off its event loop), one at a time:
        # callers that share the connection across threads hold one lock around each use.
        db = Database(sqlite3.connect(":memory:", check_same_thread=False))
        read_only = False
    else:
        db = _open_file(Path(path), str(path), timeout)
        read_only = db.read_only
    db.execute(f"pragma busy_timeout = {int(timeout * 1000)}")
    pending = migrations.pending(db)
    if pending and read_only:
        raise StoreUnavailable(
            f"PRIVY_DB {path} is read-only and needs setting up for this version of Privy "
            f"({len(pending)} schema step(s)); make it writable once; nothing was changed"
        )
    if pending:
        with write(db):
            migrations.apply(db)  # a second process starting at the same time waits, then finds none left
    return db


def _open_file(file: Path, shown: str, timeout: float) -> FileDatabase:
    """Connect to an existing Privy file (read-only when it cannot be written) or create a new one."""
    if file.is_dir():
        raise StoreUnavailable(f"PRIVY_DB {shown} is a folder, not a database file; nothing was changed")
    folder = file.parent
    if not file.exists() and not folder.is_dir():
        if file != DEFAULT_PATH:
            raise StoreUnavailable(
                f"PRIVY_DB {shown} is in a folder that does not exist ({folder}); create the folder "
                "or correct PRIVY_DB; nothing was changed"
            )
        folder.mkdir(parents=True, exist_ok=True)
    exists = file.exists()
    if exists and file.stat().st_size == 0:
        log.warning(
            "PRIVY_DB %s is an EMPTY file: setting it up as a new fact base with the embedded pack. "
            "If it held your facts, stop now and restore it from a backup.",
            shown,
        )
    read_only = exists and not (os.access(file, os.W_OK) and os.access(folder, os.W_OK))
    modes = ("ro", "ro&immutable=1") if read_only else ("rw" if exists else "rwc",)
    failure: sqlite3.Error | None = None
    for mode in modes:  # a WAL file in a folder we cannot write opens only as immutable
        try:
            conn = sqlite3.connect(
                f"file:{quote(str(file))}?mode={mode}", uri=True, timeout=timeout, check_same_thread=False
            )
        except sqlite3.DatabaseError as exc:
            failure = exc
            continue
        try:
            tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
        except sqlite3.DatabaseError as exc:
            conn.close()
            failure = exc
            continue
        break
    else:
        assert failure is not None
        if not exists:
            raise StoreUnavailable(
                f"PRIVY_DB {shown} cannot be created in {folder} ({failure}); nothing was changed"
            ) from failure
        _raise_unusable(shown, failure)
        raise StoreUnavailable(
            f"PRIVY_DB {shown} cannot be read ({failure}); nothing was changed"
        ) from failure
    if tables - {migrations.migrations_table} and "facts" not in tables:
        conn.close()
        listed = ", ".join(sorted(tables)[:5])
        raise StoreUnavailable(
            f"PRIVY_DB {shown} is not a Privy database (it holds other tables: {listed}); nothing was changed"
        )
    if not read_only and conn.execute("pragma journal_mode").fetchone()[0] != "wal":
        conn.execute("pragma journal_mode = wal")
    if read_only:
        log.info("PRIVY_DB %s cannot be written: answering from it read-only", shown)
    return FileDatabase(conn, shown, read_only=read_only)


def _raise_unusable(shown: str, exc: sqlite3.Error) -> None:
    """Raise StoreUnavailable for an error saying the file is unusable; return for any other error."""
    unusable = _unusable(shown, exc)
    if unusable is not None:
        raise unusable from exc


def _unusable(shown: str, exc: sqlite3.Error) -> StoreUnavailable | None:
    """StoreUnavailable when `exc` says the file itself is not usable (not a database, damaged, cannot be
    read), in the words a person can look up (SQLite's own, in brackets); None for anything else."""
    name = getattr(exc, "sqlite_errorname", "")
    if name.startswith("SQLITE_NOTADB"):
        why = "is not a Privy database"
    elif name.startswith("SQLITE_CORRUPT"):
        why = "is damaged"
    elif name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")):
        why = "cannot be read"
    else:
        return None
    return StoreUnavailable(f"PRIVY_DB {shown} {why} ({exc}); nothing was changed")
