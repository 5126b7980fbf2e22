"""Privy as one server sees it: the handle a handler works through, so no caller can forget the server.

A server's scope is its id; '' (SHARED) is the shared base, seen from the home server, DMs and the CLI.
Everything a handle reads or writes (answers, votes, unanswered questions, drafts, settings, the facts
themselves) stays in its scope: a forgotten argument cannot fall back to the shared base, because no
method takes one. The only ways out are named: a suggestion to the curators, and what is tied to one
person wherever they asked (their saved region, /privacy).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from knowledge.alerts.channels import AlertChannels, Channel
from knowledge.answers.followup import Context
from knowledge.answers.policy import answer_question
from knowledge.answers.regional import region_rows
from knowledge.answers.status_view import StatusView
from knowledge.errors import CoreError
from knowledge.matching.index import SearchIndex
from knowledge.model import Answer, Fact, Platform
from knowledge.personal.service import Personal
from knowledge.store import watch as watch_store
from knowledge.store.alerts import Subscription
from knowledge.store.drafts import PENDING, Change, ChangeStore
from knowledge.store.facts import Author, FactStore, NotFoundError
from knowledge.store.search import search_facts
from knowledge.store.settings import ServerSettings, save_settings, settings_of
from knowledge.store.user_data import Community, Unanswered
from knowledge.store.visibility import SHARED
from knowledge.store.watch import SourceChange

if TYPE_CHECKING:
    from knowledge.sources.links import FactLinks

log = logging.getLogger(__name__)


class Scoped:
    """The fact base, answers, votes, drafts, settings and review material of one scope, and nothing else."""

    def __init__(
        self,
        scope: str,
        *,
        db: Database,
        store: FactStore,
        index: SearchIndex,
        community: Community,
        today: Callable[[], date],
    ) -> None:
        self.scope = scope
        self.store = store.scoped(scope)
        self.drafts = ChangeStore(db, scope)
        self.today = today
        self._db = db
        self._shared_store = store.scoped(SHARED)
        self._index = index
        self._community = community

    @property
    def shared(self) -> bool:
        """True for the shared base (the home server, DMs, the CLI)."""
        return self.scope == SHARED

    # ---- answering ----------------------------------------------------------------------------
    def ask(
        self,
        question: str,
        *,
        region: str | None = None,
        user_id: str | None = None,
        as_of: date | None = None,
        context: Context | None = None,
        public: bool = False,
    ) -> Answer:
        """Answer from what this scope sees: a region in the question wins, then `region`, then the
        asker's saved one; `context` is the answer before (a follow-up takes what it lacks from it).
        `public`: the answer is shown to others, so a region that only the asker's saved preference
        gave is not named in it."""
        saved = self._community.region_of(user_id) if user_id else None
        self._index.refresh()  # a change saved here or by another process is served from now on
        answer = answer_question(
            self._index.scoped(self.scope),
            question,
            today=self.today(),
            region=region,
            saved_region=saved,
            as_of=as_of,
            context=context,
        )
        best = answer.facts[0] if answer.facts else None
        # a server's own version is its moderators' to check; a fact watching no passage has none that
        # changed (a validated watch is never empty), so the query is left out (~20 us)
        if best is not None and not best.from_server and any(s.watch for s in best.sources):
            changed = watch_store.changes(self._db, [best.id])
            answer.source_changed = max(c.day for c in changed) if changed else None
        if public:
            answer.hide_saved_region()
        return answer

    def answer(
        self,
        question: str,
        *,
        region: str | None = None,
        user_id: str | None = None,
        context: Context | None = None,
        keep: bool = True,
        public: bool = False,
    ) -> Answer:
        """ask(), and an on-topic question with no sourced answer is kept, redacted, for this scope's
        moderators (with a keyed hash of who asked, for /privacy forget). `keep` False: the question is
        someone else's words (another person's message), so nothing of it is kept."""
        answer = self.ask(question, region=region, user_id=user_id, context=context, public=public)
        if keep:
            self.keep_unanswered(answer, question, user_id)
        return answer

    def keep_unanswered(self, answer: Answer, question: str, user_id: str | None) -> None:
        """Keep the question for this scope's moderators when it is worth their look; a write (the bot
        makes it after replying, so no answer waits for the write lock)."""
        if not answer.worth_reviewing:
            return
        try:  # as typed (redacted there): the matcher's reading turns "@jane_roe" into "jane roe"
            self._community.record_unanswered(question, self.scope, user_id)
        except CoreError as exc:  # a full or read-only disk: the asker still gets their answer
            log.warning("an unanswered question was not kept: %s", exc)

    def answer_fact(self, fact_id: str, user_id: str) -> Answer | None:
        """The answer to a fact's own question ("Did you mean...?"), or None when this scope has no such fact."""
        try:
            fact, _ = self.store.get(fact_id)
        except NotFoundError:
            return None
        return self.answer(fact.question, user_id=user_id)

    def status(self, platform: str, *, as_of: date | None = None) -> StatusView | None:
        """One row a group of regions for `platform` (an id or a name people use) on `as_of` (default
        today), computed from the claims of the facts this scope sees; None when no platform goes by that
        name."""
        self._index.refresh()
        index = self._index.scoped(self.scope)
        found = index.names.detect(platform)
        if not found:
            return None
        pid = found[0]
        day = as_of or self.today()
        return StatusView(pid, index.names.name_of(pid) or pid, day, region_rows(index, pid, day))

    def platforms(self) -> list[Platform]:
        return self.store.platforms()

    def search(self, text: str, platform: str | None = None, limit: int = 10) -> list[Fact]:
        """/fact search over the facts this scope sees, retired and past ones too."""
        return search_facts(self._db, text, platform, limit, scope=self.scope)

    # ---- what users said ----------------------------------------------------------------------
    def vote(self, fact_id: str, kind: str, user_id: str) -> bool | None:
        """Count one person's vote on a fact: False when already counted, None when the fact is gone."""
        if not self.store.exists(fact_id):
            return None
        return self._community.vote(fact_id, kind, user_id, self.scope)

    def feedback(self) -> dict[str, dict[str, int]]:
        """Votes cast in this scope, by fact and kind (only facts with votes)."""
        return self._community.feedback(self.scope)

    def clear_feedback(self, fact_id: str) -> None:
        self._community.clear_feedback(fact_id, scope=self.scope)

    def unanswered(self, limit: int = 10) -> list[Unanswered]:
        return self._community.unanswered(limit, self.scope)

    def dismiss_unanswered(self, question: str) -> None:
        self._community.dismiss_unanswered(question, self.scope)

    # ---- the server's choices -----------------------------------------------------------------
    def settings(self) -> ServerSettings:
        return settings_of(self._db, self.scope)

    def save_settings(
        self,
        by: str,
        *,
        mod_role_id: str | None = None,
        clear_role: bool = False,
        require_review: bool | None = None,
        stale_days: int | None = None,
    ) -> ServerSettings:
        """Change the given settings of this scope (None: leave as it is) and return them all."""
        return save_settings(
            self._db,
            self.scope,
            by,
            mod_role_id=mod_role_id,
            clear_role=clear_role,
            require_review=require_review,
            stale_days=stale_days,
        )

    # ---- alert channels (knowledge.alerts) ----------------------------------------------------
    def subscribe_alerts(
        self,
        guild_id: str,
        channel_id: str,
        *,
        platforms: str | None = None,
        regions: str | None = None,
        max_per_day: int | None = None,
        role_id: str | None = None,
        lang: str | None = None,
    ) -> tuple[Subscription, bool]:
        """A channel of this server gets alerts about what this scope's facts tell people, from today, in
        `lang` (the server's locale; English when None or not spoken)."""
        return AlertChannels(self._db, self.today).subscribe(
            scope=self.scope,
            guild_id=guild_id,
            channel_id=channel_id,
            platforms=platforms,
            regions=regions,
            max_per_day=max_per_day,
            role_id=role_id,
            lang=lang or "en",
        )

    def alert_channels(self, guild_id: str) -> list[Channel]:
        return AlertChannels(self._db, self.today).of_guild(guild_id)

    def unsubscribe_alerts(self, guild_id: str, channel_id: str) -> bool:
        return AlertChannels(self._db, self.today).unsubscribe(guild_id, channel_id)

    # ---- the named ways out of the scope ------------------------------------------------------
    def suggest_to_curators(self, entry: dict[str, Any], author: Author, server_name: str) -> Change:
        """This server's version of a fact, proposed to the curators: it waits in the home server's
        /review, credited to this server; the shared facts themselves are not changed here."""
        fact_id = str(entry["id"])
        base = self._shared_store.get(fact_id)[1] if self._shared_store.exists(fact_id) else 0
        return ChangeStore(self._db, SHARED).create(
            "edit" if base else "add",
            entry,
            author,
            base_rev=base,
            status=PENDING,
            note=f"suggested from {server_name}",
            origin=(self.scope, server_name),
        )

    def suggestions_sent(self, *, status: str | None = None, since: str | None = None) -> int:
        """How many suggestions this server sent the curators (with `status`, or since a time)."""
        return ChangeStore(self._db, SHARED).count_from(self.scope, status=status, since=since)

    def sent_to_curators(self, limit: int = 10) -> list[Change]:
        """This server's suggestions to the curators and what became of them (a reason, if declined)."""
        return [] if self.shared else ChangeStore(self._db, SHARED).suggested_from(self.scope, limit)

    def dead_sources(self, limit: int | None = None) -> list[FactLinks]:
        """The shared base's sources found dead or moved by `facts links`: the curators' to mend."""
        # Imported here: the link checker loads aiohttp (0.35 s), which `bot.py ask` must not pay for.
        from knowledge.sources.links import flagged_sources

        return flagged_sources(self._db, limit) if self.shared else []

    def source_changes(
        self, fact_ids: list[str] | None = None, limit: int | None = None
    ) -> list[SourceChange]:
        """Shared facts whose watched passage changed since they were verified (`facts watch`): the
        curators' to check; a server's own layer is its moderators' and is not watched."""
        return watch_store.changes(self._db, fact_ids, limit) if self.shared else []

    @property
    def personal(self) -> Personal:
        """A person's reminders and checklist: over the shared facts wherever they asked (not tied to a server)."""
        return Personal(self._db, self._index, self.today, self._community.region_of)

    def set_region(self, user_id: str, region: str) -> None:
        """The person's saved region, used wherever they ask (they chose to keep it)."""
        self._community.set_region(user_id, region)

    def clear_region(self, user_id: str) -> bool:
        return self._community.clear_region(user_id)

    def about_user(self, user_id: str) -> dict[str, object]:
        """Everything stored that is tied to this person in every server (for /privacy): their region,
        votes, unanswered questions, and the changes they made to facts as a moderator."""
        about = self._community.about(user_id, self._shared_store.all_ids())
        about["edits"] = self._shared_store.edits_by(user_id)
        return about | self.personal.about(user_id)

    def forget_user(self, user_id: str) -> dict[str, int]:
        """Delete everything tied to this person in every server; how much of each kind was deleted."""
        return self._community.forget(user_id, self._shared_store.all_ids()) | self.personal.forget(user_id)
