"""Privy on the fake Discord: a small fixed fact pack, a fixed date, and a way to start the real bot."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import bot as botmod
from handlers.client import PrivyBot
from knowledge.packs.format import load_pack
from knowledge.service import Privy
from knowledge.store.facts import Author
from tests.fakediscord import StartBot

TODAY = date(2026, 12, 7)  # the embedded facts were verified on this day
SRC = "https://www.linkedin.com/help/linkedin/answer/a6278444"

# Two regions with different answers (so a question without a place needs a region), one global-only
# platform whose fact is as large as a pack allows (so the reply must be shortened to fit Discord).
PACK: dict[str, Any] = {
    "pack": "discord-tests",
    "platforms": [
        {"id": "linkedin", "name": "LinkedIn", "aliases": ["linked in"]},
        {"id": "bigco", "name": "BigCo", "aliases": []},
    ],
    "facts": [
        {
            "id": "linkedin-genai-uk-test",
            "platform": "linkedin",
            "regions": ["uk"],
            "topic": "status",
            "valid_from": date(2025, 11, 3),
            "question": "Is LinkedIn using my data to train AI?",
            "answer": "Yes. Since 3 November 2025 LinkedIn uses UK members' posts to train its AI models.",
            "steps": [
                "Open Settings & Privacy › Data privacy.",
                'Choose "Data for Generative AI Improvement".',
                "Switch the setting off.",
            ],
            "sources": [
                {"url": SRC, "title": "LinkedIn Help: generative AI", "publisher": "LinkedIn", "date": TODAY},
            ],
            "verified": date(2026, 11, 20),
        },
        {
            "id": "linkedin-genai-us-test",
            "platform": "linkedin",
            "regions": ["us", "global"],
            "topic": "status",
            "valid_from": date(2024, 9, 18),
            "question": "Is LinkedIn using my data to train AI?",
            "answer": "Yes. Since 18 September 2024 LinkedIn's AI training setting is on by default in the US.",
            "sources": [{"url": SRC, "title": "LinkedIn Help: generative AI", "publisher": "LinkedIn"}],
            "verified": date(2026, 11, 20),
        },
        {
            "id": "bigco-everything-global-test",
            "platform": "bigco",
            "regions": ["global"],
            "topic": "status",
            "question": "Does BigCo train AI on my data?",
            "answer": ("BigCo trains AI on everything you post. " * 40)[:1200],
            "steps": [(f"Step {i}: " + "open the menu and look carefully " * 9)[:300] for i in range(1, 16)],
            "sources": [
                {
                    "url": f"https://example.org/{i}/" + "a" * 470,
                    "title": f"Source {i} " + "t" * 280,
                    "publisher": "P" * 120,
                    "date": date(2025, 1, i),
                }
                for i in range(1, 11)
            ],
            "verified": date(2026, 11, 1),
        },
    ],
}


# Set by tests/handlers/conftest.py while a module of tests/conftest.py BOTH_STORES runs on PostgreSQL.
NEW_BASE: list[Callable[..., Privy]] = []


def new_base(seed: bool = True) -> Privy:
    """A Privy dated TODAY, seeded with the embedded pack: in memory, or on the test's PostgreSQL."""
    if NEW_BASE:
        return NEW_BASE[0](seed=seed)
    return Privy(":memory:", seed=seed, today=lambda: TODAY)


def make_privy(pack: dict[str, Any] | None = PACK) -> Privy:
    """A Privy dated TODAY (in memory, or on PostgreSQL: see new_base), with `pack` (None: the embedded pack)."""
    if pack is None:
        return new_base()
    privy = new_base(seed=False)
    privy.store.import_pack(load_pack(pack, today=TODAY), Author("test"))
    return privy


async def start_privy(
    start_bot: StartBot, privy: Privy | None = None, config: botmod.Config | None = None
) -> PrivyBot:
    """The real bot of create_bot(), running on the fake; by default the fake's guild is the home server
    (PRIVY_GUILD_ID), whose moderators curate the shared base."""
    bot = botmod.create_bot(config or home_config(start_bot), privy=privy or make_privy())
    assert isinstance(bot, PrivyBot)
    await start_bot(bot)
    return bot


def home_config(start_bot: StartBot, **settings: Any) -> botmod.Config:
    """A Config whose home server (PRIVY_GUILD_ID) is the fake's first guild."""
    fake = getattr(start_bot, "fake", None)
    home = fake.guild.id if fake is not None else None
    return botmod.Config(db=":memory:", **{"guild_id": home, **settings})


def embed_of(call: Any) -> dict[str, Any]:
    """The one embed a reply carries."""
    assert len(call.embeds) == 1, call
    return call.embeds[0]
