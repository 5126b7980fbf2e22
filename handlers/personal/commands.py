"""/privy reminders and /privy checklist: a person's own lists, ephemeral, with their buttons.

SettingsCog (handlers/settings.py) declares the two subcommands of /privy and calls these.
"""

from __future__ import annotations

import discord

from handlers.personal import render
from handlers.personal.buttons import checklist_reply, reminders_view
from handlers.replies import Reply, defer, respond
from handlers.services import core, view_of


async def show_reminders(interaction: discord.Interaction) -> None:
    """The person's reminders with a cancel button each; notes of those not sent are shown once."""
    await defer(interaction)
    personal = view_of(interaction).personal
    items = await core(interaction, personal.reminders, str(interaction.user.id))
    await respond(interaction, Reply(render.reminders_text(items), [], reminders_view(items)))


async def show_checklist(interaction: discord.Interaction) -> None:
    """What the person did and what changed since, with the DM switch."""
    await defer(interaction)
    personal = view_of(interaction).personal
    await respond(interaction, await checklist_reply(interaction, personal, str(interaction.user.id)))
