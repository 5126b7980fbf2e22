"""A small fake Discord (REST + gateway on 127.0.0.1) for driving the real discord.py client in tests.

It models only the routes Privy calls, and checks what the bot sends as Discord would: the limits on
content, embeds, components, modals and choices; ephemeral flags; one callback per interaction within
3 seconds; the bot's channel permissions. Rejections are answered with Discord's errors and kept in
`fake.violations`; the `fake` fixture fails a test that leaves any, or that hit an unmodelled route.

    from tests.fakediscord import FakeDiscord, StartBot     # fixtures: see tests/handlers/conftest.py

    async def test_reply(fake: FakeDiscord, start_bot: StartBot) -> None:
        await start_bot(my_bot)
        mid = await fake.user_message("hello", author="alice")      # MESSAGE_CREATE mentioning the bot
        reply = await fake.reply_to(mid)                            # the bot's POST .../messages
        assert reply.allowed_mentions == {"parse": []}
        answer = await (await fake.slash("ask", {"question": "..."})).answer()
        assert answer.ephemeral

Modules: world (guild, users, roles, permissions), limits (Discord's limits), records (what is recorded),
rest and interactions (the routes), users and commands (what users do), server (app, gateway, waiting),
runner (pointing discord.py at the fake, running a bot, the fixtures).
"""

from tests.fakediscord.fake import FakeDiscord
from tests.fakediscord.limits import check_embed, embed_text_length
from tests.fakediscord.records import EPHEMERAL, Call, FakeDiscordError, InteractionHandle, Upload, Violation
from tests.fakediscord.runner import StartBot, pointed_at, running_bot
from tests.fakediscord.world import (
    EMBED_LINKS,
    INTENT_DIRECT_MESSAGES,
    INTENT_GUILD_MESSAGES,
    READ_MESSAGE_HISTORY,
    overwrite,
)

__all__ = [
    "EMBED_LINKS",
    "EPHEMERAL",
    "INTENT_DIRECT_MESSAGES",
    "INTENT_GUILD_MESSAGES",
    "READ_MESSAGE_HISTORY",
    "Call",
    "FakeDiscord",
    "FakeDiscordError",
    "InteractionHandle",
    "StartBot",
    "Upload",
    "Violation",
    "check_embed",
    "embed_text_length",
    "overwrite",
    "pointed_at",
    "running_bot",
]
