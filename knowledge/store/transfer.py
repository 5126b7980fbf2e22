"""Packs in and out of the fact base: what an import would do (its plan), the import itself (all or
nothing, guarded by the plan a person confirmed), seeding a new base, and the streamed export."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TextIO

from knowledge.model import Fact, Platform
from knowledge.packs.format import LIMITS, Pack, PackError, Problem, write_pack
from knowledge.store import changes, search_index
from knowledge.store.db import write
from knowledge.store.records import SYSTEM, Author, ImportPlan, PlanOutdated
from knowledge.store.rows import BATCH, Pending, now_iso, stored_entry
from knowledge.store.visibility import VISIBLE_FACTS, scope_args

if TYPE_CHECKING:
    from knowledge.store.facts import FactStore

EXPORT_BATCH = 2_000


def plan_import(store: FactStore, pack: Pack) -> ImportPlan:
    """What import_pack would do, without writing anything."""
    _, plan = platforms_plan(store, pack.platforms)
    existing = store.current_many([fact.id for fact in pack.facts])
    for fact in pack.facts:
        stored = existing.get(fact.id)
        plan.revisions.setdefault(fact.id, stored[1] if stored else 0)
        classify(plan, fact, stored_entry(fact), stored)
    return plan


def import_pack(
    store: FactStore,
    pack: Pack,
    author: Author,
    progress: Callable[[int, int], None] | None = None,
    note: str | None = None,
    *,
    planned: dict[str, int] | None = None,
    what: str | None = None,
) -> ImportPlan:
    """Add or update every fact of a validated pack in one transaction: all or nothing.

    `planned` (an ImportPlan's revisions): the import a person confirmed; if any of those facts is no
    longer at that revision, PlanOutdated and nothing is written (checked inside the transaction).
    `what`: the cause the write watch records (default: an import of so many facts).
    """
    facts, total = pack.facts, len(pack.facts)
    now = now_iso()
    with write(store.db):
        if planned is not None:
            check_planned(store, planned)
        platforms, plan = platforms_plan(store, pack.platforms)
        known = store.platform_ids() | {p.id for p in platforms}
        missing = sorted({f.platform for f in facts if f.platform and f.platform not in known})
        if missing:
            raise PackError([Problem("pack", "platforms", f"undeclared platform {p!r}") for p in missing])
        if store.scope and plan.platforms:
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
        store.db.table("platforms").upsert_all(
            [{"id": p.id, "name": p.name, "aliases": json.dumps(list(p.aliases))} for p in platforms],
            pk="id",
        )
        changes.record_platforms(store.db, [p.id for p in platforms])  # processes read the names again
        written = 0
        with store.watched({f.platform for f in facts}, what or f"import of {total} fact(s)"):
            for start in range(0, total, BATCH):
                batch = facts[start : start + BATCH]
                pending = Pending(store.current_many([f.id for f in batch]))
                for fact in batch:
                    entry = stored_entry(fact)
                    if classify(plan, fact, entry, pending.state.get(fact.id)):
                        store.write_fact(
                            fact, author, "import", None, note, pending=pending, entry=entry, now=now
                        )
                written += len(pending.facts)
                pending.flush(store.db)
                if progress:
                    progress(min(start + BATCH, total), total)
        if written >= search_index.OPTIMIZE_AFTER:
            search_index.optimize(store.db)
    return plan


def check_planned(store: FactStore, planned: dict[str, int]) -> None:
    """PlanOutdated naming every fact whose revision is no longer the one in the plan."""
    now = store.revisions_of(list(planned))
    changed = {fid: (rev, now.get(fid, 0)) for fid, rev in planned.items() if now.get(fid, 0) != rev}
    if changed:
        raise PlanOutdated(changed)


def platforms_plan(store: FactStore, platforms: list[Platform]) -> tuple[list[Platform], ImportPlan]:
    """The platforms an import writes (new or changed), and a plan naming them. A platform the base has
    keeps every name it had: aliases the pack leaves out, and its old name when renamed, stay as
    aliases (and the plan says which), so an import never makes a platform harder to find."""
    current = {p.id: p for p in store.platforms()}
    plan, changed = ImportPlan(), []
    for platform in platforms:
        old = current.get(platform.id)
        kept = names_left_out(old, platform) if old else []
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


def classify(
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


def seed(store: FactStore, packs: Iterable[Pack], digest: str | None = None) -> int:
    """Load the embedded packs into an empty base, once; returns how many facts were added. `digest`: the
    pack files' (knowledge.store.pack_upgrade), kept so a later start knows which pack the base has ('' for
    a base that had facts of its own: the pack is never poured into it)."""
    if store.scope or any(store.db.query("select 1 from meta where key = 'seeded'")):
        return 0
    added = 0
    with write(store.db):
        empty = store.count() == 0
        if empty:
            for pack in packs:
                added += len(store.import_pack(pack, SYSTEM).added)
        store.db.table("meta").upsert({"key": "seeded", "value": now_iso()}, pk="key")
        if digest is not None:
            record_digest(store, digest if empty else "")
    return added


DIGEST_KEY = "pack_digest"  # meta: the digest of the embedded pack files the base was last brought to


def record_digest(store: FactStore, digest: str) -> None:
    """Remember the pack files applied (inside the writing transaction)."""
    store.db.table("meta").upsert({"key": DIGEST_KEY, "value": digest}, pk="key")


def export_text(store: FactStore, name: str = "privy-export") -> str:
    """The whole base as a pack, retired facts included, importable again unchanged."""
    out = io.StringIO()
    export_to(store, out, name)
    return out.getvalue()


def export_to(store: FactStore, out: TextIO, name: str = "privy-export") -> int:
    """export_text written to `out` as it is read, EXPORT_BATCH facts at a time (a file, for the CLI):
    memory stays flat however big the base. Returns how many facts were written."""
    return write_pack(out, name, store.platforms(), fact_batches(store))


def fact_batches(store: FactStore) -> Iterator[list[dict[str, Any]]]:
    """Every fact this scope sees, retired ones too, by id, as stored (its pack entry, dates as text), a
    batch at a time (one read each: the base can change between two batches of a CLI export, but each fact
    is whole). No fact is parsed: the stored entry is what the pack holds."""
    last = ""
    sql = f"select id, data from facts as f where {VISIBLE_FACTS} and id > ? order by id limit ?"
    while True:
        rows = store.db.execute(sql, [*scope_args(store.scope), last, EXPORT_BATCH]).fetchall()
        if not rows:
            return
        yield [json.loads(data) for _, data in rows]
        last = rows[-1][0]


def names_left_out(old: Platform, new: Platform) -> list[str]:
    """The names a platform has in the base (aliases, and its name if the pack renames it) that the pack's
    entry for it does not give, compared without case."""
    given = {name.casefold() for name in (new.name, *new.aliases)}
    out = []
    for name in (*old.aliases, old.name):
        if name.casefold() not in given:
            given.add(name.casefold())
            out.append(name)
    return out
