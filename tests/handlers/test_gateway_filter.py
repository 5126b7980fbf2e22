"""Server chatter is dropped before discord.py builds a Message; what is for Privy still reaches it."""

from __future__ import annotations

import gc

import discord

from handlers.collector import CacheFreezer
from handlers.gateway_filter import addressed_to
from tests.fakediscord import FakeDiscord, StartBot
from tests.handlers.privy_setup import start_privy

ME = "1000"


def test_what_counts_as_addressed() -> None:
    server = {"guild_id": "5", "author": {"id": "7"}, "mentions": []}
    assert not addressed_to(server, ME)
    assert addressed_to({"author": {"id": "7"}}, ME)  # a DM
    assert addressed_to({**server, "mentions": [{"id": "8"}, {"id": ME}]}, ME)
    assert not addressed_to({**server, "mentions": [{"id": "8"}]}, ME)  # someone else mentioned
    assert addressed_to({**server, "referenced_message": {"author": {"id": ME}}}, ME)  # reply to Privy
    assert not addressed_to({**server, "referenced_message": {"author": {"id": "8"}}}, ME)
    assert addressed_to({**server, "author": {"id": ME}}, ME)  # its own message
    assert not addressed_to({**server, "mentions": None, "referenced_message": None}, ME)


async def test_chatter_is_dropped_and_questions_still_answered(
    fake: FakeDiscord, start_bot: StartBot
) -> None:
    bot = await start_privy(start_bot)
    seen: list[discord.Message] = []

    async def on_message(message: discord.Message) -> None:
        seen.append(message)

    bot.add_listener(on_message)
    start = bot.gateway_counts.dropped
    for n in range(40):
        await fake.user_message(f"lunch at {n}?", author="bob", mention_bot=False)
    asked = await fake.user_message("is LinkedIn training AI on my posts? I'm in Leeds")
    reply = await fake.reply_to(asked)
    assert "LinkedIn" in (reply.content or "") + str(reply.embeds)
    assert bot.gateway_counts.dropped - start == 40
    # discord.py built a Message only for the question (and Privy's own reply, which Discord echoes)
    assert [m.id for m in seen if m.author.id != fake.bot_user.id] == [asked]

    follow = await fake.user_message("and in Paris?", mention_bot=False, reply_to=reply)
    dm = await fake.user_message("is Meta training AI on my photos?", channel="dm", mention_bot=False)
    await fake.reply_to(dm)
    assert {m.id for m in seen} >= {follow, dm}  # a reply to Privy and a DM reach discord.py
    assert bot.gateway_counts.dropped - start == 40


async def test_the_server_cache_is_frozen_once_ready(fake: FakeDiscord, start_bot: StartBot) -> None:
    bot = await start_privy(start_bot)
    assert bot.freezer.freezes >= 1 and bot.freezer.frozen_at == len(bot.guilds)
    guild = next(iter(bot.guilds))
    assert (
        not gc.is_tracked(guild) or guild not in gc.get_objects()
    )  # frozen objects are not in any generation


def test_the_cache_is_frozen_again_only_when_it_grew_by_a_tenth() -> None:
    freezer = CacheFreezer()
    assert not freezer.grew(5_000)  # not ready yet: the first freeze comes with every shard
    freezer.freeze(20_000)
    assert not freezer.grew(21_999)  # 1,999 new servers: less than a tenth
    assert freezer.grew(22_000) and freezer.frozen_at == 22_000 and freezer.freezes == 2
    small = CacheFreezer()
    small.freeze(10)
    assert not small.grew(109) and small.grew(110)  # at least 100 servers, however small the cache
