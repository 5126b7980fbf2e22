"""A small fact base for the table tests of the search: three platforms, a regulator, a retired fact."""

from __future__ import annotations

from datetime import date
from typing import Any

from knowledge.packs.format import load_pack, parse_yaml
from knowledge.service import Privy
from knowledge.store.facts import Author

TODAY = date(2026, 12, 7)
MOD = Author("mod", "1")

PACK = """
pack: small
platforms:
  - {id: linkedin, name: LinkedIn, aliases: [linked in]}
  - {id: zoom, name: Zoom}
  - {id: velora, name: Velora}
facts:
  - id: linkedin-status-global
    platform: linkedin
    regions: [global]
    topic: status
    question: Is LinkedIn training AI on my posts?
    variants: [linkedin generative ai training posts]
    answer: Yes, by default, with a setting to turn it off.
    sources: [{url: "https://www.linkedin.com/help", title: Help, publisher: LinkedIn}]
    verified: 2026-11-01
  - id: linkedin-status-uk
    platform: linkedin
    regions: [uk]
    topic: status
    valid_from: 2025-11-03
    question: Is LinkedIn training AI on UK members' posts?
    variants: [linkedin ai training uk posts]
    answer: Yes, since 3 November 2025, with an opt-out.
    sources: [{url: "https://www.linkedin.com/help/uk", title: Help UK, publisher: LinkedIn}]
    verified: 2026-11-01
  - id: linkedin-status-uk-paused
    platform: linkedin
    regions: [uk]
    topic: status
    valid_until: 2025-11-02
    question: Is LinkedIn training AI on UK members' posts?
    variants: [linkedin ai training uk posts paused]
    answer: No, paused for the UK after the ICO asked questions.
    sources: [{url: "https://www.linkedin.com/help/uk-pause", title: Pause, publisher: LinkedIn}]
    verified: 2026-11-01
  - id: linkedin-opt-out-eea
    platform: linkedin
    regions: [eea]
    topic: opt-out
    question: How do I stop LinkedIn using my posts for AI in the EU?
    variants: [linkedin ai opt out europe]
    answer: Switch off Data for Generative AI Improvement.
    steps: [Settings, Data privacy, switch it off]
    sources: [{url: "https://www.linkedin.com/help/eea", title: Opt out, publisher: LinkedIn}]
    verified: 2026-11-01
  - id: zoom-calls
    platform: zoom
    regions: [global]
    topic: status
    question: Does Zoom train AI on my calls?
    variants: [zoom meeting recordings ai training]
    answer: No; Zoom says it does not use calls to train its AI models.
    sources: [{url: "https://www.zoom.com/trust", title: Trust, publisher: Zoom}]
    verified: 2026-11-01
  - id: velora-voice
    platform: velora
    regions: [global]
    topic: status
    question: Is Velora using my voice notes to train AI?
    variants: [velora voice notes ai]
    answer: Yes, unless you turn off the voice setting.
    sources: [{url: "https://velora.example.com/privacy", title: Privacy, publisher: Velora}]
    verified: 2026-11-01
  - id: ico-guidance
    regions: [uk]
    topic: regulator
    question: What has the ICO said about AI training on personal data?
    variants: [ico guidance generative ai legitimate interest]
    answer: The ICO expects companies to tell people first and honour objections.
    sources: [{url: "https://ico.org.uk/ai", title: Guidance, publisher: ICO}]
    verified: 2026-11-01
"""


def small_privy(fillers: int = 0) -> Privy:
    """The small pack in a new in-memory base, with one extra fact retired, and `fillers` more facts on
    Velora's background (so that a word in one fact is rare, as in a real base)."""
    privy = Privy(":memory:", seed=False, today=lambda: TODAY)
    privy.store.import_pack(load_pack(parse_yaml(PACK), today=TODAY), MOD)
    for n in range(fillers):
        privy.store.save(
            {
                "id": f"velora-filler-{n}",
                "platform": "velora",
                "regions": ["global"],
                "topic": "background",
                "question": f"Velora AI filler question number {n}",
                "answer": "Filler.",
                "sources": [{"url": "https://velora.example.com/filler"}],
                "verified": TODAY,
            },
            MOD,
            action="add",
            base_rev=0,
            today=TODAY,
        )
    privy.store.save(
        {
            "id": "zoom-old",
            "platform": "zoom",
            "regions": ["global"],
            "topic": "status",
            "question": "Did Zoom's 2023 terms allow AI training on calls?",
            "answer": "The 2023 terms read that way; Zoom changed them within days.",
            "sources": [{"url": "https://www.zoom.com/terms"}],
            "verified": TODAY,
        },
        MOD,
        action="add",
        base_rev=0,
        today=TODAY,
    )
    privy.store.retire("zoom-old", "superseded", MOD)
    return privy


def made_up_fact(fact_id: str, platform: str, question: str, **more: Any) -> dict[str, Any]:
    """A fact for a test, as a moderator saves it: for everywhere, with one made-up source."""
    return {
        "id": fact_id,
        "platform": platform,
        "regions": ["global"],
        "topic": "status",
        "question": question,
        "answer": "A fact for the test.",
        "sources": [{"url": "https://velora.example.com/help"}],
        "verified": TODAY,
        **more,
    }
