"""The moderators' review queue: what went stale, what users flagged, what nobody could answer, what waits.

Drafts from unanswered questions: a draft is a row of `pending_changes` with status `draft` (see
knowledge.store.drafts). It never reaches users: the matcher reads only the `facts` table, and a draft gets
there only through Curator.publish (or a second moderator's approval when PRIVY_REQUIRE_REVIEW=1).
Publishing it also removes the question from the unanswered list.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta

from knowledge.curation.blocks import slug_for
from knowledge.curation.workflow import Curator
from knowledge.i18n.curated import stale_translations
from knowledge.model import Fact, Translation
from knowledge.sources.links import FactLinks
from knowledge.store.drafts import Change, ChangeError
from knowledge.store.facts import Author
from knowledge.store.translations import translated_facts
from knowledge.store.user_data import Unanswered
from knowledge.store.watch import SourceChange

FLAG_KINDS = ("outdated", "wrong_region")
PAGE = 25  # proposals on one page of /review (a select menu holds 25)


@dataclass(frozen=True)
class StaleFact:
    """A live fact nobody has checked against its sources for too long."""

    fact: Fact
    days: int  # since it was last verified


@dataclass(frozen=True)
class FlaggedFact:
    """A fact users said is out of date or wrong for their region."""

    fact: Fact
    outdated: int
    wrong_region: int

    @property
    def total(self) -> int:
        return self.outdated + self.wrong_region


@dataclass(frozen=True)
class StaleTranslation:
    """A fact whose English changed since these translations were made: they are not shown until a
    moderator translates the change (or re-checks and re-imports them)."""

    fact: Fact
    translations: tuple[Translation, ...]

    @property
    def languages(self) -> str:
        return ", ".join(t.lang for t in self.translations)


@dataclass
class ReviewQueue:
    """Everything waiting for a moderator, most urgent first in each list."""

    stale: list[StaleFact] = field(default_factory=list)
    flagged: list[FlaggedFact] = field(default_factory=list)
    unanswered: list[Unanswered] = field(default_factory=list)
    pending: list[Change] = field(default_factory=list)
    drafts: list[Change] = field(default_factory=list)
    stale_total: int = 0
    links: list[FactLinks] = field(default_factory=list)  # facts whose sources were dead or moved
    sent: list[Change] = field(default_factory=list)  # a server's suggestions to the curators, newest first
    changed: list[SourceChange] = field(default_factory=list)  # watched passages changed since verified
    translations: list[StaleTranslation] = field(default_factory=list)  # outgrown by their English
    page: int = 0  # which page of the proposals (`pending`) this is, from 0
    pending_total: int = 0  # proposals waiting in all: /review pages through every one
    page_size: int = PAGE

    @property
    def pages(self) -> int:
        """How many pages the proposals fill (at least one)."""
        return max(1, -(-self.pending_total // self.page_size))

    @property
    def empty(self) -> bool:
        return not (
            self.stale
            or self.flagged
            or self.unanswered
            or self.pending
            or self.drafts
            or self.links
            or self.sent
            or self.changed
            or self.translations
        )

    def to_check(self) -> list[StaleFact | FlaggedFact]:
        """The facts a moderator should check, each once: the stale ones, then those only flagged."""
        stale_ids = {s.fact.id for s in self.stale}
        return [*self.stale, *(f for f in self.flagged if f.fact.id not in stale_ids)]


def is_stale(fact: Fact, today: date, days: int) -> bool:
    """Not checked against its sources for more than `days` (PRIVY_STALE_DAYS)."""
    return fact.verified < today - timedelta(days=days)


def stale_facts(curator: Curator, today: date, stale_days: int, limit: int) -> tuple[list[StaleFact], int]:
    """Live facts verified more than `stale_days` ago, the longest unchecked first, and how many in all."""
    facts, total = curator.store.verified_before(today - timedelta(days=stale_days), limit)
    return [StaleFact(f, (today - f.verified).days) for f in facts], total


def outgrown_translations(curator: Curator, limit: int) -> list[StaleTranslation]:
    """The scope's facts whose English changed since some of their translations were made, by id."""
    found = []
    for fact in translated_facts(curator.store.db, curator.store.scope):
        stale = stale_translations(fact)
        if stale:
            found.append(StaleTranslation(fact, tuple(stale)))
    return found[:limit]


def flagged_facts(by_id: dict[str, Fact], feedback: dict[str, dict[str, int]]) -> list[FlaggedFact]:
    """Facts with 'outdated' or 'wrong region' votes, the most flagged first."""
    found = []
    for fact_id, counts in feedback.items():
        fact = by_id.get(fact_id)
        if fact is None:
            continue
        flagged = FlaggedFact(fact, counts.get("outdated", 0), counts.get("wrong_region", 0))
        if flagged.total:
            found.append(flagged)
    return sorted(found, key=lambda f: (-f.total, f.fact.id))


def review_queue(curator: Curator, stale_days: int, limit: int = 10, page: int = 0) -> ReviewQueue:
    """Stale, flagged and unanswered, proposals waiting for approval, unfinished drafts, and facts whose
    sources were dead or moved at the last `facts links` or whose watched passage changed since they were
    verified (`facts watch`), of the curator's scope only, each read from the
    database (not the whole base): a server sees its own facts going stale (the shared ones are the
    curators'), the flags and questions raised in it, and its own drafts; the curators see the shared
    base's, the dead links, and the suggestions servers sent them, never another server's questions.
    Proposals come `limit` to a `page`, this scope's own first: every one can be reached."""
    view = curator.view
    stale, total = stale_facts(curator, view.today(), stale_days, limit)
    feedback = view.feedback()  # only facts with votes: a few rows
    return ReviewQueue(
        stale=stale,
        flagged=flagged_facts(curator.store.get_many(list(feedback)), feedback)[:limit],
        unanswered=view.unanswered(limit),
        pending=curator.pending(limit, offset=max(page, 0) * limit),
        drafts=curator.drafts(limit),
        stale_total=total,
        links=view.dead_sources(limit),
        sent=curator.sent(limit),
        changed=view.source_changes(limit=limit),
        translations=outgrown_translations(curator, limit),
        page=max(page, 0),
        pending_total=curator.pending_count(),
        page_size=limit,
    )


def unanswered_token(question: str) -> str:
    """A short stable handle for an unanswered question (Discord select values hold 100 characters)."""
    return hashlib.sha1(" ".join(question.split()).encode()).hexdigest()[:16]


def find_unanswered(curator: Curator, token: str) -> Unanswered | None:
    return next(
        (u for u in curator.view.unanswered(500) if unanswered_token(u.question) == token),
        None,
    )


def dismiss_unanswered(curator: Curator, tokens: list[str]) -> int:
    """Drop the unanswered questions with these handles (spam, off topic); returns how many were dropped."""
    wanted = set(tokens)
    view = curator.view
    found = [u for u in view.unanswered(500) if unanswered_token(u.question) in wanted]
    for u in found:
        view.dismiss_unanswered(u.question)
    return len(found)


def draft_for_unanswered(curator: Curator, token: str, author: Author) -> Change:
    """A draft fact whose question is the unanswered one with this handle, as users asked it; ChangeError
    when it left the list meanwhile."""
    found = find_unanswered(curator, token)
    if found is None:
        raise ChangeError("That question is no longer in the list; another moderator may have handled it.")
    text = " ".join(found.question.split())
    taken = set(curator.store.ids(limit=100_000))
    seed = {"id": slug_for(text, taken), "question": text}
    return curator.start_add(author, seed, note=text)  # not live until published
