"""Core calls off the event loop: on a worker thread, one at a time.

discord.py answers every server from one asyncio loop, so a database call or an index rebuild made on
it stalls them all (a save at 100k facts froze the bot for 5-6 s). The core's one SQLite connection
(opened with check_same_thread=False, knowledge.store.db) is safe from any thread but not from two at
once, so one lock serialises the calls; the loop itself never waits for the lock.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from typing import ParamSpec, TypeVar

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")


class CoreCalls:
    """`await core(fn, *args)`: fn(*args) on a worker thread, holding the lock of this fact base."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    async def __call__(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        return await asyncio.to_thread(self._locked, fn, *args, **kwargs)

    def _locked(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        with self._lock:
            return fn(*args, **kwargs)
