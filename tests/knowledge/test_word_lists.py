"""knowledge/matching/word_lists.py: a small base's rows using each word, made in memory when it is opened,
are FTS5's lists of the same words, and stay so through saves made by another process."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from knowledge.matching.memory import Rows
from knowledge.packs.format import load_pack, parse_yaml
from knowledge.service import Privy
from knowledge.store import changes, search_rows
from knowledge.store.db import open_db
from tests.knowledge.small_base import MOD, PACK, TODAY, made_up_fact


def _no_statement(platform: str | None, word: str) -> list[int]:
    raise AssertionError(f"read from FTS5: {platform!r}, {word!r}")


def _loaded(db: Database) -> Rows:
    rows = Rows()
    rows.load(search_rows.every_row(db), search_rows.vocabulary(db))
    return rows


def _disagreements(db: Database, rows: Rows) -> list[tuple[str | None, str]]:
    """Every platform and word (and some no row has) whose list in memory is not FTS5's, in the same order."""
    stored = db.execute("select platform, texts from search_facts").fetchall()
    words = {w for _, texts in stored for w in (texts or "").replace("|", " ").split()} | {"unheard"}
    platforms = {p for p, _ in stored} | {None, "nobody"}
    return [
        (platform, word)
        for platform in platforms
        for word in sorted(words)
        if list(rows.using(platform, word, _no_statement)) != search_rows.rows_using(db, platform, word)
    ]


def test_a_small_bases_word_lists_are_fts5s_and_follow_another_processs_saves(tmp_path: Path) -> None:
    file = tmp_path / "base.db"
    writer = Privy(file, seed=False, today=lambda: TODAY)
    writer.store.import_pack(load_pack(parse_yaml(PACK), today=TODAY), MOD)
    serving = open_db(file)
    rows = _loaded(serving)
    at = changes.position(serving)
    assert _disagreements(serving, rows) == []

    writer.store.save(
        made_up_fact("velora-sketches", "velora", "Does Velora train AI on my glimmer sketches?"), MOD
    )
    _, rev = writer.store.get("zoom-calls")
    writer.store.save(
        made_up_fact("zoom-calls", "zoom", "Is Zoom listening to my quorble meetings?"),
        MOD,
        base_rev=rev,
        today=TODAY,
    )
    writer.store.retire("linkedin-status-uk", "gone", MOD)
    writer.scoped("42").store.save(
        made_up_fact("velora-own", "velora", "Velora glimmer for this server only"), MOD
    )

    pending = changes.since(serving, at)
    assert pending is not None
    found = search_rows.rows_by_id(serving, pending.rows)
    rows.apply(found, sorted(set(pending.rows) - {r[0] for r in found}))
    assert _disagreements(serving, rows) == []
    assert list(rows.using("velora", "glimmer", _no_statement)) == search_rows.rows_using(
        serving, "velora", "glimmer"
    )
    assert len(rows.using("velora", "glimmer", _no_statement)) == 2  # the shared fact and the server's
    assert rows.using("zoom", "quorble", _no_statement)  # a word the edit brought
    assert _disagreements(serving, _loaded(serving)) == []  # and as a process opening now makes them
