"""Our boundary set (tests/eval/boundary.jsonl): questions near Privy's subject, written by us in the styles of
GitHub issues, forums, reader columns and Discord, each batch's expectations written down before the batch was
first run. Half are to decline (how a model is made, the asker's own training, ads, a tool's errors, remarks),
half to answer (a platform named only by its product or setting, long posts, the asker's data said loosely).

Each batch was written to probe a weakness, so a batch's first-run score is low by design; the floor is the
score reached after the relevance gate was fixed for the whole kind, never for one line. Batches 20-59, 64-73 and 75-90 were
written by people who had read only the user docs and the fact pack, never the code, and never ran Privy.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from knowledge.service import Privy
from tests.eval.scoring import cases_of, failures

BOUNDARY_SET = Path(__file__).resolve().parent / "eval" / "boundary.jsonl"
# of 4,762; the 237 left are mostly rows whose right answer is arguable (how long a chat is kept once training
# is off, an API the pack covers only for the app, "Copilot Pro" which is both GitHub's and Microsoft's plan),
# a platform the pack does not know named like one it does ("is mastodon training ai on our toots?"), an ads
# question that mentions the AI training setting only to set it aside, or a request to add an AI provider that
# also asks whether the provider trains (the real set declines one such request), a headline quoted to ask
# whether it is true, a platform named only by its screen ("a Studio notification" for YouTube)
MIN_PASSED = 4525


def test_boundary_set_is_half_to_decline_and_well_formed() -> None:
    cases = cases_of(BOUNDARY_SET)
    assert len({c["id"] for c in cases}) == len(cases) >= 250
    kinds = Counter(c["kind"] for c in cases)
    assert kinds["decline"] >= 0.45 * len(cases)  # about half: the last blind batches were mostly to answer
    for case in cases:
        declined = case["kind"] == "decline"
        assert case["expect"]["status"] == (["no_match"] if declined else ["answered", "clarify"])
        assert declined or len(case["expect"]["platform"]) >= 1  # several where a question compares platforms


def test_boundary_set_floor(shared_privy: Privy) -> None:
    cases = cases_of(BOUNDARY_SET)
    failed = failures(shared_privy, cases)
    assert len(cases) - len(failed) >= MIN_PASSED, "\n".join(failed)
