"""knowledge/matching/index.py as tables: which facts are worth scoring, and keeping up with the base."""

from __future__ import annotations

import pytest

from knowledge.matching import index as index_module
from knowledge.matching.index import Indexed, SearchIndex
from knowledge.packs.format import load_pack, parse_yaml
from knowledge.service import Privy
from knowledge.store.db import open_db
from tests.knowledge.small_base import MOD, PACK, TODAY, small_privy


@pytest.fixture(scope="module")
def privy() -> Privy:
    return small_privy(fillers=30)


@pytest.fixture(scope="module")
def index(privy: Privy) -> SearchIndex:
    privy.index.refresh()  # as Privy.ask does before every question
    return privy.index


def _ids(rows: list[Indexed]) -> set[str]:
    return {r.id for r in rows}


@pytest.mark.parametrize(
    ("platform", "topic", "ids"),
    [
        ("linkedin", None, {"linkedin-status-global", "linkedin-status-uk", "linkedin-status-uk-paused",
                            "linkedin-opt-out-eea"}),
        ("linkedin", "opt-out", {"linkedin-opt-out-eea"}),
        ("linkedin", "status", {"linkedin-status-global", "linkedin-status-uk", "linkedin-status-uk-paused"}),
        ("zoom", "status", {"zoom-calls"}),  # a topic's rows, made when the base was opened: no retired one
        ("zoom", None, {"zoom-calls"}),  # not the retired zoom-old
        (None, None, {"ico-guidance"}),  # facts about no platform
        ("nobody", None, set()),
    ],
)  # fmt: skip
def test_rows(index: SearchIndex, platform: str | None, topic: str | None, ids: set[str]) -> None:
    assert _ids(index.rows(platform, topic)) == ids


@pytest.mark.parametrize(
    ("platform", "words", "ids"),
    [
        # a named platform: all its facts (it has few), and the unnamed facts sharing words
        ("zoom", {"call"}, {"zoom-calls"}),
        ("zoom", {"call", "ico", "guidance"}, {"zoom-calls", "ico-guidance"}),
        # no platform named: unnamed facts sharing words, and any platform's sharing the rarest words
        (None, {"voice", "note"}, {"velora-voice"}),
        (None, {"ico"}, {"ico-guidance"}),
        (None, {"xyzzy"}, set()),
    ],
)
def test_candidates(index: SearchIndex, platform: str | None, words: set[str], ids: set[str]) -> None:
    assert _ids(index.candidates(platform, words)) == ids


@pytest.mark.parametrize("few", [0, 10_000])  # every sum made by numpy, then every sum in a dict
def test_facts_about_no_platform_by_word_weight_then_id(monkeypatch: pytest.MonkeyPatch, few: int) -> None:
    """The facts about no platform a question shares most word weight with, ties by id, whichever way the
    sums are made: the rarest words pick, a word in over half of them does not."""
    monkeypatch.setattr(index_module, "FEW_ENTRIES", few)
    weights = {"rare": 3.0, "mid": 2.0, "common": 0.5}

    def texts(n: int) -> str:
        return " ".join(w for w, every in (("rare", 50), ("mid", 3), ("common", 1)) if n % every == 0)

    rows = [
        Indexed(n, f"fact-{n:03}", None, "regulator", 0, ("global",), None, None, texts(n))
        for n in range(300)
    ]
    lookup = index_module._WordLookup(rows[::-1], weights.__getitem__)
    found = [r.id for r in lookup.sharing({"rare", "mid", "common"}, 10)]
    both = ["fact-000", "fact-150"]  # 5.0
    rare_only = ["fact-050", "fact-100", "fact-200", "fact-250"]  # 3.0
    assert found == [*both, *rare_only, "fact-003", "fact-006", "fact-009", "fact-012"]  # then 2.0, by id


@pytest.mark.parametrize(
    ("row_from", "row_until", "day", "valid"),
    [
        (None, None, "2020-01-01", True),
        ("2025-11-03", None, "2025-11-03", True),
        ("2025-11-03", None, "2025-11-02", False),
        (None, "2025-11-02", "2025-11-02", True),
        (None, "2025-11-02", "2025-11-03", False),
    ],
)
def test_valid_on(row_from: str | None, row_until: str | None, day: str, valid: bool) -> None:
    row = Indexed(1, "f", None, "status", 0, (), row_from, row_until, "")
    assert row.valid_on(day) is valid


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("Is LinkedIn training AI on my posts?", ["linkedin", "train", "ai", "post"]),
        ("velora voicce notes", ["velora", "voice", "note"]),  # a typo of a word the base uses
        ("my vioce", ["vioce"]),  # a typo keeps its first letter, or is kept as typed
        ("Zoom in Leeds", ["zoom", "leed"]),  # a word no fact uses is kept (stemmed)
    ],
)
def test_question_words(index: SearchIndex, question: str, words: list[str]) -> None:
    assert index.question_words(question) == words


@pytest.mark.parametrize(("word", "distinctive"), [("ai", False), ("velora", False), ("voice", True)])
def test_distinctive_words_are_in_at_most_a_tenth_of_the_facts(
    index: SearchIndex, word: str, distinctive: bool
) -> None:
    assert index.is_distinctive(word) is distinctive


def test_weights_are_higher_for_rarer_words(index: SearchIndex) -> None:
    assert index.weight("ai") < index.weight("velora") < index.weight("linkedin") < index.weight("voice")
    assert index.weight("never-seen") == 1.0


def test_facts_reads_whole_facts_by_id(index: SearchIndex) -> None:
    found = index.facts(["zoom-calls", "ico-guidance", "missing"])
    assert set(found) == {"zoom-calls", "ico-guidance"}
    assert found["zoom-calls"].platform == "zoom" and found["ico-guidance"].platform is None


def test_a_change_by_another_connection_is_seen_at_the_next_refresh(tmp_path) -> None:
    file = tmp_path / "base.db"
    serving = Privy(file, seed=False, today=lambda: TODAY)
    other = Privy(open_db(file), seed=False, today=lambda: TODAY)
    assert serving.index.refresh() is False  # nothing changed: one pragma
    other.store.import_pack(load_pack(parse_yaml(PACK), today=TODAY), MOD)
    assert serving.index.refresh() is True
    assert _ids(serving.index.rows("zoom")) == {"zoom-calls"}
    assert serving.index.refresh() is False
    other.store.retire("zoom-calls", "gone", MOD)
    assert serving.index.refresh() is True
    assert serving.index.rows("zoom") == []
