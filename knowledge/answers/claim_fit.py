"""Whether a claim fits the question it would answer: the kind of data asked about (knowledge.reading.data_kinds),
how closely its data fits what was asked, and whether it speaks for people or only for organisations."""

from __future__ import annotations

import re

from knowledge.answers.lead import Claimant
from knowledge.matching.index import SearchIndex
from knowledge.reading.data_kinds import claim_fits, data_kinds
from knowledge.reading.words import content_words

ANY_DATA = frozenset({"data", "content", "information", "info", "stuff"})  # name no data in particular
NARROWS_NOTHING_ASKED = 1_000  # a claim on data the question never names: after every claim on what it does
FOR_AN_ORGANISATION = re.compile(
    r"\b(business|enterprise|admins?|organi[sz]ations?|orgs?|api|customers?|edu|education|gov|commercial"
    r"|work)\b",
    re.IGNORECASE,
)
ASKED_AS_AN_ORGANISATION = re.compile(
    r"\b(business|enterprise|teams?|workspaces?|admins?|organi[sz]ations?|orgs?|api|customers?|company"
    r"|employer|school|websites?|sites?|blogs?|domains?|publishers?|(at|for) work|work (or school )?accounts?)\b"
)


def for_an_organisation(fact: Claimant) -> bool:
    """Whether the claim is only for organisations or their admins ("Copilot Business customers")."""
    who = fact.claim.who if fact.claim is not None else None
    return bool(who) and FOR_AN_ORGANISATION.search(who or "") is not None


def asked_as_an_organisation(question: str) -> bool:
    """Whether the asker speaks for an organisation, a site or as its admin ("our workspace", "my company")."""
    return ASKED_AS_AN_ORGANISATION.search(question.lower()) is not None


def asks_about_its_data(question: str, fact: Claimant) -> bool:
    """Whether the question names the data a claim is about ("chats", "messages", "Temporary Chats"), in
    its words or another word for the same kind ("my DMs" of "personal end-to-end encrypted chats")."""
    asked = set(content_words(question))
    data = fact.claim.data if fact.claim else ()
    kinds = data_kinds(question)
    return any(set(content_words(d)) & asked or kinds & data_kinds(d) for d in data)


def for_a_group_only(asked: frozenset[str], fact: Claimant) -> bool:
    """A claim on no data in particular for one group ("ChatGPT Business ... customers"): no answer to a
    question about some kind of data ("my posts"), which it does not speak of."""
    claim = fact.claim
    return bool(asked) and claim is not None and not claim.data and bool(claim.who)


def fits(asked: frozenset[str], fact: Claimant) -> bool:
    """Whether the claim speaks of the kind of data asked about (or either of none in particular)."""
    return claim_fits(asked, fact.claim.data if fact.claim else ())


def asked_of_data(index: SearchIndex, question: str, platform: str | None) -> set[str]:
    """The question's words, less those that name the platform ("Microsoft 365" is no data asked about)."""
    named = {w for name in index.names.called(platform) for w in content_words(name)}
    return set(content_words(question)) - named - ANY_DATA


def narrows(asked: set[str], fact: Claimant) -> tuple[int, int]:
    """How closely the claim's data fits what the question asked of it, smaller first: its item sharing the
    most words with the question ("Word" and "Microsoft" in "Microsoft 365 app content (Word, ...)"), then
    the fewest words it adds ("incognito" to "chats"). A claim on no data in particular fits any question,
    after a claim on what was asked and before one on data the question never names."""
    data = fact.claim.data if fact.claim else ()
    if not data:
        return (0, 0)
    fits = []
    for item in data:
        words = set(content_words(item))
        if shared := len(words & asked):
            fits.append((-shared, len(words) - shared))
    return min(fits, default=(0, NARROWS_NOTHING_ASKED))
