"""The write watch: around every save of facts, what each subscribed region is told before and after, and
for each change one outbox row per subscribed channel, in the save's own transaction.

A save either commits with its alerts or not at all, so no change is lost and none is alerted that did not
happen. Which channels: a shared fact's change reaches every server whose view of the platform it changes
(a server that replaced or hid that fact sees no change); a server's own fact reaches only its channels.
The shared base's changes are also logged (`bot.py changes`, `bot.py feed`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from datetime import date

from sqlite_utils import Database

from knowledge.alerts.diff import between, restrict
from knowledge.alerts.notice import change_notice
from knowledge.store import alerts as store
from knowledge.store import changes
from knowledge.store.alerts import ALERT, Subscription
from knowledge.store.facts import FactStore
from knowledge.store.rows import now_iso
from knowledge.store.visibility import SHARED

log = logging.getLogger(__name__)


class AnswerWatch:
    """A knowledge.store.facts.WriteWatch: compares what people are told around a write of facts."""

    def __init__(self, today: Callable[[], date]) -> None:
        self.today = today

    @contextmanager
    def __call__(self, db: Database, scope: str, platforms: Collection[str], what: str) -> Iterator[None]:
        subs = store.subscriptions(db, None if scope == SHARED else [scope])
        if scope != SHARED and not subs:
            yield  # a server's own fact, and no channel of that server listens
            return
        views = _views(db, scope, platforms, subs)
        before = {key: FactStore(db, key[1]).claims_of(key[0]) for key in views}
        yield
        day, now = self.today(), now_iso()
        cause = f"save:{changes.position(db).seq}"  # the change log's line: unique to this write
        for (platform, view), listeners in views.items():
            old, new = before[(platform, view)], FactStore(db, view).claims_of(platform)
            asked = {r for s in listeners for r in s.regions}
            found, known = between(old, new, day, day, asked)
            if not found:
                continue
            name = store.platform_name(db, platform)
            for change in found:
                if view == SHARED and scope == SHARED:
                    notice = change_notice(
                        platform, name, change.regions, change.before, change.after, day, what
                    )
                    store.log_change(
                        db,
                        at=now,
                        day=day,
                        platform=platform,
                        regions=change.regions,
                        known=known,
                        cause=cause,
                        notice=notice.to_dict(),
                    )
                for sub in listeners:
                    regions = restrict(change.regions, sub.regions)
                    if regions:
                        notice = change_notice(
                            platform, name, regions, change.before, change.after, day, what
                        )
                        key = f"{sub.id}|{cause}|{platform}|{','.join(regions)}|{day.isoformat()}"
                        store.enqueue(db, sub, key=key, day=day, kind=ALERT, notice=notice.to_dict(), now=now)


def _views(
    db: Database, scope: str, platforms: Collection[str], subs: list[Subscription]
) -> dict[tuple[str, str], list[Subscription]]:
    """(platform, the scope whose view to compare) -> the subscriptions that see it so. A shared write is
    compared once in the shared view, and again for each listening server that has rows of its own there."""
    views: dict[tuple[str, str], list[Subscription]] = {}
    for platform in platforms:
        listening = [s for s in subs if s.wants(platform)]
        if scope != SHARED:
            views[(platform, scope)] = listening
            continue
        own = store.scopes_with_own(db, platform, {s.scope for s in listening})
        views[(platform, SHARED)] = [s for s in listening if s.scope not in own]
        for server in own:
            views[(platform, server)] = [s for s in listening if s.scope == server]
    return views
