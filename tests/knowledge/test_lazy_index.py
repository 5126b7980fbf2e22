"""A process that answers a question or two (`bot.py ask`) reads each platform's search rows only when a
question needs them: the same answers as a process holding every row, on the question sets and through
other processes' saves, servers' own facts included, while holding only the rows it asked about."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from knowledge.answers.text import render_text
from knowledge.model import Answer, fact_as_pack_entry
from knowledge.packs.format import load_pack, parse_yaml
from knowledge.service import Privy
from knowledge.store.db import open_db
from tests.knowledge.small_base import MOD, PACK, TODAY

EVAL = Path(__file__).resolve().parents[1] / "eval"
ZOOM = "Does Zoom train AI on my calls?"


def _said(answer: Answer) -> dict[str, Any]:
    """Everything a person is shown of an answer, and the story it tells."""
    return answer.to_dict(render_text(answer)) | {"history": [f.id for f in answer.history]}


def _questions() -> list[str]:
    return [
        json.loads(line)["q"]
        for name in ("real.jsonl", "chat.jsonl", "heldout.jsonl")
        for line in (EVAL / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    file = tmp_path_factory.mktemp("base") / "privy.db"
    Privy(file, today=lambda: TODAY)  # seeded with the embedded pack
    return file


def test_the_question_sets_get_the_same_answers(embedded: Path) -> None:
    questions = _questions()
    assert len(questions) > 300
    full = Privy(embedded, seed=False, today=lambda: TODAY)
    lazy = Privy(embedded, seed=False, today=lambda: TODAY, lazy=True)
    differ = [q for q in questions if _said(lazy.ask(q)) != _said(full.ask(q))]
    assert differ == []


def test_only_the_rows_of_the_platforms_asked_about_are_read(embedded: Path) -> None:
    full = Privy(embedded, seed=False, today=lambda: TODAY)
    lazy = Privy(embedded, seed=False, today=lambda: TODAY, lazy=True)
    asked = lazy.ask("Can I stop LinkedIn training AI on my posts? I'm in Leeds")
    assert asked.status == "answered" and asked.platform == "linkedin"
    linkedin = len(full.index.rows("linkedin"))
    assert linkedin < lazy.index.rows_in_memory < full.index.rows_in_memory / 2


# Velora's background facts, so that a word in one fact is rare, as in a real base.
FILLERS = "pack: fillers\nplatforms:\n  - {id: velora, name: Velora}\nfacts:\n" + "\n".join(
    f"  - {{id: velora-filler-{n}, platform: velora, regions: [global], topic: background,"
    f" question: 'Velora AI filler question number {n}', answer: Filler.,"
    " sources: [{url: 'https://velora.example.com/filler'}], verified: 2026-11-01}"
    for n in range(30)
)


def _base(tmp_path: Path) -> tuple[Path, Privy]:
    file = tmp_path / "base.db"
    writer = Privy(file, seed=False, today=lambda: TODAY)
    for pack in (PACK, FILLERS):
        writer.store.import_pack(load_pack(parse_yaml(pack), today=TODAY), MOD)
    return file, writer


def _edit(privy: Privy, fact_id: str, **changed: Any) -> None:
    fact, rev = privy.store.get(fact_id)
    privy.store.save(fact_as_pack_entry(fact) | changed, MOD, base_rev=rev, today=TODAY)


QUESTIONS = [
    ZOOM,
    "Is LinkedIn training AI on my posts? I'm in the UK",
    "Is LinkedIn training AI on my posts?",
    "how do I opt out of linkedin ai training in germany",
    "what has the ICO said about AI training?",
    "is velora training ai on my posts",
    "Is it using my voice notes to train AI?",  # names no platform: found across the base (Velora's)
    "How do I stop it using my posts for AI in the EU?",
]


def _answers(privy: Privy, scope: str = "") -> list[dict[str, Any]]:
    return [_said(privy.scoped(scope).ask(q)) for q in QUESTIONS]


def test_saves_by_another_process_are_served_as_a_full_copy_serves_them(tmp_path: Path) -> None:
    file, writer = _base(tmp_path)
    lazy = Privy(open_db(file), seed=False, today=lambda: TODAY, lazy=True)
    assert lazy.ask(ZOOM).facts[0].id == "zoom-calls"

    _edit(writer, "zoom-calls", answer="Edited: Zoom says it does not use calls to train its AI models.")
    writer.store.retire("linkedin-status-uk", "gone", MOD)
    own = fact_as_pack_entry(writer.store.get("linkedin-status-global")[0]) | {"answer": "This server's own."}
    writer.scoped("42").store.save(own, MOD)

    assert lazy.ask(ZOOM).facts[0].answer.startswith("Edited:")
    assert lazy.ask("Is it using my voice notes to train AI?").facts[0].id == "velora-voice"
    full = Privy(open_db(file), seed=False, today=lambda: TODAY)
    assert _answers(lazy) == _answers(full)
    assert _answers(lazy, "42") == _answers(full, "42")
    assert (
        lazy.scoped("42").ask("Is LinkedIn training AI on my posts?").facts[0].answer == "This server's own."
    )
