"""The changes in the shared base, for readers who do not use Discord (`bot.py changes`, `bot.py feed`).

Two kinds, merged by day: what a save changed (logged in the save's transaction, knowledge.alerts.watch),
and what a day changed (a fact starting, or one ending), computed from the facts as they are now.
The feed is Atom, written by feedgen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlite_utils import Database

from knowledge.alerts.diff import applies, between
from knowledge.alerts.notice import Notice, change_notice, notice_text
from knowledge.store import alerts as store
from knowledge.store.facts import FactStore
from knowledge.store.visibility import SHARED

FEED_ID = "urn:privy:changes"
FEED_TITLE = "Privy: changes to what people are told about AI training"


@dataclass(frozen=True)
class Listed:
    """One change: when, to which regions (out of those compared), and the notice."""

    key: str
    at: datetime
    regions: tuple[str, ...]
    known: tuple[str, ...]
    notice: Notice

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.key,
            "at": self.at.isoformat(),
            "title": self.notice.title,
            **self.notice.to_dict(),
        }


def changes_since(db: Database, since: date, today: date, region: str | None = None) -> list[Listed]:
    """The shared base's changes from `since` to `today`, oldest first; with `region`, only those that
    changed what people there are told."""
    found = [
        Listed(
            f"save-{c.id}",
            datetime.fromisoformat(c.at),
            c.regions,
            c.known,
            Notice.from_dict(c.notice),
        )
        for c in store.logged_changes(db, since)
        if c.day <= today
    ]
    found += _dated(db, since, today, region)
    if region:
        found = [c for c in found if applies(c.regions, c.known, region)]
    return sorted(found, key=lambda c: (c.at, c.key))


def _dated(db: Database, since: date, today: date, region: str | None) -> list[Listed]:
    shared = FactStore(db, SHARED)
    out = []
    for platform, day in store.shared_dated(db, since, today):
        facts = shared.claims_of(platform)
        found, known = between(facts, facts, day - timedelta(days=1), day, [region] if region else [])
        name = store.platform_name(db, platform)
        for change in found:
            notice = change_notice(
                platform, name, change.regions, change.before, change.after, day, "starts today"
            )
            key = f"day-{platform}-{day.isoformat()}-{'-'.join(change.regions)}"
            at = datetime.combine(day, time(), UTC)
            out.append(Listed(key, at, change.regions, tuple(known), notice))
    return out


def changes_text(changes: list[Listed]) -> str:
    if not changes:
        return "No changes to what people are told in that period."
    return "\n\n".join(notice_text(c.notice) for c in changes)


def write_feed(changes: list[Listed], path: Path, *, now: datetime) -> None:
    """An Atom feed of the changes, newest first, at `path`."""
    from feedgen.feed import FeedGenerator  # only `bot.py feed` pays for loading it

    feed = FeedGenerator()
    feed.id(FEED_ID)
    feed.title(FEED_TITLE)
    feed.subtitle(
        "What Privy's shared fact base tells people about AI training on their data, as it changes."
    )
    feed.author({"name": "Privy"})  # RFC 4287: a feed whose entries have no author of their own needs one
    feed.updated(max((c.at for c in changes), default=now))
    for change in changes:  # feedgen puts the last added first
        entry = feed.add_entry()
        entry.id(f"{FEED_ID}:{change.key}")
        entry.title(change.notice.title)
        entry.updated(change.at)
        entry.content(notice_text(change.notice), type="text")
        for source in change.notice.sources[:1]:
            entry.link(href=source["url"], rel="related")
    feed.atom_file(str(path), pretty=True)
