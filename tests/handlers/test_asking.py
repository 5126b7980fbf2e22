"""Asking Privy on the fake Discord: mentions, /ask, the "Ask Privy" menu, clarify and feedback buttons."""

from __future__ import annotations

import pytest

import bot as botmod
from handlers.asking.answer_reply import ALREADY, LOST_QUESTION, THANKS
from handlers.client import PrivyBot
from handlers.embeds import ADD_HINT
from handlers.errors import SORRY
from handlers.off_loop import drained
from knowledge.answers.text import NO_MATCH, ask_a_mod
from knowledge.model import Answer
from knowledge.scoped import Scoped
from knowledge.service import Privy
from tests.fakediscord import (
    EMBED_LINKS,
    EPHEMERAL,
    READ_MESSAGE_HISTORY,
    FakeDiscord,
    StartBot,
    overwrite,
    running_bot,
)
from tests.handlers.privy_setup import TODAY, embed_of, make_privy, start_privy

NO_PINGS = {"parse": []}
UK_FEEDBACK = [
    "privy:fb:helpful:linkedin-genai-uk-test",
    "privy:fb:outdated:linkedin-genai-uk-test",
    "privy:fb:wrong:linkedin-genai-uk-test",
]


@pytest.fixture
def privy() -> Privy:
    return make_privy()


@pytest.fixture
async def bot(start_bot: StartBot, privy: Privy) -> PrivyBot:
    return await start_privy(start_bot, privy)


def region_button(fake: FakeDiscord, code: str, user: str) -> str:
    return f"privy:region:{code}:{fake.users[user].id}"


async def test_mention_gets_a_reply_that_pings_no_one(fake: FakeDiscord, bot: PrivyBot) -> None:
    bob = fake.users["bob"]
    mid = await fake.user_message(f"@everyone <@{bob.id}> is LinkedIn training AI on my data? I'm in Leeds")
    reply = await fake.reply_to(mid)
    assert reply.ok and reply.message_reference is not None
    assert str(reply.message_reference["message_id"]) == str(mid)
    assert reply.allowed_mentions == NO_PINGS
    embed = embed_of(reply)
    assert embed["title"] == "LinkedIn · UK"
    assert "UK members' posts" in embed["description"]
    assert "1. Open Settings & Privacy › Data privacy." in reply.text
    assert "[LinkedIn Help: generative AI](https://www.linkedin.com/help" in reply.text
    assert embed["footer"]["text"].startswith("As of 7 Dec 2026 · verified 20 Nov 2026")
    assert reply.custom_ids == UK_FEEDBACK
    since = fake.mark()
    await fake.assert_silent(0.3, since=since)  # its own echoed reply does not set it off again


async def test_dm_and_messages_not_for_it(fake: FakeDiscord, bot: PrivyBot) -> None:
    await fake.user_message("is LinkedIn training AI on my data? I'm in the US", mention_bot=False)
    await fake.assert_silent(0.3)
    mid = await fake.user_message(
        "is LinkedIn training AI on my data? I'm in the US", channel="dm", author="bob"
    )
    reply = await fake.reply_to(mid)
    assert reply.channel_id == fake.world.dm_channel(fake.users["bob"]).id
    assert embed_of(reply)["title"] == "LinkedIn · US" and reply.allowed_mentions == NO_PINGS


async def test_a_bare_mention_says_how_to_ask(fake: FakeDiscord, bot: PrivyBot) -> None:
    reply = await fake.reply_to(await fake.user_message(""))
    assert "Ask me whether a platform trains AI on your data" in (reply.content or "")


async def test_ask_is_ephemeral_unless_public(fake: FakeDiscord, bot: PrivyBot) -> None:
    private = await (
        await fake.slash("ask", {"question": "Is LinkedIn training AI?", "region": "uk"})
    ).response()
    assert private.callback_type == 4 and private.flags & EPHEMERAL
    assert embed_of(private)["title"] == "LinkedIn · UK" and private.allowed_mentions == NO_PINGS
    handle = await fake.slash(
        "ask", {"question": "Is LinkedIn training AI?", "region": "us", "public": True}, user="bob"
    )
    public = await handle.response()
    assert not public.ephemeral and embed_of(public)["title"] == "LinkedIn · US"


async def test_ask_region_autocomplete_and_unknown_region(fake: FakeDiscord, bot: PrivyBot) -> None:
    opening = await fake.autocomplete("ask", {"question": "x", "region": ""}, focused="region")
    assert [c["value"] for c in opening][:4] == ["uk", "eea", "ch", "us"] and len(opening) <= 25
    typed = await fake.autocomplete("ask", {"question": "x", "region": "germ"}, focused="region")
    assert typed[0] == {"name": "Germany (de)", "value": "de"}
    everything = await fake.autocomplete("ask", {"question": "x", "region": "a"}, focused="region")
    assert len(everything) == 25
    handle = await fake.slash("ask", {"question": "Is LinkedIn training AI?", "region": "narnia"})
    answer = await handle.response()
    assert answer.ephemeral and answer.content.startswith("I don't know the region 'narnia'")


async def test_ask_privy_context_menu(fake: FakeDiscord, bot: PrivyBot) -> None:
    mid = await fake.user_message("does LinkedIn train AI on my posts? asking for the UK", mention_bot=False)
    answer = await (await fake.context_menu("Ask Privy", mid, user="bob")).response()
    assert answer.callback_type == 4 and answer.ephemeral
    assert embed_of(answer)["title"] == "LinkedIn · UK"
    empty = await fake.user_message("", mention_bot=False)
    refused = await (await fake.context_menu("Ask Privy", empty, user="mod")).response()
    assert refused.ephemeral and refused.content == "That message has no text I can answer."


async def test_clarify_buttons_edit_the_reply_into_the_answer(fake: FakeDiscord, bot: PrivyBot) -> None:
    mid = await fake.user_message("Is LinkedIn training AI on my data?")
    clarify = await fake.reply_to(mid)
    embed = embed_of(clarify)
    assert "depends on where you live" in embed["description"]
    assert embed["fields"] == [
        {"name": "You asked", "value": "Is LinkedIn training AI on my data?", "inline": False}
    ]
    assert clarify.custom_ids == [region_button(fake, c, "alice") for c in ("uk", "us", "global")]
    click = await fake.click(clarify, region_button(fake, "uk", "alice"), user="alice")
    update = await click.response()
    assert update.callback_type == 7 and update.allowed_mentions in (None, NO_PINGS)
    edited = fake.messages[clarify.message_id or 0]
    assert edited["embeds"][0]["title"] == "LinkedIn · UK"
    assert [c["custom_id"] for row in edited["components"] for c in row["components"]] == UK_FEEDBACK


async def test_a_private_clarify_is_edited_in_place(fake: FakeDiscord, bot: PrivyBot) -> None:
    handle = await fake.slash("ask", {"question": "Is LinkedIn training AI on my data?"}, user="bob")
    clarify = await handle.response()
    assert clarify.ephemeral and clarify.custom_ids[0] == region_button(fake, "uk", "bob")
    update = await (await fake.click(clarify, region_button(fake, "us", "bob"), user="bob")).response()
    assert update.callback_type == 7 and embed_of(update)["title"] == "LinkedIn · US"
    assert handle.original is not None and handle.original["embeds"][0]["title"] == "LinkedIn · US"


async def test_someone_elses_click_answers_them_privately(fake: FakeDiscord, bot: PrivyBot) -> None:
    clarify = await fake.reply_to(await fake.user_message("Is LinkedIn training AI on my data?"))
    click = await fake.click(clarify, region_button(fake, "us", "alice"), user="bob")
    answer = await click.response()
    assert answer.callback_type == 4 and answer.ephemeral and embed_of(answer)["title"] == "LinkedIn · US"
    assert "depends on where you live" in fake.messages[clarify.message_id or 0]["embeds"][0]["description"]


async def test_region_buttons_work_after_a_restart(fake: FakeDiscord, privy: Privy) -> None:
    config = botmod.Config(db=":memory:")
    async with running_bot(fake, botmod.create_bot(config, privy=privy)):
        clarify = await fake.reply_to(await fake.user_message("Is LinkedIn training AI on my data?"))
    async with running_bot(fake, botmod.create_bot(config, privy=privy)):
        update = await (await fake.click(clarify, region_button(fake, "uk", "alice"))).response()
        assert update.callback_type == 7 and embed_of(update)["title"] == "LinkedIn · UK"


async def test_a_clarify_reply_without_its_question_asks_again(fake: FakeDiscord, bot: PrivyBot) -> None:
    clarify = await fake.reply_to(await fake.user_message("Is LinkedIn training AI on my data?"))
    fake.messages[clarify.message_id or 0]["embeds"] = []  # e.g. someone's client stripped the embed
    answer = await (await fake.click(clarify, region_button(fake, "uk", "alice"))).response()
    assert answer.ephemeral and answer.content == LOST_QUESTION


async def test_feedback_counts_each_person_once(fake: FakeDiscord, bot: PrivyBot, privy: Privy) -> None:
    reply = await fake.reply_to(await fake.user_message("Is LinkedIn training AI? I'm in the UK"))
    first = await (await fake.click(reply, UK_FEEDBACK[0], user="alice")).response()
    again = await (await fake.click(reply, UK_FEEDBACK[0], user="alice")).response()
    other = await (await fake.click(reply, UK_FEEDBACK[0], user="bob")).response()
    stale = await (await fake.click(reply, UK_FEEDBACK[1], user="bob")).response()
    assert (first.content, again.content, other.content) == (THANKS["helpful"], ALREADY, THANKS["helpful"])
    assert stale.content == THANKS["outdated"] and all(c.ephemeral for c in (first, again, other, stale))
    assert privy.community.feedback()["linkedin-genai-uk-test"] == {"helpful": 2, "outdated": 1}
    votes = list(privy.db.query("select * from feedback_votes"))
    assert str(fake.users["alice"].id) not in repr(votes) and len(votes) == 3


async def test_cooldown_is_friendly_and_shared(fake: FakeDiscord, bot: PrivyBot) -> None:
    first = await fake.reply_to(await fake.user_message("Is LinkedIn training AI? I'm in the UK"))
    assert first.embeds
    second = await fake.reply_to(await fake.user_message("and in the US?"))
    assert (second.content or "").startswith("Slow down a little: you can ask again in ")
    assert second.allowed_mentions == NO_PINGS
    slash = await (await fake.slash("ask", {"question": "Is LinkedIn training AI?"})).response()
    assert slash.ephemeral and slash.content.startswith("Slow down a little")
    other = await (
        await fake.slash("ask", {"question": "Is LinkedIn training AI?", "region": "uk"}, user="bob")
    ).response()
    assert other.embeds  # someone else is not held up


async def test_off_topic_gets_no_guess_and_is_not_queued(
    fake: FakeDiscord, bot: PrivyBot, privy: Privy
) -> None:
    reply = await fake.reply_to(await fake.user_message("what's the best pizza in Leeds?", author="bob"))
    assert (
        reply.content == f"{NO_MATCH} {ask_a_mod(ADD_HINT)}" and reply.embeds == [] and reply.components == []
    )
    assert list(privy.db.query("select * from unanswered")) == []  # small talk is not kept


async def test_on_topic_miss_is_queued_without_who_asked(
    fake: FakeDiscord, bot: PrivyBot, privy: Privy
) -> None:
    question = "Is Telegram training AI on my videos?"
    reply = await fake.reply_to(await fake.user_message(question, author="bob"))
    assert reply.content == f"{NO_MATCH} {ask_a_mod(ADD_HINT)}"
    await drained()  # kept after the reply, in the writers' lane
    rows = list(privy.db.query("select * from unanswered"))
    assert [r["question"] for r in rows] == [question]
    assert str(fake.users["bob"].id) not in repr(rows) and "bob" not in repr(rows)


async def test_an_oversize_answer_is_shortened_not_refused(fake: FakeDiscord, bot: PrivyBot) -> None:
    handle = await fake.slash("ask", {"question": "Does BigCo train AI on my data?", "public": True})
    answer = await handle.response()
    assert answer.ok, fake.diagnostics()
    embed = embed_of(answer)
    assert embed["title"] == "BigCo" and "Shortened to fit Discord" in embed["footer"]["text"]
    assert any(f["name"] == "Sources" for f in embed["fields"])
    assert any(f["name"] == "Steps" for f in embed["fields"])


async def test_without_embed_or_history_permission_it_still_answers(fake: FakeDiscord, bot: PrivyBot) -> None:
    bare = overwrite(fake.role("Privy"), deny=EMBED_LINKS | READ_MESSAGE_HISTORY)
    channel = await fake.add_channel("no-embeds", overwrites=[bare])
    await fake.user_message("Is LinkedIn training AI? I'm in the UK", channel=channel)
    answer = await fake.next_message(channel)
    assert answer.ok and answer.embeds == [] and answer.message_reference is None
    assert (answer.content or "").startswith("LinkedIn · UK\nAnswer for the UK as of 7 Dec 2026.")
    assert answer.custom_ids == UK_FEEDBACK and answer.allowed_mentions == NO_PINGS


class BrokenView(Scoped):
    """A server's view whose answering is broken, to show a handler bug never reaches the user as a crash."""

    def ask(self, *args: object, **kwargs: object) -> Answer:
        raise RuntimeError("the index is on fire")


class BrokenPrivy(Privy):
    def scoped(self, scope: str) -> Scoped:
        return BrokenView(
            scope, db=self.db, store=self.store, index=self.index, community=self.community, today=self.today
        )


async def test_a_handler_bug_is_logged_and_answered_politely(fake: FakeDiscord, start_bot: StartBot) -> None:
    broken = BrokenPrivy(":memory:", seed=False, today=lambda: TODAY)
    await start_privy(start_bot, broken)
    answer = await (await fake.slash("ask", {"question": "Is LinkedIn training AI?"})).response()
    assert answer.ephemeral and answer.content == SORRY
    reply = await fake.reply_to(await fake.user_message("Is LinkedIn training AI?", author="bob"))
    assert reply.content == SORRY
    assert any("the index is on fire" in line for line in fake.log_errors)
    still = await (await fake.slash("region", {"code": "uk"}, subcommand="set", user="mod")).response()
    assert still.ephemeral and still.content.startswith("Saved.")
