"""Changes that are not live yet: drafts a moderator is still writing, and proposals awaiting a second one.

Both live in the `pending_changes` table, so nothing typed is lost and a draft never reaches users:
    draft    -> being written (may be incomplete); only its author continues it, any moderator may discard it
    pending  -> proposed (PRIVY_REQUIRE_REVIEW=1); goes live when a *different* moderator approves it
    published | approved | rejected | discarded -> done, kept for the record
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlite_utils import Database

from knowledge.errors import CoreError
from knowledge.reading.safe_text import strip_invisible
from knowledge.store.db import write
from knowledge.store.facts import Author
from knowledge.store.rows import now_iso

DRAFT, PENDING, PUBLISHED = "draft", "pending", "published"
APPROVED, REJECTED, DISCARDED = "approved", "rejected", "discarded"
PACK_CHANGE = "(pack)"  # fact_id of a proposed pack import


class ChangeError(CoreError, ValueError):
    """A change that cannot be continued or decided (wrong status, wrong person); the message says why."""


@dataclass(frozen=True)
class Change:
    """One draft or proposal: the fact as it would be saved, and on which revision it was based."""

    id: int
    fact_id: str
    base_rev: int  # 0 for a new fact
    action: str  # add | edit | verify | retire | revert | import
    data: dict[str, Any]  # the raw fact entry (pack shape); for import {"pack": yaml, "name": file,
    # "revisions": {fact id: revision when the plan was made}}
    by: Author
    at: str
    status: str
    note: str | None = None  # the unanswered question a draft came from, a reject reason, ...
    decided_by: Author | None = None
    decided_at: str | None = None
    scope: str = ""  # the layer it changes: '' the shared base, else a server's id
    origin: str | None = None  # a suggestion to the curators: the server it came from ...
    origin_name: str | None = None  # ... and that server's name when it was sent

    @property
    def suggested(self) -> bool:
        return self.origin is not None

    @property
    def is_new(self) -> bool:
        return self.action == "add"


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, default=lambda d: d.isoformat() if isinstance(d, date) else str(d))


def same_person(a: Author, b: Author) -> bool:
    """Discord ids when both have one (names can change), else names."""
    if a.id and b.id:
        return a.id == b.id
    return a.name == b.name


class ChangeStore:
    """Rows of `pending_changes` of one scope; the rules about who may do what live in knowledge.curation.

    A change of another scope is as unknown here as one that does not exist: a server can neither read
    nor decide another's drafts, nor the curators' queue.
    """

    def __init__(self, db: Database, scope: str):
        self.db = db
        self.scope = scope

    def create(
        self,
        action: str,
        data: dict[str, Any],
        author: Author,
        *,
        base_rev: int,
        status: str,
        fact_id: str | None = None,
        note: str | None = None,
        origin: tuple[str, str] | None = None,
    ) -> Change:
        """A new draft or proposal in this scope; `origin` (server id, name) makes it a suggestion."""
        row = {
            "scope": self.scope,
            "origin": origin[0] if origin else None,
            "origin_name": strip_invisible(origin[1]) if origin else None,
            "fact_id": fact_id if fact_id is not None else str(data.get("id") or ""),
            "base_rev": base_rev,
            "action": action,
            "data": _json(data),
            "by_id": author.id,
            "by_name": author.name,
            "at": now_iso(),
            "status": status,
            "note": strip_invisible(note) if note else note,
        }
        with write(self.db):
            pk = self.db.table("pending_changes").insert(row).last_pk
        assert pk is not None  # an insert into a table with an integer key always has one
        return self.get(int(pk))

    def get(self, change_id: int) -> Change:
        rows = list(
            self.db.query("select * from pending_changes where id = ? and scope = ?", [change_id, self.scope])
        )
        if not rows:
            raise ChangeError(f"there is no draft or proposed change #{change_id}")
        return _change(rows[0])

    def update_data(self, change_id: int, data: dict[str, Any]) -> Change:
        with write(self.db):
            self.db.execute(
                "update pending_changes set data = ?, fact_id = ?, at = ? where id = ? and scope = ?",
                [_json(data), str(data.get("id") or ""), now_iso(), change_id, self.scope],
            )
        return self.get(change_id)

    def set_base(self, change_id: int, base_rev: int) -> None:
        with write(self.db):
            self.db.execute(
                "update pending_changes set base_rev = ? where id = ? and scope = ?",
                [base_rev, change_id, self.scope],
            )

    def set_status(
        self, change_id: int, status: str, by: Author | None = None, note: str | None = None
    ) -> Change:
        """Move a change on; `by` records who decided (approve, reject, discard)."""
        sets = ["status = ?"]
        args: list[Any] = [status]
        if by is not None:
            sets += ["decided_by_id = ?", "decided_by_name = ?", "decided_at = ?"]
            args += [by.id, by.name, now_iso()]
        if note is not None:
            sets.append("note = ?")
            args.append(strip_invisible(note))
        with write(self.db):
            self.db.execute(
                f"update pending_changes set {', '.join(sets)} where id = ? and scope = ?",
                [*args, change_id, self.scope],
            )
        return self.get(change_id)

    def with_status(self, status: str, limit: int = 25, offset: int = 0) -> list[Change]:
        """One page of the changes with this status: this scope's own first (the curators' proposals
        before other servers' suggestions, which could otherwise push them off the page), oldest first."""
        rows = self.db.query(
            "select * from pending_changes where scope = ? and status = ?"
            " order by origin is not null, at, id limit ? offset ?",
            [self.scope, status, limit, offset],
        )
        return [_change(r) for r in rows]

    def count(self, status: str) -> int:
        """How many changes of this scope have that status (/review pages through the proposals)."""
        sql = "select count(*) from pending_changes where scope = ? and status = ?"
        return self.db.execute(sql, [self.scope, status]).fetchone()[0]

    def count_from(self, origin: str, *, status: str | None = None, since: str | None = None) -> int:
        """How many suggestions a server sent (this store's scope is ''), with that status or since then."""
        sql = "select count(*) from pending_changes where scope = ? and origin = ?"
        args: list[Any] = [self.scope, origin]
        if status is not None:
            sql, args = sql + " and status = ?", [*args, status]
        if since is not None:
            sql, args = sql + " and at >= ?", [*args, since]
        return self.db.execute(sql, args).fetchone()[0]

    def suggested_from(self, origin: str, limit: int = 10) -> list[Change]:
        """Suggestions a server sent to the curators (this store's scope is ''), newest first."""
        rows = self.db.query(
            "select * from pending_changes where scope = ? and origin = ? order by at desc, id desc limit ?",
            [self.scope, origin, limit],
        )
        return [_change(r) for r in rows]


def _change(row: dict[str, Any]) -> Change:
    decided = None
    if row.get("decided_by_name"):
        decided = Author(row["decided_by_name"], row.get("decided_by_id"))
    return Change(
        id=row["id"],
        fact_id=row["fact_id"] or "",
        base_rev=row["base_rev"] or 0,
        action=row["action"],
        data=json.loads(row["data"] or "{}"),
        by=Author(row["by_name"], row["by_id"]),
        at=row["at"],
        status=row["status"],
        note=row.get("note"),
        decided_by=decided,
        decided_at=row.get("decided_at"),
        scope=row.get("scope") or "",
        origin=row.get("origin"),
        origin_name=row.get("origin_name"),
    )
