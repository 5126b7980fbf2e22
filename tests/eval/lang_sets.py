"""Our question sets in the other languages Privy reads (tests/eval/lang/<code>.jsonl), written by us.

Each row gives the question, the English question it says (`en`), whether Privy should answer or decline
it, and what a right answer is: its status, platform, region and best fact, the fact an English asker gets
for `en` (or an equally right one, listed). Split like the real-question set, by the SHA-256 of the id
(tests/eval/real_set.py): vocabularies are tuned on the tuning half, and the held-out half is the score.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from knowledge.answers.text import render_text
from knowledge.service import Privy
from tests.eval.real_set import half_of
from tests.eval.scoring import cases_of, checker

LANG = Path(__file__).resolve().parent / "lang"
SETS = ("de", "fr", "es", "pt-BR", "pt-PT", "it", "nl", "pl", "ja")


def lang_cases(name: str, half: str | None = None) -> list[dict[str, Any]]:
    """The questions of one language's set, of one half or all of them."""
    return [c for c in cases_of(LANG / f"{name}.jsonl") if half is None or half_of(c["id"]) == half]


def lang_failures(privy: Privy, cases: list[dict[str, Any]]) -> list[str]:
    """One line for each question answered wrong: the shared checker's status, platform and region, and
    the best fact when the row names the right ones."""
    check = checker()
    out = []
    for case in cases:
        answer = privy.ask(case["q"])
        why = check(case, answer.to_dict(render_text(answer)))
        wanted = case["expect"].get("fact")
        if wanted and answer.status == "answered" and (not answer.facts or answer.facts[0].id not in wanted):
            why.append(f"best fact {answer.facts[0].id if answer.facts else None}, expected one of {wanted}")
        if why:
            out.append(f"{case['id']}: {case['q'][:80]!r}: {'; '.join(why)}")
    return out
