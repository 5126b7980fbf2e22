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
import contextvars
import functools
import logging
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
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
        # A thread of its own: calls waiting for this lane's lock (saves behind a CLI import's write lock)
        # filled asyncio's shared pool of 6 threads, and a question for the readers' lane waited 0.4-0.7 s
        # for a thread (issue 22). One thread is all a lane can use: its calls take turns anyway.
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="privy-core")

    async def __call__(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        # the caller's context goes with the call (run_in_executor would drop it): the reply's language
        call = functools.partial(contextvars.copy_context().run, self._locked, fn, *args, **kwargs)
        return await asyncio.get_running_loop().run_in_executor(self._pool, call)

    def close(self) -> None:
        """Let the lane's thread end once its queued calls are done."""
        self._pool.shutdown(wait=False)

    def later(self, fn: Callable[P, object], /, *args: P.args, **kwargs: P.kwargs) -> None:
        """fn(*args) in this lane once the caller has moved on (a write no reply waits for); a failure
        is logged, never raised."""
        task = asyncio.ensure_future(self(fn, *args, **kwargs))
        _PENDING.add(task)
        task.add_done_callback(_done)

    def _locked(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        with self._lock, collector_paused():
            return fn(*args, **kwargs)


_PENDING: set[asyncio.Future[object]] = set()  # tasks of later(), kept until done (asyncio keeps weak refs)


async def drained() -> None:
    """Until every call made with later() is done (tests, and a clean shutdown, wait for them)."""
    while _PENDING:
        await asyncio.gather(*list(_PENDING), return_exceptions=True)


def _done(task: asyncio.Future[object]) -> None:
    _PENDING.discard(task)
    if not task.cancelled() and task.exception() is not None:
        log.error("a core call made later failed", exc_info=task.exception())
