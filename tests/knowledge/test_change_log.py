"""Processes serving questions follow the change log (knowledge.store.changes): a save made by another
process is served at the next question without reading every row again, a process that slept through many
changes catches up, and one the log no longer reaches reads everything again, correctly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from knowledge.model import fact_as_pack_entry
from knowledge.packs.format import load_pack, parse_yaml
from knowledge.reading.words import content_words
from knowledge.service import Privy
from knowledge.store import changes, search_index
from knowledge.store.db import open_db, write
from tests.knowledge.small_base import MOD, PACK, TODAY

ZOOM = "Does Zoom train AI on my calls?"


def _open(file: Path) -> Privy:
    """Another process on the same file: its own connection and its own rows in memory."""
    return Privy(open_db(file), seed=False, today=lambda: TODAY)


def _base(tmp_path: Path) -> tuple[Path, Privy]:
    file = tmp_path / "base.db"
    writer = Privy(file, seed=False, today=lambda: TODAY)
    writer.store.import_pack(load_pack(parse_yaml(PACK), today=TODAY), MOD)
    return file, writer


def _edit(privy: Privy, fact_id: str, answer: str) -> None:
    fact, rev = privy.store.get(fact_id)
    entry = fact_as_pack_entry(fact)
    entry["answer"] = answer
    privy.store.save(entry, MOD, base_rev=rev, today=TODAY)


def _fact(fact_id: str, platform: str, question: str) -> dict[str, Any]:
    return {
        "id": fact_id,
        "platform": platform,
        "regions": ["global"],
        "topic": "status",
        "question": question,
        "answer": "A fact for the test.",
        "sources": [{"url": "https://velora.example.com/help"}],
        "verified": TODAY,
    }


def _word(n: int) -> str:
    """A made-up word of its own for each number (digits are no words to the search)."""
    return "quill" + "".join("bcdfghjklm"[int(d)] for d in f"{n:04d}")


def _view(privy: Privy) -> dict[str, Any]:
    """What questions are answered from: every platform's live facts in every view, and each word's count."""
    index = privy.index
    platforms = [None, *sorted(index.names.platforms)]
    words = {w for fact in privy.store.facts(include_retired=True) for w in content_words(fact.question)}
    return {
        "rows": {
            (scope, p): [r.id for r in index.scoped(scope).rows(p)] for scope in ("", "42") for p in platforms
        },
        "counts": {w: index.facts_using(w) for w in sorted(words)},
        "names": sorted(index.names.aliases.items()),
    }


def test_a_save_in_another_process_is_served_at_the_next_question_without_a_reload(tmp_path: Path) -> None:
    file, writer = _base(tmp_path)
    serving = _open(file)
    assert serving.ask(ZOOM).facts[0].id == "zoom-calls"

    _edit(writer, "zoom-calls", "Edited: Zoom says it does not use calls to train its AI models.")
    writer.store.save(_fact("zoom-whiteboards", "zoom", "Does Zoom train AI on my whiteboard sketches?"), MOD)

    assert serving.ask(ZOOM).facts[0].answer.startswith("Edited:")
    sketches = serving.ask("is zoom training ai on whiteboard sketches")
    assert sketches.facts[0].id == "zoom-whiteboards"  # a word no fact had before is found at once
    assert serving.index.reloads == 1  # read once, when opened: the rest came from the log
    assert _view(serving) == _view(_open(file))


def test_a_process_that_slept_through_a_thousand_changes_catches_up(tmp_path: Path) -> None:
    file, writer = _base(tmp_path)
    serving = _open(file)
    serving.ask(ZOOM)
    for batch in range(10):  # 1,000 facts in ten imports, then edits and a retirement
        facts = "\n".join(
            f"  - {{id: velora-{batch}-{n}, platform: velora, regions: [global], topic: background,"
            f" question: 'Velora archive {_word(batch * 100 + n)}', answer: Filler.,"
            " sources: [{url: 'https://velora.example.com/f'}], verified: 2026-11-01}"
            for n in range(100)
        )
        pack = f"pack: more\nplatforms:\n  - {{id: velora, name: Velora}}\nfacts:\n{facts}\n"
        writer.store.import_pack(load_pack(parse_yaml(pack), today=TODAY), MOD)
    _edit(writer, "zoom-calls", "Edited after the imports.")
    writer.store.retire("velora-3-7", "duplicate", MOD)
    writer.scoped("42").store.save(_fact("zoom-calls", "zoom", ZOOM) | {"answer": "This server's own."}, MOD)

    assert serving.ask(ZOOM).facts[0].answer == "Edited after the imports."
    assert serving.scoped("42").ask(ZOOM).facts[0].answer == "This server's own."
    assert serving.ask(f"velora archive {_word(512)}").facts[0].id == "velora-5-12"
    assert serving.index.reloads == 1
    assert "velora-3-7" not in {r.id for r in serving.index.rows("velora")}
    assert _view(serving) == _view(_open(file))


def test_a_trimmed_log_makes_a_process_read_everything_again(tmp_path: Path) -> None:
    file, writer = _base(tmp_path)
    serving = _open(file)
    serving.ask(ZOOM)
    for n in range(3):
        _edit(writer, "zoom-calls", f"Edit {n}.")
    writer.store.retire("linkedin-status-uk", "gone", MOD)
    with write(writer.db):
        changes.trim(writer.db, keep=1)  # the lines this process has not applied are gone

    assert serving.ask(ZOOM).facts[0].answer == "Edit 2."
    assert serving.index.reloads == 2
    assert "linkedin-status-uk" not in {r.id for r in serving.index.rows("linkedin")}
    assert _view(serving) == _view(_open(file))


def test_search_rows_written_anew_make_every_process_read_them_again(tmp_path: Path) -> None:
    file, writer = _base(tmp_path)
    serving = _open(file)
    serving.ask(ZOOM)
    search_index.rebuild(
        writer.db
    )  # as when knowledge.reading.words reads words differently: every row id changes

    assert serving.ask(ZOOM).facts[0].id == "zoom-calls"
    assert serving.index.reloads == 2
    assert _view(serving) == _view(_open(file))
