"""The benchmark's pack generator: valid packs in the YAML contract, and questions with real answers.

No timing here: speed is `make bench`'s business, not the test suite's.
"""

from __future__ import annotations

import pytest

from benchmarks.generate import TODAY, Generated, dump_yaml, generate
from knowledge.model import TOPICS
from knowledge.packs.format import check_pack, load_pack, parse_yaml
from knowledge.places import resolve_region
from knowledge.regions import EEA, GLOBAL, UK, coverage, known_codes


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
        region = resolve_region(q.text)
        assert region is not None, q.text
        assert coverage(tuple(fact["regions"]), region) > 0, (q.text, fact["regions"])
        assert q.text not in (fact["question"], *fact["variants"])  # asked in other words
    kinds = {k for q in generated.questions for k in q.kinds}
    assert {"typo", "region", "dated"} <= kinds


def test_the_same_seed_gives_the_same_pack() -> None:
    first, second = generate(150, seed=3, n_questions=40), generate(150, seed=3, n_questions=40)
    assert dump_yaml(first.pack) == dump_yaml(second.pack)
    assert first.questions == second.questions
    assert dump_yaml(generate(150, seed=4).pack) != dump_yaml(first.pack)
