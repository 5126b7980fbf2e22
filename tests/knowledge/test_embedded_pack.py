"""Every fact we ship validates, cites a real https source, and is found by its own question."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.model import Fact
from knowledge.packs.format import PACKS_DIR, check_pack, embedded_packs, read_pack_file
from knowledge.regions import GLOBAL
from knowledge.service import Privy

TODAY = date(2026, 12, 7)  # the embedded facts were last verified on this day
FACTS = [f for pack in embedded_packs() for f in pack.facts]


def test_every_pack_file_validates() -> None:
    files = sorted(PACKS_DIR.glob("*.yaml"))
    assert files
    for path in files:
        assert check_pack(read_pack_file(path), None, TODAY) == [], path.name


def test_pack_is_broad_enough() -> None:
    platforms = {f.platform for f in FACTS if f.platform}
    assert len(FACTS) >= 40
    assert len(platforms) >= 8


@pytest.mark.parametrize("fact", FACTS, ids=lambda f: f.id)
def test_fact_is_sourced_dated_and_verified(fact: Fact) -> None:
    assert fact.sources and all(s.url.startswith("https://") for s in fact.sources)
    assert fact.verified <= TODAY
    if fact.valid_from and fact.valid_until:
        assert fact.valid_from <= fact.valid_until


def _asker_region(fact: Fact) -> str | None:
    specific = [r for r in fact.regions if r != GLOBAL]
    return specific[0] if specific else None


def _a_day_it_holds(fact: Fact) -> date:
    if fact.valid_on(TODAY):
        return TODAY
    return fact.valid_until or fact.valid_from or TODAY


@pytest.mark.parametrize("fact", FACTS, ids=lambda f: f.id)
def test_fact_is_found_by_its_own_question(shared_privy: Privy, fact: Fact) -> None:
    answer = shared_privy.ask(fact.question, region=_asker_region(fact), as_of=_a_day_it_holds(fact))
    assert answer.status == "answered", answer.status
    assert answer.facts[0].id == fact.id, [f.id for f in answer.facts]
