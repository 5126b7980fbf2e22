"""A Fact read from its search row at once, and decoded whole from the base only if more of it is read.

Ranking hands a dozen facts (forty for "where?") to the answer's choices, which mostly read what the
search row already holds (platform, topic, regions, claim, steps, dates) and show one to three of them;
decoding every ranked fact from its JSON was a third of a question's time at 20k facts. Like a Django
model instance with deferred fields: the fields the row gives are set, and the first read of any other
decodes the fact and sets them all. It is a Fact (isinstance, equality and hashing by value with a
decoded one), so nothing that takes a Fact needs to know.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import fields
from datetime import date
from functools import lru_cache
from typing import Any

from knowledge.matching.memory import Indexed
from knowledge.model import Fact

_FIELDS = tuple(f.name for f in fields(Fact))


class _Deferred(Fact):
    """A Fact of which only the search row's fields are set until another is read (see the module)."""

    __slots__ = ("_decode",)

    def __getattr__(self, name: str) -> Any:
        """Reached only for a field not set yet: decode the whole fact, keep every field, answer."""
        if name not in _FIELDS:
            raise AttributeError(name)
        decode: Callable[[str], Fact] = object.__getattribute__(self, "_decode")
        whole = decode(object.__getattribute__(self, "id"))
        for field in _FIELDS:
            object.__setattr__(self, field, getattr(whole, field))
        return getattr(whole, name)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Fact):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in _FIELDS)

    __hash__ = Fact.__hash__


# Each field's own slot setter, taken once: object.__setattr__ looked each up through the class's MRO, and
# with a decoder shared by every row rather than a partial made for each, a ranked fact cost 1.9 us -> 1.1
# (a dozen a question).
_ROW_FIELDS = ("id", "platform", "topic", "regions", "valid_from", "valid_until", "scope", "claim", "steps")
(
    _SET_DECODE,
    _SET_ID,
    _SET_PLATFORM,
    _SET_TOPIC,
    _SET_REGIONS,
    _SET_FROM,
    _SET_UNTIL,
    _SET_SCOPE,
    _SET_CLAIM,
    _SET_STEPS,
) = (getattr(_Deferred, name).__set__ for name in ("_decode", *_ROW_FIELDS))


def deferred(row: Indexed, decode: Callable[[str], Fact]) -> Fact:
    """The fact of `row`, its row's fields set; `decode(id)` gives the whole fact when anything else is read."""
    fact = object.__new__(_Deferred)
    _SET_DECODE(fact, decode)
    _SET_ID(fact, row.id)
    _SET_PLATFORM(fact, row.platform)
    _SET_TOPIC(fact, row.topic)
    _SET_REGIONS(fact, row.regions)
    _SET_FROM(fact, _day(row.valid_from))
    _SET_UNTIL(fact, _day(row.valid_until))
    _SET_SCOPE(fact, row.scope)
    _SET_CLAIM(fact, row.claim)
    _SET_STEPS(fact, _steps(row.steps))
    return fact


def is_deferred(fact: Fact) -> bool:
    """Made by `deferred`: its decode reads the base, unless the fact was decoded (and kept) already."""
    return isinstance(fact, _Deferred)


def whole(fact: Fact) -> Fact:
    """The fact decoded whole, as an ordinary Fact: what an answer hands out of the core, so that nothing
    of it is read from the base later, on another thread."""
    if isinstance(fact, _Deferred):
        decode: Callable[[str], Fact] = object.__getattribute__(fact, "_decode")
        return decode(fact.id)
    return fact


@lru_cache(maxsize=4096)
def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


@lru_cache(maxsize=4096)
def _steps(stored: str | None) -> tuple[str, ...]:
    """The steps as the row stores them (JSON, stripped as the fact's are); rows share a few thousand."""
    return tuple(json.loads(stored)) if stored else ()
