"""What a handler sends: the Reply model, and sending it whether or not the interaction was deferred.

Discord drops an interaction that is not answered within 3 s. Handlers whose work may take longer defer
first (`defer`); quick ones that must still answer when the database is busy use `in_time`, which
defers only if the work is not done within a second.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any, TypeVar

import discord

from handlers.embeds import CONTENT, clip, within_limits

log = logging.getLogger(__name__)

T = TypeVar("T")

EMBEDS_TOTAL = 6000
DEFER_AFTER = 1.0  # seconds of work before an interaction is deferred (Discord's deadline is 3 s)


@dataclass
class Reply:
    """Everything one reply sends: content, embeds and its buttons."""

    content: str | None
    embeds: list[discord.Embed]
    view: discord.ui.View | None

    def send_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for a new message (send, reply, interaction response, followup)."""
        out: dict[str, Any] = self._sendable()
        if self.view is not None:
            out["view"] = self.view
        return out

    def edit_kwargs(self) -> dict[str, Any]:
        """Keyword arguments that replace a message whole: old content, embeds and buttons go."""
        return {**self._sendable(), "view": self.view}

    def _sendable(self) -> dict[str, Any]:
        """Content and embeds measured as they are sent, each within Discord's limits, all together too."""
        content = clip(self.content, CONTENT) if self.content else self.content
        return {"content": content, "embeds": fit([within_limits(e) for e in self.embeds])}


def fit(embeds: list[discord.Embed]) -> list[discord.Embed]:
    """As many embeds as fit Discord's 6000 characters per message, in order."""
    out: list[discord.Embed] = []
    total = 0
    for embed in embeds:
        if total + len(embed) > EMBEDS_TOTAL or len(out) == 10:
            break
        out.append(embed)
        total += len(embed)
    return out


def _replaces(interaction: discord.Interaction, replace: bool) -> bool:
    return replace and interaction.message is not None


async def defer(interaction: discord.Interaction, *, replace: bool = False, ephemeral: bool = True) -> None:
    """Acknowledge now, answer later: an update of the clicked message, or a 'thinking…' reply."""
    if interaction.response.is_done():
        return
    if _replaces(interaction, replace):
        await interaction.response.defer()
    else:
        await interaction.response.defer(ephemeral=ephemeral, thinking=True)


async def in_time(
    interaction: discord.Interaction, work: Awaitable[T], *, replace: bool = False, ephemeral: bool = True
) -> T:
    """The result of `work`, deferring the interaction first if it takes over DEFER_AFTER seconds."""
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=DEFER_AFTER)
    if not done:
        log.info("deferred interaction %s: the core is busy", interaction.id)
        try:
            await defer(interaction, replace=replace, ephemeral=ephemeral)
        except BaseException:
            task.add_done_callback(_ignore)  # the work goes on, with no one left to answer
            raise
    return await task


def _ignore(task: asyncio.Future[Any]) -> None:
    """Retrieve the outcome of work whose interaction is gone, so asyncio does not warn about it."""
    if not task.cancelled():
        task.exception()


async def respond(
    interaction: discord.Interaction, reply: Reply, *, replace: bool = False, ephemeral: bool = True
) -> None:
    """Replace the message the click came from, or answer with a new (ephemeral) one; deferred or not."""
    done = interaction.response.is_done()
    if _replaces(interaction, replace):
        if done:
            await interaction.edit_original_response(**reply.edit_kwargs())
        else:
            await interaction.response.edit_message(**reply.edit_kwargs())
    elif done:
        await interaction.followup.send(**reply.send_kwargs(), ephemeral=ephemeral)
    else:
        await interaction.response.send_message(**reply.send_kwargs(), ephemeral=ephemeral)


async def say(interaction: discord.Interaction, text: str, **kwargs: Any) -> None:
    """One short ephemeral sentence, deferred or not."""
    await respond(interaction, Reply(text, [], None), **kwargs)
