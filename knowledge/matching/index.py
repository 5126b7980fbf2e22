"""Find the facts that answer a question: platform (typos too), intent, and ranked, date-valid facts.

The index is built once per fact-base generation. A question is scored only against the facts of its
platform (or, with no platform named, against facts sharing a rare word with it), so the cost stays flat
as the base grows.
"""

from __future__ import annotations

import heapq
import math
import re
import sys
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from itertools import chain, filterfalse, groupby, islice, repeat
from typing import NamedTuple

from rapidfuzz import fuzz, process, utils

from knowledge.model import Fact, Platform
from knowledge.regions import GLOBAL, coverage
from knowledge.text import STOPWORDS, content_words, words

TYPO_CUTOFF = 84  # rapidfuzz ratio for "linkdin" -> "linkedin"; "credit" vs "reddit" stays out
WORD_TYPO_CUTOFF = 86
MAX_CANDIDATES = 400
MAX_UNNAMED_CANDIDATES = 40  # facts about no platform scored beside a named platform's own
PRUNE_AT = 10  # looking one fact up in long postings costs about as much as reading 10 of them
_ROUNDING = 1e-9  # far above the float error of summing a question's word weights, far below a weight
MAX_REMEMBERED_WORDS = 20_000  # typo lookups kept per index: a few MB at most
TOPIC_BONUS = 20.0
TOPIC_WEIGHTS = (1.0, 0.5, 0.25)  # the intent's best-fitting topic first
REGION_BONUS = {3: 15.0, 2: 12.0, 1: 0.0}
UNKNOWN_WORD_WEIGHT = 1.0  # a word no fact uses (a city, a typo we could not place) counts a little
# Topics that say what happens to the asker's own data: here a fact for a specific region replaces a
# global one ("global" means everywhere no more specific fact covers).
PERSONAL_TOPICS = frozenset(("status", "opt-out"))
# A region-specific fact is "on the same subject" as a global one when it is at least this similar to the
# question, absolutely and relative to the global fact ("does WhatsApp read my messages" keeps its
# global fact for a UK asker; "is LinkedIn using my data, I'm in Lyon" gets the EEA one).
ALTERNATIVE_MIN_SIMILARITY = 0.12
ALTERNATIVE_RELATIVE_SIMILARITY = 0.35
CLARIFY_RELATIVE_SIMILARITY = 0.6  # asking "where are you?" needs a closer alternative than swapping does
ABOUT_SOMEONE_TOPICS = frozenset(("regulator", "background", "timeline"))
# Topics that answer each intent; the first listed fits best.
INTENT_TOPICS = {
    "opt-out": ("opt-out", "objection", "status"),
    "objection": ("objection", "opt-out"),
    "regulator": ("regulator",),
    "timeline": ("timeline", "background"),
    "status": ("status",),
    "regions": ("status",),
}


class Scored(NamedTuple):
    """A fact and how well it answers the question (a tuple: made for every fact scored, it is cheap)."""

    fact: Fact
    score: float
    similarity: float
    region_rank: int


@dataclass(slots=True)
class _Entry:
    """A fact in the index: each of its texts as its distinct content words, and their total weight."""

    fact: Fact
    texts: tuple[tuple[str, ...], ...]
    weights: array[float] = field(default_factory=lambda: array("d"))


class Matcher:
    """An index over one set of facts, built once and queried many times."""

    def __init__(self, facts: list[Fact], platforms: list[Platform]):
        self.platforms = {p.id: p for p in platforms}
        self._aliases: dict[str, str] = {}
        short_names: dict[str, str] = {}  # "X": case-sensitive, whole-word only
        for p in platforms:
            for name in (p.id, p.name, *p.aliases):
                key = " ".join(words(name))
                if not key:
                    continue
                if len(key) <= 2:
                    short_names[name] = p.id
                else:
                    self._aliases.setdefault(key, p.id)
        self._short_names = [(name, _whole_word(name), pid) for name, pid in short_names.items()]
        self._name_words = frozenset(w for alias in self._aliases for w in alias.split())
        self._name_starts = frozenset(alias.split(" ", 1)[0] for alias in self._aliases if " " in alias)
        self._typo_choices = _Choices([k for k in self._aliases if " " not in k and len(k) >= 4], TYPO_CUTOFF)
        self._entries: list[_Entry] = []
        self._by_platform: dict[str | None, array[int]] = defaultdict(lambda: array("i"))
        self._by_topic: dict[tuple[str | None, str], array[int]] = defaultdict(lambda: array("i"))
        # (platform, word) -> entries; only where _overlap looks: "*" (all), None, and big platforms.
        self._postings: dict[tuple[str | None, str], array[int]] = defaultdict(lambda: array("i"))
        df: dict[str, int] = defaultdict(int)
        # Memory, for bases of 100k facts: each word once per text, as one shared string (a base repeats a
        # few thousand words millions of times), a tuple a third of a frozenset's size, the same tuple for
        # the same words (sibling facts share phrasings), arrays where Python lists would hold objects.
        same: dict[tuple[str, ...], tuple[str, ...]] = {}
        for fact in facts:
            if fact.retired:
                continue
            texts = tuple(
                same.setdefault(words, words)
                for words in (
                    tuple(map(sys.intern, frozenset(content_words(text))))
                    for text in (fact.question, *fact.variants)
                )
            )
            entry = _Entry(fact, texts)
            idx = len(self._entries)
            self._entries.append(entry)
            self._by_platform[fact.platform].append(idx)
            self._by_topic[(fact.platform, fact.topic)].append(idx)
            for w in _bag(entry):
                df[w] += 1
                self._postings[("*", w)].append(idx)
                if fact.platform is None:
                    self._postings[(None, w)].append(idx)
        for platform, pool in self._by_platform.items():
            if platform is not None and len(pool) > MAX_CANDIDATES:
                for idx in pool:
                    for w in _bag(self._entries[idx]):
                        self._postings[(platform, w)].append(idx)
        # The few facts searched that lack a common word (one in over half of them): _overlap adds a
        # common word's weight to every fact but those, without a pass over its long postings.
        self._lacking: dict[tuple[str | None, str], array[int]] = {}
        for (key, w), postings in self._postings.items():
            searched = self._searched(key)
            if len(postings) > len(searched) / 2:
                self._lacking[(key, w)] = _complement(searched, postings)
        n = max(len(self._entries), 1)
        self._idf = {w: math.log(1 + n / c) for w, c in df.items()}
        self._vocab = _Choices([w for w in self._idf if len(w) >= 4], WORD_TYPO_CUTOFF)
        for entry in self._entries:  # summed once here, not for every question that meets the fact
            entry.weights = array("d", (sum(self._weight(w) for w in words) for words in entry.texts))

    # ---- reading the question --------------------------------------------------------------------
    def detect_platforms(self, text: str) -> list[str]:
        """Platforms named in the text, in order of first mention; typos and aliases allowed."""
        found: list[tuple[int, str]] = []
        toks = words(text)
        used: set[int] = set()
        for size in (3, 2, 1):
            for start in range(len(toks) - size + 1):
                if size > 1 and toks[start] not in self._name_starts:
                    continue  # no name of several words begins with this one
                pid = self._aliases.get(" ".join(toks[start : start + size]))
                span = range(start, start + size)
                if pid and not used.intersection(span):
                    used.update(span)
                    found.append((start, pid))
        for name, pattern, pid in self._short_names:
            if name not in text:  # rules out almost every name, at a fraction of the cost of a search
                continue
            m = pattern.search(text)
            if m:
                found.append((len(words(text[: m.start()])), pid))
        for i, tok in enumerate(toks):
            if i in used or len(tok) < 5 or tok in STOPWORDS:
                continue
            alias = self._typo_choices.closest(tok)
            if alias and alias[0] == tok[0]:
                found.append((i, self._aliases[alias]))
        found.sort()
        return list(dict.fromkeys(pid for _, pid in found))

    def question_words(self, text: str) -> list[str]:
        """Content words of the question, with typos mapped to the base's own vocabulary."""
        out: list[str] = []
        for w in content_words(text):
            known = w if w in self._idf or len(w) < 5 else self._vocab.closest(w)
            out.append(w if known is None else known)
        return out

    # ---- ranking -----------------------------------------------------------------------------------
    def rank(
        self,
        question: str,
        *,
        platform: str | None,
        region: str | None,
        as_of: date,
        intents: set[str],
        limit: int = 8,
    ) -> list[Scored]:
        """Facts valid on `as_of` that cover `region` (any region when None), best first."""
        qwords = self.question_words(question)
        qset = set(qwords)
        candidates, shares = self._candidates(platform, qset)
        topic_bonus_of = _topic_bonuses(intents)
        qweights = {w: self._weight(w) for w in qset}
        qweight = sum(qweights.values()) or 1.0
        dice = partial(_dice, qweights.get, qweight)
        covers: dict[tuple[str, ...], int] = {}  # coverage by region list: a few hundred lists, many facts
        scored: list[Scored] = []
        entry_of: dict[str, _Entry] = {}  # of the scored facts, by id, for _tiebreak
        keep = max(limit, 1)
        kept: list[float] = []  # the best `keep` scores that no filter can drop: a floor for the rest
        best_global: dict[str | None, float] = {}  # platform -> its closest global status/opt-out fact
        for idx in candidates:
            entry = self._entries[idx]
            fact = entry.fact
            # The region first: it rules out more facts than anything else, for less.
            if region:
                rank = covers.get(fact.regions)
                if rank is None:
                    rank = covers[fact.regions] = coverage(fact.regions, region)
                if rank == 0:
                    if not _about_anyone(fact):
                        continue
                    rank = 1  # a regulator or a legal idea: worth knowing wherever the asker lives
                region_bonus = REGION_BONUS[rank]
            else:
                rank, region_bonus = 0, 0.0
            if not fact.valid_on(as_of):
                continue
            topic_bonus = topic_bonus_of.get(fact.topic, 0.0)
            # A fact found by shared words is not worth scoring when even sharing all it can with the
            # question it stays below the top, unless it is a status or opt-out fact that could change
            # what the region filter drops (see _cannot_sway).
            share = shares.get(idx)
            if share is not None and len(kept) >= keep:
                least = min(entry.weights, default=share)
                filtered = bool(region) and fact.topic in PERSONAL_TOPICS
                if _best_case(share, qweight, least, region_bonus + topic_bonus) < kept[0] and (
                    not filtered
                    or _cannot_sway(
                        rank, _most_similar(share, qweight, least), best_global.get(fact.platform, 0.0)
                    )
                ):
                    continue
            sim = max(map(dice, entry.texts, entry.weights), default=0.0)
            score = 100.0 * sim + region_bonus + topic_bonus
            scored.append(Scored(fact, score, sim, rank))
            entry_of[fact.id] = entry
            if rank == 1 and fact.topic in PERSONAL_TOPICS:  # a global status/opt-out fact: may be dropped
                best_global[fact.platform] = max(best_global.get(fact.platform, 0.0), sim)
            elif len(kept) < keep:
                heapq.heappush(kept, score)
            else:
                heapq.heappushpop(kept, score)
        if region:
            scored = _specific_replaces_global(scored, best_global)
        if len(kept) >= keep:  # `keep` facts score at least kept[0] and stay: none below can make the top
            scored = [s for s in scored if s.score >= kept[0]]
        scored.sort(key=lambda s: (-s.score, s.fact.id))
        top = scored[:keep]
        if top and qwords:
            top = self._tiebreak(" ".join(sorted(qset)), top, entry_of)
        return top

    def shared_words(self, question: str, fact: Fact) -> set[str]:
        """Words the question shares with a fact's phrasings, platform names left out."""
        qset = set(self.question_words(question)) - self._name_words
        return {
            w for toks in map(set, map(content_words, (fact.question, *fact.variants))) for w in toks & qset
        }

    def facts_of(self, platform: str | None) -> list[Fact]:
        """Every live fact about one platform (None: facts about no platform)."""
        return [self._entries[i].fact for i in self._by_platform.get(platform, ())]

    def facts_on(self, platform: str | None, topic: str) -> list[Fact]:
        """Every live fact about one platform and topic (a big platform has thousands of others)."""
        return [self._entries[i].fact for i in self._by_topic.get((platform, topic), ())]

    def valid_facts(self, platform: str | None, as_of: date) -> list[Fact]:
        return [f for f in self.facts_of(platform) if f.valid_on(as_of)]

    def _candidates(self, platform: str | None, qset: set[str]) -> tuple[list[int], dict[int, float]]:
        """Facts to score, and for those found by shared words, the most weight each can share."""
        if platform is None:
            # No platform named: facts about no one platform, and the few platform facts sharing the
            # most with the question (only a near-verbatim match of those is ever answered).
            unnamed, shares = self._overlap(None, qset)
            named, named_shares = self._overlap("*", qset, limit=MAX_UNNAMED_CANDIDATES)
            return list(dict.fromkeys([*unnamed, *named])), {**named_shares, **shares}
        pool: Sequence[int] = self._by_platform.get(platform, ())
        pool_shares: dict[int, float] = {}
        if len(pool) > MAX_CANDIDATES:  # a big platform: its facts that share the most with the question
            found, pool_shares = self._overlap(platform, qset)
            pool = found or pool[:MAX_CANDIDATES]
        # Facts about no one platform (a regulator, a legal idea) may answer a platform question too:
        # the few that share the most with it.
        others, shares = self._overlap(None, qset, limit=MAX_UNNAMED_CANDIDATES)
        return [*pool, *others], {**pool_shares, **shares}

    def _overlap(
        self, key: str | None, qset: set[str], limit: int = MAX_CANDIDATES
    ) -> tuple[list[int], dict[int, float]]:
        """Facts sharing words with the question, most shared weight first (the inverted index), and
        the most weight each can share with it.

        A word in over half of the facts searched ("ai", "train") adds about the same small weight to
        most of them and costs a pass over most of the base: it picks candidates only when the question's
        rarer words found fewer than `limit` facts. It still counts in the score.
        """
        searched = self._searched(key)
        rare: list[tuple[float, array[int]]] = []
        common: list[tuple[float, array[int]]] = []  # (weight, the facts searched that lack the word)
        for w in qset:
            postings = self._postings.get((key, w))
            if not postings:
                continue
            if len(postings) > len(searched) / 2:
                common.append((self._weight(w), self._lacking[(key, w)]))
            else:
                rare.append((self._weight(w), postings))
        found, weights = _top_weighted(rare, limit)
        slack = sum(weight for weight, _ in common)
        if len(found) < limit:  # the rarer words found too few facts: the common ones pick too
            found, weights = _top_with_common(common, rare, limit, searched)
            slack = 0.0
        return found, {idx: weights[idx] + slack for idx in found}

    def _searched(self, key: str | None) -> Sequence[int]:
        """The facts _overlap searches for a key of the postings ("*": all), ascending."""
        return range(len(self._entries)) if key == "*" else self._by_platform.get(key, ())

    def _weight(self, word: str) -> float:
        return self._idf.get(word, UNKNOWN_WORD_WEIGHT)

    def _tiebreak(self, qjoined: str, top: list[Scored], entry_of: dict[str, _Entry]) -> list[Scored]:
        """Near-equal scores: prefer the fact whose wording is closest (rapidfuzz on sorted words).

        `top` is sorted by score, so each band of near-equal scores is a run of it, and the bands are
        in order already: only a band of two or more facts needs their wordings compared.
        """

        def closeness(s: Scored) -> float:
            entry = entry_of.get(s.fact.id)
            texts = entry.texts if entry and entry.fact is s.fact else _texts_of(s.fact)
            entry_texts = [" ".join(sorted(t)) for t in texts]
            best = process.extractOne(
                qjoined, entry_texts, scorer=fuzz.token_set_ratio, processor=utils.default_process
            )
            return best[1] if best else 0.0

        out: list[Scored] = []
        for _, band in groupby(top, key=lambda s: round(s.score / 3.0)):
            facts = list(band)
            if len(facts) > 1:
                facts.sort(key=closeness, reverse=True)
            out.extend(facts)
        return out


class _Choices(list[str]):
    """Words to look a typo up in, in order, with the ones of a length that could be close enough.

    fuzz.ratio(a, b) is at most 200 * min(len(a), len(b)) / (len(a) + len(b)), so for a word of length
    n only some lengths can reach the cutoff: extractOne over those alone finds the same best match,
    without comparing against every word of a base of 100k facts.
    """

    def __init__(self, words: list[str], cutoff: float):
        super().__init__(words)
        self._cutoff = cutoff
        self._length_cutoff = cutoff - 1e-9  # the bound is exact; keep the edge despite float rounding
        self._at_length: dict[int, list[int]] = defaultdict(list)  # length -> positions of those choices
        for at, w in enumerate(words):
            self._at_length[len(w)].append(at)
        self._by_length: dict[int, list[str]] = {}
        self._closest: dict[str, str | None] = {}

    def closest(self, word: str) -> str | None:
        """The choice most like `word` (the first of equals) when it reaches the cutoff, else None.

        Remembered: questions repeat the same few thousand words, and each lookup compares the word
        with every choice of a near length (thousands, in a big base). The memory is bounded.
        """
        try:
            return self._closest[word]
        except KeyError:
            pass
        best = process.extractOne(
            word, self.near(word), scorer=fuzz.ratio, score_cutoff=self._cutoff, processor=None
        )
        if len(self._closest) >= MAX_REMEMBERED_WORDS:
            self._closest.clear()
        found = self._closest[word] = best[0] if best else None
        return found

    def near(self, word: str) -> list[str]:
        n = len(word)
        if n not in self._by_length:
            # By length, not choice by choice: a new length cost a question 2 ms in a base of 100k facts,
            # most of it in reading every choice's string out of memory. Still in the choices' order.
            fits = [m for m in self._at_length if 200 * min(n, m) / (n + m) >= self._length_cutoff]
            self._by_length[n] = [
                self[at] for at in sorted(chain.from_iterable(map(self._at_length.get, fits)))
            ]
        return self._by_length[n]


def _complement(searched: Sequence[int], postings: array[int]) -> array[int]:
    """The entries of `searched` not in `postings` (both ascending, postings a part of searched), by
    one walk over both: no set of 100k entries at index time."""
    lacking = array("i")
    have = iter(postings)
    next_had = next(have, None)
    for idx in searched:
        if idx == next_had:
            next_had = next(have, None)
        else:
            lacking.append(idx)
    return lacking


def _whole_word(name: str) -> re.Pattern[str]:
    """`name` as a word of its own, case-sensitive: "X" but not "Xbox", "X's" or "@X"."""
    return re.compile(rf"(?<![\w@#]){re.escape(name)}(?![\w'])")


def _dice(
    qweight_of: Callable[[str, float], float], qweight: float, words: tuple[str, ...], tweight: float
) -> float:
    """Weighted Dice overlap of the question's words and one text's; both totals are known ahead."""
    shared = sum(map(qweight_of, words, repeat(0.0)))  # each word's weight if the question has it, else 0
    return 2.0 * shared / (qweight + tweight) if shared else 0.0


def _best_case(share: float, qweight: float, least_text_weight: float, bonus: float) -> float:
    """The most a fact can score sharing at most `share` word weight with the question."""
    return 100.0 * _most_similar(share, qweight, least_text_weight) + bonus


def _most_similar(share: float, qweight: float, least_text_weight: float) -> float:
    """The most similar a fact can be sharing at most `share` word weight with the question: its dice
    with a text is 2 * shared / (qweight + the text's weight), and shared is at most the text's weight
    too. A hair over, so that float rounding never drops a fact that ties."""
    return 2.0 * share / (qweight + max(share, least_text_weight)) + 1e-8


def _cannot_sway(region_rank: int, most_similar: float, best_global: float) -> bool:
    """Whether a status/opt-out fact, left unscored, surely leaves _specific_replaces_global's choice as
    it is. The best global similarity can only grow as facts are scored: a global fact no more similar
    than the best so far cannot raise it, and a specific one not similar enough to replace even that
    cannot replace the best in the end."""
    if region_rank == 1:
        return most_similar <= best_global
    return not _same_subject(most_similar, best_global)


def _top_weighted(words: list[tuple[float, array[int]]], limit: int) -> tuple[list[int], dict[int, float]]:
    """The `limit` entries with the most summed weight of the words (weight, postings) they have, most
    first (ties in the order the longest postings list them), and the summed weights of at least those.

    A light word can have postings of half the base ("model", in a base about AI). Then only the
    entries that could make the top are summed (see _contenders), each exactly as if all were: the same
    additions in the same order, so the same weights and the same ties.
    """
    words = sorted(words, key=lambda word: len(word[1]), reverse=True)
    contenders = _contenders(words, limit)
    if contenders is not None:
        words = [(weight, _members(postings, contenders)) for weight, postings in words]
    weights = _sum_weights(words)
    return sorted(weights, key=weights.__getitem__, reverse=True)[:limit], weights


def _top_with_common(
    common: list[tuple[float, array[int]]],
    rare: list[tuple[float, array[int]]],
    limit: int,
    searched: Sequence[int],
) -> tuple[list[int], dict[int, float]]:
    """_top_weighted(rare + common words) for `searched`, each common word (in over half the entries
    searched) given by the few entries that lack it: (weight, lacking).

    Common words have the longest postings, so _sum_weights adds them first: every entry's total starts
    from the sum of the common words it has, which for all but the few lacking one is the sum of them
    all. Only those few and the entries with a rare word are summed one by one, with the same additions
    in the same order. The others tie, in the order `searched` lists them: only the first `limit` of
    them can make the top. Ties go as in _sum_weights' dict, by the first word an entry has, then by
    entry.
    """
    common = sorted(common, key=lambda word: len(word[1]))  # longest postings first: fewest lacking
    rare = sorted(rare, key=lambda word: len(word[1]), reverse=True)
    full = 0.0
    for weight, _ in common:
        full += weight
    lacks: dict[int, int] = {}  # entry -> the common words it lacks, as bits (1 << their position)
    for bit, (_, lacking) in enumerate(common):
        for idx in lacking:
            lacks[idx] = lacks.get(idx, 0) | 1 << bit
    start_of: dict[int, float] = {}  # lacks -> the sum of the common words it leaves, in order
    first_of: dict[int, int] = {}  # lacks -> the first common word it leaves, if any
    for mask in set(lacks.values()):
        start = 0.0
        for bit, (weight, _) in enumerate(common):
            if not mask >> bit & 1:
                first_of.setdefault(mask, bit)
                start += weight
        start_of[mask] = start
    starts = {idx: start_of[mask] for idx, mask in lacks.items()}  # 0.0: it has no common word
    first = defaultdict(int, {idx: first_of[mask] for idx, mask in lacks.items() if mask in first_of})
    totals = {idx: start for idx, start in starts.items() if start}
    for n, (weight, postings) in enumerate(rare, start=len(common)):
        for idx in postings:
            total = totals.get(idx)
            if total is None:
                if idx in starts:  # it has no common word: this rare one is its first
                    first[idx], total = n, 0.0
                else:
                    total = full
            totals[idx] = total + weight
    untouched = filterfalse(starts.__contains__, filterfalse(totals.__contains__, searched))
    totals.update(dict.fromkeys(islice(untouched, limit), full))
    ranked = sorted(totals)  # ties by entry, then by the first word it has, then most weight first:
    ranked.sort(key=first.__getitem__)  # stable sorts, each in C
    ranked.sort(key=totals.__getitem__, reverse=True)
    return ranked[:limit], totals


def _contenders(words: list[tuple[float, array[int]]], limit: int) -> list[int] | None:
    """The entries, ascending, that could be among the `limit` of most summed weight; None when
    finding them would not spare reading most postings.

    The heaviest (rarest) words are summed first. Once the `limit`-th best of those sums beats all
    that the words left could add, no entry can make the top without a word summed so far, nor with a
    sum that falls that far short: only the few others are looked up in the long postings left.
    """
    if all(len(postings) <= PRUNE_AT * limit for _, postings in words):
        return None
    budget = sum(len(postings) for _, postings in words) // 2  # read at most half of them ahead
    heaviest_first = sorted(words, key=lambda word: word[0], reverse=True)
    partial: dict[int, float] = {}
    for n, (weight, postings) in enumerate(heaviest_first):
        if len(partial) >= limit and len(postings) > PRUNE_AT * limit:
            rest = sum(w for w, _ in heaviest_first[n:])
            floor = sorted(partial.values(), reverse=True)[limit - 1]
            if floor > rest + _ROUNDING:
                contenders = [idx for idx, total in partial.items() if total + rest + _ROUNDING >= floor]
                if len(postings) > PRUNE_AT * len(contenders):  # else summing them makes fewer contenders
                    return sorted(contenders)
        budget -= len(postings)
        if budget < 0:
            return None
        _add_weight(partial, weight, postings)
    return None


def _members(postings: array[int], entries: list[int]) -> list[int]:
    """Those of `entries` (ascending) that are in `postings` (ascending): by a pass over the postings
    when they are few, else by binary search (postings may be tens of thousands)."""
    if len(postings) <= PRUNE_AT * len(entries):
        return list(filter(set(entries).__contains__, postings))
    found: list[int] = []
    at = 0
    for idx in entries:
        at = bisect_left(postings, idx, at)
        if at < len(postings) and postings[at] == idx:
            found.append(idx)
    return found


def _sum_weights(words: list[tuple[float, array[int] | list[int]]]) -> dict[int, float]:
    """Entry -> the summed weight of the words (weight, postings) it has, in the order of `words`.
    The first postings fill the dict in one C call (dict.fromkeys): they are the longest."""
    if not words:
        return {}
    weights = dict.fromkeys(words[0][1], words[0][0])
    for weight, postings in words[1:]:
        _add_weight(weights, weight, postings)
    return weights


def _add_weight(weights: dict[int, float], weight: float, postings: array[int] | list[int]) -> None:
    """Add `weight` to the running total of every entry in `postings`. A plain loop: in CPython 3.11 it
    beats chaining map/zip/dict.update, which makes a tuple per posting."""
    for idx in postings:
        weights[idx] = weights.get(idx, 0.0) + weight


def _bag(entry: _Entry) -> set[str]:
    """Every word of every text of a fact, once."""
    return {w for words in entry.texts for w in words}


def _specific_replaces_global(scored: list[Scored], best_global: dict[str | None, float]) -> list[Scored]:
    """Drop global status/opt-out facts of a platform when a region-specific one speaks to the question.
    `best_global`: by platform, the similarity of the most similar of those global facts."""
    replaced = {
        s.fact.platform
        for s in scored
        if s.region_rank >= 2
        and s.fact.topic in PERSONAL_TOPICS
        and s.fact.platform in best_global
        and _same_subject(s.similarity, best_global[s.fact.platform])
    }
    if not replaced:
        return scored
    return [
        s
        for s in scored
        if not (s.region_rank == 1 and s.fact.topic in PERSONAL_TOPICS and s.fact.platform in replaced)
    ]


def _same_subject(alternative: float, best: float) -> bool:
    return alternative >= max(ALTERNATIVE_MIN_SIMILARITY, ALTERNATIVE_RELATIVE_SIMILARITY * best)


def region_alternatives(ranked: list[Scored], best: Scored) -> list[Fact]:
    """Region-specific facts on the best fact's platform that would answer instead for some askers."""
    if best.fact.topic not in PERSONAL_TOPICS:
        return []
    return [
        s.fact
        for s in ranked
        if s.fact.platform == best.fact.platform
        and s.fact.topic in PERSONAL_TOPICS
        and GLOBAL not in s.fact.regions
        and s.similarity >= max(ALTERNATIVE_MIN_SIMILARITY, CLARIFY_RELATIVE_SIMILARITY * best.similarity)
    ]


def _about_anyone(fact: Fact) -> bool:
    """Facts that describe someone or something rather than what happens to the asker's own data."""
    return fact.platform is None or fact.topic in ("regulator", "background")


def _texts_of(fact: Fact) -> list[set[str]]:
    return [set(content_words(t)) for t in (fact.question, *fact.variants)]


def _topic_bonuses(intents: set[str]) -> dict[str, float]:
    """Topic -> its bonus for these intents; a topic that answers none of them has none."""
    wanted = _wanted_topics(intents)
    return {topic: TOPIC_BONUS * TOPIC_WEIGHTS[wanted.index(topic)] for topic in wanted}


def _wanted_topics(intents: set[str]) -> tuple[str, ...]:
    order = ("regulator", "objection", "opt-out", "timeline", "regions", "status")
    for intent in order:
        if intent in intents:
            return INTENT_TOPICS[intent]
    return ()


def specific_regions(facts: list[Fact]) -> list[str]:
    """The distinct non-global regions a set of facts speaks for, in first-seen order."""
    seen: dict[str, None] = {}
    for f in facts:
        for r in f.regions:
            if r != GLOBAL:
                seen.setdefault(r, None)
    return list(seen)
