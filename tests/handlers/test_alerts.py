"""Alert channels on the fake Discord (issue 21): what a subscribed channel gets, and what it never gets.

The base is the claims pack of two made-up platforms (tests/knowledge/claims_base.py); the clock is a
day the test steps, never a sleep. Each pass of the sender is run by the test (`pass_once`), so what is
posted is known exactly; the bot's own background pass only waits (its poll is an hour here).
"""

from __future__ import annotations

import asyncio
import time
from datetime import date, timedelta
from typing import Any

import pytest

import bot as botmod
from handlers.client import PrivyBot
from knowledge.model import fact_as_pack_entry
from knowledge.service import Privy
from knowledge.store import alerts as alert_store
from knowledge.store.facts import Author
from tests.fakediscord import FakeDiscord, StartBot, overwrite
from tests.fakediscord.world import NEWS_CHANNEL, SEND_MESSAGES
from tests.knowledge.claims_base import Clock, claims_privy

MOD = Author("curator", "42")


@pytest.fixture
def clock() -> Clock:
    return Clock(date(2026, 11, 30))


@pytest.fixture
def privy(clock: Clock) -> Privy:
    return claims_privy(today=clock)


async def start(
    start_bot: StartBot, privy: Privy, *, lease: float = 120.0, check: float = 3600.0
) -> PrivyBot:
    """The bot, its sender passing only when a test says so (unless `check` lets it look for new alerts)."""
    fake = start_bot.fake  # type: ignore[attr-defined]
    bot = botmod.create_bot(botmod.Config(db=":memory:", guild_id=fake.guild.id), privy=privy)
    assert isinstance(bot, PrivyBot)
    bot.alert_poll, bot.alert_lease, bot.alert_check = 3600.0, lease, check
    await start_bot(bot)
    assert bot.alert_sender is not None
    await bot.alert_sender.pass_once()  # the pass at start is over before the test acts
    return bot


async def subscribe(fake: FakeDiscord, channel: Any, **options: Any) -> str:
    """A manager subscribes `channel` with /privy alerts; returns what Privy answered."""
    handle = await fake.slash("privy", {"channel": channel, **options}, subcommand="alerts", user="manager")
    return (await handle.answer()).text


def edit(privy: Privy, fact_id: str, scope: str = "", **changes: Any) -> None:
    """A moderator's save of a fact (the path /fact edit and Save take), with `changes` to its entry."""
    store = privy.scoped(scope).store
    fact, _ = store.get(fact_id)
    store.save({**fact_as_pack_entry(fact), **changes}, MOD, action="edit")


def posts(fake: FakeDiscord, channel: Any) -> list[dict[str, Any]]:
    """The bot's posts in a channel (not its answers to commands), oldest first, as members see them."""
    chan = fake.world.channel(channel)
    return sorted(
        (
            m
            for m in fake.messages.values()
            if int(m["channel_id"]) == chan.id and "interaction_metadata" not in m
        ),
        key=lambda m: int(m["id"]),
    )


PAUSED_EUROPE = {"claim": {"kind": "training", "training": "paused"}}


async def test_a_home_change_is_posted_once_where_it_changes_the_regions_answer(
    fake: FakeDiscord, start_bot: StartBot, privy: Privy
) -> None:
    bot = await start(start_bot, privy)
    uk = await fake.add_channel("uk-alerts")
    us = await fake.add_channel("us-alerts")
    assert "now gets alerts from today" in await subscribe(fake, uk, regions="uk")
    await subscribe(fake, us, regions="us")
    edit(privy, "velora-trains-europe", **PAUSED_EUROPE)  # the UK's answer changes, the US's does not
    assert bot.alert_sender is not None
    assert await bot.alert_sender.pass_once() == 1
    assert await bot.alert_sender.pass_once() == 0  # sent once, never again
    [post] = posts(fake, uk)
    assert posts(fake, us) == []
    embed = post["embeds"][0]
    assert embed["title"] == "Velora · UK: what you're told changed"
    assert embed["description"].startswith("No — paused since 3 Nov 2025: Velora is not training AI")
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Before"].startswith("Yes — since 3 Nov 2025 Velora trains AI on public posts and profile.")
    assert "https://velora.example.com/help" in fields["Sources"]
    call = next(c for c in fake.calls if c.kind == "message" and c.channel_id == uk.id)
    assert call.pings == set() and call.allowed_mentions == {"parse": []}


async def test_a_saved_change_is_posted_within_seconds_without_waiting_for_the_next_full_pass(
    fake: FakeDiscord, start_bot: StartBot, privy: Privy
) -> None:
    """The full pass comes every 30 s (here an hour); the sender's look at the newest outbox row finds the
    save's alert at once, whichever process wrote it (here the test, on the bot's base, as the CLI would)."""
    await start(start_bot, privy, check=0.05)
    uk = await fake.add_channel("uk-alerts")
    await subscribe(fake, uk, regions="uk")
    edit(privy, "velora-trains-europe", **PAUSED_EUROPE)
    deadline = time.monotonic() + 15  # within seconds even on a loaded machine; the full pass is an hour away
    while not posts(fake, uk) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    [post] = posts(fake, uk)
    assert post["embeds"][0]["title"] == "Velora · UK: what you're told changed"


async def test_another_servers_own_fact_alerts_only_its_own_channels(
    fake: FakeDiscord, start_bot: StartBot, privy: Privy
) -> None:
    other = await fake.add_guild("Other Place", owner="olga")
    bot = await start(start_bot, privy)
    home = await fake.add_channel("home-alerts")
    theirs = await fake.add_channel("their-alerts", guild=other)
    await subscribe(fake, home)
    handle = await fake.slash("privy", {"channel": theirs}, subcommand="alerts", user="olga", channel=theirs)
    assert "now gets alerts" in (await handle.answer()).text
    # The other server's own version of the European fact: its layer only.
    edit(privy, "velora-trains-europe", scope=str(other.id), **PAUSED_EUROPE)
    assert bot.alert_sender is not None
    await bot.alert_sender.pass_once()
    assert posts(fake, home) == []
    [post] = posts(fake, theirs)
    assert post["embeds"][0]["title"].startswith("Velora · UK, EEA / EU, Switzerland")
    # A shared change that the other server's own fact hides from it reaches the home channel only.
    edit(privy, "velora-trains-europe", claim={"kind": "training", "training": "no"})
    await bot.alert_sender.pass_once()
    assert len(posts(fake, home)) == 1 and len(posts(fake, theirs)) == 1


async def test_the_baseline_posts_nothing_that_happened_before_subscribing(
    fake: FakeDiscord, start_bot: StartBot, privy: Privy, clock: Clock
) -> None:
    bot = await start(start_bot, privy)
    edit(privy, "velora-trains-europe", **PAUSED_EUROPE)  # before anyone subscribed
    channel = await fake.add_channel("alerts")
    await subscribe(fake, channel)
    assert bot.alert_sender is not None
    assert await bot.alert_sender.pass_once() == 0
    clock.day += timedelta(days=1)  # a day's tick finds nothing new either
    assert await bot.alert_sender.pass_once() == 0
    assert posts(fake, channel) == []


async def test_over_the_daily_cap_changes_fold_into_one_digest_the_next_day(
    fake: FakeDiscord, start_bot: StartBot, privy: Privy, clock: Clock
) -> None:
    bot = await start(start_bot, privy)
    channel = await fake.add_channel("alerts")
    await subscribe(fake, channel, max_per_day=1)
    edit(privy, "velora-trains-europe", **PAUSED_EUROPE)
    edit(privy, "velora-trains-global", claim={"kind": "training", "training": "no"})
    edit(privy, "norra-trains-eea", claim={"kind": "training", "training": "no"})
    assert bot.alert_sender is not None
    assert await bot.alert_sender.pass_once() == 1
    clock.day += timedelta(days=1)
    assert await bot.alert_sender.pass_once() == 1
    first, digest = posts(fake, channel)
    assert first["embeds"][0]["title"].startswith("Velora · UK, EEA / EU, Switzerland")
    assert digest["embeds"][0]["title"] == "Privy: more changes"
    carried = next(f["value"] for f in digest["embeds"][0]["fields"] if f["name"] == "Also changed")
    assert carried.count("•") == 2 and "Velora · US, Elsewhere" in carried and "Norra · EEA / EU" in carried


async def test_a_lost_permission_pauses_with_the_reason_and_nothing_is_lost(
    fake: FakeDiscord, start_bot: StartBot, privy: Privy
) -> None:
    bot = await start(start_bot, privy)
    channel = await fake.add_channel("alerts")
    await subscribe(fake, channel)
    privy_role = fake.role("Privy")
    await fake.set_overwrites(channel, [overwrite(privy_role, deny=SEND_MESSAGES)])
    edit(privy, "velora-trains-europe", **PAUSED_EUROPE)
    assert bot.alert_sender is not None
    assert await bot.alert_sender.pass_once() == 0
    listed = await (await fake.slash("privy", {}, subcommand="alerts", user="manager")).answer()
    assert f"<#{channel.id}>" in listed.text and "**paused**: Privy lacks Send Messages" in listed.text
    review = await (await fake.slash("review", user="manager")).answer()
    assert "paused" in review.text and "Send Messages" in review.text
    await fake.set_overwrites(channel, [])  # the permission is back: it resumes by itself
    assert await bot.alert_sender.pass_once() == 1
    assert len(posts(fake, channel)) == 1


async def test_a_named_role_is_the_only_ping_and_announcements_are_published(
    fake: FakeDiscord, start_bot: StartBot, privy: Privy
) -> None:
    bot = await start(start_bot, privy)
    news = await fake.add_channel("news", kind=NEWS_CHANNEL)
    role = await fake.add_role("privacy-watchers")
    await subscribe(fake, news, role=role, platforms="velora")
    edit(privy, "velora-trains-europe", **PAUSED_EUROPE)
    edit(privy, "norra-trains-eea", claim={"kind": "training", "training": "no"})  # not a subscribed platform
    assert bot.alert_sender is not None
    assert await bot.alert_sender.pass_once() == 1
    call = next(c for c in fake.calls if c.kind == "message" and c.channel_id == news.id)
    assert call.pings == {f"role:{role.id}"}
    assert [c.kind for c in fake.calls if c.channel_id == news.id][-1] == "crosspost"


class Killed(BaseException):
    """The sender's process dies here (not an error it could catch)."""


@pytest.mark.parametrize("history", [True, False], ids=["found-in-history", "nonce-enforced"])
async def test_a_sender_killed_between_posting_and_recording_posts_nothing_twice(
    fake: FakeDiscord, start_bot: StartBot, privy: Privy, monkeypatch: pytest.MonkeyPatch, history: bool
) -> None:
    first = await start(start_bot, privy)
    channel = await fake.add_channel("alerts")
    await subscribe(fake, channel)
    edit(privy, "velora-trains-europe", **PAUSED_EUROPE)
    edit(privy, "norra-trains-eea", claim={"kind": "training", "training": "no"})

    def die(*args: object) -> None:
        raise Killed

    monkeypatch.setattr(type(privy.alerts), "sent", die)
    assert first.alert_sender is not None
    with pytest.raises(Killed):
        await first.alert_sender.pass_once()
    await first.close()
    monkeypatch.undo()
    assert len(posts(fake, channel)) == 1  # posted, never recorded; the second not even tried
    if not history:  # the new sender cannot look: Discord's enforce_nonce still returns the first post
        await fake.set_overwrites(channel, [overwrite(fake.role("Privy"), deny=1 << 16)])
    second = await start(start_bot, privy, lease=0.0)
    assert second.alert_sender is not None
    await second.alert_sender.pass_once()
    shown = posts(fake, channel)
    assert [p["embeds"][0]["title"].split(":")[0] for p in shown] == [
        "Velora · UK, EEA / EU, Switzerland",
        "Norra · EEA / EU",
    ]
    rows = privy.db.execute("select state, message_id from alert_outbox order by id").fetchall()
    assert rows == [(alert_store.SENT, p["id"]) for p in shown]


async def test_a_start_day_and_a_deadline_14_and_2_days_ahead_are_posted_on_their_day(
    fake: FakeDiscord, start_bot: StartBot, clock: Clock, privy: Privy
) -> None:
    """Norra's objection form is due 27 May 2025, the day its training starts in the EEA."""
    clock.day = date(2025, 5, 12)
    bot = await start(start_bot, privy)
    channel = await fake.add_channel("alerts")
    await subscribe(fake, channel, regions="de")
    assert bot.alert_sender is not None
    titles = []
    for day in range(13, 28):
        clock.day = date(2025, 5, day)
        await bot.alert_sender.pass_once()
        titles += [(day, p["embeds"][0]["description"][:40]) for p in posts(fake, channel)[len(titles) :]]
    assert titles == [
        (13, "14 days left: the deadline is 27 May 202"),
        (25, "2 days left: the deadline is 27 May 2025"),
        (27, "Yes — since 27 May 2025 Norra trains AI "),
    ]
    assert posts(fake, channel)[0]["embeds"][0]["title"] == "Norra · Germany: a deadline is coming"


async def test_only_managers_choose_alert_channels_and_off_ends_one(
    fake: FakeDiscord, start_bot: StartBot, privy: Privy
) -> None:
    bot = await start(start_bot, privy)
    channel = await fake.add_channel("alerts")
    refused = await fake.slash("privy", {"channel": channel}, subcommand="alerts", user="mod")
    assert "Only members with the Manage Server permission" in (await refused.answer()).text
    everyone = await fake.slash(
        "privy", {"channel": channel, "role": fake.role("@everyone")}, subcommand="alerts", user="manager"
    )
    assert "not @everyone" in (await everyone.answer()).text
    await subscribe(fake, channel)
    edit(privy, "velora-trains-europe", **PAUSED_EUROPE)
    ended = await subscribe(fake, channel, off=True)
    assert ended == f"<#{channel.id}> no longer gets alerts."
    assert bot.alert_sender is not None
    assert await bot.alert_sender.pass_once() == 0
    listed = await (await fake.slash("privy", {}, subcommand="alerts", user="manager")).answer()
    assert listed.text.startswith("No channel here gets Privy's alerts.")
    assert posts(fake, channel) == []
