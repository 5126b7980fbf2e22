"""`bot.py facts upgrade [--dry-run]`, and the same upgrade at start unless PRIVY_PACK_UPGRADE=off: a base
seeded this morning from an older pack answers like a fresh one after the pull."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

import bot
from knowledge.answers.text import render_text
from knowledge.curation.workflow import fact_entry
from knowledge.service import Privy
from knowledge.store.facts import Author
from knowledge.store.pack_upgrade import applied_digest, pack_digest
from tests.knowledge.pack_versions import EDITED, OLD_NAME, OLDER, UPDATED, seed_older

QUESTION = "Is LinkedIn training AI on my data?"


@pytest.fixture
def base(tmp_path: Path) -> Path:
    """A base file seeded from the older pack, one of whose facts a curator then edited."""
    path = tmp_path / "privy.db"
    privy = Privy(path, seed=False)
    seed_older(privy)
    entry = fact_entry(privy.store.get(EDITED)[0])
    privy.store.save({**entry, "answer": "Alice's own wording."}, Author("alice", "1001"))
    privy.db.close()
    return path


@pytest.fixture
def cli(base: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Any:
    monkeypatch.chdir(base.parent)
    monkeypatch.setenv("PRIVY_DB", str(base))
    monkeypatch.delenv("PRIVY_PACK_UPGRADE", raising=False)

    def run(*argv: str) -> tuple[int, str]:
        code = bot.main(list(argv))
        return code, capsys.readouterr().out

    return run


def state(path: Path) -> tuple[str | None, int]:
    """The digest the base was last brought to, and how many revisions it holds."""
    privy = Privy(path, seed=False)
    try:
        count = privy.db.execute("select count(*) from revisions").fetchone()[0]
        return applied_digest(privy.store), count
    finally:
        privy.db.close()


def reply(cli: Any) -> str:
    code, out = cli("ask", QUESTION, "--region", "uk", "--json")
    assert code == 0
    return str(json.loads(out)["reply"])


def test_the_dry_run_prints_the_plan_fact_by_fact_and_changes_nothing(cli: Any, base: Path) -> None:
    before = state(base)
    code, out = cli("facts", "upgrade", "--dry-run")
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == (
        "would upgrade to the embedded pack: 2 added, 3 updated, 2 retired, 1 kept because a curator changed them"
    )
    assert f"  {'update':<12} {UPDATED}" in lines and f"  {'retire':<12} {OLD_NAME}" in lines
    assert any(line.startswith(f"  kept-curated {EDITED}  (edit by alice on 20") for line in lines)
    assert state(base) == before


def test_the_command_applies_it_and_the_answer_changes(
    cli: Any, base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRIVY_PACK_UPGRADE", "off")
    old = reply(cli)
    assert state(base)[0] == OLDER  # off: opening the base leaves it as it is
    code, out = cli("facts", "upgrade")
    assert code == 0 and out.startswith("upgraded to the embedded pack: 2 added, 3 updated, 2 retired")
    assert state(base)[0] == pack_digest()
    new = reply(cli)
    assert "No — paused" in old and "Yes — since 3 Nov 2025 LinkedIn trains AI" in new


def test_at_start_the_base_is_upgraded_once(cli: Any, base: Path) -> None:
    assert "Yes — since 3 Nov 2025 LinkedIn trains AI" in reply(cli)
    digest, count = state(base)
    assert digest == pack_digest()
    reply(cli)
    assert state(base) == (digest, count)


def test_a_bad_setting_is_one_line_naming_it() -> None:
    with pytest.raises(bot.ConfigError, match="PRIVY_PACK_UPGRADE must be on or off, got 'sometimes'"):
        bot.load_config({"PRIVY_PACK_UPGRADE": "sometimes"})


def test_a_busy_base_answers_as_it_is_and_takes_the_upgrade_at_the_next_start(
    base: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr("knowledge.store.db.BUSY_TIMEOUT", 0.1)
    other = sqlite3.connect(base, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process's long write
    try:
        busy = Privy(base)
        assert "the embedded pack changed but the base could not take it now" in caplog.text
        assert "No — paused" in render_text(busy.ask(QUESTION, region="uk"))
    finally:
        other.execute("ROLLBACK")
        other.close()
    busy.db.close()
    assert "Yes — since 3 Nov 2025" in render_text(Privy(base).ask(QUESTION, region="uk"))
