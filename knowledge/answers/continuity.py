"""Since when a claim holds: a fact that carries on another's claim unchanged (a court's order after an
undertaking, a new policy saying the same) keeps the first one's start, so a lead says "paused since
8 Aug 2024", the day it was paused, not the day of the latest source."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Protocol

from knowledge.matching.index import Indexed, SearchIndex
from knowledge.model import Claim
from knowledge.regions import coverage

MAX_LINKS = 20  # facts followed back: a chain is a handful; a loop of bad dates ends here


class Dated(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def platform(self) -> str | None: ...

    @property
    def regions(self) -> tuple[str, ...]: ...

    @property
    def claim(self) -> Claim | None: ...

    @property
    def valid_from(self) -> date | None: ...


def claim_since(index: SearchIndex, fact: Dated, region: str | None) -> date | None:
    """The day `fact`'s claim began where it is asked: its own start, or the start of the facts before it
    that claimed the same (same answer, same data, same people) up to the day before, for the asker's
    region (None: everywhere `fact` holds). None when the claim has held for as long as the base knows."""
    start = fact.valid_from
    if start is None or fact.claim is None or fact.platform is None:
        return start
    wanted = (region,) if region else fact.regions
    seen = {fact.id}
    for _ in range(MAX_LINKS):
        day_before = (start - timedelta(days=1)).isoformat()
        ending = _ending_on(index, fact.platform).get(day_before, [])
        earlier = _carried_on(ending, fact.claim, wanted, seen)
        if earlier is None:
            return start
        if earlier.valid_from is None:
            return None
        seen.add(earlier.id)
        start = date.fromisoformat(earlier.valid_from)
    return start


def _ending_on(index: SearchIndex, platform: str) -> dict[str, list[Indexed]]:
    """The platform's facts with a claim, by the last day they hold: kept until the platform changes, so
    a question on a platform of thousands of facts looks up a day, not every fact."""

    def by_end() -> dict[str, list[Indexed]]:
        ending: dict[str, list[Indexed]] = defaultdict(list)
        for row in index.rows(platform):
            if row.claim is not None and row.valid_until:
                ending[row.valid_until].append(row)
        return dict(ending)

    return index.remembered(platform, "claims by end", by_end)


def _carried_on(
    ending: list[Indexed], claim: Claim, wanted: tuple[str, ...], seen: set[str]
) -> Indexed | None:
    """Of the facts that ended the day before, the one with the same claim covering every region asked."""
    for row in ending:
        if row.id not in seen and row.claim == claim and all(coverage(row.regions, r) > 0 for r in wanted):
            return row
    return None
