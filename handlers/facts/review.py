"""/review: the moderators' queue (stale, flagged, unanswered, proposals, drafts), with menus to act on it.

The menus are DynamicItems (their custom_id says what they do), so a /review message keeps working after
a restart; what they list is read again from the core on every pick.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from handlers.alerts.command import paused_note
from handlers.checks import author_of, moderator_only
from handlers.embeds import clip
from handlers.facts import render as show
from handlers.facts.change_card import send_proposal
from handlers.facts.draft_panel import FactModal, load_panel, panel_reply
from handlers.facts.fact_card import send_card
from handlers.items import ModItem
from handlers.replies import Reply, defer, respond
from handlers.services import core, curator_of, stale_days_of
from knowledge.answers.text import nice_date
from knowledge.curation.queue import (
    ReviewQueue,
    StaleFact,
    dismiss_unanswered,
    draft_for_unanswered,
    review_queue,
    unanswered_token,
)
from knowledge.curation.workflow import Curator

if TYPE_CHECKING:
    from config import Config
    from handlers.client import PrivyBot

log = logging.getLogger(__name__)

MENU = 25  # options in one select menu
PLACEHOLDERS = {
    "fact": "Check a stale, flagged or changed fact…",
    "draft": "Draft a fact from an unanswered question…",
    "dismiss": "Dismiss unanswered questions (spam, off topic)…",
    "change": "Approve or reject a proposed change…",
    "resume": "Continue one of your drafts…",
}


def options(queue: ReviewQueue, kind: str) -> list[discord.SelectOption]:
    """The choices of one menu, built from the queue."""
    out: list[discord.SelectOption] = []
    if kind == "fact":
        for item in queue.to_check():
            if isinstance(item, StaleFact):
                desc = f"verified {nice_date(item.fact.verified)} ({item.days} days)"
            else:
                desc = f"{item.outdated} outdated, {item.wrong_region} wrong region"
            out.append(discord.SelectOption(label=item.fact.id, value=item.fact.id, description=desc))
        listed = {o.value for o in out}
        for change in queue.changed:
            if change.fact_id not in listed:
                listed.add(change.fact_id)
                desc = f"source changed {nice_date(change.day)}"
                out.append(discord.SelectOption(label=change.fact_id, value=change.fact_id, description=desc))
        for stale in queue.translations:
            if stale.fact.id not in listed:
                listed.add(stale.fact.id)
                desc = f"translation out of date: {stale.languages}"
                out.append(discord.SelectOption(label=stale.fact.id, value=stale.fact.id, description=desc))
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
                    description=clip(
                        f"suggested from {c.origin_name} by {c.by.name}"
                        if c.suggested
                        else f"proposed by {c.by.name}",
                        100,
                    ),
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


def queue_reply(queue: ReviewQueue, stale_days: int) -> Reply:
    view = discord.ui.View(timeout=None)
    for kind in PLACEHOLDERS:
        choices = options(queue, kind)
        if choices:
            view.add_item(ReviewMenu(kind, choices))
    if queue.page > 0:
        view.add_item(ReviewPage(queue.page - 1, "‹ Earlier proposals"))
    if queue.page + 1 < queue.pages:
        view.add_item(ReviewPage(queue.page + 1, "More proposals ›"))
    return Reply(None, [show.queue_embed(queue, stale_days)], view if view.children else None)


class ReviewPage(ModItem, template=r"privy:review:page:(?P<page>\d{1,6})"):
    """Another page of the proposals: /review reaches every one, not only the first 25."""

    def __init__(self, page: int, label: str = "Page") -> None:
        button: discord.ui.Button[Any] = discord.ui.Button(
            custom_id=f"privy:review:page:{page}", label=label, style=discord.ButtonStyle.secondary
        )
        super().__init__(button)
        self.page = page

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ReviewPage:
        return cls(int(match["page"]))

    async def run(self, interaction: discord.Interaction) -> None:
        await defer(interaction, replace=True)
        stale_days = stale_days_of(interaction)
        queue = await core(interaction, review_queue, curator_of(interaction), stale_days, MENU, self.page)
        await respond(interaction, queue_reply(queue, stale_days), replace=True)


def dismiss_and_reload(curator: Curator, tokens: list[str], stale_days: int) -> ReviewQueue:
    """Drop those unanswered questions, then the queue as it is now (a core write: off the loop)."""
    dismiss_unanswered(curator, tokens)
    return review_queue(curator, stale_days, limit=MENU)


class ReviewMenu(ModItem, template=r"privy:review:(?P<kind>fact|draft|dismiss|change|resume)"):
    """One menu of the review message; a pick acts on what the core holds now, not on the old list."""

    def __init__(self, kind: str, choices: list[discord.SelectOption] | None = None) -> None:
        many = kind == "dismiss"
        select: discord.ui.Select[Any] = discord.ui.Select(
            custom_id=f"privy:review:{kind}",
            placeholder=PLACEHOLDERS[kind],
            options=choices or [discord.SelectOption(label="-", value="-")],
            max_values=len(choices) if many and choices else 1,
        )
        super().__init__(select)
        self.kind = kind

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ReviewMenu:
        return cls(match["kind"])

    async def run(self, interaction: discord.Interaction) -> None:
        values = list(self.item.values)
        curator, author = curator_of(interaction), author_of(interaction)
        if self.kind == "fact":
            await send_card(interaction, values[0])
        elif self.kind == "change":
            await send_proposal(interaction, int(values[0]))
        elif self.kind == "draft":  # a form: it must be the first answer, no deferring
            change = await core(interaction, draft_for_unanswered, curator, values[0], author)
            await interaction.response.send_modal(FactModal.for_draft(change, replace=False))
        elif self.kind == "resume":
            await defer(interaction)
            panel = await core(
                interaction, lambda: load_panel(curator, curator.draft(int(values[0]), author))
            )
            await respond(interaction, panel_reply(panel))
        else:
            await defer(interaction, replace=True)
            stale_days = stale_days_of(interaction)
            queue = await core(interaction, dismiss_and_reload, curator, values, stale_days)
            await respond(interaction, queue_reply(queue, stale_days), replace=True)


class ReviewCog(commands.Cog):
    """/review for moderators."""

    def __init__(self, bot: PrivyBot, config: Config) -> None:
        self.bot, self.config = bot, config

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(ReviewMenu, ReviewPage)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(ReviewMenu, ReviewPage)

    @app_commands.command(
        name="review", description="Moderators: stale, flagged and unanswered, most urgent first"
    )
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.allowed_contexts(guilds=True, dms=False, private_channels=False)
    @app_commands.allowed_installs(guilds=True, users=False)
    @moderator_only()
    async def review(self, interaction: discord.Interaction) -> None:
        await defer(interaction)
        stale_days = stale_days_of(interaction)
        queue = await self.bot.core(review_queue, curator_of(interaction), stale_days, limit=MENU)
        reply = queue_reply(queue, stale_days)
        await respond(interaction, replace(reply, content=await paused_note(self.bot, interaction)))
