"""Start-up on the fake Discord: intents, when commands sync, the owner's sync command, token errors."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import discord
import discord.http
import pytest
from aiohttp import web

import bot as botmod
from handlers.client import serve, sync_now
from tests.fakediscord import INTENT_DIRECT_MESSAGES, INTENT_GUILD_MESSAGES, FakeDiscord, StartBot
from tests.handlers.privy_setup import make_privy, start_privy

GUILDS = 1 << 0
COMMANDS = {"ask", "region", "privacy", "Ask Privy"}  # the moderator cogs add theirs
TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.not-a-real-token-but-long-enough-for-config-x"


def names(commands: dict[str, dict]) -> set[str]:
    return {c["name"] for c in commands.values()}


async def test_minimal_intents_and_no_sync_without_a_guild(fake: FakeDiscord, start_bot: StartBot) -> None:
    await start_privy(start_bot, config=botmod.Config(db=":memory:"))
    assert fake.intents == GUILDS | INTENT_GUILD_MESSAGES | INTENT_DIRECT_MESSAGES  # nothing privileged
    assert fake.commands == {}  # global sync is an explicit step, never on every start


async def test_syncs_to_the_dev_guild_at_start(fake: FakeDiscord, start_bot: StartBot) -> None:
    await start_privy(start_bot, config=botmod.Config(db=":memory:", guild_id=fake.guild.id))
    assert names(fake.commands[fake.guild.id]) >= COMMANDS
    assert None not in fake.commands


async def test_only_the_owner_can_sync(fake: FakeDiscord, start_bot: StartBot) -> None:
    await start_privy(start_bot, config=botmod.Config(db=":memory:"))
    refused = await fake.reply_to(await fake.user_message("privy-sync", channel="dm"))
    assert refused.content == "Only the bot's owner can do that." and fake.commands == {}
    done = await fake.reply_to(await fake.user_message("privy-sync", author="owner", channel="dm"))
    count = len(fake.commands[None])
    assert (
        done.content
        == f"Synced {count} commands globally. Discord can take up to an hour to show them everywhere."
    )
    assert names(fake.commands[None]) >= COMMANDS and done.allowed_mentions == {"parse": []}
    here = await fake.reply_to(await fake.user_message("privy-sync here", author="owner"))
    assert here.content == f"Synced {count} commands to this server."
    assert names(fake.commands[fake.guild.id]) == names(fake.commands[None])
    plain = await fake.reply_to(
        await fake.user_message("privy-sync", author="owner", channel="dm", mention_bot=False)
    )
    assert "I don't have a sourced answer" in (plain.content or "")  # without the mention it is just text


async def test_cli_sync_registers_globally(fake: FakeDiscord, capsys: pytest.CaptureFixture[str]) -> None:
    code = await sync_now(botmod.Config(token=TOKEN, db=":memory:"), make_privy())
    assert code == 0 and names(fake.commands[None]) >= COMMANDS
    count = len(fake.commands[None])
    assert capsys.readouterr().out == f"Synced {count} commands globally (Discord can take up to an hour).\n"


@pytest.fixture
async def rejecting_discord(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[None]:
    """A Discord on 127.0.0.1 that refuses every token, as the real one does a revoked token."""

    async def unauthorized(request: web.Request) -> web.Response:
        return web.json_response({"message": "401: Unauthorized", "code": 0}, status=401)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", unauthorized)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{runner.addresses[0][1]}/api/v10")
    yield
    await runner.cleanup()


async def test_a_rejected_token_is_one_line(
    rejecting_discord: None, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    code = await serve(botmod.Config(token=TOKEN, db=":memory:"), make_privy())
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("error: Discord rejected DISCORD_TOKEN.")
    assert TOKEN not in err and TOKEN not in caplog.text and TOKEN[:24] not in caplog.text


async def test_no_token_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert await serve(botmod.Config(db=":memory:"), make_privy()) == 2
    assert await sync_now(botmod.Config(db=":memory:"), make_privy()) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and all(line.startswith("error: DISCORD_TOKEN is not set") for line in err)
