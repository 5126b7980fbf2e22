"""Shard processes on many hosts take login turns through PostgreSQL: as fast as Discord allows, never
faster, whatever each host's clock says (issue 23's Done-when: 32 shard processes)."""

from __future__ import annotations

import itertools
import math
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

import bot as botmod
from tests.fakediscord import FakeDiscord, StartBot
from tests.handlers.privy_setup import make_privy
from tests.pgcluster import ThrowawayCluster

ROOT = Path(__file__).resolve().parents[2]
SKEWS = (0.0, 90.0, -90.0)  # seconds each host's clock is off, in turn: only the server's clock counts


def start_shards(url: str, shards: int, buckets: int, window: float) -> tuple[list[tuple[float, int]], float]:
    """Each shard's login (server time, shard), once all processes started together; and the wall time."""

    def command(shard: int) -> list[str]:
        skew = SKEWS[shard % len(SKEWS)]
        return [
            sys.executable,
            "-m",
            "tests.handlers.pg_login_worker",
            url,
            str(shard),
            str(buckets),
            str(window),
            str(skew),
        ]

    workers = [
        subprocess.Popen(command(s), cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for s in range(shards)
    ]
    try:
        for w in workers:  # imported and connected: the logins alone are timed
            assert w.stdout is not None and w.stdout.readline() == "ready\n"
        started = time.monotonic()
        for w in workers:
            assert w.stdin is not None
            w.stdin.write("go\n")
            w.stdin.flush()
        outs = [w.communicate(timeout=60)[0] for w in workers]
        wall = time.monotonic() - started
    finally:
        for w in workers:
            if w.poll() is None:
                w.kill()
    assert all(w.returncode == 0 for w in workers)
    logins = sorted((float(t), int(s)) for t, s in (out.split() for out in outs))
    return logins, wall


def most_in_a_window(logins: list[tuple[float, int]], window: float) -> int:
    """The most logins that started within any `window` seconds (every window that opens at a login)."""
    return max(sum(1 for t, _ in logins if start <= t < start + window) for start, _ in logins)


@pytest.mark.parametrize(
    ("shards", "buckets", "window"),
    [(32, 16, 2.0), (4, 1, 1.0)],
    ids=["32 shards, max_concurrency 16", "4 shards, max_concurrency 1"],
)
def test_shard_processes_never_log_in_more_than_allowed(
    pg_cluster: ThrowawayCluster, shards: int, buckets: int, window: float
) -> None:
    # Discord's window is 5 s (5.5 in production); a shorter one keeps the test to seconds, same rule.
    logins, wall = start_shards(pg_cluster.new_database(), shards, buckets, window)
    assert sorted(s for _, s in logins) == list(range(shards))  # every shard logged in, once
    assert most_in_a_window(logins, window) <= buckets
    by_bucket: dict[int, list[float]] = {}
    for t, s in logins:
        by_bucket.setdefault(s % buckets, []).append(t)
    for times in by_bucket.values():
        assert all(b - a >= window for a, b in itertools.pairwise(times))
    # ... and as fast as it allows: each bucket's logins one window apart, not one shard per window
    rounds = math.ceil(shards / buckets)
    assert logins[-1][0] - logins[0][0] < (rounds - 1) * window + 1.0
    assert wall < rounds * window + 3.0, wall


async def test_a_bot_on_postgresql_takes_its_turns_there(
    pg_cluster: ThrowawayCluster, fake: FakeDiscord, start_bot: StartBot
) -> None:
    """PRIVY_DATABASE_URL set: the bot's login hook asks PostgreSQL, which other hosts' processes see."""
    url = pg_cluster.new_database()
    fake.max_concurrency = 1
    config = botmod.Config(db=":memory:", shard_count=2, shard_ids=(0, 1), database_url=url)
    bot = botmod.create_bot(config, privy=make_privy())  # the facts in memory: only the logins are at stake
    bot.logins.window = 0.6  # type: ignore[attr-defined]
    await start_bot(bot)
    await fake.wait(lambda: len(fake.identified_at) == 2 or None, 10, "both shards to identify")
    first, second = sorted(t for t, _ in fake.identified_at)
    assert second - first >= 0.5  # one bucket: one login a window (0.6 s by the server, less the delivery)
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "select bucket, clock_timestamp() - to_timestamp(last_at) from shard_logins"
        ).fetchall()
    assert [b for b, _ in rows] == [0] and rows[0][1].total_seconds() < 10  # the second login, just now
