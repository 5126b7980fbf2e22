"""Answer -> embed, without Discord: every reply fits Discord's limits and says what render_text says."""

from __future__ import annotations

from datetime import date, timedelta

import discord
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handlers.embeds import (
    CONTENT,
    QUESTION_KEPT,
    SHORTENED,
    TOTAL,
    Section,
    answer_embed,
    clarify_embed,
    clip,
    escape,
    layout,
    question_in,
    render,
    unescape,
)
from knowledge.answers.text import cited_sources, scope_line, steps_of, story_lines, title
from knowledge.model import Answer, Fact, Source
from knowledge.reading.clean import clean
from knowledge.reading.safe_text import strip_invisible
from knowledge.regions import COMMON_CHOICES
from tests.fakediscord import check_embed, embed_text_length
from tests.handlers.privy_setup import TODAY, make_privy

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
text = st.text(max_size=600)
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1))
url_tail = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789/-_.()[]?=&%", max_size=700)
sources = st.builds(
    Source,
    url=url_tail.map(lambda t: f"https://example.org/{t}"),
    title=st.text(max_size=400),
    publisher=st.text(max_size=200),
    date=st.none() | days,
)
facts = st.builds(
    Fact,
    id=st.from_regex(r"[a-z0-9][a-z0-9-]{0,79}", fullmatch=True),
    regions=st.just(("uk",)),
    topic=st.sampled_from(["status", "opt-out"]),
    question=text,
    answer=st.text(min_size=1, max_size=1500).filter(str.strip),
    sources=st.lists(sources, min_size=1, max_size=12).map(tuple),
    verified=days,
    valid_from=st.none() | days,
    valid_until=st.none() | days,
    steps=st.lists(st.text(max_size=400), max_size=16).map(tuple),
)
answers = st.builds(
    Answer,
    question=text.map(clean),
    status=st.just("answered"),
    as_of=days,
    platform_name=st.none() | st.text(max_size=400),
    region=st.none() | st.sampled_from(COMMON_CHOICES),
    facts=st.lists(facts, min_size=1, max_size=3),
    history=st.lists(facts, max_size=5),
    clarify_options=st.lists(st.sampled_from(COMMON_CHOICES), max_size=9, unique=True),
)


def assert_fits(embed: discord.Embed) -> None:
    data = embed.to_dict()
    assert check_embed(data, "embed") == []
    assert embed_text_length(data) <= TOTAL


@FAST
@given(answers)
def test_any_answer_fits_discord(answer: Answer) -> None:
    embed = answer_embed(answer)
    assert_fits(embed)
    assert embed.title == (clip(title(answer), 256) or "Privy")
    assert "Sources" in [f.name for f in embed.fields]  # shortening never drops the first sources


questions = st.builds(
    Answer,
    question=st.text(max_size=2500).map(clean),
    status=st.just("clarify"),
    as_of=days,
    platform_name=st.none() | st.text(max_size=400),
    clarify_options=st.lists(st.sampled_from(COMMON_CHOICES), min_size=1, max_size=9, unique=True),
)


@FAST
@given(questions)
def test_any_clarify_fits_and_carries_its_question(answer: Answer) -> None:
    embed = clarify_embed(answer)
    assert_fits(embed)
    expected = strip_invisible(answer.question[:QUESTION_KEPT]).strip() or None  # bidi, zero-width: gone
    assert question_in([discord.Embed.from_dict(embed.to_dict())]) == expected


@FAST
@given(questions)
def test_no_match_is_short_content(answer: Answer) -> None:
    answer.status = "no_match"
    rendered = render(answer)
    assert rendered.embeds == [] and rendered.content and len(rendered.content) <= CONTENT


@given(st.text(max_size=300))
def test_escape_is_inert_and_reversible(value: str) -> None:
    escaped = escape(value)
    assert unescape(escaped) == strip_invisible(value)  # bidi and zero-width characters are never shown
    assert "](" not in escaped.replace("\\](", "").replace("\\]\\(", "")


@given(st.text(max_size=3000), st.integers(min_value=0, max_value=3000))
def test_clip_respects_the_limit(value: str, limit: int) -> None:
    out = clip(value, limit)
    assert len(out) <= limit
    assert out == value.strip() or out.endswith("…") or limit < 2


def test_layout_drops_the_least_important_first() -> None:
    long = ["x" * 1000] * 3
    parts = layout(
        "T",
        "d" * 3000,
        [Section("Keep", long, keep=10, more=6), Section("Drop", long, keep=1, more=0)],
        "footer",
    )
    assert [n for n, _ in parts.fields][:1] == ["Keep"] and "Drop" not in [n for n, _ in parts.fields]
    assert parts.footer.endswith(SHORTENED) and parts.total() <= TOTAL


def _embed_text(embed: discord.Embed) -> str:
    bits = [embed.title or "", embed.description or "", embed.footer.text or ""]
    return "\n".join(bits + [f"{f.name}\n{f.value}" for f in embed.fields])


@pytest.fixture(scope="module")
def pack_answers() -> list[Answer]:
    """Every fact of the embedded pack, answered by its own question for its first region."""
    privy = make_privy(None)
    out = []
    for fact in privy.store.facts():
        answer = privy.ask(fact.question, region=fact.regions[0], as_of=fact.valid_from or TODAY)
        if answer.status == "answered":
            out.append(answer)
    return out


def test_every_embedded_fact_fits_and_says_what_the_text_says(pack_answers: list[Answer]) -> None:
    assert len(pack_answers) > 20
    for answer in pack_answers:
        embed = answer_embed(answer)
        assert_fits(embed)
        shown = _embed_text(embed)
        best = answer.facts[0]
        expected = [title(answer), scope_line(answer), best.answer, *steps_of(answer), *story_lines(answer)]
        expected += [s.url.replace("(", "%28").replace(")", "%29") for s in cited_sources(answer)]
        expected += [f"verified {best.verified.day} {best.verified.strftime('%b %Y')}"]
        if SHORTENED.strip() not in shown:
            missing = [e for e in expected if e not in shown]
            assert not missing, (best.id, missing)


def test_steps_are_numbered_and_sources_are_links() -> None:
    fact = Fact(
        id="f",
        regions=("uk",),
        topic="opt-out",
        question="q",
        answer="Do this.",
        sources=(Source("https://e.org/a_(b)", "Help [page]", "Example", TODAY - timedelta(days=1)),),
        verified=TODAY,
        steps=("Open settings.", "Switch it off."),
    )
    embed = answer_embed(Answer("q", "answered", TODAY, "x", "X", "uk", 1.0, [fact]))
    fields = {f.name: f.value for f in embed.fields}
    assert fields["Steps"] == "1. Open settings.\n2. Switch it off."
    assert fields["Sources"] == "• [Help (page)](https://e.org/a_%28b%29) (Example, e.org, 6 Dec 2026)"
    assert embed.title == "X · UK" and embed.footer.text.startswith("As of 7 Dec 2026 · verified 7 Dec 2026")


def test_an_answer_to_two_platforms_says_in_the_embed_that_the_second_was_heard() -> None:
    answer = make_privy(None).ask("does linkedin or meta use my posts to train ai? I'm in the UK")
    embed = answer_embed(answer)
    assert check_embed(embed.to_dict(), "embed") == []
    assert answer.platform == "linkedin"
    assert embed.description is not None
    assert embed.description.endswith("You asked about Meta too: ask about it on its own for its answer.")
