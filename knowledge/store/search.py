"""Find facts for moderators by id, words or typo: retired and past facts included, unlike the matcher."""

from __future__ import annotations

from rapidfuzz import fuzz, utils

from knowledge.model import Fact

MIN_SCORE = 60.0


def _haystack(fact: Fact) -> str:
    return " ".join([fact.id.replace("-", " "), fact.question, *fact.variants, fact.answer])


def search_facts(facts: list[Fact], text: str, platform: str | None = None, limit: int = 10) -> list[Fact]:
    """Best first: an exact id, then ids and texts containing the words, then close fuzzy matches."""
    wanted = utils.default_process(text)
    pool = [f for f in facts if platform is None or f.platform == platform]
    if not wanted:
        return pool[:limit]
    scored: list[tuple[float, str, Fact]] = []
    for fact in pool:
        hay = utils.default_process(_haystack(fact))
        if fact.id == text.strip().lower():
            score = 300.0
        elif all(word in hay for word in wanted.split()):
            score = 200.0 + fuzz.token_set_ratio(wanted, utils.default_process(fact.question))
        else:
            head = utils.default_process(f"{fact.id.replace('-', ' ')} {fact.question}")
            score = max(fuzz.token_set_ratio(wanted, hay), fuzz.partial_ratio(wanted, head) - 10)
        if score >= MIN_SCORE:
            scored.append((score, fact.id, fact))
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [fact for _, _, fact in scored[:limit]]
