"""/privy status on the fake Discord: one field a group of regions, computed from the facts' claims."""

from __future__ import annotations

import pytest

import bot as botmod
from handlers.client import PrivyBot
from knowledge.service import Privy
from tests.fakediscord import FakeDiscord, StartBot
from tests.handlers.privy_setup import embed_of, start_privy
from tests.knowledge.claims_base import claims_privy


@pytest.fixture
def privy() -> Privy:
    return claims_privy()


@pytest.fixture
async def bot(start_bot: StartBot, privy: Privy) -> PrivyBot:
    return await start_privy(start_bot, privy, botmod.Config(db=":memory:"))


async def test_status_shows_one_field_a_group_of_regions(fake: FakeDiscord, bot: PrivyBot) -> None:
    """A member without Manage Server sees it too: it is for everyone."""
    await fake.add_user("sam")
    handle = await fake.slash(
        "privy", {"platform": "velora", "as_of": "2025-01-01"}, subcommand="status", user="sam"
    )
    embed = embed_of(await handle.answer())
    assert embed["title"] == "Velora: AI training by region"
    assert [(f["name"], f["value"].splitlines()[:2]) for f in embed["fields"]] == [
        (
            "UK, EEA / EU, Switzerland",
            ["Training: paused, since 18 Sep 2024", "Opt-out: a setting"],
        ),
        ("US, Elsewhere", ["Training: trains (public posts), since 18 Sep 2024", "Opt-out: a setting"]),
    ]
    assert "[velora.example.com](https://velora.example.com/help)" in embed["fields"][0]["value"]


async def test_status_of_an_unknown_platform_says_so(fake: FakeDiscord, bot: PrivyBot) -> None:
    handle = await fake.slash("privy", {"platform": "nosuchthing"}, subcommand="status")
    assert "I don't know that platform" in (await handle.answer()).text
