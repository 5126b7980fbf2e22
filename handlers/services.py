"""One typed way for a handler to reach the bot's services: the server's handle, its settings, the config.

The bot (handlers.client.PrivyBot) is handed its Privy and Config at build time; nothing here is global.
A handler never sees Privy itself: it gets `view_of(interaction)`, the base as that interaction's server
sees it (knowledge.scoped.Scoped), built once per interaction, so a forgotten scope cannot serve or
change the shared base.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ParamSpec, TypeVar, cast

import discord

from config import STALE_DAYS
from knowledge.curation.workflow import Curator
from knowledge.scoped import SHARED, Scoped
from knowledge.store.settings import ServerSettings

if TYPE_CHECKING:
    from config import Config
    from handlers.client import PrivyBot

P = ParamSpec("P")
T = TypeVar("T")

VIEW = "privy_view"  # where the interaction's handle is kept, in Interaction.extras
SETTINGS = "privy_settings"  # where the moderator check leaves the server's settings, in Interaction.extras


def bot_of(interaction: discord.Interaction) -> PrivyBot:
    return cast("PrivyBot", interaction.client)


def config_of(interaction: discord.Interaction) -> Config | None:
    return getattr(interaction.client, "config", None)


def scope_for(config: Config | None, guild_id: int | None) -> str:
    """SHARED for the shared base (the home server, and DMs), else the server's id: its own layer."""
    if guild_id is None or (config is not None and config.guild_id == guild_id):
        return SHARED
    return str(guild_id)


def view_for(bot: PrivyBot, guild_id: int | None) -> Scoped:
    """The base as the server `guild_id` sees it (None: a DM), for a message rather than an interaction."""
    return bot.privy.scoped(scope_for(bot.config, guild_id))


def reader_for(bot: PrivyBot, guild_id: int | None) -> Scoped:
    """view_for on the readers' connection (handlers.client.PrivyBot.reader): for answering only, so a
    question never waits behind a save or an import holding the write lock."""
    return bot.reader.scoped(scope_for(bot.config, guild_id))


def view_of(interaction: discord.Interaction) -> Scoped:
    """The base as the interaction's server sees it, built on first use and kept for the interaction."""
    kept = interaction.extras.get(VIEW)
    if isinstance(kept, Scoped):
        return kept
    view = view_for(bot_of(interaction), interaction.guild_id)
    interaction.extras[VIEW] = view
    return view


def curator_of(interaction: discord.Interaction) -> Curator:
    """A Curator over the interaction's server, with that server's review setting (read by the moderator
    check; the environment's default otherwise)."""
    config = config_of(interaction)
    review = getattr(interaction.extras.get(SETTINGS), "require_review", None)
    if review is None:
        review = bool(config and config.require_review)
    return Curator(view_of(interaction), require_review=review)


def stale_days_of(interaction: discord.Interaction) -> int:
    """The server's stale-days setting, else PRIVY_STALE_DAYS (the config's default)."""
    days = getattr(interaction.extras.get(SETTINGS), "stale_days", None)
    if days:
        return int(days)
    config = config_of(interaction)
    return config.stale_days if config else STALE_DAYS


async def load_settings(interaction: discord.Interaction) -> ServerSettings:
    """The server's settings, read off the event loop once per interaction (kept in its extras)."""
    kept = interaction.extras.get(SETTINGS)
    if isinstance(kept, ServerSettings):
        return kept
    settings = await core(interaction, view_of(interaction).settings)
    interaction.extras[SETTINGS] = settings
    return settings


async def core(
    interaction: discord.Interaction, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
) -> T:
    """fn(*args) off the event loop, one core call at a time (handlers.off_loop)."""
    return await bot_of(interaction).core(fn, *args, **kwargs)
