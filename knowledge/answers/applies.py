"""The hard rule of who a fact answers: its regions cover the asker and it holds on the day asked.

Ranking only ever scores facts that pass it (knowledge.answers.ranking); this module says the rule once,
for the checks and views that need it, and finds what holds nearby when nothing covers the asker.
"""

from __future__ import annotations

from datetime import date

from knowledge.answers.ranking import rank
from knowledge.matching.index import SearchIndex
from knowledge.model import Fact
from knowledge.regions import coverage

MAX_NEARBY = 2
NEARBY_MIN_SIMILARITY = 0.2  # what holds elsewhere is shown only when it is about what was asked


def applies(fact: Fact, region: str | None, day: date) -> bool:
    """Whether `fact` may answer an asker in `region` (None: not known) on `day`."""
    return fact.valid_on(day) and (region is None or coverage(fact.regions, region) > 0)


def nearby(index: SearchIndex, question: str, *, platform: str, as_of: date, intents: set[str]) -> list[Fact]:
    """The closest facts on `platform` for other regions, on the same day: "No sourced answer for Canada.
    In the EEA: ..." (shown as what holds there, never as the asker's answer)."""
    ranked = rank(index, question, platform=platform, region=None, as_of=as_of, intents=intents, limit=6)
    out: list[Fact] = []
    for s in ranked:
        close = s.similarity >= NEARBY_MIN_SIMILARITY and s.fact.platform == platform
        if close and all(set(f.regions) != set(s.fact.regions) for f in out):
            out.append(s.fact)
    return out[:MAX_NEARBY]
