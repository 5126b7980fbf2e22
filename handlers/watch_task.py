"""The bot re-reads watched sources every PRIVY_WATCH_HOURS (0: never), in the background.

The schedule follows the base, not the process: the next run is due a full interval after the last one
recorded in the base (by the bot or by `facts watch`), so a restart does not fetch every source again,
and several shard processes on one base find the run done. Pages are fetched on the event loop
(aiohttp, never blocking it), parsed on a worker thread, and written through the bot's core calls.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from handlers.off_loop import CoreCalls
from knowledge.sources.watch import run_watch
from knowledge.store import watch as watch_store

if TYPE_CHECKING:
    from knowledge.service import Privy

log = logging.getLogger(__name__)

FIRST_RUN_DELAY = 60.0  # seconds after start before a first run: the bot connects first


def seconds_until_due(last: str | None, hours: int, now: datetime) -> float:
    """How long to wait for the next run: a full interval after the last, at least FIRST_RUN_DELAY."""
    if last is None:
        return FIRST_RUN_DELAY
    due = datetime.fromisoformat(last).timestamp() + hours * 3600
    return max(FIRST_RUN_DELAY, due - now.timestamp())


async def watch_forever(privy: Privy, core: CoreCalls, hours: int) -> None:
    """Run the watch whenever it is due, until cancelled; a failed run is logged and retried next time."""
    while True:
        last = await core(watch_store.last_run, privy.db)
        await asyncio.sleep(seconds_until_due(last, hours, datetime.now(UTC)))
        try:
            report = await run_watch(privy.db, call=core)
        except Exception:
            log.exception("watching the sources failed; trying again in %d hours", hours)
            await asyncio.sleep(hours * 3600)
            continue
        log.info("watched sources: %s", report.summary())
