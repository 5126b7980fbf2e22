"""The first sentence of an answer is computed from the claim that answers the question (issue 17, point 1)."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.answers.text import render_text
from knowledge.packs.validate import check_fact
from knowledge.service import Privy
from tests.knowledge.claims_base import claims_privy


@pytest.fixture(scope="module")
def privy() -> Privy:
    return claims_privy()


@pytest.mark.parametrize(
    ("question", "as_of", "fact_id", "lead"),
    [
        (
            "Is Velora training AI on my posts? I'm in Leeds",
            date(2025, 1, 1),
            "velora-paused-europe",
            "No — paused since 18 Sep 2024: Velora is not training AI on your data in the UK.",
        ),
        (
            "is velora using my posts for ai, im in munich",
            date(2026, 11, 30),
            "velora-trains-europe",
            "Yes — since 3 Nov 2025 Velora trains AI on public posts and profile in Germany.",
        ),
        (
            "does velora train on my posts? texas",
            date(2026, 11, 30),
            "velora-trains-global",
            "Yes — since 18 Sep 2024 Velora trains AI on public posts in the US.",
        ),
        (
            "how do i stop velora using my posts, im in texas",
            date(2026, 11, 30),
            "velora-optout-global",
            "You can opt out in the US with a setting.",
        ),
        (
            "how do I stop norra using my photos? I'm in Munich",
            date(2025, 5, 1),
            "norra-objection-eea",
            "You can object in Germany with Norra's form; object by 27 May 2025 to cover what you already shared.",
        ),
        (
            "how do I stop norra using my photos? I'm in Munich",
            date(2026, 11, 30),
            "norra-objection-eea",
            "You can object in Germany with Norra's form; the deadline to cover what you had already shared "
            "was 27 May 2025.",
        ),
    ],
)
def test_the_lead_comes_from_the_claim_that_answers(
    privy: Privy, question: str, as_of: date, fact_id: str, lead: str
) -> None:
    answer = privy.ask(question, as_of=as_of)
    assert answer.facts[0].id == fact_id
    body = render_text(answer).split("\n")[3]
    assert body == f"{lead} {answer.facts[0].answer}"


def test_a_how_to_where_nothing_is_trained_says_so_and_shows_no_steps(privy: Privy) -> None:
    answer = privy.ask("how do i stop velora using my posts? I'm in Paris", as_of=date(2025, 1, 1))
    assert answer.facts[0].id == "velora-paused-europe"
    assert answer.lead.startswith("No — paused since 18 Sep 2024")
    assert answer.steps == []


def test_a_regulator_fact_never_answers_is_it_training(privy: Privy) -> None:
    """The ICO fact is closest in wording, but "is it training?" is answered by the training claim: its
    lead comes first, and the fact behind it is shown (and cited) with the explanation."""
    answer = privy.ask("is velora training ai on my posts like the ico said? im in leeds")
    assert answer.lead == "Yes — since 3 Nov 2025 Velora trains AI on public posts and profile in the UK."
    assert "velora-trains-europe" in [f.id for f in answer.facts]


def test_a_question_about_the_regulator_gets_the_regulator(privy: Privy) -> None:
    answer = privy.ask("is the ICO looking at velora? im in leeds")
    assert answer.facts[0].id == "velora-regulator-uk"
    assert answer.lead == ""
    assert not render_text(answer).split("\n")[3].startswith(("Yes", "No"))


def test_which_countries_lists_each_regions_claim(privy: Privy) -> None:
    answer = privy.ask("which countries is velora training ai in", as_of=date(2025, 1, 1))
    assert answer.summary == [
        (
            "UK, EEA / EU, Switzerland",
            "No — paused since 18 Sep 2024: Velora is not training AI on your data.",
        ),
        ("US, Elsewhere", "Yes — since 18 Sep 2024 Velora trains AI on public posts."),
    ]


def _fact(answer: str, claim: dict) -> dict:
    return {
        "id": "velora-x",
        "platform": "velora",
        "regions": ["uk"],
        "topic": "status",
        "question": "Is Velora training AI?",
        "answer": answer,
        "sources": [{"url": "https://velora.example.com/help"}],
        "verified": date(2026, 11, 1),
        "claim": claim,
    }


@pytest.mark.parametrize(
    ("answer", "claim", "problem"),
    [
        ("Yes. Velora trains on posts.", {"kind": "training", "training": "yes"}, "starts with Yes or No"),
        ("No, not in the UK.", {"kind": "training", "training": "no"}, "starts with Yes or No"),
        ("Velora trains AI on UK posts.", {"kind": "training", "training": "no"}, "says it trains"),
        (
            "Velora is training its models on posts.",
            {"kind": "training", "training": "paused"},
            "says it trains",
        ),
        ("Velora does not train on UK posts.", {"kind": "training", "training": "yes"}, "does not train"),
    ],
)
def test_facts_check_refuses_prose_that_says_yes_or_no_or_contradicts_its_claim(
    answer: str, claim: dict, problem: str
) -> None:
    problems = check_fact(_fact(answer, claim), {"velora"})
    assert [p for p in problems if p.field == "answer" and problem in p.message], problems


@pytest.mark.parametrize(
    ("answer", "claim"),
    [
        ("Velora paused its plan to train on UK posts.", {"kind": "training", "training": "paused"}),
        ("Velora trains AI on public posts by default.", {"kind": "training", "training": "yes"}),
        ("Velora's objection form is open until May.", {"kind": "opt_out", "opt_out": "form"}),
    ],
)
def test_prose_that_agrees_with_its_claim_passes(answer: str, claim: dict) -> None:
    assert check_fact(_fact(answer, claim), {"velora"}) == []


def test_a_fact_without_a_claim_may_still_start_with_yes() -> None:
    """Old packs have no claims: their prose is not held to the claim rules."""
    fact = _fact("Yes, by default.", {"kind": "training", "training": "yes"})
    del fact["claim"]
    assert check_fact(fact, {"velora"}) == []
