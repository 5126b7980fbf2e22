"""The inverted index's top facts by shared word weight: skipping long postings must change nothing,
not a weight and not the order of a tie, against summing every posting of every word."""

from __future__ import annotations

from array import array
from typing import TypeAlias

from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.matching.index import PRUNE_AT, _contenders, _top_weighted, _top_with_common

# idf-like weights, few of them, so that sums tie often (as sibling facts do)
WEIGHTS = (0.69, 0.7, 1.24, 2.59, 3.94, 5.2, 5.74, 11.51)
SEARCHED = range(3001)  # every entry the postings below can hold

Words: TypeAlias = "list[tuple[float, array[int]]]"  # array is not subscriptable at run time


def summed_everything(words: Words, limit: int) -> tuple[list[int], dict[int, float]]:
    """The plain way: every posting of every word, longest postings first, then a stable sort."""
    weights: dict[int, float] = {}
    for weight, postings in sorted(words, key=lambda word: len(word[1]), reverse=True):
        for idx in postings:
            weights[idx] = weights.get(idx, 0.0) + weight
    found = sorted(weights, key=weights.__getitem__, reverse=True)[:limit]
    return found, {idx: weights[idx] for idx in found}


def same_as_summing_everything(found: list[int], weights: dict[int, float], words: Words, limit: int) -> None:
    expected, expected_weights = summed_everything(words, limit)
    assert found == expected
    assert {idx: weights[idx] for idx in found} == expected_weights


def check(words: Words, limit: int) -> None:
    same_as_summing_everything(*_top_weighted(words, limit), words, limit)


def lacking(postings: array[int]) -> array[int]:
    have = set(postings)
    return array("i", (idx for idx in SEARCHED if idx not in have))


def check_with_common(common: Words, rare: Words, limit: int) -> None:
    """`common` as postings; _top_with_common gets them as the entries that lack them."""
    found, weights = _top_with_common([(w, lacking(p)) for w, p in common], rare, limit, SEARCHED)
    same_as_summing_everything(found, weights, common + rare, limit)


short = st.sets(st.integers(0, 3000), max_size=80).map(lambda s: array("i", sorted(s)))
# in most facts or in every other one: what makes skipping worth it
long = st.tuples(st.integers(0, 3), st.integers(1, 3)).map(lambda t: array("i", range(t[0], 3000, t[1])))
heavy = st.tuples(st.sampled_from(WEIGHTS[4:]), short)
light = st.tuples(st.sampled_from(WEIGHTS[:4]), st.one_of(short, long))
mixed = st.tuples(st.sampled_from(WEIGHTS), st.one_of(short, long))
# in over half of SEARCHED: all of it, all but a few, or most
most = st.sets(st.integers(0, 3000), max_size=60).map(
    lambda s: array("i", (i for i in SEARCHED if i not in s))
)
common = st.tuples(st.sampled_from(WEIGHTS[:3]), st.one_of(st.just(array("i", SEARCHED)), most))


@settings(max_examples=200, deadline=None)
@given(st.lists(heavy, max_size=4), st.lists(light, min_size=1, max_size=3), st.integers(1, 12))
def test_same_top_as_summing_every_posting(heavy: Words, light: Words, limit: int) -> None:
    check(heavy + light, limit)


@settings(max_examples=200, deadline=None)
@given(st.lists(mixed, max_size=7), st.integers(1, 400))
def test_same_top_for_any_words(words: Words, limit: int) -> None:
    check(words, limit)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(common, min_size=1, max_size=3), st.lists(st.tuples(st.sampled_from(WEIGHTS), short), max_size=4)
)
def test_same_top_with_common_words(common: Words, rare: Words) -> None:
    for limit in (1, 7, 40, 400):
        check_with_common(common, rare, limit)


def test_a_fact_lacking_every_common_word_counts_only_for_its_rare_ones() -> None:
    everyone_but_5_and_6 = (0.69, array("i", (i for i in SEARCHED if i not in (5, 6))))
    rare = (3.94, array("i", [6, 9]))
    check_with_common([everyone_but_5_and_6], [rare], 3)  # 5 has no word: no total at all
    check_with_common([everyone_but_5_and_6], [rare], 3000)


def test_a_tie_goes_to_the_fact_met_first() -> None:
    """0 has only the rare word, 1 only the common one, of the same weight: the common word's postings
    come first, so 1 does, though 0 comes first in the facts searched."""
    everyone_but_0 = (0.69, array("i", range(1, 3001)))
    only_0 = (0.69, array("i", [0]))
    found, _ = _top_with_common([(0.69, array("i", [0]))], [only_0], 1, SEARCHED)
    assert found == [1]
    check_with_common([everyone_but_0], [only_0], 1)


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
    found, _ = _top_weighted([one, two, most], 2)
    assert found == [1, 2]
    check([one, two, most], 2)
