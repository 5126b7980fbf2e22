"""Nothing slow on the event loop (issue 13): a moderator's save on a large base never stalls the bot.

A base of 20,000 generated facts; a moderator edits a fact and saves it through the real commands while a
member asks a question; a task on the loop ticks every 10 ms and records the longest gap between ticks.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import pytest

from benchmarks.generate import TODAY, generate
from bot import create_bot
from knowledge.packs import publishers
from knowledge.packs.format import load_pack
from knowledge.service import Privy
from knowledge.store.facts import Author
from tests.fakediscord import FakeDiscord, StartBot
from tests.handlers.privy_setup import home_config

LARGE = 20_000
TICK = 0.010
MAX_STALL = 0.100


@dataclass
class Heartbeat:
    """The longest time the loop took to come back to a 10 ms timer, beyond the 10 ms."""

    longest: float = 0.0
    beats: int = 0


@asynccontextmanager
async def heartbeat() -> AsyncIterator[Heartbeat]:
    """A task on the loop ticking every 10 ms while the block runs."""
    beat = Heartbeat()

    async def tick() -> None:
        while True:
            start = time.perf_counter()
            await asyncio.sleep(TICK)
            beat.longest = max(beat.longest, time.perf_counter() - start - TICK)
            beat.beats += 1

    task = asyncio.create_task(tick())
    try:
        yield beat
    finally:
        task.cancel()


@dataclass
class Large:
    """An in-memory base of LARGE generated facts, its index built, and a question it answers."""

    privy: Privy
    question: str


@pytest.fixture(scope="module")
def large() -> Large:
    generated = generate(LARGE, seed=5, n_questions=5)
    privy = Privy(":memory:", seed=False, today=lambda: TODAY)
    privy.store.import_pack(load_pack(generated.pack, today=TODAY), Author("generated"))
    privy.index.refresh()  # loaded before the bot starts, so its start stays within the fake's timeout
    return Large(privy, generated.questions[0].text)


async def idle_stall(seconds: float = 0.5) -> float:
    """The longest gap of the heartbeat on an idle loop: what the machine's own load costs."""
    async with heartbeat() as beat:
        await asyncio.sleep(seconds)
    return beat.longest


def check_stall(beat: Heartbeat, idle: float, what: str) -> None:
    """The loop never stalled over MAX_STALL; xfail only when the idle loop alone stalls (a busy machine)."""
    ms = f"longest loop stall {beat.longest * 1000:.0f} ms ({idle * 1000:.0f} ms idle) at {LARGE} facts"
    print(f"\n{what}: {ms}")
    if beat.longest < MAX_STALL:
        return
    if idle >= MAX_STALL / 2:
        pytest.xfail(f"the machine is too busy to time the loop: {ms}")
    raise AssertionError(f"{what}: {ms}")


async def test_a_save_on_a_large_base_never_stalls_the_loop(
    fake: FakeDiscord, start_bot: StartBot, large: Large, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The generated facts cite invented hosts with varied publisher names, which the registry (not what this
    # test times) would refuse on a save to the shared base.
    monkeypatch.setattr(publishers, "source_problems", lambda *args, **kwargs: [])
    privy = large.privy
    fact_id = privy.store.ids(limit=1)[0]
    await start_bot(create_bot(home_config(start_bot), privy=privy))

    form = await (await fake.slash("fact", {"id": fact_id}, subcommand="edit", user="manager")).response()
    assert form.modal is not None, form
    edited = "Edited during the heartbeat test: the setting moved to Privacy, then AI training."
    panel = await (await fake.submit_modal(form.modal["custom_id"], {"answer": edited})).answer()
    save = next(c for c in panel.custom_ids if ":save:" in c)
    await fake.add_user("asker")
    idle = await idle_stall()

    async with heartbeat() as beat:
        started = time.perf_counter()
        click = await fake.click(panel, save, user="manager")
        asked = await fake.user_message(large.question, author="asker")
        saved = await click.answer(timeout=60)
        reply = await fake.reply_to(asked, timeout=60)
        took = time.perf_counter() - started

    print(f"\na save and a question meanwhile: both answered in {took:.2f} s")
    assert "Saved" in saved.text and edited in saved.text, saved
    assert reply.ok and reply.embeds, reply  # the question asked meanwhile is answered
    assert privy.store.get(fact_id)[0].answer == edited
    assert beat.beats > 0
    check_stall(beat, idle, "a save")


async def test_reading_a_large_base_never_stalls_the_loop(
    fake: FakeDiscord, start_bot: StartBot, large: Large
) -> None:
    await start_bot(create_bot(home_config(start_bot), privy=large.privy))
    await fake.add_user("asker")
    idle = await idle_stall()
    async with heartbeat() as beat:
        search = await fake.slash("fact", {"text": "voice notes"}, subcommand="search", user="manager")
        asked = await fake.user_message(large.question, author="asker")
        review = await fake.slash("review", user="manager")
        found, queue = [await h.answer(timeout=60) for h in (search, review)]
        reply = await fake.reply_to(asked, timeout=60)

    assert "best first" in found.text and queue.embeds[0]["title"] == "Review queue"
    assert reply.ok and reply.embeds, reply
    check_stall(beat, idle, "/fact search, /review and a question")
