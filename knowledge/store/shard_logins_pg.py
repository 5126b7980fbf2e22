"""Login buckets shared through PostgreSQL, for shard processes on many hosts (issue 23).

The same rule as knowledge.store.shard_logins (bucket = shard % max_concurrency, one IDENTIFY per bucket
per window), kept where every host can see it: a transaction takes an advisory lock on the bucket, reads
when it last logged in and, if its window has passed, records the new login. The times are the server's
(`clock_timestamp()`), so hosts whose clocks disagree still agree on whose turn it is. The lock is held
for a few milliseconds, never while a shard waits: a shard told to wait sleeps and asks again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple
from urllib.parse import urlsplit

import psycopg

TABLE = "shard_logins"  # the same table and columns as SQLite's m014: one row a bucket, its last login
# Advisory locks are one key space for the whole server: this first key ("PRVY") keeps Privy's apart
# from any other application's that shares the database; the second key is the bucket.
NAMESPACE = 0x50525659
SCHEMA_KEY = -1  # the bucket-less key under which the table is made, once, by whoever comes first
CONNECT_TIMEOUT = 10  # seconds: a server that does not answer means logging in at this process's own pace


class Turn(NamedTuple):
    """A bucket's answer: seconds to wait (0.0: the turn is taken), and the server's time when asked."""

    wait: float
    at: float


def ensure_table(conn: psycopg.Connection) -> None:
    """Make the table if no process has; under a lock, since two `create ... if not exists` can race."""
    with conn.transaction():
        conn.execute("select pg_advisory_xact_lock(%s, %s)", [NAMESPACE, SCHEMA_KEY])
        conn.execute(
            f"create table if not exists {TABLE}"
            " (bucket integer primary key, last_at double precision not null)"
        )


def take_turn(conn: psycopg.Connection, bucket: int, window: float) -> Turn:
    """Claim `bucket`'s login now if its last one is `window` seconds old, else say how long is left."""
    with conn.transaction():
        conn.execute("select pg_advisory_xact_lock(%s, %s)", [NAMESPACE, bucket])
        row = conn.execute(
            f"select extract(epoch from clock_timestamp())::float8, last_at from {TABLE} where bucket = %s",
            [bucket],
        ).fetchone()
        if row is not None:
            now, last = row
            if now - last < window:  # min(): a server clock stepped back never makes a shard wait longer
                return Turn(min(window, last + window - now), now)
        row = conn.execute(
            f"insert into {TABLE} (bucket, last_at) values (%s, extract(epoch from clock_timestamp()))"
            " on conflict (bucket) do update set last_at = excluded.last_at returning last_at",
            [bucket],
        ).fetchone()
        assert row is not None  # insert ... returning always returns the row
        return Turn(0.0, row[0])


def turns(url: str) -> Callable[[int, float, float], float]:
    """The login path's `take_turn` (handlers.login_turns) for a base at a postgresql:// URL.

    Each call opens its own short connection: a process logs in a few times in its life, so it keeps no
    connection idle in the server's limit for that. The caller's clock (`now`) is not used: the server's is.
    """

    made = False  # the table, once this process has seen it

    def take(bucket: int, now: float, window: float) -> float:
        nonlocal made
        try:
            with psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT) as conn:
                if not made:
                    ensure_table(conn)
                    made = True
                return take_turn(conn, bucket, window).wait
        except psycopg.Error as exc:  # down, refused, a wrong URL or no right to the table: the shard
            # still logs in, at its process's own pace (handlers.login_turns), and the operator reads why
            # imported here: a process that only takes login turns (the 32-process test) is spared
            # sqlite-utils, 0.2 s of start-up each
            from knowledge.store.db import StoreUnavailable

            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            password = urlsplit(url).password
            if password:  # libpq's words do not quote the URL's password; never let a message carry it
                reason = reason.replace(password, "***")
            raise StoreUnavailable(
                f"PostgreSQL at PRIVY_DATABASE_URL cannot take login turns: {reason}"
            ) from exc

    return take
