"""The key for vote tokens and askers' hashes, kept in a file beside the database and never inside it.

Whoever copies only the database (a backup, a shared file) then holds tokens and hashes that cannot be
linked to anyone's Discord id: recomputing one needs the key. The file is `<PRIVY_DB>.key` (on PostgreSQL,
PRIVY_KEY_FILE, by default data/privy.key), readable by its owner only (0600). A base from before this kept its key in the `meta` table: it is moved to the file
once, and deleted from the database, so earlier votes still count once.

The key is written whole to a temporary file, fsynced, and linked into place only then (a link fails when
the name exists, so processes starting together agree on the first one placed). Before this, the file was
created first and written after: on a full disk it stayed empty, and six processes starting at once read
an empty key 6 times in 60, so their rows were keyed with nothing and could be linked to Discord ids from
the database alone. A key that cannot be made or read, or is empty or short, is now KeyUnavailable: the
caller stores nothing about the person rather than store it under a weak key.
"""

from __future__ import annotations

import errno
import logging
import os
import secrets
import weakref
from pathlib import Path

from sqlite_utils import Database

from knowledge.errors import CoreError
from knowledge.store.db import write

log = logging.getLogger(__name__)

MIN_LENGTH = 32  # bytes of a key file (a new key is 64 hex digits; a legacy one was too)
_IN_MEMORY: weakref.WeakKeyDictionary[Database, bytes] = weakref.WeakKeyDictionary()


class KeyUnavailable(CoreError):
    """The key beside the fact base cannot be made or read, or is too short: nothing about people is written."""


def key_path(db: Database) -> Path | None:
    """Where the key of a file base lives; None for an in-memory base. A PostgreSQL base names its own
    (PRIVY_KEY_FILE, knowledge.store.pg): every process on it, on every host, needs the same file."""
    key_file = getattr(db, "key_file", None)
    if key_file is not None:
        return Path(key_file)
    path = getattr(db, "path", None)
    return Path(f"{path}.key") if path else None


def key_for(db: Database) -> bytes:
    """The key of this base: read from its key file, made on first use (or moved out of the database)."""
    file = key_path(db)
    legacy = _legacy(db)
    if file is None:
        return _IN_MEMORY.setdefault(db, legacy.encode() if legacy else secrets.token_bytes(32))
    key = _read(file)
    if key is None and not legacy and _keyed_rows(db):
        log.error("the key file %s is missing but the base holds rows keyed with it: restore it, or run "
                  "python bot.py db new-key", file)  # fmt: skip
        raise KeyUnavailable(_LOST)
    if key is None:
        _place(file, legacy.encode() if legacy else secrets.token_hex(32).encode())
        key = _read(file)
        if key is None:  # placed, then removed by someone else at once: nothing to trust
            raise KeyUnavailable(_MISSING)
    if legacy and not getattr(db, "read_only", False):
        _drop_legacy(db)
    return key


_MISSING = (
    "Privy's key file beside the fact base cannot be made (is the disk full?); nothing about you was "
    "saved. Free some space and try again."
)
_SHORT = (
    "Privy's key file beside the fact base is empty or damaged, so nothing about you was saved; "
    "the bot's operator should restore it from a backup."
)


_LOST = (
    "Privy's key file beside the fact base is missing, so nothing about you was saved; "
    "the bot's operator should restore it from a backup."
)


def _keyed_rows(db: Database) -> int:
    """Rows keyed with a key that is gone: a new key would leave them where /privacy forget cannot
    find them, so one is made only by `db new-key`, which drops their hashes first."""
    votes = db.execute("select count(*) from feedback_votes where who is not null").fetchone()[0]
    personal = sum(db.execute(f"select count(*) from {t}").fetchone()[0] for t in _PERSONAL if _has(db, t))
    return votes + personal + db.execute("select count(*) from unanswered_askers").fetchone()[0]


_PERSONAL = ("reminders", "checklist", "checklist_dms")  # found only by the key's hashes (issue 21)


def _has(db: Database, table: str) -> bool:
    """Whether the table exists yet (a base opened before its migration ran)."""
    return table in db.table_names()


def new_key(db: Database) -> int:
    """A new key for a base whose key file is lost: the hashes the old key made, which no one can look
    up any more, are dropped first (questions stay, tied to no one; votes stay counted). How many."""
    file = key_path(db)
    if file is None or file.exists():
        raise KeyUnavailable(f"{file} exists: move it away first if it is really lost")
    with write(db):
        dropped = db.execute("delete from unanswered_askers").rowcount
        dropped += db.execute("update feedback_votes set who = null where who is not null").rowcount
        for table in (t for t in _PERSONAL if _has(db, t)):  # a reminder no one can list or cancel: gone
            dropped += db.execute(f"delete from {table}").rowcount
        db.execute("delete from meta where key = 'vote_secret'")
    _place(file, secrets.token_hex(32).encode())
    return dropped


def _read(file: Path) -> bytes | None:
    """The key in `file`; None when there is none yet; KeyUnavailable when it cannot be trusted."""
    try:
        key = file.read_bytes().strip()
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.error("cannot read the key file %s: %s", file, exc)
        raise KeyUnavailable(_SHORT) from exc
    if len(key) < MIN_LENGTH:
        log.error("the key file %s holds %d bytes, fewer than %d: keying nothing", file, len(key), MIN_LENGTH)
        raise KeyUnavailable(_SHORT)
    return key


def _place(file: Path, key: bytes) -> None:
    """Write `key` whole to a temporary file, fsync it, then link it to `file` unless one is there."""
    temp = file.with_name(f"{file.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            view = memoryview(key)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(temp, file)
        except FileExistsError:
            return  # another process placed its key first: theirs is everyone's
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP):
                raise
            if file.exists():  # a file system without links: rename, unless someone was first
                return
            os.replace(temp, file)
        _sync_folder(file.parent)
        log.info("made the key file %s (keep it with the database: without it, votes count anew)", file)
    except OSError as exc:
        log.error("cannot make the key file %s: %s", file, exc)
        raise KeyUnavailable(_MISSING) from exc
    finally:
        temp.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    """Make the new name durable (a crash right after must not leave votes keyed by a lost key)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _legacy(db: Database) -> str | None:
    rows = list(db.query("select value from meta where key = 'vote_secret'"))
    return rows[0]["value"] if rows else None


def _drop_legacy(db: Database) -> None:
    with write(db):
        db.execute("delete from meta where key = 'vote_secret'")
