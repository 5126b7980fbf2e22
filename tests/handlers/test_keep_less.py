"""What is kept and shown about people (issue 22, finding 5), on the fake Discord: "Ask Privy" on someone
else's message keeps nothing of it, old questions go by a sweep, a public answer does not name a region
its asker only saved. (A reply to someone else's answer: tests/handlers/test_follow_ups.py.)"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from handlers.off_loop import drained
from knowledge.service import Privy
from tests.fakediscord import FakeDiscord, StartBot
from tests.handlers.privy_setup import TODAY, embed_of, start_privy

UNKNOWN = "Does Grindr train AI on my private chats? write to jane@example.com"


def kept(privy: Privy) -> list[str]:
    return [r[0] for r in privy.db.execute("select question from unanswered")]


async def test_ask_privy_on_someone_elses_message_keeps_nothing_of_it(
    fake: FakeDiscord, start_bot: StartBot
) -> None:
    privy = Privy(":memory:", today=lambda: TODAY)
    await start_privy(start_bot, privy)
    theirs = await fake.user_message(UNKNOWN, author="alice", mention_bot=False)
    answer = await (await fake.context_menu("Ask Privy", theirs, user="bob")).response()
    assert answer.ephemeral and answer.text  # bob is answered
    await drained()
    assert kept(privy) == []  # and nothing of alice's words is kept, under anyone's name
    assert privy.about_user(str(fake.users["bob"].id))["questions"] == 0

    mine = await fake.user_message(UNKNOWN, author="alice", mention_bot=False)
    await (await fake.context_menu("Ask Privy", mine, user="alice")).response()
    await drained()
    assert kept(privy) == ["Does Grindr train AI on my private chats? write to [email]"]
    assert privy.about_user(str(fake.users["alice"].id))["questions"] == 1


async def test_old_unanswered_questions_go_by_the_sweep_without_another_question(
    fake: FakeDiscord, start_bot: StartBot
) -> None:
    privy = Privy(":memory:", today=lambda: TODAY)
    privy.scoped("").answer(UNKNOWN, user_id="42")
    old = (datetime.now(UTC) - timedelta(days=60)).isoformat(timespec="seconds")
    privy.db.execute("update unanswered set first_at = ?, last_at = ?", [old, old])
    assert len(kept(privy)) == 1
    await start_privy(start_bot, privy)  # the sweep runs at start, then every hour
    for _ in range(100):  # the sweep is a task of its own: give it its turn
        if not kept(privy):
            break
        await asyncio.sleep(0.02)
    assert kept(privy) == [] and privy.db.execute("select count(*) from unanswered_askers").fetchone()[0] == 0


async def test_a_public_answer_does_not_name_a_privately_saved_region(
    fake: FakeDiscord, start_bot: StartBot
) -> None:
    privy = Privy(":memory:", today=lambda: TODAY)
    await start_privy(start_bot, privy)
    for user in ("bob", "carol", "dave", "erin"):
        if user not in fake.users:
            await fake.add_user(user)
        saved = await (await fake.slash("region", {"code": "de"}, subcommand="set", user=user)).response()
        assert "Germany" in saved.text and saved.ephemeral  # only they see this
    question = "Is LinkedIn training AI on my data?"
    public = await fake.reply_to(await fake.user_message(question, author="bob"))
    assert embed_of(public)["title"] == "LinkedIn · your saved region"
    assert "Germany" not in public.text and "/de/" not in public.text  # nor in the follow-up reference
    private = await (await fake.slash("ask", {"question": question}, user="carol")).response()
    assert private.ephemeral and embed_of(private)["title"] == "LinkedIn · Germany"
    shown = await (await fake.slash("ask", {"question": question, "public": True}, user="dave")).response()
    assert not shown.ephemeral and "Germany" not in shown.text
    said = await fake.reply_to(await fake.user_message(f"{question} I'm in Germany", author="erin"))
    assert embed_of(said)["title"] == "LinkedIn · Germany"  # they said it themselves
