"""The stores benchmark at a tiny size: every row measured on SQLite, and a store Privy cannot open said in
one line with the reason (PostgreSQL until its store lands), never a traceback or a password."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import stores
from tests.pgcluster import ThrowawayCluster


def _columns(printed: str) -> dict[str, list[str]]:
    """Each row's label -> its cells, from the printed table."""
    rows = [line.strip("|").split("|") for line in printed.splitlines() if line.startswith("| ")]
    return {cells[0].strip(): [c.strip() for c in cells[1:]] for cells in rows}


def test_each_store_is_measured_or_says_why_not(
    tmp_path: Path, pg_cluster: ThrowawayCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "STORES.md"
    sqlite, postgres = str(tmp_path / "privy.db"), pg_cluster.new_database()
    argv = ["--facts", "60", "--questions", "20", "--store", sqlite, "--store", postgres, "--record"]
    assert stores.main([*argv, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert out.read_text(encoding="utf-8").endswith(printed)  # the record is what was printed
    table = _columns(printed)
    assert table[""] == ["SQLite", "PostgreSQL"]
    for label, (on_sqlite, _) in table.items():
        if label:
            assert on_sqlite not in ("–", "never"), label
    assert float(table["`facts import` into the empty store, s"][0]) > 0
    assert float(table["top-1 (the expected fact first)"][0].rstrip("%")) > 50
    served = float(table["the save served by another process, ms after the commit (slowest)"][0])
    assert 0 <= served < 1000
    on_postgres = [cells[1] for label, cells in table.items() if label]
    if "PostgreSQL store not available: " in printed:  # Privy cannot open postgresql:// URLs yet
        assert set(on_postgres) == {"–"}
    else:
        assert "–" not in on_postgres and "never" not in on_postgres


def test_a_server_that_cannot_be_reached_is_one_line_without_the_password(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dead = f"postgresql://privy:hunter2@/privy?host={tmp_path}"
    assert stores.main(["--facts", "20", "--questions", "5", "--store", dead]) == 0
    printed = capsys.readouterr().out
    [line] = [line for line in printed.splitlines() if "not available" in line]
    assert line.startswith("PostgreSQL store not available: ") and "hunter2" not in printed
