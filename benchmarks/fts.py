"""The second baseline: SQLite's own full-text search, FTS5 ranked by bm25, over the same search rows.

The question's content words, any of them (OR), against every fact's question and variants; the
best-ranked live shared fact wins. No platforms, regions, dates or intents, like the naive scan: what a
"just use FTS5" design would answer, and how fast, beside Privy.
"""

from __future__ import annotations

from sqlite_utils import Database

from knowledge.reading.words import content_words


class Bm25:
    """`best(question)`: the id of the fact FTS5 ranks first for the question's words, or None."""

    def __init__(self, db: Database):
        self.db = db

    def best(self, question: str) -> str | None:
        words = list(dict.fromkeys(content_words(question)))
        if not words:
            return None
        match = "words : (" + " OR ".join('"' + w.replace('"', '""') + '"' for w in words) + ")"
        row = self.db.execute(
            "select f.fact_id from (select rowid, rank from search_words where search_words match ?"
            " order by rank limit 5) as w join search_facts as f on f.rowid = w.rowid"
            " where f.retired = 0 and f.scope = '' order by w.rank limit 1",
            [match],
        ).fetchone()
        return row[0] if row else None
