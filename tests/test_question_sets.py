"""The public question set and our own held-out set, scored in-process with the shared eval's checker.

A regression guard: the bot must stay good at the kinds of question people ask. The checker is the
one in ../shared/eval/run.py (skipped when that folder is not beside the project).
"""

from __future__ import annotations

import importlib.util
import json
from datetime import date
from pathlib import Path

import pytest

from knowledge.answers.text import render_text
from knowledge.service import Privy

ROOT = Path(__file__).resolve().parent.parent
RUNNER = ROOT.parent / "shared" / "eval" / "run.py"
SETS = {
    "dev": (ROOT.parent / "shared" / "eval" / "dev.jsonl", 34 / 34),
    "heldout": (ROOT / "tests" / "eval" / "heldout.jsonl", 0.95),
}


def _checker():
    if not RUNNER.exists():
        pytest.skip("../shared/eval is not beside the project")
    spec = importlib.util.spec_from_file_location("privy_eval_run", RUNNER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.check


@pytest.mark.parametrize("name", sorted(SETS))
def test_question_set_scores(shared_privy: Privy, name: str) -> None:
    path, minimum = SETS[name]
    if not path.exists():
        pytest.skip(f"{path} is not there")
    check = _checker()
    cases = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    failures = []
    for case in cases:
        as_of = date.fromisoformat(case["as_of"]) if case.get("as_of") else None
        answer = shared_privy.ask(case["q"], as_of=as_of)
        why = check(case, answer.to_dict(render_text(answer)))
        if why:
            failures.append(f"{case['id']}: {'; '.join(why)}")
    passed = len(cases) - len(failures)
    assert passed >= minimum * len(cases), "\n".join(failures)
