"""The benchmark's pack generator: valid packs in the YAML contract, and questions with real answers.

No timing here: speed is `make bench`'s business, not the test suite's.
"""

from __future__ import annotations

from datetime import date

import pytest

from benchmarks.generate import TODAY, Generated, dump_yaml, generate
from benchmarks.truth import EEA_COUNTRIES, answering_fact, holds_on, specificity
from knowledge.model import TOPICS, Fact
from knowledge.packs.format import check_pack, load_pack, parse_yaml
from knowledge.regions import EEA, EEA_MEMBERS, GLOBAL, UK, coverage, known_codes


@pytest.fixture(scope="module")
def generated() -> Generated:
    return generate(1200, seed=7, n_questions=300)


def test_the_pack_passes_the_contracts_checks(generated: Generated) -> None:
    assert check_pack(generated.pack, None, TODAY) == []
    assert len(load_pack(generated.pack, None, TODAY).facts) == 1200


def test_the_yaml_text_reads_back_as_the_same_pack(generated: Generated) -> None:
    data = parse_yaml(dump_yaml(generated.pack))
    assert data == generated.pack
    assert check_pack(data, None, TODAY) == []


def test_the_pack_covers_every_region_code_and_topic(generated: Generated) -> None:
    facts = generated.pack["facts"]
    regions = {r for f in facts for r in f["regions"]}
    assert regions == known_codes()  # every ISO code, uk, eea and global
    assert {UK, EEA, GLOBAL} <= regions
    assert {f["topic"] for f in facts} == set(TOPICS)
    assert all(2 <= len(f["variants"]) <= 5 for f in facts)
    assert all(s["url"].startswith("https://") for f in facts for s in f["sources"])
    assert any("valid_until" in f for f in facts)
    assert any("platform" not in f for f in facts)
    assert len(generated.pack["platforms"]) >= 20


def test_each_question_has_its_fact_as_the_one_answer(generated: Generated) -> None:
    facts = {f["id"]: f for f in generated.pack["facts"]}
    assert len(generated.questions) == 300
    for q in generated.questions:
        fact = facts[q.expected]
        assert specificity(fact["regions"], q.region) > 0, (q.text, fact["regions"])
        assert holds_on(fact, date.fromisoformat(q.day)), (q.text, q.day)
        assert answering_fact([fact], q.region, date.fromisoformat(q.day)) is fact
        assert q.text not in (fact["question"], *fact["variants"])  # asked in other words
    kinds = {k for q in generated.questions for k in q.kinds}
    assert {"typo", "region", "dated"} <= kinds


def test_the_same_seed_gives_the_same_pack() -> None:
    first, second = generate(150, seed=3, n_questions=40), generate(150, seed=3, n_questions=40)
    assert dump_yaml(first.pack) == dump_yaml(second.pack)
    assert first.questions == second.questions
    assert dump_yaml(generate(150, seed=4).pack) != dump_yaml(first.pack)


def test_the_answer_key_agrees_with_the_core_on_the_generated_pack(generated: Generated) -> None:
    """The benchmark's own rule and the core's give every fact's regions the same rank for every asker,
    and the same validity on every day a question asks about: the key is independent, not different."""
    assert EEA_COUNTRIES == EEA_MEMBERS
    region_lists = {tuple(f["regions"]) for f in generated.pack["facts"]}
    for regions in region_lists:
        for asker in known_codes() - {EEA, GLOBAL}:
            assert specificity(regions, asker) == coverage(regions, asker), (regions, asker)
    days = {date.fromisoformat(q.day) for q in generated.questions} | {TODAY}
    parsed = load_pack(generated.pack, None, TODAY).facts
    by_id: dict[str, Fact] = {f.id: f for f in parsed}
    for entry in generated.pack["facts"]:
        for day in days:
            assert holds_on(entry, day) == by_id[entry["id"]].valid_on(day), (entry["id"], day)
