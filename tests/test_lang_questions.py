"""Questions in the other languages Privy reads (tests/eval/lang/): each language answers the held-out
half of its own set at 85% or better, declines included; `make eval` prints both halves."""

from __future__ import annotations

from collections import Counter

import pytest

from knowledge.service import Privy
from tests.eval.lang_sets import SETS, lang_cases, lang_failures
from tests.eval.real_set import HALVES, half_of

MIN_HELDOUT = 0.85
MIN_QUESTIONS = 30


@pytest.mark.parametrize("name", SETS)
def test_set_is_well_formed(name: str) -> None:
    """At least 30 questions, about a third to decline, each with its English, both halves used."""
    cases = lang_cases(name)
    assert len(cases) >= MIN_QUESTIONS
    assert len({c["id"] for c in cases}) == len(cases) and len({c["q"] for c in cases}) == len(cases)
    assert all(c["id"].startswith(f"{name}-") and c["en"] for c in cases)
    declined = [c for c in cases if c["kind"] == "decline"]
    assert all(c["expect"]["status"] == ["no_match"] for c in declined)
    assert all(c["expect"]["platform"] for c in cases if c["kind"] == "answer")
    assert len(cases) / 4 <= len(declined) <= len(cases) / 2
    halves = Counter(half_of(c["id"]) for c in cases)
    assert set(halves) == set(HALVES) and min(halves.values()) >= len(cases) // 3


@pytest.mark.parametrize("name", SETS)
def test_heldout_half_is_answered(shared_privy: Privy, name: str) -> None:
    cases = lang_cases(name, "heldout")
    failed = lang_failures(shared_privy, cases)
    assert len(cases) - len(failed) >= MIN_HELDOUT * len(cases), "\n".join(failed)
