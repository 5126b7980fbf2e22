"""Command, option and choice names and descriptions in Discord's locales, from the catalogues.

discord.py asks the translator for every string when it syncs the command list (name_localizations,
description_localizations). The user's commands mark their names and descriptions with N_ where they are
declared, so the catalogues carry them; a string the catalogues do not carry stays English (the
moderators' /fact and /review are English only: docs/languages.md).
"""

from __future__ import annotations

import re

import discord
from discord import app_commands

from handlers.language import is_english_only
from knowledge.i18n.catalogues import ENGLISH, translation
from knowledge.i18n.speaking import N_, supported

# Where Discord takes a name: lowercase letters, digits, - and _, 1 to 32 of them (a context menu's
# name, "Privy fragen", may have capitals and spaces).
NAMES = (
    app_commands.TranslationContextLocation.command_name,
    app_commands.TranslationContextLocation.group_name,
    app_commands.TranslationContextLocation.parameter_name,
)
DISCORD_NAME = re.compile(r"[-_\w]{1,32}")

# Option names, which discord.py takes from the parameters of a command's callback.
OPTION_NAMES = (N_("question"), N_("region"), N_("public"), N_("code"), N_("platform"), N_("as_of"))


class CatalogueTranslator(app_commands.Translator):
    """discord.py's Translator over Privy's message catalogues."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        lang = supported(locale.value)
        if lang is None or lang == ENGLISH or _english_only(context.data):
            return None
        found = translation(string.message, lang)
        slash_name = context.location in NAMES and not isinstance(context.data, app_commands.ContextMenu)
        if found is not None and slash_name and not _takes_as_name(found):
            return None  # a word the catalogues carry for a reply, not one Discord takes as a name
        return found


def _takes_as_name(text: str) -> bool:
    return DISCORD_NAME.fullmatch(text) is not None and text == text.lower()


def _english_only(data: object) -> bool:
    """A moderators' command (or one of its options) stays English: handlers.language.ENGLISH_ONLY."""
    command = getattr(data, "command", data)  # an option's command, or the command itself
    name = getattr(command, "qualified_name", None)
    return isinstance(name, str) and is_english_only(name)
