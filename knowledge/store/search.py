"""Find facts for moderators (/fact search): by id, by words of the question, variants or answer, and by
a typo of those words. Retired and past facts too, unlike answering. In SQL, not by loading every fact:
a search of a 100k base reads a few rows."""

from __future__ import annotations

import json

from rapidfuzz import fuzz, process
from sqlite_utils import Database

from knowledge.model import Fact, with_scope
from knowledge.packs.format import parse_fact
from knowledge.reading.words import content_words
from knowledge.store.dialect import is_postgres
from knowledge.store.search_index import platform_token, scope_match, scope_token
from knowledge.store.search_rows import lexeme
from knowledge.store.visibility import VISIBLE_SEARCH, scope_args, seen_rows

TYPO_CUTOFF = 80
MAX_WORDS = 12
MIN_TYPO_LENGTH = 4  # "100" is no typo of "10"


def search_facts(
    db: Database, text: str, platform: str | None = None, limit: int = 10, *, scope: str
) -> list[Fact]:
    """Best first: the fact with this id, then ids containing the text, then facts sharing its words;
    among the facts `scope` sees (a server: the shared ones it has not replaced, and its own)."""
    wanted = text.strip().lower()
    if not wanted:
        return []
    only, args = ("and f.platform = ?", [platform]) if platform else ("", [])
    ids: list[str] = [
        r[0]
        for r in db.execute(
            f"select f.fact_id from search_facts as f where {VISIBLE_SEARCH} and f.fact_id like ? escape '\\'"
            f" {only} order by f.fact_id != ?, length(f.fact_id), f.fact_id limit ?",
            [*scope_args(scope), f"%{_escaped(wanted)}%", *args, wanted, limit],
        ).fetchall()
    ]
    words = _known(db, content_words(text)[:MAX_WORDS])
    if words and len(ids) < limit and is_postgres(db):
        ids.extend(i for i in _pg_matches(db, words, platform, limit * 2, scope) if i not in ids)
    elif words and len(ids) < limit:
        match = " OR ".join(f'"{w}"' for w in words)
        if platform:
            match = f'words : "{platform_token(platform)}" AND ({match})'
        match = f"{scope_match(scope)} AND ({match})"
        rows = db.execute(
            "select f.fact_id from (select rowid, rank from search_words where search_words match ?"
            f" order by rank limit ?) as w join search_facts as f on f.rowid = w.rowid where {VISIBLE_SEARCH}"
            " order by w.rank",
            [match, limit * 2, *scope_args(scope)],
        ).fetchall()
        ids.extend(r[0] for r in rows if r[0] not in ids)
    return _facts(db, ids[:limit], scope)


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _pg_matches(db: Database, words: list[str], platform: str | None, limit: int, scope: str) -> list[str]:
    """PostgreSQL's counterpart of the FTS5 query: rows of the scope (and platform) sharing a word with
    the question, variants or answer, ranked by ts_rank (FTS5 ranks by bm25: the order may differ)."""
    tokens = [scope_token("")] if not scope else [scope_token(""), scope_token(scope)]
    within = " | ".join(lexeme(t) for t in tokens)
    if platform:
        within = f"({within}) & {lexeme(platform_token(platform))}"
    shared = " | ".join(lexeme(w) for w in words)
    rows = db.execute(
        "select f.fact_id from (select rowid, ts_rank(words || answer, ?::tsquery) as rank from search_words"
        " where words @@ ?::tsquery and (words || answer) @@ ?::tsquery order by rank desc, rowid limit ?) as w"
        f" join search_facts as f on f.rowid = w.rowid where {VISIBLE_SEARCH} order by w.rank desc, w.rowid",
        [shared, within, shared, limit, *scope_args(scope)],
    ).fetchall()
    return [r[0] for r in rows]


def _known(db: Database, words: list[str]) -> list[str]:
    """The words as the base has them: a word it lacks is read as its closest word, if close enough."""
    if not words:
        return []
    if is_postgres(db):
        return _pg_known(db, words)
    marks = ", ".join("?" * len(words))
    have = {
        r[0]
        for r in db.execute(
            f"select term from search_vocab where col != 'pwords' and term in ({marks})", words
        )
    }
    missing = [w for w in words if w not in have and len(w) >= MIN_TYPO_LENGTH]
    if missing:
        vocabulary = [
            r[0]
            for r in db.execute("select distinct term from search_vocab where col != 'pwords'")
            if r[0][:3] not in ("pf-", "sc-")
        ]
        for word in missing:
            best = process.extractOne(word, vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
            if best:
                have.add(best[0])
    return [w for w in dict.fromkeys([*words, *have]) if w in have]


def _pg_known(db: Database, words: list[str]) -> list[str]:
    """_known on PostgreSQL: a word of the questions (search_counts) or of an answer; a missing word is
    read as the closest of the questions' words pg_trgm finds alike (its trigram index), if close enough."""
    marks = ", ".join("?" * len(words))
    have = {r[0] for r in db.execute(f"select word from search_counts where word in ({marks})", words)}
    for word in [w for w in words if w not in have]:
        if db.execute(
            "select 1 from search_words where answer @@ ?::tsquery limit 1", [lexeme(word)]
        ).fetchone():
            have.add(word)
        elif len(word) >= MIN_TYPO_LENGTH:
            alike = [
                r[0]
                for r in db.execute(
                    "select word from search_counts where word % ? order by similarity(word, ?) desc, word limit 20",
                    [word, word],
                )
            ]
            best = process.extractOne(word, alike, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
            if best:
                have.add(best[0])
    return [w for w in dict.fromkeys([*words, *have]) if w in have]


def _facts(db: Database, ids: list[str], scope: str) -> list[Fact]:
    if not ids:
        return []
    found = seen_rows(db, scope, ids, "data")
    return [with_scope(parse_fact(json.loads(found[i][0])), found[i][1]) for i in ids if i in found]
