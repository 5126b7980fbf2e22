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
    """A Curator over the bot's fact base, with the bot's review setting."""
    config = config_of(interaction)
    return Curator(privy_of(interaction), require_review=bool(config and config.require_review))


def stale_days_of(interaction: discord.Interaction) -> int:
    config = config_of(interaction)
    return config.stale_days if config else DEFAULT_STALE_DAYS


async def core(
    interaction: discord.Interaction, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
) -> T:
    """fn(*args) off the event loop, one core call at a time (handlers.off_loop)."""
    return await bot_of(interaction).core(fn, *args, **kwargs)
