"""knowledge/curation/blocks.py as tables: a fact as the text blocks of a Discord form, and back."""

from __future__ import annotations

from typing import Any

import pytest

from knowledge.curation.blocks import (
    TYPED,
    apply_lists,
    apply_sources,
    apply_text,
    coverage_text,
    dates_text,
    lines_text,
    parse_lines,
    resolve_platform,
    slug_for,
    sources_text,
    typed_problems,
    without_typed,
)
from knowledge.model import Platform

PLATFORMS = [Platform("meta", "Meta", ("Facebook", "instagram")), Platform("zoom", "Zoom", ())]


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("1. Open Settings\n2) Privacy\n- Data\n* Off\n• Save", ["Open Settings", "Privacy", "Data", "Off", "Save"]),
        ("  one  \n\n  two", ["one", "two"]),
        ("2024 was the year", ["2024 was the year"]),  # a number without '.' or ')' is content
        ("", []),
    ],
)  # fmt: skip
def test_parse_lines(text: str, lines: list[str]) -> None:
    assert parse_lines(text) == lines


@pytest.mark.parametrize(
    ("typed", "platform"),
    [("meta", "meta"), ("Facebook", "meta"), ("INSTAGRAM", "meta"), (" Zoom ", "zoom"), ("Nope", "nope")],
)
def test_resolve_platform(typed: str, platform: str) -> None:
    assert resolve_platform(typed, PLATFORMS) == platform


@pytest.mark.parametrize(
    ("coverage", "expected"),
    [
        ("regions: uk, eu\ntopic: Opt-Out\nplatform: Facebook", {"regions": ["uk", "eea"], "topic": "opt-out", "platform": "meta"}),
        ("regions: GB; de fr\ntopic: status\nplatform:", {"regions": ["uk", "de", "fr"], "topic": "status"}),
        ("Regions: global\nTopic: status", {"regions": ["global"], "topic": "status"}),
        ("regions: atlantis\ntopic: status", {"regions": ["atlantis"], "topic": "status"}),  # kept; check_fact names it
    ],
)  # fmt: skip
def test_scope_block(coverage: str, expected: dict[str, Any]) -> None:
    out, problems = apply_text({"platform": "zoom"}, PLATFORMS, coverage=coverage)
    assert problems == []
    assert {k: out.get(k) for k in ("regions", "topic", "platform")} == {"platform": None, **expected}


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        ("verified: 2026-01-02\nvalid_from: 2025-01-01\nvalid_until:", {"verified": "2026-01-02", "valid_from": "2025-01-01"}),
        ("valid from: 2025-01-01", {"valid_from": "2025-01-01"}),  # spaces for underscores
        ("valid-until: 2025-12-31", {"valid_until": "2025-12-31"}),
    ],
)  # fmt: skip
def test_dates_block(dates: str, expected: dict[str, str]) -> None:
    out, problems = apply_text({"verified": "2020-01-01"}, PLATFORMS, dates=dates)
    assert problems == []
    assert {k: out[k] for k in ("verified", "valid_from", "valid_until") if k in out} == expected


@pytest.mark.parametrize(
    ("block", "text", "message"),
    [
        ("coverage", "regions uk", "line 1 'regions uk': write 'name: value'"),
        ("coverage", "regions: uk\ncolour: red", "line 2 'colour: red'"),
        ("dates", "when: 2025", "line 1 'when: 2025'"),
    ],
)
def test_an_unreadable_line_is_named_and_the_block_kept_as_typed(block: str, text: str, message: str) -> None:
    out, problems = apply_text({"id": "f1"}, PLATFORMS, **{block: text})
    assert len(problems) == 1 and problems[0].field == block and message in problems[0].message
    assert problems[0].where == "f1"
    assert out[TYPED] == {block: text}
    assert typed_problems(out) == problems
    shown = coverage_text(out) if block == "coverage" else dates_text(out)
    assert shown == text  # the form shows what was typed, not what could be read
    assert TYPED not in without_typed(out)
    fixed, again = apply_text(
        out, PLATFORMS, **{block: "regions: uk" if block == "coverage" else "verified: 2025-01-01"}
    )
    assert again == [] and TYPED not in fixed


def test_main_blocks_are_tidied() -> None:
    out, _ = apply_text(
        {}, PLATFORMS, fact_id="  My-Fact ", question=" Is  it\non? ", answer="Yes.\n\nIt is."
    )
    assert (out["id"], out["question"], out["answer"]) == ("my-fact", "Is it on?", "Yes. It is.")


@pytest.mark.parametrize(
    ("raw", "coverage", "dates"),
    [
        ({"regions": ["uk", "eea"], "topic": "status", "platform": "meta"},
         "regions: uk, eea\ntopic: status\nplatform: meta", "verified: \nvalid_from: \nvalid_until: "),
        ({}, "regions: \ntopic: \nplatform: ", "verified: \nvalid_from: \nvalid_until: "),
    ],
)  # fmt: skip
def test_blocks_written_from_a_fact(raw: dict[str, Any], coverage: str, dates: str) -> None:
    assert coverage_text(raw) == coverage
    assert dates_text(raw) == dates


@pytest.mark.parametrize(
    ("text", "sources"),
    [
        ("https://a.example | A | Pub | 2026-01-02", [{"url": "https://a.example", "title": "A", "publisher": "Pub", "date": "2026-01-02"}]),
        ("1. https://a.example\n- https://b.example | B", [{"url": "https://a.example"}, {"url": "https://b.example", "title": "B"}]),
        ("https://a.example | A | B | C | Pub | 2026-01-02", [{"url": "https://a.example", "title": "A | B | C", "publisher": "Pub", "date": "2026-01-02"}]),
        ("", []),
    ],
)  # fmt: skip
def test_sources_block_round_trip(text: str, sources: list[dict[str, str]]) -> None:
    out = apply_sources({"sources": [{"url": "https://old.example"}]}, text)
    assert out["sources"] == sources
    assert apply_sources({}, sources_text(out))["sources"] == sources


@pytest.mark.parametrize(
    ("steps", "variants", "expected"),
    [
        ("1. Open\n2. Off", None, {"steps": ["Open", "Off"], "variants": ["old"]}),
        ("", "a\nb", {"variants": ["a", "b"]}),  # an empty block removes the list
        (None, None, {"steps": ["old"], "variants": ["old"]}),
    ],
)
def test_lists(steps: str | None, variants: str | None, expected: dict[str, list[str]]) -> None:
    raw = {"steps": ["old"], "variants": ["old"]}
    assert apply_lists(raw, steps=steps, variants=variants) == expected
    assert lines_text(expected.get("steps", [])) == "\n".join(expected.get("steps", []))


@pytest.mark.parametrize(
    ("question", "taken", "slug"),
    [
        ("Does Zoom train AI on my calls?", set(), "does-zoom-train-ai-on-my-calls"),
        ("Does Zoom train AI on my calls?", {"does-zoom-train-ai-on-my-calls"}, "does-zoom-train-ai-on-my-calls-2"),
        ("???", set(), "fact"),
        ("x" * 100, set(), "x" * 60),
    ],
)  # fmt: skip
def test_slug_for(question: str, taken: set[str], slug: str) -> None:
    assert slug_for(question, taken) == slug
