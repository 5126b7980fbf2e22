"""What the Discord commands need from the core: region suggestions, and a user's data shown and deleted."""

from __future__ import annotations

import pytest

from knowledge.regions import COMMON_CHOICES, known_codes, suggest
from knowledge.service import Privy
from knowledge.store.facts import Author
from tests.knowledge.personal_keys import NO_PERSONAL_DELETED, NOTHING_PERSONAL


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("uk", "uk"),
        ("GB", "uk"),
        ("united kingdom", "uk"),
        ("germ", "de"),
        ("swi", "ch"),
        ("eu", "eea"),
        ("elsewhere", "global"),
        ("  Fr ", "fr"),
    ],
)
def test_suggest_puts_the_obvious_region_first(typed: str, first: str) -> None:
    assert suggest(typed)[0] == first


def test_suggest_opens_with_the_common_choices_and_stays_within_discord() -> None:
    assert suggest("") == list(COMMON_CHOICES)
    assert len(suggest("a")) == 25 and len(suggest("a", limit=5)) == 5
    assert suggest("zzzz") == []
    assert set(suggest("an", limit=300)) <= known_codes()


def test_about_and_forget_cover_region_and_votes(fresh_privy: Privy) -> None:
    fact_id = fresh_privy.store.facts()[0].id
    assert fresh_privy.about_user("42") == {
        "region": None,
        "votes": 0,
        "questions": 0,
        "edits": 0,
        **NOTHING_PERSONAL,
    }
    fresh_privy.community.set_region("42", "uk")
    assert fresh_privy.community.vote(fact_id, "helpful", "42")
    fresh_privy.community.vote(fact_id, "helpful", "7")
    assert fresh_privy.about_user("42") == {
        "region": "uk",
        "votes": 1,
        "questions": 0,
        "edits": 0,
        **NOTHING_PERSONAL,
    }
    assert fresh_privy.forget_user("42") == {"region": 1, "votes": 1, "questions": 0, **NO_PERSONAL_DELETED}
    assert fresh_privy.about_user("42") == {
        "region": None,
        "votes": 0,
        "questions": 0,
        "edits": 0,
        **NOTHING_PERSONAL,
    }
    assert fresh_privy.about_user("7") == {
        "region": None,
        "votes": 1,
        "questions": 0,
        "edits": 0,
        **NOTHING_PERSONAL,
    }
    assert fresh_privy.community.feedback()[fact_id] == {"helpful": 2}  # counts stay, anonymous


def test_forget_finds_votes_on_retired_facts(fresh_privy: Privy) -> None:

    fact_id = fresh_privy.store.facts()[0].id
    fresh_privy.community.vote(fact_id, "outdated", "42")
    fresh_privy.store.retire(fact_id, "superseded", Author("mod"))
    assert fresh_privy.forget_user("42")["votes"] == 1
