"""The store's side of watched sources: which passages live facts ask to watch, each distinct version of
a passage as it was read, and the facts whose watched passage changed after their last revision.

A passage's versions are appended only when its hash differs from the latest one, so the table is the
passage's history. A fact is "changed since verified" while the latest version of one of its watched
passages is newer than its own last revision (a verify or an edit is a revision, so either clears it).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlite_utils import Database

from knowledge.store.db import write

# Each watched passage of a live shared fact: (fact_id, updated_at, url, watch); {only} narrows the facts.
_WATCHED = """
    select f.id as fact_id, f.updated_at as updated_at, json_extract(s.value, '$.url') as url,
        json_extract(s.value, '$.watch') as watch
    from facts f, json_each(f.data, '$.sources') s
    where f.retired is null and f.scope = '' and json_extract(s.value, '$.watch') is not null {only}
"""
# Facts whose watched passage has a version newer than their last revision, with the version before it.
_CHANGED = """
    with watched as ({watched}),
    latest as (select url, watch, max(id) as id from watch_versions group by url, watch)
    select w.fact_id, w.url, w.watch, new.passage as new_passage, new.seen_at as changed_at,
        (select old.passage from watch_versions old
         where old.url = w.url and old.watch = w.watch and old.id < new.id order by old.id desc limit 1)
            as old_passage
    from watched w
    join latest l on l.url = w.url and l.watch = w.watch
    join watch_versions new on new.id = l.id
    where new.seen_at >= w.updated_at
      and exists (select 1 from watch_versions v where v.url = w.url and v.watch = w.watch and v.id < new.id)
"""
_LATEST = "select hash from watch_versions where url = ? and watch = ? order by id desc limit 1"
_ADD = "insert into watch_versions (url, watch, hash, passage, seen_at) values (?, ?, ?, ?, ?)"
_CHECKED = """
    insert into watch_checks (url, watch, checked_at, state, error) values (?, ?, ?, ?, ?)
    on conflict(url, watch) do update set checked_at = excluded.checked_at, state = excluded.state,
        error = excluded.error
"""


@dataclass(frozen=True, slots=True)
class SourceChange:
    """A fact whose watched passage changed after its last revision: the passage before and now."""

    fact_id: str
    url: str
    watch: str
    old: str
    new: str  # empty when the passage is no longer on the page
    changed_at: str  # UTC, ISO seconds: when the new version was first read

    @property
    def day(self) -> date:
        return date.fromisoformat(self.changed_at[:10])


def passage_hash(passage: str) -> str:
    return hashlib.sha256(passage.encode("utf-8")).hexdigest()


def watched(db: Database) -> dict[tuple[str, str], list[str]]:
    """Each watched (url, watch) of the live shared facts, with the ids of the facts that rest on it."""
    out: dict[tuple[str, str], list[str]] = {}
    query = _WATCHED.format(only="")
    for row in db.query(f"select fact_id, url, watch from ({query}) as w order by url, fact_id"):
        out.setdefault((row["url"], row["watch"]), []).append(row["fact_id"])
    return out


def record(db: Database, url: str, watch: str, passage: str, now: str) -> str:
    """Keep what a passage reads now: 'new' (its first version), 'changed' (a version unlike the last) or
    'same'; each distinct version is stored once, with its hash and when it was first read."""
    digest = passage_hash(passage)
    with write(db):
        last = db.execute(_LATEST, [url, watch]).fetchone()
        state = "same" if last and last[0] == digest else "changed" if last else "new"
        if state != "same":
            db.execute(_ADD, [url, watch, digest, passage, now])
        db.execute(_CHECKED, [url, watch, now, state, ""])
    return state


def last_run(db: Database) -> str | None:
    """When a watched passage was last read (or tried), UTC ISO seconds; None before the first run."""
    row = db.execute("select max(checked_at) from watch_checks").fetchone()
    return row[0] if row else None


def record_failure(db: Database, url: str, watch: str, error: str, now: str) -> None:
    """A passage that could not be read (unreachable, refused by robots.txt): kept as the last attempt,
    and never taken for a change."""
    with write(db):
        db.execute(_CHECKED, [url, watch, now, "failed", error])


def changes(db: Database, fact_ids: list[str] | None = None, limit: int | None = None) -> list[SourceChange]:
    """Facts whose watched passage changed since their last revision, the latest change first; only
    `fact_ids` when given (an answer asks about its own facts)."""
    only, params = "", list[Any]()
    if fact_ids is not None:  # on the answer path: the facts' own rows by key, not the whole base
        if not fact_ids:
            return []
        only, params = f"and f.id in ({', '.join('?' for _ in fact_ids)})", list(fact_ids)
    sql = _CHANGED.format(watched=_WATCHED.format(only=only)) + " order by changed_at desc, fact_id"
    if limit is not None:
        sql += " limit ?"
        params.append(limit)
    return [
        SourceChange(
            r["fact_id"], r["url"], r["watch"], r["old_passage"] or "", r["new_passage"], r["changed_at"]
        )
        for r in db.query(sql, params)
    ]
