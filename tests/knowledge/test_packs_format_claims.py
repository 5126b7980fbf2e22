"""What a fact claims, in the pack: validated, parsed, stored and exported unchanged, shown in the JSON."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.model import Claim
from knowledge.packs.format import check_fact, dump_pack, load_pack, parse_fact, parse_yaml

BASE = {
    "id": "x-test",
    "platform": "x",
    "regions": ["eea"],
    "topic": "status",
    "question": "Is X training on EU posts?",
    "answer": "X undertook to suspend it.",
    "sources": [{"url": "https://www.dataprotection.ie/en/news", "title": "News", "publisher": "DPC"}],
    "verified": "2026-12-01",
}


def problems(**changes: object) -> list[str]:
    return [f"{p.field}: {p.message}" for p in check_fact({**BASE, **changes}, {"x"})]


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        ({"kind": "training", "training": "paused"}, None),
        ({"kind": "training", "training": True, "data": ["public posts"]}, None),  # YAML's bare yes
        ({"kind": "opt_out", "opt_out": "form", "deadline": "2025-05-27"}, None),
        ({"kind": "regulator"}, None),
        ({"kind": "training"}, "claim.training: kind training needs training"),
        ({"kind": "training", "training": "maybe"}, "claim.training: kind training needs training"),
        ({"kind": "opt_out", "opt_out": "pray"}, "claim.opt_out: kind opt_out needs opt_out"),
        ({"kind": "regulator", "training": "yes"}, "claim.training: only a claim of kind training"),
        ({"kind": "training", "training": "no", "deadline": "2025-01-01"}, "claim.opt_out: only a claim"),
        ({"kind": "opinion"}, "claim.kind: must be one of"),
        ({"kind": "training", "training": "yes", "colour": "red"}, "claim.colour: unknown field"),
        ({"kind": "opt_out", "opt_out": "form", "deadline": "soon"}, "claim.deadline: must be a real date"),
        ("yes", "claim: must be a mapping"),
    ],
)
def test_a_claim_is_checked(claim: object, expected: str | None) -> None:
    found = problems(claim=claim)
    if expected is None:
        assert found == []
    else:
        assert any(p.startswith(expected) for p in found), found


def test_source_flags_and_fact_notes_are_checked() -> None:
    source = {**BASE["sources"][0], "title_is_label": "yes", "watch": ""}  # type: ignore[dict-item]
    found = problems(sources=[source], verified_from="memory")
    assert any(p.startswith("sources[0].title_is_label: must be true or false") for p in found)
    assert any(p.startswith("sources[0].watch: must be") for p in found)
    assert any(p.startswith("verified_from: must be one of archive") for p in found)


def test_a_claim_survives_export_and_import() -> None:
    source = {**BASE["sources"][0], "title_is_label": True, "watch": "Data for Generative AI"}  # type: ignore[dict-item]
    raw = {
        **BASE,
        "sources": [source],
        "claim": {"kind": "opt_out", "opt_out": "form", "deadline": "2025-05-27", "data": ["posts"]},
        "first_party": "none found: searched x.com help and the DPC's news",
        "verified_from": "archive",
    }
    fact = parse_fact(raw)
    assert fact.claim == Claim("opt_out", opt_out="form", data=("posts",), deadline=date(2025, 5, 27))
    text = dump_pack("t", [], [fact])
    again = load_pack(parse_yaml(text.replace("platforms: []", "platforms: [{id: x, name: X}]")))
    assert again.facts == [fact]
    assert fact.to_dict()["claim"] == {
        "kind": "opt_out",
        "opt_out": "form",
        "data": ["posts"],
        "deadline": "2025-05-27",
    }
    assert fact.to_dict()["sources"][0]["title_is_label"] is True


def test_bare_yes_in_yaml_reads_as_the_word() -> None:
    text = """
pack: t
platforms: [{id: x, name: X}]
facts:
  - id: x-test
    platform: x
    regions: [eea]
    topic: status
    question: q?
    answer: a.
    sources: [{url: "https://x.com/a", title: t, publisher: X}]
    verified: 2026-12-01
    claim: {kind: training, training: yes}
"""
    assert load_pack(parse_yaml(text)).facts[0].claim == Claim("training", training="yes")
