"""Which curated translation of a fact is shown: one in the reply's language, made from the English as it
is now. A translation of older English is stale: never shown, listed in /review until re-checked."""

from __future__ import annotations

from knowledge.i18n.speaking import N_, _, language
from knowledge.model import Fact, Translation, english_hash

IN_ENGLISH = N_("(English)")  # before the English prose in a reply in another language


def is_stale(fact: Fact, translation: Translation) -> bool:
    """The English prose or steps changed since the translation was made (or last re-checked)."""
    return translation.english != english_hash(fact.answer, fact.steps)


def shown_translation(fact: Fact, lang: str | None = None) -> Translation | None:
    """The fact's current translation into `lang` (the reply's language), or None: show the English."""
    wanted = lang or language()
    found = next((t for t in fact.translations if t.lang == wanted), None)
    return found if found is not None and not is_stale(fact, found) else None


def stale_translations(fact: Fact) -> list[Translation]:
    """The fact's translations made from English it no longer has."""
    return [t for t in fact.translations if is_stale(fact, t)]


def prose_of(fact: Fact) -> str:
    """The fact's prose for the reply: English in English, else its current translation, else the English
    marked as such ("(Englisch) Since 3 November 2025...")."""
    if language() == "en":
        return fact.answer
    translation = shown_translation(fact)
    return translation.prose if translation is not None else f"{_(IN_ENGLISH)} {fact.answer}"


def steps_of_fact(fact: Fact) -> tuple[tuple[str, ...], bool]:
    """The fact's steps for the reply, and whether they are the English ones shown in another language."""
    if language() == "en" or not fact.steps:
        return fact.steps, False
    translation = shown_translation(fact)
    if translation is not None and len(translation.steps) == len(fact.steps):
        return translation.steps, False
    return fact.steps, True
