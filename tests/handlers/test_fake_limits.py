"""Each Discord limit the fake enforces, just over and just at the limit."""

from __future__ import annotations

from typing import Any

import pytest
from fake_limits import check_choices, check_message, check_modal


def _embed(**fields: Any) -> dict[str, Any]:
    return {"embeds": [fields]}


def _row(n_buttons: int, label: str = "ok", custom_id: str = "b") -> dict[str, Any]:
    buttons = [
        {"type": 2, "style": 1, "label": label, "custom_id": f"{custom_id}{i}"} for i in range(n_buttons)
    ]
    return {"type": 1, "components": buttons}


def _modal(title: str = "T", inputs: int = 1, label: str = "L") -> dict[str, Any]:
    rows = [
        {"type": 1, "components": [{"type": 4, "custom_id": f"i{i}", "label": label, "style": 1}]}
        for i in range(inputs)
    ]
    return {"custom_id": "m", "title": title, "components": rows}


def _fields(n: int, name: str = "n", value: str = "v") -> dict[str, Any]:
    return _embed(fields=[{"name": name, "value": value} for _ in range(n)])


MESSAGES = [
    ("content", {"content": "x" * 2001}, {"content": "x" * 2000}),
    ("embeds", {"embeds": [{"title": "t"}] * 11}, {"embeds": [{"title": "t"}] * 10}),
    ("title", _embed(title="x" * 257), _embed(title="x" * 256)),
    ("description", _embed(description="x" * 4097), _embed(description="x" * 4096)),
    ("fields", _fields(26), _fields(25)),
    ("fields.0.name", _fields(1, name="x" * 257), _fields(1, name="x" * 256)),
    ("fields.0.value", _fields(1, value="x" * 1025), _fields(1, value="x" * 1024)),
    ("footer", _embed(footer={"text": "x" * 2049}), _embed(footer={"text": "x" * 2048})),
    ("author", _embed(author={"name": "x" * 257}), _embed(author={"name": "x" * 256})),
    ("6000", {"embeds": [{"description": "x" * 3001}] * 2}, {"embeds": [{"description": "x" * 3000}] * 2}),
    (
        "action rows",
        {"components": [_row(1, custom_id=f"r{i}") for i in range(6)]},
        {"components": [_row(1, custom_id=f"r{i}") for i in range(5)]},
    ),
    ("buttons in a row", {"components": [_row(6)]}, {"components": [_row(5)]}),
    ("label", {"components": [_row(1, label="x" * 81)]}, {"components": [_row(1, label="x" * 80)]}),
    (
        "custom_id",
        {"components": [_row(1, custom_id="x" * 101)]},
        {"components": [_row(1, custom_id="x" * 99)]},
    ),
    ("empty", {"content": ""}, {"content": "x"}),
]


@pytest.mark.parametrize(("what", "bad", "good"), MESSAGES, ids=[m[0] for m in MESSAGES])
def test_message_limits(what: str, bad: dict[str, Any], good: dict[str, Any]) -> None:
    assert check_message(bad), what
    assert check_message(good) == []


def test_modal_limits() -> None:
    assert check_modal(_modal()) == []
    assert check_modal(_modal(title="x" * 46))
    assert check_modal(_modal(inputs=6))
    assert check_modal(_modal(label="x" * 46))
    assert check_modal(_modal(title="x" * 45, inputs=5, label="x" * 45)) == []


def test_autocomplete_limits() -> None:
    assert check_choices({"choices": [{"name": "n", "value": "v"}] * 25}) == []
    assert check_choices({"choices": [{"name": "n", "value": "v"}] * 26})
    assert check_choices({"choices": [{"name": "x" * 101, "value": "v"}]})
