"""One process's copy of the search rows (knowledge.store.search_rows), ready for questions.

Filled once from the search rows (no fact's JSON decoded), then kept current row by row from the change
log (knowledge.store.changes): nothing is evicted, nothing is rebuilt on a save. At 100k facts it holds
every row with its texts split and weighted once, the word statistics, and lists of the rows using each
word (for the pruned word search of knowledge.matching.index).
"""

from __future__ import annotations

import json
import math
import sys
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from knowledge.matching.platforms import Choices
from knowledge.store.search_index import split_texts
from knowledge.store.search_rows import Row

WORD_TYPO_CUTOFF = 86
UNKNOWN_WORD_WEIGHT = 1.0  # a word no fact uses (a city, a typo we could not place) counts a little
BIG_PLATFORM = 400  # a platform with more live rows than this is searched by word, not scored whole

Texts = tuple[tuple[str, ...], ...]


class Indexed(NamedTuple):
    """What ranking needs of one fact, without reading the fact: a search row, split and weighted.

    Dates stay ISO text (they compare as text); `texts` are the question and variants as word tuples,
    `weights` each text's summed word weight, `steps` the fact's steps as stored (JSON text) or None.
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
    texts: Texts = ()
    weights: tuple[float, ...] = ()
    steps: str | None = None

    def valid_on(self, day: str) -> bool:
        """`day` as YYYY-MM-DD."""
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_until and day > self.valid_until)

    def steps_list(self) -> tuple[str, ...]:
        """The fact's steps, decoded only where an answer compares them."""
        return tuple(json.loads(self.steps)) if self.steps else ()


class Rows:
    """Every search row of one base, by row id, by platform and by word; and how many live rows use each
    word (the idf). Changed only through `load` and `apply`, under the caller's lock."""

    def __init__(self) -> None:
        self.by_rowid: dict[int, Indexed] = {}
        self.ids: dict[tuple[str, str], int] = {}  # (scope, fact id) -> row id, retired rows too
        self.own_ids: dict[str, set[str]] = {}  # a server's fact ids: the shared rows it replaces there
        self.of_platform: dict[str | None, dict[int, Indexed]] = defaultdict(dict)  # live rows, any scope
        self.postings: dict[str, list[Indexed]] = defaultdict(list)  # live rows using a word, any platform
        self.platform_postings: dict[str | None, dict[str, list[Indexed]]] = {}  # big platforms' own
        self.df: dict[str, int] = defaultdict(int)
        self.idf: dict[str, float] = {}
        self.live = 0
        self.stale = 0  # postings of rows since replaced: skipped when met, dropped by `compact`
        self._regions: dict[str, tuple[str, ...]] = {}
        self._typos: Choices | None = None

    # ---- filling -------------------------------------------------------------------------------
    def load(self, raw_rows: Iterable[Row]) -> None:
        """Every row at once: words counted first, so each text is weighted once with the final idf."""
        split: list[tuple[Row, Texts]] = []
        df = self.df
        for raw in raw_rows:
            texts = self._split(raw[8])
            split.append((raw, texts))
            if not raw[4]:
                self.live += 1
                for word in _distinct(texts):
                    df[word] += 1
        n = max(self.live, 1)
        self.idf = {w: math.log(1 + n / c) for w, c in df.items()}
        for raw, texts in split:
            self._add(self._row(raw, texts))
        for platform, rows in self.of_platform.items():
            if len(rows) > BIG_PLATFORM:
                self.platform_postings[platform] = self._postings_of(rows.values())

    def apply(self, raw_rows: list[Row], gone: list[int]) -> set[str | None]:
        """Rows written since (and row ids no longer there); returns the platforms whose rows changed."""
        touched: set[str | None] = set()
        changed_words: set[str] = set()
        for rowid in [*gone, *(raw[0] for raw in raw_rows)]:
            old = self.by_rowid.get(rowid)
            if old is not None:
                touched.add(old.platform)
                changed_words.update(self._remove(old))
        fresh: list[tuple[Row, Texts]] = []
        for raw in raw_rows:
            texts = self._split(raw[8])
            fresh.append((raw, texts))
            if not raw[4]:
                self.live += 1
                for word in _distinct(texts):
                    self.df[word] += 1
                    changed_words.add(word)
        n = max(self.live, 1)
        had = {w for w in changed_words if w in self.idf}
        for word in changed_words:
            count = self.df.get(word, 0)
            if count > 0:
                self.idf[word] = math.log(1 + n / count)
            else:
                self.df.pop(word, None)
                self.idf.pop(word, None)
        if had != {w for w in changed_words if w in self.idf}:
            self._typos = None  # a word came or went: the typo lookups are made again when next needed
        for raw, texts in fresh:
            row = self._row(raw, texts)
            self._add(row)
            touched.add(row.platform)
            if not row.retired:
                found = self.platform_postings.get(row.platform)
                if found is not None:
                    for word in _distinct(texts):
                        found[word].append(row)
                elif len(self.of_platform[row.platform]) > BIG_PLATFORM:
                    self.platform_postings[row.platform] = self._postings_of(
                        self.of_platform[row.platform].values()
                    )
        if self.stale > max(self.live, 1_000):
            self.compact()
        return touched

    def compact(self) -> None:
        """Word lists without the rows since replaced (after many saves: as many stale entries as rows)."""
        current = self.by_rowid
        for lists in (self.postings, *self.platform_postings.values()):
            for word in list(lists):
                kept = [r for r in lists[word] if current.get(r.rowid) is r]
                if kept:
                    lists[word] = kept
                else:
                    del lists[word]
        self.stale = 0

    # ---- reading -------------------------------------------------------------------------------
    def weight(self, word: str) -> float:
        return self.idf.get(word, UNKNOWN_WORD_WEIGHT)

    def is_current(self, row: Indexed) -> bool:
        """False for an entry of a word list that a later write replaced."""
        return self.by_rowid.get(row.rowid) is row

    def visible(self, row: Indexed, scope: str) -> bool:
        """Whether `scope` sees the row: its own, or a shared one it has not replaced ('' : shared only)."""
        if row.scope:
            return row.scope == scope
        return not scope or row.id not in self.own_ids.get(scope, ())

    @property
    def typos(self) -> Choices:
        """The words a typo in a question may be read as (made again after a word comes or goes)."""
        if self._typos is None:
            self._typos = Choices([w for w in self.idf if len(w) >= 4], WORD_TYPO_CUTOFF)
        return self._typos

    # ---- internals -----------------------------------------------------------------------------
    def _split(self, stored: str | None) -> Texts:
        # Interned: the question's look-ups then compare pointers, and a word is stored once.
        return tuple(tuple(map(sys.intern, t)) for t in split_texts(stored or ""))

    def _row(self, raw: Row, texts: Texts) -> Indexed:
        regions = self._regions.get(raw[5] or "")
        if regions is None:  # a few hundred distinct region lists in a base: split each once
            regions = self._regions[raw[5] or ""] = tuple(raw[5].split(",")) if raw[5] else ()
        weight = self.weight
        return Indexed(
            raw[0],
            raw[1],
            raw[2],
            raw[3],
            raw[4],
            regions,
            _intern(raw[6]),
            _intern(raw[7]),
            raw[8] or "",
            raw[9],
            texts,
            tuple(sum(map(weight, t)) for t in texts),
            _intern(raw[10]),
        )

    def _add(self, row: Indexed) -> None:
        self.by_rowid[row.rowid] = row
        self.ids[(row.scope, row.id)] = row.rowid
        if row.scope:
            self.own_ids.setdefault(row.scope, set()).add(row.id)
        if row.retired:
            return
        self.of_platform[row.platform][row.rowid] = row
        for word in _distinct(row.texts):
            self.postings[word].append(row)

    def _remove(self, row: Indexed) -> set[str]:
        """Forget the row; returns the words whose counts changed."""
        del self.by_rowid[row.rowid]
        self.ids.pop((row.scope, row.id), None)
        if row.scope:
            self.own_ids.get(row.scope, set()).discard(row.id)
        if row.retired:
            return set()
        self.of_platform[row.platform].pop(row.rowid, None)
        self.live -= 1
        words = _distinct(row.texts)
        for word in words:
            self.df[word] -= 1
        self.stale += len(words)
        return words

    @staticmethod
    def _postings_of(rows: Iterable[Indexed]) -> dict[str, list[Indexed]]:
        found: dict[str, list[Indexed]] = defaultdict(list)
        for row in rows:
            for word in _distinct(row.texts):
                found[word].append(row)
        return found


def _distinct(texts: Texts) -> set[str]:
    return {w for text in texts for w in text}


def _intern(value: str | None) -> str | None:
    """Dates and steps repeat across many rows: one string each."""
    return sys.intern(value) if value else None
