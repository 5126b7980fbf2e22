"""Whether what people in a region are told changed: the per-region rows before and after, compared by what
they claim (not by which fact says it), and grouped into one change per set of regions that changed alike."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from knowledge.answers.regional import RegionRow, rows_for
from knowledge.model import Fact
from knowledge.regions import GLOBAL, coverage


@dataclass(frozen=True)
class Transition:
    """Regions whose answer changed the same way: one alert."""

    regions: tuple[str, ...]
    before: RegionRow
    after: RegionRow


def told(row: RegionRow) -> tuple[Any, ...]:
    """What a row tells a person: the training claim and since when, the way out, its deadline and steps.
    Two facts saying the same are the same answer; a reworded explanation is not a change."""
    t, o = row.training, row.opt_out
    tc, oc = (t.claim if t else None), (o.claim if o else None)
    return (
        (tc.training, tc.data, tc.who, t.valid_from) if t and tc else None,
        (oc.opt_out, oc.deadline, (o.steps if o else ())) if oc else None,
    )


def codes_of(facts: Iterable[Fact], extra: Iterable[str] = ()) -> list[str]:
    """The regions worth comparing: every region the facts name, those asked for, and `global`."""
    return list(dict.fromkeys([*(r for f in facts for r in f.regions), *extra, GLOBAL]))


def transitions(before: dict[str, RegionRow], after: dict[str, RegionRow]) -> list[Transition]:
    """The regions whose answer differs between the two, grouped by how it changed."""
    groups: dict[tuple[Any, ...], list[str]] = {}
    for code, old in before.items():
        new = after[code]
        key = (told(old), told(new))
        if key[0] != key[1]:
            groups.setdefault(key, []).append(code)
    ordered = [sorted(codes, key=lambda c: c == GLOBAL) for codes in groups.values()]  # "Elsewhere" last
    return [Transition(tuple(codes), before[codes[0]], after[codes[0]]) for codes in ordered]


def between(
    old: list[Fact], new: list[Fact], day_before: date, day_after: date, extra: Iterable[str] = ()
) -> tuple[list[Transition], list[str]]:
    """What changed from `old` on `day_before` to `new` on `day_after`, and the regions compared."""
    codes = codes_of([*old, *new], extra)
    return transitions(rows_for(old, day_before, codes), rows_for(new, day_after, codes)), codes


def restrict(regions: tuple[str, ...], wanted: tuple[str, ...]) -> tuple[str, ...]:
    """The regions of a change a subscription asked for (all when it named none)."""
    return regions if not wanted else tuple(r for r in regions if r in wanted)


def applies(regions: Iterable[str], known: Iterable[str], code: str) -> bool:
    """Whether a change to `regions` (out of the `known` regions compared) changed what people in `code`
    are told: the most specific of the compared regions that covers `code` is among the changed ones."""
    changed = set(regions)
    covering = [(coverage((k,), code), k) for k in known]
    covering = [(c, k) for c, k in covering if c > 0]
    if not covering:
        return False
    top = max(c for c, _ in covering)
    return any(k in changed for c, k in covering if c == top)
