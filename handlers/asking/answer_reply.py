"""An Answer as a Discord reply: the rendered answer plus the buttons it needs, and what those buttons do.

Region choices answer a clarify reply's question for the region picked; feedback buttons count an
answer as helpful, outdated or for the wrong region; "Did you mean" buttons answer the question picked. Both are DynamicItems: everything a click needs is
in its custom_id (or, for the question, in the reply's own embed), so buttons keep working after a
restart and no view is kept in memory per reply.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import discord

from handlers import embeds
from handlers.errors import UserFacingError
from handlers.items import CUSTOM_ID_MAX, CheckedItem
from handlers.personal.buttons import answer_buttons
from handlers.replies import Reply, in_time, respond
from handlers.services import core, view_of
from knowledge.i18n.local import region_short
from knowledge.i18n.speaking import N_, _
from knowledge.model import Answer

log = logging.getLogger(__name__)

# English msgids (N_), in the clicker's language where they are shown (knowledge.i18n).
LOST_QUESTION = N_("I've lost track of that question. Please ask it again, naming your country.")
GONE = N_("That fact is no longer in the base, so there is nothing to count.")
GONE_QUESTION = N_("That question is no longer in the base. Please ask again in your own words.")
# Short custom_id words for the core's feedback kinds, so a fact id of 80 characters still fits in 100.
FEEDBACK = {
    "helpful": ("helpful", N_("Helpful")),
    "outdated": ("outdated", N_("Outdated")),
    "wrong": ("wrong_region", N_("Wrong region")),
}
THANKS = {
    "helpful": N_("Thanks, that's counted as helpful."),
    "outdated": N_("Thanks, that's counted as outdated; moderators review flagged facts."),
    "wrong_region": N_(
        "Thanks, that's counted as the wrong region. "
        "Ask again naming your country, or save it with /region set."
    ),
}
ALREADY = N_("You've already given that feedback on this answer; each person counts once.")


def reply_for(answer: Answer, asker_id: int, *, can_embed: bool = True) -> Reply:
    """The rendered answer with the buttons it needs (as plain text where the bot may not embed)."""
    rendered = embeds.render(answer) if can_embed else embeds.Rendered(content=embeds.as_text(answer))
    view: discord.ui.View | None = None
    regions_asked = answer.status == "clarify" and answer.reply_kind != "which_platform"
    if regions_asked and answer.clarify_options and can_embed:  # the embed carries the question
        view = discord.ui.View(timeout=None)
        for code in answer.clarify_options[:25]:
            view.add_item(RegionButton(code, asker_id))
    elif answer.status == "answered" and answer.facts and FeedbackButton.fits(answer.facts[0].id):
        view = discord.ui.View(timeout=None)
        for word in FEEDBACK:
            view.add_item(FeedbackButton(word, answer.facts[0].id))
        for item in answer_buttons(answer, asker_id):  # "Remind me", "I did this" (handlers/personal)
            view.add_item(item)
    elif answer.reply_kind == "unsure" and answer.suggestions:  # "Did you mean...?" as buttons
        fitting = [(i, q) for i, q in answer.suggestions if SuggestionButton.fits(i, asker_id)]
        if fitting:
            view = discord.ui.View(timeout=None)
            for fact_id, question in fitting:
                view.add_item(SuggestionButton(fact_id, asker_id, question))
    return Reply(rendered.content, rendered.embeds, view)


class SuggestionButton(CheckedItem, template=r"privy:dym:(?P<fact>[a-z0-9][a-z0-9-]*):(?P<asker>\d{1,20})"):
    """'Did you mean...?': one of the closest questions, answered for whoever clicks it."""

    def __init__(self, fact_id: str, asker_id: int, question: str = "") -> None:
        super().__init__(
            discord.ui.Button(
                label=(question or _("Ask this"))[:80],
                style=discord.ButtonStyle.secondary,
                custom_id=self.custom(fact_id, asker_id),
            )
        )
        self.fact_id = fact_id
        self.asker_id = asker_id

    @staticmethod
    def custom(fact_id: str, asker_id: int) -> str:
        return f"privy:dym:{fact_id}:{asker_id}"

    @classmethod
    def fits(cls, fact_id: str, asker_id: int) -> bool:
        return len(cls.custom(fact_id, asker_id)) <= CUSTOM_ID_MAX

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> SuggestionButton:
        return cls(match["fact"], int(match["asker"]))

    async def run(self, interaction: discord.Interaction) -> None:
        """The asker's click turns the reply into the answer; anyone else gets their own, privately."""
        mine = interaction.user.id == self.asker_id
        work = core(interaction, view_of(interaction).answer_fact, self.fact_id, str(interaction.user.id))
        answer = await in_time(interaction, work, replace=mine)
        if answer is None:
            raise UserFacingError(GONE_QUESTION)
        await respond(interaction, reply_for(answer, interaction.user.id), replace=mine)


class RegionButton(CheckedItem, template=r"privy:region:(?P<code>[a-z]{2,6}):(?P<asker>\d{1,20})"):
    """'UK', 'EEA / EU', ...: answers the carried question for that region."""

    def __init__(self, code: str, asker_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label=region_short(code)[:80],
                style=discord.ButtonStyle.primary,
                custom_id=f"privy:region:{code}:{asker_id}",
            )
        )
        self.code = code
        self.asker_id = asker_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> RegionButton:
        return cls(match["code"], int(match["asker"]))

    async def run(self, interaction: discord.Interaction) -> None:
        """The asker's click turns the reply into the answer; anyone else gets their own, privately."""
        question = embeds.question_in(interaction.message.embeds if interaction.message else [])
        if not question:
            raise UserFacingError(LOST_QUESTION)
        mine = interaction.user.id == self.asker_id
        view = view_of(interaction)  # the server's own facts answer in it, after a restart too
        work = core(interaction, view.answer, question, region=self.code, user_id=str(interaction.user.id))
        answer = await in_time(interaction, work, replace=mine)
        await respond(interaction, reply_for(answer, interaction.user.id), replace=mine)


class FeedbackButton(
    CheckedItem, template=r"privy:fb:(?P<word>helpful|outdated|wrong):(?P<fact>[a-z0-9][a-z0-9-]*)"
):
    """Helpful / Outdated / Wrong region on an answer: counted per fact, once per person, anonymously."""

    def __init__(self, word: str, fact_id: str) -> None:
        kind, label = FEEDBACK[word]
        super().__init__(
            discord.ui.Button(
                label=_(label), style=discord.ButtonStyle.secondary, custom_id=self.custom(word, fact_id)
            )
        )
        self.kind = kind
        self.fact_id = fact_id

    @staticmethod
    def custom(word: str, fact_id: str) -> str:
        return f"privy:fb:{word}:{fact_id}"

    @classmethod
    def fits(cls, fact_id: str) -> bool:
        """True when every feedback custom_id for this fact is within Discord's 100 characters."""
        return all(len(cls.custom(w, fact_id)) <= CUSTOM_ID_MAX for w in FEEDBACK)

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> FeedbackButton:
        return cls(match["word"], match["fact"])

    async def run(self, interaction: discord.Interaction) -> None:
        work = core(interaction, view_of(interaction).vote, self.fact_id, self.kind, str(interaction.user.id))
        counted = await in_time(interaction, work)
        if counted is None:
            raise UserFacingError(GONE)
        await respond(interaction, Reply(_(THANKS[self.kind]) if counted else _(ALREADY), [], None))
