"""/fact ...: moderators correct the fact base from Discord. Each command calls one core function.

Every subcommand is hidden from non-moderators (default_permissions) *and* checked when called
(moderator_only), answers ephemerally, and shows the fact the way users will get it. Core calls run off
the event loop; a command that may take over a second defers first. Core errors (an unknown id, a bad
field) reach the one error path in handlers.errors as they are.
"""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from handlers.checks import is_moderator, moderator_group, moderator_only, require_moderator
from handlers.errors import UserFacingError
from handlers.facts import render as show
from handlers.facts.change_card import ChangeButton
from handlers.facts.draft_panel import DraftButton, FactModal
from handlers.facts.fact_card import FactButton, history_reply, load_history, send_card
from handlers.facts.outcomes import Done, apply, outcome_reply
from handlers.facts.translate_form import TranslationModal
from handlers.items import ModView
from handlers.replies import Reply, defer, fit, respond
from handlers.services import curator_of, view_of
from knowledge.curation.preview import Shown, as_users_see
from knowledge.curation.workflow import Curator
from knowledge.i18n.catalogues import ENGLISH, LANGUAGES
from knowledge.model import Fact
from knowledge.packs.format import PackError, Problem
from knowledge.store.facts import Author, ImportPlan

if TYPE_CHECKING:
    from config import Config
    from handlers.client import PrivyBot

log = logging.getLogger(__name__)

TRANSLATED = [code for code in LANGUAGES if code != ENGLISH]  # /fact translate's languages

MB = 1024 * 1024
MAX_PACK_BYTES = 5 * MB
DEFAULT_FILE_LIMIT = 10 * MB  # Discord's attachment limit where no server says otherwise (DMs)
PACK_SUFFIXES = (".yaml", ".yml", ".txt")
DYNAMIC_ITEMS = (DraftButton, FactButton, ChangeButton)


# ---- core work for the commands, run off the event loop ---------------------------------------------------


def find(curator: Curator, text: str, platform: str | None) -> tuple[list[Fact], Shown | None]:
    """Facts this server sees matching `text`, retired ones too, and how users get the best of them."""
    found = curator.view.search(text, platform)
    return found, as_users_see(curator.view, found[0]) if found else None


def export(curator: Curator) -> tuple[str, int, int]:
    """The base as this server sees it, as a pack, and how many facts it holds and how many are live."""
    store = curator.store
    return store.export_text(), store.count(), store.count_live()


def check_pack(curator: Curator, text: str) -> ImportPlan | list[Problem]:
    """What importing the pack would do, or its problems: the report /fact import shows first."""
    try:
        return curator.read_pack(text)[1]
    except PackError as exc:
        return exc.problems


def import_pack(
    curator: Curator, text: str, name: str, author: Author, plan: ImportPlan
) -> tuple[Done, str | None]:
    """Import (or propose) the pack as planned, and the first fact it added or changed, as users now get it.
    A fact changed since the plan was shown refuses the import (PlanOutdated) instead of losing that edit."""
    done = apply(curator, curator.import_text, text, name, author, plan=plan)
    made = done.outcome.plan
    first = (made.added + made.changed)[:1] if done.outcome.live and made is not None else []
    if first:
        done.shown = as_users_see(curator.view, curator.store.get(first[0])[0])
    return done, first[0] if first else None


def import_reply(name: str, done: Done, first: str | None) -> Reply:
    plan = done.outcome.plan
    if not done.outcome.live or plan is None:
        return outcome_reply(done, "")
    headline = f"Imported **{show.escape(name)}**: {plan.summary()}."
    if first is None or done.shown is None:
        return Reply(headline, [], None)
    shown = done.shown
    return Reply(show.result_text(f"{headline} {show.code(first)}", shown), show.shown_embeds(shown), None)


class ImportView(ModView):
    """Confirm or cancel one import; only the moderator who started it may press either."""

    def __init__(
        self, bot: PrivyBot, curator: Curator, text: str, name: str, owner_id: int, plan: ImportPlan
    ) -> None:
        super().__init__(timeout=15 * 60)
        self.bot, self.curator, self.text, self.name, self.owner_id = bot, curator, text, name, owner_id
        self.plan = plan  # what the moderator was shown: confirming imports exactly that, or nothing

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        await super().interaction_check(interaction)
        if interaction.user.id != self.owner_id:
            raise UserFacingError("Only the moderator who started this import can confirm or cancel it.")
        return True

    @discord.ui.button(
        label="Confirm import", style=discord.ButtonStyle.success, custom_id="privy:import:confirm"
    )
    async def confirm(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        author = await require_moderator(interaction)
        if curator_of(interaction).scope != self.curator.scope:  # never: a view stays in its message
            raise UserFacingError("This import belongs to another server. Nothing was changed.")
        self.stop()
        await interaction.response.defer()
        done, first = await self.bot.core(import_pack, self.curator, self.text, self.name, author, self.plan)
        await interaction.edit_original_response(**import_reply(self.name, done, first).edit_kwargs())

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary, custom_id="privy:import:cancel")
    async def cancel(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        self.stop()
        await interaction.response.edit_message(
            content="Import cancelled. Nothing was changed.", embeds=[], view=None
        )


class FactAdmin(commands.Cog):
    """The /fact group for moderators."""

    fact = moderator_group(name="fact", description="Moderators: check and correct Privy's facts")

    def __init__(self, bot: PrivyBot, config: Config) -> None:
        self.bot, self.config = bot, config

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)

    async def changed(
        self, interaction: discord.Interaction, curator: Curator, headline: str, write: Any, *args: Any
    ) -> None:
        """Defer, make the change off the loop, show the result as users get it."""
        await defer(interaction)
        done = await self.bot.core(apply, curator, write, *args)
        await respond(interaction, outcome_reply(done, headline))

    # ---- autocomplete: moderators only ----------------------------------------------------------------
    async def fact_ids(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        if not await is_moderator(interaction):
            return []
        store = view_of(interaction).store
        ids = await self.bot.core(store.ids, current.strip().lower(), 25)
        return [app_commands.Choice(name=i, value=i) for i in ids]

    async def platforms(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        if not await is_moderator(interaction):
            return []
        text = current.strip().lower()
        known = await self.bot.core(view_of(interaction).platforms)
        found = [p for p in known if text in p.id or text in p.name.lower()]
        return [app_commands.Choice(name=f"{p.name} ({p.id})"[:100], value=p.id) for p in found[:25]]

    # ---- writing ------------------------------------------------------------------------------------------
    @fact.command(name="add", description="Write a new fact: a form, then its sources and steps")
    @app_commands.describe(platform="The platform it is about (leave empty for none)")
    @app_commands.autocomplete(platform=platforms)
    @moderator_only()
    async def add(self, interaction: discord.Interaction, platform: str | None = None) -> None:
        seed = {
            "verified": view_of(interaction).today().isoformat(),
            **({"platform": platform} if platform else {}),
        }
        await interaction.response.send_modal(FactModal(seed, new=True))

    @fact.command(name="edit", description="Change a fact's text; sources and steps come after")
    @app_commands.describe(id="The fact id")
    @app_commands.autocomplete(id=fact_ids)
    @moderator_only()
    async def edit(self, interaction: discord.Interaction, id: str) -> None:
        opened = await self.bot.core(curator_of(interaction).opened, id)  # a form must be the first answer
        await interaction.response.send_modal(FactModal.for_edit(id, opened))

    @fact.command(name="verify", description="Mark a fact checked against its sources today")
    @app_commands.describe(id="The fact id")
    @app_commands.autocomplete(id=fact_ids)
    @moderator_only()
    async def verify(self, interaction: discord.Interaction, id: str) -> None:
        author, curator = await require_moderator(interaction), curator_of(interaction)
        await self.changed(
            interaction, curator, f"Verified {show.code(id)} today", curator.verify, id, author
        )

    @fact.command(name="translate", description="Translate a fact's prose and steps into one language")
    @app_commands.describe(id="The fact id", lang="The language to translate into")
    @app_commands.choices(lang=[app_commands.Choice(name=code, value=code) for code in TRANSLATED])
    @app_commands.autocomplete(id=fact_ids)
    @moderator_only()
    async def translate(
        self, interaction: discord.Interaction, id: str, lang: app_commands.Choice[str]
    ) -> None:
        fact, _ = await self.bot.core(
            curator_of(interaction).store.get, id
        )  # a form must be the first answer
        await interaction.response.send_modal(TranslationModal(fact, lang.value))

    @fact.command(name="retire", description="Stop answering with a fact (it stays in the history)")
    @app_commands.describe(id="The fact id", reason="Why, for the history (e.g. superseded by ...)")
    @app_commands.autocomplete(id=fact_ids)
    @moderator_only()
    async def retire(
        self, interaction: discord.Interaction, id: str, reason: app_commands.Range[str, 1, 300]
    ) -> None:
        author, curator = await require_moderator(interaction), curator_of(interaction)
        if curator.scope:
            done = f"Hid {show.code(id)} in this server: people here no longer get it. /fact revert brings it back"
        else:
            done = f"Retired {show.code(id)}: users no longer get it. /fact revert brings it back"
        await self.changed(interaction, curator, done, curator.retire, id, reason, author)

    @fact.command(name="revert", description="Bring back an earlier revision, as a new one")
    @app_commands.describe(id="The fact id", rev="The revision number, from /fact history")
    @app_commands.autocomplete(id=fact_ids)
    @moderator_only()
    async def revert(
        self, interaction: discord.Interaction, id: str, rev: app_commands.Range[int, 1]
    ) -> None:
        author, curator = await require_moderator(interaction), curator_of(interaction)
        done = f"Reverted {show.code(id)} to revision {rev}"
        await self.changed(interaction, curator, done, curator.revert, id, rev, author)

    # ---- reading ------------------------------------------------------------------------------------------
    @fact.command(name="show", description="A fact as users see it, with its revision and flags")
    @app_commands.describe(id="The fact id")
    @app_commands.autocomplete(id=fact_ids)
    @moderator_only()
    async def show_fact(self, interaction: discord.Interaction, id: str) -> None:
        await send_card(interaction, id)

    @fact.command(name="history", description="Every revision of a fact: who, when, what changed")
    @app_commands.describe(id="The fact id")
    @app_commands.autocomplete(id=fact_ids)
    @moderator_only()
    async def history(self, interaction: discord.Interaction, id: str) -> None:
        await defer(interaction)
        revisions, shown = await self.bot.core(load_history, curator_of(interaction), id)
        await respond(interaction, history_reply(id, revisions, shown))

    @fact.command(name="search", description="Find facts by id, words or platform (retired ones too)")
    @app_commands.describe(text="Words, an id or a question", platform="Only this platform")
    @app_commands.autocomplete(platform=platforms)
    @moderator_only()
    async def search(
        self,
        interaction: discord.Interaction,
        text: app_commands.Range[str, 1, 200],
        platform: str | None = None,
    ) -> None:
        await defer(interaction)
        found, shown = await self.bot.core(find, curator_of(interaction), text, platform)
        embeds = show.shown_embeds(shown) if shown else []
        await respond(interaction, Reply(show.search_text(text, found), fit(embeds), None))

    # ---- packs --------------------------------------------------------------------------------------------
    @fact.command(name="export", description="The whole fact base as a YAML pack file")
    @moderator_only()
    async def export(self, interaction: discord.Interaction) -> None:
        await defer(interaction)
        text, total, live = await self.bot.core(export, curator_of(interaction))
        data = text.encode("utf-8")
        limit = interaction.guild.filesize_limit if interaction.guild else DEFAULT_FILE_LIMIT
        if len(data) > limit:
            raise UserFacingError(
                f"The base is {len(data) / MB:.1f} MB as a pack, over the {limit / MB:.0f} MB Discord lets me "
                "attach here. On the bot's host, `python bot.py facts export FILE.yaml` writes it whole."
            )
        name = f"privy-facts-{view_of(interaction).today().isoformat()}.yaml"
        await interaction.followup.send(
            f"{total} facts ({total - live} retired), as a pack. /fact import or "
            "`python bot.py facts import` takes it back unchanged.",
            file=discord.File(io.BytesIO(data), filename=name),
            ephemeral=True,
        )

    @fact.command(name="import", description="Add or update facts from a YAML pack; shows the plan first")
    @app_commands.describe(pack="A .yaml fact pack (see /fact export for the format)")
    @moderator_only()
    async def import_pack(self, interaction: discord.Interaction, pack: discord.Attachment) -> None:
        if not pack.filename.lower().endswith(PACK_SUFFIXES):
            raise UserFacingError(f"pack: {pack.filename} is not a .yaml file. Nothing was changed.")
        curator = curator_of(interaction)
        limit = min(MAX_PACK_BYTES, curator.max_pack_bytes)  # another server's share is smaller
        if pack.size > limit:  # refused before it is downloaded
            size = f"{limit // MB} MB" if limit >= MB else f"{limit // 1024} KB"
            raise UserFacingError(f"pack: {pack.filename} is over {size}, the most it may be here.")
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            text = (await pack.read()).decode("utf-8")
        except UnicodeDecodeError:
            raise UserFacingError(f"pack: {pack.filename} is not UTF-8 text. Nothing was changed.") from None
        checked = await self.bot.core(check_pack, curator, text)
        if not isinstance(checked, ImportPlan):
            heading = f"**{show.escape(pack.filename)}** has problems; nothing was imported:"
            await interaction.followup.send(show.problems_text(checked, heading, where=True), ephemeral=True)
            return
        content = show.plan_text(pack.filename, checked, curator.require_review)
        if not (checked.added or checked.changed or checked.platforms):
            await interaction.followup.send(content, ephemeral=True)
            return
        view = ImportView(self.bot, curator, text, pack.filename, interaction.user.id, checked)
        await interaction.followup.send(content, view=view, ephemeral=True)
