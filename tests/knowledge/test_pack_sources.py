"""The embedded pack's sources against the publisher registry (knowledge/publishers.yaml), standalone.

A reader decides from a source whether to believe an answer, so (issue 11): every cited host is known,
a source's publisher is the real owner of its URL's host, every live fact rests on an original publisher,
and copies, aggregators and blogs appear only as an archive_url beside the original they copy.
This reads the YAML directly, so it holds whatever loader `facts check` grows.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = ROOT / "knowledge" / "publishers.yaml"
PACK = ROOT / "knowledge" / "packs" / "ai-training.yaml"
ORIGINAL = frozenset(("official", "regulator", "court", "ngo", "press", "law firm"))
SECONDARY = frozenset(("copy", "aggregator", "blog"))
HOST = re.compile(r"^https?://([^/?#]+)", re.IGNORECASE)


def _entries() -> list[dict[str, Any]]:
    return yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))


def _registry() -> dict[str, tuple[str, str]]:
    return {e["host"]: (e["publisher"], e["kind"]) for e in _entries()}


REG = _registry()
FACTS = [f for f in yaml.safe_load(PACK.read_text(encoding="utf-8"))["facts"] if not f.get("retired")]
SOURCES = [(f["id"], s) for f in FACTS for s in f["sources"]]


def host_of(url: str) -> str:
    """The URL's host in lower case, without credentials, port, a trailing dot or "www."."""
    match = HOST.match(url)
    assert match, url
    host = match.group(1).lower().rsplit("@", 1)[-1].split(":")[0].rstrip(".")
    return host.removeprefix("www.")


def entry_for(host: str) -> str | None:
    """The registry's host for this host: itself, else the longest registered domain it is under."""
    while host:
        if host in REG:
            return host
        _, _, host = host.partition(".")
    return None


def test_the_registry_is_one_sorted_entry_per_host_with_a_known_kind() -> None:
    entries = _entries()
    hosts = [e["host"] for e in entries]
    assert hosts == sorted(hosts) and len(hosts) == len(set(hosts))
    for e in entries:
        assert set(e) == {"host", "publisher", "kind"}, e
        assert e["kind"] in ORIGINAL | SECONDARY, e
        assert e["publisher"].strip() and e["host"] == e["host"].lower() and not e["host"].startswith("www.")


def test_subdomain_lookup_takes_the_most_specific_entry() -> None:
    assert entry_for(host_of("https://help.openai.com/en/articles/1")) == "openai.com"
    assert entry_for(host_of("https://groups.google.com/g/x")) == "groups.google.com"
    assert entry_for(host_of("https://learn.microsoft.com./en-us/x")) == "microsoft.com"
    assert entry_for("example.invalid") is None


@pytest.mark.parametrize(("fact_id", "source"), SOURCES, ids=[f"{i}:{host_of(s['url'])}" for i, s in SOURCES])
def test_a_source_names_the_owner_of_its_host(fact_id: str, source: dict[str, Any]) -> None:
    key = entry_for(host_of(source["url"]))
    assert key, f"{fact_id}: {host_of(source['url'])} is not in knowledge/publishers.yaml"
    publisher, kind = REG[key]
    assert source.get("publisher") == publisher, (fact_id, source["url"])
    assert kind in ORIGINAL, f"{fact_id}: a {kind} ({key}) may only be an archive_url"
    if source.get("archive_url"):
        assert entry_for(host_of(source["archive_url"])), (fact_id, source["archive_url"])


@pytest.mark.parametrize("fact", FACTS, ids=[f["id"] for f in FACTS])
def test_a_live_fact_rests_on_an_original_publisher(fact: dict[str, Any]) -> None:
    kinds = [REG[k][1] for s in fact["sources"] if (k := entry_for(host_of(s["url"])))]
    assert any(k in ORIGINAL for k in kinds), (fact["id"], kinds)
