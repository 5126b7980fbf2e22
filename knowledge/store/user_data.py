"""What the bot keeps about its users, and no more: a chosen region, anonymous votes, unanswered questions.

Votes and unanswered questions belong to a scope ('' : the shared base and DMs; a server's id), so one
server's flags and questions are never shown in another. Each carries a keyed hash of the person's id,
only so /privacy forget can find them: the key lives outside the database file (knowledge.store.secret_key),
so the file alone cannot tell whose they are. The hash differs by scope and by purpose (a vote, a question):
with one hash a person, the file alone tied their questions in one server to those in another, and their
votes to their questions (issue 22); /privacy forget computes the hash of every scope that holds any.
Unanswered questions are stored redacted (knowledge.reading.redact) and for at most `keep_days` days,
deleted by a sweep the bot runs (expire), not only when the next one arrives.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from knowledge.reading.redact import redact
from knowledge.reading.words import squash
from knowledge.store.db import write
from knowledge.store.rows import now_iso
from knowledge.store.secret_key import KeyUnavailable, key_for

log = logging.getLogger(__name__)

VOTE, QUESTION = "vote", "question"  # the purposes a person's hash is kept for, each its own hash
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
                {"token": token, "at": now_iso()[:10], "who": self._who(user_id, scope, VOTE), "scope": scope}
            )
            self.db.execute(
                "insert into feedback (scope, fact_id, kind, count) values (?, ?, ?, 1) "
                "on conflict(scope, fact_id, kind) do update set count = feedback.count + 1",
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

    def _who(self, user_id: str, scope: str, purpose: str) -> str:
        """A keyed hash of a person's id for one scope and one purpose, stored beside their votes or their
        questions: only someone holding the key (the bot) can find them again, for /privacy forget."""
        msg = f"{purpose}\0{scope}\0{user_id}".encode()
        return hmac.new(self._secret(), msg, hashlib.sha256).hexdigest()[:32]

    def _legacy_who(self, user_id: str) -> str:
        """The one hash a person had everywhere before hashes were per scope and purpose (still found)."""
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
        try:
            who = self._who(user_id, scope, QUESTION) if user_id is not None else None
        except KeyUnavailable:  # kept only where /privacy forget can find it again: not now
            log.warning("an unanswered question was not kept: the key file is unusable")
            return
        now = now_iso()
        with write(self.db):
            self.db.execute(
                "insert into unanswered (scope, key, question, count, first_at, last_at)"
                " values (?, ?, ?, 1, ?, ?) on conflict(scope, key) do update set count = unanswered.count + 1,"
                " last_at = excluded.last_at",
                [scope, key, text, now, now],
            )
            if who is not None:
                self.db.execute(
                    "insert into unanswered_askers (scope, key, who) values (?, ?, ?) on conflict do nothing",
                    [scope, key, who],
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
        whos = {(scope, self._who(user_id, scope, QUESTION)) for scope, _ in asked}
        whos |= {(scope, self._legacy_who(user_id)) for scope, _ in asked}
        with write(self.db):
            region = self.db.execute("delete from user_regions where user_id = ?", [str(user_id)]).rowcount
            for token in tokens:
                self.db.execute("delete from feedback_votes where token = ?", [token])
            for scope, key in asked:
                for who in (w for s, w in whos if s == scope):
                    self.db.execute(
                        "delete from unanswered_askers where scope = ? and key = ? and who = ?",
                        [scope, key, who],
                    )
                others = self.db.execute(
                    "select count(*) from unanswered_askers where scope = ? and key = ?", [scope, key]
                ).fetchone()[0]
                if others:
                    self.db.execute(
                        "update unanswered set count = case when count > 1 then count - 1 else 1 end"
                        " where scope = ? and key = ?",
                        [scope, key],
                    )
                else:
                    self.db.execute("delete from unanswered where scope = ? and key = ?", [scope, key])
        return {"region": region, "votes": len(tokens), "questions": len(asked)}

    def _questions_of(self, user_id: str) -> list[tuple[str, str]]:
        """(scope, key) of every question they asked: by the hash of each scope that holds questions."""
        scopes = [r[0] for r in self.db.execute("select distinct scope from unanswered_askers")]
        whos = [self._who(user_id, scope, QUESTION) for scope in scopes] + [self._legacy_who(user_id)]
        return sorted({(r[0], r[1]) for r in self._rows_by_who("unanswered_askers", "scope, key", whos)})

    def _rows_by_who(self, table: str, columns: str, whos: list[str]) -> list[tuple]:
        """Rows of `table` whose `who` is one of `whos`, 500 to a query."""
        rows: list[tuple] = []
        for start in range(0, len(whos), 500):
            chunk = whos[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows += self.db.execute(f"select {columns} from {table} where who in ({marks})", chunk).fetchall()
        return rows

    def _votes_of(self, user_id: str, fact_ids: list[str]) -> list[str]:
        """Their vote tokens: found by the keyed hash stored with each, and (votes from before it was
        stored) by recomputing their tokens on the shared base."""
        scopes = [
            r[0] for r in self.db.execute("select distinct scope from feedback_votes where scope is not null")
        ]
        whos = [self._who(user_id, scope, VOTE) for scope in scopes] + [self._legacy_who(user_id)]
        found = [r[0] for r in self._rows_by_who("feedback_votes", "token", whos)]
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
