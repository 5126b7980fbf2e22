"""The real-question set (tests/eval/real.jsonl): questions people wrote, each with its source and date.

Split fixed before any tuning: a question is in the held-out half when the SHA-256 of its id is odd,
in the tuning half otherwise. Rules are tuned on the tuning half only; the held-out score is the one
reported.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from tests.eval.scoring import cases_of

REAL = Path(__file__).resolve().parent / "real.jsonl"
HALVES = ("tuning", "heldout")


def half_of(case_id: str) -> str:
    """Which half a question belongs to, from its id alone (so adding questions never moves old ones)."""
    return "heldout" if int(hashlib.sha256(case_id.encode()).hexdigest(), 16) % 2 else "tuning"


def real_cases(half: str | None = None) -> list[dict[str, Any]]:
    """The questions of one half, or all of them."""
    cases = cases_of(REAL)
    return [c for c in cases if half is None or half_of(c["id"]) == half]
