"""The matcher as a table: question -> what a user gets. Paraphrases, typos, places, past dates, and
questions that must not be answered."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.answers.text import render_text
from knowledge.service import Privy

D2024 = date(2024, 10, 1)
TODAY = None

# (question, as_of, expected platform, one of these regions in the best fact, words the reply must have)
ANSWERED = [
    (
        "how do i stop linkdin training ai on my stuff? im in chicago",
        D2024,
        "linkedin",
        {"us", "global"},
        ["data for generative ai improvement"],
    ),
    (
        "American here: is LinkedIn using my profile for generative AI?",
        D2024,
        "linkedin",
        {"us", "global"},
        ["default"],
    ),
    ("I'm British, is LinkedIn training its AI on my data?", D2024, "linkedin", {"uk"}, ["not"]),
    ("Living in Manchester - LinkedIn AI opt out?", D2024, "linkedin", {"uk"}, ["not"]),
    ("is linkedin training ai on data from people in spain", D2024, "linkedin", {"eea"}, ["not"]),
    ("Zurich here. Does LinkedIn feed my posts to AI?", D2024, "linkedin", {"ch"}, ["not"]),
    ("Is LinkedIn training AI on UK members' data?", TODAY, "linkedin", {"uk"}, ["2025"]),
    (
        "German user: how do I switch off LinkedIn AI training now?",
        TODAY,
        "linkedin",
        {"eea"},
        ["data for generative ai improvement"],
    ),
    ("Did LinkedIn train on UK members' data in October 2024?", TODAY, "linkedin", {"uk"}, ["not"]),
    ("I'm in Toronto, is LinkedIn using my data for AI?", TODAY, "linkedin", {"ca"}, ["2025"]),
    ("how do I fill in linkedin's objection form for ai", TODAY, "linkedin", None, ["form"]),
    ("Can I stop Instagram using my photos for AI? I live in London", TODAY, "meta", {"uk"}, ["object"]),
    ("facebok ai training opt out, I'm in Berlin", TODAY, "meta", {"eea"}, ["object"]),
    ("Can I opt out of Meta AI training in the US?", TODAY, "meta", {"us"}, ["no"]),
    ("Australian here, can I stop Facebook training AI on my posts?", TODAY, "meta", {"au"}, ["opt out"]),
    ("Does WhatsApp read my messages to train AI?", TODAY, "meta", {"global"}, ["whatsapp"]),
    ("What did Brazil's regulator do about Meta AI training?", TODAY, "meta", {"br"}, ["anpd"]),
    ("how do i stop twitter using my tweets for grok", TODAY, "x", {"us", "global"}, ["grok"]),
    ("Did X stop using EU posts to train Grok? I'm in Dublin", TODAY, "x", {"eea"}, ["2024"]),
    ("Is the DPC investigating Grok? I'm Irish", TODAY, "x", {"eea"}, ["inquiry"]),
    ("does gemini use my chats for training", TODAY, "google", {"global"}, ["activity"]),
    ("Does Google train Gemini on my Gmail?", TODAY, "google", {"global"}, ["gmail"]),
    (
        "how can I stop google using my website for ai training",
        TODAY,
        "google",
        {"global"},
        ["google-extended"],
    ),
    (
        "how do i turn off copilot model training? I'm in Texas",
        TODAY,
        "microsoft",
        {"global", "us"},
        ["model training"],
    ),
    ("Is Microsoft training AI on my Word documents?", TODAY, "microsoft", {"global"}, ["does not"]),
    (
        "how do I stop chatgpt from training on my conversations",
        TODAY,
        "openai",
        {"global"},
        ["improve the model for everyone"],
    ),
    ("Does OpenAI train on API data?", TODAY, "openai", {"global"}, ["api"]),
    ("how to stop claude training on my chats", TODAY, "anthropic", {"global"}, ["help improve claude"]),
    ("Is Reddit selling my posts for AI training?", TODAY, "reddit", {"global"}, ["google"]),
    ("Can our workspace opt out of Slack's AI models?", TODAY, "slack", {"global"}, ["owner"]),
    ("How do I opt my tumblr blog out of ai", TODAY, "automattic", {"global"}, ["third-party"]),
    ("Does Quora train AI on my answers?", TODAY, "quora", {"global"}, ["quora"]),
    ("how do I block AI training on my substack", TODAY, "substack", {"global"}, ["block ai training"]),
    ("Does Adobe train Firefly on my photos?", TODAY, "adobe", {"global"}, ["firefly"]),
    ("Does Zoom use my meeting audio to train AI?", TODAY, "zoom", {"global"}, ["consent"]),
    ("does snapchat my ai learn from my chats", TODAY, "snapchat", {"global"}, ["my ai"]),
    ("Is Stack Overflow giving my answers to OpenAI?", TODAY, "stackoverflow", {"global"}, ["openai"]),
    (
        "Is my deviantart art used for AI training?",
        TODAY,
        "deviantart",
        {"global"},
        ["noai", "not authorized"],
    ),
    ("How do I block AI crawlers on Squarespace?", TODAY, "squarespace", {"global"}, ["crawlers"]),
    ("Does Discord train AI on my messages?", TODAY, "discord", {"global"}, ["discord"]),
    ("Who is the Information Commissioner's Office?", TODAY, None, None, ["information commissioner"]),
    ("Why is opt-out not enough according to Open Rights Group?", TODAY, None, None, ["opt-in", "consent"]),
    ("If I opt out now, is my data removed from AI models already trained?", TODAY, None, None, ["already"]),
]

NOT_ANSWERED = [
    "What's a good recipe for lasagne?",
    "how do I change my discord nickname",
    "Which is faster, Python or Rust?",
    "zzzzzz",
    "Is it going to rain in London tomorrow?",
    "who won the football last night",
    "Can you recommend a good laptop?",
    "what's the capital of France",
    "tell me a joke",
    "How do I delete my Medium account?",
    "is zoom down right now",
    "slack off at work tips",
    "",
]


def _ask(privy: Privy, question: str, as_of: date | None) -> tuple:
    answer = privy.ask(question, as_of=as_of)
    return answer, render_text(answer).lower()


@pytest.mark.parametrize(("question", "as_of", "platform", "regions", "words"), ANSWERED)
def test_answers_the_question_for_that_region_and_day(
    shared_privy: Privy,
    question: str,
    as_of: date | None,
    platform: str | None,
    regions: set | None,
    words: list[str],
) -> None:
    answer, reply = _ask(shared_privy, question, as_of)
    assert answer.status == "answered", reply
    best = answer.facts[0]
    assert best.platform == platform, (best.id, reply)
    if regions:
        assert regions & set(best.regions), (best.id, best.regions)
    assert any(w in reply for w in words), (best.id, reply)
    assert best.sources and best.sources[0].url.startswith("https://")


@pytest.mark.parametrize("question", NOT_ANSWERED)
def test_off_topic_questions_get_no_guess(shared_privy: Privy, question: str) -> None:
    answer, reply = _ask(shared_privy, question, None)
    assert answer.status == "no_match", (answer.facts[:1], reply)
    assert answer.facts == []
    assert "don't have a sourced answer" in reply or "not something i cover" in reply


def test_region_dependent_question_without_region_asks_where(shared_privy: Privy) -> None:
    answer, reply = _ask(shared_privy, "How do I opt out of LinkedIn's AI training?", D2024)
    assert answer.status == "clarify"
    assert {"uk", "us"} <= set(answer.clarify_options) or {"uk", "global"} <= set(answer.clarify_options)
    assert "where are you" in reply


def test_saved_region_is_used_when_the_question_names_none(fresh_privy: Privy) -> None:
    fresh_privy.community.set_region("42", "uk")
    answer = fresh_privy.ask("Is LinkedIn training AI on my data?", user_id="42", as_of=D2024)
    assert answer.status == "answered" and answer.region == "uk"
    assert "uk" in answer.facts[0].regions


def test_place_in_question_beats_saved_region(fresh_privy: Privy) -> None:
    fresh_privy.community.set_region("42", "uk")
    answer = fresh_privy.ask("I'm in Denver: is LinkedIn training AI on my data?", user_id="42", as_of=D2024)
    assert answer.region == "us"


def test_changed_situation_is_told_in_order(shared_privy: Privy) -> None:
    _answer, reply = _ask(shared_privy, "Is LinkedIn training AI on UK members' data?", None)
    story = reply[reply.index("how this changed") :]
    assert story.index("2 nov 2025") < story.index("since 3 nov 2025")


def test_past_date_in_question_overrides_today(shared_privy: Privy) -> None:
    answer = shared_privy.ask("Was Meta training AI on UK users' posts in July 2024?")
    assert answer.as_of == date(2024, 7, 31)
    assert answer.facts[0].id == "meta-genai-uk-paused-2024"


def test_facts_not_yet_valid_are_not_answered(shared_privy: Privy) -> None:
    answer = shared_privy.ask("Is Meta training AI on EU users' public posts?", as_of=date(2024, 10, 1))
    assert answer.status == "answered"
    assert answer.facts[0].id == "meta-genai-eea-paused-2024"
