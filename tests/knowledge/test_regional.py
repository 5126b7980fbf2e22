"""Per-region views computed from claims, and asking where the asker is only when claims differ
(issue 17, points 3 and 5), on the made-up claims base."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.answers.status_view import status_text
from knowledge.service import Privy
from tests.knowledge.claims_base import claims_privy


@pytest.fixture(scope="module")
def privy() -> Privy:
    return claims_privy()


@pytest.mark.parametrize(
    ("day", "rows"),
    [
        (date(2024, 6, 1), []),
        (
            date(2025, 1, 1),
            [
                (["uk", "eea", "ch"], "paused", "2024-09-18", "setting"),
                (["us", "global"], "yes", "2024-09-18", "setting"),
            ],
        ),
        (
            date(2026, 1, 1),
            [
                (["uk", "eea", "ch"], "yes", "2025-11-03", "setting"),
                (["us", "global"], "yes", "2024-09-18", "setting"),
            ],
        ),
    ],
)
def test_status_has_one_row_a_group_of_regions(privy: Privy, day: date, rows: list) -> None:
    view = privy.status("velora", as_of=day)
    assert view is not None
    got = [(r["regions"], r["training"], r["since"], r["opt_out"]) for r in view.to_dict()["rows"]]
    assert got == rows


def test_status_names_the_deadline_and_the_source(privy: Privy) -> None:
    view = privy.status("Norra", as_of=date(2025, 6, 1))
    assert view is not None
    assert view.to_dict()["rows"] == [
        {
            "regions": ["eea"],
            "training": "yes",
            "data": ["public photos"],
            "since": "2025-05-27",
            "opt_out": "form",
            "deadline": "2025-05-27",
            "facts": ["norra-trains-eea", "norra-objection-eea"],
            "source": "https://norra.example.com/help",
        }
    ]
    assert status_text(view).splitlines()[1] == (
        "- EEA / EU: AI training: trains (public photos; adults) since 27 May 2025; way out: a form (by 27 May 2025 to"
        " cover past data); source https://norra.example.com/help"
    )


def test_an_unknown_platform_has_no_status(privy: Privy) -> None:
    assert privy.status("nosuchthing") is None


def test_where_can_i_opt_out_lists_each_regions_way_out(privy: Privy) -> None:
    answer = privy.ask("where can i opt out of velora ai training?", as_of=date(2026, 1, 1))
    assert answer.topic == "regions"
    assert answer.summary == [
        ("UK, EEA / EU, Switzerland", "You can opt out with a setting."),
        ("US, Elsewhere", "You can opt out with a setting."),
    ]


def test_where_the_claims_differ_it_asks_where_you_are(privy: Privy) -> None:
    answer = privy.ask("Is Velora training AI on my posts?", as_of=date(2025, 1, 1))
    assert answer.status == "clarify"


def test_where_the_claims_are_the_same_everywhere_it_answers(privy: Privy) -> None:
    """Norra's objection form is the only way out it has anywhere: no need to ask where you are."""
    answer = privy.ask("how do I stop norra using my photos?", as_of=date(2026, 1, 1))
    assert answer.status == "answered"
    assert answer.facts[0].id == "norra-objection-eea"
