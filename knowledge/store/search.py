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
from knowledge.store.search_index import platform_token, scope_match
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
    only, args = ("and f.platform is ?", [platform]) if platform else ("", [])
    ids: list[str] = [
        r[0]
        for r in db.execute(
            f"select f.fact_id from search_facts as f where {VISIBLE_SEARCH} and f.fact_id like ? escape '\\'"
            f" {only} order by f.fact_id != ?, length(f.fact_id), f.fact_id limit ?",
            [*scope_args(scope), f"%{_escaped(wanted)}%", *args, wanted, limit],
        ).fetchall()
    ]
    words = _known(db, content_words(text)[:MAX_WORDS])
    if words and len(ids) < limit:
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


def _known(db: Database, words: list[str]) -> list[str]:
    """The words as the base has them: a word it lacks is read as its closest word, if close enough."""
    if not words:
        return []
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


def _facts(db: Database, ids: list[str], scope: str) -> list[Fact]:
    if not ids:
        return []
    found = seen_rows(db, scope, ids, "data")
    return [with_scope(parse_fact(json.loads(found[i][0])), found[i][1]) for i in ids if i in found]
