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


def _rows(text: str, section: str | None = None) -> list[list[str]]:
    part = text.split(section, 1)[1] if section else text
    part = part.split("\n## ", 1)[0] if section else part.split("\n## Targets", 1)[0]
    return [
        [c.strip() for c in line.strip("|").split("|")]
        for line in part.splitlines()
        if line.startswith(("| today | 300 |", "| skewed | 300 |"))
    ]


def test_a_recorded_run_says_how_to_run_it_again(tiny_run: tuple[list[str], str, Path]) -> None:
    argv, text, _ = tiny_run
    assert f"`python -m benchmarks.run {' '.join(argv)}`" in text  # to rerun
    assert re.search(r"Cold start .* \*\*\d+\.\d\d s\*\*", text)
    assert "## Targets" in text and "accuracy: Privy's top-1 at least the naive scan's" in text
    assert len(_rows(text, "## Import")) == 2  # both layouts imported
    assert "Checked against the core's rule on every generated set: they agree everywhere." in text


def test_the_answer_table_sets_privy_beside_both_baselines_on_both_layouts(
    tiny_run: tuple[list[str], str, Path],
) -> None:
    rows = _rows(tiny_run[1])
    assert [r[0] for r in rows] == ["today", "skewed"]
    for cells in rows:
        assert len(cells) == 23
        p50, p99, slowest = (float(c) for c in cells[4:7])
        assert float(cells[3]) >= 0  # open: 0.00 s for 300 facts, when the machine is idle
        assert 0 < p50 <= p99 <= slowest + 0.05  # slowest is shown to 0.1 ms
        top1, precision = (float(c.rstrip("%")) for c in cells[10:12])
        assert top1 > 50 and precision >= top1  # the generated questions have answers Privy finds
        assert float(cells[12]) > 0 and float(cells[14]) > 0  # the naive scan's p50, as written and prepared
        assert float(cells[17]) > 0  # FTS5's p50
        for faster in cells[20:22]:  # Privy beside each naive scan
            assert faster.endswith("×") and float(faster.rstrip("×")) >= 0


def test_the_save_table_says_who_served_the_change_and_how_soon(
    tiny_run: tuple[list[str], str, Path],
) -> None:
    rows = _rows(tiny_run[1], "## A moderator's save")
    assert len(rows) == 2
    for cells in rows:
        assert len(cells) == 13
        save_s, stall, on_loop_stall, next_ms = (float(c) for c in cells[2:6])
        assert save_s > 0 and stall >= 0 and on_loop_stall >= 0 and next_ms > 0
        assert cells[6] == "0"  # the saving process followed the change log: no reload
        assert 0 <= float(cells[7]) < 60_000  # the other process served it, timed from the commit
    today, skewed = rows
    assert float(today[10]) >= 0 and float(today[12]) > 0  # export and a cold CLI ask, first layout only
    assert skewed[10] == skewed[12] == "–"


def test_a_missed_target_is_printed_as_missed_with_its_figure() -> None:
    from benchmarks.report import _targets

    result = {
        "layout": "today", "size": 100_000, "questions": 300, "real_p99_ms": 4.2, "real_max_ms": 9.0,
        "naive_mean_ms": 60.0, "real_mean_same_ms": 1.0, "written_mean_ms": 120.0, "real_mean_written_ms": 1.0,
        "open_s": 0.5, "rss_mb": 150.0, "served_ms": 20.0,
        "next_served": True, "save_reloads": 0, "next_ms": 3.0, "stall_ms": 10.0, "real_top1": 0.8,
        "real_top1_same": 0.8, "naive_top1": 0.3,
    }  # fmt: skip
    lines = _targets([result], {"warm_s": 0.2, "fresh_s": 0.3})
    assert "- **missed**: today layout, 100k facts: p99 ≤ 3 ms: 4.20 ms" in lines
    assert (
        "- **missed**: today layout, 100k facts: ≥ 150× the naive scan (mean): 120× (1.00 ms against"
        " 120.0 ms; 150× would be 0.80 ms a question). Against the prepared scan (60.0 ms), 60×, short of 150×"
    ) in lines
    assert "- met: today layout, 100k facts: slowest ≤ 10 ms: 9.0 ms" in lines


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
