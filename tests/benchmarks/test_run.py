"""`make bench` end to end on a tiny pack, so that the harness keeps working as the code under it changes.

Only the report's shape and its own consistency are checked; no time is asserted (speed is make bench's).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks import run


def test_a_tiny_run_prints_and_records_the_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "RESULTS.md"
    assert run.main(["--quick", "--sizes", "300", "--questions", "40", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    text = out.read_text(encoding="utf-8")
    assert printed.strip() == text.strip()
    assert f"`python -m benchmarks.run --quick --sizes 300 --questions 40 --out {out}`" in text  # to rerun

    row = next(line for line in text.splitlines() if line.startswith("| 300 |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert len(cells) == 12  # facts, import, build, p50, p99, naive p50, naive p99, ×, q/s, top-1 ×2, RSS
    p50, p99 = float(cells[3]), float(cells[4])
    assert 0 < p50 <= p99
    assert float(cells[5]) > 0 and cells[7].endswith("×") and float(cells[7].rstrip("×")) > 0
    top1, naive_top1 = (float(c.rstrip("%")) for c in cells[9:11])
    assert top1 > 50 and 0 <= naive_top1 <= 100  # the generated questions have answers Privy finds
    assert re.search(r"Cold start .* \*\*\d+\.\d\d s\*\*", text)
    assert "## Targets" in text and "accuracy: Privy's top-1 at least the naive scan's" in text
    assert "| 300 | " in text.split("## Import", 1)[1]  # the import table has its row too
