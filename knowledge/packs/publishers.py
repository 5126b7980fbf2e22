"""The publisher registry (knowledge/publishers.yaml): who owns each host a source cites, and what kind of
publisher it is, so that a source's `publisher` is never a name its URL is not, and every fact rests on
at least one original publisher rather than on copies.

A host in the registry covers itself and every subdomain (www.linkedin.com is linkedin.com's); when
several registered hosts cover a URL's host, the most specific one (the longest) wins.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from knowledge.packs.files import parse_yaml, read_text
from knowledge.packs.problems import EXCERPT, PackError, Problem, excerpt

log = logging.getLogger(__name__)

REGISTRY_FILE = Path(__file__).resolve().parent.parent / "publishers.yaml"
ORIGINAL_KINDS = ("official", "regulator", "court", "ngo", "press", "law firm")
COPY_KINDS = ("copy", "aggregator", "blog")  # never a fact's `url`; only an `archive_url` beside it
KINDS = ORIGINAL_KINDS + COPY_KINDS

# The switch: True and every pack check (`facts import`, `/fact import`, seeding) also applies
# source_problems. `facts check` applies it unless told --without-registry, and the embedded pack passes
# it (tests/knowledge/test_embedded_pack_sources.py); moderators' own facts may cite a host not registered yet.
REQUIRE_REGISTRY = False


@dataclass(frozen=True)
class Publisher:
    """A registered host: who publishes there, and what kind of publisher that is."""

    host: str
    name: str
    kind: str

    @property
    def original(self) -> bool:
        return self.kind in ORIGINAL_KINDS


class Registry:
    """Publishers by host, looked up for a URL by its host or the nearest registered parent domain."""

    def __init__(self, publishers: Iterable[Publisher]):
        self.by_host = {p.host: p for p in publishers}

    def lookup(self, host: str) -> Publisher | None:
        """The publisher of `host`: itself if registered, else its most specific registered parent."""
        labels = host.lower().rstrip(".").split(".")
        for start in range(len(labels)):
            found = self.by_host.get(".".join(labels[start:]))
            if found:
                return found
        return None

    def for_url(self, url: str) -> Publisher | None:
        return self.lookup(host_of(url))


def host_of(url: str) -> str:
    """The host of a URL, lower case, without port or user; empty when it has none."""
    try:
        return (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return ""


def parse_registry(data: Any, where: str = "publishers.yaml") -> Registry:
    """A registry from its YAML data, `publishers: [{host, publisher, kind}, ...]`; PackError lists every
    malformed entry."""
    entries = data.get("publishers") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise PackError([Problem(where, "publishers", "must be a list of {host, publisher, kind}")])
    problems, publishers, seen = [], [], set()
    for i, raw in enumerate(entries):
        at = f"{where}: publishers[{i}]"
        if not isinstance(raw, dict):
            problems.append(Problem(at, "entry", "must be a mapping with host, publisher and kind"))
            continue
        host, name, kind = raw.get("host"), raw.get("publisher"), raw.get("kind")
        if not isinstance(host, str) or host != host.strip().lower() or "." not in host or "/" in host:
            problems.append(Problem(at, "host", f"must be a lower-case host name, got {excerpt(host)!r}"))
        elif host in seen:
            problems.append(Problem(at, "host", f"{host} is registered twice"))
        if not isinstance(name, str) or not name.strip() or len(name) > 120:
            problems.append(Problem(at, "publisher", "must be a name of at most 120 characters"))
        if kind not in KINDS:
            problems.append(Problem(at, "kind", f"must be one of {', '.join(KINDS)}, got {excerpt(kind)!r}"))
        for key in raw:
            if key not in ("host", "publisher", "kind"):
                problems.append(Problem(at, excerpt(str(key)), "unknown field"))
        if isinstance(host, str):
            seen.add(host)
            publishers.append(Publisher(host, str(name), str(kind)))
    if problems:
        raise PackError(problems)
    return Registry(publishers)


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    """The project's registry, read once (the bounded pack reader reads it, like any pack)."""
    return parse_registry(parse_yaml(read_text(REGISTRY_FILE)))


def source_problems(raw_facts: list[Any], registry: Registry | None = None) -> list[Problem]:
    """Every source that breaks the registry's rules, each naming its fact and field: a host not in the
    registry, a `publisher` that is not the registry's name for the host, a copy, aggregator or blog as
    `url` (it belongs in `archive_url`), and a fact with no source from an original publisher."""
    registry = registry or default_registry()
    out: list[Problem] = []
    for i, raw in enumerate(raw_facts):
        if isinstance(raw, dict) and isinstance(raw.get("sources"), list):
            fid = raw.get("id")
            out.extend(
                _fact_sources(fid if isinstance(fid, str) else f"facts[{i}]", raw["sources"], registry)
            )
    return out


def _fact_sources(fid: str, sources: list[Any], registry: Registry) -> list[Problem]:
    out: list[Problem] = []
    original = unknown = False
    for j, src in enumerate(sources):
        if not isinstance(src, dict):
            continue  # the pack's own validation names it
        for key in ("url", "archive_url"):
            url = src.get(key)
            if not isinstance(url, str):
                continue
            host = host_of(url)
            publisher = registry.lookup(host) if host else None
            field = f"sources[{j}].{key}"
            if publisher is None:
                unknown = unknown or key == "url"
                out.append(
                    Problem(fid, field, f"the host {excerpt(host or url)} is not in the publisher registry")
                )
            elif key == "url":
                original = original or publisher.original
                out.extend(_url_problems(fid, j, src, host, publisher))
    if not original and not unknown:
        kinds = ", ".join(ORIGINAL_KINDS)
        out.append(Problem(fid, "sources", f"no source from an original publisher ({kinds})"))
    return out


def _url_problems(fid: str, j: int, src: dict[str, Any], host: str, publisher: Publisher) -> list[Problem]:
    out = []
    if not publisher.original:
        out.append(
            Problem(
                fid,
                f"sources[{j}].url",
                f"{host} is {'an' if publisher.kind[0] in 'aeiou' else 'a'} {publisher.kind} ({publisher.name}): "
                "cite the original as url, "
                "and this as its archive_url",
            )
        )
    named = src.get("publisher")
    if named != publisher.name:
        said = f"is {excerpt(named, EXCERPT)!r}" if isinstance(named, str) and named else "is missing"
        out.append(
            Problem(
                fid,
                f"sources[{j}].publisher",
                f"{said}; the registry names {host}'s publisher {publisher.name!r}",
            )
        )
    return out
