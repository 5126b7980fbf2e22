"""Several processes, one fact base: shards of one bot, and the CLI beside a running bot (issue 13).

A change saved by any process is served by every other on its next question: the search lives in the
SQLite file, and each question first checks whether the file changed (PRAGMA data_version).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml
from discord.ext import commands

import bot as botmod
from knowledge.service import Privy
from knowledge.store.facts import Author
from tests.fakediscord import FakeDiscord, StartBot
from tests.handlers.privy_setup import PACK, TODAY, embed_of, start_privy

ROOT = Path(__file__).resolve().parents[2]
UK_FACT = "linkedin-genai-uk-test"
CHANGED = "Yes, and the change was saved by another process on the same fact base."


def base_on_disk(path: Path) -> Privy:
    privy = Privy(path, seed=False, today=lambda: TODAY)
    from knowledge.packs.format import load_pack

    privy.store.import_pack(load_pack(PACK, today=TODAY), Author("test"))
    return privy


def test_shards_come_from_the_configuration() -> None:
    sharded = botmod.create_bot(botmod.Config(db=":memory:", shard_count=4, shard_ids=(1, 3)))
    assert isinstance(sharded, commands.AutoShardedBot)
    assert (sharded.shard_count, sharded.shard_ids) == (4, [1, 3])
    whole = botmod.create_bot(botmod.Config(db=":memory:"))
    assert (whole.shard_count, whole.shard_ids) == (None, None)  # Discord says how many


async def test_a_shard_identifies_as_its_shard(fake: FakeDiscord, start_bot: StartBot) -> None:
    await start_privy(start_bot, config=botmod.Config(db=":memory:", shard_count=1, shard_ids=(0,)))
    assert fake.identify is not None and fake.identify["shard"] == [0, 1]
    reply = await fake.reply_to(await fake.user_message("is linkedin training ai on my data? I'm in Leeds"))
    assert "3 November 2025" in embed_of(reply)["description"]


async def test_a_cli_import_reaches_the_running_bot(
    fake: FakeDiscord, start_bot: StartBot, tmp_path: Path
) -> None:
    db = tmp_path / "privy.db"
    await start_privy(start_bot, base_on_disk(db))
    question = "is linkedin training ai on my data? I'm in Leeds"
    before = await fake.reply_to(await fake.user_message(question))
    assert CHANGED not in embed_of(before)["description"]

    pack = {**PACK, "facts": [dict(f) for f in PACK["facts"] if f["id"] == UK_FACT]}
    pack["facts"][0]["answer"] = CHANGED
    (tmp_path / "change.yaml").write_text(yaml.safe_dump(pack), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "bot.py", "facts", "import", str(tmp_path / "change.yaml"), "--by", "ops"],
        cwd=ROOT,
        env={**os.environ, "PRIVY_DB": str(db), "PRIVY_LOG_LEVEL": "WARNING"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "1 changed" in done.stdout

    await fake.add_user("neighbour")  # another member: the first is still in the mention cooldown
    after = await fake.reply_to(await fake.user_message(question, author="neighbour"))  # no restart
    assert CHANGED in embed_of(after)["description"]


def test_a_retired_fact_stops_answering_in_the_other_process(tmp_path: Path) -> None:
    db = tmp_path / "privy.db"
    serving = base_on_disk(db)
    assert serving.ask("is linkedin training ai on my data? I'm in Leeds").facts[0].id == UK_FACT
    other = Privy(db, seed=False, today=lambda: TODAY)  # a second shard, or the CLI
    other.store.retire(UK_FACT, "superseded by a newer fact", Author("ops"))
    answer = serving.ask("is linkedin training ai on my data? I'm in Leeds")
    assert UK_FACT not in [f.id for f in answer.facts]
