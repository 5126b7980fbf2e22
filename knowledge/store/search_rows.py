"""The search rows as a process serving questions reads them (knowledge.matching.index): all of them once,
then the few the change log names. No fact's JSON is decoded: the rows hold what ranking needs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlite_utils import Database

from knowledge.model import Platform
from knowledge.store.dialect import is_postgres
from knowledge.store.search_index import COLUMNS, platform_word

Row = tuple[Any, ...]  # the columns of search_index.COLUMNS, in that order
_CHUNK = 500  # row ids a query
_WORDS = 100  # words a query of rows_using_each


def seen(db: Database) -> tuple[int, int]:
    """Moves when any connection commits a change to the file (PRAGMA data_version, for the others'
    commits; total_changes, for this connection's own): checked before every question, in microseconds.
    On PostgreSQL the change log's notifications counted by this process's listener take data_version's
    place (knowledge.store.pg_listen): an attribute read, no round trip."""
    conn = db.conn
    if is_postgres(db):
        return db.changes_seen(), conn.total_changes  # type: ignore[attr-defined]
    return conn.execute("pragma data_version").fetchone()[0], conn.total_changes


def every_row(db: Database) -> Iterator[Row]:
    """Every search row, retired ones too (a server's retired row hides the shared fact there), read as
    the caller takes them: each row's text is let go once it is kept (fetched whole, the rows' copies of
    dates, steps and region lists were ~40 MB more of peak RSS at 100k facts)."""
    return iter(db.execute(f"select {COLUMNS} from search_facts as f"))


def rows_by_id(db: Database, rowids: list[int]) -> list[Row]:
    """The search rows of these ids that still exist."""
    found: list[Row] = []
    for start in range(0, len(rowids), _CHUNK):
        chunk = rowids[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        found.extend(db.execute(f"select {COLUMNS} from search_facts as f where f.rowid in ({marks})", chunk))
    return found


def rows_of_platform(db: Database, platform: str | None) -> list[Row]:
    """Every search row of one platform (None: of none), retired ones and every server's too."""
    if platform is None:
        return db.execute(f"select {COLUMNS} from search_facts as f where f.platform is null").fetchall()
    return db.execute(f"select {COLUMNS} from search_facts as f where f.platform = ?", [platform]).fetchall()


def server_rows(db: Database) -> list[Row]:
    """Every server's own search rows (a server's row hides the shared one of its fact, on any platform)."""
    # `> ''`, not `!= ''`: read through the index on (scope, fact_id), not by scanning every row
    return db.execute(f"select {COLUMNS} from search_facts as f where f.scope > ''").fetchall()


def live_count(db: Database) -> int:
    """How many search rows are not retired (the base's size, which each word's weight depends on)."""
    return int(db.execute("select count(*) from search_facts where retired = 0").fetchone()[0])


def vocabulary(db: Database) -> list[tuple[str, int]]:
    """Each word of the questions' texts and how many rows use it, as the writes keep them (no text split)."""
    return db.execute("select word, rows from search_counts").fetchall()


def rows_using(db: Database, platform: str | None, word: str) -> list[int]:
    """Ids of the rows whose texts use `word`, of one platform (None: of any), from FTS5's index: no
    ranking, and within a platform one term's list (search_index.platform_word), as long as the answer."""
    if is_postgres(db):  # the tsvector of the same tokens, through its GIN index (knowledge.store.pg_schema)
        column, token = ("pwords", platform_word(platform, word)) if platform is not None else ("words", word)
        sql = f"select rowid from search_words where {column} @@ ?::tsquery order by rowid"
        return [r[0] for r in db.execute(sql, [lexeme(token)])]
    return [
        r[0]
        for r in db.execute(
            "select rowid from search_words where search_words match ?", [_match(platform, word)]
        )
    ]


def rows_using_each(db: Database, platform: str | None, words: list[str]) -> list[list[int]]:
    """rows_using for each of `words`, in one statement: a statement's own cost was most of a short
    list's, and a question about a big platform reads four or five of them."""
    if is_postgres(db) or len(words) < 2:
        return [rows_using(db, platform, word) for word in words]
    found: list[list[int]] = [[] for _ in words]
    for start in range(0, len(words), _WORDS):  # SQLite joins at most 500 selects in one
        chunk = words[start : start + _WORDS]
        one = "select {n}, rowid from search_words where search_words match ?"
        sql = " union all ".join(one.format(n=start + n) for n in range(len(chunk)))
        for n, rowid in db.execute(sql, [_match(platform, word) for word in chunk]):
            found[n].append(rowid)
    return found


def _match(platform: str | None, word: str) -> str:
    """The FTS5 query of one word's rows, within one platform (a `platform'word` term) or across the base."""
    if platform is not None:
        return f'pwords : "{_quoted(platform_word(platform, word))}"'
    return f'words : "{_quoted(word)}"'


def lexeme(token: str) -> str:
    """One token as a tsquery of exactly it (quoted: no parser splits "linkedin'opt-out")."""
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _quoted(token: str) -> str:
    return token.replace('"', '""')


def platforms(db: Database) -> list[Platform]:
    rows = db.execute("select id, name, aliases from platforms order by id").fetchall()
    return [Platform(pid, name, tuple(json.loads(aliases or "[]"))) for pid, name, aliases in rows]
