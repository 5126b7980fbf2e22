"""/region set|clear and /privacy show|forget on the fake Discord: what a person sees, and what is kept."""

from __future__ import annotations

import pytest

import bot as botmod
from handlers.client import PrivyBot
from knowledge.service import Privy
from tests.fakediscord import FakeDiscord, StartBot
from tests.handlers.privy_setup import embed_of, make_privy, start_privy

HELPFUL = "privy:fb:helpful:linkedin-genai-uk-test"


@pytest.fixture
def privy() -> Privy:
    return make_privy()


@pytest.fixture
async def bot(start_bot: StartBot, privy: Privy) -> PrivyBot:
    return await start_privy(start_bot, privy, botmod.Config(db=":memory:"))  # no home: commands global


async def slash_text(
    fake: FakeDiscord, name: str, sub: str, options: dict | None = None, **kw: object
) -> str:
    """Run /name sub and return the ephemeral sentence the user sees."""
    answer = await (await fake.slash(name, options or {}, subcommand=sub, **kw)).response()  # type: ignore[arg-type]
    assert answer.callback_type == 4 and answer.ephemeral, answer
    return answer.content or ""


async def test_region_set_is_used_for_later_questions(fake: FakeDiscord, bot: PrivyBot, privy: Privy) -> None:
    saved = await slash_text(fake, "region", "set", {"code": "GB"})
    assert saved.startswith("Saved. When a question doesn't name a place, I'll answer for the UK.")
    assert privy.community.region_of(str(fake.users["alice"].id)) == "uk"
    reply = await fake.reply_to(await fake.user_message("Is LinkedIn training AI on my data?"))
    # no clarify: the saved region answers it, and in a channel it is not named (issue 22)
    assert embed_of(reply)["title"] == "LinkedIn · your saved region"
    other = await fake.reply_to(await fake.user_message("Is LinkedIn training AI on my data?", author="bob"))
    assert "depends on where you live" in embed_of(other)["description"]  # bob saved nothing


async def test_region_set_works_in_dms_and_refuses_unknown_places(fake: FakeDiscord, bot: PrivyBot) -> None:
    assert (await slash_text(fake, "region", "set", {"code": "de"}, channel="dm", user="bob")).startswith(
        "Saved. When a question doesn't name a place, I'll answer for Germany."
    )
    refused = await slash_text(fake, "region", "set", {"code": "atlantis"})
    assert refused.startswith("I don't know the region 'atlantis'")
    choices = await fake.autocomplete("region", {"code": "swi"}, focused="code", subcommand="set")
    assert choices[0] == {"name": "Switzerland (ch)", "value": "ch"}


async def test_region_clear(fake: FakeDiscord, bot: PrivyBot, privy: Privy) -> None:
    await slash_text(fake, "region", "set", {"code": "uk"})
    assert await slash_text(fake, "region", "clear") == "Removed your saved region; I no longer store it."
    assert privy.community.region_of(str(fake.users["alice"].id)) is None
    assert await slash_text(fake, "region", "clear") == "You had no saved region."


async def test_privacy_says_what_is_kept_and_forget_deletes_it(
    fake: FakeDiscord, bot: PrivyBot, privy: Privy
) -> None:
    empty = await slash_text(fake, "privacy", "show")
    assert "Saved region: none" in empty and "Feedback votes: **0**" in empty
    assert "keyed hash of your id" in empty and "/privacy forget" in empty

    await slash_text(fake, "region", "set", {"code": "uk"})
    reply = await fake.reply_to(await fake.user_message("Is LinkedIn training AI on my data?"))
    await (await fake.click(reply, HELPFUL)).response()
    shown = await slash_text(fake, "privacy", "show")
    assert "Your saved region: **the UK**" in shown and "Feedback votes: **1**" in shown

    gone = await slash_text(fake, "privacy", "forget")
    assert gone == (
        "Done: I deleted your saved region and 1 vote token(s). Privy now stores nothing tied to you; "
        "the vote counts stay, anonymous."
    )
    after = await slash_text(fake, "privacy", "show")
    assert "Saved region: none" in after and "Feedback votes: **0**" in after
    in_this_server = privy.community.feedback(str(fake.guild.id))  # not the home server: its own votes
    assert in_this_server["linkedin-genai-uk-test"] == {"helpful": 1}
    again = await slash_text(fake, "privacy", "forget")
    assert again == "There was nothing to delete: Privy stores nothing tied to you."


async def test_forget_touches_only_the_asker(fake: FakeDiscord, bot: PrivyBot, privy: Privy) -> None:
    await slash_text(fake, "region", "set", {"code": "us"}, user="bob")
    await slash_text(fake, "region", "set", {"code": "uk"})
    await slash_text(fake, "privacy", "forget")
    assert privy.community.region_of(str(fake.users["bob"].id)) == "us"
