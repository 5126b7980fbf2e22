"""`Personal`: a person's reminders and checklist over the shared base, and the sender's side of both.

Only the shared base's facts are reminded of or checked: they are the curated ones that answer in every
server and in DMs, so what a person keeps does not tie them to the server they asked in. Every deadline
and every change is computed from the claims when it is used (knowledge.personal.claims), so a fact edited
or retired after the click is what the DM follows: it says what holds now, or nothing is sent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Literal

from sqlite_utils import Database

from knowledge.answers.lead import lead
from knowledge.errors import CoreError
from knowledge.i18n.catalogues import ENGLISH
from knowledge.i18n.curated import steps_of_fact
from knowledge.i18n.speaking import N_, speaking
from knowledge.matching.index import SearchIndex
from knowledge.model import Fact
from knowledge.personal.claims import (
    ACTIONABLE,
    deadline_now,
    first_stage,
    is_way_out,
    most_specific,
    remindable,
    steps_hash,
)
from knowledge.regions import GLOBAL
from knowledge.store.personal import (
    CLAIM_BATCH,
    DROPPED,
    UNDELIVERED,
    WAITING,
    ChecklistRow,
    PersonalStore,
    ReminderRow,
    next_notice,
)
from knowledge.store.visibility import SHARED

log = logging.getLogger(__name__)

Outcome = Literal["sent", "closed", "failed"]  # a DM went; the person does not take DMs; try again later
# msgids: the error path translates a core error's sentence into the clicker's language (handlers.errors)
NO_DEADLINE = N_("That deadline is no longer ahead in Privy's facts, so there is nothing to remind you of.")
NO_STEPS = N_("Those steps are no longer in Privy's facts for your region; ask again for the current ones.")


@dataclass(frozen=True)
class Reminded:
    """What a "Remind me" click set up: the deadline and the days the DMs go."""

    platform: str
    region: str
    deadline: date
    days: tuple[date, ...]
    added: bool  # False: the person had this reminder already


@dataclass(frozen=True)
class ReminderItem:
    """One line of /privy reminders: a waiting reminder, or the note of one that was not sent (and why)."""

    id: int
    platform: str
    region: str
    deadline: date
    next_on: date | None
    state: str  # waiting | dropped | undelivered
    was: date | None = None  # the deadline the person was told, when the claims now give another


@dataclass(frozen=True)
class Notice:
    """A reminder DM to send now: claimed under `token` for this sender."""

    reminder_id: int
    token: str
    user_id: str
    platform: str
    region: str
    deadline: date
    days_left: int
    fact: Fact
    lead: str
    was: date | None = None  # the deadline the person was last told, when it changed since
    lang: str = ENGLISH  # the DM's language: the one the person set the reminder in
    steps: tuple[str, ...] = ()  # the fact's steps in that language when a current translation has them
    english_steps: bool = False  # the steps are the English ones in a DM in another language


@dataclass(frozen=True)
class EntryView:
    """One checklist entry and what changed since, computed from the claims today.

    state: same (nothing changed), steps (the same way out, its steps reworded), act (a new way out to
    take: a new setting, a new objection), info (changed, nothing to do), gone (no way out in the base)."""

    platform: str
    platform_id: str
    region: str
    done_on: date
    state: str
    lead: str = ""  # the way out that holds now, in one sentence
    steps: tuple[str, ...] = ()
    news: list[str] = field(default_factory=list)  # training claims that started since, one sentence each
    marker: str = ""  # what an "act" change is, so one DM is sent per change
    english_steps: bool = False  # the steps are the English ones in a reply in another language


@dataclass(frozen=True)
class ChangeNotice:
    """A checklist DM to send now: the entry needs the person to act again."""

    entry: ChecklistRow
    token: str
    user_id: str
    view: EntryView
    lang: str = ENGLISH  # the DM's language: the one the person ticked "I did this" in


class Personal:
    """A person's reminders and checklist, and what the bot's sender claims and records."""

    def __init__(
        self,
        db: Database,
        index: SearchIndex,
        today: Callable[[], date],
        saved_region: Callable[[str], str | None] | None = None,
    ) -> None:
        self.store = PersonalStore(db)
        self._base_index = index
        self._shared: SearchIndex | None = None  # made on first use: making one reads the base
        self._today = today
        self._saved_region = saved_region

    def region_for(self, user_id: str, region: str | None) -> str:
        """The region a click is for: the one its answer named, else the person's saved one (a public
        answer's button does not carry a region only their preference gave), else everywhere."""
        saved = self._saved_region(user_id) if region is None and self._saved_region else None
        return region or saved or GLOBAL

    def today(self) -> date:
        return self._today()

    # ---- the shared facts ---------------------------------------------------------------------
    @property
    def _index(self) -> SearchIndex:
        """The shared base's view of the search rows (built in a core call, never on the event loop)."""
        if self._shared is None:
            self._shared = self._base_index.scoped(SHARED)
        return self._shared

    def _facts(self, platform: str) -> list[Fact]:
        """The live shared facts of a platform (the answers' own copy of the search rows)."""
        self._index.refresh()
        return list(self._index.facts([r.id for r in self._index.rows(platform)]).values())

    def _fact(self, fact_id: str) -> Fact | None:
        self._index.refresh()
        fact = self._index.facts([fact_id]).get(fact_id)
        return None if fact is None or fact.from_server else fact

    def _name(self, platform: str) -> str:
        return self._index.names.name_of(platform) or platform

    # ---- reminders ----------------------------------------------------------------------------
    def remind(self, user_id: str, fact_id: str, region: str | None, lang: str = ENGLISH) -> Reminded:
        """Remind the person of the fact's deadline for `region` (None: region_for), 7 days and 1 day
        before (those still ahead), in `lang`; CoreError when the deadline is gone or too close."""
        today = self.today()
        region = self.region_for(user_id, region)
        fact = self._fact(fact_id)
        deadline = remindable(fact, region, today) if fact is not None else None
        stage = first_stage(deadline, today) if deadline else None
        if fact is None or deadline is None or stage is None or not fact.platform:
            raise CoreError(NO_DEADLINE)
        added = self.store.add_reminder(
            user_id,
            platform=fact.platform,
            region=region,
            fact_id=fact.id,
            deadline=deadline,
            stage=stage,
            lang=lang,
        )
        days = tuple(next_notice(deadline, s) for s in range(stage, 2))
        return Reminded(self._name(fact.platform), region, deadline, days, added)

    def reminders(self, user_id: str) -> list[ReminderItem]:
        """The person's reminders; notes of those dropped or undelivered are shown once, then deleted."""
        rows = self.store.reminders_of(user_id)
        notes = [r.id for r in rows if r.state != WAITING]
        if notes:
            self.store.clear_notes(user_id, notes)
        return [
            ReminderItem(
                r.id,
                self._name(r.platform),
                r.region,
                r.target,
                r.next_on,
                r.state,
                r.deadline if r.deadline != r.target else None,
            )
            for r in rows
        ]

    def cancel(self, user_id: str, reminder_id: int) -> bool:
        return self.store.cancel(user_id, reminder_id)

    def due(self, now: datetime, token: str, limit: int = CLAIM_BATCH) -> list[Notice]:
        """Follow every waiting reminder to the deadline its claims give today (dropping those with none),
        then claim up to `limit` of the ones due with `token` and say what each DM is about."""
        day = now.date()
        facts = _PerRun(self._facts)
        for platform, region, fact_id in self.store.waiting_subjects():
            chosen = deadline_now(facts(platform), region, day, fact_id)
            self.store.retarget(platform, region, fact_id, _deadline(chosen), chosen.id if chosen else None)
        notices: list[Notice] = []
        for row in self.store.claim_due(day, now, token, limit):
            chosen = deadline_now(facts(row.platform), row.region, day, row.fact_id)
            if chosen is None or _deadline(chosen) != row.target or not row.user_id:
                self.store.give_up(
                    row.id, token, DROPPED
                )  # changed between the two steps: never a stale date
                continue
            notices.append(self._notice(row, token, chosen, day))
        return notices

    def _notice(self, row: ReminderRow, token: str, fact: Fact, day: date) -> Notice:
        """The DM's content, its lead and steps in the language the reminder was set in."""
        name = self._name(row.platform)
        with speaking(row.lang) as lang:
            said = lead(fact, platform_name=name, region=row.region, as_of=day)
            steps, english_steps = steps_of_fact(fact)
        return Notice(
            reminder_id=row.id,
            token=token,
            user_id=str(row.user_id),
            platform=name,
            region=row.region,
            deadline=row.target,
            days_left=(row.target - day).days,
            fact=fact,
            lead=said,
            was=row.deadline if row.deadline != row.target else None,
            lang=lang,
            steps=steps,
            english_steps=english_steps,
        )

    def record(self, notice: Notice, outcome: Outcome, day: date) -> None:
        """What became of a claimed reminder's DM: sent (on to the next, or done), closed (dropped, with a
        note for /privy reminders), failed (due again at the next run)."""
        if outcome == "sent":
            self.store.sent(notice.reminder_id, notice.token, day)
        elif outcome == "closed":
            self.store.give_up(notice.reminder_id, notice.token, UNDELIVERED)
        else:
            self.store.release(notice.reminder_id, notice.token)

    # ---- the checklist ------------------------------------------------------------------------
    def did(self, user_id: str, fact_id: str, region: str | None, lang: str = ENGLISH) -> EntryView:
        """Record, for this person only, that they took the fact's steps today for `region` (None:
        region_for); a DM about a change to it is written in `lang`."""
        today = self.today()
        region = self.region_for(user_id, region)
        fact = self._fact(fact_id)
        if (
            fact is None
            or not fact.platform
            or not fact.steps
            or not is_way_out(fact)
            or not fact.valid_on(today)
        ):
            raise CoreError(NO_STEPS)
        claim = fact.claim
        way = claim.opt_out or "" if claim is not None and claim.kind == "opt_out" else ""
        self.store.set_done(
            user_id,
            platform=fact.platform,
            region=region,
            fact_id=fact.id,
            way=way,
            steps=steps_hash(fact),
            day=today,
            lang=lang,
        )
        return EntryView(self._name(fact.platform), fact.platform, region, today, "same")

    def checklist(self, user_id: str) -> tuple[list[EntryView], bool]:
        """The person's entries, each with what changed since, and whether they get a DM on a change."""
        today = self.today()
        rows = self.store.checklist_of(user_id)
        return [self.entry(r, today) for r in rows], self.store.dms_on(user_id)

    def set_dms(self, user_id: str, on: bool) -> None:
        self.store.set_dms(user_id, on, self.today())

    def remove(self, user_id: str, platform: str, region: str) -> bool:
        return self.store.remove_done(user_id, platform, region)

    def entry(self, row: ChecklistRow, day: date, facts: list[Fact] | None = None) -> EntryView:
        """What changed for one entry since it was done, from the claims that hold on `day` (`facts`:
        the platform's, when the caller has them), in the language of the reply being built."""
        facts = self._facts(row.platform) if facts is None else facts
        name = self._name(row.platform)
        now = most_specific(facts, row.region, day, "opt_out")
        trained = most_specific(facts, row.region, day, "training")
        news = (
            [lead(trained, platform_name=name, region=row.region, as_of=day)]
            if trained is not None and trained.valid_from and trained.valid_from > row.done_on
            else []
        )
        gone = EntryView(name, row.platform, row.region, row.done_on, "gone", news=news)
        if now is None or now.claim is None:
            return gone
        way = now.claim.opt_out or ""
        if steps_hash(now) == row.steps:
            state = "same"
        elif now.id == row.fact_id and way == row.way:
            state = "steps"
        else:
            state = "act" if way in ACTIONABLE else "info"
        steps, english_steps = steps_of_fact(now)
        return replace(
            gone,
            state=state,
            lead=lead(now, platform_name=name, region=row.region, as_of=day),
            steps=steps,
            marker=f"{now.id}:{way}:{steps_hash(now)}" if state == "act" else "",
            english_steps=english_steps,
        )

    def changes_due(self, now: datetime, token: str) -> list[ChangeNotice]:
        """Entries of people who asked for a DM that now need them to act again and were not told of
        this change: each claimed with `token` (and marked told) before its one DM goes."""
        day = now.date()
        facts = _PerRun(self._facts)
        out: list[ChangeNotice] = []
        for row in self.store.watched_entries(now):
            with speaking(row.lang) as lang:  # the DM's language: the one "I did this" was clicked in
                view = self.entry(row, day, facts(row.platform))
            if view.state != "act" or row.told == view.marker or not row.user_id:
                continue
            if self.store.claim_entry(row, view.marker, token, now):
                out.append(ChangeNotice(row, token, row.user_id, view, lang))
        return out

    def change_recorded(self, notice: ChangeNotice, outcome: Outcome) -> None:
        """After a checklist DM: done; closed (their DMs are switched off); failed (tried again later)."""
        if outcome == "failed":
            self.store.entry_release(notice.entry, notice.token)
        else:
            self.store.entry_sent(notice.entry, notice.token, delivered=outcome == "sent")

    # ---- privacy ------------------------------------------------------------------------------
    def about(self, user_id: str) -> dict[str, object]:
        return self.store.about(user_id)

    def forget(self, user_id: str) -> dict[str, int]:
        return self.store.forget(user_id)


class _PerRun:
    """A platform's live facts, read once per run of the sender (a run reads many rows of one platform)."""

    def __init__(self, read: Callable[[str], list[Fact]]) -> None:
        self._read = read
        self._kept: dict[str, list[Fact]] = {}

    def __call__(self, platform: str) -> list[Fact]:
        if platform not in self._kept:
            self._kept[platform] = self._read(platform)
        return self._kept[platform]


def _deadline(fact: Fact | None) -> date | None:
    return fact.claim.deadline if fact is not None and fact.claim is not None else None
