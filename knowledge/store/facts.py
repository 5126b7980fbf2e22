"""The fact base on disk: current facts plus an append-only revision history. Nothing is lost."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Collection, Iterable
from contextlib import AbstractContextManager, nullcontext
from datetime import date
from typing import Any, TextIO

from sqlite_utils import Database

from knowledge.collector import collector_paused
from knowledge.model import Fact, Platform, fact_as_pack_entry, with_scope
from knowledge.packs.format import (
    LIMITS,
    Pack,
    PackError,
    Problem,
    check_fact,
    parse_fact,
    parse_facts,
)
from knowledge.store import search_index, transfer
from knowledge.store.db import write
from knowledge.store.health import refuse_damaged
from knowledge.store.records import (
    SYSTEM,
    Author,
    ConflictError,
    ImportPlan,
    NotFoundError,
    NothingToRevert,
    PlanOutdated,
    Revision,
)
from knowledge.store.rows import (
    INSERT_REVISION,
    UPSERT_FACT,
    Pending,
    changed_fields,
    now_iso,
    stored_entry,
)
from knowledge.store.visibility import VISIBLE_FACTS, scope_args, seen_rows

log = logging.getLogger(__name__)

__all__ = [  # what other modules import from here: the store, and the records it hands out
    "SYSTEM",
    "Author",
    "ConflictError",
    "FactStore",
    "ImportPlan",
    "NotFoundError",
    "PlanOutdated",
    "Revision",
    "WriteWatch",
]

# Wraps a write of facts inside its transaction: (db, scope, platforms written, what was done). The
# alerts (knowledge.alerts.watch) read what each region is told before and after, and write their outbox
# in the same transaction; the store knows nothing of them.
WriteWatch = Callable[[Database, str, Collection[str], str], AbstractContextManager[object]]


class FactStore:
    """Facts and platforms in SQLite; every write is a revision, every multi-row write atomic.

    A store has a scope: '' is the shared base; a server's id is that server's layer, which sees the
    shared facts it has not replaced (overridden or hidden) and writes only its own rows. Platforms are
    the shared base's: a server's layer cannot add or rename one.
    """

    def __init__(self, db: Database, scope: str, watch: WriteWatch | None = None):
        self.db = db
        self.scope = scope
        self.watch = watch

    def scoped(self, scope: str) -> FactStore:
        """The same base as one scope sees and changes it ('' : the shared base)."""
        return self if scope == self.scope else FactStore(self.db, scope, self.watch)

    def watched(self, platforms: Collection[str | None], what: str) -> AbstractContextManager[object]:
        """The write watch around a write of facts of these platforms (nothing when none is set)."""
        named = {p for p in platforms if p}
        if self.watch is None or not named:
            return nullcontext()
        return self.watch(self.db, self.scope, named, what)

    # ---- reading -------------------------------------------------------------------------------
    def platforms(self) -> list[Platform]:
        rows = self.db.query("select id, name, aliases from platforms order by id")
        return [Platform(r["id"], r["name"], tuple(json.loads(r["aliases"] or "[]"))) for r in rows]

    def platform_ids(self) -> set[str]:
        return {r["id"] for r in self.db.query("select id from platforms")}

    def claims_of(self, platform: str) -> list[Fact]:
        """The live facts of one platform this scope sees that claim whether it trains or how to stop it:
        what its per-region answers rest on (facts without such a claim are not read, nor parsed)."""
        return [
            with_scope(parse_fact(json.loads(data)), scope) for scope, _, data in self.claim_rows(platform)
        ]

    def claim_rows(self, platform: str) -> list[tuple[str, str, str]]:
        """claims_of as stored: (scope, id, data as JSON text), for a caller that keeps parsed facts."""
        sql = (
            f"select scope, id, data from facts as f where {VISIBLE_FACTS} and retired is null and platform = ?"
            " and json_extract(data, '$.claim.kind') in ('training', 'opt_out')"
        )
        return [tuple(r) for r in self.db.execute(sql, [*scope_args(self.scope), platform]).fetchall()]

    def facts(self, include_retired: bool = False) -> list[Fact]:
        sql = (
            f"select data, scope from facts as f where {VISIBLE_FACTS}"
            + ("" if include_retired else " and retired is null")
            + " order by id"
        )
        with collector_paused():  # hundreds of thousands of new objects, no cycles: 100k facts 3.6 -> 2.2 s
            rows = self.db.execute(sql, scope_args(self.scope)).fetchall()
            facts = parse_facts(json.loads(data) for data, _ in rows)
            return [with_scope(f, scope) for f, (_, scope) in zip(facts, rows, strict=True)]

    def count(self) -> int:
        sql = f"select count(*) from facts as f where {VISIBLE_FACTS}"
        return self.db.execute(sql, scope_args(self.scope)).fetchone()[0]

    def count_live(self) -> int:
        """Facts not retired, counted by the database (not by parsing every fact)."""
        sql = f"select count(*) from facts as f where {VISIBLE_FACTS} and retired is null"
        return self.db.execute(sql, scope_args(self.scope)).fetchone()[0]

    def verified_before(self, day: date, limit: int) -> tuple[list[Fact], int]:
        """Live facts last verified before `day`, the longest unchecked first (at most `limit`), and how
        many there are in all: for /review, without reading the rest of the base."""
        sql = "from facts where scope = ? and retired is null and verified < ?"  # this scope's own facts
        args = [self.scope, day.isoformat()]
        total = next(self.db.query(f"select count(*) as n {sql}", args))["n"]
        rows = self.db.query(f"select data {sql} order by verified, id limit ?", [*args, limit])
        return [with_scope(parse_fact(json.loads(r["data"])), self.scope) for r in rows], total

    def get_many(self, fact_ids: list[str], *, include_retired: bool = False) -> dict[str, Fact]:
        """The facts of these ids that exist (live ones only, unless asked), by id."""
        found: dict[str, Fact] = {}
        for fid, (data, _) in self.current_many(fact_ids).items():
            if include_retired or not data.get("retired"):
                found[fid] = parse_fact(data)
        return found

    def get(self, fact_id: str) -> tuple[Fact, int]:
        """The fact as this scope sees it, and its revision in this scope (0: a shared fact seen from a
        server that has not changed it); NotFoundError if there is none."""
        found = self._visible_row(fact_id)
        if found is None:
            raise NotFoundError(f"no fact with id {fact_id!r}")
        data, rev, scope = found
        return with_scope(parse_fact(data), scope), (rev if scope == self.scope else 0)

    def is_own(self, fact_id: str) -> bool:
        """True when this scope has its own row for the fact (always, for the shared base's facts)."""
        return any(self.db.query("select 1 from facts where scope = ? and id = ?", [self.scope, fact_id]))

    def exists(self, fact_id: str) -> bool:
        return self._current(fact_id) is not None

    def all_ids(self) -> list[str]:
        """Every fact id of every scope, retired ones too, without reading the facts themselves."""
        return [r["id"] for r in self.db.query("select distinct id from facts order by id")]

    def edits_by(self, user_id: str) -> int:
        """How many revisions, in every scope, this person made as a moderator (kept under their name)."""
        return self.db.execute("select count(*) from revisions where by_id = ?", [str(user_id)]).fetchone()[0]

    def ids(self, prefix: str = "", limit: int = 25) -> list[str]:
        """Fact ids this scope sees containing `prefix`, for autocomplete."""
        rows = self.db.execute(
            f"select distinct id from facts as f where {VISIBLE_FACTS} and id like ? order by id limit ?",
            [*scope_args(self.scope), f"%{prefix}%", limit],
        ).fetchall()
        return [r[0] for r in rows]

    def history(self, fact_id: str) -> list[Revision]:
        """This scope's revisions of the fact: a server never sees another's, nor the curators' names."""
        rows = list(
            self.db.query(
                "select * from revisions where scope = ? and fact_id = ? order by rev", [self.scope, fact_id]
            )
        )
        if not rows:
            if self.scope and self.exists(fact_id):
                raise NotFoundError(
                    f"{fact_id} is a shared fact that this server has not changed; its history is kept "
                    "by Privy's curators"
                )
            raise NotFoundError(f"no fact with id {fact_id!r}")
        return [
            Revision(
                r["fact_id"],
                r["rev"],
                r["at"],
                r["by_id"],
                r["by_name"],
                r["action"],
                tuple(json.loads(r["changes"] or "[]")),
                json.loads(r["data"]),
                r.get("note"),
                r.get("scope") or "",
            )
            for r in rows
        ]

    # ---- writing -------------------------------------------------------------------------------
    def save(
        self,
        raw: dict[str, Any],
        author: Author,
        *,
        action: str = "edit",
        base_rev: int | None = None,
        today: date | None = None,
        note: str | None = None,
    ) -> Fact:
        """Add or change one fact after validating it. `base_rev` guards against silent overwrites."""
        problems = check_fact(raw, self.platform_ids(), today)
        if problems:
            raise PackError(problems)
        fact = parse_fact(raw)
        with write(self.db):
            was = seen_rows(self.db, self.scope, [fact.id], "platform").get(fact.id)  # a move alerts both
            with self.watched({fact.platform, was[0] if was else None}, f"{action} {fact.id}"):
                self.write_fact(fact, author, action, base_rev, note)
        return fact

    def add(self, raw: dict[str, Any], author: Author, today: date | None = None) -> Fact:
        """A new fact; an id that exists already is refused with the field named."""
        fid = raw.get("id")
        if isinstance(fid, str) and self._current(fid) is not None:
            raise PackError([Problem(fid, "id", "already exists; choose another id or edit that fact")])
        return self.save(raw, author, action="add", base_rev=0, today=today)

    def retire(self, fact_id: str, reason: str, author: Author, base_rev: int | None = None) -> Fact:
        reason = " ".join(reason.split())
        if not reason:
            raise PackError([Problem(fact_id, "reason", "a reason is required to retire a fact")])
        if len(reason) > LIMITS["reason"]:
            raise PackError(
                [Problem(fact_id, "reason", f"is {len(reason)} characters; at most {LIMITS['reason']}")]
            )
        refuse_damaged(self.db)
        fact, _ = self.get(fact_id)
        entry = fact_as_pack_entry(fact)
        entry["retired"] = reason
        return self.save(entry, author, action="retire", base_rev=base_rev)

    def verify(self, fact_id: str, author: Author, today: date, base_rev: int | None = None) -> Fact:
        refuse_damaged(self.db)  # before reading: a damaged page read first would hide how to recover
        fact, _ = self.get(fact_id)
        entry = fact_as_pack_entry(fact)
        entry["verified"] = today
        return self.save(entry, author, action="verify", base_rev=base_rev, today=today)

    def revert(self, fact_id: str, rev: int, author: Author, base_rev: int | None = None) -> Fact:
        """A new revision equal to revision `rev`; the history keeps everything in between."""
        refuse_damaged(self.db)
        return self.save(self.revert_data(fact_id, rev), author, action="revert", base_rev=base_rev)

    def revision_data(self, fact_id: str, rev: int) -> dict[str, Any]:
        """The fact as it was at revision `rev`."""
        history = self.history(fact_id)
        target = next((r for r in history if r.rev == rev), None)
        if target is None:
            raise NotFoundError(f"{fact_id} has revisions 1 to {history[-1].rev}; there is no revision {rev}")
        return dict(target.data)

    def revert_data(self, fact_id: str, rev: int) -> dict[str, Any]:
        """What reverting to `rev` saves; NothingToRevert when the fact is already so (no empty revision)."""
        data = self.revision_data(fact_id, rev)
        latest = self.history(fact_id)[-1]
        if latest.data == data:
            raise NothingToRevert(
                f"{fact_id} is already as it was at revision {rev} (it is at revision {latest.rev}): "
                "nothing to revert"
            )
        return data

    # ---- packs in and out (knowledge.store.transfer) ----------------------------------------------
    def plan_import(self, pack: Pack) -> ImportPlan:
        """What import_pack would do, without writing anything."""
        return transfer.plan_import(self, pack)

    def import_pack(
        self,
        pack: Pack,
        author: Author,
        progress: Callable[[int, int], None] | None = None,
        note: str | None = None,
        *,
        planned: dict[str, int] | None = None,
    ) -> ImportPlan:
        """Add or update every fact of a validated pack in one transaction: all or nothing; `planned` (a
        plan's revisions) refuses it when a fact moved on since the plan was shown."""
        return transfer.import_pack(self, pack, author, progress, note, planned=planned)

    def check_planned(self, planned: dict[str, int]) -> None:
        """PlanOutdated naming every fact whose revision is no longer the one in the plan."""
        transfer.check_planned(self, planned)

    def seed(self, packs: Iterable[Pack], digest: str | None = None) -> int:
        """Load the embedded packs into an empty base, once (remembering the files' `digest`); returns how
        many facts were added."""
        return transfer.seed(self, packs, digest)

    def export_text(self, name: str = "privy-export") -> str:
        """The whole base as a pack, retired facts included, importable again unchanged."""
        return transfer.export_text(self, name)

    def export_to(self, out: TextIO, name: str = "privy-export") -> int:
        """export_text written to `out` as it is read (flat memory); returns how many facts."""
        return transfer.export_to(self, out, name)

    # ---- internals -----------------------------------------------------------------------------
    def _visible_row(self, fact_id: str) -> tuple[dict[str, Any], int, str] | None:
        """(data, rev, scope) of the row this scope sees for the fact: its own, else the shared one."""
        row = seen_rows(self.db, self.scope, [fact_id], "data, rev").get(fact_id)
        return (json.loads(row[0]), row[1], row[2]) if row else None

    def _current(self, fact_id: str) -> dict[str, Any] | None:
        found = self._visible_row(fact_id)
        return found[0] if found else None

    def current_many(self, fact_ids: list[str]) -> dict[str, tuple[dict[str, Any], int]]:
        """Stored data and revision (in this scope; 0 for a shared fact seen from a server) of those of
        `fact_ids` this scope sees, a few hundred ids a query."""
        rows = seen_rows(self.db, self.scope, fact_ids, "data, rev")
        return {
            fid: (json.loads(data), rev if scope == self.scope else 0)
            for fid, (data, rev, scope) in rows.items()
        }

    def revisions_of(self, fact_ids: list[str]) -> dict[str, int]:
        """The current revision in this scope of those of `fact_ids` it sees, without reading the facts."""
        rows = seen_rows(self.db, self.scope, fact_ids, "rev")
        return {fid: rev if scope == self.scope else 0 for fid, (rev, scope) in rows.items()}

    def write_fact(
        self,
        fact: Fact,
        author: Author,
        action: str,
        base_rev: int | None,
        note: str | None = None,
        *,
        pending: Pending | None = None,
        entry: dict[str, Any] | None = None,
        now: str | None = None,
    ) -> None:
        """A new revision of one fact: written now, or kept in `pending` (an import) to write in a batch."""
        if pending is None:
            found = self._visible_row(fact.id)
            old, rev = (found[0], found[1] if found[2] == self.scope else 0) if found else (None, 0)
        else:
            old, rev = pending.state.get(fact.id, (None, 0))
        if base_rev is not None and base_rev != rev:
            if old is None:
                raise NotFoundError(f"no fact with id {fact.id!r}")
            own = self.is_own(fact.id)
            by = self.history(fact.id)[-1].by_name if own else "Privy's curators"
            raise ConflictError(parse_fact(old), rev, by)
        entry = entry or stored_entry(fact)
        changes = changed_fields(old, entry)
        now = now or now_iso()
        if self.scope and old is not None and rev == 0:
            # A server's first change to a shared fact: its layer's history starts with the shared text
            # it replaced, so /fact revert can bring that back (un-hide) and a diff shows the change.
            copy = {**self._revision(fact.id, 1, now, author, "copy", (), json.dumps(old), None)}
            copy["note"] = "the shared fact as it was when this server first changed it"
            if pending is None:
                self.db.execute(INSERT_REVISION, copy)
            else:
                pending.revisions.append(copy)
            rev = 1
        data = json.dumps(entry)
        row = {
            "scope": self.scope,
            "id": fact.id,
            "rev": rev + 1,
            "platform": fact.platform,
            "topic": fact.topic,
            "retired": fact.retired,
            "verified": fact.verified.isoformat(),
            "updated_at": now,
            "data": data,
        }
        revision = self._revision(fact.id, rev + 1, now, author, action, changes, data, note)
        if pending is None:
            self.db.execute(UPSERT_FACT, row)
            self.db.execute(INSERT_REVISION, revision)
            search_index.index_rows(self.db, [row])
        else:
            pending.add(entry, row, revision)

    def _revision(
        self,
        fact_id: str,
        rev: int,
        now: str,
        author: Author,
        action: str,
        changes: Iterable[str],
        data: str,
        note: str | None,
    ) -> dict[str, Any]:
        return {
            "scope": self.scope,
            "fact_id": fact_id,
            "rev": rev,
            "at": now,
            "by_id": author.id,
            "by_name": author.name,
            "action": action,
            "changes": json.dumps(list(changes)),
            "data": data,
            "note": note,
        }
