"""The embedded pack against the publisher registry (knowledge/publishers.yaml), with the checker that
`facts check` runs: every source names the owner of its URL's host, copies only as archive_url, every live
fact on an original publisher. And the registry file itself: one sorted entry per host, known kinds."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.packs import publishers
from knowledge.packs.format import PACKS_DIR, read_pack_file

REGISTRY = publishers.default_registry()
PACKS = sorted(PACKS_DIR.glob("*.yaml"))


def test_the_registry_is_one_sorted_entry_per_host_with_a_known_kind() -> None:
    hosts = list(REGISTRY.by_host)
    assert hosts == sorted(hosts) and len(hosts) > 100
    for entry in REGISTRY.by_host.values():
        assert entry.kind in publishers.KINDS and entry.name.strip(), entry
        assert entry.host == entry.host.lower() and not entry.host.startswith("www."), entry


def test_subdomains_take_the_most_specific_entry() -> None:
    assert REGISTRY.lookup("help.openai.com").host == "openai.com"
    assert REGISTRY.lookup("groups.google.com").host == "groups.google.com"  # a copy, not Google's own
    assert REGISTRY.lookup("learn.microsoft.com.").host == "microsoft.com"
    assert REGISTRY.lookup("example.invalid") is None


@pytest.mark.parametrize("pack", PACKS, ids=[p.name for p in PACKS])
def test_every_source_of_the_embedded_pack_passes_the_registry(pack: Path) -> None:
    facts = [f for f in read_pack_file(pack)["facts"] if not f.get("retired")]
    problems = publishers.source_problems(facts, REGISTRY)
    assert [str(p) for p in problems] == []


def test_facts_check_applies_the_registry_to_the_embedded_pack(capsys: pytest.CaptureFixture[str]) -> None:
    import bot

    for pack in PACKS:
        assert bot.main(["facts", "check", str(pack)]) == 0, capsys.readouterr()
