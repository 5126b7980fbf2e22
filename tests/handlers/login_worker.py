"""One shard process for tests/handlers/test_login_turns.py: waits for its login turn as the bot's hook
does (handlers.login_turns on the shared base), then writes the time its turn was claimed with.

python -m tests.handlers.login_worker DB SHARD BUCKETS WINDOW OUT
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from typing import Any

from handlers.login_turns import LoginTurns
from knowledge.store import shard_logins
from knowledge.store.db import open_db


async def main(db_path: str, shard: int, buckets: int, window: float, out: str) -> None:
    db = open_db(db_path)

    async def core(fn: Any, *args: Any) -> Any:
        return await asyncio.to_thread(fn, *args)

    async def max_concurrency() -> int:
        return buckets

    def take_turn(bucket: int, now: float, window: float) -> float:
        return shard_logins.take_turn(db, bucket, now, window)

    asked: list[float] = []

    def clock() -> float:  # the time each claim was made with: the last one is the login's turn
        asked.append(time.time())
        return asked[-1]

    await LoginTurns(core, take_turn, max_concurrency, window=window, clock=clock).wait(shard)
    line = f"{asked[-1]:.6f} {shard}\n".encode()
    fd = os.open(out, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    try:
        os.write(fd, line)  # one small append: whole lines even with 32 writers
    finally:
        os.close(fd)


if __name__ == "__main__":
    path, shard, buckets, window, out = sys.argv[1:6]
    asyncio.run(main(path, int(shard), int(buckets), float(window), out))
