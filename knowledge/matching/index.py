"""Candidate facts for a question, read from the search tables that every write keeps current
(knowledge.store.search_index): no index is built in memory, so a CLI `ask` on a base of 100k facts starts
as fast as on ten, a moderator's save costs one row, and a change made by another process is seen at once.

What is held in memory is small and reloaded when the base changes, here or in another process: the
vocabulary (each word's idf, and the words to map a typo to), the platforms' names, and the rows of the
platforms asked about recently.
"""

from __future__ import annotations

import json
import logging
import math
import sys
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from typing import Any, NamedTuple

from sqlite_utils import Database

from knowledge.matching.platforms import Choices, PlatformNames
from knowledge.model import Fact, Platform, with_scope
from knowledge.packs.format import parse_fact
from knowledge.reading.words import content_words
from knowledge.store import search_rows
from knowledge.store.search_index import platform_token, scope_match, split_texts
from knowledge.store.visibility import seen_rows

log = logging.getLogger(__name__)

WORD_TYPO_CUTOFF = 86
MAX_CANDIDATES = 400  # a big platform's facts scored for one question: those sharing the most words
MAX_UNNAMED_CANDIDATES = 40  # facts about no platform scored beside a named platform's own
UNKNOWN_WORD_WEIGHT = 1.0  # a word no fact uses (a city, a typo we could not place) counts a little
MAX_QUESTION_WORDS = 40  # a 2,000-character post: its rarest words pick the candidates, not all 300
CACHED_ROWS = 20_000  # rows of recently asked platforms kept parsed: a few MB
DISTINCTIVE_SHARE = 10  # a word in at most 1/10 of the facts is distinctive
RAREST_WORDS = 4  # words that pick candidates across the whole base
CACHED_TEXTS = 30_000  # facts' split texts and weights kept: ~20 MB at most
CACHED_FACTS = 2_000  # whole facts kept for answers


class Indexed(NamedTuple):
    """What ranking needs of one fact, without reading the fact: a row of search_facts.

    Made for every candidate of every question, so cheap: dates stay ISO text (they compare as text),
    and the texts are split only for the candidates that pass the region and date filters (`words`).
    """

    rowid: int
    id: str
    platform: str | None
    topic: str
    retired: int
    regions: tuple[str, ...]
    valid_from: str | None
    valid_until: str | None
    stored_texts: str
    scope: str = ""  # '' shared, else the server whose row it is

    def valid_on(self, day: str) -> bool:
        """`day` as YYYY-MM-DD."""
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_until and day > self.valid_until)


class _Vocabulary:
    """The base's words at one moment: idf weights, typo lookups, facts by platform."""

    def __init__(self, db: Database, platforms: list[Platform]):
        self.df, self.facts, self.per_platform = search_rows.word_counts(db)
        n = max(self.facts, 1)
        self.idf = {w: math.log(1 + n / c) for w, c in self.df.items()}
        self.typos = Choices([w for w in self.idf if len(w) >= 4], WORD_TYPO_CUTOFF)
        self.names = PlatformNames(platforms)
        self.rows: OrderedDict[tuple[str, str | None, str | None], list[Indexed]] = OrderedDict()
        self.cached = 0
        self.regions_of: dict[str, tuple[str, ...]] = {}
        self.unnamed: dict[str, _WordLookup] = {}  # by scope
        self._texts: dict[int, tuple[tuple[tuple[str, ...], ...], tuple[float, ...]]] = {}
        self._facts: dict[tuple[str, str], Fact] = {}  # by (scope asking, id)

    def weight(self, word: str) -> float:
        return self.idf.get(word, UNKNOWN_WORD_WEIGHT)

    def texts(self, row: Indexed) -> tuple[tuple[tuple[str, ...], ...], tuple[float, ...]]:
        """A fact's texts as word tuples and each text's summed word weight, kept for the next question
        that meets the fact (words interned: the question's look-ups then compare pointers)."""
        found = self._texts.get(row.rowid)
        if found is None:
            texts = tuple(tuple(map(sys.intern, t)) for t in split_texts(row.stored_texts))
            found = (texts, tuple(sum(map(self.weight, t)) for t in texts))
            if len(self._texts) >= CACHED_TEXTS:
                self._texts.clear()
            self._texts[row.rowid] = found
        return found

    def fact(self, scope: str, fact_id: str) -> Fact | None:
        return self._facts.get((scope, fact_id))

    def keep_fact(self, scope: str, fact: Fact) -> None:
        if len(self._facts) >= CACHED_FACTS:
            self._facts.clear()
        self._facts[(scope, fact.id)] = fact


class _WordLookup:
    """A few facts by word, in memory: those sharing the most word weight with a question, first."""

    def __init__(self, rows: list[Indexed], weight: Callable[[str], float]):
        self._by_word: dict[str, list[Indexed]] = defaultdict(list)
        for row in rows:
            for word in {w for text in split_texts(row.stored_texts) for w in text}:
                self._by_word[word].append(row)
        self._size = len(rows)
        self._weight = weight

    def sharing(self, qwords: set[str], limit: int) -> list[Indexed]:
        found = [w for w in qwords if w in self._by_word]
        rare = [w for w in found if len(self._by_word[w]) <= self._size / 2]
        totals: dict[Indexed, float] = {}
        for word in rare or found:
            weight = self._weight(word)
            for row in self._by_word[word]:
                totals[row] = totals.get(row, 0.0) + weight
        return sorted(totals, key=lambda r: (-totals[r], r.id))[:limit]


class _State:
    """What every scope's view of one base shares: the vocabulary and when it was read."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.seen: tuple[int, int] | None = None  # (data_version, this connection's total changes)
        self.mark: tuple[Any, ...] | None = None
        self.vocab: _Vocabulary | None = None


class SearchIndex:
    """Finds the facts worth scoring for a question, as one scope sees the base ('' : the shared base, in
    DMs; a server's id: the shared facts it has not replaced and its own). Safe to share between threads.
    """

    def __init__(self, db: Database, scope: str, state: _State | None = None):
        self.db = db
        self.scope = scope
        self._state = state or _State()
        self._lock = self._state.lock
        self.refresh()

    def scoped(self, scope: str) -> SearchIndex:
        """The view of one server ('' : shared only); it shares this index's vocabulary and caches."""
        return self if scope == self.scope else SearchIndex(self.db, scope, self._state)

    @property
    def _vocab(self) -> _Vocabulary | None:
        return self._state.vocab

    # ---- keeping up with the base -------------------------------------------------------------
    def refresh(self) -> bool:
        """Reload what is held in memory if the facts or platforms changed since; True when they had.

        Cheap when nothing changed (one pragma): call it before every question.
        """
        seen = search_rows.seen(self.db)
        state = self._state
        if seen == state.seen and state.vocab is not None:
            return False
        with self._lock:
            mark = search_rows.change_mark(self.db)
            state.seen = seen
            if mark == state.mark and state.vocab is not None:
                return False
            state.vocab = vocab = _Vocabulary(self.db, search_rows.platforms(self.db))
            state.mark = mark
        log.debug("search vocabulary reloaded: %d words, %d facts", len(vocab.df), vocab.facts)
        return True

    @property
    def vocabulary(self) -> _Vocabulary:
        assert self._vocab is not None
        return self._vocab

    # ---- reading a question --------------------------------------------------------------------
    @property
    def names(self) -> PlatformNames:
        return self.vocabulary.names

    def question_words(self, text: str) -> list[str]:
        """Content words of the question, typos mapped to the base's own vocabulary."""
        vocab = self.vocabulary
        out: list[str] = []
        for w in content_words(text):
            known = w if w in vocab.idf or len(w) < 5 else vocab.typos.closest(w)
            # A typo keeps its first letter: "pinterest" is no typo of "interest", but a name we lack.
            out.append(known if known is not None and known[0] == w[0] else w)
        return out

    def weight(self, word: str) -> float:
        return self.vocabulary.weight(word)

    def texts(self, row: Indexed) -> tuple[tuple[tuple[str, ...], ...], tuple[float, ...]]:
        """The row's texts as word tuples, and each text's summed word weight."""
        return self.vocabulary.texts(row)

    def is_distinctive(self, word: str) -> bool:
        """A word that at most a tenth of the facts use: it says what a question is about."""
        vocab = self.vocabulary
        return vocab.df.get(word, 0) * DISTINCTIVE_SHARE <= vocab.facts

    # ---- candidates ------------------------------------------------------------------------------
    def candidates(self, platform: str | None, qwords: set[str]) -> list[Indexed]:
        """The facts worth scoring: a named platform's (those sharing most words, if it has many), and
        the few facts about no platform sharing most; with no platform named, the facts about no
        platform sharing words, and the few of any platform sharing the most."""
        vocab = self.vocabulary
        if platform is None:
            unnamed = self._unnamed().sharing(qwords, MAX_CANDIDATES)
            named = self._sharing(qwords, None, MAX_UNNAMED_CANDIDATES)
            return _unique([*unnamed, *named])
        if vocab.per_platform.get(platform, 0) <= MAX_CANDIDATES:
            own = self.rows(platform)
        else:
            own = (
                self._sharing(qwords, platform_token(platform), MAX_CANDIDATES)
                or self.rows(platform)[:MAX_CANDIDATES]
            )
        return _unique([*own, *self._unnamed().sharing(qwords, MAX_UNNAMED_CANDIDATES)])

    def _unnamed(self) -> _WordLookup:
        """The facts about no platform (regulators, legal ideas), looked up by word in memory: asked
        beside every question, and few (five in the embedded pack, about 1% of a big base)."""
        vocab = self.vocabulary
        found = vocab.unnamed.get(self.scope)
        if found is None:
            found = vocab.unnamed[self.scope] = _WordLookup(self.rows(None), vocab.weight)
        return found

    def rows(self, platform: str | None, topic: str | None = None) -> list[Indexed]:
        """Every live fact of one platform (None: of no platform), of one topic if given."""
        vocab = self.vocabulary
        key = (self.scope, platform, topic)
        with self._lock:
            cached = vocab.rows.get(key)
            if cached is not None:
                vocab.rows.move_to_end(key)
                return cached
        rows = search_rows.live_rows(self.db, self.scope, platform, topic)
        found = [self._parse(r, vocab.regions_of) for r in rows]
        with self._lock:
            vocab.rows[key] = found
            vocab.cached += len(found)
            while vocab.cached > CACHED_ROWS and len(vocab.rows) > 1:
                _, dropped = vocab.rows.popitem(last=False)
                vocab.cached -= len(dropped)
        return found

    def _sharing(self, qwords: set[str], scope: str | None, limit: int) -> list[Indexed]:
        """Up to `limit` live facts in `scope` (a big platform's token, or None for all) sharing words with
        the question, most shared first (FTS5's bm25).

        FTS5 ranks every fact that has any word asked for, so only words that pick few are asked for:
        across the whole base the rarest few, each in under a tenth of it (a question of common words
        only is no near-verbatim match of one platform's fact); within a platform, any but the words in
        over half of it ("ai").
        """
        vocab = self.vocabulary
        known = sorted((w for w in qwords if w in vocab.df), key=lambda w: vocab.df[w])
        if scope is None:
            picking = [w for w in known if self.is_distinctive(w)][:RAREST_WORDS]
        else:
            rare = [w for w in known if vocab.df[w] <= vocab.facts / 2]
            picking = (rare or known)[:MAX_QUESTION_WORDS]
        if not picking:
            return []
        match = "words : (" + " OR ".join(f'"{w}"' for w in picking) + ")"
        if scope is not None:
            match = f'words : "{scope}" AND {match}'
        match = f"{scope_match(self.scope)} AND {match}"  # only rows this server (or DM) may see
        rows = search_rows.sharing_rows(self.db, self.scope, match, limit)
        return [self._parse(r, vocab.regions_of) for r in rows]

    @staticmethod
    def _parse(row: tuple[Any, ...], regions_of: dict[str, tuple[str, ...]]) -> Indexed:
        regions = regions_of.get(row[5])
        if regions is None:  # a few hundred distinct region lists in a base: split each once
            regions = regions_of[row[5]] = tuple(row[5].split(",")) if row[5] else ()
        return Indexed(row[0], row[1], row[2], row[3], row[4], regions, row[6], row[7], row[8], row[9])

    # ---- the facts themselves ----------------------------------------------------------------------
    def facts(self, ids: list[str]) -> dict[str, Fact]:
        """Full facts by id as this scope sees them (its own version first), for the few an answer shows."""
        vocab = self.vocabulary
        found = {fid: fact for fid in ids if (fact := vocab.fact(self.scope, fid)) is not None}
        missing = [fid for fid in ids if fid not in found]
        if missing:
            for fid, (data, scope) in seen_rows(self.db, self.scope, missing, "data").items():
                found[fid] = fact = with_scope(parse_fact(json.loads(data)), scope)
                vocab.keep_fact(self.scope, fact)
        return found


def _unique(rows: list[Indexed]) -> list[Indexed]:
    return list({r.rowid: r for r in rows}.values())
