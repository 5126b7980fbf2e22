"""The bot re-reads watched sources every PRIVY_WATCH_HOURS (0: never), in the background.

The schedule follows the base, not the process: the next run is due a full interval after the last one
recorded in the base (by the bot or by `facts watch`), so a restart does not fetch every source again,
and several shard processes on one base find the run done. Pages are fetched on the event loop
(aiohttp, never blocking it), parsed on a worker thread, and written through the bot's core calls.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from handlers.off_loop import CoreCalls

if TYPE_CHECKING:
    from knowledge.sources.watch import WatchReport

log = logging.getLogger(__name__)

FIRST_RUN_DELAY = 60.0  # seconds after start before a first run: the bot connects first


def seconds_until_due(last: str | None, hours: int, now: datetime) -> float:
    """How long to wait for the next run: a full interval after the last, at least FIRST_RUN_DELAY."""
    if last is None:
        return FIRST_RUN_DELAY
    due = datetime.fromisoformat(last).timestamp() + hours * 3600
    return max(FIRST_RUN_DELAY, due - now.timestamp())


async def watch_forever(
    last_run: Callable[[], str | None],
    run: Callable[..., Awaitable[WatchReport]],
    core: CoreCalls,
    hours: int,
) -> None:
    """Run the watch whenever it is due, until cancelled; a failed run is logged and retried next time.
    `last_run` and `run` are bound to the shared base's file (the watch reads its sources only)."""
    while True:
        last = await core(last_run)
        await asyncio.sleep(seconds_until_due(last, hours, datetime.now(UTC)))
        try:
            report = await run(call=core)
        except Exception:
            log.exception("watching the sources failed; trying again in %d hours", hours)
            await asyncio.sleep(hours * 3600)
            continue
        log.info("watched sources: %s", report.summary())
