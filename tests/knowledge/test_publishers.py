"""The publisher registry: hosts and their subdomains, and the source rules a pack check applies with it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import bot
from knowledge.curation.workflow import Curator
from knowledge.packs import publishers
from knowledge.packs.format import PackError, check_pack
from knowledge.packs.publishers import Publisher, Registry, default_registry, parse_registry, source_problems
from knowledge.service import Privy

REGISTRY = Registry(
    [
        Publisher("example.com", "Example", "official"),
        Publisher("blog.example.com", "Example Blog", "blog"),
        Publisher("regulator.gov", "The Regulator", "regulator"),
        Publisher("mirror.org", "Mirror", "copy"),
        Publisher("digest.net", "Digest", "aggregator"),
    ]
)


def src(url: str, publisher: str | None = None, **extra: str) -> dict[str, Any]:
    return {"url": url, **({"publisher": publisher} if publisher else {}), **extra}


def problems(*sources: dict[str, Any]) -> list[str]:
    return [str(p) for p in source_problems([{"id": "f1", "sources": list(sources)}], REGISTRY)]


@pytest.mark.parametrize(
    ("host", "publisher"),
    [
        ("example.com", "Example"),
        ("www.example.com", "Example"),
        ("help.www.example.com", "Example"),
        ("WWW.Example.COM.", "Example"),
        ("blog.example.com", "Example Blog"),  # the most specific registered host wins
        ("www.blog.example.com", "Example Blog"),
        ("notexample.com", None),  # a subdomain, not any host ending in the same letters
        ("example.com.evil.net", None),
        ("com", None),
    ],
)
def test_a_host_is_its_own_or_its_nearest_registered_parents(host: str, publisher: str | None) -> None:
    found = REGISTRY.lookup(host)
    assert (found.name if found else None) == publisher


def test_a_url_is_looked_up_by_its_host_without_port_or_user() -> None:
    found = REGISTRY.for_url("https://user@WWW.example.com:8443/a?b#c")
    assert found is not None and found.name == "Example"


def test_sources_from_original_publishers_with_their_names_pass() -> None:
    assert problems(src("https://www.example.com/help", "Example")) == []
    assert (
        problems(src("https://example.com/a", "Example", archive_url="https://mirror.org/example.com/a"))
        == []
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            src("https://unknown.io/x", "Unknown"),
            [
                "f1: sources[0].url: the host unknown.io is not in the publisher registry: add "
                "{host: unknown.io, publisher: NAME, kind: KIND} to knowledge/publishers.yaml, or cite a registered site"
            ],
        ),
        (
            src("https://example.com/x", "Example", archive_url="https://cache.io/x"),
            [
                "f1: sources[0].archive_url: the host cache.io is not in the publisher registry: add "
                "{host: cache.io, publisher: NAME, kind: KIND} to knowledge/publishers.yaml, or cite a registered site"
            ],
        ),
        (
            src("https://example.com/x", "Example News"),
            [
                "f1: sources[0].publisher: is 'Example News'; the registry names example.com's publisher 'Example'"
            ],
        ),
        (
            src("https://www.example.com/x"),
            [
                "f1: sources[0].publisher: is missing; the registry names www.example.com's publisher 'Example'"
            ],
        ),
        (
            src("https://mirror.org/example.com/x", "Mirror"),
            [
                "f1: sources[0].url: mirror.org is a copy (Mirror): cite the original as url, and this as its "
                "archive_url",
                "f1: sources: no source from an original publisher (official, regulator, court, ngo, press, law)",
            ],
        ),
        (
            src("https://blog.example.com/post", "Example Blog"),
            [
                "f1: sources[0].url: blog.example.com is a blog (Example Blog): cite the original as url, and "
                "this as its archive_url",
                "f1: sources: no source from an original publisher (official, regulator, court, ngo, press, law)",
            ],
        ),
    ],
    ids=["unknown-host", "unknown-archive", "wrong-publisher", "no-publisher", "copy-as-url", "blog-as-url"],
)
def test_each_rule_names_the_fact_and_the_field(source: dict[str, Any], expected: list[str]) -> None:
    assert problems(source) == expected


def test_an_aggregator_beside_an_original_is_still_not_a_url() -> None:
    got = problems(src("https://regulator.gov/r", "The Regulator"), src("https://digest.net/r", "Digest"))
    assert got == [
        "f1: sources[1].url: digest.net is an aggregator (Digest): cite the original as url, and this as its "
        "archive_url"
    ]


def test_a_fact_with_an_unregistered_host_is_not_also_told_it_lacks_an_original() -> None:
    assert problems(src("https://unknown.io/x", "Unknown"), src("https://mirror.org/x", "Mirror"))[-1] == (
        "f1: sources[1].url: mirror.org is a copy (Mirror): cite the original as url, and this as its archive_url"
    )


def test_the_shipped_registry_reads_and_covers_every_kind_of_rule() -> None:
    registry = default_registry()
    assert all(p.kind in publishers.KINDS for p in registry.by_host.values())
    assert {p.kind for p in registry.by_host.values()} >= {"official", "regulator", "copy"}


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            {"host": "Example.com", "publisher": "E", "kind": "official"},
            "host: must be a lower-case host name",
        ),
        ({"host": "example.com", "publisher": "E", "kind": "rumour"}, "kind: must be one of official,"),
        ({"host": "example.com", "publisher": "", "kind": "press"}, "publisher: must be a name"),
        ({"host": "example.com", "publisher": "E", "kind": "press", "url": "x"}, "url: unknown field"),
    ],
)
def test_a_malformed_registry_entry_is_named(entry: dict[str, Any], message: str) -> None:
    with pytest.raises(PackError) as exc:
        parse_registry({"publishers": [entry]})
    assert message in str(exc.value.problems[0])


def test_a_host_registered_twice_is_refused() -> None:
    entry = {"host": "example.com", "publisher": "E", "kind": "press"}
    with pytest.raises(PackError) as exc:
        parse_registry({"publishers": [entry, entry]})
    assert (
        str(exc.value.problems[0]) == "publishers.yaml: publishers[1]: host: example.com is registered twice"
    )


# ---- the switch: on in `facts check` (unless --without-registry), and wherever REQUIRE_REGISTRY is set ----
FACT = {
    "id": "reg-fact-1",
    "platform": "linkedin",
    "regions": ["uk"],
    "topic": "status",
    "question": "Is LinkedIn training AI on UK members' posts?",
    "answer": "A test answer.",
    "verified": "2026-01-01",
}


def pack_file(tmp_path: Path, sources: list[dict[str, Any]]) -> Path:
    path = tmp_path / "pack.yaml"
    path.write_text(yaml.safe_dump({"pack": "t", "facts": [{**FACT, "sources": sources}]}), encoding="utf-8")
    return path


COPY_ONLY = [src("https://web.archive.org/web/2025/https://www.linkedin.com/help", "LinkedIn")]
ORIGINAL = [
    src("https://www.linkedin.com/help/linkedin/answer/a5538339", "LinkedIn", archive_url=COPY_ONLY[0]["url"])
]


def test_the_switch_is_off_by_default_and_check_pack_obeys_it() -> None:
    data = {"pack": "t", "facts": [{**FACT, "sources": COPY_ONLY}]}
    assert check_pack(data, {"linkedin"}) == []
    assert [p.field for p in check_pack(data, {"linkedin"}, require_registry=True)] == [
        "sources[0].url",
        "sources[0].publisher",
        "sources",
    ]


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Any:
    monkeypatch.setenv("PRIVY_DB", str(tmp_path / "privy.db"))
    monkeypatch.setattr(publishers, "REQUIRE_REGISTRY", False)  # restored after: the flag sets it

    def run(*argv: str) -> tuple[int, str, str]:
        code = bot.main(["facts", *argv])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def test_facts_check_applies_the_registry_unless_told_not_to(cli: Any, tmp_path: Path) -> None:
    copy_only = pack_file(tmp_path, COPY_ONLY)
    assert cli("check", str(copy_only), "--without-registry")[0] == 0
    code, out, _ = cli("check", str(copy_only))
    assert code == 1
    assert "reg-fact-1: sources[0].url: web.archive.org is a copy (Internet Archive)" in out
    assert "reg-fact-1: sources[0].publisher: is 'LinkedIn'; the registry names web.archive.org's" in out
    assert cli("check", str(pack_file(tmp_path, ORIGINAL)))[0] == 0


def test_with_the_switch_on_an_import_is_refused_whole(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("history", "reg-fact-1")[0] == 1  # the base is made, and seeded, before the switch
    monkeypatch.setattr(publishers, "REQUIRE_REGISTRY", True)
    code, _, err = cli("import", str(pack_file(tmp_path, COPY_ONLY)))
    assert code == 1 and "nothing imported: 3 problem(s)" in err
    assert cli("history", "reg-fact-1")[0] == 1
    assert cli("import", str(pack_file(tmp_path, ORIGINAL)))[0] == 0


def test_with_the_switch_on_fact_import_in_discord_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    curator = Curator(Privy(":memory:"))
    monkeypatch.setattr(publishers, "REQUIRE_REGISTRY", True)
    text = yaml.safe_dump({"pack": "t", "facts": [{**FACT, "sources": COPY_ONLY}]})
    with pytest.raises(PackError) as exc:
        curator.read_pack(text)
    assert len(exc.value.problems) == 3
