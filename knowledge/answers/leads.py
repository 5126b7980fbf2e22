"""The first sentence of an answer, computed from what a fact claims, never taken from its prose.

One table of templates per claim value, so a translation swaps the words and nothing else. A claim of
kind regulator, background or timeline has no lead: it explains, it does not say yes or no.
"""

from __future__ import annotations

from datetime import date

from knowledge.model import Claim, Fact
from knowledge.regions import GLOBAL, display_name, short_name

# {platform}: its name; {data}: what data; {where}: " in the UK" (or ""); {since}: "since 3 Nov 2025 "
# (or ""), {since_bare} the same without the space (or "for now"); {until}: " until 2 Nov 2025" (or "");
# {deadline}: the deadline clause (or "").
LEADS: dict[str, dict[str, str]] = {
    "training": {
        "yes": "Yes — {since}{platform} trains AI on {data}{where}.",
        "no": "No — {since}{platform} does not train AI on {data}{where}.",
        "paused": "No — paused {since_bare}: {platform} is not training AI on {data}{where}.",
        "not_yet": "Not yet — {platform} does not train AI on {data}{where}{until}.",
        "opt_in": "Only with your consent — {since}{platform} trains AI on {data}{where} only if you opt in.",
    },
    "opt_out": {
        "setting": "You can opt out{where} with a setting{deadline}.",
        "form": "You can object{where} with {platform}'s form{deadline}.",
        "email": "You can object{where} by email to {platform}{deadline}.",
        "none": "There is no opt-out{where}.",
        "not_needed": "There is nothing to opt out of{where}.",
    },
}
WORDS = {
    "data": "your data",
    "and": " and ",
    "since": "since {day}",
    "for_now": "for now",
    "until": " until {day}",
    "in": " in {where}",
    "deadline_ahead": "; object by {day} to cover what you already shared",
    "deadline_past": "; the deadline to cover what you had already shared was {day}",
}
ANSWERING_KINDS = ("training", "opt_out")  # the claim kinds that can answer a question on their own


def lead(
    fact: Fact, *, platform_name: str | None, region: str | None, as_of: date, say_where: bool = True
) -> str:
    """The answer's first sentence from `fact`'s claim, for an asker in `region` on `as_of` ('' : none);
    without `say_where` where it holds is left out (a per-region line says it already)."""
    claim = fact.claim
    if claim is None or claim.kind not in ANSWERING_KINDS:
        return ""
    value = claim.training if claim.kind == "training" else claim.opt_out
    template = LEADS[claim.kind].get(value or "")
    if template is None:
        return ""
    since = WORDS["since"].format(day=_day(fact.valid_from)) if fact.valid_from else ""
    return template.format(
        platform=platform_name or fact.platform or "",
        data=_data(claim),
        where=_where(fact, region) if say_where else "",
        since=f"{since} " if since else "",
        since_bare=since or WORDS["for_now"],
        until=WORDS["until"].format(day=_day(fact.valid_until)) if fact.valid_until else "",
        deadline=_deadline(claim, as_of),
    )


def answers(fact: Fact, kind: str) -> bool:
    """Whether the fact's claim is of `kind` ("training": it says yes or no; "opt_out": what to do)."""
    return fact.claim is not None and fact.claim.kind == kind


def nothing_to_stop(fact: Fact) -> bool:
    """A claim that the platform does not train on these people's data now: no steps to take."""
    claim = fact.claim
    return claim is not None and (
        claim.training in ("no", "paused", "not_yet") or claim.opt_out == "not_needed"
    )


def _data(claim: Claim) -> str:
    data = list(claim.data)
    text = data[0] if len(data) == 1 else ", ".join(data[:-1]) + WORDS["and"] + data[-1] if data else ""
    text = text or WORDS["data"]
    return f"{text} ({claim.who})" if claim.who else text


def _where(fact: Fact, region: str | None) -> str:
    """' in the UK' for a known asker; else the fact's own regions, or nothing for everywhere."""
    if region and region != GLOBAL:
        return WORDS["in"].format(where=display_name(region))
    specific = [r for r in fact.regions if r != GLOBAL]
    if not specific or GLOBAL in fact.regions:
        return ""
    names = [short_name(r) if r != "us" else "the US" for r in specific]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + WORDS["and"] + names[-1]
    return WORDS["in"].format(where=joined)


def _deadline(claim: Claim, as_of: date) -> str:
    if claim.deadline is None:
        return ""
    key = "deadline_ahead" if claim.deadline >= as_of else "deadline_past"
    return WORDS[key].format(day=_day(claim.deadline))


def _day(day: date | None) -> str:
    return f"{day.day} {day.strftime('%b %Y')}" if day else ""
