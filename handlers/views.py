"""Buttons on replies: region choices for a clarify reply, and feedback on an answer.

Both are DynamicItems: everything a click needs is in its custom_id (or, for the question, in the
reply's own embed), so buttons keep working after a restart and no view is kept in memory per reply.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import discord

from handlers import embeds
from handlers.errors import UserFacingError, on_interaction_error
from knowledge.model import Answer
from knowledge.regions import short_name
from knowledge.store.facts import NotFoundError

if TYPE_CHECKING:
    from knowledge.service import Privy

log = logging.getLogger(__name__)

CUSTOM_ID_MAX = 100
LOST_QUESTION = "I've lost track of that question. Please ask it again, naming your country."
# Short custom_id words for the core's feedback kinds, so a fact id of 80 characters still fits in 100.
FEEDBACK = {
    "helpful": ("helpful", "Helpful"),
    "outdated": ("outdated", "Outdated"),
    "wrong": ("wrong_region", "Wrong region"),
}
THANKS = {
    "helpful": "Thanks, that's counted as helpful.",
    "outdated": "Thanks, that's counted as outdated; moderators review flagged facts.",
    "wrong_region": (
        "Thanks, that's counted as the wrong region. "
        "Ask again naming your country, or save it with /region set."
    ),
}
ALREADY = "You've already given that feedback on this answer; each person counts once."


def privy_of(interaction: discord.Interaction) -> Privy:
    """The bot's Privy: handed to the bot at build time, never a module global."""
    return interaction.client.privy  # type: ignore[attr-defined]


def ask(privy: Privy, question: str, *, region: str | None, user_id: int) -> Answer:
    """Answer for this user; an on-topic question with no sourced answer goes to the moderators' queue."""
    answer = privy.ask(question, region=region, user_id=str(user_id))
    if answer.worth_reviewing:  # text only, never who asked
        privy.community.record_unanswered(answer.question)
    return answer


@dataclass
class Reply:
    """Everything one reply sends: content, embeds and its buttons."""

    content: str | None
    embeds: list[discord.Embed]
    view: discord.ui.View | None

    def send_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for a new message (send, reply, interaction response)."""
        out: dict[str, Any] = {"content": self.content, "embeds": self.embeds}
        if self.view is not None:
            out["view"] = self.view
        return out

    def edit_kwargs(self) -> dict[str, Any]:
        """Keyword arguments that replace a message whole: old content, embeds and buttons go."""
        return {"content": self.content, "embeds": self.embeds, "view": self.view}


def reply_for(answer: Answer, asker_id: int, *, can_embed: bool = True) -> Reply:
    """The rendered answer with the buttons it needs (as plain text where the bot may not embed)."""
    rendered = embeds.render(answer) if can_embed else embeds.Rendered(content=embeds.as_text(answer))
    view: discord.ui.View | None = None
    if answer.status == "clarify" and answer.clarify_options and can_embed:  # the embed carries the question
        view = discord.ui.View(timeout=None)
        for code in answer.clarify_options[:25]:
            view.add_item(RegionButton(code, asker_id))
    elif answer.status == "answered" and answer.facts and FeedbackButton.fits(answer.facts[0].id):
        view = discord.ui.View(timeout=None)
        for word in FEEDBACK:
            view.add_item(FeedbackButton(word, answer.facts[0].id))
    return Reply(rendered.content, rendered.embeds, view)


class _SafeItem(discord.ui.DynamicItem[discord.ui.Button], template=r"privy:never"):
    """Routes a button's errors to the one error path instead of discord.py's log-and-ignore."""

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await self.run(interaction)
        except Exception as exc:
            await on_interaction_error(interaction, exc)

    async def run(self, interaction: discord.Interaction) -> None:
        raise NotImplementedError


class RegionButton(_SafeItem, template=r"privy:region:(?P<code>[a-z]{2,6}):(?P<asker>\d{1,20})"):
    """'UK', 'EEA / EU', ...: answers the carried question for that region."""

    def __init__(self, code: str, asker_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label=short_name(code)[:80],
                style=discord.ButtonStyle.primary,
                custom_id=f"privy:region:{code}:{asker_id}",
            )
        )
        self.code = code
        self.asker_id = asker_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> RegionButton:
        return cls(match["code"], int(match["asker"]))

    async def run(self, interaction: discord.Interaction) -> None:
        """The asker's click turns the reply into the answer; anyone else gets their own, privately."""
        question = embeds.question_in(interaction.message.embeds if interaction.message else [])
        if not question:
            raise UserFacingError(LOST_QUESTION)
        answer = ask(privy_of(interaction), question, region=self.code, user_id=interaction.user.id)
        reply = reply_for(answer, interaction.user.id)
        if interaction.user.id == self.asker_id:
            await interaction.response.edit_message(**reply.edit_kwargs())
        else:
            await interaction.response.send_message(**reply.send_kwargs(), ephemeral=True)


class FeedbackButton(
    _SafeItem, template=r"privy:fb:(?P<word>helpful|outdated|wrong):(?P<fact>[a-z0-9][a-z0-9-]*)"
):
    """Helpful / Outdated / Wrong region on an answer: counted per fact, once per person, anonymously."""

    def __init__(self, word: str, fact_id: str) -> None:
        kind, label = FEEDBACK[word]
        super().__init__(
            discord.ui.Button(
                label=label, style=discord.ButtonStyle.secondary, custom_id=self.custom(word, fact_id)
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
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> FeedbackButton:
        return cls(match["word"], match["fact"])

    async def run(self, interaction: discord.Interaction) -> None:
        privy = privy_of(interaction)
        try:
            privy.store.get(self.fact_id)
        except NotFoundError:
            raise UserFacingError(
                "That fact is no longer in the base, so there is nothing to count."
            ) from None
        counted = privy.community.vote(self.fact_id, self.kind, str(interaction.user.id))
        await interaction.response.send_message(THANKS[self.kind] if counted else ALREADY, ephemeral=True)
