"""The first sentence of an answer, computed from what a fact claims (knowledge.model.Claim), never taken
from prose written for another question.

One table of templates per claim value, so a translation swaps the words and nothing else. A claim of
kind regulator, background or timeline has no lead: it explains, it does not say yes or no.
"""

from __future__ import annotations

from datetime import date
from typing import Literal, Protocol

from knowledge.i18n.local import day_text, in_region, region_name, region_short
from knowledge.i18n.speaking import N_, _, english
from knowledge.model import Claim, Fact
from knowledge.regions import GLOBAL

# {platform}: its name; {data}: what data; {where}: " in the UK" (or ""); {since}: "since 3 Nov 2025 "
# (or ""), {since_bare}: " since 3 Nov 2025" (or ""); {until}: " until 2 Nov 2025" (or "");
# {deadline}: the deadline clause (or ""). Each template and word is a msgid of the catalogues (N_), put
# into the reply's language by `_()` where it is used (knowledge.i18n).
LEADS: dict[str, dict[str, str]] = {
    "training": {
        "yes": N_("Yes — {since}{platform} trains AI on {data}{where}."),
        "no": N_("No — {since}{platform} does not train AI on {data}{where}."),
        "paused": N_("No — paused{since_bare}: {platform} is not training AI on {data}{where}."),
        "not_yet": N_("Not yet — {platform} does not train AI on {data}{where}{until}."),
        "opt_in": N_("Not by default — {since}{platform} trains AI on {data}{where} only if you opt in."),
    },
    "opt_out": {
        "setting": N_("You can opt out{where} with a setting{deadline}."),
        "form": N_("You can object{where} with {platform}'s form{deadline}."),
        "email": N_("You can object{where} by email to {platform}{deadline}."),
        "none": N_("There is no opt-out{where}."),
        "not_needed": N_("There is nothing to opt out of{where}."),
    },
}
WORDS = {
    "data": N_("your data"),
    "the_platform": N_("the platform"),
    "and": N_(" and "),
    "comma": N_(", "),  # between the items of a list ("、" in Japanese)
    "since": N_("since {day}"),
    "until": N_(" until {day}"),
    "deadline_ahead": N_("; object by {day} to cover what you already shared"),
    "deadline_past": N_("; the deadline to cover what you had already shared was {day}"),
}
QUOTED = N_('"{text}"')  # the pack's English words for the data, quoted the local way
ANSWERING_KINDS = ("training", "opt_out")


class Claimant(Protocol):
    """What carries a claim: a Fact, or its search row in memory (knowledge.matching.memory.Indexed),
    whose claim is read without decoding the fact; the rules below need nothing else."""

    @property
    def id(self) -> str: ...

    @property
    def regions(self) -> tuple[str, ...]: ...

    @property
    def claim(self) -> Claim | None: ...


NOT_TRAINING = ("no", "paused", "not_yet")  # the claim kinds that can answer a question on their own


def lead(
    fact: Fact,
    *,
    platform_name: str | None,
    region: str | None = None,
    as_of: date | None = None,
    say_where: bool = True,
    dated: bool = True,
    since: date | Literal["fact"] | None = "fact",
) -> str:
    """The answer's first sentence from `fact`'s claim, for an asker in `region` on `as_of` ('' : none);
    without `say_where` where it holds is left out (a per-region line says it already), without `dated`
    the start day (a story line says when already). `since` is the day the claim began when earlier facts
    claimed the same (knowledge.answers.continuity; None: no start known), else the fact's own start."""
    claim = fact.claim
    if claim is None or claim.kind not in ANSWERING_KINDS:
        return ""
    value = claim.training if claim.kind == "training" else claim.opt_out
    template = LEADS[claim.kind].get(value or "")
    if template is None:
        return ""
    began = fact.valid_from if since == "fact" else since
    since_words = _(WORDS["since"]).format(day=_day(began)) if dated and began else ""
    return _(template).format(
        platform=platform_name or _(WORDS["the_platform"]),
        data=_data(claim),
        where=_where(fact, region) if say_where else "",
        since=f"{since_words} " if since_words else "",
        since_bare=f" {since_words}" if since_words else "",
        until=_(WORDS["until"]).format(day=_day(fact.valid_until)) if dated and fact.valid_until else "",
        deadline=_deadline(claim, as_of),
    )


def answers(fact: Claimant, kind: str) -> bool:
    """Whether the fact's claim is of `kind` ("training": it says yes or no; "opt_out": what to do)."""
    return fact.claim is not None and fact.claim.kind == kind


def nothing_to_stop(fact: Claimant) -> bool:
    """A claim that the platform does not train on these people's data now: no steps to take. A no about
    some data only (WhatsApp's personal chats) says nothing of the rest; "not yet" is when to act (an
    objection before the start keeps past data out), so its steps are shown."""
    claim = fact.claim
    if claim is None:
        return False
    stopped = claim.training in NOT_TRAINING and claim.training != "not_yet"
    # a no for some people only (Anthropic's commercial customers) leaves the rest their steps
    return (stopped and not claim.data and not claim.who) or claim.opt_out == "not_needed"


def partial_no(fact: Claimant) -> bool:
    """A no about some data only: no line of its own in "which countries" (it says nothing of the rest)."""
    return fact.claim is not None and fact.claim.training in NOT_TRAINING and bool(fact.claim.data)


def lead_of(fact: Fact, platform_name: str | None = None, *, dated: bool = True) -> str:
    """The claim in one sentence, where it holds left out (a line that says where or when already)."""
    return lead(fact, platform_name=platform_name, say_where=False, dated=dated)


def _data(claim: Claim) -> str:
    """What data, as the pack says it; in another language the pack's English words are quoted as such."""
    data = list(claim.data) if english() else [_(QUOTED).format(text=d) for d in claim.data]
    text = (
        data[0]
        if len(data) == 1
        else _(WORDS["comma"]).join(data[:-1]) + _(WORDS["and"]) + data[-1]
        if data
        else ""
    )
    text = text or _(WORDS["data"])
    return f"{text} ({claim.who})" if claim.who else text


def _where(fact: Fact, region: str | None) -> str:
    """' in the UK' for a known asker; else the fact's own regions, or nothing for everywhere."""
    if region and region != GLOBAL:
        return in_region(region_name(region))
    specific = [r for r in fact.regions if r != GLOBAL]
    if not specific or GLOBAL in fact.regions:
        return ""
    names = [region_short(r) if r != "us" else region_name(r) for r in specific]
    joined = names[0] if len(names) == 1 else _(WORDS["comma"]).join(names[:-1]) + _(WORDS["and"]) + names[-1]
    return in_region(joined)


def _deadline(claim: Claim, as_of: date | None) -> str:
    if claim.deadline is None or as_of is None:
        return ""
    key = "deadline_ahead" if claim.deadline >= as_of else "deadline_past"
    return _(WORDS[key]).format(day=_day(claim.deadline))


def _day(day: date | None) -> str:
    return day_text(day) if day else ""
