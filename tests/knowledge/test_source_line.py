"""Each source in a text answer names its publisher, the site it is on, and its date (issue 11, point 7)."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.answers.text import render_text, source_line
from knowledge.model import Source
from knowledge.service import Privy


@pytest.mark.parametrize(
    ("source", "line"),
    [
        (
            Source("https://www.linkedin.com/help/x", "Data for GenAI", "LinkedIn", date(2025, 9, 18)),
            "Data for GenAI (LinkedIn, linkedin.com, 18 Sep 2025)",
        ),
        (
            Source("https://ico.org.uk/news", "Our statement", "ICO"),
            "Our statement (ICO, ico.org.uk)",
        ),
        (
            Source("https://noyb.eu/en/x", "", "", date(2025, 5, 23)),
            "https://noyb.eu/en/x (noyb.eu, 23 May 2025)",
        ),
        (  # a publisher that is only the host is not said twice
            Source("https://WWW.Example.org/a", "A page", "example.org"),
            "A page (example.org)",
        ),
    ],
)
def test_source_line_shows_publisher_host_and_date(source: Source, line: str) -> None:
    assert source_line(source) == line


def test_a_copy_shows_the_site_it_is_really_on() -> None:
    """A source that names an outlet its URL is not: the reader sees the real host beside the name."""
    copy = Source("https://newsbite.mooo.com/story", "Story", "The Age", date(2024, 9, 1))
    assert source_line(copy) == "Story (The Age, newsbite.mooo.com, 1 Sep 2024)"


def test_the_answer_lists_sources_with_publisher_host_and_date(shared_privy: Privy) -> None:
    answer = shared_privy.ask("Is LinkedIn training AI on my data?", region="uk")
    reply = render_text(answer)
    lines = reply.split("Sources:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert lines, reply
    cited = {s.url: s for f in answer.facts for s in f.sources}
    for line in lines:
        url = line.rsplit(": ", 1)[1]
        source = cited[url]
        host = url.split("/")[2].removeprefix("www.")
        assert f"({source.publisher}, {host}" in line, line
        if source.date:
            assert f", {source.date.day} {source.date:%b %Y}): " in line, line
