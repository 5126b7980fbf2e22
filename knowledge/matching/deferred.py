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
        decode: Callable[[], Fact] = object.__getattribute__(self, "_decode")
        whole = decode()
        for field in _FIELDS:
            object.__setattr__(self, field, getattr(whole, field))
        return getattr(whole, name)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Fact):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in _FIELDS)

    __hash__ = Fact.__hash__


def deferred(row: Indexed, decode: Callable[[], Fact]) -> Fact:
    """The fact of `row`, its row's fields set; `decode()` gives the whole fact when anything else is read."""
    fact = object.__new__(_Deferred)
    setting = object.__setattr__
    setting(fact, "_decode", decode)
    setting(fact, "id", row.id)
    setting(fact, "platform", row.platform)
    setting(fact, "topic", row.topic)
    setting(fact, "regions", row.regions)
    setting(fact, "valid_from", _day(row.valid_from))
    setting(fact, "valid_until", _day(row.valid_until))
    setting(fact, "scope", row.scope)
    setting(fact, "claim", row.claim)
    setting(fact, "steps", _steps(row.steps))
    return fact


def is_deferred(fact: Fact) -> bool:
    """Made by `deferred`: its decode reads the base, unless the fact was decoded (and kept) already."""
    return isinstance(fact, _Deferred)


def whole(fact: Fact) -> Fact:
    """The fact decoded whole, as an ordinary Fact: what an answer hands out of the core, so that nothing
    of it is read from the base later, on another thread."""
    if isinstance(fact, _Deferred):
        decode: Callable[[], Fact] = object.__getattribute__(fact, "_decode")
        return decode()
    return fact


@lru_cache(maxsize=4096)
def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


@lru_cache(maxsize=4096)
def _steps(stored: str | None) -> tuple[str, ...]:
    """The steps as the row stores them (JSON, stripped as the fact's are); rows share a few thousand."""
    return tuple(json.loads(stored)) if stored else ()
