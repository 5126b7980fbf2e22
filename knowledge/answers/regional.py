"""What each region gets, computed from claims: one row a group of regions with the same training claim
and the same way out, for a day. It feeds "which countries...", "where can I opt out...", `bot.py status`
and `/privy status`, and says whether the asker's region has to be asked at all."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, Protocol, TypeVar

from knowledge.answers.lead import Claimant, nothing_to_stop, partial_no
from knowledge.answers.sources import best_sources
from knowledge.i18n.local import region_short
from knowledge.matching.index import Indexed, SearchIndex
from knowledge.model import Fact, Source
from knowledge.regions import GLOBAL, coverage

# When several training claims cover one region (posts yes, private messages no), the row shows the one
# that most changes what a person should do.
TRAINING_ORDER = ("yes", "paused", "opt_in", "not_yet", "no")
OPT_OUT_ORDER = ("setting", "form", "email", "none", "not_needed")


@dataclass(frozen=True)
class RegionRow:
    """The regions that get the same answer on a day, with the facts it rests on."""

    regions: tuple[str, ...]
    training: Fact | None
    opt_out: Fact | None

    @property
    def label(self) -> str:
        return ", ".join(region_short(r) for r in self.regions)  # in the reply's language

    @property
    def since(self) -> date | None:
        return self.training.valid_from if self.training else None

    @property
    def deadline(self) -> date | None:
        claim = self.opt_out.claim if self.opt_out else None
        return claim.deadline if claim else None

    @property
    def source(self) -> Source | None:
        found = best_sources([f for f in (self.training, self.opt_out) if f], 1)
        return found[0] if found else None

    def to_dict(self) -> dict[str, Any]:
        """One row of `status --json`."""
        t = self.training.claim if self.training else None
        o = self.opt_out.claim if self.opt_out else None
        source = self.source
        return {
            "regions": list(self.regions),
            "training": t.training if t else None,
            "data": list(t.data) if t else [],
            "since": self.since.isoformat() if self.since else None,
            "opt_out": o.opt_out if o else None,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "facts": [f.id for f in (self.training, self.opt_out) if f],
            "source": source.url if source else None,
        }


class Said(Claimant, Protocol):
    """A claimant with its steps (a Fact's tuple, or a search row's steps as stored: either way, equal
    steps compare equal), which say whether two ways out are the same."""

    @property
    def steps(self) -> object: ...


S = TypeVar("S", bound=Said)


@dataclass(frozen=True)
class Group(Generic[S]):
    """The regions that get the same training claim and the same way out, and who says so."""

    regions: tuple[str, ...]
    training: S | None
    opt_out: S | None


def region_rows(index: SearchIndex, platform: str, day: date) -> list[RegionRow]:
    """One row a group of regions that get the same claims on `day` from the platform's facts as the
    index's scope sees them, specific regions first, `global` last: grouped from the search rows in memory,
    and only the facts the rows show decoded."""
    groups = region_groups(live_rows(index, platform, day))
    facts = index.facts([s.id for g in groups for s in (g.training, g.opt_out) if s is not None])
    rows = []
    for g in groups:
        training = facts.get(g.training.id) if g.training else None
        opt_out = facts.get(g.opt_out.id) if g.opt_out else None
        if training or opt_out:
            rows.append(RegionRow(g.regions, training, opt_out))
    return rows


def live_rows(index: SearchIndex, platform: str, day: date) -> list[Indexed]:
    """The platform's search rows this scope sees that hold on `day`, by id (no fact decoded)."""
    iso = day.isoformat()
    return [r for r in index.rows(platform) if r.valid_on(iso)]


def region_groups(live: Iterable[S]) -> list[Group[S]]:
    """Group by the claims each region gets, of facts (or rows) holding on the day asked; those without a
    claim are not part of it."""
    trains, outs = _claims_of(live)
    codes = list(dict.fromkeys(r for f in (*trains, *outs) for r in f.regions if r != GLOBAL))
    groups: dict[tuple[str | None, str | None], list[str]] = {}
    picked: dict[tuple[str | None, str | None], tuple[S | None, S | None]] = {}
    for code in [*codes, GLOBAL]:
        t = _most_specific(trains, code, TRAINING_ORDER)
        o = way_out_beside(t, _most_specific(outs, code, OPT_OUT_ORDER, _who(t)))
        if t is None and o is None:
            continue
        key = (t.id if t else None, o.id if o else None)
        groups.setdefault(key, []).append(code)
        picked[key] = (t, o)
    found = [Group(tuple(regions), *picked[key]) for key, regions in groups.items()]
    return sorted(found, key=lambda g: GLOBAL in g.regions)


def rows_for(facts: Iterable[Fact], day: date, codes: Iterable[str]) -> dict[str, RegionRow]:
    """What an asker in each of `codes` is told on `day` (a region of its own, or one a group or `global`
    covers), by the same rule as region_rows: what alerts compare before and after a change."""
    trains, outs = _claims_of([f for f in facts if f.valid_on(day)])
    rows = {}
    for code in codes:
        training = _most_specific(trains, code, TRAINING_ORDER)
        out = way_out_beside(training, _most_specific(outs, code, OPT_OUT_ORDER, _who(training)))
        rows[code] = RegionRow((code,), training, out)
    return rows


def _claims_of(live: Iterable[S]) -> tuple[list[S], list[S]]:
    """The training and opt-out claims among facts (or rows) that hold on the day asked."""
    claimed = [f for f in live if f.claim is not None]
    trains = [f for f in claimed if f.claim and f.claim.kind == "training"]
    # A no about some data only, for everywhere (WhatsApp's chats), is no line about the rest; for a
    # region of its own (X's suspension in the EEA) it is that region's news, and shown.
    if any(not partial_no(f) for f in trains):
        trains = [f for f in trains if not (partial_no(f) and GLOBAL in f.regions)]
    outs = [f for f in claimed if f.claim and f.claim.kind == "opt_out"]
    return trains, outs


def claims_differ(live: Iterable[Said], kind: str) -> bool | None:
    """Whether askers in different regions would get different claims of `kind` ("training" or
    "opt_out") from these facts (or rows) holding on the day asked; None when none states such a claim
    (an old pack: decide some other way)."""
    groups = region_groups(live)
    if kind == "nothing_to_stop":  # is there something to switch off, region by region?
        return (
            len({g.training is not None and nothing_to_stop(g.training) for g in groups}) > 1
            if groups
            else None
        )
    if kind == "training":
        seen = {_training_sig(g.training) for g in groups}
    else:
        seen = {_opt_out_sig(g.opt_out) for g in groups}
    seen.discard(None)
    if not seen:
        return None
    return len(seen) > 1 or any(
        (_training_sig(g.training) if kind == "training" else _opt_out_sig(g.opt_out)) is None for g in groups
    )


def _training_sig(fact: Said | None) -> tuple[Any, ...] | None:
    if fact is None or fact.claim is None:
        return None
    return (fact.claim.training, fact.claim.data, fact.claim.who)


def _opt_out_sig(fact: Said | None) -> tuple[Any, ...] | None:
    if fact is None or fact.claim is None:
        return None
    return (fact.claim.opt_out, fact.claim.deadline, fact.steps)


def _most_specific(facts: list[S], code: str, order: tuple[str, ...], who: str | None = None) -> S | None:
    """The fact that covers `code` most specifically; among equals, the one for the same people as the
    training claim beside it (`who`), then one for everyone, then the claim first in `order`: Gemini's chat
    setting, not the robots.txt line for website owners, is the way out of training on Gemini chats."""
    scored = [(coverage(f.regions, code), f) for f in facts]
    scored = [(c, f) for c, f in scored if c > 0 and (code != GLOBAL or GLOBAL in f.regions)]
    if not scored:
        return None
    top = max(c for c, _ in scored)
    best = [f for c, f in scored if c == top]
    return min(best, key=lambda f: (for_whom(f, who), _position(f, order), f.id))


def way_out_beside(training: S | None, out: S | None) -> S | None:
    """The way out shown beside a training claim: none when those it is about are not trained on and the
    only way out is another group's (Claude's consumers before August 2025 beside ClaudeBot's robots.txt
    line for website owners)."""
    if training is None or out is None or training.claim is None:
        return out
    not_trained = training.claim.training in ("no", "opt_in")
    return None if not_trained and for_whom(out, _who(training)) == 2 else out


def _who(fact: Said | None) -> str | None:
    return fact.claim.who if fact is not None and fact.claim is not None else None


def for_whom(fact: Said, who: str | None) -> int:
    """0: the same people as `who`; 1: everyone; 2: some other group (website owners, admins)."""
    own = _who(fact)
    if own is not None and own == who:
        return 0
    return 1 if own is None else 2


def _position(fact: Said, order: tuple[str, ...]) -> int:
    claim = fact.claim
    value = (claim.training or claim.opt_out) if claim else None
    return order.index(value) if value in order else len(order)
