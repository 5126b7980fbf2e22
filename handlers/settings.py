"""/privy status: a platform's per-region view, for everyone.

/privy settings: a server's own moderator role (kept by id), peer review, and stale-days.

/privy alerts: a server's alert channels (handlers.alerts.command).

Only members with Manage Server change them (a moderator role cannot grant itself more), checked on
every call; the environment's values (PRIVY_REQUIRE_REVIEW, PRIVY_STALE_DAYS, and PRIVY_MOD_ROLE in the
home server) stay the defaults for what a server has not set.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from handlers.alerts.command import alerts_command
from handlers.checks import NotModerator, is_home
from handlers.errors import UserFacingError
from handlers.personal.commands import show_checklist, show_reminders
from handlers.replies import Reply, defer, respond
from handlers.services import view_of
from handlers.status_embed import status_embed
from knowledge.i18n.speaking import N_
from knowledge.store.settings import MAX_STALE_DAYS, ServerSettings

if TYPE_CHECKING:
    from config import Config
    from handlers.client import PrivyBot

log = logging.getLogger(__name__)


def settings_text(settings: ServerSettings, config: Config, *, home: bool, changed: bool) -> str:
    """The settings in force in this server, each saying whether it is the server's or the default."""
    if settings.mod_role_id:
        role = f"<@&{settings.mod_role_id}> (chosen here)"
    elif home and config.mod_role:
        role = f"{discord.utils.escape_markdown(config.mod_role)} (PRIVY_MOD_ROLE, the default)"
    else:
        role = "none: only members with Manage Server"
    review = settings.require_review
    review_text = (
        ("on" if review else "off") + " (chosen here)"
        if review is not None
        else ("on" if config.require_review else "off") + " (the default)"
    )
    days = (
        f"{settings.stale_days} (chosen here)"
        if settings.stale_days
        else f"{config.stale_days} (the default)"
    )
    what = (
        "Privy's shared facts (this is the home server: its moderators curate them for every server)"
        if home
        else "this server's own facts (Privy's shared facts are kept by its curators)"
    )
    head = "Saved. " if changed else ""
    return (
        f"{head}**Privy settings for this server**, for {what}:\n"
        f"• Moderator role: {role}\n"
        f"• Peer review (a second moderator approves each change): {review_text}\n"
        f"• A fact is stale after {days} days without a check."
    )


class SettingsCog(commands.Cog):
    """/privy settings for a server's managers, /privy status for everyone."""

    privy_group = app_commands.Group(
        name="privy",
        description=N_("Privy in this server"),
        # No default_permissions: /privy status is for everyone; settings checks Manage Server itself.
        allowed_contexts=app_commands.AppCommandContext(guild=True, dm_channel=False, private_channel=False),
        allowed_installs=app_commands.AppInstallationType(guild=True, user=False),
    )

    def __init__(self, bot: PrivyBot, config: Config) -> None:
        self.bot, self.config = bot, config

    @privy_group.command(
        name="settings", description="Show or change this server's moderator role, review, stale days"
    )
    @app_commands.describe(
        moderator_role="Members with this role moderate this server's facts",
        clear_role="Remove the moderator role (only Manage Server moderates then)",
        peer_review="Each change needs a second moderator's approval",
        stale_days="Days after which a fact should be checked again",
    )
    async def settings(
        self,
        interaction: discord.Interaction,
        moderator_role: discord.Role | None = None,
        clear_role: bool = False,
        peer_review: bool | None = None,
        stale_days: app_commands.Range[int, 1, MAX_STALE_DAYS] | None = None,
    ) -> None:
        member = interaction.user
        if interaction.guild_id is None or not (
            isinstance(member, discord.Member) and member.guild_permissions.manage_guild
        ):
            raise NotModerator("Only members with the Manage Server permission change Privy's settings here.")
        await defer(interaction)
        view = view_of(interaction)
        change = moderator_role is not None or clear_role or peer_review is not None or stale_days is not None
        if change:
            saved = await self.bot.core(
                view.save_settings,
                str(member.id),
                mod_role_id=str(moderator_role.id) if moderator_role is not None else None,
                clear_role=clear_role,
                require_review=peer_review,
                stale_days=stale_days,
            )
            log.info("settings of %s changed by %s", view.scope or "the home server", member.id)
        else:
            saved = await self.bot.core(view.settings)
        text = settings_text(saved, self.config, home=is_home(interaction), changed=change)
        await respond(interaction, Reply(text, [], None))

    @privy_group.command(name="alerts", description="Post changes to what people are told into a channel")
    @app_commands.describe(
        channel="The channel to post in (leave out to list this server's alert channels)",
        platforms="Only these platforms, e.g. linkedin, meta (default: every platform)",
        regions="Only these regions, e.g. uk, eea, de (default: every region)",
        max_per_day="Posts a day at most; the rest come as one digest the next day (default 3)",
        role="A role to ping with each post (default: no pings)",
        off="Stop posting in this channel",
    )
    async def alerts(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel | None = None,
        platforms: app_commands.Range[str, 1, 300] | None = None,
        regions: app_commands.Range[str, 1, 300] | None = None,
        max_per_day: app_commands.Range[int, 1, 50] | None = None,
        role: discord.Role | None = None,
        off: bool = False,
    ) -> None:
        await alerts_command(
            self.bot,
            interaction,
            channel=channel,
            platforms=platforms,
            regions=regions,
            max_per_day=max_per_day,
            role=role,
            off=off,
        )

    @privy_group.command(
        name=N_("status"), description=N_("Where a platform trains AI on people's data, region by region")
    )
    @app_commands.describe(
        platform=N_("A platform: linkedin, meta, x, ..."), as_of=N_("A day, YYYY-MM-DD (default: today)")
    )
    async def status(self, interaction: discord.Interaction, platform: str, as_of: str | None = None) -> None:
        day = None
        if as_of:
            try:
                day = date.fromisoformat(as_of.strip())
            except ValueError:
                raise UserFacingError(f"as_of must be a date like 2025-11-03, not {as_of[:40]!r}.") from None
        await defer(interaction)
        view = await self.bot.core(view_of(interaction).status, platform, as_of=day)
        if view is None:
            raise UserFacingError("I don't know that platform. Try linkedin, meta, x, google, openai...")
        await respond(interaction, Reply(None, [status_embed(view)], None))

    @privy_group.command(
        name=N_("reminders"), description=N_("Your deadline reminders, with cancel (only you see them)")
    )
    async def reminders(self, interaction: discord.Interaction) -> None:
        await show_reminders(interaction)

    @privy_group.command(
        name=N_("checklist"),
        description=N_("What you opted out of, and what changed since (only you see it)"),
    )
    async def checklist(self, interaction: discord.Interaction) -> None:
        await show_checklist(interaction)
