"""The one error path: known errors become one short sentence for the user, the rest are logged.

Every handler (slash commands, context menus, buttons, selects, modals, mentions, text commands) ends up
here, so the wording is consistent and a bug in one handler is logged and answered politely instead of
crashing the bot. The core's user-facing errors (knowledge.errors.CoreError) are worded here too; no
handler catches them to reword them.
"""

from __future__ import annotations

import logging
import math

import discord
from discord import app_commands
from discord.ext import commands

from handlers.facts.render import problems_text
from knowledge.errors import CoreError
from knowledge.i18n.speaking import N_, _, use_language
from knowledge.packs.format import PackError
from knowledge.store.facts import NotFoundError

log = logging.getLogger(__name__)

# English msgids, in the asker's language where they are used (knowledge.i18n); a UserFacingError's
# message is a msgid too (N_ where it is defined), translated when it is shown.
SORRY = N_("Something went wrong on my side. It has been logged; please try again in a moment.")
NOT_ALLOWED = N_("You don't have permission to use that.")
OWNER_ONLY = N_("Only the bot's owner can do that.")
SERVER_ONLY = N_("That only works in a server, not in DMs.")


class UserFacingError(Exception):
    """A problem the user can fix; its message is shown to them as one short sentence."""


def cooldown_text(retry_after: float) -> str:
    """The friendly cooldown sentence (whole seconds, never '0 s')."""
    seconds = max(1, math.ceil(retry_after))
    return _("Slow down a little: you can ask again in {seconds} s.").format(seconds=seconds)


def unwrap(error: BaseException) -> BaseException:
    """The exception the handler raised, without discord.py's invoke wrappers."""
    while isinstance(error, (app_commands.CommandInvokeError, commands.CommandInvokeError)):
        error = error.original
    if isinstance(error, commands.HybridCommandError):
        return unwrap(error.original)
    return error


def core_message(error: CoreError) -> str:
    """A core error as the moderator or user sees it: a pack's problems as a short list, else its sentence."""
    if isinstance(error, PackError):
        return problems_text(error.problems, "Nothing was changed:", where=True)
    if isinstance(error, NotFoundError):
        return f"{str(error).capitalize()}. /fact search finds ids. Nothing was changed."
    if error.public:  # the message names PRIVY_DB's path: for the operator's log, not for users
        log.warning("%s", error)
        return error.public
    return _(str(error))  # a sentence the core marked (N_) is in the catalogues; any other stays as it is


def user_message(error: BaseException) -> str | None:
    """The sentence for a known error, or None for a bug that must be logged."""
    error = unwrap(error)
    if isinstance(error, UserFacingError):
        return _(str(error))
    if isinstance(error, CoreError):
        return core_message(error)
    if isinstance(error, (app_commands.CommandOnCooldown, commands.CommandOnCooldown)):
        return cooldown_text(error.retry_after)
    if isinstance(error, commands.NotOwner):
        return _(OWNER_ONLY)
    if isinstance(error, (app_commands.NoPrivateMessage, commands.NoPrivateMessage)):
        return _(SERVER_ONLY)
    if isinstance(error, (app_commands.BotMissingPermissions, commands.BotMissingPermissions)):
        missing = ", ".join(p.replace("_", " ") for p in error.missing_permissions)
        return _("I'm missing a permission here: {missing}.").format(missing=missing)
    if isinstance(error, (app_commands.CheckFailure, commands.CheckFailure)):
        return _(NOT_ALLOWED)
    if isinstance(error, app_commands.TransformerError):
        return _("I couldn't understand {value} for that option.").format(value=repr(str(error.value)[:50]))
    if isinstance(error, commands.UserInputError):
        return _("That command needs different input; check its options and try again.")
    return None


def _log_bug(where: str, error: BaseException) -> None:
    error = unwrap(error)
    log.error("unhandled error in %s", where, exc_info=(type(error), error, error.__traceback__))


async def tell(interaction: discord.Interaction, text: str) -> None:
    """Send `text` to the user of an interaction, ephemerally, whether or not it was answered yet."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except discord.HTTPException as exc:  # expired token, deleted channel: nothing more to do
        log.warning("could not send an error message for interaction %s: %s", interaction.id, exc)


async def on_interaction_error(interaction: discord.Interaction, error: BaseException) -> None:
    """tree.on_error, and the catch-all for buttons: one sentence to the user, a log line for bugs."""
    use_language(interaction.locale.value)  # said to the user alone, so in their language
    text = user_message(error)
    if text is None:
        command = interaction.command.qualified_name if interaction.command else None
        custom_id = dict(interaction.data or {}).get("custom_id")
        where = f"/{command}" if command else f"component {custom_id}"
        _log_bug(where, error)
        text = _(SORRY)
    await tell(interaction, text)


async def on_message_error(message: discord.Message, error: BaseException) -> None:
    """The same for a mention: a reply that pings no one."""
    text = user_message(error)
    if text is None:
        _log_bug(f"message {message.id}", error)
        text = _(SORRY)
    try:
        await message.reply(text)
    except discord.HTTPException as exc:
        log.warning("could not reply with an error to message %s: %s", message.id, exc)


async def on_command_error(ctx: commands.Context, error: commands.CommandError) -> None:
    """Text commands (the owner's privy-sync): unknown ones are questions, not errors; the rest answered."""
    if isinstance(error, commands.CommandNotFound):
        return
    await on_message_error(ctx.message, error)
