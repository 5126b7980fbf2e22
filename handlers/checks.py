"""Who may change which facts, checked on every call: the scope follows the server it is used in.

- In the home server (PRIVY_GUILD_ID) and for the shared base: its members with Manage Server or its
  moderator role (the one /privy settings chose, else PRIVY_MOD_ROLE by id or name, matched in the home
  server only), and the application's owner or team.
- In any other server, for that server's own layer only: its members with Manage Server, or the role its
  /privy settings chose (by id; a role merely *named* like one is nobody's moderator role).

`default_permissions(manage_guild=True)` on the commands only hides them; a server can show them to
anyone in its Integrations settings, so every command awaits `require_moderator`, and so does every
button, select and modal (handlers.items).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import discord
from discord import app_commands

from handlers.errors import UserFacingError
from handlers.services import SETTINGS, config_of, load_settings
from knowledge.store.facts import Author
from knowledge.store.settings import ServerSettings

T = TypeVar("T")

# Moderator commands are offered only in servers, for guild installs.
IN_SERVERS = app_commands.AppCommandContext(guild=True, dm_channel=False, private_channel=False)
GUILD_INSTALL = app_commands.AppInstallationType(guild=True, user=False)


class NotModerator(app_commands.CheckFailure, UserFacingError):
    """A non-moderator tried a moderator command; the message says who may."""


def is_home(interaction: discord.Interaction) -> bool:
    config = config_of(interaction)
    return interaction.guild_id is not None and config is not None and config.guild_id == interaction.guild_id


def has_mod_role(member: discord.Member, mod_role: str | None, *, by_name: bool = True) -> bool:
    """The moderator role, given by id (or, for PRIVY_MOD_ROLE in the home server, by name)."""
    if not mod_role:
        return False
    wanted = mod_role.strip().lstrip("@").lower()
    return any(str(role.id) == wanted or (by_name and role.name.lower() == wanted) for role in member.roles)


def is_app_owner(interaction: discord.Interaction) -> bool:
    """The application's owner, or a member of its team (as Discord says at login)."""
    app = getattr(interaction.client, "application", None)
    if app is None:
        return False
    if app.team is not None:
        return any(m.id == interaction.user.id for m in app.team.members)
    return app.owner is not None and app.owner.id == interaction.user.id


def may_moderate(interaction: discord.Interaction, settings: ServerSettings | None) -> bool:
    """Whether this person moderates the scope of the server the interaction comes from; never in DMs."""
    if interaction.guild_id is None:
        return False
    config = config_of(interaction)
    home = is_home(interaction)
    if home and is_app_owner(interaction):
        return True
    member = interaction.user
    if not isinstance(member, discord.Member):
        return False
    if member.guild_permissions.manage_guild:
        return True
    chosen = settings.mod_role_id if settings else None
    if chosen:
        return has_mod_role(member, chosen, by_name=False)
    return home and has_mod_role(member, config.mod_role if config else None)


def refusal(interaction: discord.Interaction) -> str:
    if not is_home(interaction):
        return (
            "Only this server's moderators can change its facts: that needs the Manage Server permission "
            "or the moderator role chosen in /privy settings. Nothing was changed."
        )
    config = config_of(interaction)
    settings = interaction.extras.get(SETTINGS)
    role = "" if getattr(settings, "mod_role_id", None) else (config.mod_role if config else None) or ""
    who = "the Manage Server permission"
    if role and not role.isdigit():
        who += f" or the {role.lstrip('@')} role"
    elif role or getattr(settings, "mod_role_id", None):
        who += " or the moderator role"
    return f"Only moderators can change Privy's facts: that needs {who}. Nothing was changed."


async def require_moderator(interaction: discord.Interaction) -> Author:
    """The moderator making this change, or NotModerator (shown as an ephemeral refusal)."""
    if interaction.guild is None and interaction.guild_id is None:
        raise NotModerator("Facts are changed from a server, not from DMs. Nothing was changed.")
    settings = await load_settings(interaction)
    if not may_moderate(interaction, settings):
        raise NotModerator(refusal(interaction))
    return author_of(interaction)


async def is_moderator(interaction: discord.Interaction) -> bool:
    """require_moderator as a yes or no (autocomplete: nothing for others)."""
    if interaction.guild_id is None:
        return False
    return may_moderate(interaction, await load_settings(interaction))


def author_of(interaction: discord.Interaction) -> Author:
    """Who is acting, as the revision history records it: Discord id and name."""
    return Author(interaction.user.name, str(interaction.user.id))


def moderator_only() -> Callable[[T], T]:
    """A check for every moderator command, on top of the permissions that merely hide it."""

    async def predicate(interaction: discord.Interaction) -> bool:
        await require_moderator(interaction)
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
