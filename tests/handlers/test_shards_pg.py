"""Issue 23's Done-when with a real bot: on one PostgreSQL database, the bot running as shard 0 of 2 answers
with a fact the other shard's process saved, within a second, and that process answers with the bot's."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import bot as botmod
from knowledge.service import Privy
from knowledge.store.facts import Author
from tests.conftest import TODAY, Databases
from tests.fakediscord import FakeDiscord, StartBot
from tests.handlers.privy_setup import start_privy
from tests.knowledge.pg_worker import fact
from tests.knowledge.test_pg_processes import SERVED_WITHIN, Worker

MOD = Author("mod", "1")


async def test_two_shards_on_postgresql_serve_each_others_saves(
    fake: FakeDiscord,
    start_bot: StartBot,
    pg_databases: Databases,
    pg_templates: dict[bool, str],
    tmp_path: Path,
) -> None:
    url = pg_databases.new(pg_templates[True])
    key = tmp_path / "privy.key"
    privy = Privy(url, seed=False, today=lambda: TODAY, key_file=key)
    config = botmod.Config(
        db=":memory:", guild_id=fake.guild.id, shard_count=2, shard_ids=(0,), database_url=url
    )
    bot = await start_privy(start_bot, privy, config)
    assert fake.identify is not None and fake.identify["shard"] == [0, 2]
    other = Worker(url, key)  # shard 1's process: its own connections, its own search rows in memory
    try:
        saved = fact("zoom-from-shard-1")
        before = await (await fake.slash("ask", {"question": saved["question"], "region": "uk"})).answer()
        assert saved["id"] not in str(before.embeds) + str(before.content)
        assert other.send({"save": [saved["id"]]}) == {"saved": 1}
        at = time.monotonic()
        # the bot's own answering lane, as /ask reaches it (asking /ask itself in a loop would meet the
        # one-question-per-user-per-5-s rate limit), then one /ask to see what the user is shown
        while (await bot.reads(bot.reader.ask, saved["question"], region="uk")).facts[0].id != saved["id"]:
            assert time.monotonic() - at < 5, "shard 0 never served shard 1's save"
            await asyncio.sleep(0.005)
        assert time.monotonic() - at < SERVED_WITHIN
        shown = await (
            await fake.slash("ask", {"question": saved["question"], "region": "uk"}, user="bob")
        ).answer()
        assert saved["id"] in str(shown.embeds)  # the footer's follow-up reference names the fact shown
        mine = fact("zoom-from-shard-0")
        await bot.core(privy.store.add, mine, MOD)  # as /fact add saves it on shard 0, off its loop
        at = time.monotonic()
        while other.ask("zoom-from-shard-0")[:1] != ["zoom-from-shard-0"]:
            assert time.monotonic() - at < 5, "shard 1 never served shard 0's save"
            time.sleep(0.005)
        assert time.monotonic() - at < SERVED_WITHIN
    finally:
        other.close()
