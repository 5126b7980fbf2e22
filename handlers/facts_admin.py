"""/fact ...: moderators correct the fact base from Discord. Each command calls one core function.

Every subcommand is hidden from non-moderators (default_permissions) *and* checked when called
(moderator_only), answers ephemerally, and shows the fact the way users will get it.
"""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from handlers import admin_render as show
from handlers.checks import is_moderator, moderator_group, moderator_only, require_moderator
from handlers.errors import UserFacingError, on_interaction_error
from handlers.fact_drafts import FactModal, edit_modal
from handlers.fact_ui import DYNAMIC_ITEMS, card_reply, history_reply
from handlers.mod_common import CORE_ERRORS, fit, outcome_reply, respond, user_error
from handlers.views import Reply
from knowledge.answers.preview import as_users_see
from knowledge.curation.workflow import Curator
from knowledge.packs.format import PackError
from knowledge.store.search import search_facts

if TYPE_CHECKING:
    from config import Config
    from knowledge.service import Privy

log = logging.getLogger(__name__)

MAX_PACK_BYTES = 5 * 1024 * 1024
PACK_SUFFIXES = (".yaml", ".yml", ".txt")


class ImportView(discord.ui.View):
    """Confirm or cancel one import; only the moderator who started it may press either."""

    def __init__(self, curator: Curator, text: str, name: str, owner_id: int) -> None:
        super().__init__(timeout=15 * 60)
        self.curator, self.text, self.name, self.owner_id = curator, text, name, owner_id

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        require_moderator(interaction)
        if interaction.user.id != self.owner_id:
            raise UserFacingError("Only the moderator who started this import can confirm or cancel it.")
        return True

    @discord.ui.button(
        label="Confirm import", style=discord.ButtonStyle.success, custom_id="privy:import:confirm"
    )
    async def confirm(self, interaction: discord.Interaction, button: discord.ui.Button[ImportView]) -> None:
        author = require_moderator(interaction)
        self.stop()
        await interaction.response.defer()
        try:
            outcome = self.curator.import_text(self.text, self.name, author)
        except PackError as exc:  # the base changed since the plan (a platform removed, ...)
            raise user_error(exc) from None
        reply = outcome_reply(self.curator, outcome, "")
        if outcome.live and outcome.plan is not None:
            plan = outcome.plan
            reply = Reply(f"Imported **{show.escape(self.name)}**: {plan.summary()}.", [], None)
            first = (plan.added + plan.changed)[:1]
            if first:
                shown = as_users_see(self.curator.privy, self.curator.store.get(first[0])[0])
                reply = Reply(
                    show.result_text(f"{reply.content} {show.code(first[0])}", shown),
                    show.shown_embeds(shown),
                    None,
                )
        await interaction.edit_original_response(**reply.edit_kwargs())

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary, custom_id="privy:import:cancel")
    async def cancel(self, interaction: discord.Interaction, button: discord.ui.Button[ImportView]) -> None:
        self.stop()
        await interaction.response.edit_message(
            content="Import cancelled. Nothing was changed.", embeds=[], view=None
        )

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item, /
    ) -> None:
        await on_interaction_error(interaction, error)


class FactAdmin(commands.Cog):
    """The /fact group for moderators."""

    fact = moderator_group(name="fact", description="Moderators: check and correct Privy's facts")

    def __init__(self, bot: commands.Bot, privy: Privy, config: Config) -> None:
        self.bot, self.privy, self.config = bot, privy, config
        self.curator = Curator(privy, require_review=config.require_review)

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)

    async def cog_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        """Core errors (a bad field, an unknown id) become the sentence the one error path shows."""
        original = getattr(error, "original", None)
        if isinstance(original, CORE_ERRORS):
            error.original = user_error(original)  # type: ignore[attr-defined]

    # ---- autocomplete: moderators only ----------------------------------------------------------------
    async def fact_ids(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        if not is_moderator(interaction.user, self.config):
            return []
        return [
            app_commands.Choice(name=i, value=i) for i in self.privy.store.ids(current.strip().lower(), 25)
        ]

    async def platforms(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        if not is_moderator(interaction.user, self.config):
            return []
        text = current.strip().lower()
        found = [p for p in self.privy.store.platforms() if text in p.id or text in p.name.lower()]
        return [app_commands.Choice(name=f"{p.name} ({p.id})"[:100], value=p.id) for p in found[:25]]

    # ---- writing ------------------------------------------------------------------------------------------
    @fact.command(name="add", description="Write a new fact: a form, then its sources and steps")
    @app_commands.describe(platform="The platform it is about (leave empty for none)")
    @app_commands.autocomplete(platform=platforms)
    @moderator_only()
    async def add(self, interaction: discord.Interaction, platform: str | None = None) -> None:
        seed = {"verified": self.privy.today().isoformat(), **({"platform": platform} if platform else {})}
        await interaction.response.send_modal(FactModal(seed, new=True))

    @fact.command(name="edit", description="Change a fact's text; sources and steps come after")
    @app_commands.describe(id="The fact id")
    @app_commands.autocomplete(id=fact_ids)
    @moderator_only()
    async def edit(self, interaction: discord.Interaction, id: str) -> None:
        await interaction.response.send_modal(edit_modal(self.curator, id))

    @fact.command(name="verify", description="Mark a fact checked against its sources today")
    @app_commands.describe(id="The fact id")
    @app_commands.autocomplete(id=fact_ids)
    @moderator_only()
    async def verify(self, interaction: discord.Interaction, id: str) -> None:
        outcome = self.curator.verify(id, require_moderator(interaction))
        await respond(interaction, outcome_reply(self.curator, outcome, f"Verified {show.code(id)} today"))

    @fact.command(name="retire", description="Stop answering with a fact (it stays in the history)")
    @app_commands.describe(id="The fact id", reason="Why, for the history (e.g. superseded by ...)")
    @app_commands.autocomplete(id=fact_ids)
    @moderator_only()
    async def retire(
        self, interaction: discord.Interaction, id: str, reason: app_commands.Range[str, 1, 300]
    ) -> None:
        outcome = self.curator.retire(id, reason, require_moderator(interaction))
        done = f"Retired {show.code(id)}: users no longer get it. /fact revert brings it back"
        await respond(interaction, outcome_reply(self.curator, outcome, done))

    @fact.command(name="revert", description="Bring back an earlier revision, as a new one")
    @app_commands.describe(id="The fact id", rev="The revision number, from /fact history")
    @app_commands.autocomplete(id=fact_ids)
    @moderator_only()
    async def revert(
        self, interaction: discord.Interaction, id: str, rev: app_commands.Range[int, 1]
    ) -> None:
        outcome = self.curator.revert(id, rev, require_moderator(interaction))
        await respond(
            interaction, outcome_reply(self.curator, outcome, f"Reverted {show.code(id)} to revision {rev}")
        )

    # ---- reading ------------------------------------------------------------------------------------------
    @fact.command(name="show", description="A fact as users see it, with its revision and flags")
    @app_commands.describe(id="The fact id")
    @app_commands.autocomplete(id=fact_ids)
    @moderator_only()
    async def show_fact(self, interaction: discord.Interaction, id: str) -> None:
        await respond(interaction, card_reply(self.curator, id, self.config.stale_days))

    @fact.command(name="history", description="Every revision of a fact: who, when, what changed")
    @app_commands.describe(id="The fact id")
    @app_commands.autocomplete(id=fact_ids)
    @moderator_only()
    async def history(self, interaction: discord.Interaction, id: str) -> None:
        await respond(interaction, history_reply(self.curator, id))

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
        found = search_facts(self.privy.db, text, platform)
        embeds = show.shown_embeds(as_users_see(self.privy, found[0])) if found else []
        await respond(interaction, Reply(show.search_text(text, found), fit(embeds), None))

    # ---- packs --------------------------------------------------------------------------------------------
    @fact.command(name="export", description="The whole fact base as a YAML pack file")
    @moderator_only()
    async def export(self, interaction: discord.Interaction) -> None:
        text = self.privy.store.export_text()
        name = f"privy-facts-{self.privy.today().isoformat()}.yaml"
        total, live = self.privy.store.count(), len(self.privy.store.facts())
        await interaction.response.send_message(
            f"{total} facts ({total - live} retired), as a pack. /fact import or "
            "`python bot.py facts import` takes it back unchanged.",
            file=discord.File(io.BytesIO(text.encode("utf-8")), filename=name),
            ephemeral=True,
        )

    @fact.command(name="import", description="Add or update facts from a YAML pack; shows the plan first")
    @app_commands.describe(pack="A .yaml fact pack (see /fact export for the format)")
    @moderator_only()
    async def import_pack(self, interaction: discord.Interaction, pack: discord.Attachment) -> None:
        if not pack.filename.lower().endswith(PACK_SUFFIXES):
            raise UserFacingError(f"pack: {pack.filename} is not a .yaml file. Nothing was changed.")
        if pack.size > MAX_PACK_BYTES:
            raise UserFacingError(f"pack: {pack.filename} is over {MAX_PACK_BYTES // 1024 // 1024} MB.")
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            text = (await pack.read()).decode("utf-8")
        except UnicodeDecodeError:
            raise UserFacingError(f"pack: {pack.filename} is not UTF-8 text. Nothing was changed.") from None
        try:
            _, plan = self.curator.read_pack(text)
        except PackError as exc:
            heading = f"**{show.escape(pack.filename)}** has problems; nothing was imported:"
            text = show.problems_text(exc.problems, heading, where=True)
            await interaction.followup.send(text, ephemeral=True)
            return
        content = show.plan_text(pack.filename, plan, self.config.require_review)
        if not (plan.added or plan.changed or plan.platforms):
            await interaction.followup.send(content, ephemeral=True)
            return
        view = ImportView(self.curator, text, pack.filename, interaction.user.id)
        await interaction.followup.send(content, view=view, ephemeral=True)
