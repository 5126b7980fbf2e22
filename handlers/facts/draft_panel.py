"""The draft panel: a fact being written, its preview, what is left to fix, and its buttons and forms.

The draft lives in the database (knowledge.store.drafts), so nothing typed is lost when a field is
wrong; the panel's buttons are DynamicItems whose custom_id names the draft, so they work after a restart.
Every core call runs off the event loop; anything that writes defers first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import discord

from handlers.checks import author_of
from handlers.facts import render as show
from handlers.facts.outcomes import Done, apply, outcome_reply
from handlers.items import ModItem, ModModal, text_input
from handlers.replies import Reply, defer, fit, respond
from handlers.services import core, curator_of
from knowledge.curation import blocks as fact_form
from knowledge.curation.workflow import Curator, DraftState
from knowledge.model import Platform
from knowledge.packs.format import LIMITS, PackError
from knowledge.store.drafts import Change
from knowledge.store.facts import Author, ConflictError


@dataclass
class Panel:
    """What a draft panel shows, read from the core: the draft, a conflict if any, and what previews need."""

    state: DraftState
    conflict: ConflictError | None
    platforms: list[Platform]
    today: date
    review: bool


def load_panel(curator: Curator, state: DraftState, conflict: ConflictError | None = None) -> Panel:
    """The panel of a draft (a core read: run it off the loop)."""
    conflict = conflict or curator.conflict(state.change)
    return Panel(state, conflict, curator.store.platforms(), curator.view.today(), curator.require_review)


def panel_reply(panel: Panel) -> Reply:
    """A draft with what is left to fix, its preview, and the buttons to finish it."""
    embeds = show.draft_embeds(panel.state, panel.today, panel.platforms)
    if panel.conflict is not None:
        embeds = [show.conflict_embed(panel.conflict, panel.today, panel.platforms), *embeds]
    view = discord.ui.View(timeout=None)
    cid = panel.state.change.id
    for op in ("text", "sources", "lists"):
        view.add_item(DraftButton(op, cid))
    if panel.conflict is not None:
        view.add_item(DraftButton("rebase", cid))
    else:
        view.add_item(DraftButton("save", cid, label="Propose" if panel.review else "Save"))
    view.add_item(DraftButton("discard", cid))
    return Reply(show.draft_text(panel.state, panel.review, panel.conflict), fit(embeds), view)


def save_draft(curator: Curator, change_id: int, author: Author) -> Done | Panel:
    """Publish (or propose) the draft; when it cannot be, the panel again, saying what to fix."""
    try:
        return apply(curator, curator.publish, change_id, author)
    except PackError:  # fields still wrong: the panel lists them
        return load_panel(curator, curator.draft(change_id, author))
    except ConflictError as exc:  # someone saved the fact meanwhile: both texts, and a choice
        return load_panel(curator, curator.draft(change_id, author), exc)


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
        button: discord.ui.Button[Any] = discord.ui.Button(
            label=label or name, style=style, custom_id=f"privy:draft:{op}:{change_id}"
        )
        super().__init__(button)
        self.op, self.change_id = op, change_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> DraftButton:
        return cls(match["op"], int(match["id"]))

    async def run(self, interaction: discord.Interaction) -> None:
        author, curator = author_of(interaction), curator_of(interaction)
        if self.op in ("text", "sources", "lists"):  # a form: it must be the first answer, no deferring
            state = await core(interaction, curator.draft, self.change_id, author)
            forms: dict[str, Callable[[Change], DraftModal]] = {
                "text": FactModal.for_draft,
                "sources": SourcesModal,
                "lists": ListsModal,
            }
            await interaction.response.send_modal(forms[self.op](state.change))
            return
        await defer(interaction, replace=True)
        if self.op == "discard":
            await core(interaction, curator.discard, self.change_id, author)
            text = f"Draft #{self.change_id} discarded. Nothing was changed."
            await respond(interaction, Reply(text, [], None), replace=True)
        elif self.op == "rebase":
            panel = await core(
                interaction, lambda: load_panel(curator, curator.rebase(self.change_id, author))
            )
            await respond(interaction, panel_reply(panel), replace=True)
        else:
            result = await core(interaction, save_draft, curator, self.change_id, author)
            if isinstance(result, Panel):
                await respond(interaction, panel_reply(result), replace=True)
            else:
                fid = result.outcome.fact.id if result.outcome.fact else ""
                await respond(interaction, outcome_reply(result, f"Saved {show.code(fid)}"), replace=True)


# ---- forms ---------------------------------------------------------------------------------------------


class DraftModal(ModModal):
    """A form on a draft. Submitted from a draft panel it updates that panel; otherwise (a command, the
    review queue) the panel comes as a new message, so the message the form was opened from stays."""

    replace = True

    async def run(self, interaction: discord.Interaction) -> None:
        author, curator = author_of(interaction), curator_of(interaction)
        replace = self.replace and interaction.message is not None
        await defer(interaction, replace=replace)
        panel = await core(interaction, lambda: load_panel(curator, self.apply(curator, author)))
        await respond(interaction, panel_reply(panel), replace=replace)

    def apply(self, curator: Curator, author: Author) -> DraftState:
        raise NotImplementedError


class FactModal(DraftModal):
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
        self.fact_id: discord.ui.TextInput[Any] | None = None
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
        self.coverage = text_input(
            "Regions, topic, platform", "coverage", fact_form.coverage_text(raw), 400, long=True
        )
        self.dates = text_input(
            "Dates, YYYY-MM-DD (empty if none)", "dates", fact_form.dates_text(raw), 200, long=True
        )
        for item in (self.question, self.answer, self.coverage, self.dates):
            self.add_item(item)

    @classmethod
    def for_draft(cls, change: Change, *, replace: bool = True) -> FactModal:
        modal = cls(change.data, change_id=change.id, new=change.action == "add")
        modal.replace = replace
        return modal

    @classmethod
    def for_edit(cls, fact_id: str, opened: tuple[dict[str, Any], int]) -> FactModal:
        """The edit form, prefilled, remembering the revision it was opened at (Curator.opened)."""
        data, rev = opened
        return cls(data, edit=(fact_id, rev), new=False)

    def apply(self, curator: Curator, author: Author) -> DraftState:
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
            coverage=self.coverage.value,
            dates=self.dates.value,
        )


class SourcesModal(DraftModal):
    """Sources, one a line: https URL | title | publisher | date."""

    def __init__(self, change: Change) -> None:
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

    def apply(self, curator: Curator, author: Author) -> DraftState:
        return curator.set_sources(self.change_id, author, self.sources.value)


class ListsModal(DraftModal):
    """Steps (in order) and other phrasings of the question, one a line."""

    def __init__(self, change: Change) -> None:
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

    def apply(self, curator: Curator, author: Author) -> DraftState:
        return curator.set_lists(self.change_id, author, steps=self.steps.value, variants=self.variants.value)
