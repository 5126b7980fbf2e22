"""No server can slow the others (issue 22, finding 3), on the fake Discord: questions asked in one server
while a command-line import and a Discord import run are answered without waiting for them, and /review
pages through every proposal.

The heartbeat: the bot on a file base; `python bot.py facts import` of a 5,000-fact pack in another
process (it holds the write lock for seconds) and a moderator's /fact import confirmed in the home server
(its save waits for that lock) while members of another server ask, one after another. Each question's
wait, from the message to the reply, is measured; the worst is printed.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from benchmarks.generate import dump_yaml, generate
from bot import create_bot
from knowledge.model import fact_as_pack_entry
from knowledge.service import Privy
from knowledge.store.drafts import PENDING, ChangeStore
from knowledge.store.facts import Author
from tests.fakediscord import FakeDiscord, StartBot, Upload
from tests.handlers.privy_setup import TODAY, home_config

ROOT = Path(__file__).resolve().parents[2]
FACT = "linkedin-optout-global-2024"
QUESTION = "How do I turn off LinkedIn AI training? I'm in the US"
MAX_WAIT = 0.200  # seconds a question may take while the imports run
QUESTIONS = 12
IDLE = 4  # questions timed before and after the imports, with nothing else running


async def ask_timed(fake: FakeDiscord, user: str, channel: object) -> tuple[float, str]:
    started = time.perf_counter()
    reply = await fake.reply_to(await fake.user_message(QUESTION, author=user, channel=channel), timeout=30)
    return time.perf_counter() - started, reply.text


REGISTERED = {
    "url": "https://www.linkedin.com/help/linkedin/answer/a6278444",
    "title": "Help",
    "publisher": "LinkedIn",
}


def registered(pack: dict[str, Any]) -> dict[str, Any]:
    """The generated pack with every fact citing a page of a registered publisher."""
    for fact in pack["facts"]:
        fact["sources"] = [dict(REGISTERED)]
    return pack


async def test_questions_in_another_server_never_wait_for_imports(
    fake: FakeDiscord,
    start_bot: StartBot,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The generated packs cite invented hosts, which the publisher registry (not what this test times)
    # refuses on every shared write: each fact cites a registered page instead.
    db = tmp_path / "privy.db"
    seeded = Privy(":memory:", today=lambda: TODAY)
    copy = Privy(db, seed=False, today=lambda: TODAY)
    seeded.db.conn.backup(copy.db.conn)
    copy.db.conn.close()
    big = tmp_path / "big.yaml"
    big.write_text(dump_yaml(registered(generate(5_000, seed=22, n_questions=1).pack)))
    home_pack = registered(generate(1_500, seed=23, n_questions=1).pack)
    upload = Upload("home.yaml", dump_yaml(home_pack).encode(), "application/x-yaml")

    town = await fake.add_guild("Stranger Town", owner="mallory")
    channel = next(iter(town.channels.values()))
    askers = [f"asker{n}" for n in range(QUESTIONS + 2 * IDLE)]
    for user in askers:
        await fake.add_user(user, guild=town)
    await start_bot(create_bot(home_config(start_bot), privy=Privy(db, today=lambda: TODAY)))
    plan = await (await fake.slash("fact", {"pack": upload}, subcommand="import", user="manager")).answer(
        timeout=60
    )
    assert "Importing it would" in plan.text, plan.text
    idle = [await ask_timed(fake, askers[n], channel) for n in range(IDLE)]  # the machine's own pace

    env = {**os.environ, "PRIVY_DB": str(db), "PRIVY_LOG_LEVEL": "WARNING"}
    cli = subprocess.Popen(
        [sys.executable, str(ROOT / "bot.py"), "facts", "import", str(big), "--by", "cli",
         ],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        await asyncio.sleep(1.0)  # the CLI reads and validates its pack, then writes
        confirm = await fake.click(plan, "privy:import:confirm", user="manager")
        waits = []
        for user in askers[IDLE : IDLE + QUESTIONS]:
            took, text = await ask_timed(fake, user, channel)
            assert "LinkedIn" in text, text
            waits.append(took)
            await asyncio.sleep(0.25)
        done = await confirm.answer(timeout=60)
        _, err = cli.communicate(timeout=120)
    finally:
        if cli.poll() is None:
            cli.kill()
    assert cli.returncode == 0, err
    for user in askers[IDLE + QUESTIONS :]:  # the machine's pace again: other work shares its 2 cores
        await asyncio.sleep(0.25)
        idle.append(await ask_timed(fake, user, channel))
    assert "Imported" in done.text or "busy" in done.text, done.text  # saved, or one sentence: never a stall

    worst, base = max(waits), max(t for t, _ in idle)
    with capsys.disabled():  # shown in make test's output, not only on failure
        print(
            f"\nquestions in another server during a CLI import (5,000 facts) and a Discord import (1,500):"
            f" worst wait {worst * 1000:.0f} ms, median {sorted(waits)[len(waits) // 2] * 1000:.0f} ms"
            f" (idle {base * 1000:.0f} ms)"
        )
    if worst > MAX_WAIT and base > MAX_WAIT / 2:
        pytest.xfail(f"the machine is too busy to time questions: idle {base * 1000:.0f} ms")
    assert worst <= MAX_WAIT, f"worst wait {worst * 1000:.0f} ms"


async def test_review_pages_through_every_proposal(fake: FakeDiscord, start_bot: StartBot) -> None:
    privy = Privy(":memory:", today=lambda: TODAY)
    curators = ChangeStore(privy.db, "")
    raw = fact_as_pack_entry(privy.store.get(FACT)[0], dates_as_text=True)
    for n in range(30):
        curators.create("edit", raw, Author("m", "9"), base_rev=1, status=PENDING, origin=(str(n), f"S{n}"))
    own = curators.create("edit", raw, Author("mod", "5"), base_rev=1, status=PENDING)
    await start_bot(create_bot(home_config(start_bot), privy=privy))
    first = await (await fake.slash("review", {}, user="manager")).answer()
    assert f"#{own.id} · edit" in first.text.split("Suggested by")[0]  # the home server's own, first
    assert "page 1 of 2, 31 in all" in first.text
    second = await (await fake.click(first, "privy:review:page:1", user="manager")).answer()
    assert "page 2 of 2" in second.text and "#25 ·" in second.text and "#30 ·" in second.text
    assert "#24 ·" not in second.text and "More proposals" not in repr(second.components)


async def test_a_servers_huge_pack_is_refused_before_it_is_downloaded(
    fake: FakeDiscord, start_bot: StartBot
) -> None:
    town = await fake.add_guild("Stranger Town", owner="mallory")
    await start_bot(create_bot(home_config(start_bot), privy=Privy(":memory:", today=lambda: TODAY)))
    huge = b"pack: x\nfacts:\n" + b"".join(b"  - item %d\n" % n for n in range(400_000))
    assert len(huge) > 4_900_000
    upload = Upload("huge.yaml", huge, "application/x-yaml")
    channel = next(iter(town.channels.values()))
    refused = await (
        await fake.slash(
            "fact", {"pack": upload}, subcommand="import", user="mallory", channel=channel, validate=False
        )
    ).answer()
    # the attachment's size said so: had it been downloaded and read, the core would have said
    # "that pack is 4,8.. KB" instead
    assert "over 256 KB, the most it may be here" in refused.text and "that pack is" not in refused.text
