"""Command, option and choice names and descriptions in Discord's locales, from the catalogues.

discord.py asks the translator for every string when it syncs the command list (name_localizations,
description_localizations). The user's commands mark their names and descriptions with N_ where they are
declared, so the catalogues carry them; a string the catalogues do not carry stays English (the
moderators' /fact and /review are English only: docs/languages.md).
"""

from __future__ import annotations

import discord
from discord import app_commands

from knowledge.i18n.catalogues import ENGLISH, translation
from knowledge.i18n.speaking import N_, supported

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
        if lang is None or lang == ENGLISH:
            return None
        return translation(string.message, lang)
