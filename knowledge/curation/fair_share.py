"""What one server may ask of the bot that every server shares: imports and suggestions, within limits.

An audit found one server's 4.9 MB `/fact import` (816k one-line items) stalled answers in every server
for 6-12 s, and 100 suggestions in 2 s pushed the home server's own proposal out of /review. The home
server's curators and the command line are not limited (they keep the shared base); every other server
imports at most SERVER_IMPORT_BYTES and SERVER_IMPORT_FACTS at a time, IMPORTS_PER_HOUR times an hour,
and has at most SUGGESTIONS_PENDING suggestions waiting and SUGGESTIONS_PER_DAY sent a day.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from knowledge.store.drafts import PENDING, ChangeError

SERVER_IMPORT_BYTES = 256 * 1024  # a server's own facts: the embedded pack of 149 facts is 180 KB
SERVER_IMPORT_FACTS = 500
IMPORTS_PER_HOUR = 10  # packs read (a plan or an import) by one server in an hour
SUGGESTIONS_PER_DAY = 20
SUGGESTIONS_PENDING = 10

_LOCK = threading.Lock()
_READS: weakref.WeakKeyDictionary[Database, dict[str, deque[float]]] = weakref.WeakKeyDictionary()


def check_import_size(text: str) -> None:
    """Refuse a server's pack bigger than SERVER_IMPORT_BYTES, before reading any of it."""
    size = len(text.encode())
    if size > SERVER_IMPORT_BYTES:
        raise ChangeError(
            f"that pack is {size // 1024:,} KB; a server imports at most {SERVER_IMPORT_BYTES // 1024} KB "
            "at a time, so split it (Privy's curators import bigger packs)"
        )


def check_import_facts(count: int) -> None:
    if count > SERVER_IMPORT_FACTS:
        raise ChangeError(
            f"that pack has {count:,} facts; a server imports at most {SERVER_IMPORT_FACTS} at a time, so split it"
        )


def take_import_turn(db: Database, scope: str, now: float | None = None) -> None:
    """Count one pack read for this server; refuse when it read IMPORTS_PER_HOUR in the last hour (kept
    in this process: each shard counts its own)."""
    now = time.monotonic() if now is None else now
    with _LOCK:
        reads = _READS.setdefault(db, {}).setdefault(scope, deque())
        while reads and reads[0] <= now - 3600:
            reads.popleft()
        if len(reads) >= IMPORTS_PER_HOUR:
            wait = int(reads[0] + 3600 - now) // 60 + 1
            raise ChangeError(
                f"this server read {IMPORTS_PER_HOUR} packs in the last hour; try again in {wait} minutes"
            )
        reads.append(now)


def check_suggestion(sent: Callable[..., int]) -> None:
    """Refuse a suggestion when this server has SUGGESTIONS_PENDING waiting or sent SUGGESTIONS_PER_DAY;
    `sent(status=, since=)` counts this server's suggestions to the curators (Scoped.suggestions_sent)."""
    if sent(status=PENDING) >= SUGGESTIONS_PENDING:
        raise ChangeError(
            f"this server has {SUGGESTIONS_PENDING} suggestions waiting for Privy's curators; "
            "send more once they have decided on some"
        )
    since = (datetime.now(UTC) - timedelta(days=1)).isoformat(timespec="seconds")
    if sent(since=since) >= SUGGESTIONS_PER_DAY:
        raise ChangeError(f"this server sent {SUGGESTIONS_PER_DAY} suggestions today; send more tomorrow")
