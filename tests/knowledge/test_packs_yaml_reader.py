"""Reading a pack's YAML: what yaml.safe_load gives for any pack written in any style, and a short error
with its line and column for anything a pack may not hold."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge.packs import yaml_reader
from knowledge.packs.format import PackError, load_pack, parse_yaml

TODAY = date(2026, 11, 23)


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


def pack_data(n: int) -> dict[str, Any]:
    return {"pack": "t", "platforms": [{"id": "zoom", "name": "Zoom"}], "facts": [fact(i) for i in range(n)]}


def yaml_problem(text: str) -> str:
    with pytest.raises(PackError) as exc:
        parse_yaml(text)
    [problem] = exc.value.problems
    assert (problem.where, problem.field) == ("pack", "yaml")
    return problem.message


@pytest.mark.parametrize(
    "style",
    [{}, {"default_flow_style": None}, {"width": 40}, {"indent": 4}, {"default_style": '"'}],
    ids=["block", "flow-leaves", "wrapped", "indent-4", "all-quoted"],
)
def test_a_pack_in_any_style_reads_as_safe_load_reads_it(style: dict[str, Any]) -> None:
    text = yaml.safe_dump(pack_data(10), sort_keys=False, allow_unicode=True, **style)
    assert yaml_reader.load_yaml(text) == yaml.safe_load(text)
    assert [f.id for f in load_pack(parse_yaml(text), set(), TODAY).facts] == [f"fact-{i}" for i in range(10)]


def test_scalars_are_typed_as_safe_load_types_them() -> None:
    text = "a: 2026-11-20\nb: [3, 1.5, yes, no, ~, 'x', '2026-01-01', 0x1f, .inf]\nc: &c {d: e}\ne: *c\n"
    data = yaml_reader.load_yaml(text)
    assert data == yaml.safe_load(text)
    assert data["e"] is data["c"]  # an alias is the same object, as PyYAML gives


def test_an_impossible_date_stays_text_and_is_named_with_its_fact() -> None:
    text = yaml.safe_dump(pack_data(2)).replace("verified: '2026-11-20'", "verified: 2026-02-30")
    data = parse_yaml(text)
    assert data["facts"][0]["verified"] == "2026-02-30"
    with pytest.raises(PackError) as exc:
        load_pack(data)
    assert str(exc.value.problems[0]) == "fact-0: verified: must be a real date YYYY-MM-DD, got '2026-02-30'"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: [unclosed\nb: 1\n", "line 2, column 2: did not find expected ',' or ']' (while parsing a flow"),
        ("facts:\n- id: a\n  id: b\n", "line 3, column 3: the key 'id' appears twice in this mapping"),
        ("a: 1\n---\nb: 2\n", "line 2, column 1: a pack is one YAML document; a second one starts here"),
        ("a: !!binary aGk=\n", "line 1, column 4: the tag '!!binary' is not allowed in a pack"),
        ("a: !!python/object:os.system {}\n", "line 1, column 4: the tag '!!python/object:os.system' is not"),
        ("<<: {a: 1}\n", "line 1, column 1: merge keys (<<) are not supported in a pack"),
        ("a: *nowhere\n", "line 1, column 4: the alias 'nowhere' has no anchor before it"),
        ("? [a]\n: b\n", "line 1, column 3: a key must be plain text, not a list or a mapping"),
        ("a: b\x00c\n", "line 1, column 5: the character #x0000 is not allowed"),
        ("[" * 30 + "]" * 30, "line 1, column 21: nested more than 20 levels deep"),
        ("- " * 30 + "x\n", "line 1, column 41: nested more than 20 levels deep"),
    ],
    ids=[
        "unclosed",
        "duplicate-key",
        "two-documents",
        "binary",
        "python",
        "merge",
        "alias",
        "key",
        "nul",
        "[[[",
        "- -",
    ],
)
def test_what_a_pack_may_not_hold_is_one_line_with_line_and_column(text: str, message: str) -> None:
    got = yaml_problem(text)
    assert got.startswith(f"not valid YAML: {message}")
    assert len(got) < 200


def test_five_levels_of_a_pack_are_far_from_the_depth_bound() -> None:
    deepest = "[" * yaml_reader.MAX_DEPTH + "]" * yaml_reader.MAX_DEPTH
    assert parse_yaml(deepest) is not None
    assert "nested more than" in yaml_problem("[" + deepest + "]")


def test_aliases_that_repeat_small_things_are_fine_and_a_bomb_is_not() -> None:
    shared = "d: &d 2025-01-01\n" + "".join(f"k{i}: *d\n" for i in range(5000))  # what safe_dump writes
    assert len(parse_yaml(shared)) == 5001
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True)
    )
    assert "aliases expand to more values than the file holds" in yaml_problem(bomb)


def test_a_text_too_big_is_refused_before_it_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    from knowledge.packs import files as pack_files

    monkeypatch.setattr(pack_files, "MAX_PACK_BYTES", 1024 * 1024)
    with pytest.raises(PackError) as exc:
        parse_yaml("a: b\n" * 300_000)
    assert str(exc.value.problems[0]) == "pack: file: the pack is bigger than 1 MB, the most a pack may be"


awkward_text = st.lists(
    st.sampled_from([*"ab -:#'\"\n\t&*!|>[]{},%@`?", "\u2028", "é", "- ", "\n- ", "\n  - ", "\nfacts:"]),
    max_size=30,
).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    answers=st.lists(awkward_text, min_size=1, max_size=8),
    style=st.sampled_from([None, '"', "'", "|"]),
    flow=st.sampled_from([False, None, True]),
)
def test_any_text_in_any_style_reads_as_safe_load_reads_it(
    answers: list[str], style: str | None, flow: bool | None
) -> None:
    data = pack_data(0)
    data["facts"] = [fact(i, answer=a) for i, a in enumerate(answers)]
    text = yaml.safe_dump(data, sort_keys=False, default_style=style, default_flow_style=flow)
    assert yaml_reader.load_yaml(text) == yaml.safe_load(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"ab:-&*![]{}|>'\"#,? \n\t", "\x00", "é"]), max_size=60))
def test_any_text_reads_or_is_one_pack_problem(text: str) -> None:
    """Whatever the text, the reader gives data or a PackError with a short line; never another error."""
    try:
        parse_yaml(text)
    except PackError as exc:
        assert len(exc.problems) == 1 and len(exc.problems[0].message) < 200
