"""The public question set and our own held-out set, scored in-process with the shared eval's checker.

A regression guard: the bot must stay good at the kinds of question people ask. The checker is the
one in ../shared/eval/run.py (skipped when that folder is not beside the project).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.service import Privy
from tests.eval.scoring import cases_of, failures

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "dev": (ROOT.parent / "shared" / "eval" / "dev.jsonl", 34 / 34),
    "heldout": (ROOT / "tests" / "eval" / "heldout.jsonl", 0.95),
}


@pytest.mark.parametrize("name", sorted(SETS))
def test_question_set_scores(shared_privy: Privy, name: str) -> None:
    path, minimum = SETS[name]
    if not path.exists():
        pytest.skip(f"NOT RUN: {path} is not there (the shared question sets sit beside the project)")
    cases = cases_of(path)
    failed = failures(shared_privy, cases)
    assert len(cases) - len(failed) >= minimum * len(cases), "\n".join(failed)
