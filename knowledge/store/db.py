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
import shutil
import sqlite3
import time
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlite_utils import Database

from knowledge.errors import CoreError
from knowledge.store.dialect import is_postgres
from knowledge.store.schema import migrations

log = logging.getLogger(__name__)

BUSY_TIMEOUT = 5.0  # seconds a write waits for another process's write to end before giving up
DEFAULT_PATH = Path("data/privy.db")  # the one base whose folder is created when missing (a fresh checkout)
BUSY = "The fact base is busy with another change; nothing was saved. Try again in a moment."
FULL_FREE = 1 << 20  # bytes: a disk with less free than this next to PRIVY_DB is called full
OPERATOR = "tell the bot's operator"


class StoreBusy(CoreError):
    """Another process held the write lock for longer than the busy timeout; nothing was written."""

    def __init__(self) -> None:
        super().__init__(BUSY)


class StoreReadOnly(CoreError):
    """A write to a base that can only be read (file, folder or disk not writable); nothing was written."""

    public = f"Privy's fact base can only be read right now, so nothing was saved; {OPERATOR}."


class StoreFull(CoreError):
    """The disk holding PRIVY_DB is full (or failing) mid-write; the transaction was rolled back."""

    public = f"Privy's disk is full, so nothing was saved; {OPERATOR}."


class StoreUnavailable(CoreError):
    """PRIVY_DB cannot be used as it is (missing folder, unreadable, damaged, someone else's); left untouched."""

    exit_code = 2  # like a configuration error: the setting or the file needs fixing, not a retry
    public = f"Privy's fact base cannot be used right now, so nothing was saved; {OPERATOR}."


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
        self.damaged: str | None = None  # what PRAGMA quick_check found (knowledge.store.health): no writes

    def execute(self, sql: str, parameters: Any = None) -> sqlite3.Cursor:
        try:
            return super().execute(sql, parameters)
        except sqlite3.DatabaseError as exc:
            _raise_unusable(self.path, exc)
            raise

    def query(self, sql: str, params: Any = None) -> Generator[dict[str, Any], None, None]:
        try:
            rows = super().query(sql, params)
        except sqlite3.DatabaseError as exc:
            _raise_unusable(self.path, exc)
            raise
        return self._guarded(rows)

    def _guarded(self, rows: Iterator[dict[str, Any]]) -> Generator[dict[str, Any], None, None]:
        try:
            yield from rows
        except sqlite3.DatabaseError as exc:
            _raise_unusable(self.path, exc)
            raise


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
    if getattr(db, "damaged", None):
        raise StoreUnavailable(
            f"PRIVY_DB {db.path} is damaged ({db.damaged}); nothing was saved. "  # type: ignore[attr-defined]
            f"Run: python bot.py db check, then python bot.py db recover"
        )
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
    answers SQLite gives at once, without waiting (a recovering WAL, a lock taken between two checks).
    On PostgreSQL the connection takes the write lock itself, waiting as long (knowledge.store.pg)."""
    if is_postgres(db):
        db.conn.execute("BEGIN IMMEDIATE")
        return
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
    full = _full(getattr(db, "path", None), exc)
    if full is not None:
        return full
    return _unusable(getattr(db, "path", "(in memory)"), exc) or exc


def _full(path: str | None, exc: sqlite3.Error) -> StoreFull | None:
    """StoreFull when SQLite says the disk is full, or an I/O error happened on a disk with no room left
    (a full disk often shows as "disk I/O error" first): one sentence that says what to do."""
    name = getattr(exc, "sqlite_errorname", "")
    if not (name.startswith("SQLITE_FULL") or (name.startswith("SQLITE_IOERR") and _no_room(path))):
        return None
    where = f"PRIVY_DB {path}" if path else "The fact base"
    return StoreFull(f"{where}: the disk is full; nothing was saved. Free some space, then try again.")


def _no_room(path: str | None) -> bool:
    """True when the disk holding `path` has (almost) no space left."""
    try:
        return shutil.disk_usage(Path(path).resolve().parent if path else ".").free < FULL_FREE
    except OSError:
        return False


def _read_only(db: Database) -> StoreReadOnly:
    path = getattr(db, "path", None)
    where = f"PRIVY_DB {path}" if path else "The fact base"
    return StoreReadOnly(f"{where} is read-only; nothing was saved.")


# ---- opening -----------------------------------------------------------------------------------------


def open_db(path: str | Path | None, *, busy_timeout: float | None = None) -> Database:
    """The fact base at `path` (":memory:" or None for a private in-memory one), checked and migrated.
    (A postgresql:// URL is opened by knowledge.store.opening.open_store.)

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
    if name.startswith(("SQLITE_FULL", "SQLITE_IOERR")) and _no_room(shown):
        return StoreUnavailable(f"PRIVY_DB {shown}: the disk is full; nothing was changed. Free some space.")
    if name.startswith("SQLITE_NOTADB"):
        why = "is not a Privy database"
    elif name.startswith("SQLITE_CORRUPT"):
        why = "is damaged"
    elif name.startswith("SQLITE_IOERR"):
        return StoreUnavailable(
            f"PRIVY_DB {shown} cannot be read or written ({exc}); nothing was changed. "
            "Check the disk and its free space, then try again"
        )
    elif name.startswith(("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")):
        why = "cannot be read"
    else:
        return None
    return StoreUnavailable(f"PRIVY_DB {shown} {why} ({exc}); nothing was changed")
