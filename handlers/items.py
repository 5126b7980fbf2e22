"""The checked bases for every button, select, view and modal: who may use it, and errors to one path.

A persistent component (DynamicItem) or a modal is answered outside discord.py's command machinery, so
nothing else checks it: a moderator's item asks `require_moderator` on every click and submit (a member
could be demoted while a card is open), and every error goes to handlers.errors like a command's would.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any, ClassVar

import discord

from handlers.checks import require_moderator
from handlers.errors import on_interaction_error
from knowledge.i18n.catalogues import ENGLISH
from knowledge.i18n.speaking import use_language

log = logging.getLogger(__name__)

FORM_TIMEOUT = 30 * 60.0
CUSTOM_ID_MAX = 100  # Discord's limit on a component's custom_id, which carries what a click needs


class CheckedItem(discord.ui.DynamicItem[Any], template=r"privy:never"):
    """A persistent button or select; `moderators` says whether only moderators may use it."""

    moderators: ClassVar[bool] = False

    async def callback(self, interaction: discord.Interaction) -> None:
        # a click is answered in the clicker's language; the moderators' tools speak English only
        use_language(ENGLISH if self.moderators else interaction.locale.value)
        try:
            if self.moderators:
                await require_moderator(interaction)
            await self.run(interaction)
        except Exception as exc:
            await on_interaction_error(interaction, exc)

    async def run(self, interaction: discord.Interaction) -> None:
        raise NotImplementedError


class ModItem(CheckedItem, template=r"privy:mod:never"):
    """A moderator's button or select."""

    moderators = True


class ModModal(discord.ui.Modal):
    """A moderator's form: re-checked on submit, errors to the one error path."""

    def __init__(self, title: str, key: str) -> None:
        super().__init__(
            title=title[:45], timeout=FORM_TIMEOUT, custom_id=f"privy:{key}:{secrets.token_hex(4)}"
        )

    async def on_submit(self, interaction: discord.Interaction) -> None:
        use_language(ENGLISH)
        await require_moderator(interaction)
        await self.run(interaction)

    async def run(self, interaction: discord.Interaction) -> None:
        raise NotImplementedError

    async def on_error(self, interaction: discord.Interaction, error: Exception, /) -> None:  # type: ignore[override]
        await on_interaction_error(interaction, error)  # (discord.py's Modal.on_error takes no item)


class ModView(discord.ui.View):
    """A short-lived moderator view (an import's Confirm/Cancel): checked on every click."""

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        use_language(ENGLISH)
        await require_moderator(interaction)
        return True

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any], /
    ) -> None:
        await on_interaction_error(interaction, error)


def text_input(
    label: str, key: str, default: str, limit: int, *, long: bool = False, **kw: Any
) -> discord.ui.TextInput[Any]:
    """A form field prefilled with `default` (cut to its limit)."""
    style = discord.TextStyle.paragraph if long else discord.TextStyle.short
    return discord.ui.TextInput(
        label=label, custom_id=key, default=default[:limit] or None, max_length=limit, style=style, **kw
    )
