"""The inverted index's top facts by shared word weight: skipping long postings must change nothing,
not a weight and not the order of a tie, against summing every posting of every word."""

from __future__ import annotations

from array import array

from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.matcher import PRUNE_AT, _contenders, _top_weighted

# idf-like weights, few of them, so that sums tie often (as sibling facts do)
WEIGHTS = (0.69, 0.7, 1.24, 2.59, 3.94, 5.2, 5.74, 11.51)


def summed_everything(
    words: list[tuple[float, array[int]]], limit: int
) -> tuple[list[int], dict[int, float]]:
    """The plain way: every posting of every word, longest postings first, then a stable sort."""
    weights: dict[int, float] = {}
    for weight, postings in sorted(words, key=lambda word: len(word[1]), reverse=True):
        for idx in postings:
            weights[idx] = weights.get(idx, 0.0) + weight
    found = sorted(weights, key=weights.__getitem__, reverse=True)[:limit]
    return found, {idx: weights[idx] for idx in found}


SEARCHED = range(3001)  # every entry the postings below can hold


def check(words: list[tuple[float, array[int]]], limit: int) -> None:
    found, weights = _top_weighted(words, limit, SEARCHED)
    expected, expected_weights = summed_everything(words, limit)
    assert found == expected
    assert {idx: weights[idx] for idx in found} == expected_weights


short = st.sets(st.integers(0, 3000), max_size=80).map(lambda s: array("i", sorted(s)))
# in most facts or in every other one: what makes skipping worth it
long = st.tuples(st.integers(0, 3), st.integers(1, 3)).map(lambda t: array("i", range(t[0], 3000, t[1])))
everyone = st.tuples(st.sampled_from(WEIGHTS[:3]), st.just(array("i", SEARCHED)))
heavy = st.tuples(st.sampled_from(WEIGHTS[4:]), short)
light = st.tuples(st.sampled_from(WEIGHTS[:4]), st.one_of(short, long))
mixed = st.tuples(st.sampled_from(WEIGHTS), st.one_of(short, long))


@settings(max_examples=200, deadline=None)
@given(st.lists(heavy, max_size=4), st.lists(light, min_size=1, max_size=3), st.integers(1, 12))
def test_same_top_as_summing_every_posting(
    heavy: list[tuple[float, array[int]]], light: list[tuple[float, array[int]]], limit: int
) -> None:
    check(heavy + light, limit)


@settings(max_examples=200, deadline=None)
@given(st.lists(everyone, min_size=1, max_size=2), st.lists(mixed, max_size=4), st.integers(1, 400))
def test_same_top_when_a_word_is_in_every_entry(
    everyone: list[tuple[float, array[int]]], others: list[tuple[float, array[int]]], limit: int
) -> None:
    check(everyone + others, limit)


@settings(max_examples=200, deadline=None)
@given(st.lists(mixed, max_size=7), st.integers(1, 400))
def test_same_top_for_any_words(words: list[tuple[float, array[int]]], limit: int) -> None:
    check(words, limit)


def test_a_long_light_word_is_only_looked_up() -> None:
    """The case it is for: a rare heavy word, a few middling ones, and one in most of the base."""
    rare = (11.51, array("i", [7]))
    office = (5.74, array("i", range(0, 3000, 9)))
    data = (5.2, array("i", range(0, 3000, 5)))
    model = (1.24, array("i", range(0, 40000, 1)))
    words = [model, rare, office, data]
    limit = 40
    contenders = _contenders(sorted(words, key=lambda word: len(word[1]), reverse=True), limit)
    assert contenders is not None and len(contenders) * PRUNE_AT < len(model[1])
    check(words, limit)


def test_a_fact_that_can_only_tie_the_top_still_counts() -> None:
    """Entry 2 can at best tie the second place (3 + 1): it does, and it comes first in the tie."""
    most = (1.0, array("i", range(2999)))  # every entry but 2999
    one = (4.0, array("i", [1, 2999]))
    two = (3.0, array("i", [2]))
    found, _ = _top_weighted([one, two, most], 2, SEARCHED)
    assert found == [1, 2]
    check([one, two, most], 2)
