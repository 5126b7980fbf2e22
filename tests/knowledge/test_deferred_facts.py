"""Ranked facts decoded only as far as they are read (knowledge.matching.deferred): what a search row says
of its fact is what the fact says, a deferred fact is equal to the fact decoded, and an answer hands out
only whole facts."""

from __future__ import annotations

from dataclasses import fields

import pytest

from knowledge.answers.ranking import Scored, phrasing_words
from knowledge.matching.deferred import whole
from knowledge.model import Fact
from knowledge.service import Privy
from tests.knowledge.small_base import TODAY

ROW_FIELDS = ("id", "platform", "topic", "regions", "valid_from", "valid_until", "scope", "claim", "steps")


@pytest.fixture(scope="module")
def privy() -> Privy:
    return Privy(":memory:", today=lambda: TODAY)  # the embedded pack


def test_the_row_says_what_the_fact_says(privy: Privy) -> None:
    index = privy.index
    rows = [r for p in [None, *index.names.platforms] for r in index.rows(p)]
    assert len(rows) > 100
    decoded = index.facts([r.id for r in rows])
    for row, fact in zip(rows, index.facts_of(rows), strict=True):
        said = {name: getattr(fact, name) for name in ROW_FIELDS}  # read before anything else is
        assert said == {name: getattr(decoded[row.id], name) for name in ROW_FIELDS}, row.id


def test_the_row_has_the_words_of_the_facts_phrasings(privy: Privy) -> None:
    index = privy.index
    rows = [r for p in [None, *index.names.platforms] for r in index.rows(p)]
    decoded = index.facts([r.id for r in rows])
    for row in rows:
        from_row = phrasing_words(Scored(decoded[row.id], 0.0, 0.0, 0, row))
        assert from_row == phrasing_words(Scored(decoded[row.id], 0.0, 0.0, 0)), row.id
        assert from_row


def test_reading_more_than_the_row_decodes_the_whole_fact(privy: Privy) -> None:
    index = privy.index
    row = next(r for r in index.rows("linkedin") if r.steps)
    index._state.facts.clear()  # as in a process that has not shown it yet
    fact = index.facts_of([row])[0]
    assert isinstance(fact, Fact) and type(fact) is not Fact
    expected = index.facts([row.id])[row.id]
    assert fact.answer == expected.answer and fact.sources == expected.sources
    assert {f.name: getattr(fact, f.name) for f in fields(Fact)} == {
        f.name: getattr(expected, f.name) for f in fields(Fact)
    }
    assert fact == expected and expected == fact and hash(fact) == hash(expected)
    assert type(whole(fact)) is Fact and whole(fact) == expected


def test_an_answer_hands_out_whole_facts(privy: Privy) -> None:
    privy.index._state.facts.clear()
    answer = privy.ask("Can I stop LinkedIn training AI on my posts? I'm in Leeds")
    shown = [*answer.facts, *answer.history, *answer.nearby]
    assert shown and all(type(f) is Fact for f in shown)
