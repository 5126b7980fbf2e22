"""Fact cards (/fact show, /review) and their buttons: Verified today, Edit, History.

Buttons are DynamicItems whose custom_id carries the fact they act on, so they keep working after a
restart; every click re-checks that the person is a moderator (handlers.items.ModItem).
"""

from __future__ import annotations

import re
from typing import Any

import discord

from handlers.checks import author_of
from handlers.facts import render as show
from handlers.facts.draft_panel import FactModal
from handlers.facts.outcomes import apply, outcome_reply
from handlers.items import CUSTOM_ID_MAX, ModItem
from handlers.replies import Reply, defer, fit, respond
from handlers.services import core, curator_of, stale_days_of
from knowledge.curation.card import FactCard, fact_card
from knowledge.curation.preview import Shown, as_users_see
from knowledge.curation.workflow import Curator
from knowledge.store.facts import Revision


def card_reply(card: FactCard) -> Reply:
    """The fact as users see it, its revision, flags and age, with Verified today, Edit and History."""
    view = discord.ui.View(timeout=None)
    ops = ["verify", "edit", "history"]
    if card.last is None:  # a shared fact seen from a server: its curators verify it, its history is theirs
        ops = ["edit"]
    elif card.fact.from_server:  # this server's own version: it may send it to the curators
        ops.append("suggest")
    for op in ops:
        if FactButton.fits(op, card.fact.id):
            view.add_item(FactButton(op, card.fact.id))
    return Reply(show.card_text(card), show.shown_embeds(card.shown), view)


def load_history(curator: Curator, fact_id: str) -> tuple[list[Revision], Shown]:
    """Every revision of a fact and how users get it now (a core read: run it off the loop)."""
    revisions = curator.store.history(fact_id)
    fact, _ = curator.store.get(fact_id)
    return revisions, as_users_see(curator.view, fact)


def history_reply(fact_id: str, revisions: list[Revision], shown: Shown) -> Reply:
    count = f"{len(revisions)} revision{'s' if len(revisions) != 1 else ''}"
    text = show.with_note(f"{count} of {show.code(fact_id)}, newest first. Now:", shown)
    return Reply(text, fit([show.history_embed(fact_id, revisions), *show.shown_embeds(shown)]), None)


FACT_OPS = {
    "verify": ("Verified today", discord.ButtonStyle.success),
    "edit": ("Edit", discord.ButtonStyle.primary),
    "history": ("History", discord.ButtonStyle.secondary),
    "suggest": ("Suggest to Privy", discord.ButtonStyle.secondary),
}


class FactButton(
    ModItem, template=r"privy:fact:(?P<op>verify|edit|history|suggest):(?P<id>[a-z0-9][a-z0-9-]*)"
):
    """On a fact card: mark it verified today, edit it, see its history, or (a server's own version)
    send it to Privy's curators as a suggestion for the shared base."""

    def __init__(self, op: str, fact_id: str) -> None:
        label, style = FACT_OPS[op]
        super().__init__(discord.ui.Button(label=label, style=style, custom_id=f"privy:fact:{op}:{fact_id}"))
        self.op, self.fact_id = op, fact_id

    @staticmethod
    def fits(op: str, fact_id: str) -> bool:
        return len(f"privy:fact:{op}:{fact_id}") <= CUSTOM_ID_MAX

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> FactButton:
        return cls(match["op"], match["id"])

    async def run(self, interaction: discord.Interaction) -> None:
        curator = curator_of(interaction)
        if self.op == "edit":  # a form: it must be the first answer, no deferring
            opened = await core(interaction, curator.opened, self.fact_id)
            await interaction.response.send_modal(FactModal.for_edit(self.fact_id, opened))
            return
        await defer(interaction)
        if self.op == "history":
            revisions, shown = await core(interaction, load_history, curator, self.fact_id)
            await respond(interaction, history_reply(self.fact_id, revisions, shown))
        elif self.op == "suggest":
            server = interaction.guild.name if interaction.guild else "a server"
            change = await core(interaction, curator.suggest, self.fact_id, author_of(interaction), server)
            text = (
                f"Sent {show.code(self.fact_id)} to Privy's curators as suggestion #{change.id}. If they "
                "accept it, it becomes shared, credited to this server; /review here shows what they decide."
            )
            await respond(interaction, Reply(text, [], None))
        else:
            done = await core(
                interaction, apply, curator, curator.verify, self.fact_id, author_of(interaction)
            )
            await respond(interaction, outcome_reply(done, f"Verified {show.code(self.fact_id)} today"))


async def send_card(interaction: discord.Interaction, fact_id: str) -> None:
    """Defer, read the card off the loop, send it."""
    await defer(interaction)
    card = await core(interaction, fact_card, curator_of(interaction), fact_id, stale_days_of(interaction))
    await respond(interaction, card_reply(card))
