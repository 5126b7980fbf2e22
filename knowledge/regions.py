"""Region codes and how they nest: ISO countries, `uk`, the `eea` group and `global`."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from itertools import compress
from operator import and_, not_

import pycountry

GLOBAL = "global"
EEA = "eea"
UK = "uk"

# The EEA is a legal grouping that no place library carries: the 27 EU member states plus
# Iceland, Liechtenstein and Norway (EEA Agreement). Changes only by treaty.
EEA_MEMBERS = frozenset(
    """at be bg hr cy cz dk ee fi fr de gr hu ie it lv lt lu mt nl pl pt ro sk si es se is li no""".split()
)

# Codes people write that are not the contract's: Great Britain is `uk`, the EU is the EEA group.
CODE_ALIASES = {"gb": UK, "eu": EEA, "elsewhere": GLOBAL}  # "Elsewhere" is how the region choices show global

# The regions a user picks from when the answer differs by region (Discord buttons, the clarify JSON).
COMMON_CHOICES = ("uk", "eea", "ch", "us", "ca", "au", "in", "br", GLOBAL)


@cache
def known_codes() -> frozenset[str]:
    """Every region code a fact or a user may name."""
    iso = {c.alpha_2.lower() for c in pycountry.countries}
    return frozenset((iso - {"gb"}) | {UK, EEA, GLOBAL})


def normalize(code: str) -> str | None:
    """The contract's code for what a user typed ('GB' -> 'uk', 'EU' -> 'eea'), or None if unknown."""
    text = code.strip().lower()
    text = CODE_ALIASES.get(text, text)
    if text in known_codes():
        return text
    country = _country_by_name(code.strip())
    return country


def _country_by_name(name: str) -> str | None:
    try:
        found = pycountry.countries.lookup(name)
    except LookupError:
        return None
    code = found.alpha_2.lower()
    return CODE_ALIASES.get(code, code)


def groups_of(code: str) -> tuple[str, ...]:
    """The groups a region belongs to, most specific first (always ending in `global`)."""
    if code == GLOBAL:
        return ()
    if code in EEA_MEMBERS:
        return (EEA, GLOBAL)
    return (GLOBAL,)


def coverage(fact_regions: tuple[str, ...], asker: str) -> int:
    """How specifically a fact's regions cover the asker: 3 exact, 2 via a group, 1 global, 0 not at all."""
    if asker in fact_regions:
        return 3
    for group in _specific_groups(asker):
        if group in fact_regions:
            return 2
    if GLOBAL in fact_regions:
        return 1
    return 0


@cache
def covering(asker: str, least: int) -> frozenset[str]:
    """The codes a fact's regions need one of for coverage(regions, asker) >= least (3, 2 or 1): the
    asker's own, then its groups, then `global`. One set test per fact, where there are many facts."""
    codes = {asker}
    if least <= 2:
        codes.update(_specific_groups(asker))
    if least <= 1:
        codes.add(GLOBAL)
    return frozenset(codes)


def at_coverage(region_lists: Iterable[tuple[str, ...]], asker: str, level: int) -> list[tuple[str, ...]]:
    """The region lists whose coverage of the asker is exactly `level` (0-3), in order: `coverage` as
    set tests made in C (a big platform's facts of a topic speak for dozens of region lists, and a
    Python call each was most of an answer's story on the skewed benchmark)."""
    lists = list(region_lists)
    if level <= 0:
        return list(compress(lists, map(covering(asker, 1).isdisjoint, lists)))
    reaches = map(not_, map(covering(asker, level).isdisjoint, lists))
    if level >= 3:
        return list(compress(lists, reaches))
    return list(compress(lists, map(and_, reaches, map(covering(asker, level + 1).isdisjoint, lists))))


@cache
def _specific_groups(code: str) -> tuple[str, ...]:
    """groups_of(code) without `global`, worked out once per code: coverage runs for every fact scored."""
    return tuple(g for g in groups_of(code) if g != GLOBAL)


@cache
def display_name(code: str) -> str:
    """A human name for a region code ('uk' -> 'the UK', 'eea' -> 'the EEA')."""
    special = {
        UK: "the UK",
        EEA: "the EEA (EU, Iceland, Liechtenstein, Norway)",
        GLOBAL: "everywhere else",
        "us": "the US",
    }
    if code in special:
        return special[code]
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def short_name(code: str) -> str:
    """A compact label for buttons and titles ('uk' -> 'UK', 'de' -> 'Germany')."""
    special = {UK: "UK", EEA: "EEA / EU", GLOBAL: "Elsewhere", "us": "US"}
    return special.get(code) or display_name(code)


@cache
def _searchable() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(code, names) for every known code, common choices first, then by name."""
    rest = sorted(known_codes() - set(COMMON_CHOICES), key=lambda c: display_name(c).lower())
    out = []
    for code in (*COMMON_CHOICES, *rest):
        iso = pycountry.countries.get(alpha_2="GB" if code == UK else code.upper())
        names = {short_name(code), display_name(code), display_name(code).removeprefix("the ")}
        names |= {getattr(iso, k) for k in ("name", "official_name", "common_name") if hasattr(iso, k)}
        out.append((code, tuple(sorted(n.lower() for n in names))))
    return tuple(out)


def suggest(text: str, limit: int = 25) -> list[str]:
    """Region codes matching what a user has typed so far, best first (for autocomplete)."""
    typed = " ".join(text.lower().split())
    if not typed:
        return list(COMMON_CHOICES)[:limit]
    exact = normalize(typed)
    ranked: list[list[str]] = [[exact] if exact else [], [], [], []]
    for code, names in _searchable():
        if code.startswith(typed):
            ranked[1].append(code)
        elif any(n.startswith(typed) for n in names):
            ranked[2].append(code)
        elif any(typed in n for n in names):
            ranked[3].append(code)
    return list(dict.fromkeys(c for group in ranked for c in group))[:limit]
