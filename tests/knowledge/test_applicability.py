"""Hard applicability over the whole embedded base: an answer never rests on a fact whose regions do not
cover the asker, or that does not hold on the day asked (issue 17, point 2).

Every platform × 22 places × 5 dates × 5 phrasings, each also followed by "and in <another place>?" and
"what about <another platform>?": some 35,000 answers, a few seconds.
"""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.answers.followup import Context
from knowledge.model import Answer
from knowledge.places import resolve_region
from knowledge.regions import coverage
from knowledge.service import Privy

# (how people write it, the region it must resolve to)
PLACES = [
    ("Leeds", "uk"),
    ("Scotland", "uk"),
    ("Texas", "us"),
    ("NYC", "us"),
    ("the states", "us"),
    ("Dublin", "ie"),
    ("Munich", "de"),
    ("Bavaria", "de"),
    ("Paris", "fr"),
    ("Catalonia", "es"),
    ("Oslo", "no"),
    ("Zurich", "ch"),
    ("Sydney", "au"),
    ("India", "in"),
    ("Bengaluru", "in"),
    ("Canada", "ca"),
    ("Quebec", "ca"),
    ("Toronto", "ca"),
    ("Tokyo", "jp"),
    ("Hong Kong", "hk"),
    ("Brazil", "br"),
    ("Mexico", "mx"),
]
DATES = [date(2024, 6, 1), date(2024, 8, 20), date(2024, 10, 1), date(2025, 6, 1), date(2026, 11, 30)]
PHRASINGS = [
    "Is {p} training AI on my posts? I'm in {c}",
    "How do I stop {p} using my data for AI? I live in {c}",
    "can i opt out of {p} ai training? {c} here",
    "is {p} using my data for ai in {c}",
    "does {p} use my photos to train its models, im in {c}",
]


def violations(answer: Answer, region: str) -> list[str]:
    """The facts an answer rests on that do not cover `region` or do not hold on its day."""
    if answer.status != "answered":
        return []
    return [
        f"{f.id} {list(f.regions)} {f.valid_from}..{f.valid_until}"
        for f in answer.facts
        if coverage(f.regions, region) == 0 or not f.valid_on(answer.as_of)
    ]


@pytest.mark.parametrize(("place", "code"), PLACES)
def test_every_place_is_read(place: str, code: str) -> None:
    assert resolve_region(f"I'm in {place}") == code


@pytest.mark.parametrize(("place", "code"), PLACES, ids=[p for p, _ in PLACES])
def test_no_answer_rests_on_a_fact_that_does_not_cover_the_asker(
    shared_privy: Privy, place: str, code: str
) -> None:
    platforms = shared_privy.store.platforms()
    other_place, other_code = PLACES[(PLACES.index((place, code)) + 7) % len(PLACES)]
    found: list[str] = []
    for n, platform in enumerate(platforms):
        other = platforms[(n + 1) % len(platforms)]
        for day in DATES:
            for phrasing in PHRASINGS:
                question = phrasing.format(p=platform.name, c=place)
                answer = shared_privy.ask(question, as_of=day)
                assert answer.region == code, question
                found += [f"{question} ({day}): {v}" for v in violations(answer, code)]
                context = Context.of(answer)
                if context is None:
                    continue
                for follow, where in (
                    (f"and in {other_place}?", other_code),
                    (f"what about {other.name}?", code),
                ):
                    then = shared_privy.ask(follow, as_of=day, context=context)
                    if then.status == "answered":
                        assert then.region == where, (question, follow)
                    found += [f"{question} -> {follow} ({day}): {v}" for v in violations(then, where)]
    assert found == []


def test_nothing_covering_the_asker_says_so_and_shows_elsewhere_as_such(shared_privy: Privy) -> None:
    """A platform with facts only for some regions: another region's fact is shown as theirs, never as
    the asker's answer."""
    for platform in shared_privy.store.platforms():
        for day in DATES:
            answer = shared_privy.ask(f"Is {platform.name} training AI on my posts? I'm in Tokyo", as_of=day)
            if answer.nearby:
                assert answer.status == "no_match" and answer.facts == []
                assert all(coverage(f.regions, "jp") == 0 for f in answer.nearby)
