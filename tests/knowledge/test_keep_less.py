"""What is kept about people (issue 22, finding 5), at the core: redaction of what the audit found kept,
and hashes that the database alone cannot tie together, which /privacy forget still finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.reading.redact import redact
from knowledge.service import Privy
from tests.conftest import TODAY
from tests.knowledge.personal_keys import NO_PERSONAL_DELETED, NOTHING_PERSONAL

FACT = "linkedin-optout-global-2024"
UNKNOWN = "Does Grindr train AI on my private chats?"
TOWN, OTHER = "111", "222"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        (f"{UNKNOWN} write jane dot roe at example dot com", f"{UNKNOWN} write [email]"),
        (f"{UNKNOWN} jane.roe(at)example.com", f"{UNKNOWN} [email]"),
        (f"{UNKNOWN} jane.roe @ example.com", f"{UNKNOWN} [email]"),
        (f"{UNKNOWN} jane.roe [at] example [dot] com", f"{UNKNOWN} [email]"),
        (f"{UNKNOWN} call 0170/1234567", f"{UNKNOWN} call [phone]"),
        (f"{UNKNOWN} ring 555 0123", f"{UNKNOWN} ring [phone]"),
        (f"{UNKNOWN} or 07911 123456", f"{UNKNOWN} or [phone]"),
        (f"{UNKNOWN} +44 20 7946 0958", f"{UNKNOWN} [phone]"),
        (f"{UNKNOWN} IBAN DE89 3704 0044 0532 0130 00", f"{UNKNOWN} IBAN [iban]"),
        (f"{UNKNOWN} GB82WEST12345698765432", f"{UNKNOWN} [iban]"),
        (f"{UNKNOWN} ask @jane_roe", f"{UNKNOWN} ask [handle]"),
        # what a question is about stays
        ("Is Grindr training AI since 2024, or from 18.09.2025 to 2026-01-01?", None),
        ("Did Grindr train AI in 2019-2024 on 100 million users? Look at grindr.com", None),
    ],
)
def test_what_could_reach_a_person_is_not_kept(fresh_privy: Privy, typed: str, kept: str | None) -> None:
    assert redact(typed) == (kept or typed)
    fresh_privy.scoped(TOWN).answer(typed, user_id="7")
    assert [u.question for u in fresh_privy.community.unanswered(scope=TOWN)] == [kept or typed]


@pytest.fixture
def privy(tmp_path: Path) -> Privy:
    base = Privy(":memory:", today=lambda: TODAY)
    copy = Privy(tmp_path / "privy.db", seed=False, today=lambda: TODAY)
    base.db.conn.backup(copy.db.conn)
    return Privy(tmp_path / "privy.db", today=lambda: TODAY)


def test_the_database_alone_cannot_tie_a_persons_rows_together(privy: Privy) -> None:
    for scope in (TOWN, OTHER):
        privy.scoped(scope).answer(UNKNOWN, user_id="42")
        assert privy.scoped(scope).vote(FACT, "helpful", "42") is True
    privy.scoped(TOWN).answer(UNKNOWN, user_id="43")
    db = privy.db
    voters = [r[0] for r in db.execute("select who from feedback_votes")]
    whos = [r[0] for r in db.execute("select who from unanswered_askers")] + voters
    assert len(set(whos)) == len(whos) == 5  # no hash repeats: not across servers, not votes to questions
    assert len(voters) == 2

    assert privy.about_user("42") == {
        "region": None,
        "votes": 2,
        "questions": 2,
        "edits": 0,
        **NOTHING_PERSONAL,
    }
    assert privy.forget_user("42") == {"region": 0, "votes": 2, "questions": 2, **NO_PERSONAL_DELETED}
    assert db.execute("select count(*) from feedback_votes").fetchone()[0] == 0
    assert [u.question for u in privy.community.unanswered(scope=TOWN)] == [UNKNOWN]  # 43's stays
    assert privy.community.unanswered(scope=OTHER) == []


def test_rows_kept_under_the_old_single_hash_are_still_forgotten(privy: Privy) -> None:
    community = privy.community
    legacy = community._legacy_who("42")
    day = "2026-11-29T00:00:00+00:00"
    privy.db.execute(
        "insert into unanswered (scope, key, question, count, first_at, last_at) values (?, 'k', 'old', 1, ?, ?)",
        [TOWN, day, day],
    )
    privy.db.execute("insert into unanswered_askers (scope, key, who) values (?, 'k', ?)", [TOWN, legacy])
    privy.db.execute("insert into feedback_votes (token, at, who) values ('t', '2026-11-29', ?)", [legacy])
    privy.db.conn.commit()
    assert privy.forget_user("42") == {"region": 0, "votes": 1, "questions": 1, **NO_PERSONAL_DELETED}
    assert privy.db.execute("select count(*) from unanswered").fetchone()[0] == 0
