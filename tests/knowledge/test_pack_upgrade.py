"""A base seeded from an older embedded pack takes the shipped pack's corrections at start, as SYSTEM, and
never loses a curator's work (knowledge.store.pack_upgrade); on each store (tests/conftest.py BOTH_STORES)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest

from knowledge.answers.text import render_text
from knowledge.curation.workflow import fact_entry
from knowledge.packs.format import Pack
from knowledge.service import Privy
from knowledge.store.facts import Author, FactStore
from knowledge.store.pack_upgrade import DROPPED, applied_digest, pack_digest, upgrade, upgrade_on_open
from tests.knowledge.pack_versions import (
    ADDED,
    CURATOR_RETIRED,
    DROPPED_EDITED,
    EDITED,
    OLD_ANSWER,
    OLD_NAME,
    OLDER,
    RENAMED,
    UPDATED,
    VERIFIED,
    older_pack,
    seed_older,
    shipped,
)

TODAY = date(2026, 12, 7)
ALICE = Author("alice", "1001")
BOB = Author("bob", "1002")
SERVER = "4242"
QUESTION = "Is LinkedIn training AI on my data?"


@pytest.fixture
def old(make_privy: Callable[..., Privy]) -> Privy:
    """A base seeded from the older pack, then worked on by curators and by one server."""
    privy = make_privy(seed=False)
    seed_older(privy)
    store = privy.store
    store.save({**fact_entry(store.get(EDITED)[0]), "answer": "Alice's own wording, checked today."}, ALICE)
    store.save({**fact_entry(store.get(DROPPED_EDITED)[0]), "answer": "Alice keeps this one."}, ALICE)
    store.retire(CURATOR_RETIRED, "the form moved", ALICE)
    store.verify(VERIFIED, BOB, today=TODAY)
    server = store.scoped(SERVER)
    server.save({**fact_entry(store.get(UPDATED)[0]), "answer": "This server's own wording."}, BOB)
    return privy


def revisions(privy: Privy) -> int:
    return int(privy.db.execute("select count(*) from revisions").fetchone()[0])


def answer(privy: Privy, fact_id: str, scope: str = "") -> str:
    return privy.store.scoped(scope).get(fact_id)[0].answer


def shipped_answer(fact_id: str) -> str:
    return next(f.answer for f in shipped().facts if f.id == fact_id)


def test_the_upgrade_adds_updates_retires_and_keeps_what_curators_changed(old: Privy) -> None:
    plan = upgrade(old.store, [shipped()], "new")
    assert (set(plan.added), set(plan.updated), plan.retired) == (
        {ADDED, RENAMED},
        {UPDATED, VERIFIED},
        [OLD_NAME],
    )
    assert {(k.fact_id, k.by, k.action) for k in plan.kept} == {
        (CURATOR_RETIRED, "alice", "retire"),
        (DROPPED_EDITED, "alice", "edit"),
        (EDITED, "alice", "edit"),
    }
    assert [answer(old, f) for f in (UPDATED, ADDED, RENAMED)] == [
        shipped_answer(f) for f in (UPDATED, ADDED, RENAMED)
    ]
    assert old.store.get(OLD_NAME)[0].retired == DROPPED
    assert answer(old, EDITED) == "Alice's own wording, checked today."
    assert old.store.get(CURATOR_RETIRED)[0].retired == "the form moved"  # never re-added
    assert old.store.get(DROPPED_EDITED)[0].retired is None  # a curator's fact now: not retired
    assert answer(old, UPDATED, SERVER) == "This server's own wording."  # a server's own layer is its own
    last = old.store.history(UPDATED)[-1]
    assert (last.by_name, last.note, last.rev) == ("privy (embedded pack)", "embedded pack upgrade", 2)
    assert applied_digest(old.store) == "new"


def test_a_verification_alone_does_not_hold_back_a_correction(old: Privy) -> None:
    upgrade(old.store, [shipped()], "new")
    fact = old.store.get(VERIFIED)[0]
    shipped_fact = next(f for f in shipped().facts if f.id == VERIFIED)
    assert (fact.answer, fact.verified) == (shipped_fact.answer, shipped_fact.verified)
    assert [r.action for r in old.store.history(VERIFIED)] == ["import", "verify", "import"]


def test_the_answer_a_user_sees_is_corrected(old: Privy) -> None:
    before = render_text(old.ask(QUESTION, region="uk"))
    upgrade(old.store, [shipped()], "new")
    after = render_text(old.ask(QUESTION, region="uk"))
    assert "No — paused since 3 Nov 2025: LinkedIn is not training AI" in before and OLD_ANSWER in before
    assert "Yes — since 3 Nov 2025 LinkedIn trains AI" in after and OLD_ANSWER not in after


def test_running_it_twice_writes_nothing_the_second_time(old: Privy) -> None:
    upgrade(old.store, [shipped()], "new")
    count = revisions(old)
    again = upgrade(old.store, [shipped()], "new")
    assert (again.added, again.updated, again.retired, revisions(old)) == ([], [], [], count)
    assert len(again.kept) == 3  # still reported: the pack and the curator still disagree


def test_a_dry_run_plans_and_writes_nothing(old: Privy) -> None:
    count = revisions(old)
    plan = upgrade(old.store, [shipped()], "new", dry_run=True)
    assert set(plan.updated) == {UPDATED, VERIFIED}
    assert (revisions(old), answer(old, UPDATED), applied_digest(old.store)) == (count, OLD_ANSWER, OLDER)
    lines = plan.lines()
    assert f"  {'update':<12} {UPDATED}" in lines
    assert any(line.startswith(f"  kept-curated {EDITED}  (edit by alice on 20") for line in lines)


def test_at_start_an_older_base_is_upgraded_and_an_unchanged_digest_costs_no_write(old: Privy) -> None:
    plan = upgrade_on_open(old.store)
    assert plan is not None and set(plan.updated) == {UPDATED, VERIFIED}
    assert applied_digest(old.store) == pack_digest()
    count = revisions(old)
    assert upgrade_on_open(old.store) is None
    assert revisions(old) == count


def test_a_correction_alerts_like_a_curators_save_and_seeding_stays_silent(old: Privy) -> None:
    assert changes_logged(old) == 0  # seeding the older pack: silent
    old.scoped(SHARED_HOME).subscribe_alerts(SHARED_HOME, "77", platforms="linkedin", regions="uk")
    upgrade(old.store, [shipped()], "new")
    assert changes_logged(old) >= 1
    outbox = old.db.execute("select notice from alert_outbox").fetchall()
    assert outbox and "LinkedIn" in outbox[0][0]


SHARED_HOME = "5151"


def changes_logged(privy: Privy) -> int:
    return int(
        privy.db.execute("select count(*) from answer_changes where platform = 'linkedin'").fetchone()[0]
    )


def test_a_new_base_is_seeded_silently_with_the_digest(fresh_privy: Privy) -> None:
    assert applied_digest(fresh_privy.store) == pack_digest()
    assert int(fresh_privy.db.execute("select count(*) from answer_changes").fetchone()[0]) == 0
    assert upgrade_on_open(fresh_privy.store) is None


def test_a_base_with_facts_of_its_own_before_seeding_never_takes_the_pack(empty_privy: Privy) -> None:
    own = replace(next(f for f in shipped().facts if f.id == ADDED), id="own-fact")
    empty_privy.store.import_pack(Pack("own", shipped().platforms, [own]), ALICE)
    assert empty_privy.store.seed([shipped()], pack_digest()) == 0
    assert upgrade_on_open(empty_privy.store) is None
    assert empty_privy.store.count() == 1


def test_a_base_seeded_before_digests_were_kept_is_upgraded(make_privy: Callable[..., Privy]) -> None:
    privy = make_privy(seed=False)
    FactStore(privy.db, "").seed([older_pack()])  # as Privy seeded this morning's base: no digest
    assert applied_digest(privy.store) is None
    plan = upgrade_on_open(privy.store)
    assert plan is not None and set(plan.updated) == {UPDATED, EDITED, CURATOR_RETIRED, VERIFIED}
    assert (answer(privy, UPDATED), applied_digest(privy.store)) == (shipped_answer(UPDATED), pack_digest())


def test_a_base_of_its_own_seeded_before_digests_never_takes_the_pack(empty_privy: Privy) -> None:
    own = replace(next(f for f in shipped().facts if f.id == ADDED), id="own-fact")
    empty_privy.store.import_pack(Pack("own", shipped().platforms, [own]), ALICE)
    FactStore(empty_privy.db, "").seed([older_pack()])  # not empty: nothing loaded, no digest
    assert upgrade_on_open(empty_privy.store) is None
    assert (empty_privy.store.count(), applied_digest(empty_privy.store)) == (1, "")
