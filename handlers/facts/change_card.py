"""Peer review: a proposed change for a second moderator, what it alters, its preview, Approve and Reject.

Approve and Reject are DynamicItems whose custom_id carries the change, so they work after a restart;
the core refuses an approval by the moderator who proposed the change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import discord

from handlers.checks import author_of
from handlers.errors import UserFacingError
from handlers.facts import render as show
from handlers.facts.outcomes import Done, apply, outcome_reply
from handlers.items import ModItem, ModModal, text_input
from handlers.replies import Reply, defer, respond, say
from handlers.services import core, curator_of
from knowledge.curation.workflow import Curator, DraftState, FieldChange
from knowledge.model import Platform
from knowledge.store.drafts import Change
from knowledge.store.facts import Author, ConflictError


@dataclass
class Proposal:
    """A pending change as the core holds it now, with what its preview needs."""

    change: Change
    diff: list[FieldChange]
    platforms: list[Platform]
    today: date


def load_proposal(curator: Curator, change_id: int) -> Proposal:
    """The change, if it still waits for a decision (a core read: run it off the loop)."""
    change = curator.changes.get(change_id)
    if change.status != "pending":
        raise UserFacingError(f"Change #{change_id} is {change.status}; there is nothing to decide.")
    return Proposal(change, curator.diff(change), curator.store.platforms(), curator.view.today())


def proposal_reply(p: Proposal) -> Reply:
    """A proposal for a second moderator: what it changes, its preview, Approve and Reject."""
    embeds = show.draft_embeds(DraftState(p.change), p.today, p.platforms)
    view = discord.ui.View(timeout=None)
    view.add_item(ChangeButton("approve", p.change.id))
    view.add_item(ChangeButton("reject", p.change.id))
    return Reply(show.change_text(p.change, p.diff), embeds, view)


@dataclass
class Stale:
    """An approval refused because the fact changed since it was proposed."""

    conflict: ConflictError
    platforms: list[Platform]
    today: date


def approve(curator: Curator, change_id: int, author: Author) -> Done | Stale:
    """Approve the change; when the fact changed meanwhile, the current text to compare instead."""
    try:
        return apply(curator, curator.approve, change_id, author)
    except ConflictError as exc:
        return Stale(exc, curator.store.platforms(), curator.view.today())


class ChangeButton(ModItem, template=r"privy:change:(?P<op>approve|reject):(?P<id>\d+)"):
    """Approve or reject a proposed change (peer review): never by the moderator who proposed it."""

    def __init__(self, op: str, change_id: int) -> None:
        style = discord.ButtonStyle.success if op == "approve" else discord.ButtonStyle.danger
        button: discord.ui.Button[Any] = discord.ui.Button(
            label=op.capitalize(), style=style, custom_id=f"privy:change:{op}:{change_id}"
        )
        super().__init__(button)
        self.op, self.change_id = op, change_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ChangeButton:
        return cls(match["op"], int(match["id"]))

    async def run(self, interaction: discord.Interaction) -> None:
        if self.op == "reject":
            await interaction.response.send_modal(RejectModal(self.change_id))
            return
        await defer(interaction, replace=True)
        curator = curator_of(interaction)
        result = await core(interaction, approve, curator, self.change_id, author_of(interaction))
        if isinstance(result, Stale):
            text = (
                show.conflict_text(result.conflict, kept=False)
                + " Reject this change; its author can propose it again."
            )
            embed = show.conflict_embed(result.conflict, result.today, result.platforms)
            await respond(interaction, Reply(text, [embed], None), replace=True)
            return
        headline = f"Approved change #{self.change_id}"
        await respond(interaction, outcome_reply(result, headline), replace=True)


class RejectModal(ModModal):
    """Why a proposal is rejected (kept with it)."""

    def __init__(self, change_id: int) -> None:
        super().__init__(f"Reject change #{change_id}", f"reject:{change_id}")
        self.change_id = change_id
        self.reason = text_input("Why (the proposer sees this in /review)", "reason", "", 300, required=False)
        self.add_item(self.reason)

    async def run(self, interaction: discord.Interaction) -> None:
        replace = interaction.message is not None
        await defer(interaction, replace=replace)
        curator = curator_of(interaction)
        await core(interaction, curator.reject, self.change_id, author_of(interaction), self.reason.value)
        await say(interaction, f"Rejected change #{self.change_id}. Nothing was changed.", replace=replace)


async def send_proposal(interaction: discord.Interaction, change_id: int) -> None:
    """Defer, read the proposal off the loop, send it."""
    await defer(interaction)
    proposal = await core(interaction, load_proposal, curator_of(interaction), change_id)
    await respond(interaction, proposal_reply(proposal))
