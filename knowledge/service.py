"""Privy's core in one object: the fact base, the index over it, and asking questions."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from knowledge import places
from knowledge.answers.followup import Context
from knowledge.answers.policy import answer_question
from knowledge.matching.index import SearchIndex
from knowledge.model import Answer
from knowledge.packs.format import Pack, embedded_packs
from knowledge.store import search_index
from knowledge.store import watch as watch_store
from knowledge.store.db import StoreReadOnly, open_db, write
from knowledge.store.facts import FactStore
from knowledge.user_data import UNANSWERED_DAYS, Community

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
    ):
        self.db = db if isinstance(db, Database) else open_db(db)
        self.store = FactStore(self.db)
        self.community = Community(self.db, keep_days=unanswered_days)
        self.today = today
        if seed:
            added = self.store.seed(_embedded_packs())
            if added:
                log.info("loaded %d facts from the embedded pack", added)
        if not search_index.is_current(self.db):  # words are now read differently: index them anew
            try:
                with write(self.db):
                    search_index.rebuild(self.db)
            except StoreReadOnly:
                log.warning(
                    "the search tables are out of date and the base is read-only: answering as they are"
                )
        self.index = SearchIndex(self.db)

    @classmethod
    def open(
        cls, db: str | Path, *, cache_dir: str | Path | None = None, unanswered_days: int = UNANSWERED_DAYS
    ) -> Privy:
        """The core on a fact base file, place names cached in `cache_dir` (the configured PRIVY_CACHE)."""
        places.use_cache_dir(cache_dir)
        return cls(db, unanswered_days=unanswered_days)

    def store_of(self, scope: str) -> FactStore:
        """The fact base as one server sees and changes it ('' : the shared base)."""
        return self.store.scoped(scope)

    def ask(
        self,
        question: str,
        *,
        region: str | None = None,
        user_id: str | None = None,
        as_of: date | None = None,
        context: Context | None = None,
        scope: str = "",
    ) -> Answer:
        """Answer for this asker: a region in the question wins, then `region`, then their saved one.

        `context` is the answer before (a follow-up such as "and in the UK?" takes what it lacks from it);
        `scope` is the server asked in ('' : a DM, or the shared base only): its own facts answer there.
        """
        saved = self.community.region_of(user_id) if user_id else None
        self.index.refresh()  # a change saved here or by another process is served from now on
        answer = answer_question(
            self.index.scoped(scope),
            question,
            today=self.today(),
            region=region,
            saved_region=saved,
            as_of=as_of,
            context=context,
        )
        best = answer.facts[0] if answer.facts else None
        if best is not None and not best.from_server:  # a server's own version is its moderators' to check
            changed = watch_store.changes(self.db, [best.id])
            answer.source_changed = max(c.day for c in changed) if changed else None
        return answer

    def answer(
        self,
        question: str,
        *,
        region: str | None = None,
        user_id: str | None = None,
        context: Context | None = None,
        scope: str = "",
    ) -> Answer:
        """ask(), and an on-topic question with no sourced answer is kept, redacted, for the moderators
        of the server it was asked in (with a keyed hash of who asked, for /privacy forget)."""
        answer = self.ask(question, region=region, user_id=user_id, context=context, scope=scope)
        if answer.worth_reviewing:
            self.community.record_unanswered(answer.question, scope, user_id)
        return answer

    def vote(self, fact_id: str, kind: str, user_id: str, scope: str = "") -> bool | None:
        """Count one person's vote on a fact: False when already counted, None when the fact is gone."""
        if not self.store_of(scope).exists(fact_id):
            return None
        return self.community.vote(fact_id, kind, user_id, scope)

    def about_user(self, user_id: str) -> dict[str, object]:
        """Everything stored that is tied to this user (for /privacy): their region, votes, unanswered
        questions, and the changes they made to facts as a moderator (kept under their name)."""
        about = self.community.about(user_id, self.store.all_ids())
        about["edits"] = self.db.execute(
            "select count(*) from revisions where by_id = ?", [str(user_id)]
        ).fetchone()[0]
        return about

    def forget_user(self, user_id: str) -> dict[str, int]:
        """Delete everything tied to this user; returns how much of each kind was deleted."""
        return self.community.forget(user_id, self.store.all_ids())
