"""What the bot keeps about its users, and no more: a chosen region, anonymous votes, unanswered questions.

Votes and unanswered questions belong to a scope ('' : the shared base and DMs; a server's id), so one
server's flags and questions are never shown in another. Each carries a keyed hash of the person's id,
only so /privacy forget can find them: the key lives outside the database file (knowledge.store.secret_key), so
the file alone cannot tell whose they are. Unanswered questions are stored redacted (e-mail addresses,
phone numbers, mentions) and for at most `keep_days` days.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from knowledge.reading.redact import redact
from knowledge.reading.words import squash
from knowledge.store.db import write
from knowledge.store.rows import now_iso
from knowledge.store.secret_key import key_for

FEEDBACK_KINDS = ("helpful", "outdated", "wrong_region")
UNANSWERED_DAYS = 30  # PRIVY_UNANSWERED_DAYS: how long an unanswered question is kept at most


@dataclass(frozen=True)
class Unanswered:
    question: str
    count: int
    last_at: str


class Community:
    """Per-user preferences and anonymous signals, kept apart from the facts."""

    def __init__(self, db: Database, *, keep_days: int = UNANSWERED_DAYS):
        self.db = db
        self.keep_days = keep_days
        self._key: bytes | None = None

    # ---- saved region (only when the user sets it) -----------------------------------------
    def region_of(self, user_id: str) -> str | None:
        rows = list(self.db.query("select region from user_regions where user_id = ?", [str(user_id)]))
        return rows[0]["region"] if rows else None

    def set_region(self, user_id: str, region: str) -> None:
        with write(self.db):
            self.db.table("user_regions").upsert(
                {"user_id": str(user_id), "region": region, "set_at": now_iso()}, pk="user_id"
            )

    def clear_region(self, user_id: str) -> bool:
        with write(self.db):
            cur = self.db.execute("delete from user_regions where user_id = ?", [str(user_id)])
        return cur.rowcount > 0

    # ---- feedback: counts per fact and scope; a vote token that cannot be read back to a user ---
    def vote(self, fact_id: str, kind: str, user_id: str, scope: str = "") -> bool:
        """Count one vote; False if this user already voted this way on this fact in this scope."""
        if kind not in FEEDBACK_KINDS:
            raise ValueError(f"unknown feedback {kind!r}")
        token = self._token(user_id, fact_id, kind, scope)
        with write(self.db):
            if any(self.db.query("select 1 from feedback_votes where token = ?", [token])):
                return False
            self.db.table("feedback_votes").insert(
                {"token": token, "at": now_iso()[:10], "who": self._who(user_id)}
            )
            self.db.execute(
                "insert into feedback (scope, fact_id, kind, count) values (?, ?, ?, 1) "
                "on conflict(scope, fact_id, kind) do update set count = count + 1",
                [scope, fact_id, kind],
            )
        return True

    def feedback(self, scope: str = "") -> dict[str, dict[str, int]]:
        """Vote counts by fact, of one scope only."""
        out: dict[str, dict[str, int]] = {}
        for r in self.db.query("select fact_id, kind, count from feedback where scope = ?", [scope]):
            out.setdefault(r["fact_id"], {})[r["kind"]] = r["count"]
        return out

    def clear_feedback(
        self, fact_id: str, kinds: tuple[str, ...] = ("outdated", "wrong_region"), scope: str = ""
    ) -> None:
        """A moderator dealt with the flags on a fact: reset those counts (of their scope)."""
        with write(self.db):
            for kind in kinds:
                self.db.execute(
                    "delete from feedback where scope = ? and fact_id = ? and kind = ?",
                    [scope, fact_id, kind],
                )

    def _token(self, user_id: str, fact_id: str, kind: str, scope: str = "") -> str:
        msg = f"{user_id}\0{fact_id}\0{kind}" + (f"\0{scope}" if scope else "")
        return hmac.new(self._secret(), msg.encode(), hashlib.sha256).hexdigest()[:24]

    def _who(self, user_id: str) -> str:
        """A keyed hash of a person's id, stored beside their votes and questions: only someone holding
        the key (the bot) can find them again, for /privacy forget."""
        return hmac.new(self._secret(), f"who\0{user_id}".encode(), hashlib.sha256).hexdigest()[:32]

    def _secret(self) -> bytes:
        if self._key is None:
            self._key = key_for(self.db)
        return self._key

    # ---- unanswered questions: redacted text, a keyed hash of who asked, kept for a while ------------
    def record_unanswered(self, question: str, scope: str = "", user_id: str | None = None) -> None:
        text = redact(" ".join(question.split()))[:500]
        key = squash(text)[:200]
        if not key:
            return
        now = now_iso()
        with write(self.db):
            self._expire()
            self.db.execute(
                "insert into unanswered (scope, key, question, count, first_at, last_at)"
                " values (?, ?, ?, 1, ?, ?) on conflict(scope, key) do update set count = count + 1,"
                " last_at = excluded.last_at",
                [scope, key, text, now, now],
            )
            if user_id is not None:
                self.db.execute(
                    "insert or ignore into unanswered_askers (scope, key, who) values (?, ?, ?)",
                    [scope, key, self._who(user_id)],
                )

    def unanswered(self, limit: int = 10, scope: str = "") -> list[Unanswered]:
        """One scope's unanswered questions, asked within the last `keep_days` days."""
        rows = self.db.query(
            "select question, count, last_at from unanswered where scope = ? and last_at >= ?"
            " order by count desc, last_at desc limit ?",
            [scope, self._oldest(), limit],
        )
        return [Unanswered(r["question"], r["count"], r["last_at"]) for r in rows]

    def dismiss_unanswered(self, question: str, scope: str = "") -> None:
        key = squash(redact(" ".join(question.split()))[:500])[:200]
        with write(self.db):
            self.db.execute("delete from unanswered where scope = ? and key = ?", [scope, key])
            self.db.execute("delete from unanswered_askers where scope = ? and key = ?", [scope, key])

    def _oldest(self) -> str:
        return (datetime.now(UTC) - timedelta(days=self.keep_days)).isoformat(timespec="seconds")

    def _expire(self) -> int:
        """Delete questions last asked longer ago than `keep_days` (inside a write)."""
        oldest = self._oldest()
        self.db.execute(
            "delete from unanswered_askers where exists (select 1 from unanswered as u where"
            " u.scope = unanswered_askers.scope and u.key = unanswered_askers.key and u.last_at < ?)",
            [oldest],
        )
        return self.db.execute("delete from unanswered where last_at < ?", [oldest]).rowcount

    def expire(self) -> int:
        """Delete the unanswered questions older than the retention period; returns how many."""
        with write(self.db):
            return self._expire()

    # ---- privacy ------------------------------------------------------------------------------
    def about(self, user_id: str, fact_ids: list[str]) -> dict[str, object]:
        """Exactly what is stored that can be tied to this user."""
        return {
            "region": self.region_of(user_id),
            "votes": len(self._votes_of(user_id, fact_ids)),
            "questions": len(self._questions_of(user_id)),
        }

    def forget(self, user_id: str, fact_ids: list[str]) -> dict[str, int]:
        """Delete everything tied to this user: the saved region, their vote tokens, and the unanswered
        questions they asked (a question others asked too stays, counted one less)."""
        tokens = self._votes_of(user_id, fact_ids)
        asked = self._questions_of(user_id)
        who = self._who(user_id)
        with write(self.db):
            region = self.db.execute("delete from user_regions where user_id = ?", [str(user_id)]).rowcount
            for token in tokens:
                self.db.execute("delete from feedback_votes where token = ?", [token])
            for scope, key in asked:
                self.db.execute(
                    "delete from unanswered_askers where scope = ? and key = ? and who = ?", [scope, key, who]
                )
                others = self.db.execute(
                    "select count(*) from unanswered_askers where scope = ? and key = ?", [scope, key]
                ).fetchone()[0]
                if others:
                    self.db.execute(
                        "update unanswered set count = max(count - 1, 1) where scope = ? and key = ?",
                        [scope, key],
                    )
                else:
                    self.db.execute("delete from unanswered where scope = ? and key = ?", [scope, key])
        return {"region": region, "votes": len(tokens), "questions": len(asked)}

    def _questions_of(self, user_id: str) -> list[tuple[str, str]]:
        rows = self.db.execute(
            "select scope, key from unanswered_askers where who = ?", [self._who(user_id)]
        ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def _votes_of(self, user_id: str, fact_ids: list[str]) -> list[str]:
        """Their vote tokens: found by the keyed hash stored with each, and (votes from before it was
        stored) by recomputing their tokens on the shared base."""
        found = [
            r[0]
            for r in self.db.execute("select token from feedback_votes where who = ?", [self._who(user_id)])
        ]
        candidates = [self._token(user_id, f, k) for f in fact_ids for k in FEEDBACK_KINDS]
        for start in range(0, len(candidates), 500):
            chunk = candidates[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found += [
                r["token"]
                for r in self.db.query(
                    f"select token from feedback_votes where who is null and token in ({marks})", chunk
                )
            ]
        return found
