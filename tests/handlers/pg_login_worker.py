"""One shard process for tests/handlers/test_login_turns_pg.py: connects to PostgreSQL, waits for "go" on
stdin (so that every process starts together, imports done), waits for its login turn as the bot's hook
does (handlers.login_turns), and prints the server's time of the claim that let it log in.

python -m tests.handlers.pg_login_worker URL SHARD BUCKETS WINDOW SKEW

SKEW shifts this process's own clock, as on a host whose clock is wrong: the server's clock must decide.
"""

from __future__ import annotations

import asyncio
import sys
import time
from typing import Any

import psycopg

from handlers.login_turns import LoginTurns
from knowledge.store import shard_logins_pg


async def main(conn: psycopg.Connection, shard: int, buckets: int, window: float, skew: float) -> float:
    claims: list[float] = []

    async def core(fn: Any, *args: Any) -> Any:
        return fn(*args)  # one short transaction; nothing else runs on this loop

    async def max_concurrency() -> int:
        return buckets

    def take_turn(bucket: int, now: float, window: float) -> float:
        turn = shard_logins_pg.take_turn(conn, bucket, window)
        claims.append(turn.at)
        return turn.wait

    def clock() -> float:
        return time.time() + skew

    await LoginTurns(core, take_turn, max_concurrency, window=window, clock=clock).wait(shard)
    return claims[-1]


if __name__ == "__main__":
    url, shard, buckets, window, skew = sys.argv[1:6]
    with psycopg.connect(url, autocommit=True) as connection:
        shard_logins_pg.ensure_table(connection)
        print("ready", flush=True)
        sys.stdin.readline()
        at = asyncio.run(main(connection, int(shard), int(buckets), float(window), float(skew)))
    print(f"{at:.6f} {shard}", flush=True)
