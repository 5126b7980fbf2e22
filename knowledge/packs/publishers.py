"""The publisher registry (knowledge/publishers.yaml): who owns each host a source cites, and what kind of
publisher it is, so that a source's `publisher` is never a name its URL is not, and every fact rests on
at least one original publisher rather than on copies.

A host in the registry covers itself and every subdomain (www.linkedin.com is linkedin.com's); when
several registered hosts cover a URL's host, the most specific one (the longest) wins.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from knowledge.packs.format import parse_yaml, read_text
from knowledge.packs.problems import EXCERPT, PackError, Problem, excerpt
from knowledge.sources.clean import listing_reason, looks_like_section

log = logging.getLogger(__name__)

REGISTRY_FILE = Path(__file__).resolve().parent.parent / "publishers.yaml"
# The platform itself, a regulator, a court, the NGO involved: the sources a fact should rest on first.
FIRST_PARTY_KINDS = ("official", "regulator", "court", "ngo")
ORIGINAL_KINDS = (*FIRST_PARTY_KINDS, "press", "law")
# A wire story on another site: citable as `url` when the source names the wire as its publisher and the
# site in its title ("... (The Star)"); it counts as the wire's, an original, but never as first-party.
REPRINT = "reprint"
COPY_KINDS = ("copy", "aggregator", "blog")  # never a fact's `url`; only an `archive_url` beside it
KINDS = (*ORIGINAL_KINDS, REPRINT, *COPY_KINDS)
HOW_TO_ADD = (
    "add {host: HOST, publisher: NAME, kind: KIND} to knowledge/publishers.yaml, or cite a registered site"
)

# The switch for checks that do not know who writes: True and every pack check (seeding included) also
# applies source_problems. Writes to the shared base apply it whatever it says (Curator.require_registry),
# and `facts check` unless told --without-registry; a server's own layer may cite any https host.
REQUIRE_REGISTRY = False


@dataclass(frozen=True)
class Publisher:
    """A registered host: who publishes there, and what kind of publisher that is."""

    host: str
    name: str
    kind: str

    @property
    def original(self) -> bool:
        """An original publisher's page (a wire's story reprinted elsewhere counts as the wire's)."""
        return self.kind in ORIGINAL_KINDS or self.kind == REPRINT

    @property
    def first_party(self) -> bool:
        """The platform itself, a regulator, a court or the NGO involved."""
        return self.kind in FIRST_PARTY_KINDS


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
            where = f"sources[{j}].{key}"
            if publisher is None:
                unknown = unknown or key == "url"
                out.append(Problem(fid, where, unregistered(host or url)))
            elif key == "url":
                original = original or publisher.original
                out.extend(_url_problems(fid, j, src, host, publisher))
    if not original and not unknown:
        kinds = ", ".join(ORIGINAL_KINDS)
        out.append(Problem(fid, "sources", f"no source from an original publisher ({kinds})"))
    return out


def with_registered_name(src: dict[str, Any], registry: Registry | None = None) -> dict[str, Any]:
    """A source typed without a publisher, given the registry's name for its host (not a reprint's: that
    names the wire, which only the person citing it knows)."""
    url = src.get("url")
    if src.get("publisher") or not isinstance(url, str):
        return src
    found = (registry or default_registry()).for_url(url)
    return {**src, "publisher": found.name} if found and found.kind != REPRINT else src


def unregistered(host: str) -> str:
    """The one line a write to the shared base gets for a host the registry does not know."""
    return f"the host {excerpt(host)} is not in the publisher registry: {HOW_TO_ADD.replace('HOST', excerpt(host))}"


def _url_problems(fid: str, j: int, src: dict[str, Any], host: str, publisher: Publisher) -> list[Problem]:
    if publisher.kind == REPRINT:
        return _reprint_problems(fid, j, src, host, publisher)
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


def _reprint_problems(fid: str, j: int, src: dict[str, Any], host: str, site: Publisher) -> list[Problem]:
    """A wire story on another site: the wire is the publisher, and the title says where it was read."""
    named, title = src.get("publisher"), src.get("title")
    out = []
    if not isinstance(named, str) or not named.strip() or named == site.name:
        out.append(
            Problem(
                fid,
                f"sources[{j}].publisher",
                f"{host} reprints wire stories ({site.name}): name the wire (Reuters, AP, AFP...) as the "
                "publisher, or cite the wire's own page",
            )
        )
    if not isinstance(title, str) or (
        site.name.lower() not in title.lower() and site.host not in title.lower()
    ):
        out.append(
            Problem(
                fid, f"sources[{j}].title", f"a reprint's title names the site it was read on ({site.name})"
            )
        )
    return out


def page_problems(raw_facts: list[Any]) -> list[Problem]:
    """Sources that are listings, not pages (a site's home page, a /tag/, /topics/ or /search page):
    refused on every write, whoever writes."""
    return [
        Problem(fid, where, f"{excerpt(url)} {reason}; cite the page itself")
        for fid, where, url in _cited_urls(raw_facts)
        if (reason := listing_reason(url))
    ]


def section_notes(raw_facts: list[Any], registry: Registry | None = None) -> list[Problem]:
    """A newsroom's URL whose whole path is one word (theverge.com/tumblr): most likely a section or tag
    page. A guess, so `facts check` says it rather than refusing it."""
    registry = registry or default_registry()
    out = []
    for fid, where, url in _cited_urls(raw_facts):
        publisher = registry.for_url(url)
        if publisher is not None and publisher.kind in ("press", REPRINT) and looks_like_section(url):
            out.append(
                Problem(fid, where, f"{excerpt(url)} looks like a section or tag page, not an article")
            )
    return out


def _cited_urls(raw_facts: list[Any]) -> Iterable[tuple[str, str, str]]:
    """(fact id, field, url) for each source's `url`."""
    for i, raw in enumerate(raw_facts):
        if not isinstance(raw, dict) or not isinstance(raw.get("sources"), list):
            continue
        fid = raw.get("id") if isinstance(raw.get("id"), str) else f"facts[{i}]"
        for j, src in enumerate(raw["sources"]):
            url = src.get("url") if isinstance(src, dict) else None
            if isinstance(url, str):
                yield str(fid), f"sources[{j}].url", url


@dataclass
class Coverage:
    """How many live facts rest on a first-party source (the platform, a regulator, a court, the NGO)."""

    live: int = 0
    first_party: int = 0
    explained: list[str] = field(default_factory=list)  # none, and the pack says why (`first_party:`)
    unexplained: list[str] = field(default_factory=list)  # none, and nothing said

    @property
    def share(self) -> float:
        return self.first_party / self.live if self.live else 1.0

    def summary(self) -> str:
        """'first-party sources: 140 of 149 live facts (94%); of the 9 without one, 6 say why, 3 do not:'."""
        head = f"first-party sources: {self.first_party} of {self.live} live facts ({self.share:.0%})"
        without = len(self.explained) + len(self.unexplained)
        if not without:
            return head
        tail = f", {len(self.unexplained)} do not:" if self.unexplained else ""
        return f"{head}; of the {without} without one, {len(self.explained)} say why{tail}"


def first_party_coverage(raw_facts: list[Any], registry: Registry | None = None) -> Coverage:
    """First-party coverage of a validated pack's live (not retired) facts, for `facts check`."""
    registry = registry or default_registry()
    out = Coverage()
    for raw in raw_facts:
        if raw.get("retired"):
            continue
        out.live += 1
        urls = [s.get("url") for s in raw.get("sources") or [] if isinstance(s, dict)]
        found = (registry.for_url(u) for u in urls if isinstance(u, str))
        if any(p is not None and p.first_party for p in found):
            out.first_party += 1
        else:
            (out.explained if raw.get("first_party") else out.unexplained).append(str(raw.get("id")))
    return out
