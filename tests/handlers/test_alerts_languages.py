"""Alert posts in their server's language (issue 20, on the fake Discord): a `ja` server's channel reads
Japanese; a server that changes its language gets its next posts in the new one; /privy alerts itself
is a server manager's tool and stays English."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest

from knowledge.service import Privy
from tests.fakediscord import FakeDiscord, StartBot
from tests.handlers.test_alerts import PAUSED_EUROPE, edit, posts, start, subscribe
from tests.knowledge.claims_base import Clock, claims_privy


@pytest.fixture
def clock() -> Clock:
    return Clock(date(2026, 11, 30))


@pytest.fixture
def privy(clock: Clock) -> Privy:
    return claims_privy(today=clock)


async def test_a_japanese_server_reads_its_alert_in_japanese(
    fake: FakeDiscord, start_bot: StartBot, privy: Privy
) -> None:
    fake.guild.locale = "ja"
    bot = await start(start_bot, privy)
    uk = await fake.add_channel("uk-alerts")
    said = await subscribe(fake, uk, regions="uk")
    assert "now gets alerts from today" in said  # the manager's tool is English
    edit(privy, "velora-trains-europe", **PAUSED_EUROPE)
    assert bot.alert_sender is not None
    assert await bot.alert_sender.pass_once() == 1
    [post] = posts(fake, uk)
    embed = post["embeds"][0]
    assert embed["title"] == "Velora · イギリス：回答が変わりました"
    assert embed["description"].startswith("いいえ — ")  # the lead from the claim, in Japanese
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["変更前"].startswith("はい — ")
    assert "https://velora.example.com/help" in fields["出典"]
    assert embed["footer"]["text"].endswith(" · 2026年11月30日 · 変更は /privy alerts")


async def test_a_server_that_changes_its_language_gets_its_next_alert_in_the_new_one(
    fake: FakeDiscord, start_bot: StartBot, privy: Privy
) -> None:
    bot = await start(start_bot, privy)
    uk = await fake.add_channel("uk-alerts")
    await subscribe(fake, uk, regions="uk")
    assert bot.alert_sender is not None
    edit(privy, "velora-trains-europe", **PAUSED_EUROPE)
    await bot.alert_sender.pass_once()
    fake.guild.locale = "de"  # its admins switch the server to German
    updated = asyncio.ensure_future(bot.wait_for("guild_update", timeout=5.0))
    await fake.dispatch("GUILD_UPDATE", fake.guild.payload())
    _, after = await updated
    assert after.preferred_locale.value == "de"
    await bot.alert_sender.pass_once()  # the pass takes the server's new language first
    edit(privy, "velora-trains-europe", claim={"kind": "training", "training": "no"})
    assert await bot.alert_sender.pass_once() == 1
    first, second = posts(fake, uk)
    assert first["embeds"][0]["title"] == "Velora · UK: what you're told changed"
    assert (
        second["embeds"][0]["title"] == "Velora · Vereinigtes Königreich: was du erfährst, hat sich geändert"
    )
    assert [f["name"] for f in second["embeds"][0]["fields"]][:1] == ["Vorher"]
