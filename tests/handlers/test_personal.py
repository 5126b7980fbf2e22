"""Reminders and the checklist on the fake Discord (issue 21): the buttons on an answer, the DMs a moved
clock brings (never a sleep), /privy reminders and /privy checklist, and /privacy show and forget."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

import bot as botmod
from handlers.client import PrivyBot
from knowledge.packs.format import load_pack
from knowledge.service import Privy
from knowledge.store.facts import Author
from tests.fakediscord import Call, FakeDiscord, StartBot
from tests.handlers.privy_setup import SRC, start_privy

START = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
DEADLINE = date(2026, 12, 20)
OPT_OUT = "linkedin-optout-uk-test"
QUESTION = "How do I stop LinkedIn training AI on my posts? I'm in Leeds"
STEPS = ["Open Settings & Privacy › Data privacy.", 'Switch off "Data for Generative AI Improvement".']


def _fact(fid: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": fid,
        "platform": "linkedin",
        "regions": ["uk"],
        "sources": [{"url": SRC, "title": "LinkedIn Help: generative AI", "publisher": "LinkedIn"}],
        "verified": date(2026, 12, 1),
        **fields,
    }


PACK: dict[str, Any] = {
    "pack": "personal-tests",
    "platforms": [{"id": "linkedin", "name": "LinkedIn", "aliases": []}],
    "facts": [
        _fact(
            "linkedin-genai-uk-test",
            topic="status",
            valid_from=date(2026, 11, 3),
            question="Is LinkedIn training AI on my posts?",
            answer="LinkedIn uses UK members' public posts to train its AI models.",
            claim={"kind": "training", "training": "yes"},
        ),
        _fact(
            OPT_OUT,
            topic="opt-out",
            valid_from=date(2026, 11, 1),
            question="How do I stop LinkedIn training AI on my posts?",
            answer="Switch the setting off before the deadline to keep what you already posted out.",
            steps=STEPS,
            claim={"kind": "opt_out", "opt_out": "setting", "deadline": DEADLINE},
        ),
    ],
}


@dataclass
class Clock:
    """The one clock of the test: Privy's today and the sender's now."""

    now: datetime = START

    def __call__(self) -> datetime:
        return self.now

    def to(self, day: date, hour: int = 9) -> None:
        self.now = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.fixture
def clock() -> Clock:
    return Clock()


def personal_privy(clock: Clock) -> Privy:
    """The reminders' pack in a new base whose day is the clock's."""
    privy = Privy(":memory:", seed=False, today=lambda: clock().date())
    privy.store.import_pack(load_pack(PACK, today=START.date()), Author("test"))
    return privy


async def personal_bot(start_bot: StartBot, privy: Privy, clock: Clock) -> PrivyBot:
    """The bot on `privy`, its reminders sent by the clock's time."""
    bot = await start_privy(start_bot, privy, botmod.Config(db=":memory:"))
    bot.personal_sender.clock = clock
    return bot


@pytest.fixture
def privy(clock: Clock) -> Privy:
    return personal_privy(clock)


@pytest.fixture
async def bot(start_bot: StartBot, privy: Privy, clock: Clock) -> PrivyBot:
    return await personal_bot(start_bot, privy, clock)


def dms(fake: FakeDiscord, user: str) -> list[Call]:
    """The DMs the bot delivered to `user`."""
    channel = fake.world.dm_channel(fake.users[user])
    return [c for c in fake.calls if c.kind == "message" and c.channel_id == channel.id and c.ok]


async def answer(fake: FakeDiscord, user: str = "alice", question: str = QUESTION) -> Call:
    return await fake.reply_to(await fake.user_message(question, author=user))


async def click_text(
    fake: FakeDiscord, message: Call | dict[str, Any], custom_id: str, user: str = "alice"
) -> str:
    call = await (await fake.click(message, custom_id, user=user)).answer()
    assert call.ephemeral, call
    return call.content or ""


async def slash_reply(fake: FakeDiscord, name: str, sub: str, user: str = "alice") -> Call:
    call = await (await fake.slash(name, {}, subcommand=sub, user=user)).answer()
    assert call.ephemeral, call
    return call


def remind_id(fake: FakeDiscord, user: str = "alice") -> str:
    return f"privy:remind:{OPT_OUT}:uk:{fake.users[user].id}"


def did_id(fake: FakeDiscord, user: str = "alice") -> str:
    return f"privy:did:{OPT_OUT}:uk:{fake.users[user].id}"


async def run_on(bot: PrivyBot, clock: Clock, day: date) -> int:
    clock.to(day)
    return await bot.personal_sender.run_once()


async def test_a_reminder_is_sent_7_days_and_1_day_before_once_each(
    fake: FakeDiscord, bot: PrivyBot, clock: Clock
) -> None:
    reply = await answer(fake)
    assert remind_id(fake) in reply.custom_ids and did_id(fake) in reply.custom_ids
    said = await click_text(fake, reply, remind_id(fake))
    assert said.startswith(
        "Reminder set. I'll DM you on 13 Dec 2026 and 19 Dec 2026, 7 days and 1 day before LinkedIn's "
        "deadline for the UK (20 Dec 2026)"
    )
    assert "keep your Discord id with the reminder" in said

    assert await run_on(bot, clock, date(2026, 12, 12)) == 0
    assert dms(fake, "alice") == []
    assert await run_on(bot, clock, date(2026, 12, 13)) == 1
    first = dms(fake, "alice")
    assert len(first) == 1 and first[0].content is not None
    assert first[0].content.startswith(
        "**Reminder: 7 days left** for LinkedIn's deadline in the UK: 20 Dec 2026."
    )
    assert "1. Open Settings & Privacy › Data privacy." in first[0].content
    assert first[0].allowed_mentions == {"parse": []}
    assert await run_on(bot, clock, date(2026, 12, 13)) == 0  # the same day again: nothing twice
    assert await run_on(bot, clock, date(2026, 12, 18)) == 0
    assert await run_on(bot, clock, date(2026, 12, 19)) == 1
    assert "**Reminder: 1 day left**" in (dms(fake, "alice")[-1].content or "")
    for day in (date(2026, 12, 19), date(2026, 12, 20), date(2026, 12, 27)):
        assert await run_on(bot, clock, day) == 0
    assert len(dms(fake, "alice")) == 2
    listed = await slash_reply(fake, "privy", "reminders")
    assert listed.content and listed.content.startswith("You have no reminders.")


async def test_only_the_asker_can_set_it_and_twice_is_once(
    fake: FakeDiscord, bot: PrivyBot, clock: Clock
) -> None:
    reply = await answer(fake)
    refused = await click_text(fake, reply, remind_id(fake), user="bob")
    assert refused == "That button is for the person who asked. Ask Privy yourself to get your own."
    await click_text(fake, reply, remind_id(fake))
    again = await click_text(fake, reply, remind_id(fake))
    assert again.startswith("You already have this reminder.")
    await run_on(bot, clock, date(2026, 12, 13))
    assert len(dms(fake, "alice")) == 1 and dms(fake, "bob") == []


async def test_no_button_when_the_deadline_is_too_close(
    fake: FakeDiscord, bot: PrivyBot, clock: Clock
) -> None:
    clock.to(DEADLINE - timedelta(days=1))  # the last DM would be today: nothing to remind of
    reply = await answer(fake)
    assert not any(c.startswith("privy:remind:") for c in reply.custom_ids)
    assert did_id(fake) in reply.custom_ids  # the steps still hold


async def test_cancelled_and_forgotten_reminders_are_never_sent(
    fake: FakeDiscord, bot: PrivyBot, clock: Clock
) -> None:
    reply = await answer(fake)
    await click_text(fake, reply, remind_id(fake))
    bobs = await answer(fake, "bob")
    await click_text(fake, bobs, remind_id(fake, "bob"), user="bob")

    listed = await slash_reply(fake, "privy", "reminders")
    assert "• LinkedIn, the UK: deadline 20 Dec 2026; next DM on 13 Dec 2026." in (listed.content or "")
    [cancel] = [c for c in listed.custom_ids if c.startswith("privy:rcancel:")]
    with pytest.raises(AssertionError):  # bob cannot see alice's ephemeral list, let alone click it
        await fake.click(listed.message or {}, cancel, user="bob")
    done = await (await fake.click(listed, cancel)).answer()
    assert (done.content or "").startswith("Cancelled; its Discord id is deleted.\nYou have no reminders.")

    shown = (await slash_reply(fake, "privacy", "show", user="bob")).content or ""
    assert "• Reminders: **1**." in shown and "your Discord id itself so Privy can DM you" in shown
    gone = (await slash_reply(fake, "privacy", "forget", user="bob")).content or ""
    assert gone.startswith("Done: I deleted 1 reminder(s).")
    assert "• Reminders: **0**." in ((await slash_reply(fake, "privacy", "show", user="bob")).content or "")

    for day in (date(2026, 12, 13), date(2026, 12, 19)):
        assert await run_on(bot, clock, day) == 0
    assert dms(fake, "alice") == [] and dms(fake, "bob") == []


async def test_closed_dms_drop_the_reminder_and_say_so_once(
    fake: FakeDiscord, bot: PrivyBot, clock: Clock
) -> None:
    reply = await answer(fake)
    await click_text(fake, reply, remind_id(fake))
    fake.users["alice"].dms_open = False
    assert await run_on(bot, clock, date(2026, 12, 13)) == 0
    refused = [c for c in fake.calls if c.kind == "message" and c.status == 403]
    assert len(refused) == 1
    fake.users["alice"].dms_open = True
    assert await run_on(bot, clock, date(2026, 12, 19)) == 0  # dropped: the 1-day DM is not tried
    first = (await slash_reply(fake, "privy", "reminders")).content or ""
    assert "• Not sent: LinkedIn, the UK (20 Dec 2026): your DMs are closed to Privy" in first
    later = (await slash_reply(fake, "privy", "reminders")).content or ""
    assert later.startswith("You have no reminders.")


async def test_a_moved_deadline_is_followed_and_a_retired_one_dropped(
    fake: FakeDiscord, bot: PrivyBot, privy: Privy, clock: Clock
) -> None:
    reply = await answer(fake)
    await click_text(fake, reply, remind_id(fake))
    bobs = await answer(fake, "bob")
    await click_text(fake, bobs, remind_id(fake, "bob"), user="bob")
    moved = _fact(
        OPT_OUT,
        **{k: v for k, v in PACK["facts"][1].items() if k not in ("id", "claim")},
        claim={"kind": "opt_out", "opt_out": "setting", "deadline": date(2026, 12, 27)},
    )
    privy.store.save(moved, Author("curator"))
    assert await run_on(bot, clock, date(2026, 12, 13)) == 0  # 7 days before the old day: not any more
    listed = (await slash_reply(fake, "privy", "reminders")).content or ""
    assert "deadline 27 Dec 2026 (changed from 20 Dec 2026); next DM on 20 Dec 2026." in listed
    assert await run_on(bot, clock, date(2026, 12, 20)) == 2
    text = dms(fake, "alice")[0].content or ""
    assert text.startswith("**Reminder: 7 days left** for LinkedIn's deadline in the UK: 27 Dec 2026.")
    assert "The deadline changed since you asked: it is now 27 Dec 2026 (it was 20 Dec 2026)." in text

    privy.store.retire(OPT_OUT, "LinkedIn ended the opt-out", Author("curator"))
    assert await run_on(bot, clock, date(2026, 12, 26)) == 0  # never a deadline that no longer exists
    assert len(dms(fake, "alice")) == 1 and len(dms(fake, "bob")) == 1
    dropped = (await slash_reply(fake, "privy", "reminders")).content or ""
    assert "• Dropped: LinkedIn, the UK: Privy's facts no longer give a deadline ahead" in dropped


async def test_checklist_is_private_shown_and_forgotten(
    fake: FakeDiscord, bot: PrivyBot, clock: Clock
) -> None:
    reply = await answer(fake)
    noted = await click_text(fake, reply, did_id(fake))
    assert noted.startswith(
        "Noted, for you only: you opted out of LinkedIn's AI training (the UK) on 7 Dec 2026."
    )
    mine = (await slash_reply(fake, "privy", "checklist")).content or ""
    assert "• LinkedIn, the UK: you opted out on 7 Dec 2026. No change since." in mine
    assert "DM me once when a change needs me to act again: **off" in mine
    bobs = (await slash_reply(fake, "privy", "checklist", user="bob")).content or ""
    assert bobs.startswith("Your checklist is empty.")
    shown = (await slash_reply(fake, "privacy", "show")).content or ""
    assert (
        "• Checklist entries: **1**" in shown
        and "DMs when one needs you to act again: off (no Discord id is kept for it)." in shown
    )
    gone = (await slash_reply(fake, "privacy", "forget")).content or ""
    assert gone.startswith("Done: I deleted 1 checklist entry.")
    after = (await slash_reply(fake, "privy", "checklist")).content or ""
    assert after.startswith("Your checklist is empty.")


async def test_a_change_that_needs_action_sends_one_dm_to_those_who_allowed_it(
    fake: FakeDiscord, bot: PrivyBot, privy: Privy, clock: Clock
) -> None:
    for user in ("alice", "bob"):
        reply = await answer(fake, user)
        await click_text(fake, reply, did_id(fake, user), user=user)
    listed = await slash_reply(fake, "privy", "checklist", user="bob")
    switched = await (await fake.click(listed, "privy:ckdm:on", user="bob")).answer()
    assert "DM me once when a change needs me to act again: **on" in (switched.content or "")
    assert (await slash_reply(fake, "privacy", "show", user="bob")).content is not None
    assert await run_on(bot, clock, date(2026, 12, 8)) == 0  # nothing changed: nothing sent

    # LinkedIn replaces the setting with an objection form: a new way out, so people must act again
    privy.store.retire(OPT_OUT, "replaced by the objection form", Author("curator"))
    form = _fact(
        "linkedin-objection-uk-test",
        topic="objection",
        valid_from=date(2026, 12, 9),
        question="How do I object to LinkedIn training AI on my posts?",
        answer="LinkedIn now takes objections through its form.",
        steps=["Open LinkedIn's objection form.", "Submit it."],
        claim={"kind": "opt_out", "opt_out": "form"},
    )
    privy.store.add(form, Author("curator"), today=date(2026, 12, 9))
    assert await run_on(bot, clock, date(2026, 12, 9)) == 1
    assert await run_on(bot, clock, date(2026, 12, 10)) == 0  # one DM per change
    [sent] = dms(fake, "bob")
    assert (sent.content or "").startswith(
        "**LinkedIn changed for the UK** since you opted out on 7 Dec 2026."
    )
    assert "1. Open LinkedIn's objection form." in (sent.content or "")
    assert dms(fake, "alice") == []  # alice did not ask for DMs
    hers = (await slash_reply(fake, "privy", "checklist")).content or ""
    assert "Changed since: You can object in the UK with LinkedIn's form. You may need to act again:" in hers


async def test_a_sender_killed_between_the_dm_and_its_record_sends_nothing_twice(
    fake: FakeDiscord, bot: PrivyBot, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    reply = await answer(fake)
    await click_text(fake, reply, remind_id(fake))
    sender = bot.personal_sender

    def killed(*args: object) -> None:
        raise SystemExit("the process died before recording the DM")

    monkeypatch.setattr(sender.personal, "record", killed)
    with pytest.raises(SystemExit):
        await run_on(bot, clock, date(2026, 12, 13))
    assert len(dms(fake, "alice")) == 1
    monkeypatch.undo()  # the bot restarts: the same base, a new run
    assert await run_on(bot, clock, date(2026, 12, 13)) == 0
    clock.now += timedelta(hours=2)  # the crashed claim is old now: counted as sent, never resent
    assert await sender.run_once() == 0
    assert await run_on(bot, clock, date(2026, 12, 19)) == 1  # and the next one is not lost
    assert [c.content[:30] for c in dms(fake, "alice") if c.content] == [
        "**Reminder: 7 days left** for ",
        "**Reminder: 1 day left** for L",
    ]


async def test_a_saved_region_is_not_written_on_a_public_button(
    fake: FakeDiscord, bot: PrivyBot, clock: Clock
) -> None:
    await (await fake.slash("region", {"code": "uk"}, subcommand="set")).answer()
    reply = await answer(fake, question="How do I stop LinkedIn training AI on my posts?")
    alice = fake.users["alice"].id
    assert f"privy:remind:{OPT_OUT}:-:{alice}" in reply.custom_ids  # "uk" would say where she lives
    said = await click_text(fake, reply, f"privy:remind:{OPT_OUT}:-:{alice}")
    assert "before LinkedIn's deadline for the UK (20 Dec 2026)" in said


async def test_closed_dms_switch_checklist_dms_off(
    fake: FakeDiscord, bot: PrivyBot, privy: Privy, clock: Clock
) -> None:
    reply = await answer(fake)
    await click_text(fake, reply, did_id(fake))
    listed = await slash_reply(fake, "privy", "checklist")
    await (await fake.click(listed, "privy:ckdm:on")).answer()
    fake.users["alice"].dms_open = False
    privy.store.retire(OPT_OUT, "replaced by the objection form", Author("curator"))
    form = _fact(
        "linkedin-objection-uk-test",
        topic="objection",
        question="How do I object to LinkedIn training AI on my posts?",
        answer="LinkedIn now takes objections through its form.",
        steps=["Open LinkedIn's objection form.", "Submit it."],
        claim={"kind": "opt_out", "opt_out": "form"},
    )
    privy.store.add(form, Author("curator"), today=START.date())
    assert await run_on(bot, clock, date(2026, 12, 8)) == 0
    mine = (await slash_reply(fake, "privy", "checklist")).content or ""
    assert "DM me once when a change needs me to act again: **off" in mine
    assert "You may need to act again:" in mine  # the change is still shown where she looks


async def test_a_run_sends_every_due_reminder_batch_after_batch(
    fake: FakeDiscord, bot: PrivyBot, clock: Clock
) -> None:
    for user in ("alice", "bob", "mod"):
        reply = await answer(fake, user)
        await click_text(fake, reply, remind_id(fake, user), user=user)
    bot.personal_sender.batch = 1  # a deadline many asked about: more due than one claim takes
    assert await run_on(bot, clock, date(2026, 12, 13)) == 3
    assert [len(dms(fake, u)) for u in ("alice", "bob", "mod")] == [1, 1, 1]
