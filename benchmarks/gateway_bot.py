"""The bot under load, in its own process on one core: the real PrivyBot pointed at benchmarks.gateway_fake.

    python -m benchmarks.gateway_bot PORT SHARDS DB [--before]

`--before` runs it as it was before issue 23: every server message built into discord.py objects, the
server cache never frozen, the standard library's JSON and zlib. Prints one JSON line when every shard is
ready; then reads commands on stdin: `stats` prints a JSON line (a full collection timed, memory, the
gateway counts), `quit` closes the bot.
"""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import os
import resource
import sys
import threading
import time
from typing import Any

import discord
import discord.gateway
import discord.http
import discord.utils
import yarl

from config import Config
from handlers.client import PrivyBot, build_bot
from handlers.gateway_filter import FILTERED_EVENTS
from knowledge.service import Privy

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.benchmark-token-not-real-xxxxxxxxxxxxxxxxxxxx"


def as_before(bot: PrivyBot) -> None:
    """Undo issue 23's changes in this process: the parsers, the freezing, the speed extras."""
    state = bot._connection
    for event in FILTERED_EVENTS:
        state.parsers[event] = getattr(state, "parse_" + event.lower())
    bot.freezer.freeze = lambda servers: 0.0  # type: ignore[method-assign]
    discord.utils._from_json = json.loads
    zlib_context = getattr(discord.utils, "_ZlibDecompressionContext", None)
    if zlib_context is not None:
        discord.utils._ActiveDecompressionContext = zlib_context  # type: ignore[misc]


def stats(bot: PrivyBot) -> dict[str, Any]:
    """A full collection timed now, peak memory, and what the gateway filter did."""
    start = time.perf_counter()
    gc.collect()
    full_ms = (time.perf_counter() - start) * 1000
    return {
        "gc_full_ms": round(full_ms, 1),
        "frozen": gc.get_freeze_count(),
        "rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "kept": bot.gateway_counts.kept,
        "dropped": bot.gateway_counts.dropped,
        "servers": len(bot.guilds),
        "cpu_s": round(time.process_time(), 1),
    }


async def main(port: int, shards: int, db: str, before: bool) -> None:
    discord.http.Route.BASE = f"http://127.0.0.1:{port}/api/v10"
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(f"ws://127.0.0.1:{port}/gateway")
    bot = build_bot(
        Config(token=TOKEN, db=db, shard_count=shards, watch_hours=0), Privy(db), sync_on_start=False
    )
    if before:
        as_before(bot)
    bot._connection.guild_ready_timeout = 0.5  # type: ignore[attr-defined]
    started = time.monotonic()

    async def on_ready() -> None:
        print(
            json.dumps({"ready_s": round(time.monotonic() - started, 1), "servers": len(bot.guilds)}),
            flush=True,
        )

    bot.add_listener(on_ready)
    loop = asyncio.get_running_loop()
    lines: asyncio.Queue[str] = asyncio.Queue()

    def read_stdin() -> None:  # a daemon thread: a blocked readline never holds the process open
        for line in sys.stdin:
            loop.call_soon_threadsafe(lines.put_nowait, line.strip())
        loop.call_soon_threadsafe(lines.put_nowait, "quit")

    threading.Thread(target=read_stdin, daemon=True).start()

    async def commands() -> None:
        while True:
            line = await lines.get()
            if line == "cpu":
                print(json.dumps({"cpu_s": time.process_time()}), flush=True)
            elif line == "stats":
                print(json.dumps(stats(bot)), flush=True)
            elif line == "quit":
                await bot.close()
                return

    async with bot:
        reader = asyncio.create_task(commands())
        await bot.start(TOKEN)
        reader.cancel()


if __name__ == "__main__":
    logging.basicConfig(level=os.environ.get("GATEWAY_LOG", "WARNING"), stream=sys.stderr)
    if hasattr(os, "sched_setaffinity") and len(os.sched_getaffinity(0)) > 1:
        os.sched_setaffinity(0, {max(os.sched_getaffinity(0))})  # one core; the fake has another
    port_arg, shards_arg, db_arg = sys.argv[1:4]
    run = main(int(port_arg), int(shards_arg), db_arg, "--before" in sys.argv[4:])
    if profile_to := os.environ.get("GATEWAY_PROFILE"):  # a cProfile of the whole run, for the tail's causes
        import cProfile

        cProfile.run("asyncio.run(run)", profile_to + (".before" if "--before" in sys.argv else ".now"))
    else:
        asyncio.run(run)
