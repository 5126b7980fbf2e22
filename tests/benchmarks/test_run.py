"""`make bench` end to end on a tiny pack, so that the harness keeps working as the code under it changes.

Only the report's shape and its own consistency are checked; no time is asserted (speed is make bench's).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from benchmarks import run


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], str, Path]:
    out = tmp_path_factory.mktemp("bench") / "RESULTS.md"
    argv = ["--quick", "--sizes", "300", "--questions", "40", "--record", "--out", str(out)]
    assert run.main(argv) == 0
    return argv, out.read_text(encoding="utf-8"), out


def _row(text: str, section: str | None = None) -> list[str]:
    part = text.split(section, 1)[1] if section else text
    row = next(line for line in part.splitlines() if line.startswith("| 300 |"))
    return [c.strip() for c in row.strip("|").split("|")]


def test_a_recorded_run_says_how_to_run_it_again(tiny_run: tuple[list[str], str, Path]) -> None:
    argv, text, _ = tiny_run
    assert f"`python -m benchmarks.run {' '.join(argv)}`" in text  # to rerun
    assert re.search(r"Cold start .* \*\*\d+\.\d\d s\*\*", text)
    assert "## Targets" in text and "accuracy: Privy's top-1 at least the naive scan's" in text
    assert "| 300 | " in text.split("## Import", 1)[1]  # the import table has its row too
    assert "Checked against the core's rule on every generated set: they agree everywhere." in text


def test_the_answer_table_has_every_column(tiny_run: tuple[list[str], str, Path]) -> None:
    cells = _row(tiny_run[1])
    # facts, import, open+first, p50, p99, slowest, naive p50, naive p99, ×, q/s, top-1 ×2, RSS
    assert len(cells) == 13
    first, p50, p99, slowest = (float(c) for c in cells[2:6])
    assert first > 0 and 0 < p50 <= p99 <= slowest
    assert float(cells[6]) > 0 and cells[8].endswith("×") and float(cells[8].rstrip("×")) > 0
    top1, naive_top1 = (float(c.rstrip("%")) for c in cells[10:12])
    assert top1 > 50 and 0 <= naive_top1 <= 100  # the generated questions have answers Privy finds


def test_the_save_table_says_how_long_the_change_took_to_reach_another_process(
    tiny_run: tuple[list[str], str, Path],
) -> None:
    cells = _row(tiny_run[1], "## A moderator's save")
    assert len(cells) == 13
    save_s, stall, on_loop_stall, served = (float(c) for c in cells[1:5])
    assert save_s > 0 and stall >= 0 and on_loop_stall >= 0
    assert served >= save_s * 1000 * 0.5  # from the save's start, so never far below the save itself
    before, peak = float(cells[5]), float(cells[6])
    assert 0 < before <= peak
    assert (
        float(cells[7]) >= 0 and cells[8] and float(cells[9]) > 0
    )  # export: seconds (0.0 when quick), libyaml, MB
    assert float(cells[11]) > 0 and float(cells[12]) > 0  # a long question, a cold CLI ask


def test_without_record_the_tree_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tiny_run: Any
) -> None:
    """`make bench` prints; only `make bench RECORD=1` writes benchmarks/RESULTS.md."""
    results_file = tmp_path / "RESULTS.md"
    monkeypatch.setattr(run, "RESULTS", results_file)
    recorded = tiny_run[1]  # a real run's report, given back without measuring again
    monkeypatch.setattr(run, "run_size", lambda *a: {})
    monkeypatch.setattr(run, "cold_start", lambda *a: {})
    monkeypatch.setattr(run, "report", lambda *a: recorded)
    assert run.main(["--sizes", "300"]) == 0
    assert not results_file.exists()
    assert capsys.readouterr().out.strip() == recorded.strip()
    assert run.main(["--sizes", "300", "--record"]) == 0
    assert results_file.read_text(encoding="utf-8") == recorded
