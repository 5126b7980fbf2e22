"""When the fact base is busy (a long core call holds it), quick commands still answer within Discord's 3 s.

/region set, the feedback buttons and /privacy forget must not miss the deadline behind a moderator's
save (issue 13): they defer when the core is slow, then answer. A question waits for the core without
stalling anyone.
"""

from __future__ import annotations

import asyncio
import time

from handlers.asking.answer_reply import THANKS
from tests.fakediscord import FakeDiscord, StartBot
from tests.handlers.privy_setup import make_privy, start_privy

BUSY = 3.5  # seconds the core is held: past Discord's 3 s deadline for a first answer
FEEDBACK = "privy:fb:helpful:linkedin-genai-uk-test"


async def test_quick_commands_answer_in_time_while_the_core_is_busy(
    fake: FakeDiscord, start_bot: StartBot
) -> None:
    bot = await start_privy(start_bot, make_privy())
    answer = await fake.reply_to(await fake.user_message("Is LinkedIn training AI? I'm in the UK"))

    busy = asyncio.create_task(bot.core(time.sleep, BUSY))  # e.g. a save rebuilding the index
    await asyncio.sleep(0.1)
    region = await fake.slash("region", {"code": "uk"}, subcommand="set", user="bob")
    vote = await fake.click(answer, FEEDBACK, user="bob")
    forget = await fake.slash("privacy", {}, subcommand="forget", user="mod")
    handles = (region, vote, forget)

    first = [await h.response(timeout=BUSY + 2) for h in handles]
    assert all(c.ok and c.callback_type == 5 and c.ephemeral for c in first), first  # deferred in time
    saved, counted, forgot = [await h.answer(timeout=BUSY + 2) for h in handles]
    assert saved.content.startswith("Saved. When a question doesn't name a place, I'll answer for the UK.")
    assert counted.content == THANKS["helpful"]
    assert forgot.content == "There was nothing to delete: Privy stores nothing tied to you."
    assert all(c.ephemeral for c in (saved, counted, forgot))
    await busy


async def test_without_a_busy_core_they_answer_at_once(fake: FakeDiscord, start_bot: StartBot) -> None:
    await start_privy(start_bot, make_privy())
    region = await (await fake.slash("region", {"code": "uk"}, subcommand="set")).response()
    assert region.callback_type == 4 and region.content.startswith("Saved.")  # no deferral when quick
