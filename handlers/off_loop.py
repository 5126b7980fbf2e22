"""Core calls off the event loop: on a worker thread, one at a time.

discord.py answers every server from one asyncio loop, so a database call or an index rebuild made on
it stalls them all (a save at 100k facts froze the bot for 5-6 s). The core's one SQLite connection
(opened with check_same_thread=False, knowledge.store.db) is safe from any thread but not from two at
once, so one lock serialises the calls; the loop itself never waits for the lock.

The cyclic garbage collector is paused during a call: a call makes many objects and no garbage cycles
(an index rebuild, a parse of every fact), and each collector pass over them held the GIL, and so the
loop, for 0.2-0.8 s at 20,000 facts. What the call leaves is freed by reference counting (measured: no
unreachable cycles after a save, a rebuild, an export or a search).
"""

from __future__ import annotations

import asyncio
import logging
import threading
import weakref
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from knowledge.collector import collector_paused

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")


# One lock per core object, so two bots on one fact base (a restart in tests) still take turns.
_LOCKS: weakref.WeakKeyDictionary[object, threading.Lock] = weakref.WeakKeyDictionary()


class CoreCalls:
    """`await core(fn, *args)`: fn(*args) on a worker thread, holding the lock of this fact base."""

    def __init__(self, owner: object) -> None:
        self._lock = _LOCKS.setdefault(owner, threading.Lock())

    async def __call__(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        return await asyncio.to_thread(self._locked, fn, *args, **kwargs)

    def _locked(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        with self._lock, collector_paused():
            return fn(*args, **kwargs)
