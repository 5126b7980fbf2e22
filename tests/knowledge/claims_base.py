"""A small fact base whose facts state their claims: two made-up platforms, so no test asserts a real fact.

Velora trains on public posts in the US and elsewhere from 2024, with a setting to opt out; in the
UK, EEA and Switzerland it paused until 2 Nov 2025 and trains from 3 Nov 2025, with the same setting.
Norra has facts for the EEA only: it trains on photos there, with an objection form due by 27 May 2025.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from knowledge.packs.format import load_pack, parse_yaml
from knowledge.service import Privy
from knowledge.store.facts import Author

TODAY = date(2026, 11, 30)
MOD = Author("mod", "1")
SRC = '[{url: "https://velora.example.com/help", title: Help, publisher: Velora}]'
NORRA_SRC = '[{url: "https://norra.example.com/help", title: Help, publisher: Norra}]'

PACK = f"""
pack: claims
platforms:
  - {{id: velora, name: Velora}}
  - {{id: norra, name: Norra}}
facts:
  - id: velora-trains-global
    platform: velora
    regions: [us, global]
    topic: status
    valid_from: 2024-09-18
    question: Is Velora training AI on my posts?
    answer: Velora's data setting is on by default and covers public posts.
    sources: {SRC}
    verified: 2026-11-01
    claim: {{kind: training, training: yes, data: [public posts]}}
  - id: velora-optout-global
    platform: velora
    regions: [us, global]
    topic: opt-out
    valid_from: 2024-09-18
    question: How do I stop Velora using my posts for AI?
    answer: Switch off the data setting; training already done is not undone.
    steps: [Open Settings, Choose Data privacy, Switch off AI training]
    sources: {SRC}
    verified: 2026-11-01
    claim: {{kind: opt_out, opt_out: setting}}
  - id: velora-paused-europe
    platform: velora
    regions: [uk, eea, ch]
    topic: status
    valid_from: 2024-09-18
    valid_until: 2025-11-02
    question: Is Velora training AI on my posts in Europe?
    answer: Velora left these regions out of its 2024 change.
    sources: {SRC}
    verified: 2026-11-01
    claim: {{kind: training, training: paused}}
  - id: velora-trains-europe
    platform: velora
    regions: [uk, eea, ch]
    topic: status
    valid_from: 2025-11-03
    question: Is Velora training AI on my posts in Europe?
    answer: Velora extended its data setting to these regions, on by default.
    sources: {SRC}
    verified: 2026-11-01
    claim: {{kind: training, training: yes, data: [public posts, profile]}}
  - id: velora-optout-europe
    platform: velora
    regions: [uk, eea, ch]
    topic: opt-out
    valid_from: 2025-11-03
    question: How do I stop Velora using my posts for AI in Europe?
    answer: Switch off the data setting before or after the change.
    steps: [Open Settings, Choose Data privacy, Switch off AI training in Europe]
    sources: {SRC}
    verified: 2026-11-01
    claim: {{kind: opt_out, opt_out: setting}}
  - id: velora-regulator-uk
    platform: velora
    regions: [uk]
    topic: regulator
    question: Is the ICO looking at Velora training AI on my posts?
    answer: The ICO said it would monitor Velora's change.
    sources: {SRC}
    verified: 2026-11-01
    claim: {{kind: regulator}}
  - id: norra-trains-eea
    platform: norra
    regions: [eea]
    topic: status
    valid_from: 2025-05-27
    question: Is Norra training AI on my photos?
    answer: Norra uses public photos of adult accounts in the EEA.
    sources: {NORRA_SRC}
    verified: 2026-11-01
    claim: {{kind: training, training: yes, data: [public photos], who: adults}}
  - id: norra-objection-eea
    platform: norra
    regions: [eea]
    topic: objection
    valid_from: 2025-04-14
    question: How do I stop Norra using my photos for AI?
    answer: Norra's objection form covers photos already shared if it is sent in time.
    steps: [Open Norra's privacy centre, Fill in the objection form]
    sources: {NORRA_SRC}
    verified: 2026-11-01
    claim: {{kind: opt_out, opt_out: form, deadline: 2025-05-27}}
"""


class Clock:
    """Privy's `today`, stepped by the test (`clock.day = ...`)."""

    def __init__(self, day: date = TODAY) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


def claims_privy(today: Callable[[], date] = lambda: TODAY, path: str | Path = ":memory:") -> Privy:
    """The claims pack in a new base (in memory unless `path`), dated by `today`."""
    privy = Privy(path, seed=False, today=today)
    privy.store.import_pack(load_pack(parse_yaml(PACK), today=TODAY), MOD)
    return privy
