"""The fake Discord works: a throwaway bot logs in, gets a message and an interaction, and answers them;
what real Discord would refuse is refused. Privy itself is tested in tests/handlers."""

from __future__ import annotations

import asyncio

import aiohttp
import discord
import pytest
from discord.ext import commands

from tests.fakediscord import (
    INTENT_DIRECT_MESSAGES,
    INTENT_GUILD_MESSAGES,
    Call,
    FakeDiscord,
    FakeDiscordError,
    StartBot,
)

GUILDS = 1 << 0


def make_bot() -> commands.Bot:
    """Replies "pong: <what it saw>" to every message; /echo answers privately; /big and /slow misbehave."""
    intents = discord.Intents.none()
    intents.guilds = intents.guild_messages = intents.dm_messages = True
    bot = commands.Bot(command_prefix=commands.when_mentioned, intents=intents)

    @bot.event
    async def on_message(message: discord.Message) -> None:
        if not message.author.bot:
            await message.reply(f"pong: {message.content}", allowed_mentions=discord.AllowedMentions.none())

    @bot.tree.command(description="Echo text privately")
    async def echo(interaction: discord.Interaction, text: str) -> None:
        await interaction.response.send_message(text, ephemeral=True)

    @bot.tree.command(description="An embed over Discord's limit")
    async def big(interaction: discord.Interaction) -> None:
        await interaction.response.send_message(embed=discord.Embed(description="x" * 4097))

    @bot.tree.command(description="An answer after the deadline")
    async def slow(interaction: discord.Interaction) -> None:
        await asyncio.sleep(0.2)
        await interaction.response.send_message("too late")

    return bot


async def test_login_ready_and_guild_create(fake: FakeDiscord, start_bot: StartBot) -> None:
    bot = await start_bot(make_bot())
    assert bot.user is not None and bot.user.id == fake.bot_user.id
    assert fake.intents == GUILDS | INTENT_GUILD_MESSAGES | INTENT_DIRECT_MESSAGES
    guild = bot.get_guild(fake.guild.id)
    assert guild is not None and [c.name for c in guild.text_channels] == ["general"]
    assert [r.name for r in guild.me.roles] == [
        "@everyone",
        "Privy",
    ] and not guild.me.guild_permissions.manage_guild
    assert (await bot.application_info()).owner.id == fake.users["owner"].id
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{fake.api_base}/users/@me", headers={"Authorization": "Bot x"}) as response,
    ):
        assert response.headers["Content-Type"] == "application/json"  # a charset would hide the body


async def test_a_message_in_and_a_reply_out(fake: FakeDiscord, start_bot: StartBot) -> None:
    await start_bot(make_bot())
    bob = fake.users["bob"].id
    mid = await fake.user_message(f"hello @everyone and <@{bob}>")
    reply = await fake.reply_to(mid)
    assert reply.ok and reply.content == f"pong: <@{fake.bot_user.id}> hello @everyone and <@{bob}>"
    assert reply.message_reference is not None and reply.message_reference["message_id"] == mid
    assert reply.allowed_mentions == {"parse": []} and reply.pings == set()
    without = {"content": reply.content, "message_reference": reply.message_reference}  # no allowed_mentions
    careless = Call("message", "POST", reply.path, without, without)
    assert careless.pings == {"everyone", f"user:{fake.bot_user.id}", f"user:{bob}", "replied"}
    # Discord echoes the reply back as MESSAGE_CREATE; the bot must not answer itself
    await fake.assert_silent(0.2, since=fake.mark())
    unmentioned = await fake.reply_to(await fake.user_message("secret", mention_bot=False))
    assert unmentioned.content == "pong: "  # no message-content intent: Discord blanks the text
    in_dm = await fake.reply_to(await fake.user_message("hi", channel="dm", mention_bot=False))
    assert in_dm.content == "pong: hi" and in_dm.channel_id == fake.world.dm_channel(fake.users["alice"]).id


async def test_an_interaction_in_and_a_response_out(fake: FakeDiscord, start_bot: StartBot) -> None:
    await start_bot(make_bot())
    answer = await (await fake.slash("echo", {"text": "psst"}, user="bob")).response()
    assert answer.ok and answer.callback_type == 4 and answer.ephemeral and answer.content == "psst"
    with pytest.raises(FakeDiscordError, match="required options missing"):
        await fake.slash("echo", {})  # the real client would not send it


async def test_what_discord_refuses_is_caught(fake: FakeDiscord, start_bot: StartBot) -> None:
    await start_bot(make_bot())
    big = await (await fake.slash("big")).response()
    assert big.status == 400 and big.error is not None and big.error["code"] == 50035
    fake.interaction_deadline = 0.05
    late = await (await fake.slash("slow")).response()
    assert late.status == 404 and late.error is not None and late.error["code"] == 10062
    violations = [str(v) for v in fake.take_violations()]
    assert len(violations) == 2
    assert "data.embeds.0.description: Must be 4096 or fewer in length" in violations[0]
    assert violations[1].startswith("[late_callback]")


async def test_an_unmodelled_route_is_loud(fake: FakeDiscord) -> None:
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{fake.api_base}/guilds/1/bans", headers={"Authorization": "Bot x"}) as response,
    ):
        assert response.status == 404
    assert fake.unhandled == ["GET /api/v10/guilds/1/bans"]
    fake.unhandled.clear()  # else the fixture fails this test, as it should any other


async def test_a_second_guild_has_its_own_members_channels_and_interactions(
    fake: FakeDiscord, start_bot: StartBot
) -> None:
    town = await fake.add_guild("Stranger Town", owner="mallory")
    await fake.add_user("sam", guild=town)
    bot = await start_bot(make_bot())
    seen = bot.get_guild(town.id)
    assert seen is not None and [c.name for c in seen.text_channels] == ["stranger-town-general"]
    assert [r.name for r in seen.me.roles] == ["@everyone", "Privy"] and seen.owner_id == fake.users[
        "mallory"
    ].id
    reply = await fake.reply_to(await fake.user_message("hi", author="sam", channel="stranger-town-general"))
    assert reply.content is not None and reply.content.endswith("hi")
    handle = await fake.slash("echo", {"text": "here"}, user="sam", channel="stranger-town-general")
    assert handle.payload["guild_id"] == str(town.id)
    assert (await handle.answer()).content == "here"
    with pytest.raises(FakeDiscordError, match="not a member"):  # alice is in the first guild only
        await fake.user_message("hi", author="alice", channel="stranger-town-general")
