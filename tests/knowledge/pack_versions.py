"""An older embedded pack than the one shipped, and a base seeded from it: what a deployment that seeded its
base this morning has when it pulls today's Privy (tests of knowledge.store.pack_upgrade)."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from knowledge.model import Claim, Fact
from knowledge.packs.format import Pack, embedded_packs
from knowledge.service import Privy
from knowledge.store.facts import FactStore
from knowledge.store.pack_upgrade import combined

UPDATED = "linkedin-genai-uk-2025"  # the older pack said LinkedIn had paused in the UK
ADDED = "linkedin-terms-global-2024"  # not in the older pack
RENAMED = "linkedin-optout-uk-2024"  # the older pack had it as OLD_NAME
OLD_NAME = "linkedin-optout-uk-old"
EDITED = "linkedin-optout-global-2024"  # a curator edits it after seeding
CURATOR_RETIRED = "linkedin-objection-form-global-2024"  # a curator retires it after seeding
VERIFIED = "linkedin-genai-default-global-2024"  # a curator only verifies it after seeding
DROPPED_EDITED = "linkedin-dropped-edited"  # only in the older pack, and a curator edited it
OLD_ANSWER = "An older wording that the shipped pack corrects."
OLDER = "older-digest"  # the digest recorded when the older pack was applied


@cache
def shipped() -> Pack:
    """The embedded pack as shipped now, read once."""
    return combined(embedded_packs())


def older_pack() -> Pack:
    """The shipped pack as it was before: other wordings, a claim since corrected, one id since renamed, one
    fact since dropped, one fact not yet written."""
    by_id = {f.id: f for f in shipped().facts}
    old: list[Fact] = []
    for fact in shipped().facts:
        if fact.id == ADDED:
            continue
        if fact.id == RENAMED:
            fact = replace(fact, id=OLD_NAME)
        elif fact.id == UPDATED:
            fact = replace(fact, answer=OLD_ANSWER, claim=Claim(kind="training", training="paused"))
        elif fact.id in (EDITED, CURATOR_RETIRED, VERIFIED):
            fact = replace(fact, answer=OLD_ANSWER)
        old.append(fact)
    old.append(replace(by_id[EDITED], id=DROPPED_EDITED))
    return Pack(shipped().name, shipped().platforms, old)


def seed_older(privy: Privy) -> None:
    """Seed an empty base from the older pack as Privy did then: as SYSTEM, without alerts."""
    FactStore(privy.db, "").seed([older_pack()], OLDER)
