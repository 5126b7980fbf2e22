"""One process's copy of the search rows (knowledge.store.search_rows), ready for questions.

Filled once from the search rows (no fact's JSON decoded) and the word counts the writes keep beside
them (search_counts), then kept current row by row from the change log (knowledge.store.changes): nothing is
evicted, nothing is rebuilt on a save. Opening reads only the rows; the rest is made the first time a
question needs it and kept: a row's texts split and weighted, and the rows using a word (read from FTS5's
index, in C), across the base or within one platform. A base of up to SPLIT_AT_LOAD rows has both made
when it is loaded (the word lists by knowledge.matching.word_lists), so its questions read no statement.
"""

from __future__ import annotations

import json
import math
import sys
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from itertools import chain, repeat
from typing import NamedTuple

from knowledge.matching.platforms import Choices
from knowledge.matching.word_lists import WordLists
from knowledge.model import Claim
from knowledge.packs.format import parse_claim
from knowledge.store.search_rows import Row

WORD_TYPO_CUTOFF = 86
UNKNOWN_WORD_WEIGHT = 1.0  # a word no fact uses (a city, a typo we could not place) counts a little
REWEIGH_SHARE = 0.05  # weights are made again when the number of live facts moved by this share
# Up to this many live rows, every row's texts are split and weighed when the rows are loaded rather than
# when a question first scores them: 6.5 us and ~0.85 KB a row (20k rows: 0.13 s more to open, 17 MB),
# and a question meeting a platform for the first time no longer pays for it (12% of its time at 20k).
# A bigger base splits as questions come: at 100k rows it would be 0.8 s more to open and 85 MB.
SPLIT_AT_LOAD = 40_000

Texts = tuple[tuple[str, ...], ...]
Split = tuple[Texts, tuple[float, ...]]
# The row ids using a word, within one platform or (None) across the base: read from FTS5 when first asked.
Fetch = Callable[[str | None, str], list[int]]
FetchEach = Callable[[str | None, list[str]], list[list[int]]]  # the same for several words at once


class Indexed(NamedTuple):
    """What ranking needs of one fact, without reading the fact: a row of search_facts.

    Dates stay ISO text (they compare as text); `stored_texts` is the question and variants as content
    words ("w1 w2|w3"); `steps` the fact's steps as stored (JSON text: equal text, equal steps), or None;
    `claim` what the fact claims, decoded once per distinct claim in the base (a few hundred).
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
    steps: str | None = None
    claim: Claim | None = None

    def valid_on(self, day: str) -> bool:
        """`day` as YYYY-MM-DD."""
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_until and day > self.valid_until)

    def steps_list(self) -> tuple[str, ...]:
        """The fact's steps, decoded only where an answer shows them."""
        return tuple(json.loads(self.steps)) if self.steps else ()


class Rows:
    """Every search row of one base (or, loaded in part, those read so far) by row id and by platform, the
    word counts (idf), and what questions made of them. Changed only through `load`, `load_part`, `add`
    and `apply`, under the caller's lock; read by questions on any thread without it (each read is one
    dict operation, or a copy made first)."""

    def __init__(self) -> None:
        self.by_rowid: dict[int, Indexed] = {}
        self.own_ids: dict[str, set[str]] = {}  # a server's fact ids: the shared rows it replaces there
        self.of_platform: dict[str | None, dict[int, Indexed]] = defaultdict(dict)  # live rows, any scope
        self.df: dict[str, int] = {}  # rows using each word (every row, retired ones too)
        self.idf: dict[str, float] = {}
        self.live = 0
        self._weighed_at = 1  # the number of live rows the weights were made for
        self._split: dict[int, Split] = {}  # by row id: made when a question first scores the row
        self._using: dict[tuple[str | None, str], array[int]] = {}  # (platform or None, word) -> row ids
        self._lists: WordLists | None = None  # every word's rows, made at load (a small base): no FTS5 read
        self.grown = False  # made something to keep since the owner last froze the collector
        self._regions: dict[str, tuple[str, ...]] = {}
        self._claims: dict[str, Claim | None] = {}  # by claim as stored: thousands of facts share each one
        self._typos: Choices | None = None

    # ---- filling -------------------------------------------------------------------------------
    def load(self, raw_rows: Iterable[Row], df: Iterable[tuple[str, int]]) -> None:
        """Every row, and each word's count of rows (as stored beside them: no text split here)."""
        self.df = dict(df)
        self.live += self._fill(raw_rows)
        self._reweigh()
        if self.live <= SPLIT_AT_LOAD:
            for rows in self.of_platform.values():
                for row in rows.values():
                    self.split(row)
            split, by_rowid = self._split, self.by_rowid
            self._lists = WordLists.of_rows(
                (
                    rowid,
                    row.platform,
                    set(chain.from_iterable(split[rowid][0])) if rowid in split else _words(row.stored_texts),
                )
                for rowid, row in sorted(by_rowid.items())
            )

    def load_part(self, raw_rows: Iterable[Row], df: Iterable[tuple[str, int]], live: int) -> None:
        """Some rows only (every server's own, which hide shared ones on any platform), with the whole
        base's word counts and size: the rest is added a platform at a time (`add`)."""
        self.df = dict(df)
        self._fill(raw_rows)
        self.live = live
        self._reweigh()

    def add(self, raw_rows: Iterable[Row]) -> None:
        """More rows of the base loaded in part (`load_part`), already counted in its size and words;
        rows already here are left as they are."""
        self._fill(raw for raw in raw_rows if raw[0] not in self.by_rowid)
        self.grown = True

    def _fill(self, raw_rows: Iterable[Row]) -> int:
        """Keep these rows; returns how many are live."""
        # The loop of _row and _add, written out: it runs once per fact at start (100k: ~0.15 s). The
        # tuple is made in C (a NamedTuple's own __new__ is a Python call with twelve arguments). Every
        # repeated text is kept once (SQLite hands out a new string each row: the platforms and topics
        # alone were 11 MB at 100k facts).
        intern, regions_of, by_rowid, of_platform = sys.intern, self._regions, self.by_rowid, self.of_platform
        claim_of, make = self._claim, tuple.__new__
        live = 0
        for (
            rowid,
            fid,
            platform,
            topic,
            retired,
            regions,
            since,
            until,
            texts,
            scope,
            steps,
            claim,
        ) in raw_rows:
            split = regions_of.get(regions or "")
            if split is None:
                split = regions_of[regions or ""] = tuple(regions.split(",")) if regions else ()
            row = make(
                Indexed,
                (
                    rowid,
                    fid,
                    platform and intern(platform),
                    intern(topic),
                    retired,
                    split,
                    since and intern(since),
                    until and intern(until),
                    texts or "",
                    scope,
                    steps and intern(steps),
                    claim_of(claim) if claim else None,
                ),
            )
            by_rowid[rowid] = row
            if scope:
                self.own_ids.setdefault(scope, set()).add(fid)
            if not retired:
                of_platform[platform][rowid] = row
                live += 1
        return live

    def _reweigh(self) -> None:
        """Every word's weight for the base's size now; rows are weighed again as questions meet them."""
        n = self._weighed_at = max(self.live, 1)
        self.idf = {w: math.log(1 + n / c) for w, c in self.df.items() if c > 0}
        self._split.clear()

    def apply(self, raw_rows: list[Row], gone: list[int]) -> set[str | None]:
        """Rows written since (and row ids no longer there); returns the platforms whose rows changed.

        Each word's count moves by the words of the row before and after. Weights already made keep
        the base size they were made with until it moves by REWEIGH_SHARE (one save moves it by one row
        in 100k); then every weight is made again.
        """
        touched: set[str | None] = set()
        changed: set[str] = set()
        lists = self._lists
        for rowid in [*gone, *(raw[0] for raw in raw_rows)]:
            old = self.by_rowid.get(rowid)
            if old is not None:
                touched.add(old.platform)
                words = self._remove(old)
                changed.update(words)
                if lists is not None:
                    lists.remove(rowid, old.platform, words)
        for raw in raw_rows:
            row = self._row(raw)
            self._add(row)
            touched.add(row.platform)
            words = _words(row.stored_texts)
            for word in words:
                self.df[word] = self.df.get(word, 0) + 1
            changed.update(words)
            if lists is not None:
                lists.add(row.rowid, row.platform, words)
        had = {w for w in changed if w in self.idf}
        n = max(self.live, 1)
        if abs(n - self._weighed_at) > REWEIGH_SHARE * self._weighed_at:
            self._reweigh()
        for word in changed:
            count = self.df.get(word, 0)
            if count > 0:
                self.idf[word] = math.log(1 + n / count)
            else:
                self.df.pop(word, None)
                self.idf.pop(word, None)
            for platform in (None, *touched):  # the rows using it are read again when next asked
                self._using.pop((platform, word), None)
        if had != {w for w in changed if w in self.idf}:
            self._typos = None  # a word came or went: the typo lookups are made again when next needed
        return touched

    # ---- reading -------------------------------------------------------------------------------
    @property
    def small(self) -> bool:
        """Loaded whole and small enough to have everything made at load (SPLIT_AT_LOAD)."""
        return self._lists is not None

    def weight(self, word: str) -> float:
        return self.idf.get(word, UNKNOWN_WORD_WEIGHT)

    def split(self, row: Indexed) -> Split:
        """The row's texts as word tuples, and each text's summed word weight: made once per row."""
        found = self._split.get(row.rowid)
        if found is None:
            # Interned: the question's look-ups then compare pointers, and a word is stored once. Written
            # with map over C functions: a question meets dozens of rows for the first time.
            intern, weight = sys.intern, self.idf.get
            texts = tuple([tuple(map(intern, t.split())) for t in row.stored_texts.split("|")])
            weights = tuple([sum(map(weight, t, repeat(UNKNOWN_WORD_WEIGHT))) for t in texts])
            found = self._split[row.rowid] = (texts, weights)
            self.grown = True
        return found

    def using(self, platform: str | None, word: str, fetch: Fetch) -> Sequence[int]:
        """Row ids using the word, of one platform (None: of any), retired ones and other scopes too:
        made at load for a small base, else read by `fetch` (from FTS5's index, on the asking thread's own
        connection) once per platform and word, and kept."""
        if self._lists is not None:
            return self._lists.using(platform, word)
        key = (platform, word)
        found = self._using.get(key)
        if found is None:
            found = self._using[key] = array("q", fetch(platform, word))
            self.grown = True
        return found

    def read_ahead(self, platform: str | None, words: list[str], fetch_each: FetchEach) -> None:
        """The rows using each of `words` that `using` will be asked for, those not read yet read together
        (one statement rather than one a word), and kept as `using` keeps them."""
        if self._lists is not None:
            return
        wanted = [word for word in words if (platform, word) not in self._using]
        if len(wanted) > 1:
            for word, found in zip(wanted, fetch_each(platform, wanted), strict=True):
                self._using[(platform, word)] = array("q", found)
            self.grown = True

    def visible(self, row: Indexed, scope: str) -> bool:
        """Whether `scope` sees the row: its own, or a shared one it has not replaced ('' : shared only)."""
        if row.scope:
            return row.scope == scope
        return not scope or row.id not in self.own_ids.get(scope, ())

    @property
    def typos(self) -> Choices:
        """The words a typo in a question may be read as (made again after a word comes or goes)."""
        if self._typos is None:
            self._typos = Choices([w for w in list(self.idf) if len(w) >= 4], WORD_TYPO_CUTOFF)
        return self._typos

    # ---- internals -----------------------------------------------------------------------------
    def _row(self, raw: Row) -> Indexed:
        regions = self._regions.get(raw[5] or "")
        if regions is None:  # a few hundred distinct region lists in a base: split each once
            regions = self._regions[raw[5] or ""] = tuple(raw[5].split(",")) if raw[5] else ()
        return Indexed(
            raw[0],
            raw[1],
            _intern(raw[2]),
            sys.intern(raw[3]),
            raw[4],
            regions,
            _intern(raw[6]),
            _intern(raw[7]),
            raw[8] or "",
            raw[9],
            _intern(raw[10]),
            self._claim(raw[11]),
        )

    def _claim(self, stored: str | None) -> Claim | None:
        """The claim of a row as stored (knowledge.store.search_index.claim_text), decoded once."""
        if not stored:
            return None
        if stored not in self._claims:
            self._claims[stored] = parse_claim(json.loads(stored))
        return self._claims[stored]

    def _add(self, row: Indexed) -> None:
        self.by_rowid[row.rowid] = row
        if row.scope:
            self.own_ids.setdefault(row.scope, set()).add(row.id)
        if not row.retired:
            self.of_platform[row.platform][row.rowid] = row
            self.live += 1

    def _remove(self, row: Indexed) -> set[str]:
        """Forget the row; returns the words whose counts changed."""
        del self.by_rowid[row.rowid]
        self._split.pop(row.rowid, None)
        if row.scope:
            self.own_ids.get(row.scope, set()).discard(row.id)
        if not row.retired:
            self.of_platform[row.platform].pop(row.rowid, None)
            self.live -= 1
        words = _words(row.stored_texts)
        for word in words:
            self.df[word] = self.df.get(word, 0) - 1
        return words


def _words(stored: str) -> set[str]:
    return set(stored.replace("|", " ").split())


def _intern(value: str | None) -> str | None:
    """Platforms, dates and steps repeat across many rows: one string each."""
    return sys.intern(value) if value else None
