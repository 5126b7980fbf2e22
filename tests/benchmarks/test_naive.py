"""The naive baseline, run both ways: as the issue ran it (every wording processed on each call) and prepared
(processed once). They must pick the same fact, or the two speed-ups would compare different work."""

from __future__ import annotations

from benchmarks.naive import NaiveIndex
from knowledge.service import Privy

QUESTIONS = [
    "is linkedin training ai on my posts?",
    "How do I stop Meta using my photos for AI? I live in Dublin",
    "does github copilot train on my private repos",
    "X grok training opt out",
    "",
    "!!!",
]


def test_both_ways_of_the_naive_scan_pick_the_same_fact(shared_privy: Privy) -> None:
    facts = list(shared_privy.store.facts())
    as_written = NaiveIndex(facts, per_call=True)
    prepared = NaiveIndex(facts)
    picks = [as_written.best(q) for q in QUESTIONS]
    assert picks == [prepared.best(q) for q in QUESTIONS]
    assert all(picks[:4]) and picks[4:] == [None, None]  # a question of no words has no closest wording
    assert as_written.choices[0] != prepared.choices[0]  # one keeps the wording as written, one processed
