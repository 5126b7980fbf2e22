"""Upkeep of the embedded pack as of 7 Dec 2026: changes dated after the pack's newest fact on a platform, each
asked through the whole pipeline (Privy on an in-memory base seeded with the embedded pack) on the day it began and
the day before, checking what the person reads and which first-party page the answer rests on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from knowledge.service import Privy
from tests.knowledge.dated_answers import check_dated, check_first_party_watched, embedded_fact

# The facts this file adds or re-sources; each must rest on a watched page of the platform or a regulator.
CHANGED_FACTS = (
    "tiktok-uk-new-policy-2026",
    "snapchat-my-ai-data-global-2024",  # re-read against Snap's policy in force from 21 Sep 2026
    "microsoft-copilot-training-global-2024",  # re-read against Microsoft's statement of September 2026
    "tiktok-ml-training-us-2026",
    "mistral-le-chat-training-global",  # re-read against Mistral AI's policy in force from 1 Jan 2026
    "mistral-le-chat-optout-global",
    "deepseek-training-global",  # re-read against DeepSeek's policy of 10 Feb 2026
    "deepseek-optout-global",
)


@dataclass(frozen=True)
class Case:
    """A question on a day, the fact that must answer it first, how its prose starts, words the reply must say and
    must not say, and the first-party site it cites."""

    question: str
    as_of: date | None
    fact: str
    lead: str = ""
    words: tuple[str, ...] = ()
    never: tuple[str, ...] = ()
    host: str = ""

    def __str__(self) -> str:
        return f"{self.fact} @ {self.as_of or 'today'}: {self.question}"


TIKTOK_LONDON = "Does TikTok use my data to train AI? I'm in London"
TIKTOK_TEXAS = "Does TikTok use my data to train AI? I'm in Texas"

CASES = [
    # TikTok's EEA/UK/Switzerland policy announced a new policy for UK users from 11 Nov 2026, about ads; we have
    # not read it, so from that day a UK asker is told it is unclear (the old policy's yes is only its story), never
    # "no".
    Case(
        TIKTOK_LONDON,
        date(2026, 11, 11),
        "tiktok-uk-new-policy-2026",
        "unclear since 11 november 2026",
        (
            "new privacy policy for uk users",
            "how it shows ads",
            "we have not been able to read the new policy",
        ),
        ("no — tiktok",),
        "tiktok.com",
    ),
    Case(
        "is tiktok training ai on my videos? I live in Manchester",
        None,
        "tiktok-uk-new-policy-2026",
        "unclear since 11 november 2026",
        ("legitimate interests", "until 10 nov 2026: yes"),
        (),
        "tiktok.com",
    ),
    # Snap's privacy policy in force from 21 Sep 2026 still says its models take My AI conversations into account;
    # the answer cites that version, dated, not the one it replaced.
    Case(
        "does snap's my ai learn from what i say to it",
        None,
        "snapchat-my-ai-data-global-2024",
        "yes — snapchat trains ai on my ai conversations",
        ("take into account the conversations snapchatters are having with my ai", "21 sep 2026"),
        (),
        "values.snap.com",
    ),
    # A new consumer Copilot app said to stop training from 18 Aug 2026 has no Microsoft page in our sources, and
    # Microsoft's own statement of September 2026 still says it may train on your data: the answer stays yes and says
    # which statement it read.
    Case(
        "Does the Copilot app train on my chats?",
        None,
        "microsoft-copilot-training-global-2024",
        "yes — microsoft trains ai on copilot conversations",
        ("last updated september 2026", "to develop and train our ai models"),
        (),
        "privacy.microsoft.com",
    ),
    # TikTok's US policy is now issued by TikTok USDS Joint Venture LLC; its version of 5 Feb 2026 trains on user
    # content, messages and AI interactions. The lead's start day is that policy's; the prose says training went on.
    Case(
        TIKTOK_TEXAS,
        date(2026, 2, 5),
        "tiktok-ml-training-us-2026",
        "yes — since 5 feb 2026 tiktok trains ai on videos and other content, messages, ai interactions",
        (
            "tiktok usds joint venture llc",
            "this continues what tiktok's earlier us policy said",
            "until 4 feb 2026: yes",
        ),
        ("no — tiktok",),
        "tiktok.com",
    ),
    # Mistral AI's and DeepSeek's newer policies keep the training and opt-out sentences: the answers say which
    # version they read.
    Case(
        "Does Le Chat train on my chats?",
        None,
        "mistral-le-chat-training-global",
        "yes — mistral ai trains ai on prompts and outputs",
        (
            "effective 1 january 2026",
            "subject to your opt-out",
            "object to the use of your input and output data",
        ),
        (),
        "mistral.ai",
    ),
    Case(
        "Does DeepSeek use my chats to train its AI?",
        None,
        "deepseek-training-global",
        "yes — deepseek trains ai",
        ("last updated 10 february 2026", "machine-learning models"),
        (),
        "deepseek.com",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_change_answers_from_its_own_page(shared_privy: Privy, case: Case) -> None:
    check_dated(
        shared_privy,
        case.question,
        case.as_of,
        case.fact,
        words=case.words,
        never=case.never,
        lead=case.lead,
        host=case.host,
    )


@pytest.mark.parametrize(
    ("question", "day_before", "fact_id", "earlier"),
    [
        (TIKTOK_LONDON, date(2026, 11, 10), "tiktok-uk-new-policy-2026", "tiktok-ml-training-uk-2025"),
        (TIKTOK_TEXAS, date(2026, 2, 4), "tiktok-ml-training-us-2026", "tiktok-ml-training-us-2024"),
    ],
)
def test_the_day_before_a_change_the_earlier_fact_answers(
    shared_privy: Privy, question: str, day_before: date, fact_id: str, earlier: str
) -> None:
    answer = check_dated(shared_privy, question, day_before, earlier)
    assert fact_id not in [f.id for f in answer.facts]


@pytest.mark.parametrize(
    ("question", "region", "fact_id"),
    [
        # TikTok's new policy is the UK's alone: the EEA keeps the policy that lists machine learning training.
        ("Does TikTok use my data to train AI? I'm in Dublin", "ie", "tiktok-uk-new-policy-2026"),
    ],
)
def test_a_regional_change_stays_in_its_region(
    shared_privy: Privy, question: str, region: str, fact_id: str
) -> None:
    answer = shared_privy.ask(question)
    assert answer.region == region
    assert fact_id not in [f.id for f in answer.facts]


@pytest.mark.parametrize("fact_id", CHANGED_FACTS)
def test_a_new_fact_rests_on_a_watched_first_party_page(fact_id: str) -> None:
    check_first_party_watched(fact_id)
    assert embedded_fact(fact_id).claim is not None, fact_id
