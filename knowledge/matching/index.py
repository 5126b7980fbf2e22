"""Candidate facts for a question, from this process's copy of the search rows (knowledge.matching.memory).

SQLite stays the truth. The copy is read once (no fact's JSON decoded) and kept current by the change
log (knowledge.store.changes): before each question one pragma says whether any connection committed; if
one did, only the rows written since are read and the word counts adjusted. A full reload happens only on
a new epoch (the search rows rebuilt) or when the log was trimmed past this process's position. Whole
facts are decoded only for the few an answer shows.

A process that answers a question or two (`bot.py ask`) reads the rows `lazy`: the word counts and the
base's size at once, each platform's rows the first time a question needs them (reading all 100k rows was
0.35 s of a 0.6 s `ask`), and all of that again after any change, which costs it little.
"""

from __future__ import annotations

import gc
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from operator import attrgetter, itemgetter
from typing import Any, TypeVar

import numpy as np
from sqlite_utils import Database

from knowledge.collector import collector_paused
from knowledge.matching.deferred import deferred
from knowledge.matching.memory import Indexed, Rows, Split
from knowledge.matching.platforms import PlatformNames
from knowledge.model import Fact, with_scope
from knowledge.packs.format import parse_fact
from knowledge.reading.words import content_words
from knowledge.store import changes, search_rows
from knowledge.store.visibility import seen_rows

log = logging.getLogger(__name__)

__all__ = ["Indexed", "SearchIndex"]

# A platform with more facts than this is searched by word, not scored whole; also the facts about no
# platform scored for a question naming none. Each fact scored the first time costs ~12 us (its texts split
# and weighed): at 400, a platform of 350 facts or a question naming none was the slow 1% (3-9 ms), and
# the benchmark's top-1 was no better (100: 0-2 more right answers of 300 on every set).
MAX_CANDIDATES = 100
MAX_SHARING = 60  # of a bigger platform's, those sharing the most word weight, scored (100: no better)
MAX_UNNAMED_CANDIDATES = 40  # facts about no platform scored beside a named platform's own
MAX_QUESTION_WORDS = 40  # a 2,000-character post: its rarest words pick the candidates, not all 300
MAX_SCANNED = 3_000  # word-list entries summed for one search: rarest words first, then stop
DISTINCTIVE_SHARE = 10  # a word in at most 1/10 of the facts is distinctive
RAREST_WORDS = 4  # words that pick candidates across the whole base
FEW_ENTRIES = 200  # word-list entries summed in a dict rather than by numpy (same sums, same order)
FACTS_KEPT = 4_096  # whole facts kept, the least recently shown dropped first: ~10 MB, hundreds of answers

T = TypeVar("T")
_BY_ID = attrgetter("id")


class _State:
    """What every view of one base shares (each scope's, on each connection): the rows in memory and
    where they are in the log."""

    def __init__(self, lazy: bool) -> None:
        self.lock = threading.RLock()
        self.lazy = lazy  # rows read a platform at a time, as questions need them
        self.loaded: set[str | None] = set()  # the platforms read, when lazy
        # By connection: (data_version, that connection's total changes), which each counts its own way.
        self.seen: dict[Database, tuple[int, int]] = {}
        self.at: changes.Position | None = None
        self.rows: Rows | None = None
        self.names: PlatformNames | None = None
        self.lists: dict[str | None, dict[tuple[str, str | None], list[Indexed]]] = {}  # by platform
        self.memo: dict[str | None, dict[tuple[str, Any], Any]] = {}  # per-platform summaries
        self.unnamed: dict[str, _WordLookup] = {}  # by scope
        self.reloads = 0  # full reads of every row: once per process, unless the log cannot say
        self.facts: OrderedDict[tuple[str, str], Fact] = OrderedDict()  # by (scope asking, id), oldest first


class _WordLookup:
    """A few facts by word, in memory: those sharing the most word weight with a question, first.

    Sums are added word by word in the same order either way (the same floats), most weight first, then
    by id. A few dozen entries are summed in a dict; more by numpy, ranked in one sort: a question of
    common words sums thousands of entries, and a thousand facts may tie on the same total (1-3 ms as
    Python loops, the slowest questions at 100k facts), while numpy's calls cost more than a dict's for
    the usual handful (40 us of each question at 20k facts, a tenth of them in numpy's zeros alone)."""

    def __init__(self, rows: list[Indexed], weight: Callable[[str], float]):
        self._rows = sorted(rows, key=_BY_ID)  # a fact's place here is its rank by id: ties go by id
        by_word: dict[str, list[int]] = {}
        for at, row in enumerate(self._rows):
            for word in set(row.stored_texts.replace("|", " ").split()):
                by_word.setdefault(word, []).append(at)
        self._by_word = {word: np.array(ats, dtype=np.intp) for word, ats in by_word.items()}
        self._size = len(rows)
        self._weight = weight

    def sharing(self, qwords: set[str], limit: int) -> list[Indexed]:
        by_word = self._by_word
        found = sorted((w for w in qwords if w in by_word), key=lambda w: (len(by_word[w]), w))
        rare = [w for w in found if len(by_word[w]) <= self._size / 2]
        summing: list[str] = []  # rarest first, and no more than MAX_SCANNED entries once one is in
        scanned = 0
        for word in rare or found:
            if scanned and scanned + len(by_word[word]) > MAX_SCANNED:
                break
            scanned += len(by_word[word])
            summing.append(word)
        if scanned <= FEW_ENTRIES:
            totals: dict[int, float] = {}
            for word in summing:
                weight = self._weight(word)
                for at in by_word[word].tolist():
                    totals[at] = totals.get(at, 0.0) + weight
            best = sorted(totals, key=lambda at: (-totals[at], at))[:limit]
            return [self._rows[at] for at in best]
        sums = np.zeros(self._size)
        for word in summing:
            sums[by_word[word]] += self._weight(word)  # each fact once a word: no index repeats
        summed = np.flatnonzero(sums)  # every weight is above zero
        ranked = summed[np.lexsort((summed, -sums[summed]))[:limit]]  # most weight first, then by id
        return [self._rows[at] for at in ranked.tolist()]


class SearchIndex:
    """Finds the facts worth scoring for a question, as one scope sees the base ('' : the shared base, in
    DMs; a server's id: the shared facts it has not replaced and its own). Safe to share between threads.
    """

    def __init__(self, db: Database, scope: str, state: _State | None = None, *, lazy: bool = False):
        """`lazy`: read each platform's rows only when a question needs them (a short-lived process)."""
        self.db = db
        self.scope = scope
        self._state = state or _State(lazy)
        self._lock = self._state.lock
        self.refresh()

    def scoped(self, scope: str) -> SearchIndex:
        """The view of one server ('' : shared only); it shares this index's rows."""
        return self if scope == self.scope else SearchIndex(self.db, scope, self._state)

    def on(self, db: Database) -> SearchIndex:
        """This view through another connection to the same base (the readers' lane): it shares these
        rows and follows the same log, rather than holding a second copy of every row (tens of MB at
        100k facts, and a second read of them at start)."""
        return SearchIndex(db, self.scope, self._state)

    # ---- keeping up with the base -------------------------------------------------------------
    def refresh(self) -> bool:
        """Bring the rows in memory up to date with the base; True when anything changed.

        One pragma when nothing changed (call it before every question); the changed rows otherwise.
        """
        state = self._state
        if state.rows is not None and state.rows.grown:
            # What questions made to keep (rows split, word lists) lives as long as the rows: moved out
            # of the collector's way like the rows themselves, or each full collection walks it again
            # (10-15 ms at 100k facts, every few hundred questions).
            state.rows.grown = False
            gc.freeze()
        seen = search_rows.seen(self.db)
        if state.seen.get(self.db) == seen and state.rows is not None:
            return False
        with self._lock:
            state.seen[self.db] = seen
            if state.rows is None or state.at is None:
                self._reload()
                return True
            pending = changes.since(self.db, state.at)
            if state.lazy and (pending is None or pending.rows or pending.platforms):
                self._reload()  # the counts and size again, and each platform's rows when next asked
                return True
            if pending is None:
                log.info("search rows read again: the change log no longer reaches this process")
                self._reload()
                return True
            if not pending.rows and not pending.platforms:
                state.at = state.at._replace(seq=pending.seq)
                return False
            self._apply(pending)
            return True

    def _reload(self) -> None:
        state = self._state
        with collector_paused():  # hundreds of thousands of new objects and no cycles
            at = changes.position(self.db)
            rows = Rows()
            if state.lazy:
                live = search_rows.live_count(self.db)
                rows.load_part(search_rows.server_rows(self.db), search_rows.vocabulary(self.db), live)
            else:
                rows.load(search_rows.every_row(self.db), search_rows.vocabulary(self.db))
            state.rows, state.at, state.loaded = rows, at, set()
            state.names = PlatformNames(search_rows.platforms(self.db))
            state.lists, state.memo, state.unnamed = ({} if state.lazy else _shared_lists(rows)), {}, {}
            state.facts.clear()
            state.reloads += 1
            # What was just loaded lives as long as the process: the collector need not walk it again
            # (each full collection over caches like it took 25-61 ms at 100k facts).
            gc.freeze()
        log.debug("search rows loaded: %d live rows, %d words", rows.live, len(rows.df))

    def _apply(self, pending: changes.Pending) -> None:
        state = self._state
        assert state.rows is not None and state.at is not None
        found = search_rows.rows_by_id(self.db, pending.rows)
        gone = sorted(set(pending.rows) - {r[0] for r in found})
        ids = {r[1] for r in found} | {row.id for r in gone if (row := state.rows.by_rowid.get(r))}
        for key in [k for k in state.facts if k[1] in ids]:  # a changed fact is decoded again
            del state.facts[key]
        touched = state.rows.apply(found, gone)
        state.at = state.at._replace(seq=pending.seq)
        scopes = {r[9] for r in found if r[9]}
        for platform in touched:
            state.lists.pop(platform, None)
            state.memo.pop(platform, None)
        for kept in (*state.lists.values(), *state.memo.values()):  # a server's row hides a shared one
            for key in [k for k in kept if k[0] in scopes]:  # of any platform there
                del kept[key]
        if None in touched or scopes:
            state.unnamed = {}
        if pending.platforms:
            state.names = PlatformNames(search_rows.platforms(self.db))
        log.debug("search rows: %d changed, %d gone", len(found), len(gone))

    def _words_in(self, platform: str | None, word: str) -> list[int]:
        return search_rows.rows_using(self.db, platform, word)

    def _words_in_each(self, platform: str | None, words: list[str]) -> list[list[int]]:
        return search_rows.rows_using_each(self.db, platform, words)

    @property
    def reloads(self) -> int:
        """How many times this process read the search rows anew (1 unless the log could not say; a lazy
        index, after every change)."""
        return self._state.reloads

    @property
    def small(self) -> bool:
        """Every row read at once and few enough to make at once what questions need of them (the rows
        split and weighed, the rows using each word): then per-platform summaries pay to be made too."""
        return not self._state.lazy and self._rows.small

    @property
    def rows_in_memory(self) -> int:
        """How many search rows this process holds: every one, unless it reads them lazily."""
        return len(self._rows.by_rowid)

    def _live_rows(self, platform: str | None) -> dict[int, Indexed]:
        """The live rows of one platform (None: of none) by row id, read first if this index is lazy."""
        state, rows = self._state, self._rows
        if state.lazy and platform not in state.loaded:
            with self._lock:
                if platform not in state.loaded:
                    rows.add(search_rows.rows_of_platform(self.db, platform))
                    state.loaded.add(platform)
        return rows.of_platform.get(platform, {})

    @property
    def _rows(self) -> Rows:
        assert self._state.rows is not None
        return self._state.rows

    # ---- reading a question --------------------------------------------------------------------
    @property
    def names(self) -> PlatformNames:
        assert self._state.names is not None
        return self._state.names

    def question_words(self, text: str) -> list[str]:
        """Content words of the question, typos mapped to the base's own vocabulary."""
        rows = self._rows
        idf = rows.idf
        out: list[str] = []
        for w in content_words(text):
            known = w if w in idf or len(w) < 5 else rows.typos.closest(w)  # of its first letter
            out.append(known if known is not None else w)
        return out

    def weight(self, word: str) -> float:
        return self._rows.weight(word)

    @property
    def texts(self) -> Callable[[Indexed], Split]:
        """A row's texts as word tuples, and each text's summed word weight (made once per row): the rows'
        own method, called once per candidate with no call of this view's in between."""
        return self._rows.split

    def facts_using(self, word: str) -> int:
        """How many facts' texts use the word (retired ones and other servers' too)."""
        return self._rows.df.get(word, 0)

    def only_in(self, platform: str, word: str) -> bool:
        """Whether every fact using the word is the platform's (counted as `facts_using` counts: retired
        facts and other servers' too), read from the word's list, not by scanning the platform's facts."""
        rows = self._rows
        total = rows.df.get(word, 0)
        if not total:
            return False
        with self._lock:
            return len(rows.using(platform, word, self._words_in)) >= total

    def is_distinctive(self, word: str) -> bool:
        """A word that at most a tenth of the facts use: it says what a question is about."""
        rows = self._rows
        return rows.df.get(word, 0) * DISTINCTIVE_SHARE <= rows.live

    # ---- candidates ------------------------------------------------------------------------------
    def candidates(self, platform: str | None, qwords: set[str]) -> list[Indexed]:
        """The facts worth scoring: a named platform's (those sharing most words, if it has many), and
        the few facts about no platform sharing most; with no platform named, the facts about no
        platform sharing words, and the few of any platform sharing the most."""
        if platform is None:
            unnamed = self._unnamed().sharing(qwords, MAX_CANDIDATES)
            named = self._sharing(qwords, None, MAX_UNNAMED_CANDIDATES)
            return _unique([*unnamed, *named])
        if len(self._live_rows(platform)) <= MAX_CANDIDATES:
            own = self.rows(platform)
        else:
            own = self._sharing(qwords, platform, MAX_SHARING) or self.rows(platform)[:MAX_CANDIDATES]
        # the platform's rows and the facts about no platform: none in both, so nothing to merge
        return [*own, *self._unnamed().sharing(qwords, MAX_UNNAMED_CANDIDATES)]

    def _unnamed(self) -> _WordLookup:
        """The facts about no platform (regulators, legal ideas), looked up by word: asked beside every
        question, and few (five in the embedded pack, about 1% of a big base)."""
        state = self._state
        found = state.unnamed.get(self.scope)
        if found is None:
            found = state.unnamed[self.scope] = _WordLookup(self.rows(None), self._rows.weight)
        return found

    def rows(self, platform: str | None, topic: str | None = None) -> list[Indexed]:
        """Every live fact of one platform (None: of no platform) this scope sees, of one topic if given,
        by id; kept until that platform changes (a topic's rows taken from the whole list, not sorted again)."""
        state = self._state
        key = (self.scope, topic)
        with self._lock:
            by_platform = state.lists.setdefault(platform, {})
            found = by_platform.get(key)
            if found is None:
                if topic is not None:
                    found = [r for r in self.rows(platform) if r.topic == topic]
                else:
                    rows, scope = self._rows, self.scope
                    live = self._live_rows(platform).values()
                    if scope or rows.own_ids:  # some server has rows of its own: each row is checked
                        found = [r for r in live if rows.visible(r, scope)]
                    else:  # the shared base alone, seen from it (DMs, the CLI): every row is visible
                        found = list(live)
                    found.sort(key=_BY_ID)
                by_platform[key] = found
        return found

    def remembered(self, platform: str | None, key: Any, compute: Callable[[], T]) -> T:
        """`compute()` for this scope, platform and key (a summary of the platform's facts on a day),
        kept until that platform's facts change."""
        with self._lock:
            memo = self._state.memo.setdefault(platform, {})
            full = (self.scope, key)
            if full not in memo:
                memo[full] = compute()
            return memo[full]

    def _sharing(self, qwords: set[str], platform: str | None, limit: int) -> list[Indexed]:
        """Up to `limit` live facts of `platform` (None: of any) sharing the most word weight with the
        question: a pruned top-k over the rows using each word, rarest word first, at most MAX_SCANNED
        entries summed (a word in thousands of a big platform's facts picks none of them).

        Across the whole base only the rarest few words each in under a tenth of it count (a question of
        common words only is no near-verbatim match of one platform's fact); within a platform, any but
        the words in over half of its facts ("ai", its name).
        """
        rows = self._rows
        df = rows.df
        totals: dict[int, float] = {}
        scanned = 0
        with self._lock:
            if platform is None:
                known = sorted((w for w in qwords if w in df), key=lambda w: (df[w], w))
                picking = [w for w in known if self.is_distinctive(w)][:RAREST_WORDS]
            else:
                # Platform names are in every one of their facts: they pick none. The word lists are
                # read rarest first (FTS5, once per platform and word) and only while they are needed.
                names = self.names.name_words
                known = sorted((w for w in qwords if w in df and w not in names), key=lambda w: (df[w], w))
                rare = [w for w in known if df[w] <= rows.live / 2]
                picking = (rare or known)[:MAX_QUESTION_WORDS]
            size = len(self._live_rows(platform)) if platform is not None else rows.live
            most = size / 2 if platform is not None else rows.live
            # The first words' lists are read in one statement: while their counts add up to no more than
            # MAX_SCANNED, the loop below cannot stop before reading each of them. Within a platform a
            # word is in no more of its rows than the platform has (give or take a retired one or a
            # server's: a list read ahead that the loop would not have read changes nothing), so a big
            # platform's common words are read together too (at 100k: three statements a question less).
            sure, bound = [], 0
            for word in picking:
                bound += min(df[word], size)
                if bound > MAX_SCANNED:
                    break
                sure.append(word)
            rows.read_ahead(platform, sure, self._words_in_each)
            for word in picking:
                using = rows.using(platform, word, self._words_in)
                if not using or len(using) > most:  # in over half the platform's facts: no pick
                    continue
                if scanned and scanned + len(using) > MAX_SCANNED:
                    break
                scanned += len(using)
                weight = rows.weight(word)
                for rowid in using:
                    totals[rowid] = totals.get(rowid, 0.0) + weight
            if self._state.lazy and platform is None:  # rows of platforms no question has needed yet
                rows.add(search_rows.rows_by_id(self.db, [r for r in totals if r not in rows.by_rowid]))
            by_rowid, scope = rows.by_rowid, self.scope

            def visible(rowid: int) -> Indexed | None:
                row = by_rowid.get(rowid)
                return row if row is not None and not row.retired and rows.visible(row, scope) else None

            # The shared base seen from itself, with no server's rows anywhere: every live row of the
            # platform is seen, and a dict lookup in C says which (a Python call each was most of _top).
            plain = platform is not None and not scope and not rows.own_ids
            return _top(totals, limit, self._live_rows(platform).get if plain else visible)

    # ---- the facts themselves ----------------------------------------------------------------------
    def facts_of(self, rows: list[Indexed]) -> list[Fact]:
        """The facts of these rows: those decoded lately as they are, the others deferred (what their rows
        say at once, the rest decoded the first time it is read: knowledge.matching.deferred)."""
        kept, decode = self._state.facts, self._decoded
        with self._lock:
            found = [kept.get((self.scope, row.id)) for row in rows]
        return [
            fact if fact is not None else deferred(row, decode) for row, fact in zip(rows, found, strict=True)
        ]

    def _decoded(self, fact_id: str) -> Fact:
        found = self.facts([fact_id]).get(fact_id)
        if found is None:  # its row is in memory, so its revision is in the base: facts are never deleted
            raise LookupError(f"fact {fact_id!r} has a search row but no revision")
        return found

    def facts(self, ids: list[str]) -> dict[str, Fact]:
        """Full facts by id as this scope sees them (its own version first): only those an answer shows
        are decoded, and the last FACTS_KEPT of them kept until they change."""
        kept = self._state.facts
        found: dict[str, Fact] = {}
        missing: list[str] = []
        with self._lock:
            for fid in dict.fromkeys(ids):
                fact = kept.get((self.scope, fid))
                if fact is None:
                    missing.append(fid)
                else:
                    kept.move_to_end((self.scope, fid))
                    found[fid] = fact
        for fid, (data, scope) in seen_rows(self.db, self.scope, missing, "data").items():
            found[fid] = with_scope(parse_fact(json.loads(data)), scope)
        with self._lock:
            for fid in missing:
                if fid in found:
                    kept[(self.scope, fid)] = found[fid]
            while len(kept) > FACTS_KEPT:
                kept.popitem(last=False)
        return found


def _shared_lists(rows: Rows) -> dict[str | None, dict[tuple[str, str | None], list[Indexed]]]:
    """Every platform's live rows by id as the shared base sees them (what `rows` makes for it), made with
    the rows rather than by a platform's first question: 23 ms at 100k facts, ~2% of a first question.
    Each topic's rows too, in the same order (`rows(platform, topic)`): 5 ms more at 20k facts, where a
    platform's first question made them (17 us of a first question, against 2 once made)."""
    if rows.own_ids:  # a server's own rows are in the base: the shared view leaves them out, as `rows` does
        return {}
    lists: dict[str | None, dict[tuple[str, str | None], list[Indexed]]] = {}
    for platform, live in rows.of_platform.items():
        every = sorted(live.values(), key=_BY_ID)
        kept = lists[platform] = {("", None): every}
        for row in every:
            topic = kept.get(("", row.topic))
            if topic is None:
                kept[("", row.topic)] = [row]
            else:
                topic.append(row)
    return lists


K = TypeVar("K")


def _top(totals: dict[K, float], limit: int, live: Callable[[K], Indexed | None]) -> list[Indexed]:
    """The `limit` rows `live` accepts with the most word weight, ties by id: the totals sorted in C,
    most first, and only those down to the limit-th accepted one looked at (a big platform's question
    sums thousands of rows; ordering them all by a Python key was a millisecond or two)."""
    picked: list[tuple[float, str, Indexed]] = []  # (-total, id, row): ordered as tuples, in C
    for key, total in sorted(totals.items(), key=itemgetter(1), reverse=True):
        if len(picked) >= limit and total < -picked[limit - 1][0]:
            break
        row = live(key)
        if row is not None:
            picked.append((-total, row.id, row))
    picked.sort()  # ids differ (a scope sees one row of a fact), so rows themselves are never compared
    return [row for _, _, row in picked[:limit]]


def _unique(rows: list[Indexed]) -> list[Indexed]:
    return list({r.rowid: r for r in rows}.values())
