"""The fact base keeps every change: validation names the field, imports are all or nothing, nothing is lost."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

import psycopg
import pytest

from knowledge.packs.format import LIMITS, Pack, PackError, load_pack, parse_fact, parse_yaml
from knowledge.service import Privy
from knowledge.store.dialect import is_postgres
from knowledge.store.facts import Author, ConflictError, FactStore, NotFoundError, NothingToRevert

TODAY = date(2026, 12, 7)  # the embedded facts were verified on this day
REVERIFIED = TODAY  # the day issue 18 re-read the facts (their `verified`)
MOD = Author("mod", "1001")
OTHER = Author("manager", "1002")


@pytest.fixture
def privy(fresh_privy: Privy) -> Privy:
    """A seeded base, on each store (tests/conftest.py BOTH_STORES)."""
    return fresh_privy


@pytest.fixture
def store(privy: Privy) -> FactStore:
    return privy.store


def good_fact(**changes: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "id": "zoom-calls-uk-2026",
        "platform": "zoom",
        "regions": ["uk"],
        "topic": "status",
        "question": "Does Zoom train AI on my calls?",
        "answer": "No. Zoom says it does not use audio, video or chat content to train its AI models.",
        "sources": [{"url": "https://www.zoom.com/en/trust/", "title": "Trust Center", "publisher": "Zoom"}],
        "verified": "2026-11-20",
    }
    raw.update(changes)
    return {k: v for k, v in raw.items() if v is not None}


# ---- validation: every error names the field ----------------------------------------------------------

BAD = [
    ({"sources": [{"url": "http://zoom.com/trust"}]}, "sources[0].url", "must be an https URL"),
    ({"sources": [{"url": "ftp://zoom.com"}]}, "sources[0].url", "must be an https URL"),
    ({"sources": [{"url": "https://[zoom.com/x"}]}, "sources[0].url", "must be an https URL"),
    ({"sources": [{"url": "https://zoom/x"}]}, "sources[0].url", "must be an https URL"),
    ({"sources": [{"url": "https:zoom.com"}]}, "sources[0].url", "must be an https URL"),
    ({"sources": [{"url": "https://zoom.com", "date": "2025-13-01"}]}, "sources[0].date", "real date"),
    ({"sources": []}, "sources", "at least one source"),
    ({"regions": ["xx"]}, "regions", "unknown region code 'xx'"),
    ({"regions": ["Germany"]}, "regions", "did you mean 'de'"),
    ({"regions": []}, "regions", "at least one region code"),
    ({"regions": [False]}, "regions", "False is not a region code; for Norway write 'no' in quotes"),
    ({"verified": "2026-02-30"}, "verified", "must be a real date YYYY-MM-DD"),
    ({"verified": "2026-12-08"}, "verified", "is in the future"),
    ({"valid_from": "2026-01-02", "valid_until": "2026-01-01"}, "valid_until", "is before valid_from"),
    ({"question": "q" * (LIMITS["question"] + 1)}, "question", f"at most {LIMITS['question']}"),
    ({"answer": "a" * (LIMITS["answer"] + 1)}, "answer", f"at most {LIMITS['answer']}"),
    ({"answer": "   "}, "answer", "is required"),
    ({"steps": ["s" * (LIMITS["step"] + 1)]}, "steps", f"at most {LIMITS['step']}"),
    ({"topic": "rumour"}, "topic", "must be one of"),
    ({"platform": "myspace"}, "platform", "unknown platform 'myspace'"),
    ({"id": "Not A Slug"}, "id", "lowercase slug"),
    ({"colour": "blue"}, "colour", "unknown field"),
]


@pytest.mark.parametrize(("change", "field", "message"), BAD, ids=[b[1] + ":" + b[2][:20] for b in BAD])
def test_validation_names_the_field(
    store: FactStore, change: dict[str, Any], field: str, message: str
) -> None:
    before = store.count()
    with pytest.raises(PackError) as exc:
        store.add(good_fact(**change), MOD, today=TODAY)
    problems = [p for p in exc.value.problems if p.field == field]
    assert problems, f"no problem for {field}: {exc.value.problems}"
    assert any(message in p.message for p in problems), problems
    assert store.count() == before


def test_a_problem_reads_fact_field_message(store: FactStore) -> None:
    with pytest.raises(PackError) as exc:
        store.add(good_fact(regions=["zz"]), MOD, today=TODAY)
    assert str(exc.value.problems[0]) == "zoom-calls-uk-2026: regions: unknown region code 'zz'"


def test_ids_are_unique(store: FactStore) -> None:
    store.add(good_fact(), MOD, today=TODAY)
    with pytest.raises(PackError) as exc:
        store.add(good_fact(answer="Another answer."), OTHER, today=TODAY)
    assert [(p.field, p.message[:14]) for p in exc.value.problems] == [("id", "already exists")]


@pytest.mark.parametrize(("reason", "message"), [("  ", "a reason is required"), ("x" * 301, "at most 300")])
def test_retire_needs_a_short_reason(store: FactStore, reason: str, message: str) -> None:
    fid = store.facts()[0].id
    with pytest.raises(PackError) as exc:
        store.retire(fid, reason, MOD)
    assert exc.value.problems[0].field == "reason"
    assert message in exc.value.problems[0].message


# ---- revisions: who, when, what; revert; conflicts --------------------------------------------------


def test_every_change_is_a_revision_and_revert_loses_nothing(store: FactStore) -> None:
    store.add(good_fact(), MOD, today=TODAY)
    store.save(good_fact(answer="Zoom changed its terms."), OTHER, base_rev=1, today=TODAY)
    store.verify("zoom-calls-uk-2026", MOD, date(2026, 11, 23), base_rev=2)
    store.retire("zoom-calls-uk-2026", "superseded", OTHER, base_rev=3)
    store.revert("zoom-calls-uk-2026", 1, MOD)

    history = store.history("zoom-calls-uk-2026")
    assert [(r.rev, r.action, r.by_name, r.by_id) for r in history] == [
        (1, "add", "mod", "1001"),
        (2, "edit", "manager", "1002"),
        (3, "verify", "mod", "1001"),
        (4, "retire", "manager", "1002"),
        (5, "revert", "mod", "1001"),
    ]
    assert history[1].changes == ("answer",)
    assert history[2].changes == ("verified",)
    assert history[3].changes == ("retired",)
    assert set(history[4].changes) == {"answer", "verified", "retired"}
    assert history[4].data == history[0].data
    fact, rev = store.get("zoom-calls-uk-2026")
    assert rev == 5 and fact.retired is None and fact.answer.startswith("No. Zoom")
    assert all(r.at for r in history)


def test_a_stale_base_revision_is_a_conflict_carrying_the_current_text(store: FactStore) -> None:
    store.add(good_fact(), MOD, today=TODAY)
    store.save(good_fact(answer="First editor's answer."), MOD, base_rev=1, today=TODAY)
    with pytest.raises(ConflictError) as exc:
        store.save(good_fact(answer="Second editor's answer."), OTHER, base_rev=1, today=TODAY)
    assert exc.value.fact.answer == "First editor's answer."
    assert exc.value.rev == 2 and exc.value.by == "mod"
    assert store.get("zoom-calls-uk-2026")[0].answer == "First editor's answer."


def test_revert_to_a_missing_revision_says_which_exist(store: FactStore) -> None:
    store.add(good_fact(), MOD, today=TODAY)
    with pytest.raises(NotFoundError, match="revisions 1 to 1; there is no revision 7"):
        store.revert("zoom-calls-uk-2026", 7, MOD)


def test_a_revert_to_what_the_fact_already_is_adds_no_empty_revision(store: FactStore) -> None:
    store.add(good_fact(), MOD, today=TODAY)
    with pytest.raises(NothingToRevert, match=r"already as it was at revision 1 .* nothing to revert"):
        store.revert("zoom-calls-uk-2026", 1, MOD)
    assert [r.rev for r in store.history("zoom-calls-uk-2026")] == [1]


# ---- packs: atomic import and a lossless round trip -------------------------------------------------


def pack_text(facts: list[dict[str, Any]]) -> str:
    import yaml

    return yaml.safe_dump({"pack": "test", "platforms": [], "facts": facts}, sort_keys=False)


def test_a_pack_with_one_bad_fact_changes_nothing(store: FactStore) -> None:
    before = store.export_text()
    existing = store.facts()[0]
    changed = {**good_fact(id=existing.id, platform=existing.platform), "answer": "Changed by the pack."}
    data = parse_yaml(pack_text([good_fact(), changed, good_fact(id="bad-one", regions=["atlantis"])]))
    with pytest.raises(PackError) as exc:
        load_pack(data, store.platform_ids(), TODAY)
    assert [(p.where, p.field) for p in exc.value.problems] == [("bad-one", "regions")]
    assert store.export_text() == before


def refuse_revisions_of(store: FactStore, fact_id: str) -> None:
    """A trigger failing the insert of this fact's revisions, as a full disk would, on either store."""
    if not is_postgres(store.db):
        store.db.execute(
            f"create trigger refuse before insert on revisions when new.fact_id = '{fact_id}' "
            "begin select raise(abort, 'disk full'); end"
        )
        return
    store.db.execute(
        "create function refuse() returns trigger language plpgsql as $$ begin"
        f" if new.fact_id = '{fact_id}' then raise exception 'disk full'; end if; return new; end $$"
    )
    store.db.execute(
        "create trigger refuse before insert on revisions for each row execute function refuse()"
    )


def test_an_import_failing_half_way_rolls_back(store: FactStore) -> None:
    before = store.export_text()
    revisions = store.db["revisions"].count
    pack = load_pack(parse_yaml(pack_text([good_fact(), good_fact(id="zoom-second")])), store.platform_ids())
    refuse_revisions_of(store, "zoom-second")  # the database refuses its revision, after the first's
    with pytest.raises((sqlite3.IntegrityError, psycopg.errors.RaiseException), match="disk full"):
        store.import_pack(pack, MOD)
    assert store.export_text() == before
    assert store.db["revisions"].count == revisions


def test_facts_loaded_together_hold_what_they_share_once(store: FactStore) -> None:
    steps = ["Open Settings", "Switch off 'AI'"]
    for fact_id, region in (("zoom-calls-uk-2026", "uk"), ("zoom-calls-fr-2026", "fr")):
        store.add(good_fact(id=fact_id, regions=[region], steps=steps), MOD, today=TODAY)
    uk, fr = (f for f in store.facts() if f.id.startswith("zoom-calls"))
    assert uk.answer == fr.answer and uk.steps == fr.steps and uk.regions != fr.regions
    # one object each, not a copy per fact: a 100k base repeats these across regions
    assert uk.answer is fr.answer and uk.question is fr.question and uk.steps is fr.steps
    assert uk.sources[0].title is fr.sources[0].title


def test_a_fact_given_twice_in_one_import_is_two_revisions(store: FactStore) -> None:
    first, second = (
        parse_fact(good_fact(answer=answer)) for answer in ("Zoom does not train on calls.", "It does now.")
    )
    plan = store.import_pack(Pack("twice", [], [first, second]), MOD)
    assert (plan.added, plan.changed) == (["zoom-calls-uk-2026"], ["zoom-calls-uk-2026"])
    revisions = store.history(first.id)
    assert [(r.rev, r.action) for r in revisions] == [(1, "import"), (2, "import")]
    assert revisions[1].changes == ("answer",) and revisions[0].data["answer"] == first.answer
    assert store.get(first.id) == (second, 2)


def test_export_import_export_is_identical(store: FactStore) -> None:
    store.add(
        good_fact(steps=["Open Settings", "Switch off 'AI'"], variants=["zoom ai calls"]), MOD, today=TODAY
    )
    store.retire(store.facts()[0].id, "superseded by a newer fact", MOD)
    first = store.export_text()

    fresh = Privy(":memory:", seed=False, today=lambda: REVERIFIED)
    pack = load_pack(parse_yaml(first), fresh.store.platform_ids(), REVERIFIED)
    fresh.store.import_pack(pack, MOD)
    assert fresh.store.export_text() == first

    again = store.plan_import(load_pack(parse_yaml(first), store.platform_ids(), REVERIFIED))
    assert (again.added, again.changed, len(again.unchanged)) == ([], [], store.count())


def test_import_plan_says_what_would_change(store: FactStore) -> None:
    existing = store.facts()[0]
    changed = dict(parse_yaml(store.export_text())["facts"][0])
    assert changed["id"] == existing.id
    changed["answer"] = "A corrected answer."
    plan = store.plan_import(load_pack(parse_yaml(pack_text([good_fact(), changed])), store.platform_ids()))
    assert (plan.added, plan.changed, plan.unchanged) == (["zoom-calls-uk-2026"], [existing.id], [])
    assert plan.summary() == "1 added, 1 changed, 0 unchanged"


def test_export_streams_in_batches_and_reads_back_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    import yaml

    from knowledge.packs.format import fact_as_pack_entry, load_pack, parse_yaml
    from knowledge.service import Privy
    from knowledge.store import transfer

    store = Privy(":memory:").store
    whole = yaml.safe_dump(
        {
            "pack": "privy-export",
            "platforms": [
                {"id": p.id, "name": p.name, **({"aliases": list(p.aliases)} if p.aliases else {})}
                for p in store.platforms()
            ],
            "facts": [fact_as_pack_entry(f) for f in store.facts(include_retired=True)],
        },
        sort_keys=False,
        allow_unicode=True,
        width=100,
    )
    monkeypatch.setattr(transfer, "EXPORT_BATCH", 7)  # many batches, one odd one at the end
    out = io.StringIO()
    assert store.export_to(out) == store.count()
    # The same pack as one dump of the whole base: only anchors for shared dates stay within a batch.
    assert parse_yaml(out.getvalue()) == parse_yaml(whole)
    again = load_pack(parse_yaml(out.getvalue()))
    assert [f.id for f in again.facts] == sorted(store.all_ids())
