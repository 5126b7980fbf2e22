"""A server's alert channels: subscribing one (options checked, a baseline from today), listing them with
why one is paused, ending one; and what the sender needs (claim, record, pause, resume, the day's tick)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlite_utils import Database

from knowledge.alerts.ticks import tick
from knowledge.errors import CoreError
from knowledge.i18n.catalogues import ENGLISH
from knowledge.i18n.speaking import choose
from knowledge.regions import normalize
from knowledge.store import alerts as store
from knowledge.store.alerts import OutboxRow, Subscription
from knowledge.store.db import write
from knowledge.store.facts import FactStore
from knowledge.store.rows import now_iso
from knowledge.store.visibility import SHARED

MAX_PER_DAY = 50  # the most a channel may ask for; past that a feed bot is noise
DEFAULT_PER_DAY = 3
MAX_LISTED = 25  # platforms or regions a subscription names


class AlertOptionError(CoreError):
    """An option of /privy alerts that names nothing Privy knows."""


@dataclass(frozen=True)
class Channel:
    """A subscription as the server's admins see it, with how many posts it got and has waiting."""

    subscription: Subscription
    sent: int
    waiting: int


def split_list(text: str | None) -> list[str]:
    """'linkedin, meta x' -> ['linkedin', 'meta', 'x']."""
    return [part for part in re.split(r"[\s,;]+", (text or "").strip().lower()) if part]


def parse_regions(text: str | None) -> list[str]:
    """The region codes a manager typed ('uk, eea de'), each checked."""
    parts = split_list(text)[: MAX_LISTED + 1]
    codes = [normalize(part) for part in parts]
    unknown = [part for part, code in zip(parts, codes, strict=True) if not code]
    return _checked([c for c in codes if c], unknown, "region", "codes like uk, eea, de, us")


def parse_platforms(text: str | None, known: Iterable[str]) -> list[str]:
    """The platform ids a manager typed ('linkedin, meta'), each one Privy knows."""
    ids = set(known)
    wanted = split_list(text)
    return _checked(
        wanted, [p for p in wanted if p not in ids], "platform", "ids like linkedin, meta, x, google"
    )


def _checked(found: list[str], unknown: list[str], what: str, use: str) -> list[str]:
    """`found`, or one sentence naming what was not understood, or that there were too many."""
    if unknown:
        raise AlertOptionError(f"Unknown {what}(s): {', '.join(unknown)[:200]}. Use {use}.")
    if len(found) > MAX_LISTED:
        raise AlertOptionError(f"At most {MAX_LISTED} {what}s a channel.")
    return found


class AlertChannels:
    """The alert channels of every server, on one base; the Discord layer reaches it through the bot."""

    def __init__(self, db: Database, today: Callable[[], date]) -> None:
        self.db = db
        self.today = today

    # ---- a server's admins -----------------------------------------------------------------------
    def subscribe(
        self,
        *,
        scope: str,
        guild_id: str,
        channel_id: str,
        platforms: str | None,
        regions: str | None,
        max_per_day: int | None,
        role_id: str | None,
        lang: str = ENGLISH,
    ) -> tuple[Subscription, bool]:
        """Subscribe a channel from today (nothing older is posted), or change it and resume it; its posts
        are written in `lang` (the server's locale)."""
        chosen = parse_platforms(platforms, FactStore(self.db, SHARED).platform_ids())
        codes = parse_regions(regions)
        cap = DEFAULT_PER_DAY if max_per_day is None else max(1, min(MAX_PER_DAY, max_per_day))
        with write(self.db):
            return store.subscribe(
                self.db,
                guild_id=guild_id,
                channel_id=channel_id,
                scope=scope,
                platforms=chosen,
                regions=codes,
                max_per_day=cap,
                role_id=role_id,
                day=self.today(),
                now=now_iso(),
                lang=choose(lang),
            )

    def unsubscribe(self, guild_id: str, channel_id: str) -> bool:
        with write(self.db):
            return store.unsubscribe(self.db, guild_id, channel_id)

    def of_guild(self, guild_id: str) -> list[Channel]:
        """The server's alert channels, paused ones with their reason."""
        out = []
        for sub in store.subscriptions_of_guild(self.db, guild_id):
            counts = store.outbox_counts(self.db, sub.id)
            waiting = counts.get(store.PENDING, 0) + counts.get(store.SENDING, 0)
            out.append(Channel(sub, counts.get(store.SENT, 0), waiting))
        return out

    # ---- the sender ------------------------------------------------------------------------------
    def newest(self) -> int:
        """Moves when any process wrote an alert to post (a save, the day's tick): the sender's cue."""
        return store.newest_outbox(self.db)

    def claim(self, guild_ids: Iterable[int], *, lease: float, limit: int = 20) -> list[OutboxRow]:
        """The next posts for the servers this process holds, claimed for this sender."""
        now = datetime.now(UTC)
        with write(self.db):
            return store.claim(
                self.db, [str(g) for g in guild_ids], now=now, lease=timedelta(seconds=lease), limit=limit
            )

    def sent(self, outbox_id: int, message_id: int) -> None:
        with write(self.db):
            store.mark_sent(self.db, outbox_id, str(message_id), now_iso())

    def release(self, outbox_id: int) -> None:
        with write(self.db):
            store.release(self.db, outbox_id)

    def pause(self, row: OutboxRow, reason: str) -> None:
        """Privy cannot post in the channel: pause it with the reason its admins will see; the post waits."""
        with write(self.db):
            store.pause(self.db, row.sub_id, reason, now_iso())
            store.release(self.db, row.id)

    def follow_locales(self, locales: dict[int, str | None]) -> int:
        """The servers' preferred locales as Discord has them now (guild id -> locale): a server that
        changed its own moves its channels' next posts to its new language; how many channels moved."""
        wanted = {str(g): choose(locale) for g, locale in locales.items()}
        have = store.languages_of(self.db, wanted)
        moved = {g: wanted[g] for g, langs in have.items() if langs != {wanted[g]}}
        if not moved:
            return 0
        with write(self.db):
            return store.set_languages(self.db, moved)

    def paused(self, guild_ids: Iterable[int]) -> list[Subscription]:
        wanted = {str(g) for g in guild_ids}
        return [s for s in store.subscriptions(self.db) if s.paused and s.guild_id in wanted]

    def resume(self, sub_id: int) -> None:
        with write(self.db):
            store.resume(self.db, sub_id)

    def tick(self) -> int:
        """The day's alerts (dated changes, deadlines, digests), written once whoever runs it."""
        return tick(self.db, self.today())
