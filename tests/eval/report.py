"""`make eval`: the real-question set's held-out and tuning halves, our chat and held-out sets, our sets in
the other languages (both halves each), and the shared public set through the CLI, each as passed /
questions, the failures listed. Held-out failures are only counted (`--show-heldout` lists them): rules are
tuned on the tuning half, and a held-out line in sight invites a rule for it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from knowledge.service import Privy
from tests.conftest import TODAY
from tests.eval.lang_sets import SETS, lang_cases, lang_failures
from tests.eval.real_set import real_cases
from tests.eval.scoring import RUNNER, cases_of, failures

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def _score(
    privy: Privy, name: str, cases: list[dict], *, listed: bool = True, failed: list[str] | None = None
) -> None:
    failed = failures(privy, cases) if failed is None else failed
    for line in failed if listed else []:
        print(f"  FAIL {line}")
    passed = len(cases) - len(failed)
    print(f"{name}: {passed}/{len(cases)} ({passed / len(cases):.0%})\n")


def main() -> int:
    if RUNNER is None:  # every set is scored by the shared checker: without it there is no score to give
        print(
            "NOT RUN: ../shared/eval/run.py (the shared question sets' checker) is not beside the project",
            file=sys.stderr,
        )
        return 1
    privy = Privy(":memory:", today=lambda: TODAY)
    show = "--show-heldout" in sys.argv[1:]
    heldout = real_cases("heldout")
    _score(privy, "real questions, held-out half (the reported score)", heldout, listed=show)
    for kind in ("answer", "decline"):  # counted by kind, still never listed
        _score(privy, f"  of which to {kind}", [c for c in heldout if c["kind"] == kind], listed=show)
    _score(privy, "real questions, tuning half", real_cases("tuning"))
    _score(
        privy,
        "real questions with no date, tuning only (tests/eval/undated.jsonl)",
        cases_of(HERE / "undated.jsonl"),
    )
    _score(privy, "chat set (tests/eval/chat.jsonl)", cases_of(HERE / "chat.jsonl"))
    _score(privy, "our held-out set (tests/eval/heldout.jsonl)", cases_of(HERE / "heldout.jsonl"))
    _score(
        privy, "boundary set, written blind (tests/eval/boundary.jsonl)", cases_of(HERE / "boundary.jsonl")
    )
    for name in SETS:  # our sets in the other languages (tests/eval/lang/)
        for half in ("heldout", "tuning"):
            cases = lang_cases(name, half)
            failed = lang_failures(privy, cases)
            _score(
                privy, f"{name} questions, {half} half", cases, listed=half == "tuning" or show, failed=failed
            )
    print("public set (../shared/eval/run.py, through bot.py ask --json):")
    return subprocess.run([sys.executable, str(RUNNER)], cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
