"""knowledge/regions.py as tables: codes people type, how regions nest, and the names shown for them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge.regions import (
    COMMON_CHOICES,
    EEA,
    GLOBAL,
    UK,
    at_coverage,
    coverage,
    covering,
    display_name,
    groups_of,
    known_codes,
    normalize,
    short_name,
    suggest,
)


def test_known_codes_are_iso_countries_and_the_three_specials() -> None:
    codes = known_codes()
    assert {UK, EEA, GLOBAL, "de", "us", "no", "ch"} <= codes
    assert "gb" not in codes  # Great Britain is written `uk`
    assert "eu" not in codes  # the EU is the `eea` group
    assert all(c == c.lower() for c in codes)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("uk", UK),
        ("GB", UK),
        (" gb ", UK),
        ("EU", EEA),
        ("eea", EEA),
        ("DE", "de"),
        ("Germany", "de"),
        ("United Kingdom", UK),
        ("global", GLOBAL),
        ("Atlantis", None),
        ("", None),
        ("zz", None),
    ],
)
def test_normalize(typed: str, code: str | None) -> None:
    assert normalize(typed) == code


@pytest.mark.parametrize(
    ("code", "groups"),
    [
        ("de", (EEA, GLOBAL)),
        ("no", (EEA, GLOBAL)),  # Norway: EEA, not EU
        ("ch", (GLOBAL,)),  # Switzerland: neither
        (UK, (GLOBAL,)),  # the UK left
        ("us", (GLOBAL,)),
        (EEA, (GLOBAL,)),
        (GLOBAL, ()),
    ],
)
def test_groups_of(code: str, groups: tuple[str, ...]) -> None:
    assert groups_of(code) == groups


@pytest.mark.parametrize(
    ("fact_regions", "asker", "rank"),
    [
        ((UK,), UK, 3),
        (("de",), "de", 3),
        ((EEA,), "fr", 2),
        ((EEA, GLOBAL), "fr", 2),
        (("fr", EEA), "fr", 3),
        ((GLOBAL,), "fr", 1),
        ((GLOBAL,), UK, 1),
        ((EEA,), UK, 0),
        ((EEA,), "ch", 0),
        (("us",), "ca", 0),
        ((), "us", 0),
    ],
)
def test_coverage(fact_regions: tuple[str, ...], asker: str, rank: int) -> None:
    assert coverage(fact_regions, asker) == rank


@pytest.mark.parametrize(
    ("asker", "least", "codes"),
    [
        ("fr", 3, {"fr"}),
        ("fr", 2, {"fr", EEA}),
        ("fr", 1, {"fr", EEA, GLOBAL}),
        (UK, 2, {UK}),
        (UK, 1, {UK, GLOBAL}),
    ],
)
def test_covering_is_the_codes_that_reach_a_rank(asker: str, least: int, codes: set[str]) -> None:
    assert covering(asker, least) == codes
    for regions in [(c,) for c in sorted(known_codes())]:  # the same answer as coverage, fact by fact
        assert (coverage(regions, asker) >= least) == bool(set(regions) & codes)


@pytest.mark.parametrize(
    ("code", "display", "short"),
    [
        (UK, "the UK", "UK"),
        (EEA, "the EEA (EU, Iceland, Liechtenstein, Norway)", "EEA / EU"),
        (GLOBAL, "everywhere else", "Elsewhere"),
        ("us", "the US", "US"),
        ("de", "Germany", "Germany"),
        ("tw", "Taiwan", "Taiwan"),  # pycountry's common name, not "Taiwan, Province of China"
        ("zz", "zz", "zz"),
    ],
)
def test_names(code: str, display: str, short: str) -> None:
    assert display_name(code) == display
    assert short_name(code) == short


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("", COMMON_CHOICES[0]),
        ("uk", UK),
        ("germ", "de"),
        ("Germany", "de"),
        ("de", "de"),
        ("EU", EEA),
        ("zealand", "nz"),  # inside a name
    ],
)
def test_suggest_puts_the_best_first(typed: str, first: str) -> None:
    assert suggest(typed)[0] == first


def test_suggest_is_bounded_and_unique() -> None:
    assert suggest("") == list(COMMON_CHOICES)
    found = suggest("a", limit=10)
    assert len(found) == 10 and len(set(found)) == 10
    assert suggest("xqzj") == []


@given(
    st.lists(
        st.lists(st.sampled_from(["uk", "de", "fr", "eea", "global", "us", "ch"]), max_size=4).map(tuple)
    ),
    st.sampled_from(["uk", "de", "us", "ch", "br", "eea", "global"]),
    st.integers(0, 3),
)
def test_region_lists_at_a_coverage_are_those_coverage_rates_so(
    lists: list[tuple[str, ...]], asker: str, level: int
) -> None:
    assert at_coverage(lists, asker, level) == [r for r in lists if coverage(r, asker) == level]
