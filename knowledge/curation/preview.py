"""A fact as the bot would answer it, so a moderator sees exactly what users will see after a change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from knowledge.answers.lead import lead
from knowledge.answers.text import nice_date
from knowledge.model import Answer, Fact, Platform
from knowledge.scoped import Scoped


@dataclass
class Shown:
    """The answer to show, and a sentence when it is not what users get today (retired, a draft, ...)."""

    answer: Answer
    note: str | None = None


def preview(fact: Fact, platforms: list[Platform], as_of: date) -> Answer:
    """An Answer made of this one fact, for its first region, as of `as_of`."""
    names = {p.id: p.name for p in platforms}
    name = names.get(fact.platform or "", fact.platform)
    region = fact.regions[0] if fact.regions else None
    return Answer(
        question=fact.question,
        status="answered",
        as_of=as_of,
        platform=fact.platform,
        platform_name=name,
        region=region,
        confidence=1.0,
        facts=[fact],
        lead=lead(fact, platform_name=name, region=region, as_of=as_of),
    )


def liveness(fact: Fact, today: date) -> str | None:
    """Why users do not get this fact today, or None when it is live."""
    if fact.retired:
        return f"Retired: {fact.retired}. Users no longer get this fact."
    if fact.valid_from and today < fact.valid_from:
        return f"Not live yet: it holds from {nice_date(fact.valid_from)}."
    if fact.valid_until and today > fact.valid_until:
        return f"About the past: it held until {nice_date(fact.valid_until)}; users get it for earlier dates."
    return None


def as_users_see(view: Scoped, fact: Fact, *, live: bool = True) -> Shown:
    """What a user asking this fact's own question in its first region gets where `view` is (a server,
    or the shared base as DMs get it); the preview when that differs."""
    today = view.today()
    own = preview(fact, view.platforms(), today)
    if not live:
        return Shown(own, "Not live yet: users get this once it is approved and published.")
    why_not = liveness(fact, today)
    if fact.retired:
        return Shown(own, why_not)
    when = None  # a fact about another time is shown as users asking about that time get it
    if fact.valid_from and today < fact.valid_from:
        when = fact.valid_from
    elif fact.valid_until and today > fact.valid_until:
        when = fact.valid_until
    answer = view.ask(fact.question, region=own.region, as_of=when)
    if answer.status == "answered" and answer.facts and answer.facts[0].id == fact.id:
        return Shown(answer, why_not)
    if answer.status == "answered" and answer.facts:
        other = answer.facts[0].id
        return Shown(
            own, f"Users asking “{fact.question}” get `{other}` first; add variants to this fact if wrong."
        )
    return Shown(
        own, f"Users asking “{fact.question}” do not get this fact yet; check its question and variants."
    )
