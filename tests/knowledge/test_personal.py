"""Reminders and the checklist in the core (issue 21): claimed once whatever happens, found only by the
keyed hash, the Discord id kept only while a reminder waits, forgotten whole."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from knowledge.errors import CoreError
from knowledge.personal.claims import first_stage
from knowledge.personal.service import Personal
from knowledge.service import Privy
from knowledge.store.personal import STALE_CLAIM
from knowledge.store.secret_key import new_key

# The embedded pack: LinkedIn's opt-out for the UK, EEA, Switzerland... had a deadline of 2 Nov 2025.
OPT_OUT = "linkedin-optout-europe-2025"
DEADLINE = date(2025, 11, 2)
ASKED = date(2025, 10, 1)
ALICE, BOB = "1111111111111111", "2222222222222222"


def at(day: date, minutes: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=UTC) + timedelta(minutes=minutes)


@pytest.fixture
def privy(tmp_path: Path) -> Privy:
    return Privy(tmp_path / "privy.db", today=lambda: ASKED)


@pytest.fixture
def personal(privy: Privy) -> Personal:
    return privy.scoped("").personal


@pytest.mark.parametrize(
    ("today", "stage"),
    [
        (date(2025, 10, 1), 0),  # both DMs ahead
        (date(2025, 10, 25), 0),  # 26 Oct is still ahead
        (date(2025, 10, 26), 1),  # the 7-day DM would be today: only the 1-day one
        (date(2025, 10, 31), 1),
        (date(2025, 11, 1), None),  # the last DM would be today: too late
        (date(2025, 11, 3), None),
    ],
)
def test_which_dms_are_still_ahead(today: date, stage: int | None) -> None:
    assert first_stage(DEADLINE, today) == stage


def test_a_due_reminder_is_claimed_by_one_sender_only(personal: Personal) -> None:
    personal.remind(ALICE, OPT_OUT, "uk")
    first = personal.due(at(date(2025, 10, 26)), "shard-0")
    second = personal.due(at(date(2025, 10, 26)), "shard-1")  # another process, the same minute
    assert [(n.user_id, n.days_left, n.deadline) for n in first] == [(ALICE, 7, DEADLINE)]
    assert second == []


def test_a_sender_killed_after_the_dm_never_sends_it_again_and_the_next_one_still_goes(
    personal: Personal,
) -> None:
    personal.remind(ALICE, OPT_OUT, "uk")
    day = date(2025, 10, 26)
    [sent] = personal.due(at(day), "crashed")  # DM sent, then the process died before recording it
    assert personal.due(at(day, 5), "restarted") == []
    assert personal.due(at(day) + STALE_CLAIM + timedelta(minutes=1), "later") == []  # counted as sent
    assert [r.next_on for r in personal.reminders(ALICE)] == [date(2025, 11, 1)]
    [last] = personal.due(at(date(2025, 11, 1)), "next-day")
    assert last.days_left == 1 and last.reminder_id == sent.reminder_id
    personal.record(last, "sent", date(2025, 11, 1))
    assert personal.reminders(ALICE) == []


def test_the_discord_id_is_kept_only_while_a_reminder_waits(privy: Privy, personal: Personal) -> None:
    personal.remind(ALICE, OPT_OUT, "uk")
    personal.did(BOB, OPT_OUT, "uk")
    db = sqlite3.connect(privy.db.path)  # the file alone, as a copy of it would be read
    dump = "\n".join(db.iterdump())
    assert dump.count(ALICE) == 1 and BOB not in dump  # the reminder's user_id, nothing else
    for day in (date(2025, 10, 26), date(2025, 11, 1)):
        for notice in personal.due(at(day), f"t-{day}"):
            personal.record(notice, "sent", day)
    assert ALICE not in "\n".join(db.iterdump())


def mine(privy: Privy) -> dict[str, object]:
    """What /privacy show counts of alice's reminders and checklist."""
    about = privy.about_user(ALICE)
    return {k: about[k] for k in ("reminders", "checklist", "checklist_dms")}


def test_forget_deletes_reminders_checklist_and_the_dm_opt_in(privy: Privy, personal: Personal) -> None:
    personal.remind(ALICE, OPT_OUT, "uk")
    personal.did(ALICE, OPT_OUT, "uk")
    personal.set_dms(ALICE, True)
    personal.remind(BOB, OPT_OUT, "de")
    assert mine(privy) == {"reminders": 1, "checklist": 1, "checklist_dms": True}
    deleted = privy.forget_user(ALICE)
    assert deleted["reminders"] == 1 and deleted["checklist"] == 1
    assert mine(privy) == {"reminders": 0, "checklist": 0, "checklist_dms": False}
    assert len(personal.reminders(BOB)) == 1


def test_no_reminder_of_a_past_deadline_or_for_a_region_it_does_not_cover(personal: Personal) -> None:
    with pytest.raises(CoreError, match="no longer ahead"):
        personal.remind(ALICE, OPT_OUT, "us")  # LinkedIn's US members never had this deadline
    with pytest.raises(CoreError, match="no longer ahead"):
        personal.remind(ALICE, "linkedin-genai-uk-2025", "uk")  # a training claim has no deadline
    assert personal.reminders(ALICE) == []


def test_a_lost_key_drops_the_rows_no_one_can_find(privy: Privy, personal: Personal) -> None:
    personal.remind(ALICE, OPT_OUT, "uk")
    personal.did(ALICE, OPT_OUT, "uk")
    Path(f"{privy.db.path}.key").unlink()
    assert new_key(privy.db) >= 2
    assert privy.db.execute("select count(*) from reminders").fetchone()[0] == 0
    assert privy.db.execute("select count(*) from checklist").fetchone()[0] == 0


def test_a_reminder_is_cancelled_only_by_its_owner(personal: Personal) -> None:
    personal.remind(ALICE, OPT_OUT, "uk")
    [mine] = personal.reminders(ALICE)
    assert personal.cancel(BOB, mine.id) is False  # a forged custom_id reaches nothing of anyone else's
    assert personal.cancel(ALICE, mine.id) is True
    assert personal.reminders(ALICE) == []
