"""Issue 11's corrections, asked as a person would: each for today and for a past date.

The embedded pack said things that were wrong or out of date (Brazil's suspension "stands", LinkedIn in
Canada and Hong Kong "unclear", temporary chats "deleted after 30 days" throughout 2025, ...). These ask the
whole pipeline (Privy on an in-memory base seeded with the embedded pack) and check what the person reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from knowledge.answers.text import render_text
from knowledge.service import Privy
from tests.knowledge.dated_answers import check_dated, host_of

TODAY = date(2026, 12, 7)


@dataclass(frozen=True)
class Case:
    """A question on a day, the fact that must answer it, and words the reply must (not) contain."""

    question: str
    as_of: date | None
    fact: str | None  # the best fact; None: `absent` must not be among the facts shown
    words: tuple[str, ...] = ()
    never: tuple[str, ...] = ()
    region: str | None = None
    absent: str | None = None

    def __str__(self) -> str:
        return f"{self.question} @ {self.as_of or 'today'}"


HK = "Is LinkedIn training AI on my data? I'm in Hong Kong"
TORONTO = "Is LinkedIn training AI on my data? I'm in Toronto"
BRAZIL = "Can Meta train AI on my Facebook posts in Brazil?"
X_API = "Can developers train AI models on X posts through the API?"
X_CANADA = "Is Canada investigating X for training AI on Canadians' data?"
LI_GROUPS = "Does LinkedIn train its AI on my group messages? I'm in Germany"
TEMP_CHATS = "Are ChatGPT temporary chats deleted after 30 days?"
GARANTE = "What did Italy's Garante say about LinkedIn AI training?"
META_COURT = "Did anyone try to stop Meta's EU AI training in court?"

CASES = [
    # Brazil / Meta: the ANPD lifted its suspension on 30 Aug 2024 (training allowed from 30 days after the
    # notices of 3 Sep 2024, issue 18); before that it stood.
    Case(
        BRAZIL,
        None,
        "meta-genai-br-2024",
        ("lifted", "30 august 2024", "object"),
        ("do not say",),
        "br",
    ),
    Case(
        BRAZIL,
        date(2024, 7, 15),
        "meta-genai-br-suspended-2024",
        ("suspended", "r$50,000", "until 30 august 2024"),
        (),  # the later lifting is told in the story below the answer
        "br",
    ),
    # LinkedIn in Hong Kong and Canada: in the Sept 2024 rollout, then paused, then resumed 3 Nov 2025.
    Case(HK, date(2024, 9, 25), "linkedin-genai-hk-2024", ("on by default",), ("unclear",)),
    Case(
        HK, date(2024, 10, 20), "linkedin-genai-hk-paused-2024", ("paused", "11 october 2024"), ("unclear",)
    ),
    Case(HK, None, "linkedin-genai-ca-hk-2025", ("3 november 2025",), ("unclear",)),
    Case(
        TORONTO,
        date(2025, 1, 15),
        "linkedin-genai-ca-paused-2024",
        ("pause", "10 december 2024"),
        ("unclear",),
    ),
    Case(TORONTO, None, "linkedin-genai-ca-hk-2025", ("3 november 2025",), ("unclear",)),
    # X: the business-partners box is not the opt-out for other AI companies; the developer terms ban
    # training foundation models from June 2025; the Grok box's label has changed since 2024.
    Case(
        "How do I stop X sharing my posts with other companies to train their AI?",
        None,
        "x-third-party-training-global-2024",
        ("grok", "renamed"),
        ("allow additional information sharing with business partners",),
        "us",
    ),
    Case(X_API, None, "x-developer-terms-ai-global-2025", ("foundation or frontier model", "4 june 2025")),
    Case(X_API, date(2025, 1, 1), None, absent="x-developer-terms-ai-global-2025"),
    Case(
        "How do I stop Grok training on my tweets?",
        None,
        "x-grok-optout-global-2024",
        ("reworded",),
        (),
        "us",
    ),
    # X in Canada: the commissioner's investigation (27 Feb 2025) was widely reported.
    Case(
        X_CANADA,
        None,
        "x-privacy-commissioner-ca-2025",
        ("27 february 2025", "widely reported"),
        ("single report",),
    ),
    Case(X_CANADA, date(2025, 1, 15), None, absent="x-privacy-commissioner-ca-2025"),
    # LinkedIn's data categories include group activity and group messages (from 3 Nov 2025 in Europe).
    Case(LI_GROUPS, None, "linkedin-data-categories-2025", ("group messages",)),
    Case(LI_GROUPS, date(2025, 10, 1), None, absent="linkedin-data-categories-2025"),
    # OpenAI temporary chats: a court order kept them from 13 May to 25 Sep 2025.
    Case(TEMP_CHATS, date(2025, 1, 10), "openai-temporary-chats-global-2024", ("30 days",)),
    Case(TEMP_CHATS, date(2025, 6, 1), "openai-chat-preservation-order-2025", ("preserve", "13 may 2025")),
    Case(TEMP_CHATS, None, "openai-temporary-chats-global-2025", ("30 days", "26 september 2025")),
    # Italy's Garante on LinkedIn (late Oct 2025): an objection before 3 Nov covered existing data too.
    Case(GARANTE, None, "linkedin-garante-eea-2025", ("october 2025", "before 3 november")),
    Case(GARANTE, date(2025, 10, 1), None, absent="linkedin-garante-eea-2025"),
    # Meta in the EU: Cologne refused the injunction on 23 May 2025; Hamburg dropped its procedure on 27 May.
    Case(META_COURT, None, "meta-legal-challenges-eea-2025", ("23 may 2025", "hamburg", "27 may 2025")),
    Case(META_COURT, date(2025, 5, 1), None, absent="meta-legal-challenges-eea-2025"),
    # Dates that are the day a thing became true, not the day it was reported.
    Case(
        "Is LinkedIn using my data to train AI? I'm in the US",
        date(2024, 9, 1),
        "linkedin-genai-default-global-2024",
        ("on by default", "august 2024"),
    ),
    Case(
        "Can I opt out of Meta AI training in Australia?", date(2024, 7, 1), "meta-no-optout-au-2024", ("no",)
    ),
    # A no about narrower data than was asked ("incognito chats") neither leads nor explains "my chats":
    # before 28 Aug 2025 Anthropic kept consumer chats out of training.
    Case(
        "is claude training on my chats?",
        date(2025, 6, 1),
        "anthropic-claude-no-training-until-2025",
        ("no — anthropic does not train ai on chats",),
        ("incognito", "claude for enterprise"),  # nor another group's way out beside their "no"
        region="uk",
    ),
    # A person asking how to stop it gets the claim for people like them, not one for organisations (Copilot
    # Business customers, Claude for Enterprise owners)...
    Case(
        "how do i stop GitHub Copilot training ai on my data?",
        date(2025, 6, 1),
        "github-copilot-training-individual-until-2026",
        ("not by default",),
        ("copilot business",),
        region="uk",
    ),
    Case(
        "how do i stop Anthropic training ai on my data?",
        date(2025, 6, 1),
        "anthropic-claude-no-training-until-2025",
        ("28 august 2025",),
        ("claude for enterprise", "you can opt out"),
        region="uk",
    ),
    # The asker's region's own claim answers, even a claim on some data only, before a claim for everywhere:
    # in Brazil Meta was not yet training in late August 2024
    Case(
        "was meta training ai in brazil in august 2024?",
        None,
        "meta-anpd-br-lifted-2024",
        ("not yet — meta does not train ai",),
        ("yes — meta trains ai on public posts and photos and captions in brazil",),
    ),
    # ...unless they are trained on and the only way out is their admin's
    Case(
        "how do i stop Slack training ai on my messages?",
        None,
        "slack-global-models-optout-global-2024",
        ("customer experience",),
        region="uk",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_corrected_fact_answers_for_its_day(shared_privy: Privy, case: Case) -> None:
    check_dated(
        shared_privy,
        case.question,
        case.as_of,
        case.fact,
        words=case.words,
        never=case.never,
        region=case.region,
        absent=case.absent,
    )


# Weak sources replaced by the platform's own pages or the press.
OWN_PAGES = [
    (
        "Does Discord train AI on my messages?",
        "discord-current-policy-global-2025",
        "discord.com",
        "data privacy controls",
    ),
    (
        "Does Zoom use my meetings to train AI?",
        "zoom-ai-training-global-2023",
        "zoom.com",
        "communications-like",
    ),
    (
        "How do I block AI training on my Substack?",
        "substack-block-ai-optout-global-2023",
        "substack.com",
        "renamed",
    ),
    (
        "Which AI crawlers does Squarespace block?",
        "squarespace-block-ai-crawlers-global-2024",
        "squarespace.com",
        "gptbot",
    ),
    (
        "How do I stop Copilot training on my chats? I'm in the US",
        "microsoft-copilot-optout-global-2024",
        "the-decoder.com",
        "could not confirm",
    ),
]
# Hosts the issue found under an outlet's name they are not (copies presented as originals).
FAKES = (
    "cloudcopilot.in",
    "news.co.technology",
    "dailytelegraphnewstoday.com",
    "newsbite.mooo.com",
    "news.zppa.cn",
)


@pytest.mark.parametrize("as_of", [None, date(2025, 6, 1)], ids=["today", "2025-06-01"])
@pytest.mark.parametrize(
    ("question", "fact_id", "host", "word"), OWN_PAGES, ids=[row[1] for row in OWN_PAGES]
)
def test_a_weakly_sourced_fact_now_cites_an_original(
    shared_privy: Privy, question: str, fact_id: str, host: str, word: str, as_of: date | None
) -> None:
    answer = shared_privy.ask(question, as_of=as_of)
    reply = render_text(answer).lower()
    assert answer.status == "answered" and answer.facts[0].id == fact_id, [f.id for f in answer.facts]
    hosts = [host_of(s.url) for s in answer.facts[0].sources]
    assert any(h == host or h.endswith("." + host) for h in hosts), hosts
    assert not any(h.endswith(fake) for h in hosts for fake in FAKES), hosts
    assert word in reply, reply


@pytest.mark.parametrize("as_of", [None, date(2025, 6, 1)], ids=["today", "2025-06-01"])
def test_pinterest_is_answered_from_its_own_privacy_policy(shared_privy: Privy, as_of: date | None) -> None:
    answer = shared_privy.ask("how do i stop pinterest using my pins for ai", as_of=as_of)
    # Where you live decides the route (a form in the EEA, the UK and Switzerland), so it may ask first.
    assert answer.status in ("answered", "clarify") and answer.platform == "pinterest", render_text(answer)
    assert any(host_of(s.url) == "policy.pinterest.com" for s in answer.facts[0].sources)


def test_the_shared_base_runs_on_todays_date(shared_privy: Privy) -> None:
    assert shared_privy.ask("Is LinkedIn training AI on my data? I'm in the UK").as_of == TODAY
