"""Scoring a question set in-process with the shared eval's own checker (../shared/eval/run.py)."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from knowledge.answers.text import render_text
from knowledge.service import Privy

ROOT = Path(__file__).resolve().parents[2]
# The shared checker beside the project; from a git worktree (../wt/NAME) it is further up.
RUNNER = next(
    (d / "shared" / "eval" / "run.py" for d in ROOT.parents if (d / "shared" / "eval" / "run.py").exists()),
    None,
)


def cases_of(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def checker() -> Callable[[dict[str, Any], dict[str, Any]], list[str]]:
    """The shared eval's check(case, answer_json) -> reasons it failed; skips when it is not there."""
    if RUNNER is None:
        pytest.skip("../shared/eval is not beside the project")
    spec = importlib.util.spec_from_file_location("privy_eval_run", RUNNER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.check


def failures(privy: Privy, cases: list[dict[str, Any]]) -> list[str]:
    """One line for each case the answer fails, naming the case and why."""
    check = checker()
    out = []
    for case in cases:
        as_of = date.fromisoformat(case["as_of"]) if case.get("as_of") else None
        answer = privy.ask(case["q"], as_of=as_of)
        why = check(case, answer.to_dict(render_text(answer))) + clarify_platform(case, answer.platform)
        if why:
            out.append(f"{case['id']}: {case['q'][:80]!r}: {'; '.join(why)}")
    return out


def clarify_platform(case: dict[str, Any], platform: str | None) -> list[str]:
    """A region asked for the wrong platform is no answer either (the shared checker reads the platform of an
    answer's best fact only, and a clarify has none)."""
    expect = case["expect"]
    if "clarify" not in expect["status"] or "platform" not in expect or platform is None:
        return []
    return (
        [] if platform in expect["platform"] else [f"asked a region for {platform}, not {expect['platform']}"]
    )
