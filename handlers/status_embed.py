"""/privy status as an embed: the per-region rows knowledge.answers.status_view computes, one field a row."""

from __future__ import annotations

import discord

from handlers.embeds import ANSWER_COLOUR, FIELD_VALUE, clip, inert
from knowledge.answers.status_view import NO_ROWS, StatusView, row_cells
from knowledge.answers.text import nice_date

MAX_ROWS = 25  # Discord's limit of fields an embed


def status_embed(view: StatusView) -> discord.Embed:
    """One field a group of regions: training, since, opt-out, deadline, and the best source as a link."""
    embed = discord.Embed(
        title=clip(f"{view.name}: AI training by region", 256),
        description=f"*As of {nice_date(view.as_of)}.* Ask with your country for the details and steps."
        if view.rows
        else NO_ROWS.format(name=inert(view.name)),
        colour=ANSWER_COLOUR,
    )
    for row in view.rows[:MAX_ROWS]:
        c = row_cells(row)
        lines = [
            f"Training: {inert(c['training'])}, since {c['since']}",
            f"Opt-out: {c['opt_out']}" + ("" if c["deadline"] == "—" else f", deadline {c['deadline']}"),
        ]
        if c["source"] != "—":
            lines.append(f"Source: [{c['source_host']}]({c['source']})")
        embed.add_field(name=clip(row.label, 256), value=clip("\n".join(lines), FIELD_VALUE), inline=False)
    return embed
