"""/review: the moderators' queue (stale, flagged, unanswered, proposals, drafts), with menus to act on it.

The menus are DynamicItems (their custom_id says what they do), so a /review message keeps working after
a restart; what they list is read again from the core on every pick.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from handlers import admin_render as show
from handlers.checks import moderator_only, require_moderator
from handlers.embeds import clip
from handlers.errors import on_interaction_error
from handlers.fact_drafts import FactModal, panel
from handlers.fact_ui import card_reply, change_reply
from handlers.mod_common import CORE_ERRORS, curator_of, respond, stale_days_of, user_error
from handlers.views import Reply
from knowledge.answers.text import nice_date
from knowledge.curation.drafts import ChangeError
from knowledge.curation.queue import (
    ReviewQueue,
    draft_from_unanswered,
    find_unanswered,
    review_queue,
    unanswered_token,
)
from knowledge.curation.workflow import Curator

if TYPE_CHECKING:
    from config import Config
    from knowledge.service import Privy

log = logging.getLogger(__name__)

MENU = 25  # options in one select menu
PLACEHOLDERS = {
    "fact": "Check a stale or flagged fact…",
    "draft": "Draft a fact from an unanswered question…",
    "dismiss": "Dismiss unanswered questions (spam, off topic)…",
    "change": "Approve or reject a proposed change…",
    "resume": "Continue one of your drafts…",
}


def options(queue: ReviewQueue, kind: str) -> list[discord.SelectOption]:
    """The choices of one menu, built from the queue."""
    out: list[discord.SelectOption] = []
    if kind == "fact":
        seen: set[str] = set()
        for s in queue.stale:
            seen.add(s.fact.id)
            out.append(
                discord.SelectOption(
                    label=s.fact.id,
                    value=s.fact.id,
                    description=f"verified {nice_date(s.fact.verified)} ({s.days} days)",
                )
            )
        for f in queue.flagged:
            if f.fact.id not in seen:
                desc = f"{f.outdated} outdated, {f.wrong_region} wrong region"
                out.append(discord.SelectOption(label=f.fact.id, value=f.fact.id, description=desc))
    elif kind in ("draft", "dismiss"):
        for u in queue.unanswered:
            token = unanswered_token(u.question)
            out.append(
                discord.SelectOption(
                    label=clip(u.question, 100), value=token, description=f"asked {u.count}×"
                )
            )
    elif kind == "change":
        for c in queue.pending:
            out.append(
                discord.SelectOption(
                    label=clip(f"#{c.id} {c.action} {c.fact_id}", 100),
                    value=str(c.id),
                    description=clip(f"proposed by {c.by.name}", 100),
                )
            )
    elif kind == "resume":
        for c in queue.drafts:
            out.append(
                discord.SelectOption(
                    label=clip(f"#{c.id} {c.fact_id or '(no id yet)'}", 100),
                    value=str(c.id),
                    description=clip(f"by {c.by.name}", 100),
                )
            )
    return out[:MENU]


def queue_reply(curator: Curator, stale_days: int) -> Reply:
    queue = review_queue(curator, stale_days, limit=MENU)
    view = discord.ui.View(timeout=None)
    for kind in PLACEHOLDERS:
        choices = options(queue, kind)
        if choices:
            view.add_item(ReviewMenu(kind, choices))
    return Reply(None, [show.queue_embed(queue, stale_days)], view if view.children else None)


class ReviewMenu(
    discord.ui.DynamicItem[discord.ui.Select],
    template=r"privy:review:(?P<kind>fact|draft|dismiss|change|resume)",
):
    """One menu of the review message; a pick acts on what the core holds now, not on the old list."""

    def __init__(self, kind: str, choices: list[discord.SelectOption] | None = None) -> None:
        many = kind == "dismiss"
        select = discord.ui.Select(
            custom_id=f"privy:review:{kind}",
            placeholder=PLACEHOLDERS[kind],
            options=choices or [discord.SelectOption(label="-", value="-")],
            max_values=len(choices) if many and choices else 1,
        )
        super().__init__(select)
        self.kind = kind

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Select, match: re.Match[str], /
    ) -> ReviewMenu:
        return cls(match["kind"])

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            require_moderator(interaction)
            await self.run(interaction, curator_of(interaction), list(self.item.values))
        except CORE_ERRORS as exc:
            await on_interaction_error(interaction, user_error(exc))
        except Exception as exc:
            await on_interaction_error(interaction, exc)

    async def run(self, interaction: discord.Interaction, curator: Curator, values: list[str]) -> None:
        author = require_moderator(interaction)
        stale_days = stale_days_of(interaction)
        if self.kind == "fact":
            await respond(interaction, card_reply(curator, values[0], stale_days))
        elif self.kind == "change":
            await respond(interaction, change_reply(curator, int(values[0])))
        elif self.kind == "resume":
            await respond(interaction, panel(curator, curator.draft(int(values[0]), author)))
        elif self.kind == "draft":
            found = find_unanswered(curator, values[0])
            if found is None:
                raise ChangeError(
                    "That question is no longer in the list; another moderator may have handled it."
                )
            change = draft_from_unanswered(curator, found.question, author)
            await interaction.response.send_modal(FactModal.for_draft(change, replace=False))
        else:
            for token in values:
                found = find_unanswered(curator, token)
                if found is not None:
                    curator.privy.community.dismiss_unanswered(found.question)
            await respond(interaction, queue_reply(curator, stale_days), replace=True)


class ReviewCog(commands.Cog):
    """/review for moderators."""

    def __init__(self, bot: commands.Bot, privy: Privy, config: Config) -> None:
        self.bot, self.privy, self.config = bot, privy, config
        self.curator = Curator(privy, require_review=config.require_review)

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(ReviewMenu)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(ReviewMenu)

    @app_commands.command(
        name="review", description="Moderators: stale, flagged and unanswered, most urgent first"
    )
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.allowed_contexts(guilds=True, dms=False, private_channels=False)
    @app_commands.allowed_installs(guilds=True, users=False)
    @moderator_only()
    async def review(self, interaction: discord.Interaction) -> None:
        await respond(interaction, queue_reply(self.curator, self.config.stale_days))
