"""What a reminder or a checklist entry rests on, computed from the facts' claims for a region and a day.

The same rule as an answer's (knowledge.answers.applies): a fact counts only where its regions cover the
person and its dates include the day; among those, the most specific one. A deadline is the claim's
`deadline` of an opt-out (the last day an objection covers past data), never a date read from prose.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, timedelta

from knowledge.answers.applies import applies
from knowledge.model import Answer, Fact
from knowledge.regions import GLOBAL, coverage
from knowledge.store.personal import NOTICE_DAYS

ACTIONABLE = ("setting", "form", "email")  # an opt-out a person does something for


def region_of(answer: Answer) -> str:
    """The region an answer holds for: the asker's, or everywhere when it did not need one."""
    return answer.region or GLOBAL


def first_stage(deadline: date, today: date) -> int | None:
    """The first of a reminder's DMs still ahead of `today` (0: 7 days before, 1: 1 day before); None
    when even the last is not: too late for a reminder."""
    for stage, days in enumerate(NOTICE_DAYS):
        if deadline - timedelta(days=days) > today:
            return stage
    return None


def remindable(fact: Fact, region: str, today: date) -> date | None:
    """The fact's deadline when a reminder of it can still be sent to someone in `region`; else None."""
    claim = fact.claim
    if fact.from_server or claim is None or claim.kind != "opt_out" or claim.deadline is None:
        return None
    if not applies(fact, region, today) or first_stage(claim.deadline, today) is None:
        return None
    return claim.deadline


def reminder_offer(answer: Answer, today: date) -> Fact | None:
    """The fact an answer's "Remind me" is about: a shared opt-out shown in it, for the asker's region,
    whose deadline is still ahead with a reminder to send; None when there is none (or the answer is
    about another day)."""
    if answer.status != "answered" or answer.as_of != today:
        return None
    region = region_of(answer)
    return next((f for f in answer.facts if remindable(f, region, today)), None)


def steps_fact(answer: Answer, today: date) -> Fact | None:
    """The shared opt-out whose steps an answer shows today ("I did this" records that the asker took
    them); None when the steps are not a way out a claim states (a setting, a form, an email)."""
    if answer.status != "answered" or answer.as_of != today or not answer.steps or not answer.platform:
        return None
    steps = tuple(answer.steps)
    return next((f for f in answer.facts if f.steps == steps and is_way_out(f) and not f.from_server), None)


def is_way_out(fact: Fact) -> bool:
    """A claim that the person can opt out by doing something (a setting, a form, an email)."""
    claim = fact.claim
    return claim is not None and claim.kind == "opt_out" and claim.opt_out in ACTIONABLE


def steps_hash(fact: Fact) -> str:
    """A short fingerprint of a fact's steps: whether the steps someone followed are still the ones shown."""
    return hashlib.sha256("\n".join(fact.steps).encode()).hexdigest()[:16]


def most_specific(facts: Iterable[Fact], region: str, day: date, kind: str) -> Fact | None:
    """The live fact with a claim of `kind` that covers `region` most specifically on `day`."""
    found = [
        (coverage(f.regions, region), f.id, f)
        for f in facts
        if f.claim is not None and f.claim.kind == kind and applies(f, region, day)
    ]
    return max(found, key=lambda t: (t[0], t[1]))[2] if found else None


def deadline_now(facts: list[Fact], region: str, day: date, prefer: str) -> Fact | None:
    """The opt-out whose deadline a reminder now points to: the fact it was made from while it still
    holds with a deadline ahead, else the most specific opt-out for the region with one; None: there is
    no deadline ahead any more (the reminder is dropped)."""
    ahead = [f for f in facts if _deadline_ahead(f, region, day)]
    chosen = next((f for f in ahead if f.id == prefer), None)
    return chosen or most_specific(ahead, region, day, "opt_out")


def _deadline_ahead(fact: Fact, region: str, day: date) -> bool:
    claim = fact.claim
    return (
        claim is not None
        and claim.kind == "opt_out"
        and claim.deadline is not None
        and claim.deadline >= day
        and applies(fact, region, day)
    )
