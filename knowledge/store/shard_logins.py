"""When each login bucket may next identify, shared by every process on the fact base (issue 23).

Discord lets a bot start `max_concurrency` sessions per 5 seconds: shard `id` is in bucket
`id % max_concurrency`, and each bucket may identify once per window. discord.py waits 5 seconds between
any two logins of one process and knows nothing of other processes, so 20 shards took 95 s to start and
two processes could trip the limit together. Each login takes its bucket's turn here, in a write
transaction, so any number of processes on the base start as fast as Discord allows and never faster.
"""

from __future__ import annotations

from sqlite_utils import Database

from knowledge.store.db import write

TABLE = "shard_logins"  # one row a bucket, the wall-clock time of its last login (m014)


def take_turn(db: Database, bucket: int, now: float, window: float) -> float:
    """Claim `bucket`'s login at `now` if its window has passed (0.0), else the seconds left to wait."""
    with write(db):
        row = db.execute(f"select last_at from {TABLE} where bucket = ?", [bucket]).fetchone()
        if row is not None and now - row[0] < window:
            return row[0] + window - now
        db.execute(
            f"insert into {TABLE} (bucket, last_at) values (?, ?)"
            " on conflict(bucket) do update set last_at = excluded.last_at",
            [bucket, now],
        )
        return 0.0
