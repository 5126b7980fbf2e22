"""The day's tick: alerts that no save causes, written once per subscription, cause and day.

- a fact whose `valid_from` day arrives (or whose `valid_until` day has passed) changes what people are
  told: the rows of the day before and of the day are compared, as for a save;
- a deadline 14 and 2 days ahead (only on the day itself: a reminder that comes late is no reminder);
- what went over a channel's daily cap on earlier days, folded into one digest.

Any process may run it, as often as it likes: each subscription remembers the last day ticked, and each row
has a unique key, so two shards or a restart never write one twice. The clock is the caller's (tests step it).
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from sqlite_utils import Database

from knowledge.alerts.diff import Transition, between, restrict
from knowledge.alerts.notice import Notice, change_notice, deadline_notice, digest_notice
from knowledge.answers.regional import RegionRow, rows_for
from knowledge.i18n.speaking import speaking
from knowledge.model import Fact
from knowledge.store import alerts as store
from knowledge.store.alerts import ALERT, DIGEST, Subscription
from knowledge.store.db import write
from knowledge.store.facts import FactStore
from knowledge.store.rows import now_iso

log = logging.getLogger(__name__)

DEADLINE_DAYS = (14, 2)  # days ahead of a deadline when a channel is told
MAX_CATCH_UP = 60  # days of changes a tick catches up on after the bot was away; older ones are not news
KEEP_DAYS = 90  # days a post made is remembered (its message is in Discord; the row only guards the key)


def tick(db: Database, today: date) -> int:
    """Bring every subscription up to `today`; returns how many outbox rows were written."""
    if not any(s.ticked_day < today for s in store.subscriptions(db)):
        return 0  # ticked already today (by this process or another): no write lock taken
    written = 0
    with write(db):
        subs = [s for s in store.subscriptions(db) if s.ticked_day < today]
        cache: dict[tuple[str, str], list[Fact]] = {}
        for sub in subs:
            with speaking(sub.lang):  # each channel's alerts in its server's language
                written += _catch_up(db, sub, today, cache)
        store.prune(db, today - timedelta(days=KEEP_DAYS))
    if written:
        log.info("the day's tick wrote %d alert(s) for %s", written, today.isoformat())
    return written


def _catch_up(db: Database, sub: Subscription, today: date, cache: dict[tuple[str, str], list[Fact]]) -> int:
    """One subscription brought up to `today`: the days it missed, the deadlines, the digest."""
    written = 0
    day = max(sub.ticked_day + timedelta(days=1), today - timedelta(days=MAX_CATCH_UP))
    while day <= today:
        written += _day_changes(db, sub, day, cache)
        day += timedelta(days=1)
    written += _deadlines(db, sub, today, cache)
    written += _digest(db, sub, today)
    store.set_ticked(db, sub.id, today)
    return written


def _facts(db: Database, cache: dict[tuple[str, str], list[Fact]], scope: str, platform: str) -> list[Fact]:
    key = (scope, platform)
    if key not in cache:
        cache[key] = FactStore(db, scope).claims_of(platform)
    return cache[key]


def _platforms(db: Database, sub: Subscription, days: list[date]) -> list[str]:
    found = store.dated_platforms(db, sub.scope, [d.isoformat() for d in days])
    return sorted(p for p in found if sub.wants(p))


def _day_changes(db: Database, sub: Subscription, day: date, cache: dict[tuple[str, str], list[Fact]]) -> int:
    """What changed for `sub` because `day` arrived: a fact starting today, or one that ended yesterday."""
    yesterday = day - timedelta(days=1)
    written = 0
    for platform in _platforms(db, sub, [day, yesterday]):
        facts = _facts(db, cache, sub.scope, platform)
        found, _ = between(facts, facts, yesterday, day, sub.regions)
        name = store.platform_name(db, platform)
        for change in found:
            written += _enqueue_change(db, sub, platform, name, change, day)
    return written


def _enqueue_change(
    db: Database, sub: Subscription, platform: str, name: str, change: Transition, day: date
) -> int:
    regions = restrict(change.regions, sub.regions)
    if not regions:
        return 0
    notice = change_notice(platform, name, regions, change.before, change.after, day, "starts today")
    return _put(db, sub, f"day|{platform}|{','.join(regions)}", day, notice)


def _deadlines(db: Database, sub: Subscription, today: date, cache: dict[tuple[str, str], list[Fact]]) -> int:
    ahead = {today + timedelta(days=n): n for n in DEADLINE_DAYS}
    written = 0
    for platform in _platforms(db, sub, list(ahead)):
        facts = _facts(db, cache, sub.scope, platform)
        codes = list(sub.regions) or list(dict.fromkeys([*(r for f in facts for r in f.regions)]))
        groups: dict[tuple[str, int], list[tuple[str, RegionRow]]] = {}
        for code, row in rows_for(facts, today, codes).items():
            if row.opt_out is not None and row.deadline in ahead:
                groups.setdefault((row.opt_out.id, ahead[row.deadline]), []).append((code, row))
        name = store.platform_name(db, platform)
        for (fact_id, days_left), rows in groups.items():
            regions = tuple(code for code, _ in rows)
            notice = deadline_notice(platform, name, regions, rows[0][1], today, days_left)
            written += _put(db, sub, f"deadline|{fact_id}|{days_left}|{','.join(regions)}", today, notice)
    return written


def _digest(db: Database, sub: Subscription, today: date) -> int:
    folded = store.folded_before(db, sub.id, today)
    if not folded:
        return 0
    notice = digest_notice(today, [Notice.from_dict(n) for _, n in folded])
    key = _key(sub, "digest", today)
    written = store.enqueue(db, sub, key=key, day=today, kind=DIGEST, notice=notice.to_dict(), now=now_iso())
    store.mark_digested(db, [i for i, _ in folded], key)
    return int(written)


def _key(sub: Subscription, cause: str, day: date) -> str:
    return f"{sub.id}|{cause}|{day.isoformat()}"


def _put(db: Database, sub: Subscription, cause: str, day: date, notice: Notice) -> int:
    key = _key(sub, cause, day)
    return int(store.enqueue(db, sub, key=key, day=day, kind=ALERT, notice=notice.to_dict(), now=now_iso()))
