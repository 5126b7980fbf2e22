"""Issue 18's corrections for Meta, Microsoft, OpenAI, Anthropic and GitHub, asked as a person would.

Each correction is asked through the whole pipeline (Privy on an in-memory base seeded with the embedded
pack) on the day a thing changed and on the day before, and checked against what the person reads: which
fact answers, what it claims, and the words and sources they see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from knowledge.answers.text import render_text
from knowledge.model import Answer
from knowledge.service import Privy
from tests.knowledge.dated_answers import check_dated, host_of


@dataclass(frozen=True)
class Ask:
    """A question on a day, the fact that must answer it, what it claims, and words the reply shows."""

    question: str
    as_of: date | None
    fact: str
    claim: tuple[str, str]  # (kind, value): ("training", "not_yet"), ("opt_out", "form"), ("regulator", "")
    words: tuple[str, ...] = ()
    never: tuple[str, ...] = ()
    region: str | None = None

    def __str__(self) -> str:
        return f"{self.fact} @ {self.as_of or 'today'}"


BRAZIL = "Is Meta training AI on my Facebook posts? I'm in Brazil"
CLAUDE = "Does Anthropic use my Claude chats to train its AI?"
CLAUDE_DEADLINE = "What was the deadline to choose Anthropic's Claude training setting?"

ASKS = [
    # Brazil: suspended 2 Jul 2024; lifted 30 Aug 2024 but training allowed only 30 days after the notices
    # that began on 3 Sep 2024, so "not yet, and you can object" until 2 Oct 2024.
    Ask(BRAZIL, date(2024, 8, 29), "meta-genai-br-suspended-2024", ("training", "paused"), ("suspended",)),
    Ask(
        BRAZIL,
        date(2024, 8, 30),
        "meta-anpd-br-lifted-2024",
        ("training", "not_yet"),
        ("not yet", "object", "30 days", "3 september 2024"),
    ),
    Ask(
        BRAZIL, date(2024, 10, 2), "meta-anpd-br-lifted-2024", ("training", "not_yet"), ("not yet", "object")
    ),
    Ask(
        BRAZIL, date(2024, 10, 3), "meta-genai-br-2024", ("training", "yes"), ("early october 2024", "object")
    ),
    # Anthropic: the updated Consumer Terms and Privacy Policy say "Effective October 8, 2025".
    Ask(CLAUDE, date(2025, 8, 27), "anthropic-claude-no-training-until-2025", ("training", "no")),
    Ask(
        CLAUDE, date(2025, 10, 7), "anthropic-claude-choice-2025", ("training", "opt_in"), ("8 october 2025",)
    ),
    Ask(
        CLAUDE,
        date(2025, 10, 8),
        "anthropic-claude-training-global-2025",
        ("training", "yes"),
        ("8 october 2025",),
    ),
    Ask(
        CLAUDE_DEADLINE,
        None,
        "anthropic-deadline-global-2025",
        ("timeline", ""),
        ("effective october 8, 2025", "28 september"),
        ("could not confirm",),
    ),
    # Meta in the US ("Texas"): Meta does train on public posts; there is no objection form (opt_out none).
    Ask(
        "Is Meta training AI on my posts? I'm in Texas",
        None,
        "meta-genai-global-2024",
        ("training", "yes"),
        ("public posts",),
        ("no.",),
    ),
    Ask(
        "How do I stop Meta using my Facebook posts for AI? I'm in Texas",
        None,
        "meta-no-optout-us-2024",
        ("opt_out", "none"),
        ("not in the us", "non-public"),
    ),
    # The ICO's own statement of 13 Sep 2024, not a law firm's summary.
    Ask(
        "What did the ICO say about Meta resuming AI training in the UK?",
        date(2024, 9, 13),
        "meta-ico-uk-2024",
        ("regulator", ""),
        ("regulatory approval",),
    ),
    # The EU objection form: no "Facebook Pages cannot object", which no source says.
    Ask(
        "How do I object to Meta using my Facebook or Instagram posts for AI in the EU?",
        date(2025, 5, 26),
        "meta-object-eea-2025",
        ("opt_out", "form"),
        ("27 may 2025",),
        ("pages cannot object",),
        "de",
    ),
    # Microsoft: sourced from Microsoft's privacy statement; the switch names are still not confirmed by it.
    Ask(
        "How do I turn off Copilot model training?",
        None,
        "microsoft-copilot-optout-global-2024",
        ("opt_out", "setting"),
        ("could not confirm",),
        ("model training on text",),
        "us",
    ),
    Ask(
        "Is Microsoft training Copilot on data from users in the EU?",
        None,
        "microsoft-copilot-eea-2024",
        ("background", ""),
        ("unclear", "privacy statement"),
        (),
        "de",
    ),
]


def _claim(answer: Answer) -> tuple[str, str]:
    claim = answer.facts[0].claim
    assert claim is not None, answer.facts[0].id
    return claim.kind, claim.training or claim.opt_out or ""


@pytest.mark.parametrize("ask", ASKS, ids=str)
def test_a_correction_answers_for_its_day(shared_privy: Privy, ask: Ask) -> None:
    answer = check_dated(
        shared_privy, ask.question, ask.as_of, ask.fact, words=ask.words, never=ask.never, region=ask.region
    )
    assert _claim(answer) == ask.claim


def _hosts(answer: Answer) -> list[str]:
    return [host_of(s.url) for s in answer.facts[0].sources]


# Facts the issue found resting on press only, or on a source that contradicts them, now cite the original.
FIRST_PARTY = [
    ("How do I turn off Copilot model training?", "us", "privacy.microsoft.com"),
    ("Is Microsoft training Copilot on data from users in the EU?", "de", "privacy.microsoft.com"),
    ("What did the ICO say about Meta resuming AI training in the UK?", "uk", "ico.org.uk"),
    ("What was the deadline to choose Anthropic's Claude training setting?", None, "anthropic.com"),
    ("How do I stop Meta using my Facebook posts for AI? I'm in Texas", None, "facebook.com"),
    ("Does Microsoft 365 Copilot at work train on my company's data?", None, "learn.microsoft.com"),
]


@pytest.mark.parametrize(("question", "region", "host"), FIRST_PARTY, ids=[row[2] for row in FIRST_PARTY])
def test_a_corrected_fact_cites_the_original_publisher(
    shared_privy: Privy, question: str, region: str | None, host: str
) -> None:
    answer = shared_privy.ask(question, region=region)
    hosts = _hosts(answer)
    assert hosts and hosts[0] == host, hosts
    assert "abc.net.au" not in hosts and "learn.microsoft.com." not in hosts


def test_the_us_opt_out_fact_no_longer_cites_a_story_that_contradicts_it(shared_privy: Privy) -> None:
    answer = shared_privy.ask("Can US users opt out of Meta using their Facebook posts for AI?", region="us")
    assert answer.facts[0].id == "meta-no-optout-us-2024"
    assert "abc.net.au" not in _hosts(answer)


def test_the_eu_deadline_to_object_before_training_began_is_structured(shared_privy: Privy) -> None:
    answer = shared_privy.ask(
        "How do I object to Meta using my Facebook or Instagram posts for AI in the EU?", region="fr"
    )
    claim = answer.facts[0].claim
    assert claim is not None and claim.deadline == date(2025, 5, 26)


# More regions (issue 18 point 7): each answered only where its sources say so, from the day it became true.
REGIONS = [
    ("Can I stop Meta using my Instagram posts for AI? I'm in Mumbai", None, "meta-no-optout-in-2024", ()),
    (
        "What did Canada's privacy commissioners find about OpenAI training ChatGPT?",
        date(2026, 5, 6),
        "openai-opc-ca-2026",
        ("valid consent", "6 may 2026"),
    ),
    (
        "What did Japan's privacy regulator tell OpenAI about ChatGPT and training data?",
        date(2023, 6, 1),
        "openai-ppc-jp-2023",
        ("1 june 2023",),
    ),
    (
        "What did Italy's Garante decide about OpenAI training ChatGPT on users' data?",
        date(2024, 12, 20),
        "openai-garante-it-2024",
        ("15 million", "legal basis"),
    ),
]


@pytest.mark.parametrize(("question", "as_of", "fact", "words"), REGIONS, ids=[row[2] for row in REGIONS])
def test_a_new_region_is_answered_from_the_day_it_became_true(
    shared_privy: Privy, question: str, as_of: date | None, fact: str, words: tuple[str, ...]
) -> None:
    answer = shared_privy.ask(question, as_of=as_of)
    reply = render_text(answer).lower()
    assert answer.status == "answered" and answer.facts[0].id == fact, [f.id for f in answer.facts]
    for word in words:
        assert word in reply, (word, reply)


@pytest.mark.parametrize(
    ("question", "day_before", "fact"),
    [
        (REGIONS[1][0], date(2026, 5, 5), "openai-opc-ca-2026"),
        (REGIONS[2][0], date(2023, 5, 31), "openai-ppc-jp-2023"),
        (REGIONS[3][0], date(2024, 12, 19), "openai-garante-it-2024"),
    ],
    ids=["ca", "jp", "it"],
)
def test_a_new_region_is_not_answered_the_day_before(
    shared_privy: Privy, question: str, day_before: date, fact: str
) -> None:
    answer = shared_privy.ask(question, as_of=day_before)
    assert fact not in [f.id for f in answer.facts]


def test_the_github_opt_out_steps_name_the_setting_as_github_docs_write_it(shared_privy: Privy) -> None:
    answer = shared_privy.ask("How do I stop GitHub Copilot using my data for training?")
    assert answer.facts[0].id == "github-copilot-optout-2026"
    assert 'Select the "Allow GitHub to use my data for AI model training" dropdown menu' in " ".join(
        answer.steps
    )
    assert "docs.github.com" in _hosts(answer)


# New first-party facts (issue 18 point 7): Anthropic's and OpenAI's own policies, for the regions they name,
# each answered from the day the policy version read took effect and not the day before.
NEW_FACTS = [
    (
        "Can I stop Anthropic using public information about me to train Claude?",
        None,
        date(2025, 8, 28),
        "anthropic-nonuser-objection-global-2025",
        ("privacy@anthropic.com", "publicly available information"),
    ),
    (
        "On what legal basis does Anthropic train on Claude chats in Europe, and can I object?",
        "de",
        date(2025, 10, 8),
        "anthropic-objection-eea-uk-ch-2025",
        ("legitimate interests", "anthropic ireland"),
    ),
    (
        "Does Anthropic need my consent to use my Claude data in Canada?",
        None,
        date(2025, 10, 8),
        "anthropic-consent-ca-2025",
        ("withdraw consent", "outside canada"),
    ),
    (
        "What rights do I have over my Claude data in Brazil?",
        None,
        date(2025, 10, 8),
        "anthropic-lgpd-br-2025",
        ("lgpd", "anpd"),
    ),
    (
        "On what legal basis does OpenAI train on my ChatGPT data in Europe, and can I object?",
        "fr",
        date(2024, 11, 4),
        "openai-objection-eea-uk-ch-2024",
        ("legitimate interests", "dsar@openai.com"),
    ),
]


@pytest.mark.parametrize(
    ("question", "region", "as_of", "fact", "words"), NEW_FACTS, ids=[r[3] for r in NEW_FACTS]
)
def test_a_new_first_party_fact_answers_from_its_day_and_not_before(
    shared_privy: Privy, question: str, region: str | None, as_of: date, fact: str, words: tuple[str, ...]
) -> None:
    host = "openai.com" if fact.startswith("openai") else "anthropic.com"
    check_dated(shared_privy, question, as_of, fact, words=words, region=region, host=host)
    check_dated(shared_privy, question, as_of - timedelta(days=1), None, region=region, absent=fact)


def test_a_website_owner_is_told_to_block_claudebot_in_robots_txt(shared_privy: Privy) -> None:
    answer = check_dated(
        shared_privy,
        "How do I stop Anthropic using my website to train Claude?",
        None,
        "anthropic-claudebot-websites-global-2025",
        words=("robots.txt", "password-protected"),
        host="anthropic.com",
    )
    assert answer.steps[0] == "In robots.txt add: User-agent: ClaudeBot"


def test_a_company_is_told_where_to_switch_off_claude_feedback(shared_privy: Privy) -> None:
    answer = check_dated(
        shared_privy,
        "Can my company stop Claude for Work users sending feedback that Anthropic may train on?",
        None,
        "anthropic-work-feedback-global",
        words=("10 years", "thumbs feedback"),
        host="support.anthropic.com",
    )
    assert any("Settings › Data Management" in step for step in answer.steps)


GARANTE = "What did Italy's Garante decide about OpenAI training ChatGPT on users' data?"


@pytest.mark.parametrize(
    ("as_of", "fact", "words", "never"),
    [
        (date(2025, 3, 20), "openai-garante-it-2024", ("15 million", "appeal"), ("suspended",)),
        (
            date(2025, 3, 21),
            "openai-garante-suspended-it-2025",
            ("suspended", "21 march 2025"),
            ("cancelled",),
        ),
        (date(2026, 3, 18), "openai-garante-suspended-it-2025", ("suspended",), ("cancelled",)),
        (date(2026, 3, 19), "openai-garante-annulled-it-2026", ("no longer stands", "19 march 2026"), ()),
        (None, "openai-garante-annulled-it-2026", ("cancelled",), ("would appeal",)),
    ],
    ids=["day-before-suspension", "suspended", "day-before-ruling", "ruling", "today"],
)
def test_the_garante_fine_on_openai_is_told_as_it_stood_that_day(
    shared_privy: Privy, as_of: date | None, fact: str, words: tuple[str, ...], never: tuple[str, ...]
) -> None:
    check_dated(shared_privy, GARANTE, as_of, fact, words=words, never=never)


def test_copilot_chat_at_work_cites_microsofts_support_article(shared_privy: Privy) -> None:
    answer = check_dated(
        shared_privy,
        "Does Microsoft 365 Copilot Chat train on my prompts when I use my work account?",
        None,
        "microsoft-copilot-chat-work-global",
        words=("aren't used to train foundation models", "it admin"),
        host="support.microsoft.com",
    )
    assert _claim(answer) == ("training", "no")


# Google's own Gemini Apps Privacy Hub (Open Terms Archive copy of March 2026): two facts re-sourced from it and
# four new ones.
GEMINI = [
    (
        "Are Gemini Temporary Chats used to train Google's AI?",
        None,
        "google-gemini-temporary-chats-global-2025",
        ("72 hours",),
    ),
    (
        "What changed in Gemini's Keep Activity setting in September 2025?",
        None,
        "google-keep-activity-uploads-global-2025",
        ("keep activity", "2 september 2025"),
    ),
    (
        "On what legal basis does Google train on my Gemini chats in Europe, and can I object?",
        "de",
        "google-gemini-objection-eea-uk",
        ("legitimate interests", "report legal issue"),
    ),
    (
        "If I send feedback on a Gemini answer, does Google use my chats even with Keep Activity off?",
        None,
        "google-gemini-feedback-global",
        ("last 24 hours", "three years"),
    ),
    (
        "Will Google train on chats I import into Gemini from other AI apps?",
        None,
        "google-gemini-imported-chats-global",
        ("generative ai models",),
    ),
    (
        "Are my Gemini Live audio and video recordings used to train Google's AI?",
        None,
        "google-gemini-live-recordings-global",
        ("only if you opt in", "transcripts"),
    ),
]


@pytest.mark.parametrize(("question", "region", "fact", "words"), GEMINI, ids=[row[2] for row in GEMINI])
def test_a_gemini_fact_cites_googles_own_privacy_hub(
    shared_privy: Privy, question: str, region: str | None, fact: str, words: tuple[str, ...]
) -> None:
    answer = check_dated(
        shared_privy, question, None, fact, words=words, region=region, host="support.google.com"
    )
    assert answer.facts[0].sources[0].url == "https://support.google.com/gemini/answer/13594961"


# Two AI platforms the base did not know, from their own privacy policies (Open Terms Archive copies).
NEW_PLATFORMS = [
    (
        "Does Mistral use my Le Chat conversations to train its AI?",
        "mistral-le-chat-training-global",
        ("yes", "le chat enterprise"),
        "legal.mistral.ai",
    ),
    (
        "How do I stop Mistral training on my Le Chat conversations?",
        "mistral-le-chat-optout-global",
        ("object", "cnil"),
        "legal.mistral.ai",
    ),
    (
        "Does DeepSeek use my chats to train its AI?",
        "deepseek-training-global",
        ("yes", "chat history"),
        "cdn.deepseek.com",
    ),
    (
        "How do I stop DeepSeek training on my data?",
        "deepseek-optout-global",
        ("privacy@deepseek.com",),
        "cdn.deepseek.com",
    ),
]


@pytest.mark.parametrize(
    ("question", "fact", "words", "host"), NEW_PLATFORMS, ids=[row[1] for row in NEW_PLATFORMS]
)
def test_a_new_platform_is_answered_from_its_own_policy(
    shared_privy: Privy, question: str, fact: str, words: tuple[str, ...], host: str
) -> None:
    check_dated(shared_privy, question, None, fact, words=words, host=host)


@pytest.mark.parametrize(
    ("as_of", "shown"), [(date(2025, 1, 29), False), (date(2025, 1, 30), True)], ids=["before", "on"]
)
def test_the_garantes_deepseek_limitation_is_told_from_its_day(
    shared_privy: Privy, as_of: date, shown: bool
) -> None:
    question = "What did Italy's Garante decide about DeepSeek?"
    if shown:
        check_dated(
            shared_privy, question, as_of, "deepseek-garante-it-2025", words=("30 january 2025", "limitation")
        )
    else:
        check_dated(shared_privy, question, as_of, None, absent="deepseek-garante-it-2025")


def test_perplexitys_email_assistant_is_not_used_for_training(shared_privy: Privy) -> None:
    answer = check_dated(
        shared_privy,
        "Does Perplexity train AI on my emails if I use its Email Assistant?",
        None,
        "perplexity-email-assistant-global",
        words=("limited use",),
        host="perplexity.ai",
    )
    assert _claim(answer) == ("training", "no")


def test_microsofts_consumer_training_fact_cites_microsofts_own_announcement(shared_privy: Privy) -> None:
    answer = shared_privy.ask("Is Microsoft training AI on my Copilot, Bing and MSN data?")
    assert answer.facts[0].id == "microsoft-copilot-training-global-2024"
    urls = [s.url for s in answer.facts[0].sources]
    assert any(
        "/microsoft-copilot/blog/2024/08/16/transparency-and-control-in-consumer-data-use/" in u for u in urls
    )


@pytest.mark.parametrize(
    ("as_of", "shown"), [(date(2024, 10, 20), False), (date(2024, 10, 21), True)], ids=["before", "on"]
)
def test_australias_guidance_on_training_ai_is_told_from_its_day(
    shared_privy: Privy, as_of: date, shown: bool
) -> None:
    question = (
        "What does Australia's privacy regulator say about training AI on people's personal information?"
    )
    fact = "oaic-genai-training-guidance-au-2024"
    if shown:
        check_dated(
            shared_privy, question, as_of, fact, words=("publicly available", "consent"), host="oaic.gov.au"
        )
    else:
        check_dated(shared_privy, question, as_of, None, absent=fact)


@pytest.mark.parametrize(
    ("question", "fact", "words"),
    [
        ("Does Qwen use my chats to train its AI?", "qwen-training-global", ("yes", "mainland china")),
        (
            "How do I stop Qwen training on my data?",
            "qwen-objection-global",
            ("dpo_qwenlm-intl@service.alibaba.com",),
        ),
    ],
    ids=["status", "objection"],
)
def test_qwen_is_answered_from_its_own_privacy_policy(
    shared_privy: Privy, question: str, fact: str, words: tuple[str, ...]
) -> None:
    check_dated(shared_privy, question, None, fact, words=words, host="chat.qwen.ai")
