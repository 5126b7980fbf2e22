"""Confirming an import checks that every fact is still at the revision its plan was made from; a newer
edit by another moderator is never overwritten without a word."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from knowledge.curation.workflow import Curator, fact_entry
from knowledge.service import Privy
from knowledge.store.facts import Author, PlanOutdated

TODAY = date(2026, 12, 7)
ALICE = Author("alice", "1001")
BOB = Author("bob", "1002")
OPT_OUT = "linkedin-optout-global-2024"
PAUSED = "meta-genai-uk-paused-2024"


@pytest.fixture
def privy(fresh_privy: Privy) -> Privy:
    """A seeded base, on each store (tests/conftest.py BOTH_STORES)."""
    return fresh_privy


def new_fact(n: int) -> dict[str, Any]:
    return {
        "id": f"zoom-plan-{n}",
        "platform": "zoom",
        "regions": ["global"],
        "topic": "background",
        "question": f"Plan test question {n} about Zoom?",
        "answer": "Zoom says it does not train its AI on call content.",
        "sources": [{"url": f"https://zoom.com/trust/{n}", "title": "Example", "publisher": "Zoom"}],
        "verified": "2026-01-01",
    }


def pack_text(privy: Privy, *facts: dict[str, Any]) -> str:
    """A pack changing OPT_OUT's answer and keeping PAUSED as it is, plus `facts`."""
    changed = {**fact_entry(privy.store.get(OPT_OUT)[0]), "answer": "The imported answer."}
    same = fact_entry(privy.store.get(PAUSED)[0])
    return yaml.safe_dump({"pack": "plans", "platforms": [], "facts": [changed, same, *facts]})


def answer(privy: Privy, fact_id: str) -> str:
    return privy.store.get(fact_id)[0].answer


def test_the_plan_remembers_the_revision_of_every_fact(privy: Privy) -> None:
    curator = Curator(privy.scoped(""))
    _, plan = curator.read_pack(pack_text(privy, new_fact(1)))
    assert (plan.changed, plan.unchanged, plan.added) == ([OPT_OUT], [PAUSED], ["zoom-plan-1"])
    assert plan.revisions == {
        OPT_OUT: privy.store.get(OPT_OUT)[1],
        PAUSED: privy.store.get(PAUSED)[1],
        "zoom-plan-1": 0,
    }


def test_a_plan_still_true_is_imported(privy: Privy) -> None:
    curator = Curator(privy.scoped(""))
    text = pack_text(privy, new_fact(1))
    _, plan = curator.read_pack(text)
    privy.store.verify("adobe-genai-training-global-2024", BOB, TODAY)  # not in the pack: no matter
    outcome = curator.import_text(text, "plans.yaml", ALICE, plan=plan)
    assert outcome.plan is not None and outcome.plan.summary() == "1 added, 1 changed, 1 unchanged"
    assert answer(privy, OPT_OUT) == "The imported answer."


def test_an_edit_made_after_the_plan_is_not_overwritten(privy: Privy) -> None:
    curator = Curator(privy.scoped(""))
    text = pack_text(privy, new_fact(1))
    _, plan = curator.read_pack(text)  # alice is shown the plan ...
    planned = plan.revisions[OPT_OUT]
    edited = {**fact_entry(privy.store.get(OPT_OUT)[0]), "answer": "Bob's newer answer."}
    privy.store.save(edited, BOB, base_rev=planned)  # ... bob saves the same fact ...
    with pytest.raises(PlanOutdated) as refused:  # ... and alice confirms
        curator.import_text(text, "plans.yaml", ALICE, plan=plan)
    assert str(refused.value) == (
        f"1 fact(s) of this import changed since its plan was made: {OPT_OUT} (revision {planned + 1}, "
        f"planned at {planned}); nothing was imported. Read the pack again to see a new plan."
    )
    assert answer(privy, OPT_OUT) == "Bob's newer answer."
    assert not privy.store.exists("zoom-plan-1")  # nothing of the pack was written
    assert [r.by_name for r in privy.store.history(OPT_OUT)][-1] == "bob"

    _, fresh = curator.read_pack(text)  # a new plan, shown again, can be confirmed
    curator.import_text(text, "plans.yaml", ALICE, plan=fresh)
    assert answer(privy, OPT_OUT) == "The imported answer."


def test_a_fact_the_plan_would_add_that_someone_added_meanwhile_is_named(privy: Privy) -> None:
    curator = Curator(privy.scoped(""))
    text = pack_text(privy, new_fact(1))
    _, plan = curator.read_pack(text)
    privy.store.add({**new_fact(1), "answer": "Added by bob first."}, BOB, today=TODAY)
    with pytest.raises(PlanOutdated, match=r"zoom-plan-1 \(added\); nothing was imported"):
        curator.import_text(text, "plans.yaml", ALICE, plan=plan)
    assert answer(privy, "zoom-plan-1") == "Added by bob first."


def test_a_long_list_of_changed_facts_names_ten(privy: Privy) -> None:
    curator = Curator(privy.scoped(""))
    text = pack_text(privy, *(new_fact(n) for n in range(12)))
    _, plan = curator.read_pack(text)
    for n in range(12):
        privy.store.add(new_fact(n), BOB, today=TODAY)
    with pytest.raises(PlanOutdated) as refused:
        curator.import_text(text, "plans.yaml", ALICE, plan=plan)
    message = str(refused.value)
    assert message.startswith(
        "12 fact(s) of this import changed since its plan was made: zoom-plan-0 (added)"
    )
    assert "zoom-plan-9 (added) and 2 more; nothing was imported." in message


def test_a_proposal_is_approved_only_if_its_facts_did_not_change(privy: Privy) -> None:
    proposer = Curator(privy.scoped(""), require_review=True)
    text = pack_text(privy)
    _, plan = proposer.read_pack(text)
    proposal = proposer.import_text(text, "plans.yaml", ALICE, plan=plan).change
    assert proposal is not None
    edited = {**fact_entry(privy.store.get(OPT_OUT)[0]), "answer": "Bob's newer answer."}
    privy.store.save(edited, BOB)
    with pytest.raises(PlanOutdated, match=OPT_OUT):
        proposer.approve(proposal.id, BOB)
    assert answer(privy, OPT_OUT) == "Bob's newer answer."
    assert proposer.changes.get(proposal.id).status == "pending"  # still there, to reject


def test_proposing_a_plan_that_no_longer_holds_is_refused(privy: Privy) -> None:
    proposer = Curator(privy.scoped(""), require_review=True)
    text = pack_text(privy)
    _, plan = proposer.read_pack(text)
    privy.store.verify(OPT_OUT, BOB, TODAY)
    with pytest.raises(PlanOutdated, match=OPT_OUT):
        proposer.import_text(text, "plans.yaml", ALICE, plan=plan)
    assert proposer.pending() == []


def test_without_a_plan_an_import_goes_through_as_before(privy: Privy) -> None:
    """The CLI imports what it reads, with no plan shown in between: nothing to confirm against."""
    curator = Curator(privy.scoped(""))
    text = pack_text(privy)
    privy.store.verify(OPT_OUT, BOB, TODAY)
    curator.import_text(text, "plans.yaml", ALICE)
    assert answer(privy, OPT_OUT) == "The imported answer."


def test_the_check_and_the_import_are_one_transaction(tmp_path: Path) -> None:
    """No other process can save between the revisions being checked and the pack being written."""
    privy = Privy(tmp_path / "privy.db", today=lambda: TODAY)
    curator = Curator(privy.scoped(""))
    text = pack_text(privy)
    _, plan = curator.read_pack(text)
    other = sqlite3.connect(tmp_path / "privy.db", timeout=0, isolation_level=None)
    refused: list[str] = []

    def another_writer_tries(sql: str, params: Any) -> None:
        if sql.startswith("select id, rev, scope from facts where"):  # the plan's revisions are checked
            try:
                other.execute("update facts set rev = rev + 1 where id = ?", [OPT_OUT])
            except sqlite3.OperationalError as exc:
                refused.append(str(exc))

    with privy.db.tracer(another_writer_tries):
        curator.import_text(text, "plans.yaml", ALICE, plan=plan)
    assert refused == ["database is locked"]
    assert answer(privy, OPT_OUT) == "The imported answer."
