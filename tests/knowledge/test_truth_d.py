"""Issue 18 point 7, coverage for Canada, Australia, India, Japan, Brazil and South Korea: the answers added for
the group-d platforms (Google, OpenAI, Anthropic, Microsoft and GitHub, TikTok, Pinterest, Spotify, Duolingo,
Snapchat, Reddit), asked as a person in that country would, through the whole pipeline (Privy on an in-memory
base seeded with the embedded pack), on a day inside the fact's validity and on the day before it began.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from knowledge.service import Privy
from tests.knowledge.dated_answers import check_dated, check_first_party_watched

# The facts this file adds; each must rest on the platform's or a regulator's own page.
NEW_FACTS = (
    "anthropic-representative-kr-2026",
    "tiktok-ml-training-jp-2025",
    "google-gmail-smart-features-optout-global",
    "google-gmail-training-global-2025",  # re-sourced: Google's own help page beside the press
)


@dataclass(frozen=True)
class Case:
    """A question on a day, the fact that must answer it first, how the answer starts, words it must say, and the
    first-party site it cites."""

    question: str
    as_of: date | None
    fact: str
    lead: str = ""
    words: tuple[str, ...] = ()
    host: str = ""

    def __str__(self) -> str:
        return f"{self.fact} @ {self.as_of or 'today'}: {self.question}"


CLAUDE_SEOUL = "Is Claude training on my chats? I'm in Seoul"
TIKTOK_TOKYO = "Does TikTok use my videos to train AI? I'm in Tokyo"

CASES = [
    # Anthropic's privacy policy in force from 12 January 2026 names its domestic representative in Korea; the
    # lead still comes from Anthropic's training claim for everywhere (training unless you switch it off).
    Case(
        CLAUDE_SEOUL,
        date(2026, 1, 12),
        "anthropic-representative-kr-2026",
        "yes — since 8 oct 2025 anthropic trains ai",
        ("anthropic korea, limited", "anthropicprivacy@bkl.co.kr", "help improve claude"),
        "anthropic.com",
    ),
    Case(
        "Who do I contact about Anthropic using my Claude data in South Korea?",
        None,
        "anthropic-representative-kr-2026",
        "anthropic's privacy policy (in force from 12 january 2026) has a section for the republic of korea",
        ("domestic representative", "personal information protection act"),
        "anthropic.com",
    ),
    # Asked about "my data", the answer is the consumer training, not the exclusion of business products.
    Case(
        "Is Claude training on my data?",
        None,
        "anthropic-claude-training-global-2025",
        "yes — since 8 oct 2025 anthropic trains ai",
        ("help improve claude",),
        "anthropic.com",
    ),
    # TikTok's policy for "Other regions" applies in Japan with a Japanese-language version and terms of its own.
    Case(
        TIKTOK_TOKYO,
        None,
        "tiktok-ml-training-jp-2025",
        "yes — tiktok trains ai",
        ("japan", "machine learning models and algorithms", "webform"),
        "tiktok.com",
    ),
    # Gmail's smart features may use your data to improve their models (Google's help page); they start off in
    # the EEA, Switzerland, the UK and Japan. Gmail content does not train Gemini (Gmail's statement).
    Case(
        "How do I stop Google using my Gmail to improve its AI models? I'm in Tokyo",
        None,
        "google-gmail-smart-features-optout-global",
        "you can opt out in japan with a setting",
        ("smart features and personalization", "japan they start switched off"),
        "google.com",
    ),
    Case(
        "heard gmail is feeding my inbox to gemini, is that true?",
        None,
        "google-gmail-training-global-2025",
        "no — google does not train ai on gmail content for gemini",
        ("we do not use your gmail content", "improve the models that power those features"),
        "google.com",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_new_regional_fact_answers_from_its_own_page(shared_privy: Privy, case: Case) -> None:
    check_dated(
        shared_privy,
        case.question,
        case.as_of,
        case.fact,
        words=case.words,
        lead=case.lead,
        host=case.host,
    )


@pytest.mark.parametrize(
    ("question", "day_before", "fact_id"),
    [(CLAUDE_SEOUL, date(2026, 1, 11), "anthropic-representative-kr-2026")],
)
def test_no_regional_fact_before_its_source_said_it(
    shared_privy: Privy, question: str, day_before: date, fact_id: str
) -> None:
    check_dated(shared_privy, question, day_before, None, absent=fact_id)


@pytest.mark.parametrize(
    ("question", "other_region", "fact_id"),
    [
        # A fact for one country is not served to someone in another.
        ("Is Claude training on my chats? I'm in Tokyo", "jp", "anthropic-representative-kr-2026"),
        ("Does TikTok use my videos to train AI? I'm in Seoul", "kr", "tiktok-ml-training-jp-2025"),
    ],
)
def test_a_regional_fact_stays_in_its_region(
    shared_privy: Privy, question: str, other_region: str, fact_id: str
) -> None:
    answer = shared_privy.ask(question)
    assert answer.region == other_region
    assert fact_id not in [f.id for f in answer.facts]


@pytest.mark.parametrize("fact_id", NEW_FACTS)
def test_a_new_fact_rests_on_a_watched_first_party_page(fact_id: str) -> None:
    check_first_party_watched(fact_id)
