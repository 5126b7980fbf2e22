"""Since when a claim holds: a fact that carries another's claim on unchanged keeps the first one's start;
a change of answer, of data or of region starts anew."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.packs.format import load_pack, parse_yaml
from knowledge.service import Privy
from tests.knowledge.claims_base import MOD, SRC, TODAY

PACK = f"""
pack: continuity
platforms:
  - {{id: velora, name: Velora}}
facts:
  - id: paused-by-undertaking
    platform: velora
    regions: [eea]
    topic: status
    valid_from: 2024-08-08
    valid_until: 2024-09-03
    question: Is Velora training AI on my posts in Europe?
    answer: Velora undertook in court to stop while the case went on.
    sources: {SRC}
    verified: 2026-11-01
    claim: {{kind: training, training: paused, data: [public posts]}}
  - id: paused-for-good
    platform: velora
    regions: [eea]
    topic: status
    valid_from: 2024-09-04
    valid_until: 2025-05-31
    question: Is Velora training AI on my posts in Europe?
    answer: The case ended with Velora keeping to its undertaking.
    sources: {SRC}
    verified: 2026-11-01
    claim: {{kind: training, training: paused, data: [public posts]}}
  - id: paused-more-data
    platform: velora
    regions: [eea]
    topic: status
    valid_from: 2025-06-01
    question: Is Velora training AI on my posts in Europe?
    answer: Velora now leaves out private messages too.
    sources: {SRC}
    verified: 2026-11-01
    claim: {{kind: training, training: paused, data: [public posts, private messages]}}
  - id: trains-in-the-us
    platform: velora
    regions: [us]
    topic: status
    valid_from: 2024-09-04
    question: Is Velora training AI on my posts?
    answer: Velora stopped using public posts in the US as well.
    sources: {SRC}
    verified: 2026-11-01
    claim: {{kind: training, training: paused, data: [public posts]}}
"""


@pytest.fixture(scope="module")
def privy() -> Privy:
    base = Privy(":memory:", seed=False, today=lambda: TODAY)
    base.store.import_pack(load_pack(parse_yaml(PACK), today=TODAY), MOD)
    return base


@pytest.mark.parametrize(
    ("day", "where", "since"),
    [
        (date(2024, 8, 20), "Dublin", "paused since 8 Aug 2024"),  # the undertaking itself
        (date(2024, 10, 1), "Dublin", "paused since 8 Aug 2024"),  # carried on by the case's end
        (date(2025, 7, 1), "Dublin", "paused since 1 Jun 2025"),  # more data: a claim of its own
        (date(2024, 10, 1), "Texas", "paused since 4 Sep 2024"),  # the same claim, but not in the US
    ],
)
def test_the_lead_names_the_day_the_claim_began_where_it_is_asked(
    privy: Privy, day: date, where: str, since: str
) -> None:
    answer = privy.ask(f"Is Velora training AI on my posts? I'm in {where}", as_of=day)
    assert answer.lead.startswith(f"No — {since}: Velora is not training AI"), answer.lead
