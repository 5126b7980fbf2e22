"""The benchmark's own answer key: which fact answers a question, without asking the core.

The rule is the contract's, written out plainly so a reader can check it by eye: of the facts on the
question's subject and topic that hold on the day, the one whose regions name the asker's region most
specifically wins (the country itself, then a group the country belongs to, then `global`); a tie means
there is no single answer. The only group is the EEA, listed here from the treaty, not from the core.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

GLOBAL = "global"
EEA = "eea"
UK = "uk"

# EEA Agreement: the 27 EU member states, then Iceland, Liechtenstein and Norway. The UK left in 2020.
EEA_COUNTRIES = frozenset(
    {
        "at",  # Austria
        "be",  # Belgium
        "bg",  # Bulgaria
        "hr",  # Croatia
        "cy",  # Cyprus
        "cz",  # Czechia
        "dk",  # Denmark
        "ee",  # Estonia
        "fi",  # Finland
        "fr",  # France
        "de",  # Germany
        "gr",  # Greece
        "hu",  # Hungary
        "ie",  # Ireland
        "it",  # Italy
        "lv",  # Latvia
        "lt",  # Lithuania
        "lu",  # Luxembourg
        "mt",  # Malta
        "nl",  # Netherlands
        "pl",  # Poland
        "pt",  # Portugal
        "ro",  # Romania
        "sk",  # Slovakia
        "si",  # Slovenia
        "es",  # Spain
        "se",  # Sweden
        "is",  # Iceland
        "li",  # Liechtenstein
        "no",  # Norway
    }
)

EXACT, GROUP, EVERYWHERE, NOT_COVERED = 3, 2, 1, 0


def specificity(fact_regions: Iterable[str], asker: str) -> int:
    """How specifically a fact's regions name the asker's region: exact, via the EEA, global, or not."""
    regions = set(fact_regions)
    if asker in regions:
        return EXACT
    if asker in EEA_COUNTRIES and EEA in regions:
        return GROUP
    if GLOBAL in regions:
        return EVERYWHERE
    return NOT_COVERED


def holds_on(fact: dict[str, Any], day: date) -> bool:
    """True when `day` is inside the fact's validity (both ends included, either end open)."""
    start, end = fact.get("valid_from"), fact.get("valid_until")
    if start is not None and day < start:
        return False
    return not (end is not None and day > end)


def answering_fact(candidates: Iterable[dict[str, Any]], asker: str, day: date) -> dict[str, Any] | None:
    """The one fact of `candidates` (same subject and topic) that answers for `asker` on `day`, or None
    when none covers the asker or two tie for most specific."""
    scored = [(specificity(f["regions"], asker), f) for f in candidates if holds_on(f, day)]
    scored = [(s, f) for s, f in scored if s > NOT_COVERED]
    if not scored:
        return None
    best = max(s for s, _ in scored)
    winners = [f for s, f in scored if s == best]
    return winners[0] if len(winners) == 1 else None
