"""Who may change the fact base: Manage Server, or the PRIVY_MOD_ROLE role. Checked on every call.

`default_permissions(manage_guild=True)` on the commands only hides them; a server can show them to
anyone in its Integrations settings, so every command asks `require_moderator`, and so does every
button, select and modal (handlers.items).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import discord
from discord import app_commands

from handlers.context import config_of
from handlers.errors import UserFacingError
from knowledge.store.facts import Author

if TYPE_CHECKING:
    from config import Config

T = TypeVar("T")

# Moderator commands are offered only in servers, for guild installs.
IN_SERVERS = app_commands.AppCommandContext(guild=True, dm_channel=False, private_channel=False)
GUILD_INSTALL = app_commands.AppInstallationType(guild=True, user=False)


class NotModerator(app_commands.CheckFailure, UserFacingError):
    """A non-moderator tried a moderator command; the message says who may."""


def has_mod_role(member: discord.Member, mod_role: str | None) -> bool:
    """The PRIVY_MOD_ROLE role, given by id or by (case-insensitive) name."""
    if not mod_role:
        return False
    wanted = mod_role.strip().lstrip("@").lower()
    return any(str(role.id) == wanted or role.name.lower() == wanted for role in member.roles)


def is_moderator(member: discord.abc.User, config: Config | None) -> bool:
    """Manage Server (owners and administrators have it) or the moderator role; never in DMs."""
    if not isinstance(member, discord.Member):
        return False
    if member.guild_permissions.manage_guild:
        return True
    return has_mod_role(member, config.mod_role if config else None)


def refusal(config: Config | None) -> str:
    role = (config.mod_role if config else None) or ""
    who = "the Manage Server permission"
    if role and not role.isdigit():
        who += f" or the {role.lstrip('@')} role"
    elif role:
        who += " or the moderator role"
    return f"Only moderators can change Privy's facts: that needs {who}. Nothing was changed."


def require_moderator(interaction: discord.Interaction) -> Author:
    """The moderator making this change, or NotModerator (shown as an ephemeral refusal)."""
    config = config_of(interaction)
    if interaction.guild is None:
        raise NotModerator("Facts are changed from a server, not from DMs. Nothing was changed.")
    if not is_moderator(interaction.user, config):
        raise NotModerator(refusal(config))
    return author_of(interaction)


def author_of(interaction: discord.Interaction) -> Author:
    """Who is acting, as the revision history records it: Discord id and name."""
    return Author(interaction.user.name, str(interaction.user.id))


def moderator_only() -> Callable[[T], T]:
    """A check for every moderator command, on top of the permissions that merely hide it."""

    def predicate(interaction: discord.Interaction) -> bool:
        require_moderator(interaction)
        return True

    return app_commands.check(predicate)


def moderator_group(**kwargs: Any) -> app_commands.Group:
    """An app command group hidden from non-moderators and offered only in servers."""
    return app_commands.Group(
        default_permissions=discord.Permissions(manage_guild=True),
        allowed_contexts=IN_SERVERS,
        allowed_installs=GUILD_INSTALL,
        **kwargs,
    )
