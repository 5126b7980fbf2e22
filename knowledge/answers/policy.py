"""Turn a question into an Answer: answered, clarify (region needed) or no_match. Never a guess."""

from __future__ import annotations

from datetime import date

from knowledge.answers.ranking import (
    ABOUT_SOMEONE_TOPICS,
    Scored,
    rank,
    region_alternatives,
    shared_words,
    specific_regions,
)
from knowledge.matching.index import SearchIndex
from knowledge.model import Answer, Fact
from knowledge.places import resolve_region
from knowledge.regions import GLOBAL, coverage, covering, normalize
from knowledge.text import clean, date_in, intents, is_on_topic

NEAR_MARGIN = 12.0  # facts within this many points of the best are "also in the running"
MIN_SIMILARITY_WITHOUT_PLATFORM = 0.34
MIN_SIMILARITY_UNNAMED_PLATFORM = 0.9  # "what is 'Data for Generative AI Improvement'?" still finds LinkedIn
MIN_SIMILARITY_OFF_LEXICON = 0.5
MAX_FACTS = 3
MAX_CLARIFY_OPTIONS = 8


def answer_question(
    index: SearchIndex,
    question: str,
    *,
    today: date,
    region: str | None = None,
    saved_region: str | None = None,
    as_of: date | None = None,
) -> Answer:
    """The one answer for this asker, region and date, as plain data."""
    text = clean(question)
    when = date_in(text, today) or as_of or today
    asked_region = resolve_region(text) if text else None
    chosen = asked_region or _norm(region) or _norm(saved_region)
    answer = Answer(
        question=text,
        status="no_match",
        as_of=when,
        region=chosen,
        region_from_question=asked_region is not None,
    )
    if not text:
        return answer
    platforms = index.names.detect(text)
    platform = platforms[0] if platforms else None
    on_topic = is_on_topic(text)
    answer.on_topic = on_topic
    if not on_topic and platform is None:
        return answer
    if platform:
        answer.platform = platform
        answer.platform_name = index.names.name_of(platform)
    wanted = intents(text)
    ranked = rank(index, text, platform=platform, region=chosen, as_of=when, intents=wanted)
    if platform is None:  # no platform named: facts about no one platform, or a near-verbatim match
        ranked = [
            s
            for s in ranked
            if s.similarity >= _floor_without_platform(s.fact) and _shares_a_subject(index, text, s.fact)
        ]
    elif not on_topic:  # "how do I change my discord nickname": a platform, but not our subject
        ranked = [
            s
            for s in ranked
            if s.similarity >= MIN_SIMILARITY_OFF_LEXICON and len(shared_words(index, text, s.fact)) >= 2
        ]
    if not ranked:
        return answer
    best = ranked[0]
    answer.confidence = min(1.0, 0.35 + 0.65 * best.similarity + (0.15 if platform else 0.0))
    if chosen is None and _needs_region(best, ranked, wanted):
        answer.status = "clarify"
        answer.clarify_options = _region_options(index, best.fact.platform, when)
        answer.facts = [s.fact for s in ranked[:MAX_FACTS]]
        return answer
    answer.status = "answered"
    if answer.platform is None and best.fact.platform:
        answer.platform = best.fact.platform
        answer.platform_name = index.names.name_of(best.fact.platform)
    answer.facts = _pick(ranked)
    answer.history = _story(index, best.fact, chosen)
    return answer


def _shares_a_subject(index: SearchIndex, text: str, fact: Fact) -> bool:
    """Whether the question shares a word with the fact that few facts use ("ico", "legitimate"), not
    only the words every fact here has ("train", "ai", "posts"): "Does Bluesky train AI on my posts?" is
    no question about the ICO."""
    return any(index.is_distinctive(w) for w in shared_words(index, text, fact))


def _floor_without_platform(fact: Fact) -> float:
    return MIN_SIMILARITY_WITHOUT_PLATFORM if fact.platform is None else MIN_SIMILARITY_UNNAMED_PLATFORM


def _norm(code: str | None) -> str | None:
    return normalize(code) if code else None


def _needs_region(best: Scored, ranked: list[Scored], wanted: set[str]) -> bool:
    """True when what happens to the asker's data differs by region and we do not know theirs."""
    if best.fact.platform is None or "regions" in wanted:
        return False
    if GLOBAL not in best.fact.regions and best.fact.topic not in ABOUT_SOMEONE_TOPICS:
        return True
    alternatives = region_alternatives(ranked, best)
    return any(set(f.regions) != set(best.fact.regions) for f in alternatives)


def _region_options(index: SearchIndex, platform: str | None, when: date) -> list[str]:
    day = when.isoformat()
    regions = [row.regions for row in index.rows(platform) if row.valid_on(day)]
    options = specific_regions(regions)[: MAX_CLARIFY_OPTIONS - 1]
    if any(GLOBAL in r for r in regions) or not options:
        options.append(GLOBAL)
    return options


def _pick(ranked: list[Scored]) -> list[Fact]:
    """The best fact, then others on the same platform close behind it that add something."""
    best = ranked[0]
    picked = [best.fact]
    for s in ranked[1:]:
        if len(picked) >= MAX_FACTS:
            break
        if s.score >= best.score - NEAR_MARGIN and s.fact.platform == best.fact.platform:
            picked.append(s.fact)
    return picked


def _story(index: SearchIndex, best: Fact, region: str | None) -> list[Fact]:
    """Facts on the same subject for the same people at other times, oldest first (incl. the best)."""
    if best.platform is None or best.topic not in ("status", "opt-out"):
        return []
    same_topic = index.rows(best.platform, best.topic)  # live facts only, hundreds on a big platform
    if region:
        # As specific for this asker as the best fact: a global fact is no part of a regional story.
        codes = covering(region, 2 if coverage(best.regions, region) > 1 else 1)
        related = [f for f in same_topic if not codes.isdisjoint(f.regions)]
    else:
        regions = set(best.regions)
        related = [f for f in same_topic if not regions.isdisjoint(f.regions)]
    if len({(f.valid_from, f.valid_until) for f in related}) < 2:
        return []
    related.sort(key=lambda f: (f.valid_from or "", f.id))
    facts = index.facts([f.id for f in related])
    return [facts[f.id] for f in related if f.id in facts]
