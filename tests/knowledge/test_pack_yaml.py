"""Reading packs: the lean loader gives what PyYAML's safe_load gives, and a big pack read in pieces, on
one process or several, gives the same facts and the same problems as the whole text, however it is
written; text the cutting could misread is read whole instead."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge.packs import yaml_reader as pack_yaml
from knowledge.packs.format import PackError, load_pack, parse_yaml
from knowledge.packs.parallel import Misread, read_pieces

ITEMS = 3  # facts a piece in these tests: small packs are cut into several pieces
TODAY = date(2026, 11, 23)
MISREAD = "misread: read the whole text instead"


@pytest.fixture(autouse=True)
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pack_yaml, "CHUNK_ITEMS", ITEMS)


def fact(i: int, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"fact-{i}",
        "platform": "zoom",
        "regions": ["uk", "de"] if i % 2 else ["global"],
        "topic": "status",
        "valid_from": f"2025-0{1 + i % 9}-1{i % 10}",
        "question": f"Does Zoom train AI on my calls, number {i}?",
        "variants": [f"zoom calls ai {i}", "is zoom: using 'calls' # for ai"],
        "answer": f"No. Answer {i}, with a colon: and a dash - here.",
        "sources": [{"url": f"https://zoom.com/{i}", "publisher": "Zoom", "date": "2025-01-01"}],
        "verified": "2026-11-20",
        **extra,
    }


def pack_data(n: int, **extra: Any) -> dict[str, Any]:
    return {
        "pack": "t",
        "platforms": [{"id": "zoom", "name": "Zoom"}],
        "facts": [fact(i, **extra) for i in range(n)],
    }


def pack_text(n: int, **dump: Any) -> str:
    return yaml.safe_dump(pack_data(n), sort_keys=False, allow_unicode=True, **dump)


def whole(text: str) -> Any:
    """What reading the whole text gives: the facts, or every problem."""
    try:
        return load_pack(parse_yaml(text), set(), TODAY).facts
    except PackError as exc:
        return exc.problems


def in_pieces(text: str, workers: int = 1) -> Any:
    """What reading in pieces gives: the facts, every problem, or MISREAD; None when it cannot cut."""
    pack = read_pieces(text, set(), TODAY, workers)
    if pack is None:
        return None
    try:
        facts = [f for piece in pack.pieces for f in piece]
    except PackError as exc:
        return exc.problems
    except Misread:
        return MISREAD
    assert len(facts) == pack.total
    return facts


def cut_into(text: str) -> int:
    split = pack_yaml.split_facts(text)
    return 0 if split is None else len(split.texts)


@pytest.mark.parametrize(
    "style",
    [{}, {"default_flow_style": None}, {"width": 40}, {"indent": 4}, {"default_style": '"'}],
    ids=["block", "flow-leaves", "wrapped", "indent-4", "all-quoted"],
)
def test_a_big_pack_read_in_pieces_gives_the_same_facts(style: dict[str, Any]) -> None:
    text = pack_text(10, **style)
    assert cut_into(text) == 4  # 10 facts, 3 a piece
    facts = in_pieces(text)
    assert facts == whole(text)
    assert [f.id for f in facts] == [f"fact-{i}" for i in range(10)]


def test_indented_items_comments_and_keys_after_the_list() -> None:
    items = "".join(
        f"  # fact {i}\n  - id: f-{i}\n    regions: [uk]\n    topic: status\n    question: 'q\n      {i}'\n"
        f"    answer: a\n    sources:\n      - url: https://zoom.com\n    verified: 2026-01-01\n\n"
        for i in range(8)
    )
    text = f"pack: t\nfacts:\n  # the list\n{items}platforms:\n  - id: zoom\n    name: Zoom\n"
    assert cut_into(text) == 3
    facts = in_pieces(text)
    assert facts == whole(text)
    assert facts[7].question == "q 7"


def test_windows_line_endings() -> None:
    text = pack_text(7).replace("\n", "\r\n")
    assert cut_into(text) == 3
    assert in_pieces(text) == whole(text)


def test_several_processes_give_the_same_facts_in_order() -> None:
    text = pack_text(10)
    assert in_pieces(text, workers=2) == whole(text)


def test_problems_are_the_same_and_name_their_place_in_the_whole_pack() -> None:
    data = pack_data(10)
    data["facts"][7]["regions"] = ["atlantis"]
    data["facts"][9]["id"] = "fact-2"
    data["facts"][4]["verified"] = "2026-02-30"
    text = yaml.safe_dump(data, sort_keys=False)
    problems = in_pieces(text)
    assert problems == whole(text)
    assert [str(p) for p in problems] == [
        "fact-4: verified: must be a real date YYYY-MM-DD, got '2026-02-30'",
        "fact-7: regions: unknown region code 'atlantis'",
        "fact-2: id: appears more than once in this pack",
    ]


@pytest.mark.parametrize(
    "trap",
    [
        # a quoted string whose next line looks like the start of a fact, at the list's indentation
        'pack: t\nfacts:\n- id: fact-0\n  answer: "one\n- id: two"\n',
        # an alias to an anchor in another piece
        "pack: t\nfacts:\n- &first\n  id: fact-0\n",
        # a merge key
        "pack: t\nbase: &b {topic: status}\nfacts:\n- <<: *b\n  id: fact-0\n",
        # flow lists over several lines, going on in the first column
        "pack: t\nfacts:\n- id: fact-0\n  variants: ['x',\n'- y']\n",
        "pack: t\nfacts:\n- id: fact-0\n  variants: [x,\n-y]\n",
    ],
    ids=["quoted-dash", "anchor", "merge", "flow-quoted", "flow-dash"],
)
def test_text_the_cutting_could_misread_never_reads_otherwise(trap: str) -> None:
    filler = "".join(f"- id: fact-{i}\n  answer: x\n" for i in range(1, 10))
    text = trap + filler + ("- *first\n" if "&first" in trap else "")
    assert in_pieces(text) in (None, MISREAD, whole(text))  # never anything else
    if "&first" in trap or '"one' in trap:
        assert in_pieces(text) == MISREAD


def test_a_second_document_is_not_cut() -> None:
    text = pack_text(10) + "---\npack: u\n"
    assert in_pieces(text) is None
    with pytest.raises(PackError):
        parse_yaml(text)


def test_a_yaml_error_reports_the_line_in_the_whole_file() -> None:
    lines = pack_text(10).splitlines(keepends=True)
    bad = next(i for i, line in enumerate(lines) if "fact-8" in line)
    lines.insert(bad + 1, "  answer: [unclosed\n")
    text = "".join(lines)
    assert in_pieces(text) == MISREAD
    with pytest.raises(PackError) as exc:
        parse_yaml(text)
    with pytest.raises(yaml.YAMLError) as safe_load_error:
        yaml.safe_load(text)
    line = str(safe_load_error.value).splitlines()[0]
    assert exc.value.problems[0].message == f"not valid YAML: {line}"


def test_an_impossible_date_is_a_problem_naming_the_fact_not_a_crash() -> None:
    text = pack_text(2).replace("verified: '2026-11-20'", "verified: 2026-02-30")
    data = parse_yaml(text)
    assert data["facts"][0]["verified"] == "2026-02-30"
    with pytest.raises(PackError) as exc:
        load_pack(data)
    assert str(exc.value.problems[0]) == "fact-0: verified: must be a real date YYYY-MM-DD, got '2026-02-30'"


def test_the_lean_loader_gives_what_safe_load_gives() -> None:
    text = "a: 2026-11-20\nb: [3, 1.5, yes, ~, 'x']\nc: &c {d: !!binary aGk=}\ne: *c\nf: {<<: *c, g: 1}\n"
    assert pack_yaml.load_yaml(text) == yaml.safe_load(text)
    with pytest.raises(yaml.YAMLError):
        pack_yaml.load_yaml("a: !!python/object:os.system {}\n")  # safe: no Python objects


awkward_text = st.lists(
    st.sampled_from([*"ab -:#'\"\n\t&*!|>[]{},%@`?", "\u2028", "é", "- ", "\n- ", "\n  - ", "\nfacts:"]),
    max_size=30,
).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    answers=st.lists(awkward_text, min_size=7, max_size=12),
    style=st.sampled_from([None, '"', "'", "|"]),
    flow=st.sampled_from([False, None]),
)
def test_any_text_in_any_style_reads_in_pieces_as_whole(
    answers: list[str], style: str | None, flow: bool | None
) -> None:
    data = pack_data(0)
    data["facts"] = [fact(i, answer=a) for i, a in enumerate(answers)]
    text = yaml.safe_dump(data, sort_keys=False, default_style=style, default_flow_style=flow)
    assert pack_yaml.load_yaml(text) == yaml.safe_load(text)
    assert in_pieces(text) in (whole(text), MISREAD, None)


def test_facts_on_the_first_line_and_the_pack_after() -> None:
    data = pack_data(8)
    text = (
        yaml.safe_dump({"facts": data["facts"]}, sort_keys=False)
        + "pack: t\nplatforms: [{id: zoom, name: Zoom}]\n"
    )
    assert cut_into(text) == 3
    facts = in_pieces(text)
    assert facts == whole(text)
    assert len(facts) == 8
