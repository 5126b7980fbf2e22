"""Processes serving questions follow the change log (knowledge.store.changes): a save made by another
process is served at the next question without reading every row again, a process that slept through many
changes catches up, and one the log no longer reaches reads everything again, correctly."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from knowledge.model import fact_as_pack_entry
from knowledge.packs.format import load_pack, parse_yaml
from knowledge.reading.words import content_words
from knowledge.service import Privy
from knowledge.store import changes, search_index
from knowledge.store.db import open_db, write
from tests.knowledge.small_base import MOD, PACK, TODAY, made_up_fact

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


def _word(n: int) -> str:
    """A made-up word of its own for each number (digits are no words to the search)."""
    return "quill" + "".join("bcdfghjklm"[int(d)] for d in f"{n:04d}")


def _view(privy: Privy) -> dict[str, Any]:
    """What questions are answered from: every platform's live facts (of each topic) in every view, and each
    word's count."""
    index = privy.index
    platforms = [None, *sorted(index.names.platforms)]
    words = {w for fact in privy.store.facts(include_retired=True) for w in content_words(fact.question)}
    topics = (None, "status", "opt-out", "objection", "regulator", "timeline", "background")
    return {
        "rows": {
            (scope, p, topic): [r.id for r in index.scoped(scope).rows(p, topic)]
            for scope in ("", "42")
            for p in platforms
            for topic in topics
        },
        "counts": {w: index.facts_using(w) for w in sorted(words)},
        "names": sorted(index.names.aliases.items()),
    }


def test_a_save_in_another_process_is_served_at_the_next_question_without_a_reload(tmp_path: Path) -> None:
    file, writer = _base(tmp_path)
    serving = _open(file)
    assert serving.ask(ZOOM).facts[0].id == "zoom-calls"

    _edit(writer, "zoom-calls", "Edited: Zoom says it does not use calls to train its AI models.")
    writer.store.save(
        made_up_fact("zoom-whiteboards", "zoom", "Does Zoom train AI on my whiteboard sketches?"), MOD
    )

    assert serving.ask(ZOOM).facts[0].answer.startswith("Edited:")
    sketches = serving.ask("is zoom training ai on whiteboard sketches")
    assert sketches.facts[0].id == "zoom-whiteboards"  # a word no fact had before is found at once
    assert serving.index.reloads == 1  # read once, when opened: the rest came from the log
    assert _view(serving) == _view(_open(file))


def test_a_platforms_rows_listed_when_opened_follow_a_save_before_its_first_question(tmp_path: Path) -> None:
    """Each platform's rows are listed with the rows when a base is opened, not by the platform's first
    question: a fact saved before anyone asked about the platform is among them at the next question."""
    file, writer = _base(tmp_path)
    serving = _open(file)
    assert serving.ask(ZOOM).facts[0].id == "zoom-calls"  # another platform: velora's list is as opened

    writer.store.save(
        made_up_fact("velora-sketches", "velora", "Does Velora train AI on my glimmer sketches?"), MOD
    )

    assert serving.ask("is velora training ai on my glimmer sketches").facts[0].id == "velora-sketches"
    assert [r.id for r in serving.index.rows("velora")] == ["velora-sketches", "velora-voice"]
    assert serving.index.reloads == 1


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
    writer.scoped("42").store.save(
        made_up_fact("zoom-calls", "zoom", ZOOM) | {"answer": "This server's own."}, MOD
    )

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


def test_a_claim_saved_in_another_process_changes_the_view_by_region_without_a_reload(tmp_path: Path) -> None:
    """The claims engine reads claims from the rows in memory: a claim written elsewhere is in them at the
    next question, and so in the per-region view and in whether the asker is asked where they are."""
    file, writer = _base(tmp_path)
    serving = _open(file)
    view = serving.status("zoom")
    assert view is not None and view.rows == []  # no fact about Zoom states a claim yet

    fact, rev = writer.store.get("zoom-calls")
    entry = fact_as_pack_entry(fact) | {
        "answer": "Zoom says it does not use calls to train its AI models.",
        "claim": {"kind": "training", "training": "no"},
    }
    writer.store.save(entry, MOD, base_rev=rev, today=TODAY)

    view = serving.status("zoom")
    assert view is not None
    assert [r.to_dict()["training"] for r in view.rows] == ["no"]
    assert [f.id for r in view.rows for f in (r.training, r.opt_out) if f] == ["zoom-calls"]
    assert serving.ask(ZOOM).lead.startswith("No — Zoom does not train AI")
    assert serving.index.reloads == 1


def test_the_readers_connection_shares_the_rows_and_serves_a_save_at_once(tmp_path: Path) -> None:
    _, writer = _base(tmp_path)
    reader = writer.reader()
    assert reader.db is not writer.db  # its own connection, which reads while the other writes
    assert reader.ask(ZOOM).facts[0].id == "zoom-calls"
    # One copy of the rows in memory for both connections, read once.
    assert reader.index.rows("zoom")[0] is writer.index.rows("zoom")[0]

    _edit(writer, "zoom-calls", "Edited: Zoom says it does not use calls to train its AI models.")

    assert reader.ask(ZOOM).facts[0].answer.startswith("Edited:")
    assert writer.ask(ZOOM).facts[0].answer.startswith("Edited:")
    assert reader.index.reloads == 1
    assert _view(reader) == _view(_open(tmp_path / "base.db"))


def test_questions_on_the_readers_lane_while_the_writers_lane_saves(tmp_path: Path) -> None:
    """The two lanes run on two threads over one copy of the rows: each reads through its own connection,
    and a question never meets the rows half changed."""
    _, writer = _base(tmp_path)
    reader = writer.reader()
    failures: list[BaseException] = []

    def ask() -> None:
        try:
            for n in range(200):
                assert reader.ask(ZOOM if n % 2 else "is zoom training ai on whiteboard sketches").facts
        except BaseException as exc:  # reported below, in the test's thread
            failures.append(exc)

    asking = threading.Thread(target=ask)
    asking.start()
    for n in range(20):
        _edit(writer, "zoom-calls", f"Edit {n}.")
        writer.store.save(
            made_up_fact(f"zoom-sketch-{n}", "zoom", f"Does Zoom train AI on {_word(n)} sketches?"), MOD
        )
        writer.ask(ZOOM)
    asking.join()

    assert failures == []
    assert reader.ask(ZOOM).facts[0].answer == "Edit 19."
    assert reader.ask(f"does zoom train ai on {_word(7)} sketches").facts[0].id == "zoom-sketch-7"


def test_a_big_platforms_word_lists_read_together_follow_a_save(tmp_path: Path) -> None:
    """A platform with more facts than are scored whole is searched word by word, the lists of a
    question's rarer words read in one statement and kept: a save that changes them is served at once."""
    file, writer = _base(tmp_path)
    rare = {3: "glimmer", 5: "glimmer", 7: "frost", 9: "frost"}  # two rare words, each in two facts
    facts = "\n".join(
        f"  - {{id: velora-{n}, platform: velora, regions: [global], topic: background,"
        f" question: 'Velora archive {_word(n)} {rare.get(n, '')}', answer: Filler.,"
        " sources: [{url: 'https://velora.example.com/f'}], verified: 2026-11-01}"
        for n in range(150)
    )
    pack = f"pack: more\nplatforms:\n  - {{id: velora, name: Velora}}\nfacts:\n{facts}\n"
    writer.store.import_pack(load_pack(parse_yaml(pack), today=TODAY), MOD)
    serving = _open(file)
    question = "does velora train ai on my glimmer frost?"
    assert serving.ask(question).facts[0].id != "velora-both"  # the lists of both words read and kept

    writer.store.save(
        made_up_fact("velora-sketches", "velora", "Does Velora train AI on glimmer frost sketches?"), MOD
    )

    assert serving.ask(question).facts[0].id == "velora-sketches"
    assert serving.index.reloads == 1


def test_a_platforms_summaries_made_when_opened_follow_a_save(tmp_path: Path) -> None:
    """A small base has each platform's facts by region made when it is opened (for the story of a
    policy over time): a fact saved by another process afterwards is in the next answer's story."""
    file, writer = _base(tmp_path)
    serving = _open(file)
    voice = "Is Velora using my voice notes to train AI?"
    assert serving.ask(voice).history == []

    fact, rev = writer.store.get("velora-voice")
    writer.store.save(fact_as_pack_entry(fact) | {"valid_from": "2026-01-01"}, MOD, base_rev=rev, today=TODAY)
    earlier = made_up_fact("velora-voice-2025", "velora", voice) | {"valid_until": "2025-12-31"}
    writer.store.save(earlier, MOD)

    assert [f.id for f in serving.ask(voice).history] == ["velora-voice-2025", "velora-voice"]
    assert serving.index.reloads == 1
