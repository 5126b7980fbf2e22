"""A claim on other data than was asked never says yes or no to it (issue 17, point 1): the kinds of data a
question names and a claim speaks of, and what the person reads."""

from __future__ import annotations

import pytest

from knowledge.answers.text import render_text
from knowledge.reading.data_kinds import claim_fits, data_kinds
from knowledge.service import Privy


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("are my old tweets and DMs used?", {"posts", "messages"}),
        ("my Reels and Shorts", {"videos"}),
        ("is it training on my data?", set()),
        ("Gemini chats", {"messages"}),
        ("prompts, suggestions and code context", {"messages", "code"}),
    ],
)
def test_the_kinds_of_data_words_name(text: str, kinds: set[str]) -> None:
    assert data_kinds(text) == kinds


@pytest.mark.parametrize(
    ("asked", "claimed", "fits"),
    [
        ("my photos", ["Gemini chats"], False),
        ("my chats", ["Gemini chats"], True),
        ("my photos", ["public posts"], True),  # a post may be a photo
        ("my photos", ["your data"], True),  # a claim on no data in particular
        ("my data", ["Gemini chats"], True),  # a question on no data in particular
        ("my code", ["chats", "coding sessions"], True),
        ("my private messages", ["profile details", "public posts"], False),
    ],
)
def test_a_claim_fits_the_data_asked_about(asked: str, claimed: list[str], fits: bool) -> None:
    assert claim_fits(data_kinds(asked), claimed) is fits


def test_a_yes_about_chats_is_not_the_answer_about_photos(shared_privy: Privy) -> None:
    photos = shared_privy.ask("is google training ai on my photos?", region="uk")
    assert photos.status == "answered" and not photos.lead
    assert not render_text(photos).splitlines()[3].startswith("Yes")
    chats = shared_privy.ask("is google training ai on my gemini chats?", region="uk")
    assert chats.lead.startswith("Yes — Google trains AI on Gemini chats")


def test_a_claim_for_one_group_on_no_data_does_not_answer_a_question_on_data(shared_privy: Privy) -> None:
    """OpenAI's claim for its business customers names no data: it is no answer to "my code"."""
    answer = shared_privy.ask("is openai training ai on my code?", region="us")
    assert "ChatGPT Business" not in answer.lead
