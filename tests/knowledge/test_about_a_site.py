"""knowledge.answers.choose.about_a_site: a question about a site, a blog or a crawler gets a website owner's
way out; the quick test of its words says what the whole pattern says, on every question."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge.answers.choose import ABOUT_A_SITE, about_a_site

WORDS = "my Website site blogs robots.txt Crawler domain publishing chatbot abbot bots botany sitemap".split()
WORDS += "posts how do I stop LinkedIn training ? - '".split()


@pytest.mark.parametrize(
    ("question", "about"),
    [
        ("How do I stop GPTBot crawling my website?", True),
        ("Can I keep my blog out of AI training?", True),
        ("what does robots.txt do", True),
        ("Is the Anthropic bot reading my domain", True),
        ("is my chatbot history used", True),  # a word ending in "bot"
        ("How do I stop LinkedIn training AI on my posts?", False),
        ("the botany of sitemaps", False),  # "bot" and "site" inside other words
    ],
)
def test_about_a_site(question: str, about: bool) -> None:
    assert about_a_site(question) is about


@given(st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join) | st.text(max_size=40))
def test_the_quick_test_agrees_with_the_pattern(question: str) -> None:
    assert about_a_site(question) == (ABOUT_A_SITE.search(question.lower()) is not None)
