"""Follow-ups, /help and 'Did you mean' on the fake Discord, with the embedded pack.

A follow-up is a reply to Privy's own answer: the bot reads what that answer carries (its footer, or the
last line of a plain-text reply) and keeps nothing of anyone's messages.
"""

from __future__ import annotations

import pytest

from handlers.asking.cog import AskCooldown, Asking
from handlers.client import PrivyBot
from knowledge.answers.followup import Context
from knowledge.answers.text import NO_MATCH, UNSURE
from knowledge.service import Privy
from tests.fakediscord import EMBED_LINKS, FakeDiscord, StartBot, overwrite
from tests.handlers.privy_setup import embed_of, make_privy, start_privy


@pytest.fixture(scope="module")
def pack_privy() -> Privy:
    return make_privy(None)


@pytest.fixture
async def bot(start_bot: StartBot, pack_privy: Privy) -> PrivyBot:
    started = await start_privy(start_bot, pack_privy)
    cog = started.get_cog("Asking")
    assert isinstance(cog, Asking)
    cog.cooldown = AskCooldown(100, 1.0)  # a conversation asks twice within the usual 5 seconds
    return started


async def test_a_reply_to_the_answer_follows_it_up(fake: FakeDiscord, bot: PrivyBot) -> None:
    first = await fake.reply_to(await fake.user_message("I'm in Leeds, is LinkedIn training AI on my posts?"))
    footer = embed_of(first)["footer"]["text"]
    assert Context.from_text(footer) == Context(
        "linkedin", "status", "uk", ("linkedin-genai-uk-2025", "linkedin-optout-europe-2025")
    )
    us = await fake.reply_to(await fake.user_message("and in the US?", reply_to=first))
    assert embed_of(us)["title"] == "LinkedIn · US"
    meta = await fake.reply_to(await fake.user_message("what about Meta?", reply_to=first))
    assert embed_of(meta)["title"] == "Meta · UK"
    assert embed_of(meta)["description"].split("\n\n")[1].startswith("Yes — since 13 Sep 2024 Meta trains AI")
    steps = await fake.reply_to(await fake.user_message("how do I do that?", reply_to=meta))
    fields = {f["name"]: f["value"] for f in embed_of(steps)["fields"]}
    assert embed_of(steps)["title"] == "Meta · UK" and fields["Steps"].startswith(
        "1. Open the objection link"
    )
    # someone else replying is answered for their own region (bob saved none), never for alice's (issue 22)
    other = await fake.reply_to(await fake.user_message("how do I do that?", reply_to=meta, author="bob"))
    assert embed_of(other)["title"] == "Meta" and "depends on where you live" in other.text


async def test_follow_ups_in_a_dm(fake: FakeDiscord, bot: PrivyBot) -> None:
    dm = fake.world.dm_channel(fake.users["bob"]).id
    first = await fake.reply_to(
        await fake.user_message("can Americans opt out of meta ai training", channel="dm", author="bob")
    )
    assert first.channel_id == dm and embed_of(first)["title"] == "Meta · US"
    uk = await fake.reply_to(
        await fake.user_message("and in the UK?", channel="dm", author="bob", reply_to=first)
    )
    assert uk.channel_id == dm and embed_of(uk)["title"] == "Meta · UK"


async def test_a_reply_to_someone_else_is_no_follow_up(fake: FakeDiscord, bot: PrivyBot) -> None:
    other = await fake.user_message("meta is training on everything", author="bob", mention_bot=False)
    reply = await fake.reply_to(await fake.user_message("and in the UK?", reply_to=other))
    assert (reply.content or "").startswith(NO_MATCH)  # asked alone, it names nothing to answer
    assert not reply.embeds and "Meta" not in (reply.content or "")


async def test_a_reply_to_where_are_you_answers_the_question_asked(fake: FakeDiscord, bot: PrivyBot) -> None:
    clarify = await fake.reply_to(await fake.user_message("is instagram training ai on my posts"))
    assert "depends on where you live" in embed_of(clarify)["description"]
    answer = await fake.reply_to(await fake.user_message("I'm in Germany", reply_to=clarify))
    assert embed_of(answer)["title"] == "Meta · Germany"


async def test_a_reply_naming_the_platform_answers_which_platform(fake: FakeDiscord, bot: PrivyBot) -> None:
    asked = "how do I turn off the setting that uses my account for AI training?"
    which = await fake.reply_to(await fake.user_message(asked))
    embed = embed_of(which)
    assert (
        embed["description"].startswith("Which platform do you mean?") and "LinkedIn" in embed["description"]
    )
    assert not which.components  # no region buttons: the platforms are named in the text
    named = await fake.reply_to(await fake.user_message("I'm in Leeds, linkedin", reply_to=which))
    fields = {f["name"]: f["value"] for f in embed_of(named)["fields"]}
    assert embed_of(named)["title"] == "LinkedIn · UK" and "Steps" in fields


async def test_plain_text_answers_carry_the_context_too(fake: FakeDiscord, bot: PrivyBot) -> None:
    channel = await fake.add_channel(
        "no-embeds", overwrites=[overwrite(fake.role("Privy"), deny=EMBED_LINKS)]
    )
    first = await fake.reply_to(
        await fake.user_message("I'm in Leeds, is LinkedIn training AI on my posts?", channel=channel)
    )
    assert not first.embeds and len(first.content or "") <= 2000
    assert (first.content or "").splitlines()[-1].startswith("(Reply to follow up · ref linkedin/status/uk/")
    us = await fake.reply_to(await fake.user_message("and in the US?", reply_to=first, channel=channel))
    assert (us.content or "").startswith("LinkedIn · US")


async def test_help_says_what_privy_answers(fake: FakeDiscord, bot: PrivyBot) -> None:
    reply = await (await fake.slash("help", {})).response()
    text = reply.content or ""
    assert reply.ephemeral
    for part in ("I answer whether platforms train AI", "is LinkedIn training AI on my posts?", "Regions:"):
        assert part in text
    assert "/region set" in text and "/privacy forget" in text and "and in the UK?" in text
    hello = await fake.reply_to(await fake.user_message("hi"))
    assert (hello.content or "").startswith("Hi, I'm Privy.") and "/region set" in (hello.content or "")


async def test_did_you_mean_buttons_answer_the_question_picked(fake: FakeDiscord, bot: PrivyBot) -> None:
    unsure = await fake.reply_to(await fake.user_message("google ai"))
    assert (unsure.content or "").startswith(UNSURE)
    alice = fake.users["alice"].id
    assert unsure.custom_ids and all(c.startswith("privy:dym:google-") for c in unsure.custom_ids)
    assert all(c.endswith(f":{alice}") for c in unsure.custom_ids)
    gmail = f"privy:dym:google-gmail-training-global-2025:{alice}"
    assert gmail in unsure.custom_ids
    other = await (await fake.click(unsure, gmail, user="bob")).response()  # someone else: privately
    assert other.ephemeral and embed_of(other)["title"] == "Google"
    update = await (await fake.click(unsure, gmail, user="alice")).response()  # the asker: in place
    assert update.callback_type == 7 and embed_of(update)["title"] == "Google"
    assert "Gmail" in embed_of(update)["description"]


async def test_in_a_dm_a_follow_up_needs_no_reply(fake: FakeDiscord, bot: PrivyBot) -> None:
    first = await fake.reply_to(
        await fake.user_message("can Americans opt out of meta ai training", channel="dm", author="bob")
    )
    assert embed_of(first)["title"] == "Meta · US"
    uk = await fake.reply_to(await fake.user_message("and in the UK?", channel="dm", author="bob"))
    assert embed_of(uk)["title"] == "Meta · UK"
    clarify = await fake.reply_to(
        await fake.user_message("is instagram training ai on my posts", channel="dm", author="bob")
    )
    assert "depends on where you live" in embed_of(clarify)["description"]
    answer = await fake.reply_to(await fake.user_message("germany", channel="dm", author="bob"))
    assert embed_of(answer)["title"] == "Meta · Germany"


async def test_in_a_server_only_a_reply_follows_up(fake: FakeDiscord, bot: PrivyBot) -> None:
    await fake.reply_to(await fake.user_message("can Americans opt out of meta ai training"))
    plain = await fake.reply_to(await fake.user_message("and in the UK?"))
    assert not plain.embeds  # someone else may have asked in between: a server needs the reply


async def test_a_new_question_after_where_are_you_is_answered_as_asked(
    fake: FakeDiscord, bot: PrivyBot
) -> None:
    await fake.reply_to(
        await fake.user_message("is instagram training ai on my posts", channel="dm", author="bob")
    )
    other = await fake.reply_to(
        await fake.user_message("does chat gpt learn from my convos", channel="dm", author="bob")
    )
    assert embed_of(other)["title"] == "OpenAI"
