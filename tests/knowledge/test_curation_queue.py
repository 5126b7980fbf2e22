"""What moved from the Discord handlers into the core: each is one call a handler makes, tested here
without Discord (queue de-duplication and dismissal, counting live facts, recording misses, votes, hints)."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.answers.text import ASK_A_MOD, NO_MATCH, clarify_text, render_text
from knowledge.curation.queue import (
    FlaggedFact,
    ReviewQueue,
    StaleFact,
    dismiss_unanswered,
    draft_for_unanswered,
    unanswered_token,
)
from knowledge.curation.workflow import Curator
from knowledge.service import Privy
from knowledge.store.drafts import ChangeError
from knowledge.store.facts import Author

TODAY = date(2026, 11, 23)
MOD = Author("mod", "1001")
FACT = "linkedin-optout-global-2024"


@pytest.fixture
def privy() -> Privy:
    return Privy(":memory:", today=lambda: TODAY)


def test_to_check_lists_each_fact_once_stale_first(privy: Privy) -> None:
    a, b, c = privy.store.facts()[:3]
    queue = ReviewQueue(
        stale=[StaleFact(a, 120), StaleFact(b, 100)],
        flagged=[FlaggedFact(b, 2, 0), FlaggedFact(c, 0, 1)],
    )
    assert [f.fact.id for f in queue.to_check()] == [a.id, b.id, c.id]
    assert isinstance(queue.to_check()[1], StaleFact)  # b is shown as stale, not twice


def test_dismiss_unanswered_drops_only_the_picked_questions(privy: Privy) -> None:
    for q in ("Does Bluesky train AI?", "Is Mastodon used for AI?", "buy cheap watches"):
        privy.community.record_unanswered(q)
    dropped = dismiss_unanswered(Curator(privy.scoped("")), [unanswered_token("buy cheap watches"), "0" * 16])
    assert dropped == 1
    assert sorted(u.question for u in privy.community.unanswered()) == [
        "Does Bluesky train AI?",
        "Is Mastodon used for AI?",
    ]


def test_draft_for_unanswered_or_a_sentence_when_it_is_gone(privy: Privy) -> None:
    privy.community.record_unanswered("Does Bluesky train AI on my posts?")
    token = unanswered_token("Does Bluesky train AI on my posts?")
    change = draft_for_unanswered(Curator(privy.scoped("")), token, MOD)
    assert change.data["question"] == "Does Bluesky train AI on my posts?"
    assert not privy.store.exists(change.data["id"])  # a draft is not live
    with pytest.raises(ChangeError, match="no longer in the list"):
        draft_for_unanswered(Curator(privy.scoped("")), "0" * 16, MOD)


def test_count_live_counts_in_sql_without_retired(privy: Privy) -> None:
    total = privy.store.count()
    assert privy.store.count_live() == total == len(privy.store.facts())
    Curator(privy.scoped("")).retire(FACT, "superseded", MOD)
    assert (privy.store.count(), privy.store.count_live()) == (total, total - 1)


@pytest.mark.parametrize(
    ("question", "kept"),
    [
        ("Is Telegram training AI on my videos?", ["Is Telegram training AI on my videos?"]),  # on topic
        ("what's the best pizza in Leeds?", []),  # small talk is not kept
        ("Is LinkedIn training AI on my posts? I'm in the UK", []),  # answered
    ],
)
def test_answer_keeps_only_on_topic_misses_and_never_who_asked(
    privy: Privy, question: str, kept: list[str]
) -> None:
    privy.scoped("").answer(question, user_id="4242")
    rows = list(privy.db.query("select * from unanswered"))
    assert [r["question"] for r in rows] == kept
    assert "4242" not in repr(rows)


def test_vote_counts_once_and_not_on_a_fact_that_is_gone(privy: Privy) -> None:
    assert privy.scoped("").vote(FACT, "helpful", "1") is True
    assert privy.scoped("").vote(FACT, "helpful", "1") is False
    assert privy.scoped("").vote("no-such-fact", "helpful", "1") is None
    assert privy.community.feedback()[FACT] == {"helpful": 1}


def test_the_text_names_no_adapter_unless_given_its_hints(privy: Privy) -> None:
    miss = privy.ask("Is Telegram training AI on my videos?")
    assert render_text(miss) == f"{NO_MATCH} {ASK_A_MOD}" and "/fact" not in render_text(miss)
    assert render_text(miss, add_hint="/fact add").endswith("add a sourced fact with /fact add.")
    clarify = privy.ask("Is Instagram training AI on my posts?")
    assert clarify.status == "clarify"
    assert "/region" not in clarify_text(clarify) and clarify_text(clarify).endswith("I'm in the UK\").")
    assert clarify_text(clarify, "set it once with /region set").endswith(
        ", or set it once with /region set."
    )
