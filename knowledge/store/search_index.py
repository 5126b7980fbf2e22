"""The search tables: each fact's words, written beside the fact in the same transaction.

Every process that opens the base finds the facts as they are now, with no index to build in memory:
a bot, a second shard and a CLI `ask` read the same tables, and a moderator's save updates one row.

- `search_facts`: one row a fact of a scope (retired ones too, flagged): what ranking needs without the
  whole fact: its scope ('' shared, else a server's id; a server's row replaces the shared one with its
  id there, see knowledge.store.visibility), platform, topic, regions ("uk,eea"), validity (ISO days, which compare as text) and its texts as content
  words ("w1 w2|w3 w4": plain text splits several times faster than JSON decodes), and its steps (JSON),
  so that deciding whether askers in different regions get different steps decodes no fact, and its
  claim (the pack's claim, normalised, as compact JSON), so that comparing what each region is told and
  picking the claim that answers decode no fact either: only the facts an answer shows are decoded.
  The words also hold a token `sc-<server>` (`sc--` shared), so a search stays in one server's view.
- `search_words`: SQLite FTS5 over the same words (column `words`), for finding candidates by shared
  words, and over the answer's words (column `answer`, for moderators' /fact search only); its rowid is
  search_facts' rowid. A token `pf-<platform>` (`pf--` for none) lets a query stay on one platform.
  Column `pwords` holds the same words again, each as `<platform>'<word>` (a slug has no apostrophe), for
  a platform's facts: the rows of one platform using a word are then one term's list, as long as the
  answer (tens of rows), where `pf-<platform> AND word` walked the word's list across the base (thousands:
  0.3-0.5 ms a word, and the first question about a big platform reads a dozen).
- `search_changes` (knowledge.store.changes): a line for each row written, in the same transaction, which
  processes serving questions follow to keep their copy of these rows current.
- `search_counts`: each word of the questions' texts and how many rows use it (the idf), kept by the same
  writes: what FTS5's own view (`search_vocab`, which moderators' /fact search reads) counts by walking
  the whole index, 0.3 s of every start at 100k facts.

The words come from knowledge.reading.words.content_words; when its stemming or stopwords change, the stored
fingerprint no longer matches (`is_current`) and the tables are rebuilt once, when the base is opened.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from sqlite_utils import Database

from knowledge.packs.format import parse_claim
from knowledge.reading.words import STOPWORDS, content_words
from knowledge.store import changes
from knowledge.store.dialect import is_postgres

log = logging.getLogger(__name__)

NO_PLATFORM = "pf--"  # a slug never starts with "-", so no platform id makes this token
SHARED_TOKEN = "sc--"
COLUMNS = (
    "f.rowid, f.fact_id, f.platform, f.topic, f.retired, f.regions, f.valid_from, f.valid_until, f.texts,"
    " f.scope, f.steps, f.claim"
)


def scope_token(scope: str) -> str:
    return f"sc-{scope}" if scope else SHARED_TOKEN


def scope_match(scope: str) -> str:
    """The FTS5 condition for the rows this scope sees: its own and the shared ones."""
    if not scope:
        return f'words : "{SHARED_TOKEN}"'
    return f'words : ("{SHARED_TOKEN}" OR "{scope_token(scope)}")'


_PROBE = "Is LinkedIn training trained trains AI on users' posts, photos and opt-out data? Stopping it"
_BATCH = 2000
OPTIMIZE_AFTER = 1000  # rows written at once (an import) after which FTS5's index is merged (`optimize`)


def platform_token(platform: str | None) -> str:
    return f"pf-{platform}" if platform else NO_PLATFORM


def platform_word(platform: str, word: str) -> str:
    """The token in column `pwords` for a word of one platform's fact."""
    return f"{platform}'{word}"


ROW_FORMAT = 8  # bump when the rows' layout changes: the tables are then rebuilt on open


def fingerprint() -> str:
    """Changes whenever content_words would split or stem the same text differently, or rows change."""
    probe = f"{ROW_FORMAT}|" + " ".join(content_words(_PROBE)) + "|" + " ".join(sorted(STOPWORDS))
    return hashlib.sha1(probe.encode()).hexdigest()[:16]


def reset(db: Database) -> None:
    """Drop the tables, so that `create` makes them in the current layout (before a rebuild)."""
    if is_postgres(db):
        for table in ("search_words", "search_facts", "search_counts"):
            db.execute(f"drop table if exists {table}")
        return
    for table in ("search_vocab", "search_words", "search_facts", "search_counts"):
        db.execute(f"drop table if exists {table}")


def create(db: Database) -> None:
    """The tables (a migration step); empty until `rebuild` or the first writes fill them."""
    if is_postgres(db):  # tsvector and GIN for FTS5, pg_trgm for its vocabulary
        for statement in PG_SEARCH.split(";\n"):
            if statement.strip():
                db.execute(statement.strip().rstrip(";"))
        return
    db.execute(
        "create table if not exists search_facts (rowid integer primary key, fact_id text not null,"
        " platform text, topic text, retired integer not null default 0, regions text,"
        " valid_from text, valid_until text, texts text, scope text not null default '', steps text,"
        " claim text)"
    )
    db.execute("create unique index if not exists search_facts_id on search_facts(scope, fact_id)")
    db.execute("create index if not exists search_facts_fact on search_facts(fact_id)")
    db.execute("create index if not exists search_facts_platform on search_facts(platform, topic)")
    # tokenchars: our words keep inner hyphens and apostrophes ("opt-out"), and so must FTS5's tokens.
    db.execute(
        "create virtual table if not exists search_words using fts5(words, answer, pwords,"
        " tokenize = \"unicode61 remove_diacritics 0 tokenchars '-'''\")"
    )
    # 'col': counts by column, so the answers' words never weigh in the questions' idf.
    db.execute("create virtual table if not exists search_vocab using fts5vocab(search_words, 'col')")
    db.execute(
        "create table if not exists search_counts (word text primary key, rows integer not null) without rowid"
    )
    changes.create(db)


def texts_of(data: dict[str, Any]) -> list[list[str]]:
    """A fact's question and variants, each as its distinct content words (sorted: stable rows)."""
    texts = [data.get("question") or "", *(data.get("variants") or [])]
    return [sorted(set(content_words(str(t)))) for t in texts]


def join_texts(texts: list[list[str]]) -> str:
    """Texts as stored: words by spaces, texts by "|" (neither is ever inside a word)."""
    return "|".join(" ".join(words) for words in texts)


def split_texts(stored: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(text.split()) for text in stored.split("|"))


def index_rows(db: Database, rows: Iterable[dict[str, Any]]) -> None:
    """Bring the search tables up to date for facts just written (rows of the `facts` table).

    Call inside the transaction that wrote them: the facts and their search rows change together.
    """
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= _BATCH:
            _index_batch(db, batch)
            batch = []
    if batch:
        _index_batch(db, batch)


def optimize(db: Database) -> None:
    """Merge FTS5's index into one segment, after a bulk write (an import of OPTIMIZE_AFTER rows or more,
    a rebuild), which leaves dozens: every term looked up probes each, 160 us a platform's word at 100k
    facts against 16 us after (0.8 s once, after an import of them). PostgreSQL's GIN needs no such step."""
    if is_postgres(db):
        return
    db.execute("insert into search_words (search_words) values ('optimize')")


# The search tables on PostgreSQL (knowledge.store.pg_schema has the rest of its schema), text compared
# byte by byte as on SQLite.
# search_words holds each row's words as a tsvector of our own tokens (no parser: array_to_tsvector),
# searched through GIN; search_counts' words are indexed by trigrams for /fact search's typos.
T = 'text collate "C"'
PG_SEARCH = f"""
create table if not exists search_facts (rowid bigint primary key, fact_id {T} not null, platform {T},
  topic {T}, retired bigint not null default 0, regions {T}, valid_from {T}, valid_until {T}, texts {T},
  scope {T} not null default '', steps {T}, claim {T});
create unique index if not exists search_facts_id on search_facts(scope, fact_id);
create index if not exists search_facts_fact on search_facts(fact_id);
create index if not exists search_facts_platform on search_facts(platform, topic);
create table if not exists search_words (rowid bigint primary key, words tsvector not null,
  answer tsvector not null, pwords tsvector not null);
create index if not exists search_words_words on search_words using gin (words);
create index if not exists search_words_pwords on search_words using gin (pwords);
create index if not exists search_words_answer on search_words using gin (answer);
create table if not exists search_counts (word {T} primary key, rows bigint not null);
create index if not exists search_counts_trigrams on search_counts using gin (word gin_trgm_ops);
"""


FTS_WORDS = "insert into search_words (rowid, words, answer, pwords) values (?, ?, ?, ?)"
# PostgreSQL: each column a tsvector of exactly our tokens (no parser would keep "linkedin'opt-out" whole)
PG_WORDS = (
    "insert into search_words (rowid, words, answer, pwords) values (?,"
    " array_to_tsvector(array_remove(string_to_array(?, ' '), '')),"
    " array_to_tsvector(array_remove(string_to_array(?, ' '), '')),"
    " array_to_tsvector(array_remove(string_to_array(?, ' '), '')))"
)


def _index_batch(db: Database, rows: list[dict[str, Any]]) -> None:
    conn = db.conn
    existing: dict[tuple[str, str], int] = {}
    for scope in {r.get("scope") or "" for r in rows}:
        ids = [r["id"] for r in rows if (r.get("scope") or "") == scope]
        marks = ", ".join("?" * len(ids))
        for fact_id, rowid in conn.execute(
            f"select fact_id, rowid from search_facts where scope = ? and fact_id in ({marks})", [scope, *ids]
        ):
            existing[(scope, fact_id)] = rowid
    counts: Counter[str] = Counter()  # each word's rows, after the batch less before it
    if existing:
        marks = ", ".join("?" * len(existing))
        for (texts,) in conn.execute(
            f"select texts from search_facts where rowid in ({marks})", list(existing.values())
        ):
            counts.subtract(set((texts or "").replace("|", " ").split()))
        conn.executemany("delete from search_words where rowid = ?", [(r,) for r in existing.values()])
    next_rowid = (conn.execute("select coalesce(max(rowid), 0) from search_facts").fetchone()[0] or 0) + 1
    facts: dict[int, tuple[Any, ...]] = {}  # by rowid: an id twice in one batch keeps its last data
    words: dict[int, tuple[str, str, str]] = {}
    bags: dict[int, list[str]] = {}
    for row in rows:
        scope = row.get("scope") or ""
        rowid = existing.get((scope, row["id"]))
        if rowid is None:
            rowid = existing[(scope, row["id"])] = next_rowid
            next_rowid += 1
        data = row["data"] if isinstance(row["data"], dict) else json.loads(row["data"])
        texts = texts_of(data)
        facts[rowid] = (
            rowid,
            row["id"],
            data.get("platform"),
            data.get("topic"),
            1 if data.get("retired") else 0,
            ",".join(data.get("regions") or []),
            _day(data.get("valid_from")),
            _day(data.get("valid_until")),
            join_texts(texts),
            scope,
            json.dumps([str(s).strip() for s in data["steps"]]) if data.get("steps") else None,
            claim_text(data.get("claim")),
        )
        bag = bags[rowid] = sorted({w for text in texts for w in text})
        answer = " ".join(sorted(set(content_words(str(data.get("answer") or "")))))
        platform = data.get("platform")
        words[rowid] = (
            " ".join([platform_token(platform), scope_token(scope), *bag]),
            answer,
            " ".join(platform_word(platform, w) for w in bag) if platform else "",
        )
    conn.executemany(
        "insert into search_facts (rowid, fact_id, platform, topic, retired, regions, valid_from,"
        " valid_until, texts, scope, steps, claim) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " on conflict (rowid) do update set fact_id = excluded.fact_id, platform = excluded.platform,"
        " topic = excluded.topic, retired = excluded.retired, regions = excluded.regions,"
        " valid_from = excluded.valid_from, valid_until = excluded.valid_until, texts = excluded.texts,"
        " scope = excluded.scope, steps = excluded.steps, claim = excluded.claim",
        list(facts.values()),
    )
    changes.record(conn, ((f[9], f[0], f[2]) for f in facts.values()))
    conn.executemany(PG_WORDS if is_postgres(db) else FTS_WORDS, [(r, *w) for r, w in words.items()])
    for bag in bags.values():
        counts.update(bag)
    conn.executemany(
        "insert into search_counts (word, rows) values (?, ?)"
        " on conflict (word) do update set rows = search_counts.rows + excluded.rows",
        [(w, n) for w, n in counts.items() if n],
    )
    conn.execute("delete from search_counts where rows <= 0")


def claim_text(raw: Any) -> str | None:
    """A fact's claim as its search row keeps it: the parsed claim's own dict (YAML's bare yes and no
    already words), compact JSON with sorted keys, so equal claims are equal text."""
    claim = parse_claim(raw) if isinstance(raw, dict) else None
    return json.dumps(claim.to_dict(), separators=(",", ":"), sort_keys=True) if claim else None


def _day(value: Any) -> str | None:
    return value.isoformat() if hasattr(value, "isoformat") else (str(value) if value else None)


def rebuild(db: Database) -> int:
    """Fill the tables anew from every fact (a new base, or a new way of reading words). Returns facts."""
    n = 0
    with db.atomic():
        reset(db)
        create(db)
        for rows in _all_facts(db):
            _index_batch(db, rows)
            n += len(rows)
        optimize(db)
        changes.new_epoch(db)  # every row id is new: processes serving questions read the rows again
        db.execute(
            "insert into meta (key, value) values ('search_fingerprint', ?)"
            " on conflict (key) do update set value = excluded.value",
            [fingerprint()],
        )
    log.info("search tables rebuilt for %d facts", n)
    return n


def _all_facts(db: Database) -> Iterator[list[dict[str, Any]]]:
    last = 0
    while True:
        rows = list(
            db.query(
                "select rowid as r, id, data, scope from facts where rowid > ? order by rowid limit ?",
                [last, _BATCH],
            )
        )
        if not rows:
            return
        yield rows
        last = rows[-1]["r"]


def is_current(db: Database) -> bool:
    rows = list(db.query("select value from meta where key = 'search_fingerprint'"))
    return bool(rows) and rows[0]["value"] == fingerprint()
