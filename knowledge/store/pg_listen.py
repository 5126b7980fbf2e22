"""Change notification on PostgreSQL: a LISTEN connection counting the change log's NOTIFYs (issue 23).

A trigger on `search_changes` (knowledge.store.pg_schema) sends a notification on CHANNEL in the very
transaction that writes the log, so PostgreSQL delivers it when, and only if, that transaction commits.
A thread per database and process waits for them and counts; `search_rows.seen` reads the count before
every question (an attribute read: no round trip), as it reads PRAGMA data_version on SQLite.

While the connection is lost the count cannot be trusted: `seen()` then gives a new number on every call,
so each question reads the change log (one indexed query) until the listener is back.
"""

from __future__ import annotations

import itertools
import logging
import threading

import psycopg

log = logging.getLogger(__name__)

CHANNEL = "privy_changes"
WAKE = 0.2  # seconds between checks whether the listener should stop
RETRY = 1.0  # seconds between attempts to listen again after the connection was lost

_fresh = itertools.count(-1, -1)  # numbers never counted, for while the count is lost


class Listener:
    """Counts notifications on CHANNEL from its own thread; listening before the constructor returns."""

    def __init__(self, url: str, shown: str):
        self._url = url
        self._shown = shown
        self._count = 0
        self._stop = threading.Event()
        self._conn: psycopg.Connection[tuple[object, ...]] | None = self._listen()
        self._thread = threading.Thread(target=self._run, name="privy-listen", daemon=True)
        self._thread.start()

    def _listen(self) -> psycopg.Connection[tuple[object, ...]]:
        conn = psycopg.connect(self._url, autocommit=True)
        conn.execute(f"LISTEN {CHANNEL}")
        return conn

    def seen(self) -> int:
        """The notifications received so far; a number never given before while the count is lost."""
        return self._count if self._conn is not None else next(_fresh)

    def _run(self) -> None:
        while not self._stop.is_set():
            conn = self._conn
            if conn is None:
                try:
                    self._conn = self._listen()
                    self._count += 1  # what was missed is unknown: everyone reads the log once
                    log.info("listening for changes at %s again", self._shown)
                except psycopg.Error:
                    self._stop.wait(RETRY)
                continue
            try:
                for _ in conn.notifies(timeout=WAKE):
                    self._count += 1
            except psycopg.Error as exc:
                if self._stop.is_set():  # closed while its database was dropped: nothing lost
                    break
                log.warning("lost the change notifications of %s (%s): reading the log on every question "
                            "until they are back", self._shown, " ".join(str(exc).split()))  # fmt: skip
                self._conn = None
                conn.close()
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def close(self, *, wait: bool = False) -> None:
        """Stop listening: the thread closes its connection within WAKE seconds (waited for, with `wait`)."""
        self._stop.set()
        if wait:
            self._thread.join(WAKE * 5)
