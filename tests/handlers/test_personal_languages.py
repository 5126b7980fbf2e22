"""Reminders and the checklist in the language their person clicked in (issue 20, on the fake Discord):
the DMs go in it days later, whoever else asked in another; what the channel saw stays in its own."""

from __future__ import annotations

from datetime import date

import pytest

from handlers.client import PrivyBot
from knowledge.service import Privy
from knowledge.store.facts import Author
from tests.fakediscord import FakeDiscord, StartBot
from tests.fakediscord.limits import walk_components
from tests.handlers.test_personal import (
    OPT_OUT,
    Clock,
    _fact,
    answer,
    did_id,
    dms,
    personal_bot,
    personal_privy,
    remind_id,
    run_on,
    slash_reply,
)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def privy(clock: Clock) -> Privy:
    return personal_privy(clock)


@pytest.fixture
async def bot(start_bot: StartBot, privy: Privy, clock: Clock) -> PrivyBot:
    return await personal_bot(start_bot, privy, clock)


def labels(components: list[dict[str, object]] | None) -> list[str]:
    return [str(c["label"]) for c in walk_components(components) if c.get("label")]


async def test_a_german_user_gets_the_reminder_dm_in_german_an_english_one_in_english(
    fake: FakeDiscord, bot: PrivyBot, clock: Clock
) -> None:
    fake.users["alice"].locale = "de"
    reply = await answer(fake)  # an English question in the channel: the channel reads English
    assert "Remind me" in labels(reply.components)
    said = (await (await fake.click(reply, remind_id(fake))).answer()).content or ""
    assert said.startswith(
        "Erinnerung gesetzt. Ich schicke dir am 13. Dezember 2026 und 19. Dezember 2026 eine DM, 7 Tage und "
        "1 Tag vor der Frist von LinkedIn (Region: Vereinigtes Königreich; 20. Dezember 2026)"
    )
    assert "/privy erinnerungen listet sie auf" in said
    bobs = await answer(fake, "bob")
    await (await fake.click(bobs, remind_id(fake, "bob"), user="bob")).answer()

    fake.users["alice"].locale = "en-US"  # a DM has no locale: the one she clicked in is what counts
    assert await run_on(bot, clock, date(2026, 12, 13)) == 2
    [hers] = dms(fake, "alice")
    text = hers.content or ""
    assert text.startswith(
        "**Erinnerung: noch 7 Tage** – Frist von LinkedIn (Region: Vereinigtes Königreich): 20. Dezember 2026."
    )
    assert "Du kannst per Einstellung widersprechen (Region: Vereinigtes Königreich)" in text  # the lead
    assert "(auf Englisch)\n1. Open Settings & Privacy › Data privacy." in text  # no German steps curated
    assert text.endswith("Du hast diese Erinnerung angefordert; /privy erinnerungen listet die übrigen auf "
                         "oder bricht sie ab.")  # fmt: skip
    [his] = dms(fake, "bob")
    assert (his.content or "").startswith(
        "**Reminder: 7 days left** for LinkedIn's deadline in the UK: 20 Dec 2026."
    )
    shown = (await slash_reply(fake, "privacy", "show")).content or ""
    assert (
        "• Reminders: **1**. Each keeps the platform, region, fact and deadline, the language you set it in"
        in shown
    )
    assert await run_on(bot, clock, date(2026, 12, 19)) == 2
    assert (dms(fake, "alice")[-1].content or "").startswith(
        "**Erinnerung: noch 1 Tag** – Frist von LinkedIn"
    )


async def test_a_french_user_reads_the_checklist_and_its_dm_in_french(
    fake: FakeDiscord, bot: PrivyBot, privy: Privy, clock: Clock
) -> None:
    fake.users["alice"].locale = "fr"
    reply = await answer(fake)
    noted = (await (await fake.click(reply, did_id(fake))).answer()).content or ""
    assert noted.startswith(
        "Noté, pour vous seul : vous avez refusé l’entraînement de l’IA de LinkedIn (région : Royaume-Uni) "
        "le 7 décembre 2026."
    )
    listed = await slash_reply(fake, "privy", "checklist")
    mine = listed.content or ""
    assert mine.startswith("**Ce que vous avez fait** (vous seul voyez ceci)\n")
    assert "• LinkedIn, Royaume-Uni : vous avez refusé le 7 décembre 2026. Aucun changement depuis." in mine
    assert "Un MP quand un changement m’oblige à agir à nouveau : **désactivé" in mine
    assert labels(listed.components) == ["MP si je dois agir à nouveau", "Retirer : LinkedIn, UK"]
    await (await fake.click(listed, "privy:ckdm:on")).answer()

    # LinkedIn replaces the setting with a form: the one DM goes in French
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
    [sent] = dms(fake, "alice")
    assert (sent.content or "").split("\n")[:3] == [
        "**LinkedIn a changé (région : Royaume-Uni)** depuis votre refus du 7 décembre 2026.",
        "Vous pouvez vous y opposer avec le formulaire de LinkedIn (région : Royaume-Uni).",
        "Vous devrez peut-être agir à nouveau :",
    ]


async def test_an_unknown_locale_and_a_refused_click_answer_in_english_or_the_clickers_own(
    fake: FakeDiscord, bot: PrivyBot
) -> None:
    fake.users["bob"].locale = "pl"
    fake.users["alice"].locale = "zh-CN"  # a locale Privy does not speak: English
    reply = await answer(fake)
    refused = (await (await fake.click(reply, remind_id(fake), user="bob")).answer()).content
    assert refused == "Ten przycisk jest dla osoby, która zapytała. Zapytaj Privy sam, aby dostać własny."
    said = (await (await fake.click(reply, remind_id(fake))).answer()).content or ""
    assert said.startswith("Reminder set. I'll DM you on 13 Dec 2026 and 19 Dec 2026")
