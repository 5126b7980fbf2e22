"""What the bot keeps about its users, and no more: a chosen region, anonymous votes, unanswered questions."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlite_utils import Database

from knowledge.store.db import write
from knowledge.text import squash

FEEDBACK_KINDS = ("helpful", "outdated", "wrong_region")


@dataclass(frozen=True)
class Unanswered:
    question: str
    count: int
    last_at: str


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Community:
    """Per-user preferences and anonymous signals, kept apart from the facts."""

    def __init__(self, db: Database):
        self.db = db

    # ---- saved region (only when the user sets it) -----------------------------------------
    def region_of(self, user_id: str) -> str | None:
        rows = list(self.db.query("select region from user_regions where user_id = ?", [str(user_id)]))
        return rows[0]["region"] if rows else None

    def set_region(self, user_id: str, region: str) -> None:
        with write(self.db):
            self.db["user_regions"].upsert(
                {"user_id": str(user_id), "region": region, "set_at": _now()}, pk="user_id"
            )

    def clear_region(self, user_id: str) -> bool:
        with write(self.db):
            cur = self.db.execute("delete from user_regions where user_id = ?", [str(user_id)])
        return cur.rowcount > 0

    # ---- feedback: counts per fact; a vote token that cannot be read back to a user ------------
    def vote(self, fact_id: str, kind: str, user_id: str) -> bool:
        """Count one vote; False if this user already voted this way on this fact."""
        if kind not in FEEDBACK_KINDS:
            raise ValueError(f"unknown feedback {kind!r}")
        token = self._token(user_id, fact_id, kind)
        with write(self.db):
            if any(self.db.query("select 1 from feedback_votes where token = ?", [token])):
                return False
            self.db["feedback_votes"].insert({"token": token, "at": _now()[:10]})
            self.db.execute(
                "insert into feedback (fact_id, kind, count) values (?, ?, 1) "
                "on conflict(fact_id, kind) do update set count = count + 1",
                [fact_id, kind],
            )
        return True

    def feedback(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for r in self.db.query("select fact_id, kind, count from feedback"):
            out.setdefault(r["fact_id"], {})[r["kind"]] = r["count"]
        return out

    def clear_feedback(self, fact_id: str, kinds: tuple[str, ...] = ("outdated", "wrong_region")) -> None:
        """A moderator dealt with the flags on a fact: reset those counts."""
        with write(self.db):
            for kind in kinds:
                self.db.execute("delete from feedback where fact_id = ? and kind = ?", [fact_id, kind])

    def _token(self, user_id: str, fact_id: str, kind: str) -> str:
        key = self._secret().encode()
        msg = f"{user_id}\0{fact_id}\0{kind}".encode()
        return hmac.new(key, msg, hashlib.sha256).hexdigest()[:24]

    def _secret(self) -> str:
        rows = list(self.db.query("select value from meta where key = 'vote_secret'"))
        if rows:
            return rows[0]["value"]
        with write(self.db):  # two processes making one at once: the first one kept is everyone's
            self.db.execute(
                "insert into meta (key, value) values ('vote_secret', ?) on conflict(key) do nothing",
                [secrets.token_hex(32)],
            )
            return next(self.db.query("select value from meta where key = 'vote_secret'"))["value"]

    # ---- unanswered questions: text only, never who asked --------------------------------------
    def record_unanswered(self, question: str) -> None:
        text = " ".join(question.split())[:500]
        key = squash(text)[:200]
        if not key:
            return
        now = _now()
        with write(self.db):
            self.db.execute(
                "insert into unanswered (key, question, count, first_at, last_at) values (?, ?, 1, ?, ?) "
                "on conflict(key) do update set count = count + 1, last_at = excluded.last_at",
                [key, text, now, now],
            )

    def unanswered(self, limit: int = 10) -> list[Unanswered]:
        rows = self.db.query(
            "select question, count, last_at from unanswered order by count desc, last_at desc limit ?",
            [limit],
        )
        return [Unanswered(r["question"], r["count"], r["last_at"]) for r in rows]

    def dismiss_unanswered(self, question: str) -> None:
        with write(self.db):
            self.db.execute("delete from unanswered where key = ?", [squash(question)[:200]])

    # ---- privacy ------------------------------------------------------------------------------
    def about(self, user_id: str, fact_ids: list[str]) -> dict[str, object]:
        """Exactly what is stored that can be tied to this user."""
        return {"region": self.region_of(user_id), "votes": len(self._votes_of(user_id, fact_ids))}

    def forget(self, user_id: str, fact_ids: list[str]) -> dict[str, int]:
        """Delete everything tied to this user: the saved region and their vote tokens."""
        tokens = self._votes_of(user_id, fact_ids)
        with write(self.db):
            region = self.db.execute("delete from user_regions where user_id = ?", [str(user_id)]).rowcount
            for token in tokens:
                self.db.execute("delete from feedback_votes where token = ?", [token])
        return {"region": region, "votes": len(tokens)}

    def _votes_of(self, user_id: str, fact_ids: list[str]) -> list[str]:
        candidates = [self._token(user_id, f, k) for f in fact_ids for k in FEEDBACK_KINDS]
        found: list[str] = []
        for start in range(0, len(candidates), 500):
            chunk = candidates[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found += [
                r["token"]
                for r in self.db.query(f"select token from feedback_votes where token in ({marks})", chunk)
            ]
        return found
