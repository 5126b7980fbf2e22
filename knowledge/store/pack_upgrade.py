"""The embedded pack's corrections reaching a base seeded from an older pack, without losing a curator's work.

A base is seeded once (knowledge.store.transfer.seed); a deployment that upgrades Privy keeps that base. The
digest of the pack files applied last is kept in `meta`; when the shipped files differ, one write
transaction, as SYSTEM, adds the pack's new facts, gives a new revision to the facts still as the pack left
them, and retires the pack's facts it no longer ships. The revisions are the record of what the pack applied
(its author is SYSTEM), so no second copy of the pack is kept.

"Touched by a curator": any revision after the last one SYSTEM wrote, except a verification that changed
nothing but the `verified` day. A verification vouches for the text as it was, not against the pack's
correction of it, so the correction is still applied, with the pack's own `verified` day (the curator never
checked the new text). Every other revision (edit, retire, revert, import, approve...) is kept as it is and
reported with who made it and on which day.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from knowledge.model import Platform
from knowledge.packs.format import PACKS_DIR, Pack, load_pack, parse_fact, read_pack_file
from knowledge.store import transfer
from knowledge.store.db import StoreBusy, StoreFull, StoreReadOnly, write
from knowledge.store.records import SYSTEM, ImportPlan
from knowledge.store.rows import changed_fields, stored_entry
from knowledge.store.transfer import DIGEST_KEY, record_digest

if TYPE_CHECKING:
    from knowledge.store.facts import FactStore

log = logging.getLogger(__name__)

DROPPED = "no longer in Privy's embedded pack"  # the reason a retired pack fact gives
NOTE = "embedded pack upgrade"
CHUNK = 500  # ids a query


@dataclass(frozen=True)
class Kept:
    """A fact the pack would change that a curator changed since the pack wrote it: left as it is."""

    fact_id: str
    by: str
    day: str
    action: str


@dataclass
class UpgradePlan:
    """What an upgrade to the shipped pack does to this base, fact by fact."""

    digest: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    kept: list[Kept] = field(default_factory=list)
    platforms: ImportPlan = field(default_factory=ImportPlan)  # its platforms and kept aliases
    writes: list[dict[str, Any]] = field(default_factory=list)  # the entries written, as stored

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, {len(self.retired)} retired, "
            f"{len(self.kept)} kept because a curator changed them"
            + (
                f", {len(self.platforms.platforms)} platform(s) added or renamed"
                if self.platforms.platforms
                else ""
            )
        )

    def lines(self) -> list[str]:
        """One line a fact the upgrade touches or keeps, then the platform names kept."""
        out = [f"  {verb:<12} {fid}" for verb, ids in self._verbs() for fid in ids]
        out += [f"  {'kept-curated':<12} {k.fact_id}  ({k.action} by {k.by} on {k.day})" for k in self.kept]
        out += [f"  {'platform':<12} {pid}" for pid in self.platforms.platforms]
        return out + [f"  note: {note}" for note in self.platforms.notes()]

    def _verbs(self) -> list[tuple[str, list[str]]]:
        return [("add", self.added), ("update", self.updated), ("retire", self.retired)]

    @property
    def empty(self) -> bool:
        return not (self.writes or self.platforms.platforms)


def pack_digest(paths: Iterable[Path] | None = None) -> str:
    """The shipped pack files' digest: their names and bytes (0.2 ms for the 360 KB pack, measured; a
    size-and-mtime check first would save that and add a write whenever a checkout touches the files)."""
    digest = hashlib.sha256()
    for path in sorted(PACKS_DIR.glob("*.yaml") if paths is None else paths):
        data = path.read_bytes()
        digest.update(f"{path.name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def applied_digest(store: FactStore) -> str | None:
    """The digest recorded when the pack was last applied ('' : the base never took the pack; None: a base
    seeded before digests were kept)."""
    row = store.db.execute("select value from meta where key = ?", [DIGEST_KEY]).fetchone()
    return None if row is None else row[0]


def plan_upgrade(store: FactStore, packs: Sequence[Pack], digest: str) -> UpgradePlan:
    """What upgrade() would write, read from the base as it is now."""
    pack = combined(packs)
    _, platforms = transfer.platforms_plan(store, pack.platforms)
    plan = UpgradePlan(digest, platforms=platforms)
    shipped = {fact.id: stored_entry(fact) for fact in pack.facts}
    ids = list(dict.fromkeys([*shipped, *_system_ids(store)]))
    current = store.current_many(ids)
    revisions = _revisions(store, [fid for fid in ids if fid in current])
    for fid in ids:
        new, stored = shipped.get(fid), current.get(fid)
        if stored is None:
            if new is not None:
                plan.added.append(fid)
                plan.writes.append(new)
            continue
        data = stored[0]
        if new is None:
            if data.get("retired"):
                continue  # retired already; a fact a curator added is not in _system_ids
            new = {**data, "retired": DROPPED}
        if same(data, new):
            continue
        toucher = curator_change(fid, revisions.get(fid, []))
        if toucher is not None:
            plan.kept.append(toucher)
            continue
        (plan.updated if fid in shipped else plan.retired).append(fid)
        plan.writes.append(new)
    return plan


def upgrade(store: FactStore, packs: Sequence[Pack], digest: str, *, dry_run: bool = False) -> UpgradePlan:
    """Bring the shared base to the shipped packs, in one write transaction, as SYSTEM; the digest is
    recorded with it. `dry_run`: the plan only, nothing written."""
    if dry_run:
        return plan_upgrade(store, packs, digest)
    with write(store.db):
        plan = plan_upgrade(store, packs, digest)
        if not plan.empty:
            facts = [parse_fact(entry) for entry in plan.writes]
            pack = combined(packs)
            transfer.import_pack(store, Pack(pack.name, pack.platforms, facts), SYSTEM, note=NOTE, what=NOTE)
        record_digest(store, digest)
    return plan


def upgrade_on_open(
    store: FactStore, digest: str | None = None, paths: Iterable[Path] | None = None
) -> UpgradePlan | None:
    """At start: when the shipped pack files (`digest`: theirs, if known) differ from those last applied,
    upgrade the base and log what it did; None when there was nothing to do (well under a millisecond:
    the digest and one read of `meta`). A busy or read-only base is left for the next start."""
    files = sorted(PACKS_DIR.glob("*.yaml") if paths is None else paths)
    digest = digest or pack_digest(files)
    applied = applied_digest(store)
    if store.scope or applied in (digest, ""):
        return None  # as shipped, or a base whose facts came from elsewhere than the pack
    try:
        if applied is None and not took_pack(store):
            with write(store.db):
                record_digest(store, "")  # seeded before digests were kept, with facts of its own
            return None
        plan = upgrade(store, [load_pack(read_pack_file(p)) for p in files], digest)
    except (StoreBusy, StoreFull, StoreReadOnly) as exc:
        log.warning(
            "the embedded pack changed but the base could not take it now (%s): it will at the next start, "
            "or run: python bot.py facts upgrade",
            exc,
        )
        return None
    log.info("embedded pack upgrade: %s", plan.summary())
    for kept in plan.kept:
        log.info("kept %s: %s by %s on %s", kept.fact_id, kept.action, kept.by, kept.day)
    return plan


def same(stored: dict[str, Any], new: dict[str, Any]) -> bool:
    """Nothing to write: equal, or only an earlier (or equal) `verified` day than the base already has."""
    differ = set(changed_fields(stored, new))
    return not differ or (differ == {"verified"} and str(new.get("verified")) <= str(stored.get("verified")))


def curator_change(fact_id: str, revisions: list[dict[str, Any]]) -> Kept | None:
    """The latest change a curator made after SYSTEM's last revision (verifications that changed only the
    `verified` day do not count); None when the fact is still as the pack left it."""
    last = max((i for i, r in enumerate(revisions) if is_system(r)), default=-1)
    changes = [r for r in revisions[last + 1 :] if not only_verified(r)]
    if changes:
        r = changes[-1]
        return Kept(fact_id, r["by_name"], str(r["at"])[:10], r["action"])
    return None if last >= 0 else Kept(fact_id, "someone", "an unknown day", "change")  # no history


def is_system(revision: dict[str, Any]) -> bool:
    return revision["by_name"] == SYSTEM.name and revision["by_id"] is None


def only_verified(revision: dict[str, Any]) -> bool:
    return revision["action"] == "verify" and set(json.loads(revision["changes"] or "[]")) <= {"verified"}


def combined(packs: Sequence[Pack]) -> Pack:
    """The embedded packs as one: every platform (the first pack naming one wins) and every fact."""
    platforms: dict[str, Platform] = {}
    for pack in packs:
        for platform in pack.platforms:
            platforms.setdefault(platform.id, platform)
    name = "+".join(pack.name for pack in packs) or "embedded"
    return Pack(name, list(platforms.values()), [fact for pack in packs for fact in pack.facts])


BY_SYSTEM = "from revisions where scope = '' and by_name = ? and by_id is null"  # a revision SYSTEM wrote


def _system_ids(store: FactStore) -> list[str]:
    """The shared facts SYSTEM ever wrote: the ones that came from the pack."""
    return [r[0] for r in store.db.execute(f"select distinct fact_id {BY_SYSTEM}", [SYSTEM.name]).fetchall()]


def took_pack(store: FactStore) -> bool:
    """A base seeded before digests were kept holds facts the pack wrote (else its facts came from elsewhere)."""
    return store.db.execute(f"select 1 {BY_SYSTEM} limit 1", [SYSTEM.name]).fetchone() is not None


def _revisions(store: FactStore, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The shared revisions of these facts, oldest first, by fact."""
    out: dict[str, list[dict[str, Any]]] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        rows = store.db.query(
            "select fact_id, rev, at, by_id, by_name, action, changes from revisions"
            f" where scope = '' and fact_id in ({', '.join('?' * len(chunk))}) order by fact_id, rev",
            chunk,
        )
        for row in rows:
            out.setdefault(row["fact_id"], []).append(row)
    return out
