"""Keep discord.py's server cache out of the cyclic collector's full passes.

A full collection walks every object that is not frozen. The servers, channels, roles and members that
READY and GUILD_CREATE fill in live as long as the bot does, yet `gc.freeze()` ran before they arrived,
so each full pass walked them all: 520 ms at 20,000 servers, on the event loop (issue 23). They are
frozen once every shard is ready, and again whenever the cache has grown by a tenth since.
"""

from __future__ import annotations

import gc
import logging
import time

log = logging.getLogger(__name__)

GROWTH = 0.10  # freeze again when the number of servers grew by this share since the last freeze
MIN_GROWTH = 100  # ... and by at least this many servers


class CacheFreezer:
    """Freezes the collector's view of long-lived objects when the server cache has settled or grown."""

    def __init__(self) -> None:
        self.frozen_at: int | None = None  # how many servers there were at the last freeze
        self.freezes = 0

    def freeze(self, servers: int) -> float:
        """Collect the young generations (cheap: the old one is not walked), freeze, and say how long it took."""
        start = time.perf_counter()
        gc.collect(1)
        gc.freeze()
        self.frozen_at = servers
        self.freezes += 1
        took = time.perf_counter() - start
        log.debug("froze %d objects with %d servers in %.1f ms", gc.get_freeze_count(), servers, took * 1000)
        return took

    def grew(self, servers: int) -> bool:
        """Freeze again if the cache grew enough since the last freeze; True when it did."""
        if self.frozen_at is None:
            return False  # not ready yet: the first freeze comes when every shard is
        if servers - self.frozen_at < max(MIN_GROWTH, self.frozen_at * GROWTH):
            return False
        self.freeze(servers)
        return True
