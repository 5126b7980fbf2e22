"""Writing a fact: the form (a modal), the draft panel with its preview, sources and steps, then Save.

The draft lives in the database (knowledge.curation.drafts), so nothing typed is lost when a field is wrong; the
panel's buttons are DynamicItems whose custom_id names the draft, so they work after a restart too.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

import discord

from handlers import admin_render as show
from handlers.checks import require_moderator
from handlers.errors import on_interaction_error
from handlers.mod_common import (
    CORE_ERRORS,
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
from knowledge.curation import blocks as fact_form
from knowledge.curation.workflow import Curator, DraftState
from knowledge.packs.format import LIMITS, PackError
from knowledge.store.facts import ConflictError


def panel(curator: Curator, state: DraftState, conflict: ConflictError | None = None) -> Reply:
    """A draft with what is left to fix, its preview, and the buttons to finish it."""
    conflict = conflict or curator.conflict(state.change)
    embeds = show.draft_embeds(state, curator.privy.today(), curator.store.platforms())
    if conflict is not None:
        embeds = [show.conflict_embed(conflict, curator.privy.today(), curator.store.platforms()), *embeds]
    view = discord.ui.View(timeout=None)
    cid = state.change.id
    for op in ("text", "sources", "lists"):
        view.add_item(DraftButton(op, cid))
    if conflict is not None:
        view.add_item(DraftButton("rebase", cid))
    else:
        view.add_item(DraftButton("save", cid, label="Propose" if curator.require_review else "Save"))
    view.add_item(DraftButton("discard", cid))
    return Reply(show.draft_text(state, curator.require_review, conflict), fit(embeds), view)


DRAFT_OPS = {
    "text": ("Edit text", discord.ButtonStyle.secondary),
    "sources": ("Sources", discord.ButtonStyle.primary),
    "lists": ("Steps & variants", discord.ButtonStyle.secondary),
    "save": ("Save", discord.ButtonStyle.success),
    "rebase": ("Use mine on top", discord.ButtonStyle.danger),
    "discard": ("Discard draft", discord.ButtonStyle.danger),
}


class DraftButton(
    ModItem, template=r"privy:draft:(?P<op>text|sources|lists|save|rebase|discard):(?P<id>\d+)"
):
    """One action on a draft: edit its text, sources or lists, save (or propose) it, or discard it."""

    def __init__(self, op: str, change_id: int, label: str | None = None) -> None:
        name, style = DRAFT_OPS[op]
        button = discord.ui.Button(
            label=label or name, style=style, custom_id=f"privy:draft:{op}:{change_id}"
        )
        super().__init__(button)
        self.op, self.change_id = op, change_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> DraftButton:
        return cls(match["op"], int(match["id"]))

    async def run(self, interaction: discord.Interaction, curator: Curator) -> None:
        author = require_moderator(interaction)
        if self.op in ("text", "sources", "lists"):
            change = curator.draft(self.change_id, author).change
            modal = {"text": FactModal.for_draft, "sources": SourcesModal, "lists": ListsModal}[self.op]
            await interaction.response.send_modal(modal(change))
            return
        if self.op == "discard":
            curator.discard(self.change_id, author)
            await respond(
                interaction,
                Reply(f"Draft #{self.change_id} discarded. Nothing was changed.", [], None),
                replace=True,
            )
            return
        if self.op == "rebase":
            await respond(interaction, panel(curator, curator.rebase(self.change_id, author)), replace=True)
            return
        try:
            outcome = curator.publish(self.change_id, author)
        except PackError:
            await respond(interaction, panel(curator, curator.draft(self.change_id, author)), replace=True)
            return
        except ConflictError as exc:
            state = curator.draft(self.change_id, author)
            await respond(interaction, panel(curator, state, conflict=exc), replace=True)
            return
        fid = outcome.fact.id if outcome.fact else ""
        await respond(interaction, outcome_reply(curator, outcome, f"Saved {show.code(fid)}"), replace=True)


# ---- modals ----------------------------------------------------------------------------------------------


class ModModal(discord.ui.Modal):
    """A moderator's form: re-checked on submit, errors to the one error path.

    Submitted from a draft panel it updates that panel; otherwise (a command, the review queue) the panel
    comes as a new message, so the message the form was opened from stays.
    """

    replace = True

    def __init__(self, title: str, key: str) -> None:
        super().__init__(
            title=title[:45], timeout=FORM_TIMEOUT, custom_id=f"privy:{key}:{secrets.token_hex(4)}"
        )

    async def on_submit(self, interaction: discord.Interaction) -> None:
        author = require_moderator(interaction)
        curator = curator_of(interaction)
        try:
            state = self.apply(curator, author)
        except CORE_ERRORS as exc:
            raise user_error(exc) from None
        await respond(
            interaction, panel(curator, state), replace=self.replace and interaction.message is not None
        )

    def apply(self, curator: Curator, author: Any) -> DraftState:
        raise NotImplementedError

    async def on_error(self, interaction: discord.Interaction, error: Exception, /) -> None:
        await on_interaction_error(interaction, error)


class FactModal(ModModal):
    """The text of a fact: id (new facts only), question, answer, regions/topic/platform, dates."""

    def __init__(
        self,
        raw: dict[str, Any],
        *,
        change_id: int | None = None,
        edit: tuple[str, int] | None = None,
        new: bool = True,
    ) -> None:
        title = f"Edit {edit[0]}" if edit else ("New fact" if new else f"Edit {raw.get('id') or 'new fact'}")
        super().__init__(title, f"form:{change_id or 'new'}")
        self.raw, self.change_id, self.edit, self.new = raw, change_id, edit, new
        self.fact_id: discord.ui.TextInput | None = None
        if new:
            self.fact_id = text_input(
                "Id: unique, a-z 0-9 and dashes",
                "id",
                str(raw.get("id") or ""),
                80,
                placeholder="zoom-ai-training-uk-2026",
            )
            self.add_item(self.fact_id)
        self.question = text_input(
            "Question users ask", "question", str(raw.get("question") or ""), LIMITS["question"]
        )
        self.answer = text_input(
            "Answer: 1-4 sentences, in our own words",
            "answer",
            str(raw.get("answer") or ""),
            LIMITS["answer"],
            long=True,
        )
        self.scope = text_input(
            "Regions, topic, platform", "scope", fact_form.scope_text(raw), 400, long=True
        )
        self.dates = text_input(
            "Dates, YYYY-MM-DD (empty if none)", "dates", fact_form.dates_text(raw), 200, long=True
        )
        for item in (self.question, self.answer, self.scope, self.dates):
            self.add_item(item)

    @classmethod
    def for_draft(cls, change: Any, *, replace: bool = True) -> FactModal:
        modal = cls(change.data, change_id=change.id, new=change.action == "add")
        modal.replace = replace
        return modal

    def apply(self, curator: Curator, author: Any) -> DraftState:
        change_id = self.change_id
        if change_id is None:
            if self.edit:
                change_id = curator.start_edit(self.edit[0], author, data=self.raw, base_rev=self.edit[1]).id
            else:
                change_id = curator.start_add(author, self.raw).id
        return curator.update_draft(
            change_id,
            author,
            fact_id=self.fact_id.value if self.fact_id is not None else None,
            question=self.question.value,
            answer=self.answer.value,
            scope=self.scope.value,
            dates=self.dates.value,
        )


class SourcesModal(ModModal):
    """Sources, one a line: https URL | title | publisher | date."""

    def __init__(self, change: Any) -> None:
        super().__init__(f"Sources of {change.data.get('id') or 'the draft'}", f"sources:{change.id}")
        self.change_id = change.id
        self.sources = text_input(
            "URL | title | publisher | date, one a line",
            "sources",
            fact_form.sources_text(change.data),
            4000,
            long=True,
            placeholder="https://example.com/policy | Privacy policy | Example Inc | 2025-09-18",
        )
        self.add_item(self.sources)

    def apply(self, curator: Curator, author: Any) -> DraftState:
        return curator.set_sources(self.change_id, author, self.sources.value)


class ListsModal(ModModal):
    """Steps (in order) and other phrasings of the question, one a line."""

    def __init__(self, change: Any) -> None:
        super().__init__(f"Steps of {change.data.get('id') or 'the draft'}", f"lists:{change.id}")
        self.change_id = change.id
        self.steps = text_input(
            "Steps, in order, one a line (optional)",
            "steps",
            fact_form.lines_text(change.data.get("steps")),
            4000,
            long=True,
            required=False,
        )
        self.variants = text_input(
            "Other ways people ask it, one a line",
            "variants",
            fact_form.lines_text(change.data.get("variants")),
            4000,
            long=True,
            required=False,
        )
        self.add_item(self.steps)
        self.add_item(self.variants)

    def apply(self, curator: Curator, author: Any) -> DraftState:
        return curator.set_lists(self.change_id, author, steps=self.steps.value, variants=self.variants.value)


def edit_modal(curator: Curator, fact_id: str) -> FactModal:
    """The edit form, prefilled, remembering the revision it was opened at."""
    data, rev = curator.opened(fact_id)
    return FactModal(data, edit=(fact_id, rev), new=False)
