"""Point discord.py at a FakeDiscord and run a bot on it; the `fake` and `start_bot` pytest fixtures."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator

import discord
import discord.gateway
import discord.http
import pytest_asyncio
import yarl
from discord.ext import commands

from tests.fakediscord.fake import FakeDiscord
from tests.fakediscord.records import FakeDiscordError

StartBot = Callable[[commands.Bot], Awaitable[commands.Bot]]
START_TIMEOUT = 5.0
STOP_TIMEOUT = 5.0


@contextlib.contextmanager
def pointed_at(fake: FakeDiscord) -> Iterator[None]:
    """Set discord.http.Route.BASE and DiscordWebSocket.DEFAULT_GATEWAY to the fake; restore both after."""
    old_base = discord.http.Route.BASE
    old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = fake.api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    try:
        yield
    finally:
        discord.http.Route.BASE = old_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway


class _ErrorCollector(logging.Handler):
    """Keeps ERROR log lines emitted while a bot runs (shown in the fake's timeout messages)."""

    def __init__(self, fake: FakeDiscord) -> None:
        super().__init__(logging.ERROR)
        self.fake = fake

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            text += f" ({record.exc_info[1]!r})"
        self.fake.log_errors.append(f"{record.name}: {text}")


@contextlib.asynccontextmanager
async def running_bot(fake: FakeDiscord, bot: commands.Bot) -> AsyncIterator[commands.Bot]:
    """Run `bot` on `fake` (login, gateway, READY, GUILD_CREATE) until the block exits, then close it."""
    bot._connection.guild_ready_timeout = 0.1  # else discord.py waits 2 s for more guilds
    fake.bot = bot
    collector = _ErrorCollector(fake)
    logging.getLogger().addHandler(collector)
    task = asyncio.create_task(bot.start("fake-token", reconnect=False), name="fake-discord-bot")
    try:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + START_TIMEOUT
        while not bot.is_ready():
            if task.done():
                task.result()  # re-raise the startup failure
                raise FakeDiscordError("bot.start() returned before the bot was ready")
            if loop.time() > deadline:
                raise FakeDiscordError(f"bot not ready after {START_TIMEOUT}s\n{fake.diagnostics()}")
            await asyncio.sleep(0.01)
        yield bot
    finally:
        try:
            await asyncio.wait_for(bot.close(), STOP_TIMEOUT)
            await asyncio.wait_for(asyncio.shield(task), STOP_TIMEOUT)
        except (TimeoutError, discord.ConnectionClosed):
            pass
        finally:
            if not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
            logging.getLogger().removeHandler(collector)
            fake.bot = None


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    """A started FakeDiscord with discord.py pointed at it (restored after).

    Teardown fails the test if the fake saw unmodelled routes or crashed, or if violations were not
    taken with `fake.take_violations()`.
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
async def start_bot(fake: FakeDiscord) -> AsyncIterator[BotStarter]:
    """Factory: `await start_bot(bot)` runs the bot on the fake until the test ends."""
    async with contextlib.AsyncExitStack() as stack:
        yield BotStarter(fake, stack)


class BotStarter:
    """`await start_bot(bot)`; `start_bot.fake` is the fake it runs on (its home guild, for a config)."""

    def __init__(self, fake: FakeDiscord, stack: contextlib.AsyncExitStack) -> None:
        self.fake, self._stack = fake, stack

    async def __call__(self, bot: commands.Bot) -> commands.Bot:
        return await self._stack.enter_async_context(running_bot(self.fake, bot))
