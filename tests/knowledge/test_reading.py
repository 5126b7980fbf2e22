"""Reading a question as people write it: slang, hashtags, handles, long posts and dates named by events."""

from __future__ import annotations

import time
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.reading import dates
from knowledge.reading.clean import MAX_QUESTION, clean, expand_slang, focus
from knowledge.reading.dates import date_in
from knowledge.service import Privy

TODAY = date(2026, 11, 23)

SLANG_TABLE = [
    ("does insta use my pics for ai? im in the US", "does Instagram use my photos for ai? im in the US"),
    ("IG and FB both", "Instagram and Facebook both"),
    ("stop x using my tweets", "stop x using my Twitter posts"),
    ("I tweeted for years", "I posted on Twitter for years"),
    ("#LinkedInAI is creepy", "linkedin ai is creepy"),
    ("#Instagram #insta", "instagram Instagram"),
    ("#StopMetaAI", "stop meta ai"),
    ("#AIAct and #NoAI", "ai act and no ai"),
    ("#stop_meta_ai", "stop meta ai"),
    ("#linkedinai", "linkedin ai"),
    ("@Meta why", "Meta why"),
    ("@MetaAI please", "Meta AI please"),
    ("can u stop them reading my dms", "can you stop them reading my direct messages"),
    ("r they using it", "are they using it"),
]

LEFT_ALONE = [
    "mail me@example.org about it",  # an e-mail address is not a handle
    "u.s. users",  # the "u" of "u.s." is not "you"
    "r/privacy said so",  # a subreddit is not "are"
    "C# developers",  # not a hashtag
    "https://example.org/ig/fb",  # a URL's pieces are not slang
    "instagram",
]


@pytest.mark.parametrize(("typed", "read"), SLANG_TABLE)
def test_slang_hashtags_and_handles_are_read_as_names(typed: str, read: str) -> None:
    assert clean(typed) == read


@pytest.mark.parametrize("typed", LEFT_ALONE)
def test_text_that_only_looks_like_slang_is_left_alone(typed: str) -> None:
    assert expand_slang(typed) == typed


@pytest.mark.parametrize(
    ("question", "platform"),
    [
        ("does insta use my pics for ai? im in the US", "meta"),
        ("how do I stop my tweets training grok", "x"),
        ("#LinkedInAI is it on for me? I'm in Leeds", "linkedin"),
        ("so @Meta is training on my photos now?? #Instagram", "meta"),
    ],
)
def test_the_platform_behind_slang_is_found(shared_privy: Privy, question: str, platform: str) -> None:
    assert shared_privy.ask(question).platform == platform


DATE_TABLE = [
    ("in October 2024", date(2024, 10, 31)),
    ("back in 2024", date(2024, 12, 31)),
    ("as of 2024-06-01", date(2024, 6, 1)),
    ("before 3 November 2025", date(2025, 11, 2)),
    ("before the 3 November change", date(2026, 11, 2)),  # no year: the latest 3 November by today
    ("before LinkedIn's 3 November change", date(2026, 11, 2)),
    ("before the 24 December change", date(2025, 12, 23)),  # 24 December 2026 is still to come
    ("after November 3rd, 2025", date(2025, 11, 4)),
    ("since 14 june 2024", date(2024, 6, 14)),
    ("on the 14th of June 2024", date(2024, 6, 14)),
    ("before 2025", date(2024, 12, 31)),
    ("before September 2024", date(2024, 8, 31)),
    ("last year", date(2025, 12, 31)),
    ("last month", date(2026, 10, 31)),
    ("two years ago", date(2024, 11, 23)),
    ("in october", date(2026, 10, 31)),
    ("in december", date(2025, 12, 31)),
    ("before 27 may", date(2026, 5, 26)),
    ("on 4 may 2025", date(2025, 5, 4)),
]


@pytest.mark.parametrize(("text", "day"), DATE_TABLE)
def test_dates_named_by_events(text: str, day: date) -> None:
    assert date_in(f"was meta training on my posts {text}?", TODAY) == day


@pytest.mark.parametrize(
    "text",
    [
        "is meta training ai",
        "windows 2024 and copilot",
        "you may opt out",
        "does gpt 4 may use my chats",
        "31 february",
        "in 3 days",
        "",
    ],
)
def test_no_date_where_none_is_named(text: str) -> None:
    assert date_in(text, TODAY) is None


DATE_WORDS = st.sampled_from(
    "in during before after since as of the on may mar march october oct. sept third last year month ago a two "
    "linkedin's change , . - ’ é".split()
)


@settings(max_examples=500, deadline=None)
@given(st.lists(DATE_WORDS, max_size=12))
def test_a_text_without_a_digit_is_read_by_the_bare_month_alone(pieces: list[str]) -> None:
    """date_in reads a text without a digit with the bare-month form only: no other form matches one."""
    text = " ".join(pieces)
    for _, pattern in dates._DATE_FORMS:
        if (_, pattern) not in dates._WITHOUT_DIGITS:
            assert pattern.search(text) is None, pattern.pattern


def test_a_date_without_a_year_needs_today() -> None:
    assert date_in("before the 3 November change") is None
    assert date_in("before 3 November 2025") == date(2025, 11, 2)


NOISE = (
    "So my feed has been a mess lately. I posted about my holiday on Facebook years ago and my aunt still "
    "comments on it. Anyway that's not the point. Work stuff is what worries me, because my whole career "
    "history is online and I post articles there weekly. "
)


def test_a_long_post_keeps_the_question_and_the_platform_asked_about() -> None:
    post = (
        NOISE
        + "A colleague said LinkedIn changed something and our posts feed its AI. I'm in Dublin. How do I stop it?"
    )
    read = focus(post)
    assert (
        read
        == "A colleague said LinkedIn changed something and our posts feed its AI. I'm in Dublin. How do I stop it?"
    )


def test_a_long_post_with_the_platform_after_the_question_keeps_it() -> None:
    post = "Is my stuff being fed to some AI? " + NOISE + "I mostly use Pinterest these days, for recipes."
    assert "Pinterest" in focus(post)
    assert "not the point" not in focus(post)


def test_a_short_question_is_not_cut() -> None:
    short = "I posted on Facebook for years. Anyway. Is LinkedIn training AI on my posts?"
    assert focus(short) == short


def test_the_platform_in_a_long_post_is_the_one_asked_about(shared_privy: Privy) -> None:
    post = (
        NOISE
        + "A colleague said LinkedIn changed something and our posts feed its AI. I'm in Dublin. How do I stop it?"
    )
    answer = shared_privy.ask(post)
    assert (answer.status, answer.platform, answer.region) == ("answered", "linkedin", "ie")


def test_focus_is_cheap_on_the_longest_question() -> None:
    post = (NOISE * 8)[: MAX_QUESTION - 60] + " Is LinkedIn training AI on my posts? I'm in Leeds."
    assert len(post) > 1900
    runs = []
    for _ in range(20):
        start = time.perf_counter()
        clean(post)
        runs.append(time.perf_counter() - start)
    assert min(runs) < 0.005, f"clean() of {len(post)} characters took {min(runs) * 1000:.1f} ms"
    assert "LinkedIn" in clean(post)


PIECES = st.sampled_from(
    "insta ig fb tweets u r dms pics #StopMetaAI #linkedinai @Meta @u #r LinkedIn Facebook x Grok "
    "Dublin leeds I'm in . ? ! , how can is the change 3 November 2025 before my posts AI was to "
    "aunt garden years ago honestly u.s. r/privacy me@example.org".split()
)


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES, max_size=120))
def test_reading_twice_reads_the_same(pieces: list[str]) -> None:
    """A clarify reply carries the read question and a region button asks it again: same answer."""
    once = clean(" ".join(pieces))
    assert clean(once) == once
    assert len(once) <= MAX_QUESTION
