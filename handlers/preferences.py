"""The asker's own data: /region set|clear, and /privacy show|forget saying exactly what is kept."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from handlers.checks import GUILD_INSTALL
from handlers.options import EVERYWHERE, region_autocomplete, region_code
from handlers.replies import in_time, say
from handlers.services import view_of
from knowledge.i18n.local import region_name
from knowledge.i18n.speaking import N_, _

if TYPE_CHECKING:
    from config import Config
    from handlers.client import PrivyBot

log = logging.getLogger(__name__)


def privacy_text(stored: dict[str, object]) -> str:
    """What /privacy show says: every kind of thing kept, and what is not."""
    region = stored.get("region")
    votes = int(stored.get("votes") or 0)  # type: ignore[call-overload]
    questions = int(stored.get("questions") or 0)  # type: ignore[call-overload]
    edits = int(stored.get("edits") or 0)  # type: ignore[call-overload]
    lines = [_("**What Privy stores about you**")]
    if region:
        lines.append(
            _("• Your saved region: **{region}**, because you set it with /region set.").format(
                region=region_name(str(region))
            )
        )
    else:
        lines.append(_("• Saved region: none. I keep one only if you set it with /region set."))
    lines.append(
        _(
            "• Feedback votes: **{votes}**. Each is kept as a one-way token (a keyed hash of your id, the fact "
            "and the vote) so a person counts once. The key is kept outside the database, so the database "
            "alone cannot tell whose a vote is; the counts per fact don't say who voted."
        ).format(votes=votes)
    )
    lines.append(
        _(
            "• Questions I could not answer: **{questions}**. Such a question is kept for the moderators of "
            "the server it was asked in, without e-mail addresses, phone numbers or mentions, with a keyed hash "
            "of your id (only so /privacy forget can find it), and deleted after at most a few weeks."
        ).format(questions=questions)
    )
    lines += personal_lines(stored)
    if edits:
        lines.append(
            _(
                "• Changes you made to facts as a moderator: **{edits}**. They are kept under your name and id "
                "in the revision history, so everyone moderating can see who changed what; /privacy forget "
                "does not delete them (the history is how a change is checked and undone)."
            ).format(edits=edits)
        )
    lines.append(_("• Nothing else: not your messages, and no question I answered."))
    lines.append(
        _(
            "/privacy forget deletes your saved region, your vote tokens, your unanswered questions, "
            "your reminders and your checklist."
        )
    )
    return "\n".join(lines)


def forget_text(deleted: dict[str, int]) -> str:
    """What /privacy forget says it deleted."""
    region, votes = deleted.get("region", 0), deleted.get("votes", 0)
    questions = deleted.get("questions", 0)
    reminders, entries = deleted.get("reminders", 0), deleted.get("checklist", 0)
    if not region and not votes and not questions and not reminders and not entries:
        return _("There was nothing to delete: Privy stores nothing tied to you.")
    parts = (
        ([_("your saved region")] if region else [])
        + ([_("{count} vote token(s)").format(count=votes)] if votes else [])
        + ([_("{count} unanswered question(s)").format(count=questions)] if questions else [])
        + ([_("{count} reminder(s)").format(count=reminders)] if reminders else [])
        + (
            [_("1 checklist entry") if entries == 1 else _("{count} checklist entries").format(count=entries)]
            if entries
            else []
        )
    )
    return _(
        "Done: I deleted {what}. Privy now stores nothing tied to you; the vote counts stay, anonymous."
    ).format(what=_(" and ").join(parts))


def personal_lines(stored: dict[str, object]) -> list[str]:
    """What /privacy show says of reminders and the checklist (issue 21)."""
    reminders = int(stored.get("reminders") or 0)  # type: ignore[call-overload]
    entries = int(stored.get("checklist") or 0)  # type: ignore[call-overload]
    dms = (
        _("on: your Discord id is kept for it")
        if stored.get("checklist_dms")
        else _("off (no Discord id is kept for it)")
    )
    return [
        _(
            "• Reminders: **{reminders}**. Each keeps the platform, region, fact and deadline, the language "
            "you set it in (for its DMs), a keyed hash of your id, and your Discord id itself so Privy can DM "
            "you; the id is deleted when the last DM is sent, or the reminder is cancelled or dropped."
        ).format(reminders=reminders),
        _(
            "• Checklist entries: **{entries}** (what you said you did: platform, region, fact, day, and the "
            "language you said it in, for a DM), under a keyed hash of your id, shown to no one else. DMs when "
            "one needs you to act again: {dms}."
        ).format(entries=entries, dms=dms),
    ]


class Preferences(commands.Cog):
    """The asker's saved region and their privacy commands."""

    region = app_commands.Group(
        name=N_("region"),
        description=N_("Your saved region, used when a question doesn't name one"),
        allowed_contexts=EVERYWHERE,
        allowed_installs=GUILD_INSTALL,
    )
    privacy = app_commands.Group(
        name=N_("privacy"),
        description=N_("What Privy stores about you, and deleting it"),
        allowed_contexts=EVERYWHERE,
        allowed_installs=GUILD_INSTALL,
    )

    def __init__(self, bot: PrivyBot, config: Config) -> None:
        self.bot = bot
        self.config = config

    @region.command(name=N_("set"), description=N_("Save your region so answers fit where you live"))
    @app_commands.describe(code=N_("Your country or region: uk, us, de, eea, ... (pick from the list)"))
    @app_commands.autocomplete(code=region_autocomplete)
    async def region_set(
        self, interaction: discord.Interaction, code: app_commands.Range[str, 1, 60]
    ) -> None:
        region = region_code(code)
        assert region is not None  # Range guarantees text; region_code raises on unknown text
        user = str(interaction.user.id)
        await in_time(interaction, self.bot.core(view_of(interaction).set_region, user, region))
        await say(
            interaction,
            _(
                "Saved. When a question doesn't name a place, I'll answer for {region}. /region clear removes it."
            ).format(region=region_name(region)),
        )

    @region.command(name=N_("clear"), description=N_("Forget your saved region"))
    async def region_clear(self, interaction: discord.Interaction) -> None:
        work = self.bot.core(view_of(interaction).clear_region, str(interaction.user.id))
        removed = await in_time(interaction, work)
        await say(
            interaction,
            _("Removed your saved region; I no longer store it.")
            if removed
            else _("You had no saved region."),
        )

    @privacy.command(name=N_("show"), description=N_("Exactly what Privy stores about you"))
    async def privacy_show(self, interaction: discord.Interaction) -> None:
        stored = await in_time(
            interaction, self.bot.core(view_of(interaction).about_user, str(interaction.user.id))
        )
        await say(interaction, privacy_text(stored))

    @privacy.command(name=N_("forget"), description=N_("Delete everything Privy stores about you"))
    async def privacy_forget(self, interaction: discord.Interaction) -> None:
        deleted = await in_time(
            interaction, self.bot.core(view_of(interaction).forget_user, str(interaction.user.id))
        )
        log.info("forgot a user on request: %s", dict(deleted))
        await say(interaction, forget_text(deleted))
