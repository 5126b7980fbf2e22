"""`python bot.py status PLATFORM [--as-of DATE] [--json]` as a person runs it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_cli import run


def test_status_prints_one_line_a_group_of_regions(tmp_path: Path) -> None:
    done = run(["status", "linkedin", "--as-of", "2026-01-01"], tmp_path / "privy.db")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "LinkedIn: AI training by region, as of 1 Jan 2026"
    assert any(line.startswith("- UK: AI training: trains") and "since 3 Nov 2025" in line for line in lines)


def test_status_json_and_an_unknown_platform(tmp_path: Path) -> None:
    db = tmp_path / "privy.db"
    done = run(["status", "meta", "--as-of", "2024-10-01", "--json"], db)
    view = json.loads(done.stdout)
    assert view["platform"] == "meta" and view["as_of"] == "2024-10-01"
    assert {"regions": ["uk"], "training": "yes", "since": "2024-09-13"}.items() <= next(
        r for r in view["rows"] if r["regions"] == ["uk"]
    ).items()
    unknown = run(["status", "nosuchthing"], db)
    assert unknown.returncode == 2 and "unknown platform" in unknown.stderr
    assert "use one of: adobe, amazon" in unknown.stderr and "linkedin" in unknown.stderr  # what to type
