"""The benchmark's answer key, as tables: most specific region wins, valid on the day, a tie is no answer."""

from __future__ import annotations

from datetime import date

import pytest

from benchmarks.truth import EEA_COUNTRIES, answering_fact, holds_on, specificity


@pytest.mark.parametrize(
    ("regions", "asker", "expected"),
    [
        (["de"], "de", 3),
        (["eea"], "de", 2),
        (["global"], "de", 1),
        (["fr"], "de", 0),
        (["eea", "global"], "no", 2),  # Norway is in the EEA
        (["eea"], "ch", 0),  # Switzerland is not
        (["eea"], "uk", 0),  # nor, since 2020, the UK
        (["uk"], "uk", 3),
        (["us", "global"], "us", 3),
        (["us", "global"], "ca", 1),
    ],
)
def test_specificity(regions: list[str], asker: str, expected: int) -> None:
    assert specificity(regions, asker) == expected


def test_the_eea_is_the_eu_and_three() -> None:
    assert len(EEA_COUNTRIES) == 30 and {"is", "li", "no"} <= EEA_COUNTRIES and "ch" not in EEA_COUNTRIES


@pytest.mark.parametrize(
    ("window", "day", "expected"),
    [
        ({}, date(2020, 1, 1), True),
        ({"valid_from": date(2024, 6, 1)}, date(2024, 6, 1), True),
        ({"valid_from": date(2024, 6, 1)}, date(2024, 5, 31), False),
        ({"valid_until": date(2024, 6, 1)}, date(2024, 6, 1), True),
        ({"valid_until": date(2024, 6, 1)}, date(2024, 6, 2), False),
    ],
)
def test_holds_on(window: dict[str, date], day: date, expected: bool) -> None:
    assert holds_on(window, day) is expected


UK_FACT = {"id": "uk", "regions": ["uk"]}
EEA_FACT = {"id": "eea", "regions": ["eea"]}
GLOBAL_FACT = {"id": "global", "regions": ["global"]}
OLD_DE = {"id": "old-de", "regions": ["de"], "valid_until": date(2024, 12, 31)}
NEW_DE = {"id": "new-de", "regions": ["de"], "valid_from": date(2025, 1, 1)}
TWIN = {"id": "twin", "regions": ["uk"]}
FAMILY = [UK_FACT, EEA_FACT, GLOBAL_FACT, OLD_DE, NEW_DE]


@pytest.mark.parametrize(
    ("facts", "asker", "day", "expected"),
    [
        (FAMILY, "uk", date(2025, 6, 1), "uk"),
        (FAMILY, "fr", date(2025, 6, 1), "eea"),
        (FAMILY, "us", date(2025, 6, 1), "global"),
        (FAMILY, "de", date(2024, 6, 1), "old-de"),
        (FAMILY, "de", date(2025, 6, 1), "new-de"),
        ([UK_FACT, TWIN], "uk", date(2025, 6, 1), None),  # a tie: no single answer
        ([UK_FACT], "fr", date(2025, 6, 1), None),  # nothing covers France
        ([OLD_DE], "de", date(2025, 6, 1), None),  # nothing holds that day
    ],
)
def test_answering_fact(facts: list[dict], asker: str, day: date, expected: str | None) -> None:
    found = answering_fact(facts, asker, day)
    assert (found["id"] if found else None) == expected
