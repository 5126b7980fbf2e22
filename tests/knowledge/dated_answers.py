"""Asking the whole pipeline a question on a day and checking what the person reads: shared by the tests of
corrected and re-sourced facts (test_embedded_pack_answers, test_truth_a, _b, _c)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from urllib.parse import urlsplit

from knowledge.answers.text import render_text
from knowledge.model import Answer, Fact
from knowledge.packs.format import embedded_packs
from knowledge.packs.publishers import default_registry
from knowledge.service import Privy

FIRST_PARTY_KINDS = ("official", "regulator", "court", "ngo")


def host_of(url: str) -> str:
    """A source's site as a reader checks it: lower case, no trailing dot, no 'www.'."""
    return (urlsplit(url).hostname or "").rstrip(".").removeprefix("www.")


def on_host(host: str, wanted: str) -> bool:
    return host == wanted or host.endswith("." + wanted)


def check_dated(
    privy: Privy,
    question: str,
    as_of: date | None,
    fact: str | None,
    *,
    words: Iterable[str] = (),
    never: Iterable[str] = (),
    region: str | None = None,
    absent: str | None = None,
    lead: str = "",
    host: str = "",
    thin: Iterable[str] = (),
) -> Answer:
    """The answer to `question` on `as_of`: `fact` answers it first (None: `absent` is not shown at all),
    it starts with `lead`, says every one of `words` and none of `never`, and its first fact cites `host`
    and none of the `thin` hosts."""
    answer = privy.ask(question, region=region, as_of=as_of)
    reply = render_text(answer).lower()
    shown = [f.id for f in answer.facts]
    if fact is None:
        assert absent not in shown, reply
        return answer
    assert answer.status == "answered" and shown and shown[0] == fact, (shown, reply)
    if lead:
        said = reply.split("\n\n")[1]  # what the fact says, before its steps, story and sources
        assert said.startswith(lead), said
    for word in words:
        assert word in reply, (word, reply)
    for word in never:
        assert word not in reply, (word, reply)
    hosts = [host_of(s.url) for s in answer.facts[0].sources]
    if host:
        assert any(on_host(h, host) for h in hosts), hosts
    assert not any(on_host(h, t) for h in hosts for t in thin), hosts
    return answer


def embedded_fact(fact_id: str) -> Fact:
    """The embedded pack's fact of this id."""
    return next(f for pack in embedded_packs() for f in pack.facts if f.id == fact_id)


def check_first_party_watched(fact_id: str) -> None:
    """The fact cites a first-party page (the platform, a regulator, a court, the NGO) and watches it."""
    registry = default_registry()
    fact = embedded_fact(fact_id)
    first_party = [
        s
        for s in fact.sources
        if (e := registry.lookup(host_of(s.url))) is not None and e.kind in FIRST_PARTY_KINDS
    ]
    assert first_party, fact.id
    assert all(s.watch for s in first_party), fact.id
