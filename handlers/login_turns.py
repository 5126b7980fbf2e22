"""Shard logins as fast as Discord allows, across every process on the fact base (issue 23).

discord.py sleeps 5 seconds before each login after a process's first, whatever Discord allows, and
cannot see other processes. Here each login waits for its bucket's turn (knowledge.store.shard_logins),
with the bucket count Discord gives (`max_concurrency`, 16 for large bots): 20 shards start in about one
window instead of 95 s, and 32 processes starting at once never log in more than Discord allows.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from knowledge.errors import CoreError

log = logging.getLogger(__name__)

WINDOW = 5.5  # seconds: each bucket may identify once per 5 s (Discord's rule), with half a second to spare
# for the time between a process claiming its turn and its IDENTIFY reaching Discord

CoreCall = Callable[..., Awaitable[Any]]
# (bucket, now, window) -> seconds to wait, 0 to go; None when the base is not shared (in memory)
TakeTurn = Callable[[int, float, float], float | None]


class LoginTurns:
    """Waits, before each IDENTIFY, for the shard's bucket to be free in the shared table."""

    def __init__(
        self,
        core: CoreCall,
        take_turn: TakeTurn,
        max_concurrency: Callable[[], Awaitable[int]],
        *,
        window: float = WINDOW,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.core = core
        self.take_turn = take_turn
        self._local: dict[int, float] = {}  # bucket -> last login, when the base cannot be written
        self._max_concurrency = max_concurrency
        self.window = window
        self.clock = clock
        self._buckets: int | None = None

    async def buckets(self) -> int:
        """Discord's max_concurrency, asked once; 1 (one login per window) if it cannot be read."""
        if self._buckets is None:
            try:
                self._buckets = max(1, int(await self._max_concurrency()))
            except Exception as exc:  # no answer: the safe rate, which is what discord.py assumes
                log.warning(
                    "could not read max_concurrency (%s); logging in one shard per %.0f s", exc, self.window
                )
                self._buckets = 1
        return self._buckets

    async def wait(self, shard_id: int | None) -> None:
        """Return when this shard may identify; its bucket's turn is then taken."""
        bucket = (shard_id or 0) % await self.buckets()
        while True:
            try:
                left = await self.core(self.take_turn, bucket, self.clock(), self.window)
            except CoreError as exc:  # read-only, busy or damaged: still log in, at this process's own pace
                log.warning("shard logins are not coordinated through the base (%s)", exc)
                left = self._local_turn(bucket)
            if left is None:  # no other process can see this base: the rule is kept here
                left = self._local_turn(bucket)
            if left <= 0:
                return
            await asyncio.sleep(left)

    def _local_turn(self, bucket: int) -> float:
        """The same rule kept in this process only (as discord.py does), when the base cannot be written."""
        now = self.clock()
        last = self._local.get(bucket)
        if last is not None and now - last < self.window:
            return last + self.window - now
        self._local[bucket] = now
        return 0.0
