"""Questions people really wrote (tests/eval/real.jsonl): answer the ones about a platform training AI on
their data, decline the rest (a tool's set-up, telemetry, a project's own model or dataset, a licence).

The floor is the held-out half's score when the relevance gate was tuned (on the other half only). Raise
it when the gate gets better; never lower it to make a change pass. `make eval` prints both halves.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from knowledge.service import Privy
from tests.eval.real_set import HALVES, half_of, real_cases
from tests.eval.scoring import cases_of, failures

# 111 of 134 (83%) held out after the ninth search's rows (it was 103 of 123 before them); 110 passes, 109 would
# fail. Tuning 127 of 137.
MIN_HELDOUT = 0.82
MIN_QUESTIONS = 160


def test_real_set_is_well_formed() -> None:
    """Every row names where and when it was written, says whether to answer, and both halves are used."""
    cases = real_cases()
    assert len(cases) >= MIN_QUESTIONS
    assert len({c["id"] for c in cases}) == len(cases)
    assert len({c["q"] for c in cases}) == len(cases)
    for case in cases:
        assert case["source"].startswith("https://") and case["written"][:4].isdigit()
        assert case["kind"] in {"answer", "decline"}
        expected = ["no_match"] if case["kind"] == "decline" else ["answered", "clarify"]
        assert case["expect"]["status"] == expected
        assert case["kind"] == "decline" or case["expect"]["platform"]
    halves = Counter(half_of(c["id"]) for c in cases)
    assert set(halves) == set(HALVES) and min(halves.values()) >= len(cases) // 3


def test_heldout_score_does_not_drop(shared_privy: Privy) -> None:
    cases = real_cases("heldout")
    # counted, never listed: a rule written for a held-out line would make it a tuning line (a plain number,
    # so that pytest's report of a failing assert cannot show the failures either)
    passed: int = len(cases) - len(failures(shared_privy, cases))
    assert passed >= MIN_HELDOUT * len(cases), (
        f"{passed}/{len(cases)} held out (floor {MIN_HELDOUT:.0%});"
        " `python -m tests.eval.report --show-heldout` lists them"
    )


def test_declined_questions_get_one_line_on_what_privy_covers(shared_privy: Privy) -> None:
    """A question that only names a platform is told what Privy covers, and is not queued for moderators."""
    answer = shared_privy.ask("Do you guys know, how can one use a claude code max subscription with aider?")
    assert answer.status == "no_match" and answer.reply_kind == "not_covered"
    assert not answer.worth_reviewing


UNDATED = Path(__file__).resolve().parent / "eval" / "undated.jsonl"
MIN_UNDATED = 35  # of 38: "is it possible to have a folder excluded from training?" names no platform


def test_undated_real_questions_are_a_tuning_set_only(shared_privy: Privy) -> None:
    """Real questions whose pages give no date (tests/eval/undated.jsonl): tuned on, never the reported score,
    and never one of real.jsonl's (the same words or the same page)."""
    cases = cases_of(UNDATED)
    real = real_cases()
    assert not {c["q"] for c in cases} & {c["q"] for c in real}
    assert not {c["source"] for c in cases} & {c["source"] for c in real}
    assert all(c["source"].startswith("https://") and c["kind"] in {"answer", "decline"} for c in cases)
    failed = failures(shared_privy, cases)
    assert len(cases) - len(failed) >= MIN_UNDATED, "\n".join(failed)


def test_make_eval_without_the_shared_checker_says_so_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A clone with no ../shared/eval beside it (not this machine's layout): one sentence, not a traceback."""
    from tests.eval import report

    monkeypatch.setattr(report, "RUNNER", None)
    assert report.main() == 1
    err = capsys.readouterr().err
    assert err.startswith("NOT RUN: ../shared/eval/run.py") and len(err.splitlines()) == 1
