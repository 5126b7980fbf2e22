"""knowledge/model.py as tables: when a fact holds, and its JSON and pack shapes."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.model import Answer, Fact, Source, fact_as_pack_entry
from knowledge.packs.format import parse_fact

FACT = Fact(
    id="linkedin-uk",
    regions=("uk",),
    topic="status",
    question="Is LinkedIn training AI on UK posts?",
    answer="Yes, since 3 November 2025.",
    sources=(Source("https://www.linkedin.com/help", "Help", "LinkedIn", date(2025, 9, 23)),),
    verified=date(2026, 11, 1),
    platform="linkedin",
    valid_from=date(2025, 11, 3),
    valid_until=date(2026, 12, 31),
    variants=("linkedin uk ai",),
    steps=("Settings", "Off"),
)


@pytest.mark.parametrize(
    ("day", "retired", "holds"),
    [
        (date(2025, 11, 3), None, True),  # both ends count
        (date(2026, 12, 31), None, True),
        (date(2025, 11, 2), None, False),
        (date(2027, 1, 1), None, False),
        (date(2026, 1, 1), "superseded", False),  # a retired fact holds on no day
    ],
)
def test_valid_on(day: date, retired: str | None, holds: bool) -> None:
    fact = Fact(**{**{f: getattr(FACT, f) for f in FACT.__slots__}, "retired": retired})
    assert fact.valid_on(day) is holds


def test_to_dict_is_the_json_answer_contract() -> None:
    assert FACT.to_dict() == {
        "id": "linkedin-uk",
        "platform": "linkedin",
        "regions": ["uk"],
        "topic": "status",
        "valid_from": "2025-11-03",
        "valid_until": "2026-12-31",
        "answer": "Yes, since 3 November 2025.",
        "steps": ["Settings", "Off"],
        "sources": [
            {
                "url": "https://www.linkedin.com/help",
                "title": "Help",
                "publisher": "LinkedIn",
                "date": "2025-09-23",
            }
        ],
        "verified": "2026-11-01",
        "scope": "shared",  # a server's own fact says "server"
        "claim": None,  # what the fact claims, when the pack says (knowledge.model.Claim)
    }
    assert Source("https://a.example").to_dict() == {
        "url": "https://a.example",
        "title": "",
        "publisher": "",
        "date": None,
    }


@pytest.mark.parametrize(
    ("status", "clarify"),
    [
        ("answered", None),
        ("no_match", None),
        ("clarify", {"question": "Where are you?", "options": ["uk", "eea"]}),
    ],
)
def test_answer_to_dict(status: str, clarify: dict | None) -> None:
    answer = Answer("q?", status, date(2026, 11, 30), confidence=0.12345, clarify_options=["uk", "eea"])
    out = answer.to_dict("the reply")
    assert (out["status"], out["as_of"], out["confidence"], out["reply"]) == (
        status,
        "2026-11-30",
        0.123,
        "the reply",
    )
    assert out.get("clarify") == clarify


@pytest.mark.parametrize("dates_as_text", [False, True])
def test_pack_entry_reads_back_as_the_same_fact(dates_as_text: bool) -> None:
    entry = fact_as_pack_entry(FACT, dates_as_text=dates_as_text)
    assert list(entry) == [
        "id", "platform", "regions", "topic", "valid_from", "valid_until", "question", "variants", "answer",
        "steps", "sources", "verified",
    ]  # fmt: skip
    assert (entry["verified"] == "2026-11-01") is dates_as_text
    assert parse_fact(entry) == FACT


def test_pack_entry_leaves_empty_optionals_out() -> None:
    bare = Fact("f", ("global",), "status", "q?", "a.", (Source("https://a.example"),), date(2026, 1, 1))
    assert fact_as_pack_entry(bare) == {
        "id": "f",
        "regions": ["global"],
        "topic": "status",
        "question": "q?",
        "answer": "a.",
        "sources": [{"url": "https://a.example"}],
        "verified": date(2026, 1, 1),
    }
