"""Fixtures for Discord-layer tests: a fake Discord on 127.0.0.1 and a way to run any commands.Bot on it."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio
from discord.ext import commands

# The fake's modules import each other by plain name (fake_discord, fake_state, ...), so this directory
# goes on sys.path. Keep it without __init__.py: were tests/ not a package, it would become a top-level
# package named "discord" and shadow discord.py.
if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))

from fake_discord import FakeDiscord, FakeDiscordError
from fake_runner import StartBot, pointed_at, running_bot

__all__ = ["StartBot", "fake", "running_bot", "start_bot"]


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    """A started FakeDiscord with discord.py pointed at it (restored after).

    Teardown fails the test if the fake saw unmodelled routes or crashed, or if violations were
    not consumed with `fake.take_violations()`.
    """
    server = FakeDiscord()
    await server.start()
    try:
        with pointed_at(server):
            yield server
    finally:
        await server.close()
    problems = [f"unhandled: {u}" for u in server.unhandled] + [f"violation: {v}" for v in server.violations]
    if problems:
        raise FakeDiscordError("fake Discord saw problems:\n" + "\n".join(problems))


@pytest_asyncio.fixture
async def start_bot(fake: FakeDiscord) -> AsyncIterator[StartBot]:
    """Factory: `bot = await start_bot(my_bot)` runs it on the fake until the test ends."""
    async with contextlib.AsyncExitStack() as stack:

        async def _start(bot: commands.Bot) -> commands.Bot:
            return await stack.enter_async_context(running_bot(fake, bot))

        yield _start
