"""The moderators' review queue: what went stale, what users flagged, what nobody could answer, what waits.

Drafts from unanswered questions: a draft is a row of `pending_changes` with status `draft` (see
knowledge.curation.drafts). It never reaches users: the matcher reads only the `facts` table, and a draft gets
there only through Curator.publish (or a second moderator's approval when PRIVY_REQUIRE_REVIEW=1).
Publishing it also removes the question from the unanswered list.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta

from knowledge.answers.preview import Shown, as_users_see
from knowledge.curation.blocks import slug_for
from knowledge.curation.drafts import Change, ChangeError
from knowledge.curation.workflow import Curator
from knowledge.model import Fact
from knowledge.sources.links import FactLinks, flagged_sources
from knowledge.store import watch as watch_store
from knowledge.store.facts import Author, Revision
from knowledge.store.watch import SourceChange
from knowledge.user_data import Unanswered

FLAG_KINDS = ("outdated", "wrong_region")


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


def review_queue(curator: Curator, stale_days: int, limit: int = 10) -> ReviewQueue:
    """Stale, flagged and unanswered, proposals waiting for approval, unfinished drafts, and facts whose
    sources were dead or moved at the last `facts links` or whose watched passage changed since they were
    verified (`facts watch`), of the curator's scope only, each read from the
    database (not the whole base): a server sees its own facts going stale (the shared ones are the
    curators'), the flags and questions raised in it, and its own drafts; the curators see the shared
    base's, the dead links, and the suggestions servers sent them, never another server's questions."""
    privy = curator.privy
    scope = curator.scope
    stale, total = stale_facts(curator, privy.today(), stale_days, limit)
    feedback = privy.community.feedback(scope)  # only facts with votes: a few rows
    return ReviewQueue(
        stale=stale,
        flagged=flagged_facts(curator.store.get_many(list(feedback)), feedback)[:limit],
        unanswered=privy.community.unanswered(limit, scope),
        pending=curator.pending(limit),
        drafts=curator.drafts(limit),
        stale_total=total,
        links=flagged_sources(privy.db, limit) if curator.shared else [],
        sent=curator.sent(limit),
        changed=watch_store.changes(privy.db, limit=limit) if curator.shared else [],
    )


def draft_from_unanswered(curator: Curator, question: str, author: Author) -> Change:
    """A draft fact whose question is the one users asked; it is not live until published."""
    text = " ".join(question.split())
    taken = set(curator.store.ids(limit=100_000))
    seed = {"id": slug_for(text, taken), "question": text}
    return curator.start_add(author, seed, note=text)


@dataclass
class FactCard:
    """One fact for a moderator: the text users see, its revision, who last changed it, and its flags."""

    fact: Fact
    rev: int
    last: Revision | None  # None: a shared fact this server has not changed (its history is the curators')
    flags: dict[str, int]
    stale_days: int | None  # days since verified, when that is more than the limit
    shown: Shown
    changed: list[SourceChange] = field(default_factory=list)  # its watched passages, changed since verified


def fact_card(curator: Curator, fact_id: str, stale_days: int) -> FactCard:
    privy = curator.privy
    fact, rev = curator.store.get(fact_id)
    counts = privy.community.feedback(curator.scope).get(fact_id, {})
    today = privy.today()
    days = (today - fact.verified).days if is_stale(fact, today, stale_days) else None
    flags = {k: counts[k] for k in FLAG_KINDS if counts.get(k)}
    last = curator.store.history(fact_id)[-1] if curator.store.is_own(fact_id) else None
    shown = as_users_see(privy, fact, scope=curator.scope)
    changed = watch_store.changes(privy.db, [fact_id]) if curator.shared else []
    return FactCard(fact, rev, last, flags, days, shown, changed)


def unanswered_token(question: str) -> str:
    """A short stable handle for an unanswered question (Discord select values hold 100 characters)."""
    return hashlib.sha1(" ".join(question.split()).encode()).hexdigest()[:16]


def find_unanswered(curator: Curator, token: str) -> Unanswered | None:
    return next(
        (
            u
            for u in curator.privy.community.unanswered(500, curator.scope)
            if unanswered_token(u.question) == token
        ),
        None,
    )


def dismiss_unanswered(curator: Curator, tokens: list[str]) -> int:
    """Drop the unanswered questions with these handles (spam, off topic); returns how many were dropped."""
    wanted = set(tokens)
    community = curator.privy.community
    found = [u for u in community.unanswered(500, curator.scope) if unanswered_token(u.question) in wanted]
    for u in found:
        community.dismiss_unanswered(u.question, curator.scope)
    return len(found)


def draft_for_unanswered(curator: Curator, token: str, author: Author) -> Change:
    """A draft from the unanswered question with this handle; ChangeError when it left the list meanwhile."""
    found = find_unanswered(curator, token)
    if found is None:
        raise ChangeError("That question is no longer in the list; another moderator may have handled it.")
    return draft_from_unanswered(curator, found.question, author)
