"""/privy status as an embed: the per-region rows knowledge.answers.status_view computes, one field a row."""

from __future__ import annotations

import discord

from handlers.embeds import ANSWER_COLOUR, FIELD_VALUE, clip, inert
from knowledge.answers.status_view import NO_ROWS, StatusView, row_cells
from knowledge.answers.text import ASK_WITH_COUNTRY, nice_date
from knowledge.i18n.speaking import _

MAX_ROWS = 25  # Discord's limit of fields an embed


def status_embed(view: StatusView) -> discord.Embed:
    """One field a group of regions: training, since, opt-out, deadline, and the best source as a link."""
    embed = discord.Embed(
        title=clip(_("{name}: AI training by region").format(name=view.name), 256),
        description=f"*{_('As of {day}.').format(day=nice_date(view.as_of))}* {_(ASK_WITH_COUNTRY)}"
        if view.rows
        else _(NO_ROWS).format(name=inert(view.name)),
        colour=ANSWER_COLOUR,
    )
    for row in view.rows[:MAX_ROWS]:
        c = row_cells(row)
        deadline = "" if c["deadline"] == "—" else _(", deadline {day}").format(day=c["deadline"])
        lines = [
            _("Training: {training}, since {since}").format(training=inert(c["training"]), since=c["since"]),
            _("Opt-out: {way}").format(way=c["opt_out"]) + deadline,
        ]
        if c["source"] != "—":
            lines.append(_("Source: {link}").format(link=f"[{c['source_host']}]({c['source']})"))
        embed.add_field(name=clip(row.label, 256), value=clip("\n".join(lines), FIELD_VALUE), inline=False)
    return embed
