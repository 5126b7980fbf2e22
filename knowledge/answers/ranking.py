"""Which facts answer a question best: similarity of wording, the asker's region, the date and the intent.

The index (knowledge.matching.index) only says which facts are worth scoring; the policy of what counts
as a better answer lives here, beside the answer it feeds (knowledge.answers.policy).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from itertools import compress, groupby, repeat
from operator import attrgetter, not_
from typing import NamedTuple

from rapidfuzz import fuzz, process, utils

from knowledge.matching.index import Indexed, SearchIndex
from knowledge.model import Fact
from knowledge.reading.words import content_words
from knowledge.regions import GLOBAL, coverage, covering

TOPIC_BONUS = 20.0
TOPIC_WEIGHTS = (1.0, 0.5, 0.25)  # the intent's best-fitting topic first
REGION_BONUS = {3: 15.0, 2: 12.0, 1: 0.0}
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
# A topic that answers an intent only in part, and its smaller weight: "does LinkedIn use my private
# messages?" is best answered by the list of what it trains on, when that list is much closer to the words.
SIDE_TOPICS = {"status": ("background", 0.25)}
INTENT_ORDER = ("regulator", "objection", "opt-out", "timeline", "regions", "status")
_REGIONS = attrgetter("regions")


class Scored(NamedTuple):
    """A fact and how well it answers the question."""

    fact: Fact
    score: float
    similarity: float
    region_rank: int
    row: Indexed | None = None  # the fact's search row, when it was ranked from one


class _Row(NamedTuple):
    row: Indexed
    score: float
    similarity: float
    region_rank: int


def rank(
    index: SearchIndex,
    question: str,
    *,
    platform: str | None,
    region: str | None,
    as_of: date,
    intents: set[str],
    limit: int = 8,
) -> list[Scored]:
    """Facts valid on `as_of` that cover `region` (any region when None), best first."""
    qwords = index.question_words(question)
    qset = set(qwords)
    bonus_of = topic_bonuses(intents)
    qweights = {w: index.weight(w) for w in qset}
    qweight = sum(qweights.values()) or 1.0
    weight_in_question = qweights.get
    texts_of, zeros, make = index.texts, repeat(0.0), tuple.__new__
    covers: dict[tuple[str, ...], int] = {}  # coverage by region list: few lists, many facts
    day = as_of.isoformat()
    scored: list[_Row] = []
    best_global: dict[tuple[str | None, str], float] = {}  # (platform, topic) -> closest global fact
    candidates: Iterable[Indexed] = index.candidates(platform, qset)
    if region and platform is not None:
        # Another region's fact never answers a question about a platform (below): most of a platform's
        # facts are for other regions, so they are left out first, in C, one set test each (at 100k facts
        # about 60 of a question's 80 candidates, each a turn of the loop below that only said no).
        can_cover = covering(region, 1).isdisjoint
        candidates = compress(candidates, map(not_, map(can_cover, map(_REGIONS, candidates))))
    for row in candidates:
        if region:
            rank_ = covers.get(row.regions)
            if rank_ is None:
                rank_ = covers[row.regions] = coverage(row.regions, region)
            if rank_ == 0:
                # A rule, not a preference: another region's fact never answers a question about a
                # platform. Only a question naming none ("what has the ICO said?") may get a fact
                # about a regulator or a legal idea from elsewhere, which no one takes for their own case.
                if platform is not None or row.platform is not None:
                    continue
                rank_ = 1
            region_bonus = REGION_BONUS[rank_]
        else:
            rank_, region_bonus = 0, 0.0
        if (row.valid_from and day < row.valid_from) or (row.valid_until and day > row.valid_until):
            continue  # not valid that day (Indexed.valid_on, written out: a call less a candidate)
        texts, weights = texts_of(row)
        # The weighted Dice overlap of the question's words and each text's (the closest text counts):
        # each word's weight if the question has it, else 0. Written out: a call a text was 5% of a question.
        sim = max(
            [
                2.0 * shared / (qweight + tweight)
                if (shared := sum(map(weight_in_question, t, zeros)))
                else 0.0
                for t, tweight in zip(texts, weights, strict=True)
            ],
            default=0.0,
        )
        score = 100.0 * sim + region_bonus + bonus_of.get(row.topic, 0.0)
        scored.append(make(_Row, (row, score, sim, rank_)))  # made in C: a NamedTuple's own __new__ is Python
        if rank_ == 1 and row.topic in PERSONAL_TOPICS:
            key = (row.platform, row.topic)
            best_global[key] = max(best_global.get(key, 0.0), sim)
    if region:
        scored = _specific_replaces_global(scored, best_global)
    scored.sort(key=lambda s: (-s.score, s.row.id))
    top = scored[: max(limit, 1)]
    if top and qwords:
        top = _tiebreak(" ".join(sorted(qset)), top)
    facts = index.facts_of([s.row for s in top])  # decoded only where an answer reads more than the row
    return [Scored(f, s.score, s.similarity, s.region_rank, s.row) for f, s in zip(facts, top, strict=True)]


def shared_words(index: SearchIndex, question: str, fact: Fact) -> set[str]:
    """Words the question shares with a fact's phrasings, platform names left out."""
    return asked_words(index, question) & phrasing_words(Scored(fact, 0.0, 0.0, 0))


def asked_words(index: SearchIndex, question: str) -> set[str]:
    """The question's words as compared with facts' phrasings (typos read), platform names left out."""
    return set(index.question_words(question)) - index.names.name_words


def phrasing_words(scored: Scored) -> set[str]:
    """The content words of a fact's question and variants: its search row has them, split at write
    time, so no fact is decoded for them (twelve a question naming no platform, the slowest kind)."""
    if scored.row is not None:
        return set(scored.row.stored_texts.replace("|", " ").split())
    fact = scored.fact
    return {w for text in (fact.question, *fact.variants) for w in content_words(text)}


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


def specific_regions(regions_lists: list[tuple[str, ...]]) -> list[str]:
    """The distinct non-global regions a set of facts speaks for, in first-seen order."""
    seen: dict[str, None] = {}
    for regions in regions_lists:
        for r in regions:
            if r != GLOBAL:
                seen.setdefault(r, None)
    return list(seen)


def topic_bonuses(intents: set[str]) -> dict[str, float]:
    """Topic -> its bonus for these intents; a topic that answers none of them has none."""
    first = next((i for i in INTENT_ORDER if i in intents), None)
    if first is None:
        return {}
    wanted = INTENT_TOPICS[first]
    bonuses = {topic: TOPIC_BONUS * TOPIC_WEIGHTS[wanted.index(topic)] for topic in wanted}
    if first in SIDE_TOPICS:
        side, weight = SIDE_TOPICS[first]
        bonuses.setdefault(side, TOPIC_BONUS * weight)
    return bonuses


def _specific_replaces_global(
    scored: list[_Row], best_global: dict[tuple[str | None, str], float]
) -> list[_Row]:
    """Drop global status (or opt-out) facts of a platform when a region-specific one of the same topic
    speaks to the question: an EEA status fact replaces the global status, not the global steps.
    `best_global`: by platform and topic, the similarity of the most similar of those global facts."""
    replaced = {
        (s.row.platform, s.row.topic)
        for s in scored
        if s.region_rank >= 2
        and (s.row.platform, s.row.topic) in best_global
        and _same_subject(s.similarity, best_global[(s.row.platform, s.row.topic)])
    }
    if not replaced:
        return scored
    return [s for s in scored if not (s.region_rank == 1 and (s.row.platform, s.row.topic) in replaced)]


def _same_subject(alternative: float, best: float) -> bool:
    return alternative >= max(ALTERNATIVE_MIN_SIMILARITY, ALTERNATIVE_RELATIVE_SIMILARITY * best)


def _tiebreak(qjoined: str, top: list[_Row]) -> list[_Row]:
    """Near-equal scores: prefer the fact whose wording is closest (rapidfuzz on sorted words).

    `top` is sorted by score, so each band of near-equal scores is a run of it: only a band of two or
    more facts needs their wordings compared.
    """

    def closeness(s: _Row) -> float:
        texts = s.row.stored_texts.split("|")  # each text's words, sorted
        best = process.extractOne(
            qjoined, texts, scorer=fuzz.token_set_ratio, processor=utils.default_process
        )
        return best[1] if best else 0.0

    out: list[_Row] = []
    for _, band in groupby(top, key=lambda s: round(s.score / 3.0)):
        rows = list(band)
        if len(rows) > 1:
            rows.sort(key=closeness, reverse=True)
        out.extend(rows)
    return out
