"""Issue 18, points 3 and 4: the registry on every write to the shared base (a server's own layer may cite
any https host), reprints, clean URLs, listings refused, first-party coverage, and `verified_from: archive`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

import bot
from knowledge.answers.text import render_text
from knowledge.curation.workflow import Curator
from knowledge.packs.format import PackError
from knowledge.packs.publishers import Publisher, Registry, first_party_coverage, source_problems
from knowledge.packs.source_urls import clean_url, listing_reason
from knowledge.service import Privy
from knowledge.store.facts import Author

MOD = Author("mod", "1001")
UNREGISTERED = (
    "the host unknown-news.example is not in the publisher registry: add {host: unknown-news.example, "
    "publisher: NAME, kind: KIND} to knowledge/publishers.yaml, or cite a registered site"
)


def fact(fid: str = "zoom-rules-1", **extra: Any) -> dict[str, Any]:
    return {
        "id": fid,
        "platform": "zoom",
        "regions": ["global"],
        "topic": "background",
        "question": f"Does Zoom train its AI on calls ({fid})?",
        "answer": "Zoom says it does not train its AI on audio, video or chat content.",
        "sources": [{"url": "https://zoom.com/trust/ai", "title": "AI at Zoom", "publisher": "Zoom"}],
        "verified": "2026-11-01",
        **extra,
    }


def pack(*facts: dict[str, Any]) -> str:
    return yaml.safe_dump({"pack": "t", "platforms": [], "facts": list(facts)})


def unregistered() -> dict[str, Any]:
    source = {
        "url": "https://unknown-news.example/2026/zoom-ai",
        "title": "Zoom and AI",
        "publisher": "Unknown News",
    }
    return fact(sources=[source])


# ---- clean URLs ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "clean"),
    [
        ("https://a.com/p?utm_source=x&utm_medium=y", "https://a.com/p"),
        ("https://a.com/p?id=3&UTM_Campaign=z#part", "https://a.com/p?id=3#part"),
        ("https://a.com/p/?ref=nucleo.jor.br", "https://a.com/p/"),
        ("https://a.com/p?fbclid=1&gclid=2&page=2", "https://a.com/p?page=2"),
        ("https://z.com/x/?ampDeviceId=2a1b&ampSessionId=17", "https://z.com/x/"),
        ("https://a.com/p?", "https://a.com/p"),
        ("https://learn.Microsoft.com./en-us/copilot", "https://learn.microsoft.com/en-us/copilot"),
        ("https://a.com:8443/P?q=A%20b", "https://a.com:8443/P?q=A%20b"),  # path and values untouched
        ("https://a.com/p?reference=1&refs=2", "https://a.com/p?reference=1&refs=2"),  # only whole names
    ],
)
def test_tracking_parameters_go_and_hosts_are_normalised(url: str, clean: str) -> None:
    assert clean_url(url) == clean


@pytest.mark.parametrize(
    ("url", "listing"),
    [
        ("https://www.theverge.com/", True),
        ("https://a.com", True),
        ("https://a.com/tag/privacy", True),
        ("https://a.com/news/topics/ai/", True),
        ("https://a.com/search?q=linkedin", True),
        ("https://unb.com.bd/category/Tech/reddit-sues-anthropic/161380", False),  # an article in a category
        ("https://a.com/2024/09/18/tagged-for-ai", False),
        ("https://a.com/?p=123", False),  # a page by its query
        # Microsoft's support articles live under /topic/, each named by a GUID
        (
            "https://support.microsoft.com/en-gb/topic/data-protection-1e7de2a4-5ca8-4e93-a6e6-1965def6a0fe",
            False,
        ),
        ("https://a.com/search?q=1e7de2a4-5ca8-4e93-a6e6-1965def6a0fe", True),
    ],
)
def test_listings_are_told_from_pages(url: str, listing: bool) -> None:
    assert (listing_reason(url) is not None) is listing


def test_a_stored_source_has_no_tracking_parameters(fresh_privy: Privy) -> None:
    source = {
        "url": "https://Zoom.com./trust/ai?utm_source=newsletter&lang=en",
        "publisher": "Zoom",
        "archive_url": "https://web.archive.org/web/2025/https://zoom.com/trust/ai?fbclid=9",
    }
    Curator(fresh_privy.scoped("")).import_text(pack(fact(sources=[source])), "t", MOD)
    stored = fresh_privy.store.get("zoom-rules-1")[0].sources[0]
    assert stored.url == "https://zoom.com/trust/ai?lang=en"
    assert stored.archive_url == "https://web.archive.org/web/2025/https://zoom.com/trust/ai"


def test_a_tag_page_is_refused_in_every_layer(fresh_privy: Privy) -> None:
    tag = fact(sources=[{"url": "https://www.theverge.com/tag/zoom", "publisher": "The Verge"}])
    for curator in (Curator(fresh_privy.scoped("")), Curator(fresh_privy.scoped("42"))):
        with pytest.raises(PackError) as exc:
            curator.import_text(pack(tag), "t", MOD)
        assert [str(p) for p in exc.value.problems] == [
            "zoom-rules-1: sources[0].url: https://www.theverge.com/tag/zoom is a /tag/ listing of pages; "
            "cite the page itself"
        ]


# ---- the registry on writes to the shared base -------------------------------------------------------------


def test_facts_import_refuses_an_unregistered_host_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PRIVY_DB", str(tmp_path / "privy.db"))
    path = tmp_path / "pack.yaml"
    path.write_text(pack(unregistered()), encoding="utf-8")
    assert bot.main(["facts", "import", str(path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"  zoom-rules-1: sources[0].url: {UNREGISTERED}",
        f"nothing imported: 1 problem(s) in {path}",
    ]
    assert bot.main(["facts", "history", "zoom-rules-1"]) == 1  # nothing was written


def test_a_home_server_save_refuses_an_unregistered_host(fresh_privy: Privy) -> None:
    fresh_privy.today = lambda: date(2026, 12, 7)  # the fact was re-verified that day (issue 18)
    curator = Curator(fresh_privy.scoped(""))  # the curators: the home server's moderators
    draft = curator.start_edit("zoom-ai-training-global-2023", MOD)
    state = curator.set_sources(
        draft.id, MOD, "https://unknown-news.example/2026/zoom-ai | Zoom AI | Unknown News"
    )
    assert [str(p) for p in state.problems] == [
        f"zoom-ai-training-global-2023: sources[0].url: {UNREGISTERED}"
    ]
    with pytest.raises(PackError):
        curator.publish(draft.id, MOD)
    assert "unknown-news" not in fresh_privy.store.get("zoom-ai-training-global-2023")[0].sources[0].url


def test_a_servers_own_layer_cites_any_https_host_shown_with_its_host(fresh_privy: Privy) -> None:
    server = Curator(fresh_privy.scoped("42"))
    server.import_text(pack(unregistered()), "t", MOD)
    answer = fresh_privy.scoped("42").ask("Does Zoom train its AI on calls (zoom-rules-1)?")
    assert answer.facts[0].id == "zoom-rules-1"
    assert (
        "- Zoom and AI (Unknown News, unknown-news.example): https://unknown-news.example/2026/zoom-ai"
        in (render_text(answer))
    )
    with pytest.raises(PackError):  # the same pack, for the shared base
        Curator(fresh_privy.scoped("")).import_text(pack(unregistered()), "t", MOD)


def test_a_verify_of_a_shared_fact_citing_an_unregistered_host_is_refused_but_retiring_it_is_not(
    fresh_privy: Privy,
) -> None:
    Curator(fresh_privy.scoped(""), require_registry=False).import_text(pack(unregistered()), "t", MOD)
    curator = Curator(fresh_privy.scoped(""))
    with pytest.raises(PackError) as exc:
        curator.verify("zoom-rules-1", MOD)
    assert UNREGISTERED in str(exc.value)
    assert curator.retire("zoom-rules-1", "its source is not a publisher we know", MOD).fact is not None


def test_a_servers_suggestion_citing_an_unregistered_host_cannot_be_approved(fresh_privy: Privy) -> None:
    town = Curator(fresh_privy.scoped("42"))
    town.import_text(pack(unregistered()), "t", MOD)
    change = town.suggest("zoom-rules-1", MOD, "Town")
    with pytest.raises(PackError) as exc:
        Curator(fresh_privy.scoped("")).approve(change.id, Author("curator", "2002"))
    assert str(exc.value.problems[0]) == f"zoom-rules-1: sources[0].url: {UNREGISTERED}"
    assert not fresh_privy.store.exists("zoom-rules-1")


# ---- reprints ---------------------------------------------------------------------------------------------
REGISTRY = Registry(
    [Publisher("thestar.com.my", "The Star (Malaysia)", "reprint"), Publisher("zoom.com", "Zoom", "official")]
)


@pytest.mark.parametrize(
    ("publisher", "title", "expected"),
    [
        ("Reuters", "Zoom says it will not train AI on calls (The Star (Malaysia))", []),
        ("Reuters", "Zoom says it will not train AI on calls (via thestar.com.my)", []),
        (
            "The Star (Malaysia)",
            "Zoom says it will not train AI on calls (The Star (Malaysia))",
            ["sources[0].publisher"],
        ),
        ("Reuters", "Zoom says it will not train AI on calls", ["sources[0].title"]),
    ],
)
def test_a_reprint_names_the_wire_as_publisher_and_the_site_in_its_title(
    publisher: str, title: str, expected: list[str]
) -> None:
    source = {
        "url": "https://www.thestar.com.my/tech/2024/01/02/zoom",
        "publisher": publisher,
        "title": title,
    }
    found = source_problems([{"id": "f", "sources": [source]}], REGISTRY)
    assert [p.field for p in found] == expected  # a reprint counts as the wire's, an original publisher


# ---- first-party coverage ------------------------------------------------------------------------------------


def test_coverage_counts_live_facts_with_a_first_party_source() -> None:
    press = [{"url": "https://www.theverge.com/2024/1/2/zoom-ai", "publisher": "The Verge"}]
    facts = [
        fact("a-official"),
        fact("b-press-explained", sources=press, first_party="none found: searched zoom.com/trust"),
        fact("c-press-silent", sources=press),
        fact("d-retired", sources=press, retired="superseded"),
    ]
    coverage = first_party_coverage(facts)
    assert (coverage.live, coverage.first_party) == (3, 1)
    assert coverage.explained == ["b-press-explained"] and coverage.unexplained == ["c-press-silent"]
    assert coverage.summary() == (
        "first-party sources: 1 of 3 live facts (33%); of the 2 without one, 1 say why, 1 do not:"
    )


def test_facts_check_reports_coverage_and_names_silent_facts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PRIVY_DB", str(tmp_path / "privy.db"))
    path = tmp_path / "pack.yaml"
    press = [{"url": "https://www.theverge.com/2024/1/2/zoom-ai", "publisher": "The Verge"}]
    path.write_text(pack(fact("a-official"), fact("c-press-silent", sources=press)), encoding="utf-8")
    assert bot.main(["facts", "check", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "first-party sources: 1 of 2 live facts (50%); of the 1 without one, 0 say why, 1 do not:",
        "  c-press-silent: no first-party source and no first_party note",
    ]


# ---- verified against a copy ---------------------------------------------------------------------------------


def test_a_fact_checked_only_against_a_copy_says_so_where_verification_is_shown(fresh_privy: Privy) -> None:
    Curator(fresh_privy.scoped("")).import_text(pack(fact(verified_from="archive")), "t", MOD)
    text = render_text(fresh_privy.ask("Does Zoom train its AI on calls (zoom-rules-1)?"))
    assert "Last verified 1 Nov 2026, against a stored copy of its sources." in text
