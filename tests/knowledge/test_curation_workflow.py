"""The review queue, drafts and peer review in the core, without Discord."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from knowledge.curation import blocks as fact_form
from knowledge.curation.card import fact_card
from knowledge.curation.preview import as_users_see
from knowledge.curation.queue import (
    draft_for_unanswered,
    find_unanswered,
    review_queue,
    stale_facts,
    unanswered_token,
)
from knowledge.curation.workflow import Curator, fact_entry
from knowledge.packs.format import PackError
from knowledge.service import Privy
from knowledge.store.drafts import ChangeError
from knowledge.store.facts import Author, ConflictError
from knowledge.store.search import search_facts

TODAY = date(2026, 12, 7)  # the embedded facts were verified on this day
REVERIFIED = TODAY  # the day issue 18 re-read the facts (their `verified`)
MOD = Author("mod", "1001")
OTHER = Author("manager", "1002")
FACT = "linkedin-optout-global-2024"
TEXT = {
    "fact_id": "zoom-calls-uk-2026",
    "question": "Does Zoom train AI on my calls?",
    "answer": "No. Zoom says it does not use audio, video or chat content to train its AI models.",
    "coverage": "regions: UK, EU\ntopic: status\nplatform: Zoom",
    "dates": "verified: 2026-11-20\nvalid_from: 2025-01-01\nvalid_until:",
}


@pytest.fixture
def privy(fresh_privy: Privy) -> Privy:
    """A seeded base, on each store (tests/conftest.py BOTH_STORES)."""
    return fresh_privy


@pytest.fixture
def curator(privy: Privy) -> Curator:
    return Curator(privy.scoped(""))


def entry(privy: Privy, fact_id: str, **changes: Any) -> dict[str, Any]:
    return {**fact_entry(privy.store.get(fact_id)[0]), **changes}


# ---- the queue ---------------------------------------------------------------------------------------------


def test_stale_is_verified_longer_ago_than_the_limit(privy: Privy, curator: Curator) -> None:
    privy.store.save(entry(privy, FACT, verified="2026-09-07"), MOD, today=TODAY)  # 91 days
    privy.store.save(entry(privy, "meta-genai-uk-paused-2024", verified="2026-09-08"), MOD, today=TODAY)  # 90
    queue = review_queue(curator, stale_days=90)
    assert [(s.fact.id, s.days) for s in queue.stale] == [(FACT, 91)]
    stale, total = stale_facts(curator, TODAY, 30, limit=1)
    assert ([s.fact.id for s in stale], total) == ([FACT], 2)
    privy.store.retire(FACT, "gone", MOD)
    assert review_queue(curator, stale_days=90).stale == []


def test_flagged_and_unanswered_most_first(privy: Privy, curator: Curator) -> None:
    community = privy.community
    community.vote(FACT, "outdated", "u1")
    community.vote(FACT, "wrong_region", "u2")
    community.vote("meta-genai-uk-paused-2024", "outdated", "u1")
    community.vote("meta-genai-uk-paused-2024", "helpful", "u3")
    for question in ["Does Telegram train AI?", "Is Mastodon used for AI?", "Does Telegram train AI?"]:
        community.record_unanswered(question)
    queue = review_queue(curator, stale_days=90)
    assert [(f.fact.id, f.outdated, f.wrong_region) for f in queue.flagged] == [
        (FACT, 1, 1),
        ("meta-genai-uk-paused-2024", 1, 0),
    ]
    assert [(u.question, u.count) for u in queue.unanswered] == [
        ("Does Telegram train AI?", 2),
        ("Is Mastodon used for AI?", 1),
    ]
    curator.verify(FACT, MOD)  # dealing with a fact clears its flags
    assert [f.fact.id for f in review_queue(curator, 90).flagged] == ["meta-genai-uk-paused-2024"]


def test_an_unanswered_question_becomes_a_draft_that_is_not_live(privy: Privy, curator: Curator) -> None:
    privy.community.record_unanswered("Does Telegram train AI on my posts?")
    token = unanswered_token("Does Telegram train AI on my posts?")
    found = find_unanswered(curator, token)
    assert found is not None
    draft = draft_for_unanswered(curator, token, MOD)
    assert (draft.fact_id, draft.status, draft.data["question"]) == (
        "does-telegram-train-ai-on-my-posts",
        "draft",
        "Does Telegram train AI on my posts?",
    )
    assert not privy.store.exists(draft.fact_id)
    assert privy.ask("Does Telegram train AI on my posts?").status == "no_match"
    assert [d.id for d in review_queue(curator, 90).drafts] == [draft.id]

    curator.update_draft(
        draft.id,
        MOD,
        answer="Telegram says it does not train AI on posts.",
        coverage="regions: global\ntopic: status",
    )
    curator.set_sources(draft.id, MOD, "https://zoom.com/trust")  # the registry names its publisher
    curator.publish(draft.id, MOD)
    assert privy.store.exists("does-telegram-train-ai-on-my-posts")
    assert review_queue(curator, 90).unanswered == []
    assert review_queue(curator, 90).drafts == []


# ---- drafts ------------------------------------------------------------------------------------------------


def test_a_draft_keeps_what_was_typed_and_names_every_field(privy: Privy, curator: Curator) -> None:
    draft = curator.start_add(MOD)
    state = curator.update_draft(
        draft.id, MOD, **{**TEXT, "coverage": "regions: uk atlantis\ntopic: rumour\nplatfrom: zoom"}
    )
    fields = [p.field for p in state.problems]
    assert fields == ["coverage", "regions", "topic", "sources"]
    assert "line 3 'platfrom: zoom'" in state.problems[0].message
    assert state.change.data["regions"] == ["uk", "atlantis"]  # kept, to correct
    assert fact_form.coverage_text(state.change.data).endswith("platfrom: zoom")  # even the unreadable line
    state = curator.set_sources(draft.id, MOD, "http://zoom.com/trust | Zoom")
    assert [p.field for p in state.problems] == ["coverage", "regions", "topic", "sources[0].url"]
    state = curator.update_draft(draft.id, MOD, coverage="regions: uk\ntopic: status\nplatform: zoom")
    assert [p.field for p in state.problems] == ["sources[0].url"]
    assert "_typed" not in state.change.data
    with pytest.raises(PackError, match=r"sources\[0\]\.url"):
        curator.publish(draft.id, MOD)
    assert not privy.store.exists("zoom-calls-uk-2026")


def test_form_text_is_parsed_leniently_and_written_back(privy: Privy, curator: Curator) -> None:
    draft = curator.start_add(MOD)
    curator.update_draft(draft.id, MOD, **TEXT)
    curator.set_sources(
        draft.id, MOD, "1. https://zoom.com/trust | Trust | Zoom | 2026-01-02\n\n- https://zoom.com/privacy"
    )
    state = curator.set_lists(draft.id, MOD, steps="1. Open Settings\n2. Turn it off", variants="")
    data = state.change.data
    assert data["regions"] == ["uk", "eea"] and data["platform"] == "zoom"
    assert data["valid_from"] == "2025-01-01" and "valid_until" not in data
    assert data["sources"] == [
        {"url": "https://zoom.com/trust", "title": "Trust", "publisher": "Zoom", "date": "2026-01-02"},
        {"url": "https://zoom.com/privacy", "publisher": "Zoom"},  # the registry's name, filled in
    ]
    assert data["steps"] == ["Open Settings", "Turn it off"] and "variants" not in data
    assert (
        fact_form.sources_text(data).splitlines()[0] == "https://zoom.com/trust | Trust | Zoom | 2026-01-02"
    )
    assert state.ready
    fact = curator.publish(draft.id, MOD).fact
    assert fact is not None and fact.sources[0].date == date(2026, 1, 2)


def test_only_the_author_continues_a_draft(curator: Curator) -> None:
    draft = curator.start_add(MOD)
    with pytest.raises(ChangeError, match="this draft is mod's"):
        curator.update_draft(draft.id, OTHER, answer="Hijack")
    curator.discard(draft.id, OTHER)  # anyone may clear an abandoned one
    with pytest.raises(ChangeError, match="discarded"):
        curator.update_draft(draft.id, MOD, answer="Too late")


def test_an_edit_draft_conflicts_when_the_fact_moved_on(privy: Privy, curator: Curator) -> None:
    mine = curator.start_edit(FACT, MOD)
    theirs = curator.start_edit(FACT, OTHER)
    curator.update_draft(theirs.id, OTHER, answer="Theirs.")
    curator.publish(theirs.id, OTHER)
    state = curator.update_draft(mine.id, MOD, answer="Mine.")
    conflict = curator.conflict(state.change)
    assert conflict is not None and conflict.fact.answer == "Theirs." and conflict.by == "manager"
    with pytest.raises(ConflictError, match="manager"):
        curator.publish(mine.id, MOD)
    assert privy.store.get(FACT)[0].answer == "Theirs."
    curator.rebase(mine.id, MOD)
    assert curator.publish(mine.id, MOD).rev == 3


# ---- peer review -------------------------------------------------------------------------------------------


def test_with_review_a_change_waits_for_a_different_moderator(privy: Privy) -> None:
    curator = Curator(privy.scoped(""), require_review=True)
    before = privy.store.get(FACT)[0].answer
    draft = curator.start_edit(FACT, MOD)
    curator.update_draft(draft.id, MOD, answer="Reviewed wording.")
    outcome = curator.publish(draft.id, MOD)
    assert not outcome.live and outcome.change is not None and outcome.change.status == "pending"
    assert privy.store.get(FACT)[0].answer == before
    assert [c.field for c in curator.diff(outcome.change)] == ["answer"]
    with pytest.raises(ChangeError, match="another moderator has to approve it"):
        curator.approve(outcome.change.id, Author("mod renamed", "1001"))
    approved = curator.approve(outcome.change.id, OTHER)
    assert approved.live and privy.store.get(FACT)[0].answer == "Reviewed wording."
    last = privy.store.history(FACT)[-1]
    assert (last.action, last.by_id, last.note) == (
        "approve",
        "1002",
        "edit proposed by mod (1001) (change #1)",
    )
    with pytest.raises(ChangeError, match="approved"):
        curator.approve(outcome.change.id, OTHER)


@pytest.mark.parametrize("action", ["verify", "retire", "revert", "import"])
def test_with_review_every_kind_of_change_waits(privy: Privy, action: str) -> None:
    curator = Curator(privy.scoped(""), require_review=True)
    privy.store.save(entry(privy, FACT, answer="Second wording.", verified="2026-10-01"), MOD, today=TODAY)
    before = privy.store.export_text()
    if action == "verify":
        outcome = curator.verify(FACT, MOD)
    elif action == "retire":
        outcome = curator.retire(FACT, "superseded", MOD)
    elif action == "revert":
        outcome = curator.revert(FACT, 1, MOD)
    else:
        privy.today = lambda: REVERIFIED  # the export carries facts re-verified on that day
        outcome = curator.import_text(
            before.replace("Second wording.", "Imported wording."), "pack.yaml", MOD
        )
    assert outcome.change is not None and privy.store.export_text() == before
    curator.approve(outcome.change.id, OTHER)
    assert privy.store.export_text() != before
    last = privy.store.history(FACT)[-1]
    assert (last.by_name, last.note) == ("manager", f"{action} proposed by mod (1001) (change #1)")


def test_a_rejected_change_never_goes_live(privy: Privy) -> None:
    curator = Curator(privy.scoped(""), require_review=True)
    outcome = curator.retire(FACT, "spam", MOD)
    assert outcome.change is not None
    rejected = curator.reject(outcome.change.id, OTHER, "  still true  ")
    assert (rejected.status, rejected.note, rejected.decided_by) == ("rejected", "still true", OTHER)
    assert privy.store.get(FACT)[0].retired is None
    assert curator.pending() == []


def test_approving_a_stale_proposal_is_a_conflict(privy: Privy) -> None:
    curator = Curator(privy.scoped(""), require_review=True)
    first = curator.verify(FACT, MOD).change
    second = curator.retire(FACT, "gone", MOD).change
    assert first is not None and second is not None
    curator.approve(first.id, OTHER)
    with pytest.raises(ConflictError, match="changed"):
        curator.approve(second.id, OTHER)
    assert privy.store.get(FACT)[0].retired is None


# ---- showing facts to moderators ---------------------------------------------------------------------------


def test_a_card_shows_the_answer_users_get_and_why_not(privy: Privy, curator: Curator) -> None:
    privy.community.vote(FACT, "outdated", "u1")
    card = fact_card(curator, FACT, stale_days=90)
    assert card.rev == 1 and card.flags == {"outdated": 1} and card.stale_days is None
    assert card.shown.answer.facts[0].id == FACT and card.shown.note is None
    privy.store.retire(FACT, "superseded", MOD)
    shown = as_users_see(privy.scoped(""), privy.store.get(FACT)[0])
    assert shown.note == "Retired: superseded. Users no longer get this fact."


def test_search_finds_by_id_words_and_typos(privy: Privy) -> None:
    db = privy.db
    assert search_facts(db, FACT, scope="")[0].id == FACT
    assert all(
        "linkedin" in f"{f.id} {f.question}".lower() for f in search_facts(db, "linkdin", limit=3, scope="")
    )
    assert all(f.platform == "zoom" for f in search_facts(db, "ai", platform="zoom", scope=""))
    assert search_facts(db, "xyzzy plugh", scope="") == []
    assert search_facts(db, "%_%", scope="") == []  # LIKE wildcards are searched for as themselves


def test_search_reads_answers_and_finds_retired_facts(privy: Privy) -> None:
    privy.store.retire(FACT, "superseded", MOD)
    found = search_facts(privy.db, FACT, scope="")
    assert found[0].id == FACT and found[0].retired == "superseded"
    answer_word = next(w for w in privy.store.get(FACT)[0].answer.lower().split() if len(w) > 8)
    assert FACT in [f.id for f in search_facts(privy.db, answer_word.strip(".,\"'"), limit=20, scope="")]


def test_dead_and_moved_sources_wait_in_the_queue(privy: Privy, curator: Curator) -> None:
    from handlers.facts.render import queue_embed
    from knowledge.sources.check import LinkResult
    from knowledge.sources.links import save_results

    url = privy.store.get(FACT)[0].sources[0].url
    assert review_queue(curator, 90).links == []
    save_results(privy.db, [LinkResult(url, 404, url, "", "2026-11-30T10:00:00+00:00")])
    queue = review_queue(curator, 90)
    citing = {f.id for f in privy.store.facts() if any(s.url == url for s in f.sources)}
    assert FACT in citing and {f.fact_id: len(f.dead) for f in queue.links} == dict.fromkeys(citing, 1)
    shown = {f.name: f.value for f in queue_embed(queue, 90).fields}
    assert FACT in shown["Sources dead or moved at the last link check"]
    assert url in shown["Sources dead or moved at the last link check"]  # the link's target, in full
