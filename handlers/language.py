"""The language of each reply in Discord: the user's locale for what only they see, the question's
language (else the server's locale) for what the channel sees (docs/languages.md)."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from knowledge.i18n.catalogues import ENGLISH
from knowledge.i18n.speaking import choose, use_language
from knowledge.reading.language import detect_language

# The moderators' tools speak English only (their forms, cards and the review queue are not in the
# catalogues: docs/languages.md); a date in them stays English too. /privy alerts is a server manager's
# tool like /privy settings; the posts it sets up are in the server's language (handlers.alerts.render).
ENGLISH_ONLY = ("fact", "review", "privy settings", "privy alerts")


def is_english_only(command: str) -> bool:
    """Whether a command (by its qualified name, "privy alerts") is one of the moderators' tools."""
    return any(command == name or command.startswith(f"{name} ") for name in ENGLISH_ONLY)


class PrivyTree(app_commands.CommandTree[Any]):
    """Every command, autocomplete and menu is answered in its user's language unless a public reply
    chooses another: one place, before any handler runs, in the interaction's own task."""

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        command = interaction.command.qualified_name if interaction.command else ""
        use_language(ENGLISH if is_english_only(command) else interaction.locale.value)
        return True


def public_language(question: str, server_locale: discord.Locale | None) -> str:
    """The language of a reply the channel reads: the question's own, else the server's, else English."""
    return choose(detect_language(question), server_locale.value if server_locale else None)


def speak_publicly(question: str, server_locale: discord.Locale | None) -> str:
    """From here on in this task, replies are in public_language()."""
    return use_language(public_language(question, server_locale))
