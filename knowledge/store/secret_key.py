"""The key for vote tokens and askers' hashes, kept in a file beside the database and never inside it.

Whoever copies only the database (a backup, a shared file) then holds tokens and hashes that cannot be
linked to anyone's Discord id: recomputing one needs the key. The file is `<PRIVY_DB>.key`, created
readable by its owner only (0600). A base from before this kept its key in the `meta` table: it is moved
to the file once, and deleted from the database, so earlier votes still count once.
"""

from __future__ import annotations

import logging
import os
import secrets
import weakref
from pathlib import Path

from sqlite_utils import Database

from knowledge.store.db import write

log = logging.getLogger(__name__)

_IN_MEMORY: weakref.WeakKeyDictionary[Database, bytes] = weakref.WeakKeyDictionary()


def key_path(db: Database) -> Path | None:
    """Where the key of a file base lives; None for an in-memory base."""
    path = getattr(db, "path", None)
    return Path(f"{path}.key") if path else None


def key_for(db: Database) -> bytes:
    """The key of this base: read from its key file, made on first use (or moved out of the database)."""
    file = key_path(db)
    legacy = _legacy(db)
    if file is None:
        return _IN_MEMORY.setdefault(db, legacy.encode() if legacy else secrets.token_bytes(32))
    if file.exists():
        key = file.read_bytes().strip()
        if legacy and not getattr(db, "read_only", False):
            _drop_legacy(db)
        return key
    key = legacy.encode() if legacy else secrets.token_hex(32).encode()
    try:
        fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: theirs is everyone's
        return file.read_bytes().strip()
    except OSError as exc:
        log.warning("cannot create the key file %s (%s): votes use a key for this run only", file, exc)
        return _IN_MEMORY.setdefault(db, key)
    with os.fdopen(fd, "wb") as out:
        out.write(key)
    if legacy:
        _drop_legacy(db)
    log.info("made the key file %s (keep it with the database: without it, votes count anew)", file)
    return key


def _legacy(db: Database) -> str | None:
    rows = list(db.query("select value from meta where key = 'vote_secret'"))
    return rows[0]["value"] if rows else None


def _drop_legacy(db: Database) -> None:
    with write(db):
        db.execute("delete from meta where key = 'vote_secret'")
