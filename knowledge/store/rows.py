"""A fact as the base stores it, and the rows an import writes in batches: shared by the store's writes
(knowledge.store.facts) and its pack imports (knowledge.store.transfer)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from knowledge.model import Fact, fact_as_pack_entry
from knowledge.store import search_index


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def stored_entry(fact: Fact) -> dict[str, Any]:
    """A fact as the base stores it: the pack entry as JSON data, dates as YYYY-MM-DD text."""
    return fact_as_pack_entry(fact, dates_as_text=True)


def changed_fields(old: dict[str, Any] | None, new: dict[str, Any]) -> tuple[str, ...]:
    if old is None:
        return tuple(new)
    keys = list(dict.fromkeys([*old, *new]))
    return tuple(k for k in keys if old.get(k) != new.get(k))


@dataclass
class Pending:
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
        db.conn.executemany(UPSERT_FACT, self.facts)
        db.conn.executemany(INSERT_REVISION, self.revisions)
        search_index.index_rows(db, self.facts)
        self.facts, self.revisions = [], []


FACT_COLUMNS = ("scope", "id", "rev", "platform", "topic", "retired", "verified", "updated_at", "data")
REVISION_COLUMNS = ("scope", "fact_id", "rev", "at", "by_id", "by_name", "action", "changes", "data", "note")
UPSERT_FACT = (
    f"insert into facts ({', '.join(FACT_COLUMNS)}) values ({', '.join(':' + c for c in FACT_COLUMNS)}) "
    f"on conflict(scope, id) do update set {', '.join(f'{c} = excluded.{c}' for c in FACT_COLUMNS[2:])}"
)
INSERT_REVISION = (
    f"insert into revisions ({', '.join(REVISION_COLUMNS)}) "
    f"values ({', '.join(':' + c for c in REVISION_COLUMNS)})"
)


BATCH = 500  # facts written a statement (and read back a query): 100k facts in seconds
