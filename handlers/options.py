"""Command options shared by features: where a command is offered, and the region option with its autocomplete."""

from __future__ import annotations

import discord
from discord import app_commands

from handlers.embeds import clip
from handlers.errors import UserFacingError
from knowledge.i18n.local import region_short
from knowledge.i18n.speaking import N_, _
from knowledge.regions import normalize, suggest

UNKNOWN_REGION = N_(
    "I don't know the region {text}. Pick one from the list, or use a country code such as uk, us or de."
)
# Guild installs, usable in servers and in the bot's DMs.
EVERYWHERE = app_commands.AppCommandContext(guild=True, dm_channel=True, private_channel=False)


async def region_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Up to 25 regions matching what was typed: 'UK (uk)', 'Germany (de)', 'EEA / EU (eea)'."""
    return [app_commands.Choice(name=f"{region_short(c)} ({c})"[:100], value=c) for c in suggest(current, 25)]


def region_code(text: str | None) -> str | None:
    """The code for a picked or typed region (None when empty); a UserFacingError when unknown."""
    if text is None or not text.strip():
        return None
    code = normalize(text)
    if code is None:
        raise UserFacingError(_(UNKNOWN_REGION).format(text=repr(clip(text, 40))))
    return code
