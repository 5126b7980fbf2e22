"""The outbox under two processes on one base (two shards, or a restart beside a running bot): each alert
is written once, claimed by one sender at a time, and written only with the change that causes it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from knowledge.model import fact_as_pack_entry
from knowledge.service import Privy
from knowledge.store import alerts as store
from knowledge.store.facts import ConflictError
from tests.knowledge.claims_base import MOD, Clock, claims_privy

GUILD, OTHER = "111", "222"
DEADLINE_14 = date(2025, 5, 13)  # Norra's objection form is due 27 May 2025


@pytest.fixture
def clock() -> Clock:
    return Clock(date(2025, 5, 12))


@pytest.fixture
def two(tmp_path: Path, clock: Clock) -> tuple[Privy, Privy]:
    """Two processes' cores on one file, with a channel of GUILD subscribed to Norra in Germany."""
    first = claims_privy(today=clock, path=tmp_path / "privy.db")
    first.scoped(GUILD).subscribe_alerts(GUILD, "1", regions="de")
    return first, Privy(tmp_path / "privy.db", seed=False, today=clock)


def rows(privy: Privy) -> list[tuple[str, str]]:
    return privy.db.execute("select kind, state from alert_outbox order by id").fetchall()


def test_two_processes_ticking_the_same_day_write_its_alert_once(
    two: tuple[Privy, Privy], clock: Clock
) -> None:
    first, second = two
    clock.day = DEADLINE_14
    assert first.alerts.tick() == 1
    assert second.alerts.tick() == 0  # ticked already: nothing, and no write lock taken
    assert rows(first) == [("alert", "pending")]


def test_two_senders_never_hold_the_same_post(two: tuple[Privy, Privy], clock: Clock) -> None:
    first, second = two
    clock.day = DEADLINE_14
    first.alerts.tick()
    mine = first.alerts.claim([int(GUILD)], lease=120)
    assert len(mine) == 1 and not mine[0].retry
    assert second.alerts.claim([int(GUILD)], lease=120) == []  # claimed, and not yet stale
    assert second.alerts.claim([int(OTHER)], lease=0) == []  # a shard claims only the servers it holds
    again = second.alerts.claim([int(GUILD)], lease=0)  # the first sender died: after the lease, retried
    assert [(r.id, r.nonce, r.retry) for r in again] == [(mine[0].id, mine[0].nonce, True)]
    second.alerts.sent(again[0].id, 555)
    assert first.alerts.claim([int(GUILD)], lease=0) == []
    assert rows(first) == [("alert", "sent")]


def test_a_save_that_fails_writes_no_alert(two: tuple[Privy, Privy]) -> None:
    first, _ = two
    fact, rev = first.store.get("norra-objection-eea")
    entry = {**fact_as_pack_entry(fact), "steps": ["Open Norra's privacy centre", "Choose Object", "Send it"]}
    with pytest.raises(ConflictError):
        first.store.save(entry, MOD, base_rev=rev - 1)  # someone saved it since: refused, rolled back
    assert rows(first) == []
    first.store.save(entry, MOD, base_rev=rev)
    assert rows(first) == [("alert", "pending")]
    [sub] = store.subscriptions(first.db)
    assert sub.regions == ("de",) and sub.since_day == date(2025, 5, 12)


def test_an_unknown_region_or_platform_is_refused_with_its_name(two: tuple[Privy, Privy]) -> None:
    first, _ = two
    view = first.scoped(GUILD)
    with pytest.raises(Exception, match="Unknown region\\(s\\): atlantis"):
        view.subscribe_alerts(GUILD, "2", regions="uk, atlantis")
    with pytest.raises(Exception, match="Unknown platform\\(s\\): nosuch"):
        view.subscribe_alerts(GUILD, "2", platforms="velora nosuch")
    assert [c.subscription.channel_id for c in view.alert_channels(GUILD)] == ["1"]
