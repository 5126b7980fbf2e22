"""Which sources an answer shows: at most three, the platform's own page and the regulator's first, then
courts, NGOs, the press, by the publisher registry's kind (knowledge/publishers.yaml)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from knowledge.model import Fact, Source
from knowledge.packs.publishers import default_registry

MAX_SOURCES = 3
KIND_ORDER = ("official", "regulator", "court", "ngo", "press", "law firm")
LABEL_SUFFIX = re.compile(r"\s*\(descriptive label\)\s*$", re.I)


def kind_of(source: Source) -> str:
    """The registry's kind for a source's host ('' when the host is not registered)."""
    publisher = default_registry().for_url(source.url)
    return publisher.kind if publisher else ""


def best_sources(facts: Iterable[Fact], limit: int = MAX_SOURCES) -> list[Source]:
    """The sources of these facts, each URL once, best kind first (stable within a kind), at most `limit`."""
    facts = list(facts)
    seen: set[str] = set()
    found: list[Source] = []
    for fact in facts:
        for source in fact.sources:
            if source.url not in seen:
                seen.add(source.url)
                found.append(source)
    found.sort(key=_rank)
    shown = found[:limit]
    own = facts[0].sources if facts else ()
    if own and shown and not any(s in own for s in shown):  # the fact the answer rests on cites itself
        shown[-1] = min(own, key=_rank)
    return shown


def is_label(source: Source) -> bool:
    """The title is our description of the page, not the page's own headline."""
    return source.title_is_label or bool(LABEL_SUFFIX.search(source.title))


def label_text(source: Source) -> str:
    """A label without the pack's '(descriptive label)' marker, for showing as what it is."""
    return LABEL_SUFFIX.sub("", source.title)


def _rank(source: Source) -> int:
    kind = kind_of(source)
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)
