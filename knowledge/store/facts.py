"""The fact base on disk: current facts plus an append-only revision history. Nothing is lost."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, TextIO

from sqlite_utils import Database

from knowledge.errors import CoreError
from knowledge.model import Fact, Platform, fact_as_pack_entry, with_scope
from knowledge.packs.format import (
    LIMITS,
    Pack,
    PackError,
    Problem,
    check_fact,
    collector_paused,
    parse_fact,
    parse_facts,
    write_pack,
)
from knowledge.store import search_index
from knowledge.store.db import write

log = logging.getLogger(__name__)

EXPORT_BATCH = 2_000


@dataclass(frozen=True)
class Author:
    """Who made a change: a Discord id when there is one, and a readable name."""

    name: str
    id: str | None = None

    def __str__(self) -> str:
        return f"{self.name} ({self.id})" if self.id else self.name


SYSTEM = Author("privy (embedded pack)")


@dataclass(frozen=True)
class Revision:
    """One change to one fact."""

    fact_id: str
    rev: int
    at: str
    by_id: str | None
    by_name: str
    action: str  # add | edit | import | retire | verify | revert | approve
    changes: tuple[str, ...]
    data: dict[str, Any]
    note: str | None = None  # e.g. who proposed a change that another moderator approved
    scope: str = ""  # '' the shared base, else the server whose layer it changed

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rev": self.rev,
            "at": self.at,
            "by": self.by_name,
            "by_id": self.by_id,
            "action": self.action,
            "changes": list(self.changes),
        }
        if self.note:
            out["note"] = self.note
        return out


@dataclass
class ImportPlan:
    """What importing a pack does: ids added, changed and left as they are, and the revision each fact
    of the pack was at when the plan was made (0: not in the base), so a confirmation can notice change."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    platforms: list[str] = field(default_factory=list)
    revisions: dict[str, int] = field(default_factory=dict)
    kept_aliases: dict[str, list[str]] = field(default_factory=dict)  # platform -> names the pack left out

    def summary(self) -> str:
        kept = sum(len(names) for names in self.kept_aliases.values())
        return (
            f"{len(self.added)} added, {len(self.changed)} changed, {len(self.unchanged)} unchanged"
            + (f", {len(self.platforms)} platform(s) added or renamed" if self.platforms else "")
            + (f", {kept} platform name(s) kept that the pack leaves out" if kept else "")
        )

    def notes(self) -> list[str]:
        """One line a platform whose names in the base were kept although the pack leaves them out."""
        return [
            f"{pid}: kept as aliases, not in the pack: {', '.join(names)}"
            for pid, names in self.kept_aliases.items()
        ]


class PlanOutdated(CoreError):
    """Facts of an import plan changed (or were added) after the plan was shown; nothing was imported."""

    SHOWN = 10  # ids named in the message; the rest are counted

    def __init__(self, changed: dict[str, tuple[int, int]]):
        self.changed = changed  # fact id -> (revision in the plan, revision now)
        ids = list(changed)  # in the order of the pack
        named = ", ".join(
            f"{i} (revision {changed[i][1]}, planned at {changed[i][0]})" if changed[i][0] else f"{i} (added)"
            for i in ids[: self.SHOWN]
        )
        more = f" and {len(ids) - self.SHOWN} more" if len(ids) > self.SHOWN else ""
        super().__init__(
            f"{len(ids)} fact(s) of this import changed since its plan was made: {named}{more}; "
            "nothing was imported. Read the pack again to see a new plan."
        )


class NotFoundError(CoreError, LookupError):
    """No fact with that id."""


class ConflictError(CoreError, RuntimeError):
    """Someone else changed the fact since the editor loaded it."""

    def __init__(self, fact: Fact, rev: int, by: str):
        self.fact, self.rev, self.by = fact, rev, by
        super().__init__(f"{fact.id} was changed by {by} (now revision {rev}) since you opened it")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _stored(fact: Fact) -> dict[str, Any]:
    """A fact as the base stores it: the pack entry as JSON data, dates as YYYY-MM-DD text."""
    return fact_as_pack_entry(fact, dates_as_text=True)


def _names_left_out(old: Platform, new: Platform) -> list[str]:
    """The names a platform has in the base (aliases, and its name if the pack renames it) that the pack's
    entry for it does not give, compared without case."""
    given = {name.casefold() for name in (new.name, *new.aliases)}
    out = []
    for name in (*old.aliases, old.name):
        if name.casefold() not in given:
            given.add(name.casefold())
            out.append(name)
    return out


def _changed_fields(old: dict[str, Any] | None, new: dict[str, Any]) -> tuple[str, ...]:
    if old is None:
        return tuple(new)
    keys = list(dict.fromkeys([*old, *new]))
    return tuple(k for k in keys if old.get(k) != new.get(k))


@dataclass
class _Pending:
    """An import's rows not yet written, and the stored state (data, rev) of each fact of the piece being
    written, as the base holds it or as this piece left it."""

    state: dict[str, tuple[dict[str, Any], int]]
    facts: list[dict[str, Any]] = field(default_factory=list)
    revisions: list[dict[str, Any]] = field(default_factory=list)

    def add(self, entry: dict[str, Any], row: dict[str, Any], revision: dict[str, Any]) -> None:
        self.facts.append(row)
        self.revisions.append(revision)
        self.state[row["id"]] = (entry, row["rev"])  # an id twice in one pack: two revisions, as before

    def flush(self, db: Database) -> None:
        """Write what is pending, a statement for them all (100k facts in seconds). Plain executemany:
        sqlite-utils' upsert_all inspects every value of every row, which doubled the import's time."""
        db.conn.executemany(_UPSERT_FACT, self.facts)
        db.conn.executemany(_INSERT_REVISION, self.revisions)
        search_index.index_rows(db, self.facts)
        self.facts, self.revisions = [], []


_FACT_COLUMNS = ("scope", "id", "rev", "platform", "topic", "retired", "verified", "updated_at", "data")
_REVISION_COLUMNS = ("scope", "fact_id", "rev", "at", "by_id", "by_name", "action", "changes", "data", "note")
_UPSERT_FACT = (
    f"insert into facts ({', '.join(_FACT_COLUMNS)}) values ({', '.join(':' + c for c in _FACT_COLUMNS)}) "
    f"on conflict(scope, id) do update set {', '.join(f'{c} = excluded.{c}' for c in _FACT_COLUMNS[2:])}"
)
_INSERT_REVISION = (
    f"insert into revisions ({', '.join(_REVISION_COLUMNS)}) "
    f"values ({', '.join(':' + c for c in _REVISION_COLUMNS)})"
)


_BATCH = 500  # facts written a statement (and read back a query): 100k facts in seconds


class FactStore:
    """Facts and platforms in SQLite; every write is a revision, every multi-row write atomic.

    A store has a scope: '' is the shared base; a server's id is that server's layer, which sees the
    shared facts it has not replaced (overridden or hidden) and writes only its own rows. Platforms are
    the shared base's: a server's layer cannot add or rename one.
    """

    def __init__(self, db: Database, on_change: Callable[[], None] | None = None, scope: str = ""):
        self.db = db
        self.scope = scope
        self.generation = 0  # bumps on every write, so readers can rebuild their index
        self._on_change = on_change

    def scoped(self, scope: str) -> FactStore:
        """The same base as one scope sees and changes it ('' : the shared base)."""
        return self if scope == self.scope else FactStore(self.db, self._on_change, scope)

    # The rows of `facts` this scope sees (two parameters, both the scope); `f` is facts.
    _VISIBLE = (
        "(f.scope = ? or (f.scope = '' and not exists"
        " (select 1 from facts as o where o.scope = ? and o.id = f.id)))"
    )

    # ---- reading -------------------------------------------------------------------------------
    def platforms(self) -> list[Platform]:
        rows = self.db.query("select id, name, aliases from platforms order by id")
        return [Platform(r["id"], r["name"], tuple(json.loads(r["aliases"] or "[]"))) for r in rows]

    def platform_ids(self) -> set[str]:
        return {r["id"] for r in self.db.query("select id from platforms")}

    def facts(self, include_retired: bool = False) -> list[Fact]:
        sql = (
            f"select data, scope from facts as f where {self._VISIBLE}"
            + ("" if include_retired else " and retired is null")
            + " order by id"
        )
        with collector_paused():  # hundreds of thousands of new objects, no cycles: 100k facts 3.6 -> 2.2 s
            rows = self.db.execute(sql, [self.scope, self.scope]).fetchall()
            facts = parse_facts(json.loads(data) for data, _ in rows)
            return [with_scope(f, scope) for f, (_, scope) in zip(facts, rows, strict=True)]

    def count(self) -> int:
        sql = f"select count(*) from facts as f where {self._VISIBLE}"
        return self.db.execute(sql, [self.scope, self.scope]).fetchone()[0]

    def count_live(self) -> int:
        """Facts not retired, counted by the database (not by parsing every fact)."""
        sql = f"select count(*) from facts as f where {self._VISIBLE} and retired is null"
        return self.db.execute(sql, [self.scope, self.scope]).fetchone()[0]

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
        for fid, (data, _) in self._current_many(fact_ids).items():
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

    def ids(self, prefix: str = "", limit: int = 25) -> list[str]:
        """Fact ids this scope sees containing `prefix`, for autocomplete."""
        rows = self.db.execute(
            f"select distinct id from facts as f where {self._VISIBLE} and id like ? order by id limit ?",
            [self.scope, self.scope, f"%{prefix}%", limit],
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
            self._write(fact, author, action, base_rev, note)
        self._changed()
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
        fact, _ = self.get(fact_id)
        entry = fact_as_pack_entry(fact)
        entry["retired"] = reason
        return self.save(entry, author, action="retire", base_rev=base_rev)

    def verify(self, fact_id: str, author: Author, today: date, base_rev: int | None = None) -> Fact:
        fact, _ = self.get(fact_id)
        entry = fact_as_pack_entry(fact)
        entry["verified"] = today
        return self.save(entry, author, action="verify", base_rev=base_rev, today=today)

    def revert(self, fact_id: str, rev: int, author: Author, base_rev: int | None = None) -> Fact:
        """A new revision equal to revision `rev`; the history keeps everything in between."""
        return self.save(self.revision_data(fact_id, rev), author, action="revert", base_rev=base_rev)

    def revision_data(self, fact_id: str, rev: int) -> dict[str, Any]:
        """The fact as it was at revision `rev`."""
        history = self.history(fact_id)
        target = next((r for r in history if r.rev == rev), None)
        if target is None:
            raise NotFoundError(f"{fact_id} has revisions 1 to {history[-1].rev}; there is no revision {rev}")
        return dict(target.data)

    def plan_import(self, pack: Pack) -> ImportPlan:
        """What import_pack would do, without writing anything."""
        _, plan = self._platforms_plan(pack.platforms)
        existing = self._current_many([fact.id for fact in pack.facts])
        for fact in pack.facts:
            stored = existing.get(fact.id)
            plan.revisions.setdefault(fact.id, stored[1] if stored else 0)
            self._classify(plan, fact, _stored(fact), stored)
        return plan

    def import_pack(
        self,
        pack: Pack,
        author: Author,
        progress: Callable[[int, int], None] | None = None,
        note: str | None = None,
        *,
        planned: dict[str, int] | None = None,
    ) -> ImportPlan:
        """Add or update every fact of a validated pack in one transaction: all or nothing.

        `planned` (an ImportPlan's revisions): the import a person confirmed; if any of those facts is no
        longer at that revision, PlanOutdated and nothing is written (checked inside the transaction).
        """
        facts, total = pack.facts, len(pack.facts)
        now = _now()
        with write(self.db):
            if planned is not None:
                self.check_planned(planned)
            platforms, plan = self._platforms_plan(pack.platforms)
            known = self.platform_ids() | {p.id for p in platforms}
            missing = sorted({f.platform for f in facts if f.platform and f.platform not in known})
            if missing:
                raise PackError([Problem("pack", "platforms", f"undeclared platform {p!r}") for p in missing])
            if self.scope and plan.platforms:
                raise PackError(
                    [
                        Problem(
                            "pack",
                            "platforms",
                            f"{p!r} is new or renamed; platforms come from Privy's curators",
                        )
                        for p in plan.platforms
                    ]
                )
            self.db["platforms"].upsert_all(
                [{"id": p.id, "name": p.name, "aliases": json.dumps(list(p.aliases))} for p in platforms],
                pk="id",
            )
            for start in range(0, total, _BATCH):
                batch = facts[start : start + _BATCH]
                pending = _Pending(self._current_many([f.id for f in batch]))
                for fact in batch:
                    entry = _stored(fact)
                    if self._classify(plan, fact, entry, pending.state.get(fact.id)):
                        self._write(fact, author, "import", None, note, pending=pending, entry=entry, now=now)
                pending.flush(self.db)
                if progress:
                    progress(min(start + _BATCH, total), total)
        self._changed()
        return plan

    def check_planned(self, planned: dict[str, int]) -> None:
        """PlanOutdated naming every fact whose revision is no longer the one in the plan."""
        now = self._revisions_of(list(planned))
        changed = {fid: (rev, now.get(fid, 0)) for fid, rev in planned.items() if now.get(fid, 0) != rev}
        if changed:
            raise PlanOutdated(changed)

    def _platforms_plan(self, platforms: list[Platform]) -> tuple[list[Platform], ImportPlan]:
        """The platforms an import writes (new or changed), and a plan naming them. A platform the base has
        keeps every name it had: aliases the pack leaves out, and its old name when renamed, stay as
        aliases (and the plan says which), so an import never makes a platform harder to find."""
        current = {p.id: p for p in self.platforms()}
        plan, changed = ImportPlan(), []
        for platform in platforms:
            old = current.get(platform.id)
            kept = _names_left_out(old, platform) if old else []
            new = Platform(platform.id, platform.name, (*platform.aliases, *kept))
            if len(new.aliases) > LIMITS["aliases"]:
                raise PackError(
                    [
                        Problem(
                            platform.id,
                            "aliases",
                            f"with the {len(kept)} name(s) the base has and the pack leaves out, "
                            f"{len(new.aliases)} aliases; at most {LIMITS['aliases']}",
                        )
                    ]
                )
            if kept:
                plan.kept_aliases[platform.id] = kept
            if old != new:
                plan.platforms.append(platform.id)
                changed.append(new)
        return changed, plan

    @staticmethod
    def _classify(
        plan: ImportPlan, fact: Fact, entry: dict[str, Any], stored: tuple[dict[str, Any], int] | None
    ) -> bool:
        """Count the fact as added, changed or unchanged in the plan; True when it is to be written."""
        if stored is None:
            plan.added.append(fact.id)
        elif stored[0] != entry:
            plan.changed.append(fact.id)
        else:
            plan.unchanged.append(fact.id)
            return False
        return True

    def seed(self, packs: Iterable[Pack]) -> int:
        """Load the embedded packs into an empty base, once; returns how many facts were added."""
        if self.scope or any(self.db.query("select 1 from meta where key = 'seeded'")):
            return 0
        added = 0
        with write(self.db):
            if self.count() == 0:
                for pack in packs:
                    added += len(self.import_pack(pack, SYSTEM).added)
            self.db["meta"].upsert({"key": "seeded", "value": _now()}, pk="key")
        return added

    def export_text(self, name: str = "privy-export") -> str:
        """The whole base as a pack, retired facts included, importable again unchanged."""
        out = io.StringIO()
        self.export_to(out, name)
        return out.getvalue()

    def export_to(self, out: TextIO, name: str = "privy-export") -> int:
        """export_text written to `out` as it is read, EXPORT_BATCH facts at a time (a file, for the CLI):
        memory stays flat however big the base. Returns how many facts were written."""
        return write_pack(out, name, self.platforms(), self._fact_batches())

    def _fact_batches(self) -> Iterator[list[Fact]]:
        """Every fact this scope sees, retired ones too, by id, a batch at a time (one read each: the base
        can change between two batches of a CLI export, but each fact is whole)."""
        last = ""
        sql = f"select id, data, scope from facts as f where {self._VISIBLE} and id > ? order by id limit ?"
        while True:
            rows = self.db.execute(sql, [self.scope, self.scope, last, EXPORT_BATCH]).fetchall()
            if not rows:
                return
            with collector_paused():
                facts = parse_facts(json.loads(data) for _, data, _ in rows)
            yield [with_scope(f, scope) for f, (_, _, scope) in zip(facts, rows, strict=True)]
            last = rows[-1][0]

    # ---- internals -----------------------------------------------------------------------------
    def _visible_row(self, fact_id: str) -> tuple[dict[str, Any], int, str] | None:
        """(data, rev, scope) of the row this scope sees for the fact: its own, else the shared one."""
        row = self.db.execute(
            "select data, rev, scope from facts where id = ? and scope in ('', ?) order by scope = '' limit 1",
            [fact_id, self.scope],
        ).fetchone()
        return (json.loads(row[0]), row[1], row[2]) if row else None

    def _current(self, fact_id: str) -> dict[str, Any] | None:
        found = self._visible_row(fact_id)
        return found[0] if found else None

    def _current_many(self, fact_ids: list[str]) -> dict[str, tuple[dict[str, Any], int]]:
        """Stored data and revision (in this scope; 0 for a shared fact seen from a server) of those of
        `fact_ids` this scope sees, a few hundred ids a query."""
        found: dict[str, tuple[dict[str, Any], int]] = {}
        for start in range(0, len(fact_ids), 500):
            chunk = fact_ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows = self.db.execute(
                f"select id, data, rev, scope from facts where scope in ('', ?) and id in ({marks})"
                " order by scope = '' desc",  # shared first, so a server's own row replaces it
                [self.scope, *chunk],
            ).fetchall()
            for fid, data, rev, scope in rows:
                found[fid] = (json.loads(data), rev if scope == self.scope else 0)
        return found

    def _revisions_of(self, fact_ids: list[str]) -> dict[str, int]:
        """The current revision in this scope of those of `fact_ids` it sees, without reading the facts."""
        found: dict[str, int] = {}
        for start in range(0, len(fact_ids), 500):
            chunk = fact_ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows = self.db.execute(
                f"select id, rev, scope from facts where scope in ('', ?) and id in ({marks})"
                " order by scope = '' desc",
                [self.scope, *chunk],
            ).fetchall()
            for fid, rev, scope in rows:
                found[fid] = rev if scope == self.scope else 0
        return found

    def _write(
        self,
        fact: Fact,
        author: Author,
        action: str,
        base_rev: int | None,
        note: str | None = None,
        *,
        pending: _Pending | None = None,
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
        entry = entry or _stored(fact)
        changes = _changed_fields(old, entry)
        now = now or _now()
        if self.scope and old is not None and rev == 0:
            # A server's first change to a shared fact: its layer's history starts with the shared text
            # it replaced, so /fact revert can bring that back (un-hide) and a diff shows the change.
            copy = {**self._revision(fact.id, 1, now, author, "copy", (), json.dumps(old), None)}
            copy["note"] = "the shared fact as it was when this server first changed it"
            if pending is None:
                self.db.execute(_INSERT_REVISION, copy)
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
            self.db.execute(_UPSERT_FACT, row)
            self.db.execute(_INSERT_REVISION, revision)
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

    def _changed(self) -> None:
        self.generation += 1
        if self._on_change:
            self._on_change()
