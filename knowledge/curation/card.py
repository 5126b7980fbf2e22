"""One fact as a moderator's card shows it: the text users get, its revision, who last changed it, its flags."""

from __future__ import annotations

from dataclasses import dataclass, field

from knowledge.curation.preview import Shown, as_users_see
from knowledge.curation.queue import FLAG_KINDS, is_stale
from knowledge.curation.workflow import Curator
from knowledge.model import Fact
from knowledge.store.facts import Revision
from knowledge.store.watch import SourceChange


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
    view = curator.view
    fact, rev = curator.store.get(fact_id)
    counts = view.feedback().get(fact_id, {})
    today = view.today()
    days = (today - fact.verified).days if is_stale(fact, today, stale_days) else None
    flags = {k: counts[k] for k in FLAG_KINDS if counts.get(k)}
    last = curator.store.history(fact_id)[-1] if curator.store.is_own(fact_id) else None
    shown = as_users_see(view, fact)
    changed = view.source_changes([fact_id]) if curator.shared else []
    return FactCard(fact, rev, last, flags, days, shown, changed)
