"""Shared fixtures: a fresh in-memory fact base with the embedded pack, on a fixed day."""

from __future__ import annotations

import atexit
from collections.abc import Iterator
from datetime import date

import pytest

from knowledge.service import Privy
from tests.pgcluster import ThrowawayCluster

TODAY = date(2026, 12, 7)  # the embedded facts were verified on this day


@pytest.fixture(scope="session")
def shared_privy() -> Privy:
    """One seeded base for read-only tests (building it once keeps the suite fast)."""
    return Privy(":memory:", today=lambda: TODAY)


@pytest.fixture
def fresh_privy() -> Privy:
    """A seeded base a test may change."""
    return Privy(":memory:", today=lambda: TODAY)


@pytest.fixture
def empty_privy() -> Privy:
    """A base with no facts at all."""
    return Privy(":memory:", seed=False, today=lambda: TODAY)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[ThrowawayCluster]:
    """A PostgreSQL server of the tests' own (tests/pgcluster.py), started on first use, removed at the end."""
    cluster = ThrowawayCluster().start()
    atexit.register(cluster.stop)  # a run stopped with ^C still removes it
    try:
        yield cluster
    finally:
        cluster.stop()
