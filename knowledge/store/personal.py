"""A person's deadline reminders and "what I've done" checklist: the rows, and nothing about them but the rows.

Every row is found by a keyed hash of the person's id, one per purpose (a reminder, a checklist entry),
made with the key kept outside the database (knowledge.store.secret_key), so the file alone cannot tell
whose a row is. Two things keep the Discord id itself, because Privy must DM the person: a waiting
reminder (the id goes when it is sent, cancelled or dropped) and the opt-in to a DM when a checklist entry
needs them to act again (the id goes when they switch it off). /privacy forget deletes all of it.

Sending is claimed first: a token written in its own transaction before a DM goes, so a crash between
the DM and its record never sends it twice (a claim left by a crash counts as sent after STALE_CLAIM).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from knowledge.store.db import write
from knowledge.store.secret_key import key_for

log = logging.getLogger(__name__)

REMINDER, CHECKLIST = "reminder", "checklist"
WAITING, DROPPED, UNDELIVERED = "waiting", "dropped", "undelivered"  # a reminder's states
STALE_CLAIM = timedelta(minutes=15)  # a claim older than this was left by a crash: counted as sent
CLAIM_BATCH = 50  # reminders claimed at a time: a crash leaves at most this many counted as sent
NOTICE_DAYS = (7, 1)  # a reminder's DMs: this many days before the deadline, stage 0 then stage 1


@dataclass(frozen=True)
class ReminderRow:
    """One reminder: what it is about, the deadline last told and the one the claims give now."""

    id: int
    platform: str
    region: str
    fact_id: str
    deadline: date
    target: date
    stage: int
    next_on: date | None
    state: str
    user_id: str | None = None
    claim: str | None = None
    lang: str = "en"  # the language of its DMs: the one the person clicked "Remind me" in


@dataclass(frozen=True)
class ChecklistRow:
    """One thing a person did: opted out of `platform` for `region` with `fact_id`'s steps on `done_on`;
    `way` is the claim's opt_out then and `steps` a hash of the steps followed."""

    platform: str
    region: str
    fact_id: str
    way: str
    steps: str
    done_on: date
    told: str | None = None
    who: str = ""
    user_id: str | None = None
    lang: str = "en"  # the language of its DM: the one the person clicked "I did this" in


def next_notice(target: date, stage: int) -> date:
    """The day a reminder's DM of `stage` is due."""
    return target - timedelta(days=NOTICE_DAYS[min(stage, len(NOTICE_DAYS) - 1)])


class PersonalStore:
    """The SQL of reminders and checklists; every multi-row write in one transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def who(self, user_id: str, purpose: str) -> str:
        """A keyed hash of a person's id for one purpose (KeyUnavailable: nothing is stored then)."""
        msg = f"{purpose}\0{user_id}".encode()
        return hmac.new(key_for(self.db), msg, hashlib.sha256).hexdigest()[:32]

    # ---- reminders ----------------------------------------------------------------------------
    def add_reminder(
        self,
        user_id: str,
        *,
        platform: str,
        region: str,
        fact_id: str,
        deadline: date,
        stage: int,
        lang: str = "en",
    ) -> bool:
        """A new waiting reminder whose DMs are in `lang`; False when the person already has one for this
        deadline (its DMs then follow the language of this latest click)."""
        who = self.who(user_id, REMINDER)
        with write(self.db):
            same = self.db.execute(
                "select id from reminders where who = ? and platform = ? and region = ? and target = ?"
                " and state = ?",
                [who, platform, region, deadline.isoformat(), WAITING],
            ).fetchone()
            if same:
                self.db.execute("update reminders set lang = ? where id = ?", [lang, same[0]])
                return False
            self.db.execute(
                "insert into reminders (who, user_id, platform, region, fact_id, deadline, target, stage,"
                " next_on, state, lang) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    who,
                    str(user_id),
                    platform,
                    region,
                    fact_id,
                    deadline.isoformat(),
                    deadline.isoformat(),
                    stage,
                    next_notice(deadline, stage).isoformat(),
                    WAITING,
                    lang,
                ],
            )
        return True

    def reminders_of(self, user_id: str) -> list[ReminderRow]:
        """The person's reminders, waiting ones and notes of dropped or undelivered ones, oldest deadline first."""
        rows = self.db.execute(
            f"select {_REMINDER_COLUMNS} from reminders where who = ? order by target, id",
            [self.who(user_id, REMINDER)],
        ).fetchall()
        return [_reminder(r) for r in rows]

    def clear_notes(self, user_id: str, ids: list[int]) -> None:
        """Notes of dropped or undelivered reminders, once shown, are deleted."""
        who = self.who(user_id, REMINDER)
        with write(self.db):
            for rid in ids:
                self.db.execute(
                    "delete from reminders where id = ? and who = ? and state != ?", [rid, who, WAITING]
                )

    def cancel(self, user_id: str, reminder_id: int) -> bool:
        """Delete one of the person's reminders (and the Discord id it kept); False when not theirs."""
        with write(self.db):
            return bool(
                self.db.execute(
                    "delete from reminders where id = ? and who = ?",
                    [reminder_id, self.who(user_id, REMINDER)],
                ).rowcount
            )

    def waiting_subjects(self) -> list[tuple[str, str, str]]:
        """Each (platform, region, fact id) some waiting reminder is about."""
        rows = self.db.execute(
            "select distinct platform, region, fact_id from reminders where state = ? order by 1, 2, 3",
            [WAITING],
        ).fetchall()
        return [(r[0], r[1], r[2]) for r in rows]

    def retarget(
        self, platform: str, region: str, fact_id: str, target: date | None, now_fact: str | None
    ) -> int:
        """The claims now give `target` as the deadline of these reminders, from fact `now_fact` (None:
        no deadline any more, so they are dropped, their Discord ids deleted); how many rows changed.
        Claimed rows are left to their sender."""
        where = "state = ? and claim is null and platform = ? and region = ? and fact_id = ?"
        args: list[Any] = [WAITING, platform, region, fact_id]
        with write(self.db):
            if target is None or now_fact is None:
                return self.db.execute(
                    f"update reminders set state = ?, user_id = null, next_on = null where {where}",
                    [DROPPED, *args],
                ).rowcount
            if now_fact == fact_id and not self._moved(where, args, target):
                return 0
            moved = self.db.execute(f"select id, stage from reminders where {where}", args).fetchall()
            for rid, stage in moved:
                self.db.execute(
                    "update reminders set target = ?, next_on = ?, fact_id = ? where id = ?",
                    [target.isoformat(), next_notice(target, stage).isoformat(), now_fact, rid],
                )
            return len(moved)

    def _moved(self, where: str, args: list[Any], target: date) -> bool:
        """Whether any of these reminders points to another day than `target`."""
        sql = f"select 1 from reminders where {where} and target != ? limit 1"
        return self.db.execute(sql, [*args, target.isoformat()]).fetchone() is not None

    def claim_due(self, day: date, now: datetime, token: str, limit: int = CLAIM_BATCH) -> list[ReminderRow]:
        """Claim up to `limit` reminders due on `day` with `token`, in a transaction of its own: a second
        sender (another shard) finds them claimed. Claims a crash left behind count as sent first."""
        stale = (now - STALE_CLAIM).isoformat(timespec="seconds")
        with write(self.db):
            for row in self.db.execute(
                f"select {_REMINDER_COLUMNS} from reminders where claim is not null and claimed_at < ?",
                [stale],
            ).fetchall():
                log.warning("reminder %s was claimed by a sender that stopped: counted as sent", row[0])
                self._advance(_reminder(row), day)
            self.db.execute(
                "update reminders set claim = ?, claimed_at = ? where id in (select id from reminders"
                " where state = ? and claim is null and next_on <= ? order by next_on, id limit ?)",
                [token, now.isoformat(timespec="seconds"), WAITING, day.isoformat(), limit],
            )
            rows = self.db.execute(
                f"select {_REMINDER_COLUMNS} from reminders where claim = ? order by id", [token]
            ).fetchall()
        return [_reminder(r) for r in rows]

    def sent(self, reminder_id: int, token: str, day: date) -> bool:
        """Record a DM sent under `token`: on to the next one, or deleted after the last; False when the
        claim is no longer there (cancelled or forgotten meanwhile)."""
        with write(self.db):
            row = self.db.execute(
                f"select {_REMINDER_COLUMNS} from reminders where id = ? and claim = ?", [reminder_id, token]
            ).fetchone()
            if row is None:
                return False
            self._advance(_reminder(row), day)
        return True

    def _advance(self, row: ReminderRow, day: date) -> None:
        """After a DM on `day`: the 1-day one is next if it is still ahead, else the reminder is done."""
        if row.stage == 0 and next_notice(row.target, 1) > day:
            self.db.execute(
                "update reminders set stage = 1, next_on = ?, deadline = target, claim = null,"
                " claimed_at = null where id = ?",
                [next_notice(row.target, 1).isoformat(), row.id],
            )
        else:
            self.db.execute("delete from reminders where id = ?", [row.id])

    def give_up(self, reminder_id: int, token: str, state: str) -> None:
        """A claimed reminder that was not sent and will not be: `state` says why (dropped: no deadline
        any more; undelivered: DMs closed). Its Discord id goes; a note stays for /privy reminders."""
        with write(self.db):
            self.db.execute(
                "update reminders set state = ?, user_id = null, next_on = null, claim = null,"
                " claimed_at = null where id = ? and claim = ?",
                [state, reminder_id, token],
            )

    def release(self, reminder_id: int, token: str) -> None:
        """A claimed reminder that could not be sent for now (Discord failing): due again next time."""
        with write(self.db):
            self.db.execute(
                "update reminders set claim = null, claimed_at = null where id = ? and claim = ?",
                [reminder_id, token],
            )

    # ---- the checklist ------------------------------------------------------------------------
    def set_done(
        self,
        user_id: str,
        *,
        platform: str,
        region: str,
        fact_id: str,
        way: str,
        steps: str,
        day: date,
        lang: str = "en",
    ) -> None:
        """Record (or record again) that the person opted out of `platform` for `region` on `day`; a DM
        about it is written in `lang`."""
        with write(self.db):
            self.db.execute(
                "insert into checklist (who, platform, region, fact_id, way, steps, done_on, told, lang)"
                " values (?, ?, ?, ?, ?, ?, ?, null, ?) on conflict(who, platform, region) do update set"
                " fact_id = excluded.fact_id, way = excluded.way, steps = excluded.steps,"
                " done_on = excluded.done_on, told = null, lang = excluded.lang",
                [self.who(user_id, CHECKLIST), platform, region, fact_id, way, steps, day.isoformat(), lang],
            )

    def checklist_of(self, user_id: str) -> list[ChecklistRow]:
        rows = self.db.execute(
            f"select {_CHECKLIST_COLUMNS} from checklist as c where c.who = ? order by c.platform, c.region",
            [self.who(user_id, CHECKLIST)],
        ).fetchall()
        return [_checklist(r) for r in rows]

    def remove_done(self, user_id: str, platform: str, region: str) -> bool:
        with write(self.db):
            return bool(
                self.db.execute(
                    "delete from checklist where who = ? and platform = ? and region = ?",
                    [self.who(user_id, CHECKLIST), platform, region],
                ).rowcount
            )

    def dms_on(self, user_id: str) -> bool:
        who = self.who(user_id, CHECKLIST)
        return bool(self.db.execute("select 1 from checklist_dms where who = ?", [who]).fetchone())

    def set_dms(self, user_id: str, on: bool, day: date) -> None:
        """The person's opt-in to one DM when an entry needs them to act again (keeps their id while on)."""
        who = self.who(user_id, CHECKLIST)
        with write(self.db):
            if on:
                self.db.execute(
                    "insert into checklist_dms (who, user_id, since) values (?, ?, ?) on conflict (who)"
                    " do update set user_id = excluded.user_id, since = excluded.since",
                    [who, str(user_id), day.isoformat()],
                )
            else:
                self.db.execute("delete from checklist_dms where who = ?", [who])

    def watched_entries(self, now: datetime) -> list[ChecklistRow]:
        """Entries of people who want a DM, not being sent now (claims a crash left count as sent)."""
        stale = (now - STALE_CLAIM).isoformat(timespec="seconds")
        with write(self.db):
            self.db.execute(
                "update checklist set claim = null, claimed_at = null where claim is not null"
                " and claimed_at < ?",
                [stale],
            )
        rows = self.db.execute(
            f"select {_CHECKLIST_COLUMNS}, c.who, d.user_id from checklist as c join checklist_dms as d"
            " on d.who = c.who where c.claim is null order by c.who, c.platform, c.region"
        ).fetchall()
        return [_checklist(r) for r in rows]

    def claim_entry(self, entry: ChecklistRow, marker: str, token: str, now: datetime) -> bool:
        """Claim one DM about the change `marker` for this entry: `told` is written with the claim, before
        the DM goes, so it is never sent twice; False when it was told already or claimed by another."""
        with write(self.db):
            return bool(
                self.db.execute(
                    "update checklist set claim = ?, claimed_at = ?, told = ? where who = ? and platform = ?"
                    " and region = ? and claim is null and (told is null or told != ?)",
                    [
                        token,
                        now.isoformat(timespec="seconds"),
                        marker,
                        entry.who,
                        entry.platform,
                        entry.region,
                        marker,
                    ],
                ).rowcount
            )

    def entry_sent(self, entry: ChecklistRow, token: str, *, delivered: bool) -> None:
        """After the DM: the claim goes; an undelivered one (DMs closed) switches the person's DMs off."""
        with write(self.db):
            self.db.execute(
                "update checklist set claim = null, claimed_at = null where who = ? and platform = ?"
                " and region = ? and claim = ?",
                [entry.who, entry.platform, entry.region, token],
            )
            if not delivered:
                self.db.execute("delete from checklist_dms where who = ?", [entry.who])

    def entry_release(self, entry: ChecklistRow, token: str) -> None:
        """A DM that could not go for now: the change counts as not told, to try again next time."""
        with write(self.db):
            self.db.execute(
                "update checklist set claim = null, claimed_at = null, told = null where who = ?"
                " and platform = ? and region = ? and claim = ?",
                [entry.who, entry.platform, entry.region, token],
            )

    # ---- privacy ------------------------------------------------------------------------------
    def about(self, user_id: str) -> dict[str, object]:
        """How many reminders and checklist entries are kept for the person, and whether DMs are on."""
        reminder, checklist = self.who(user_id, REMINDER), self.who(user_id, CHECKLIST)
        count = "select count(*) from {} where who = ?"
        return {
            "reminders": self.db.execute(count.format("reminders"), [reminder]).fetchone()[0],
            "checklist": self.db.execute(count.format("checklist"), [checklist]).fetchone()[0],
            "checklist_dms": bool(self.db.execute(count.format("checklist_dms"), [checklist]).fetchone()[0]),
        }

    def forget(self, user_id: str) -> dict[str, int]:
        """Delete the person's reminders (with the Discord ids they kept), checklist and DM opt-in."""
        reminder, checklist = self.who(user_id, REMINDER), self.who(user_id, CHECKLIST)
        with write(self.db):
            reminders = self.db.execute("delete from reminders where who = ?", [reminder]).rowcount
            entries = self.db.execute("delete from checklist where who = ?", [checklist]).rowcount
            self.db.execute("delete from checklist_dms where who = ?", [checklist])
        return {"reminders": reminders, "checklist": entries}


_REMINDER_COLUMNS = (
    "id, platform, region, fact_id, deadline, target, stage, next_on, state, user_id, claim, lang"
)
_CHECKLIST_COLUMNS = "c.platform, c.region, c.fact_id, c.way, c.steps, c.done_on, c.told, c.lang"


def _reminder(row: tuple[Any, ...]) -> ReminderRow:
    rid, platform, region, fact_id, deadline, target, stage, next_on, state, user_id, claim, lang = row
    return ReminderRow(
        rid,
        platform,
        region,
        fact_id,
        date.fromisoformat(deadline),
        date.fromisoformat(target),
        stage,
        date.fromisoformat(next_on) if next_on else None,
        state,
        user_id,
        claim,
        lang,
    )


def _checklist(row: tuple[Any, ...]) -> ChecklistRow:
    platform, region, fact_id, way, steps, done_on, told, lang, *who = row
    return ChecklistRow(
        platform,
        region,
        fact_id,
        way,
        steps,
        date.fromisoformat(done_on),
        told,
        who[0] if who else "",
        who[1] if len(who) > 1 else None,
        lang,
    )
