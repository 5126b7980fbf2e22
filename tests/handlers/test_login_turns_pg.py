"""Shard processes on many hosts take login turns through PostgreSQL: as fast as Discord allows, never
faster, whatever each host's clock says (issue 23's Done-when: 32 shard processes)."""

from __future__ import annotations

import itertools
import math
import subprocess
import sys
import time
from pathlib import Path

import pytest

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
