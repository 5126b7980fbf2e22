"""Privy's core in one object: the fact base, the index over it, and asking questions."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from knowledge import places
from knowledge.alerts.channels import AlertChannels
from knowledge.alerts.watch import AnswerWatch
from knowledge.answers.choose import remember_platforms
from knowledge.answers.followup import Context
from knowledge.answers.status_view import StatusView
from knowledge.matching.index import SearchIndex
from knowledge.model import Answer
from knowledge.packs.format import Pack, embedded_packs
from knowledge.scoped import SHARED, Scoped
from knowledge.store import search_index, shard_logins
from knowledge.store.db import StoreReadOnly, write
from knowledge.store.facts import FactStore
from knowledge.store.opening import open_store
from knowledge.store.pack_upgrade import pack_digest, upgrade_on_open
from knowledge.store.user_data import UNANSWERED_DAYS, Community

log = logging.getLogger(__name__)


def _embedded_packs() -> Iterator[Pack]:
    """The embedded packs, read only when the base turns out to need seeding (not on every start)."""
    yield from embedded_packs()


class Privy:
    """The fact base and the search over it; both live in the database, so every process sees every change."""

    def __init__(
        self,
        db: Database | str | Path | None = None,
        *,
        seed: bool = True,
        today: Callable[[], date] = date.today,
        unanswered_days: int = UNANSWERED_DAYS,
        index: SearchIndex | None = None,
        lazy: bool = False,
        key_file: str | Path | None = None,
        pack_upgrade: bool = True,
    ):
        """`index`: the rows in memory of another Privy on the same base, to share (see `reader`).
        `lazy`: read each platform's search rows only when a question needs them, for a process that
        answers a question or two (`bot.py ask`) rather than one that serves many.
        `key_file`: where a PostgreSQL base's key lives (PRIVY_KEY_FILE; a SQLite file's is beside it).
        `pack_upgrade`: bring a base seeded from an older embedded pack to this one (PRIVY_PACK_UPGRADE)."""
        self.db = db if isinstance(db, Database) else open_store(db, key_file=key_file)
        self.store = FactStore(self.db, SHARED)
        self.community = Community(self.db, keep_days=unanswered_days)
        self.today = today
        digest = pack_digest() if seed and pack_upgrade else None  # 0.2 ms: only when it is used
        if seed:
            added = self.store.seed(_embedded_packs(), digest)
            if added:
                log.info("loaded %d facts from the embedded pack", added)
        self.store.watch = AnswerWatch(today)  # after seeding: the embedded pack is the baseline, not news
        if digest is not None:  # after the watch: a shipped correction alerts as a curator's save does
            upgrade_on_open(self.store, digest)
        self.alerts = AlertChannels(self.db, today)
        if not search_index.is_current(self.db):  # words are now read differently: index them anew
            try:
                with write(self.db):
                    search_index.rebuild(self.db)
            except StoreReadOnly:
                log.warning(
                    "the search tables are out of date and the base is read-only: answering as they are"
                )
        self.index = index.on(self.db) if index is not None else SearchIndex(self.db, SHARED, lazy=lazy)
        if index is None and self.index.small:
            remember_platforms(self.index)

    @classmethod
    def open(
        cls,
        db: str | Path,
        *,
        cache_dir: str | Path | None = None,
        unanswered_days: int = UNANSWERED_DAYS,
        lazy: bool = False,
        key_file: str | Path | None = None,
        pack_upgrade: bool = True,
    ) -> Privy:
        """The core on a fact base (a file, or a postgresql:// URL with its key file), place names cached
        in `cache_dir` (the configured PRIVY_CACHE); `lazy` as for Privy()."""
        places.use_cache_dir(cache_dir)
        return cls(
            db, unanswered_days=unanswered_days, lazy=lazy, key_file=key_file, pack_upgrade=pack_upgrade
        )

    def scoped(self, scope: str) -> Scoped:
        """The base as one server sees and changes it (SHARED, '': the shared base); built once per
        interaction by the Discord layer, which never reaches the base another way."""
        return Scoped(
            scope, db=self.db, store=self.store, index=self.index, community=self.community, today=self.today
        )

    def ask(
        self,
        question: str,
        *,
        region: str | None = None,
        user_id: str | None = None,
        as_of: date | None = None,
        context: Context | None = None,
    ) -> Answer:
        """The shared base's answer (the CLI and console); a server's is `scoped(server).ask`."""
        return self.scoped(SHARED).ask(question, region=region, user_id=user_id, as_of=as_of, context=context)

    def reader(self) -> Privy:
        """The same base on a second connection, for answering: in WAL mode it reads while this one (or
        another process) holds the write lock, so no question waits behind a save or an import. It shares
        this one's rows in memory. An in-memory base has no second connection: itself."""
        another = getattr(self.db, "another", None)
        if another is not None:  # PostgreSQL: a second handle on the same pool, its own transactions
            return Privy(another(), seed=False, today=self.today, unanswered_days=self.community.keep_days,
                         index=self.index)  # fmt: skip
        path = getattr(self.db, "path", None)
        if not path:
            return self
        return Privy(
            path, seed=False, today=self.today, unanswered_days=self.community.keep_days, index=self.index
        )

    def take_login_turn(self, bucket: int, now: float, window: float) -> float | None:
        """Claim a shard login for `bucket` at `now` (0.0), or the seconds to wait: shared by every process
        on this base, so together they never log in faster than Discord allows (issue 23). None for a base
        in memory, which no other process can see: the caller keeps the rule itself."""
        if not getattr(self.db, "path", None):
            return None
        return shard_logins.take_turn(self.db, bucket, now, window)

    def status(self, platform: str, *, as_of: date | None = None) -> StatusView | None:
        """The shared base's per-region view of `platform` (the CLI); a server's is `scoped(server).status`."""
        return self.scoped(SHARED).status(platform, as_of=as_of)

    def about_user(self, user_id: str) -> dict[str, object]:
        """Everything stored that is tied to this user, in every server (for /privacy)."""
        return self.scoped(SHARED).about_user(user_id)

    def forget_user(self, user_id: str) -> dict[str, int]:
        """Delete everything tied to this user; returns how much of each kind was deleted."""
        return self.scoped(SHARED).forget_user(user_id)
