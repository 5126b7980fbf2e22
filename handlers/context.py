"""One typed way for a handler to reach the bot's services from an interaction: the core, the settings.

The bot (handlers.client.PrivyBot) is handed its Privy and Config at build time; nothing here is global.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ParamSpec, TypeVar, cast

import discord

from knowledge.curation.workflow import Curator

if TYPE_CHECKING:
    from config import Config
    from handlers.client import PrivyBot
    from knowledge.service import Privy

P = ParamSpec("P")
T = TypeVar("T")

DEFAULT_STALE_DAYS = 90


def bot_of(interaction: discord.Interaction) -> PrivyBot:
    return cast("PrivyBot", interaction.client)


def privy_of(interaction: discord.Interaction) -> Privy:
    return bot_of(interaction).privy


def config_of(interaction: discord.Interaction) -> Config | None:
    return getattr(interaction.client, "config", None)


def curator_of(interaction: discord.Interaction) -> Curator:
    """A Curator over the scope of the server the interaction comes from, with that server's review
    setting (read by the moderator check; the environment's default otherwise)."""
    from handlers.checks import SETTINGS, scope_of

    config = config_of(interaction)
    settings = interaction.extras.get(SETTINGS)
    review = getattr(settings, "require_review", None)
    if review is None:
        review = bool(config and config.require_review)
    return Curator(privy_of(interaction), require_review=review, scope=scope_of(interaction))


def stale_days_of(interaction: discord.Interaction) -> int:
    from handlers.checks import SETTINGS

    days = getattr(interaction.extras.get(SETTINGS), "stale_days", None)
    if days:
        return int(days)
    config = config_of(interaction)
    return config.stale_days if config else DEFAULT_STALE_DAYS


async def core(
    interaction: discord.Interaction, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
) -> T:
    """fn(*args) off the event loop, one core call at a time (handlers.off_loop)."""
    return await bot_of(interaction).core(fn, *args, **kwargs)
