"""At most three sources, the platform's own page and the regulator's first (issue 17, point 7)."""

from __future__ import annotations

from datetime import date

from knowledge.answers.sources import best_sources, kind_of
from knowledge.answers.text import render_text, source_line
from knowledge.model import Fact, Source
from knowledge.service import Privy

PRESS = Source("https://arstechnica.com/a", "A report", "Ars Technica", date(2024, 9, 20))
REGULATOR = Source("https://ico.org.uk/statement", "Our statement", "Information Commissioner's Office")
OFFICIAL = Source("https://www.linkedin.com/help/x", "Control your data", "LinkedIn")
NGO = Source("https://www.openrightsgroup.org/x", "Complaint", "Open Rights Group")


def _fact(*sources: Source) -> Fact:
    return Fact("f", ("uk",), "status", "q", "a", sources, date(2026, 11, 1), platform="linkedin")


def test_the_platform_and_the_regulator_come_before_the_press() -> None:
    assert [kind_of(s) for s in (PRESS, REGULATOR, OFFICIAL, NGO)] == [
        "press",
        "regulator",
        "official",
        "ngo",
    ]
    assert best_sources([_fact(PRESS, NGO, REGULATOR, OFFICIAL)]) == [OFFICIAL, REGULATOR, NGO]


def test_each_url_once_across_the_facts_shown() -> None:
    assert best_sources([_fact(PRESS, OFFICIAL), _fact(OFFICIAL, PRESS)]) == [OFFICIAL, PRESS]


def test_a_label_is_shown_as_our_description() -> None:
    label = Source("https://arstechnica.com/a", "Report on the change", "Ars Technica", title_is_label=True)
    assert source_line(label) == "Our description: Report on the change (Ars Technica, arstechnica.com)"


def test_uk_linkedin_opt_out_shows_linkedins_own_page_first(shared_privy: Privy) -> None:
    answer = shared_privy.ask("im in the uk can i opt out of linkedin ai")
    first = render_text(answer).split("Sources:\n", 1)[1].splitlines()[0]
    assert "linkedin.com/help" in first, first
