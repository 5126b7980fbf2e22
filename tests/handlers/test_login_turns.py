"""Shard logins take their bucket's turn in the shared base: as fast as Discord allows, never faster."""

from __future__ import annotations

import itertools
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import bot as botmod
from handlers.login_turns import LoginTurns
from knowledge.store.db import StoreReadOnly, open_db
from tests.fakediscord import FakeDiscord, StartBot
from tests.handlers.privy_setup import make_privy

ROOT = Path(__file__).resolve().parents[2]


async def _start_two_shards(fake: FakeDiscord, start_bot: StartBot, window: float) -> list[float]:
    config = botmod.Config(db=":memory:", shard_count=2, shard_ids=(0, 1))
    bot = botmod.create_bot(config, privy=make_privy())
    bot.logins.window = window  # type: ignore[attr-defined]
    await start_bot(bot)
    await fake.wait(lambda: len(fake.identified_at) == 2 or None, 10, "both shards to identify")
    return sorted(t for t, _ in fake.identified_at)


async def test_shards_in_one_bucket_wait_a_window(fake: FakeDiscord, start_bot: StartBot) -> None:
    fake.max_concurrency = 1
    first, second = await _start_two_shards(fake, start_bot, window=0.6)
    assert second - first >= 0.55


async def test_shards_in_different_buckets_log_in_together(fake: FakeDiscord, start_bot: StartBot) -> None:
    fake.max_concurrency = 2  # discord.py alone would wait 5 s before the second login
    first, second = await _start_two_shards(fake, start_bot, window=3.0)
    assert second - first < 1.0


def test_32_processes_never_log_in_more_than_allowed(tmp_path: Path) -> None:
    db_path, out = tmp_path / "privy.db", tmp_path / "logins.txt"
    open_db(db_path).conn.close()  # the schema, as the bot's first start makes it
    buckets, window, shards = 16, 2.0, 32
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.handlers.login_worker",
                str(db_path),
                str(s),
                str(buckets),
                str(window),
                str(out),
            ],
            cwd=ROOT,
        )
        for s in range(shards)
    ]
    assert all(w.wait(timeout=120) == 0 for w in workers)
    logins = sorted((float(t), int(s)) for t, s in (line.split() for line in out.read_text().splitlines()))
    assert sorted(s for _, s in logins) == list(range(shards))
    # Discord counts logins per 5 s window; here per `window`, at the times the turns were claimed.
    for start, _ in logins:
        within = [s for t, s in logins if start <= t < start + window]
        assert len(within) <= buckets, (start, within)
    # ... and as fast as it allows: two windows for two logins a bucket, not 31 × 5 s
    assert logins[-1][0] - logins[0][0] < (shards // buckets) * window + 3.0
    by_bucket: dict[int, list[float]] = {}
    for t, s in logins:
        by_bucket.setdefault(s % buckets, []).append(t)
    for times in by_bucket.values():
        assert all(b - a >= window for a, b in itertools.pairwise(times))


async def test_a_base_that_cannot_be_written_still_logs_in_at_its_own_pace() -> None:
    def read_only(bucket: int, now: float, window: float) -> float:
        raise StoreReadOnly("PRIVY_DB is read-only; nothing was saved.")

    async def core(fn: Any, *args: Any) -> Any:
        return fn(*args)

    async def one_bucket() -> int:
        return 1

    turns = LoginTurns(core, read_only, one_bucket, window=0.3)
    start = time.monotonic()
    await turns.wait(0)
    first = time.monotonic() - start
    await turns.wait(1)
    assert first < 0.1 and time.monotonic() - start >= 0.29  # the second waited its window, locally
