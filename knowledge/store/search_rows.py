"""The search tables read for answering (knowledge.matching.index): word counts, a platform's rows, the rows
sharing a question's words, and a mark that changes whenever a fact or platform does."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from knowledge.model import Platform
from knowledge.store.search_index import COLUMNS
from knowledge.store.visibility import VISIBLE_SEARCH, scope_args

Row = tuple[Any, ...]  # COLUMNS, in order


def seen(db: Database) -> tuple[int, int]:
    """(data_version, this connection's total changes): changes when this or another process writes."""
    conn = db.conn
    return conn.execute("pragma data_version").fetchone()[0], conn.total_changes


def change_mark(db: Database) -> tuple[Any, ...]:
    """Changes whenever a fact or a platform does: the last revision and the platforms' rows."""
    last = db.execute("select max(id) from revisions").fetchone()[0]
    platforms = db.execute("select id, name, aliases from platforms order by id").fetchall()
    return (last, hash(tuple(platforms)))


def platforms(db: Database) -> list[Platform]:
    rows = db.execute("select id, name, aliases from platforms order by id").fetchall()
    return [Platform(pid, name, tuple(json.loads(aliases or "[]"))) for pid, name, aliases in rows]


def word_counts(db: Database) -> tuple[dict[str, int], int, dict[str, int]]:
    """How many live facts use each word, how many live facts there are, and how many per platform
    ('' for none)."""
    rows = db.execute("select term, doc from search_vocab where col = 'words'").fetchall()
    df = {term: doc for term, doc in rows if not term.startswith(("pf-", "sc-"))}
    facts = db.execute("select count(*) from search_facts where retired = 0").fetchone()[0]
    per_platform = dict(
        db.execute(
            "select coalesce(platform, ''), count(*) from search_facts where retired = 0 group by 1"
        ).fetchall()
    )
    return df, facts, per_platform


def live_rows(db: Database, scope: str, platform: str | None, topic: str | None = None) -> list[Row]:
    """Every live fact the scope sees of one platform (None: of no platform), of one topic if given."""
    sql = f"select {COLUMNS} from search_facts as f where f.retired = 0 and f.platform is ? and {VISIBLE_SEARCH}"
    args: list[Any] = [platform, *scope_args(scope)]
    if topic is not None:
        sql += " and f.topic = ?"
        args.append(topic)
    return db.execute(sql + " order by f.fact_id", args).fetchall()


def sharing_rows(db: Database, scope: str, match: str, limit: int) -> list[Row]:
    """Up to `limit` live facts the scope sees matching the FTS5 query `match`, best (bm25) first."""
    return db.execute(
        f"select {COLUMNS} from (select rowid, rank from search_words where search_words match ?"
        " order by rank limit ?) as w join search_facts as f on f.rowid = w.rowid"
        f" where f.retired = 0 and {VISIBLE_SEARCH} order by w.rank",
        [match, limit, *scope_args(scope)],
    ).fetchall()
