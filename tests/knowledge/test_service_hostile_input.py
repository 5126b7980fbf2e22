"""Whatever people type, the answer is a clean no_match or a real answer: never a crash, never a ping."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from knowledge.answers.text import render_text
from knowledge.service import Privy

HOSTILE = [
    "",
    "   ",
    "x" * 20_000,
    "linkedin " * 3_000,
    "is linkedin\x00 training\x00 AI?",
    "🙂🔥💀🙂",
    "@everyone is LinkedIn training AI on my data?",
    "<@123456789012345678> @here opt out of meta ai",
    "'; DROP TABLE facts; --",
    "linkedin' OR 1=1 --",
    "\u202e\u200b\ufeff",
]


@pytest.mark.parametrize("question", HOSTILE)
def test_hostile_questions_get_an_answer_object(shared_privy: Privy, question: str) -> None:
    answer = shared_privy.ask(question)
    reply = render_text(answer)
    assert answer.status in ("answered", "clarify", "no_match")
    assert "@everyone" not in reply and "@here" not in reply
    assert "\x00" not in answer.question
    assert len(answer.question) <= 2000


def test_sql_looking_text_changes_nothing(fresh_privy: Privy) -> None:
    before = fresh_privy.store.count()
    fresh_privy.ask("'; DROP TABLE facts; --")
    assert fresh_privy.store.count() == before


def test_only_emoji_is_no_match(shared_privy: Privy) -> None:
    assert shared_privy.ask("🙂🔥💀🙂").status == "no_match"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=400))
@example("0 W¨")  # a lone combining mark left an empty word for the Polish stemmer, which raised
def test_any_text_is_answered_or_refused_cleanly(shared_privy: Privy, text: str) -> None:
    answer = shared_privy.ask(text)
    assert answer.status in ("answered", "clarify", "no_match")
    if answer.status == "answered":
        assert answer.facts and answer.facts[0].sources
    render_text(answer)
