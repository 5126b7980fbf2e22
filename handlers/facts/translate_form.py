"""/fact translate: a moderator's own translation of a fact's prose and steps into one language.

The form shows the English to translate from; saving records who translated it, today, and which English
it was made from, so the translation stops being shown (and is listed in /review) when the English changes.
No machine translation: the form starts from the current translation, or empty.
"""

from __future__ import annotations

from typing import Any

import discord

from handlers.checks import author_of
from handlers.facts.outcomes import apply, outcome_reply
from handlers.items import ModModal, text_input
from handlers.replies import defer, respond
from handlers.services import core, curator_of
from knowledge.model import Fact
from knowledge.packs.format import LIMITS

STEPS_FORM = 4000  # a text input's limit; every step is checked against LIMITS["step"] on save


class TranslationModal(ModModal):
    """The translation of one fact into one language: prose, then one step a line (blank prose removes it)."""

    def __init__(self, fact: Fact, lang: str) -> None:
        super().__init__(f"{lang}: {fact.id}", f"translate:{lang}")
        self.fact_id, self.lang = fact.id, lang
        current = next((t for t in fact.translations if t.lang == lang), None)
        self.prose: discord.ui.TextInput[Any] = text_input(
            "Prose, translated (blank removes it)",
            "prose",
            current.prose if current else "",
            LIMITS["answer"],
            long=True,
            required=False,
            placeholder=fact.answer[:100],
        )
        self.steps: discord.ui.TextInput[Any] = text_input(
            f"Steps, one a line ({len(fact.steps)} in English)",
            "steps",
            "\n".join(current.steps) if current else "",
            STEPS_FORM,
            long=True,
            required=False,
            placeholder=(fact.steps[0] if fact.steps else "no steps")[:100],
        )
        self.add_item(self.prose)
        self.add_item(self.steps)

    async def run(self, interaction: discord.Interaction) -> None:
        author, curator = author_of(interaction), curator_of(interaction)
        await defer(interaction)
        prose, steps = self.prose.value, self.steps.value
        done = await core(
            interaction, apply, curator, curator.translate, self.fact_id, self.lang, prose, steps, author
        )
        headline = f"Saved the {self.lang} translation of {self.fact_id}"
        await respond(interaction, outcome_reply(done, headline))
