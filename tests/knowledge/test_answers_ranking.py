"""knowledge/answers/ranking.py as tables: what counts as the better answer to a question."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.answers.ranking import (
    TOPIC_BONUS,
    rank,
    region_alternatives,
    shared_words,
    specific_regions,
    topic_bonuses,
)
from knowledge.matching.index import SearchIndex
from tests.knowledge.small_base import TODAY, small_privy


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    privy = small_privy()
    privy.index.refresh()
    return privy.index


@pytest.mark.parametrize(
    ("intents", "bonuses"),
    [
        (set(), {}),
        ({"status"}, {"status": TOPIC_BONUS, "background": TOPIC_BONUS / 4}),  # "what it trains on" in part
        ({"opt-out"}, {"opt-out": TOPIC_BONUS, "objection": TOPIC_BONUS / 2, "status": TOPIC_BONUS / 4}),
        ({"objection"}, {"objection": TOPIC_BONUS, "opt-out": TOPIC_BONUS / 2}),
        ({"timeline"}, {"timeline": TOPIC_BONUS, "background": TOPIC_BONUS / 2}),
        ({"regions"}, {"status": TOPIC_BONUS}),
        ({"status", "regulator"}, {"regulator": TOPIC_BONUS}),  # the regulator intent comes first
        ({"opt-out", "objection"}, {"objection": TOPIC_BONUS, "opt-out": TOPIC_BONUS / 2}),
    ],
)
def test_topic_bonuses(intents: set[str], bonuses: dict[str, float]) -> None:
    assert topic_bonuses(intents) == bonuses


@pytest.mark.parametrize(
    ("lists", "regions"),
    [
        ([("global",)], []),
        ([("uk",), ("eea", "global"), ("uk", "us")], ["uk", "eea", "us"]),
        ([], []),
    ],
)
def test_specific_regions(lists: list[tuple[str, ...]], regions: list[str]) -> None:
    assert specific_regions(lists) == regions


def _ranked(index: SearchIndex, question: str, region: str | None, day: date = TODAY, **kw) -> list[str]:
    intents = kw.pop("intents", {"status"})
    platform = kw.pop("platform", "linkedin")
    found = rank(index, question, platform=platform, region=region, as_of=day, intents=intents)
    return [s.fact.id for s in found]


@pytest.mark.parametrize(
    ("question", "region", "day", "first", "absent"),
    [
        # a region-specific fact replaces the global one on the same subject
        ("Is LinkedIn training AI on my posts?", "uk", TODAY, "linkedin-status-uk", "linkedin-status-global"),
        # valid on the day: before 3 November 2025 the UK fact was the pause
        ("Is LinkedIn training AI on my posts?", "uk", date(2025, 1, 1), "linkedin-status-uk-paused",
         "linkedin-status-uk"),
        # no fact for the US: the global one, and nothing for the UK
        ("Is LinkedIn training AI on my posts?", "us", TODAY, "linkedin-status-global", "linkedin-status-uk"),
        # an EEA country is covered by the EEA fact
        ("How do I stop LinkedIn using my posts for AI?", "fr", TODAY, "linkedin-opt-out-eea",
         "linkedin-status-uk"),
    ],
)  # fmt: skip
def test_rank_region_and_date(
    index: SearchIndex, question: str, region: str, day: date, first: str, absent: str
) -> None:
    intents = {"opt-out"} if "stop" in question else {"status"}
    ids = _ranked(index, question, region, day, intents=intents)
    assert ids[0] == first
    assert absent not in ids


def test_rank_with_no_region_keeps_every_region(index: SearchIndex) -> None:
    ids = _ranked(index, "Is LinkedIn training AI on UK members' posts?", None)
    assert {"linkedin-status-uk", "linkedin-status-global"} <= set(ids)


def test_a_regulator_counts_wherever_the_asker_lives(index: SearchIndex) -> None:
    ids = _ranked(
        index, "What has the ICO said about AI training?", "us", platform=None, intents={"regulator"}
    )
    assert ids[0] == "ico-guidance"


def test_retired_facts_are_never_ranked(index: SearchIndex) -> None:
    ids = _ranked(index, "Did Zoom's 2023 terms allow AI training on calls?", None, platform="zoom")
    assert ids[0] == "zoom-calls" and "zoom-old" not in ids


def test_region_alternatives_are_the_close_region_specific_facts(index: SearchIndex) -> None:
    found = rank(
        index, "Is LinkedIn training AI on my posts?", platform="linkedin", region=None, as_of=TODAY,
        intents={"status"},
    )  # fmt: skip
    best = next(s for s in found if s.fact.id == "linkedin-status-global")
    assert [f.id for f in region_alternatives(found, best)] == ["linkedin-status-uk"]
    regulator = rank(index, "ICO guidance", platform=None, region=None, as_of=TODAY, intents={"regulator"})
    assert region_alternatives(regulator, regulator[0]) == []  # only status and opt-out differ by region


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("Is LinkedIn training AI on my posts?", {"train", "ai", "post"}),  # the platform's name left out
        ("linkedin", set()),
        ("zoom calls", set()),
    ],
)
def test_shared_words(index: SearchIndex, question: str, words: set[str]) -> None:
    fact = index.facts(["linkedin-status-global"])["linkedin-status-global"]
    assert shared_words(index, question, fact) == words
