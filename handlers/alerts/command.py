"""/privy alerts: subscribe a channel, list a server's alert channels (paused ones with the reason), end one.

Manage Server in that server, checked on every call (a moderator role cannot grant itself a channel).
The handler reads the options, calls the core once off the event loop, and says what it did.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from handlers.checks import NotModerator
from handlers.embeds import escape
from handlers.errors import UserFacingError
from handlers.replies import Reply, defer, respond
from handlers.services import view_of
from knowledge.alerts.channels import Channel
from knowledge.regions import short_name
from knowledge.store.alerts import Subscription

if TYPE_CHECKING:
    from handlers.client import PrivyBot

NO_CHANNELS = (
    "No channel here gets Privy's alerts. Subscribe one with `/privy alerts channel:#news` "
    "(optionally `platforms:`, `regions:`, `max_per_day:`, `role:`)."
)


def describe(sub: Subscription) -> str:
    """What a subscription covers, in one line."""
    platforms = ", ".join(sub.platforms) if sub.platforms else "every platform"
    regions = ", ".join(short_name(r) for r in sub.regions) if sub.regions else "every region"
    ping = f"pings <@&{sub.role_id}>" if sub.role_id else "pings no one"
    return f"{escape(platforms)} · {regions} · at most {sub.max_per_day} a day · {ping}"


def listing(channels: list[Channel]) -> str:
    if not channels:
        return NO_CHANNELS
    lines = ["**Alert channels in this server**"]
    for c in channels:
        sub = c.subscription
        state = f"**paused**: {sub.paused}" if sub.paused else f"{c.sent} posted"
        waiting = f", {c.waiting} waiting" if c.waiting else ""
        lines.append(f"• <#{sub.channel_id}>: {describe(sub)} — {state}{waiting}")
    lines.append("Re-subscribe a channel to change it (or resume it); `off:True` ends it.")
    return "\n".join(lines)


async def alerts_command(
    bot: PrivyBot,
    interaction: discord.Interaction,
    *,
    channel: discord.TextChannel | None,
    platforms: str | None,
    regions: str | None,
    max_per_day: int | None,
    role: discord.Role | None,
    off: bool,
) -> None:
    member = interaction.user
    if interaction.guild_id is None or not (
        isinstance(member, discord.Member) and member.guild_permissions.manage_guild
    ):
        raise NotModerator(
            "Only members with the Manage Server permission choose Privy's alert channels here."
        )
    if role is not None and role.is_default():
        raise UserFacingError("Name a role to ping, not @everyone; or leave `role` out to ping no one.")
    await defer(interaction)
    view = view_of(interaction)
    guild = str(interaction.guild_id)
    if channel is None:
        text = listing(await bot.core(view.alert_channels, guild))
    elif off:
        ended = await bot.core(view.unsubscribe_alerts, guild, str(channel.id))
        text = (
            f"<#{channel.id}> no longer gets alerts." if ended else f"<#{channel.id}> was not getting alerts."
        )
    else:
        sub, new = await bot.core(
            view.subscribe_alerts,
            guild,
            str(channel.id),
            platforms=platforms,
            regions=regions,
            max_per_day=max_per_day,
            role_id=str(role.id) if role else None,
            lang=interaction.guild_locale.value if interaction.guild_locale else None,  # what members read
        )
        head = (
            f"<#{channel.id}> now gets alerts from today (nothing older is posted)"
            if new
            else f"<#{channel.id}> updated and resumed"
        )
        text = f"{head}: {describe(sub)}."
    await respond(interaction, Reply(text, [], None))


async def paused_note(bot: PrivyBot, interaction: discord.Interaction) -> str | None:
    """For /review: the server's alert channels that are paused, and why (None when none is)."""
    if interaction.guild_id is None:
        return None
    channels = await bot.core(view_of(interaction).alert_channels, str(interaction.guild_id))
    paused = [c.subscription for c in channels if c.subscription.paused]
    if not paused:
        return None
    lines = ["**Alert channels paused** (fix it, or re-subscribe with /privy alerts):"]
    lines += [f"• <#{s.channel_id}>: {s.paused}" for s in paused]
    return "\n".join(lines)
