"""Fact cards (/fact show, /review) and peer review: Verified today, Edit, History, Approve, Reject.

Buttons are DynamicItems whose custom_id carries the fact or change they act on, so they keep working
after a restart; every click re-checks that the person is a moderator.
"""

from __future__ import annotations

import re
import secrets

import discord

from handlers import admin_render as show
from handlers.checks import require_moderator
from handlers.errors import UserFacingError, on_interaction_error
from handlers.fact_drafts import DraftButton, edit_modal
from handlers.mod_common import (
    FORM_TIMEOUT,
    ModItem,
    curator_of,
    fit,
    outcome_reply,
    respond,
    text_input,
    user_error,
)
from handlers.views import Reply
from knowledge.answers.preview import as_users_see
from knowledge.curation.drafts import ChangeError
from knowledge.curation.queue import fact_card
from knowledge.curation.workflow import Curator, DraftState
from knowledge.store.facts import ConflictError


def card_reply(curator: Curator, fact_id: str, stale_days: int) -> Reply:
    card = fact_card(curator, fact_id, stale_days)
    view = discord.ui.View(timeout=None)
    for op in ("verify", "edit", "history"):
        if FactButton.fits(op, fact_id):
            view.add_item(FactButton(op, fact_id))
    return Reply(show.card_text(card), show.shown_embeds(card.shown), view)


FACT_OPS = {
    "verify": ("Verified today", discord.ButtonStyle.success),
    "edit": ("Edit", discord.ButtonStyle.primary),
    "history": ("History", discord.ButtonStyle.secondary),
}


class FactButton(ModItem, template=r"privy:fact:(?P<op>verify|edit|history):(?P<id>[a-z0-9][a-z0-9-]*)"):
    """On a fact card: mark it verified today, edit it, or see its history."""

    def __init__(self, op: str, fact_id: str) -> None:
        label, style = FACT_OPS[op]
        super().__init__(discord.ui.Button(label=label, style=style, custom_id=f"privy:fact:{op}:{fact_id}"))
        self.op, self.fact_id = op, fact_id

    @staticmethod
    def fits(op: str, fact_id: str) -> bool:
        return len(f"privy:fact:{op}:{fact_id}") <= 100

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> FactButton:
        return cls(match["op"], match["id"])

    async def run(self, interaction: discord.Interaction, curator: Curator) -> None:
        author = require_moderator(interaction)
        if self.op == "edit":
            await interaction.response.send_modal(edit_modal(curator, self.fact_id))
        elif self.op == "history":
            await respond(interaction, history_reply(curator, self.fact_id))
        else:
            outcome = curator.verify(self.fact_id, author)
            await respond(
                interaction, outcome_reply(curator, outcome, f"Verified {show.code(self.fact_id)} today")
            )


def history_reply(curator: Curator, fact_id: str) -> Reply:
    revisions = curator.store.history(fact_id)
    fact, _ = curator.store.get(fact_id)
    shown = as_users_see(curator.privy, fact)
    text = show.with_note(
        f"{len(revisions)} revision{'s' if len(revisions) != 1 else ''} of {show.code(fact_id)}, newest first. Now:",
        shown,
    )
    return Reply(text, fit([show.history_embed(fact_id, revisions), *show.shown_embeds(shown)]), None)


class ChangeButton(ModItem, template=r"privy:change:(?P<op>approve|reject):(?P<id>\d+)"):
    """Approve or reject a proposed change (peer review): never by the moderator who proposed it."""

    def __init__(self, op: str, change_id: int) -> None:
        style = discord.ButtonStyle.success if op == "approve" else discord.ButtonStyle.danger
        button = discord.ui.Button(
            label=op.capitalize(), style=style, custom_id=f"privy:change:{op}:{change_id}"
        )
        super().__init__(button)
        self.op, self.change_id = op, change_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> ChangeButton:
        return cls(match["op"], int(match["id"]))

    async def run(self, interaction: discord.Interaction, curator: Curator) -> None:
        author = require_moderator(interaction)
        if self.op == "reject":
            await interaction.response.send_modal(RejectModal(self.change_id))
            return
        try:
            outcome = curator.approve(self.change_id, author)
        except ConflictError as exc:
            text = (
                show.conflict_text(exc, kept=False) + " Reject this change; its author can propose it again."
            )
            embed = show.conflict_embed(exc, curator.privy.today(), curator.store.platforms())
            await respond(interaction, Reply(text, [embed], None), replace=True)
            return
        await respond(
            interaction, outcome_reply(curator, outcome, f"Approved change #{self.change_id}"), replace=True
        )


class RejectModal(discord.ui.Modal):
    """Why a proposal is rejected (kept with it)."""

    def __init__(self, change_id: int) -> None:
        super().__init__(
            title=f"Reject change #{change_id}",
            timeout=FORM_TIMEOUT,
            custom_id=f"privy:reject:{change_id}:{secrets.token_hex(4)}",
        )
        self.change_id = change_id
        self.reason = text_input("Why (the proposer sees this in /review)", "reason", "", 300, required=False)
        self.add_item(self.reason)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        author = require_moderator(interaction)
        try:
            curator_of(interaction).reject(self.change_id, author, self.reason.value)
        except ChangeError as exc:
            raise user_error(exc) from None
        text = f"Rejected change #{self.change_id}. Nothing was changed."
        await respond(interaction, Reply(text, [], None), replace=interaction.message is not None)

    async def on_error(self, interaction: discord.Interaction, error: Exception, /) -> None:
        await on_interaction_error(interaction, error)


def change_reply(curator: Curator, change_id: int) -> Reply:
    """A proposal for a second moderator: what it changes, its preview, Approve and Reject."""
    change = curator.changes.get(change_id)
    if change.status != "pending":
        raise UserFacingError(f"Change #{change_id} is {change.status}; there is nothing to decide.")
    text = show.change_text(change, curator.diff(change))
    state = DraftState(change)
    embeds = show.draft_embeds(state, curator.privy.today(), curator.store.platforms())
    view = discord.ui.View(timeout=None)
    view.add_item(ChangeButton("approve", change.id))
    view.add_item(ChangeButton("reject", change.id))
    return Reply(text, embeds, view)


DYNAMIC_ITEMS = (DraftButton, FactButton, ChangeButton)
