"""One base, many servers (issue 10), at the core: what each scope answers, reads and may change."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from knowledge.curation.queue import review_queue
from knowledge.curation.workflow import Curator
from knowledge.model import fact_as_pack_entry
from knowledge.packs.format import PackError, check_fact
from knowledge.reading.redact import redact
from knowledge.service import Privy
from knowledge.store.drafts import ChangeError
from knowledge.store.facts import Author, NotFoundError
from knowledge.store.search import search_facts
from tests.knowledge.personal_keys import NO_PERSONAL_DELETED

TODAY = date(2026, 12, 7)
FACT = "linkedin-optout-global-2024"
Q = "How do I turn off LinkedIn AI training? I'm in the US"
TOWN, OTHER = "111", "222"  # two servers that are not the home server
MALLORY, CURATOR = Author("mallory", "9"), Author("curator", "1")
LEGACY = "s3cret" * 11  # a key kept in the database by an older Privy (64 hex digits then)
LOCAL = "In Stranger Town we say: ask the front desk to switch it off for you."


@pytest.fixture(scope="module")
def base() -> Privy:
    return Privy(":memory:", today=lambda: TODAY)


@pytest.fixture
def privy(base: Privy, tmp_path: Path, store_kind: str, make_privy: Callable[..., Privy]) -> Privy:
    """A fresh copy of the embedded base (seeding it anew for every test takes seconds), on each store:
    PostgreSQL's is copied from a seeded template (tests/conftest.py)."""
    if store_kind == "postgresql":
        return make_privy()
    copy = Privy(tmp_path / "privy.db", seed=False, today=lambda: TODAY)
    base.db.conn.backup(copy.db.conn)
    return Privy(tmp_path / "privy.db", today=lambda: TODAY)


def entry(privy: Privy, fact_id: str = FACT, **changes: object) -> dict[str, object]:
    fact, _ = privy.store.get(fact_id)
    return {**fact_as_pack_entry(fact, dates_as_text=True), **changes}


def town(privy: Privy, scope: str = TOWN) -> Curator:
    return Curator(privy.scoped(scope))


def best(privy: Privy, scope: str) -> tuple[str, str, str]:
    answer = privy.scoped(scope).ask(Q)
    top = answer.to_dict("")["facts"][0] if answer.facts else {}
    return answer.status, top.get("answer", ""), top.get("scope", "")


def test_a_servers_override_answers_there_only(privy: Privy) -> None:
    shared = privy.store.get(FACT)[0].answer
    town(privy).store.save(entry(privy, answer=LOCAL), MALLORY, base_rev=0)
    assert best(privy, TOWN) == ("answered", LOCAL, "server")
    for scope in ("", OTHER):  # the shared base (home server, DMs) and any other server
        assert best(privy, scope) == ("answered", shared, "shared")
    assert privy.store.get(FACT)[0].answer == shared
    assert [r.scope for r in privy.store.history(FACT)] == [""]  # the curators' history is untouched


def test_hiding_a_shared_fact_hides_it_there_only_and_revert_brings_it_back(privy: Privy) -> None:
    curator = town(privy)
    curator.retire(FACT, "not for us", MALLORY)
    assert FACT not in [f.id for f in privy.scoped(TOWN).ask(Q).facts]
    assert privy.scoped("").ask(Q).facts[0].id == FACT
    history = curator.store.history(FACT)
    assert [(r.rev, r.action) for r in history] == [(1, "copy"), (2, "retire")]
    curator.revert(FACT, 1, MALLORY)
    assert privy.scoped(TOWN).ask(Q).facts[0].id == FACT


def test_a_servers_own_fact_is_found_there_only(privy: Privy) -> None:
    own = entry(
        privy, id="town-linkedin-desk", answer=LOCAL, question="Who at the town hall turns off LinkedIn AI?"
    )
    town(privy).store.add(own, MALLORY, today=TODAY)
    assert (
        privy.scoped(TOWN).ask("Who at the town hall turns off LinkedIn AI?").facts[0].id
        == "town-linkedin-desk"
    )
    for scope in ("", OTHER):
        facts = privy.scoped(scope).ask("Who at the town hall turns off LinkedIn AI?").facts
        assert "town-linkedin-desk" not in [f.id for f in facts]
        assert [f.id for f in search_facts(privy.db, "town-linkedin", scope=scope)] == []
        assert "town-linkedin-desk" not in privy.scoped(scope).store.ids("town")
        with pytest.raises(NotFoundError, match="no fact with id 'town-linkedin-desk'"):
            privy.scoped(scope).store.get("town-linkedin-desk")
    assert [f.id for f in search_facts(privy.db, "town-linkedin", scope=TOWN)] == ["town-linkedin-desk"]
    assert "town-linkedin-desk" not in privy.store.export_text()  # the CLI's export: the shared base


def test_a_server_cannot_verify_a_shared_fact_nor_add_platforms(privy: Privy) -> None:
    with pytest.raises(ChangeError, match="shared facts"):
        town(privy).verify(FACT, MALLORY)
    pack = "pack: t\nplatforms:\n  - {id: linkedin, name: LinkedOut}\nfacts: []\n"
    with pytest.raises(PackError, match="platforms come from Privy's curators"):
        town(privy).read_pack(pack)
    assert {p.name for p in privy.store.platforms() if p.id == "linkedin"} == {"LinkedIn"}


def test_drafts_proposals_and_flags_stay_in_their_scope(privy: Privy) -> None:
    home = Curator(privy.scoped(""), require_review=True)
    proposed = home.verify(FACT, CURATOR).change
    assert proposed is not None
    for scope in (TOWN, OTHER):
        with pytest.raises(ChangeError, match="no draft or proposed change"):
            town(privy, scope).approve(proposed.id, MALLORY)
        with pytest.raises(ChangeError, match="no draft or proposed change"):
            town(privy, scope).reject(proposed.id, MALLORY, "no")
        assert review_queue(town(privy, scope), 90).pending == []
    draft = town(privy).start_add(MALLORY)
    with pytest.raises(ChangeError, match="no draft or proposed change"):
        town(privy, OTHER).draft(draft.id, MALLORY)
    with pytest.raises(ChangeError, match="no draft or proposed change"):
        home.discard(draft.id, CURATOR)
    privy.scoped(TOWN).vote(FACT, "outdated", "42")
    assert review_queue(town(privy), 90).flagged[0].fact.id == FACT
    assert review_queue(home, 90).flagged == [] and review_queue(town(privy, OTHER), 90).flagged == []


def test_peer_review_needs_a_second_moderator_of_the_same_server(privy: Privy) -> None:
    curator = Curator(privy.scoped(TOWN), require_review=True)
    change = curator.retire(FACT, "not here", MALLORY).change  # hiding a shared fact here
    assert change is not None and change.scope == TOWN
    with pytest.raises(ChangeError, match="another moderator"):
        curator.approve(change.id, MALLORY)
    curator.approve(change.id, Author("helper", "10"))
    assert curator.store.is_own(FACT) and not town(privy, OTHER).store.is_own(FACT)


def test_a_suggestion_reaches_the_curators_credited_and_can_be_declined(privy: Privy) -> None:
    curator = town(privy)
    curator.store.save(entry(privy, answer=LOCAL), MALLORY, base_rev=0)
    sent = curator.suggest(FACT, MALLORY, "Stranger Town")
    home = Curator(privy.scoped(""))
    waiting = review_queue(home, 90).pending
    assert [(c.id, c.origin_name, c.scope) for c in waiting] == [(sent.id, "Stranger Town", "")]
    assert review_queue(town(privy, OTHER), 90).pending == []
    with pytest.raises(ChangeError, match="say why"):
        home.reject(sent.id, CURATOR, "")
    home.approve(sent.id, CURATOR)
    assert privy.store.get(FACT)[0].answer == LOCAL
    last = privy.store.history(FACT)[-1]
    assert "suggested by mallory from the server Stranger Town" in (last.note or "")
    assert "(9)" not in (last.note or "")  # not the suggester's Discord id
    assert [c.status for c in curator.sent()] == ["approved"]

    curator.store.save(entry(privy, answer=LOCAL + " Again."), MALLORY, base_rev=curator.store.get(FACT)[1])
    again = curator.suggest(FACT, MALLORY, "Stranger Town")
    home.reject(again.id, CURATOR, "one desk is not a source")
    newest = curator.sent()[0]
    assert (newest.status, newest.note) == ("rejected", "one desk is not a source")


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("Turn it off at [linkedin.com/settings](https://evil.example/login).", "answer"),
        ("See [the page]( <https://evil.example> )", "answer"),
        ("Ask <@123456789> to do it.", "answer"),
        ("@everyone turn it off", "answer"),
        ("Open <#123> and read it.", "answer"),
    ],
)
def test_disguised_links_and_mentions_are_refused(privy: Privy, text: str, field: str) -> None:
    problems = check_fact(entry(privy, answer=text), None, TODAY)
    assert [p.field for p in problems] == [field]


def test_a_plain_url_and_brackets_stay_allowed(privy: Privy) -> None:
    text = "Open linkedin.com/settings (Data privacy) and switch [it] off: https://linkedin.com/x."
    assert check_fact(entry(privy, answer=text), None, TODAY) == []


@pytest.mark.parametrize(
    ("asked", "kept"),
    [
        ("Does TikTok train AI? mail alice.b+x@example.co.uk", "Does TikTok train AI? mail [email]"),
        ("Call me on +44 7700 900123 about Zoom AI", "Call me on [phone] about Zoom AI"),
        ("Ask <@!123456789012> and <@&42> about AI", "Ask [mention] and [mention] about AI"),
        ("@everyone does Zoom train AI in 2025-11-03?", "[mention] does Zoom train AI in 2025-11-03?"),
        ("Is 2024 or 2025 the year Zoom started AI?", "Is 2024 or 2025 the year Zoom started AI?"),
    ],
)
def test_unanswered_questions_are_redacted(asked: str, kept: str) -> None:
    assert redact(asked) == kept


def test_unanswered_questions_are_kept_per_server_redacted_forgettable_and_expire(privy: Privy) -> None:
    community = privy.community
    community.record_unanswered("Does TikTok train AI? write alice@example.com", TOWN, "42")
    community.record_unanswered("Does TikTok train AI? write alice@example.com", TOWN, "43")
    community.record_unanswered("Does Mastodon train AI on toots?", "", "42")
    assert [u.question for u in community.unanswered(scope=TOWN)] == ["Does TikTok train AI? write [email]"]
    assert [u.question for u in community.unanswered(scope=OTHER)] == []
    assert [u.question for u in community.unanswered(scope="")] == ["Does Mastodon train AI on toots?"]
    assert "alice@example.com" not in json.dumps(list(privy.db.query("select * from unanswered")))
    hashes = [r["who"] for r in privy.db.query("select who from unanswered_askers")]
    assert len(hashes) == 3 and all(len(h) == 32 and h != "42" for h in hashes)  # keyed hashes, no ids
    assert privy.about_user("42")["questions"] == 2
    assert privy.forget_user("42")["questions"] == 2
    assert [(u.question, u.count) for u in community.unanswered(scope=TOWN)] == [
        ("Does TikTok train AI? write [email]", 1)  # someone else asked it too: it stays, counted once
    ]
    assert community.unanswered(scope="") == []
    old = (datetime.now(UTC) - timedelta(days=31)).isoformat(timespec="seconds")
    privy.db.execute("update unanswered set last_at = ?", [old])
    assert community.unanswered(scope=TOWN) == [] and community.expire() == 1


@pytest.mark.sqlite_only  # the key file beside a SQLite file: PostgreSQL's in test_store_postgresql
def test_the_key_lives_beside_the_database_not_in_it(privy: Privy, tmp_path: Path) -> None:
    privy.scoped("").vote(FACT, "helpful", "42")
    key = tmp_path / "privy.db.key"
    assert key.exists() and stat.S_IMODE(os.stat(key).st_mode) == 0o600
    assert not list(privy.db.query("select 1 from meta where key = 'vote_secret'"))
    assert privy.about_user("42")["votes"] == 1
    key.write_bytes(
        b"another key, as long as a real one"
    )  # the file alone: votes can no longer be tied to anyone
    alone = Privy(tmp_path / "privy.db", today=lambda: TODAY)
    assert alone.about_user("42")["votes"] == 0


@pytest.mark.sqlite_only  # the key file beside a SQLite file: PostgreSQL's in test_store_postgresql
def test_a_legacy_vote_secret_moves_out_of_the_database(privy: Privy, tmp_path: Path) -> None:
    privy.db.execute("insert into meta (key, value) values ('vote_secret', 'old-secret-' || ?)", ["0" * 32])
    privy.db.conn.commit()
    fresh = Privy(tmp_path / "privy.db", today=lambda: TODAY)
    fresh.scoped("").vote(FACT, "helpful", "42")
    assert (tmp_path / "privy.db.key").read_bytes() == b"old-secret-" + b"0" * 32
    assert not list(fresh.db.query("select 1 from meta where key = 'vote_secret'"))


def test_a_base_from_before_scopes_is_migrated_into_the_shared_scope(base: Privy, tmp_path: Path) -> None:
    """Every fact, revision, vote and question of an older base becomes the shared base's; kept questions
    are redacted and the vote key leaves the database for its key file, so earlier votes still count."""
    import sqlite3

    from sqlite_utils import Database

    from knowledge.store.schema import migrations

    path = tmp_path / "old.db"
    old = Database(sqlite3.connect(path))
    migrations.apply(old, stop_before="m007_scopes")
    row = next(
        base.db.query(
            "select id, rev, platform, topic, retired, verified, updated_at, data from facts where id = ?",
            [FACT],
        )
    )
    old["facts"].insert(row)
    old["platforms"].insert_all(base.db.query("select * from platforms"))
    old["revisions"].insert(
        {
            "fact_id": FACT,
            "rev": 1,
            "at": "2026-01-01",
            "by_name": "x",
            "action": "import",
            "data": row["data"],
        }
    )
    old["meta"].insert_all([{"key": "seeded", "value": "yes"}, {"key": "vote_secret", "value": LEGACY}])
    old["unanswered"].insert(
        {
            "key": "k",
            "question": "Does TikTok train AI? a@b.com",
            "count": 2,
            "first_at": "2026-11-29",
            "last_at": "2026-11-29T00:00:00+00:00",
        }
    )
    old.conn.commit()
    old.conn.close()
    privy = Privy(path, today=lambda: TODAY)
    privy.community.keep_days = 10_000
    assert privy.ask(Q).facts[0].id == FACT and privy.scoped(TOWN).ask(Q).facts[0].id == FACT
    assert [(r.rev, r.scope) for r in privy.store.history(FACT)] == [(1, "")]
    assert [(u.question, u.count) for u in privy.community.unanswered()] == [
        ("Does TikTok train AI? [email]", 2)
    ]
    privy.scoped("").vote(FACT, "helpful", "42")
    assert (tmp_path / "old.db.key").read_bytes() == LEGACY.encode()


def test_privacy_show_counts_a_moderators_edits_kept_under_their_name(privy: Privy) -> None:
    town(privy).store.save(entry(privy, answer=LOCAL), MALLORY, base_rev=0)
    assert privy.about_user("9")["edits"] == 2  # the copy of the shared text, and her edit
    assert privy.forget_user("9") == {"region": 0, "votes": 0, "questions": 0, **NO_PERSONAL_DELETED}
    assert privy.about_user("9")["edits"] == 2  # the history keeps who changed what
