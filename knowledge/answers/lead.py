"""The first sentence of an answer, computed from what its fact claims (knowledge.model.Claim), never taken
from prose written for another question. One table of words, so a translation can swap them."""

from __future__ import annotations

from datetime import date

from knowledge.model import Claim, Fact

TRAINING_LEADS = {
    "yes": "Yes{since}: {name} trains AI on {data}{who}.",
    "no": "No{since}: {name} does not train AI on {data}{who}.",
    "paused": "No, paused{since}: {name} is not training AI on {data}{who}.",
    "not_yet": "Not yet: {name} is not training AI on {data}{who} yet.",
    "opt_in": "Not by default{since}: {name} trains AI on {data}{who} only if you opt in.",
}
SINCE = ", since {day}"
OPT_OUT_LEADS = {
    "none": "No: there is no opt-out.",
    "not_needed": "There is nothing to switch off.",
}
DEADLINE = "To keep your past data out, the choice had to be made by {day}."


def lead_of(fact: Fact, platform_name: str | None = None, *, dated: bool = True) -> str:
    """The claim in one sentence ('' when the fact claims nothing a yes/no question can take); `dated`
    False leaves out the start day, where the line already says when (a story of changes)."""
    claim = fact.claim
    if claim is None:
        return ""
    if claim.kind == "training" and claim.training in TRAINING_LEADS:
        return TRAINING_LEADS[claim.training].format(
            name=platform_name or "the platform",
            data=_data(claim),
            who=_who(claim),
            since=SINCE.format(day=_day(fact.valid_from)) if dated and fact.valid_from else "",
        )
    if claim.kind == "opt_out" and claim.opt_out in OPT_OUT_LEADS:
        return OPT_OUT_LEADS[claim.opt_out]
    return ""


def with_lead(fact: Fact, platform_name: str | None = None) -> str:
    """The lead computed from the claim, then the fact's prose as the explanation."""
    lead = lead_of(fact, platform_name)
    return f"{lead} {fact.answer}" if lead else fact.answer


def _day(day: date) -> str:
    """'3 Nov 2025', as knowledge.answers.text writes dates."""
    return f"{day.day} {day.strftime('%b %Y')}"


def _data(claim: Claim) -> str:
    if not claim.data:
        return "your data"
    items = list(claim.data)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _who(claim: Claim) -> str:
    return f" ({claim.who})" if claim.who else ""
