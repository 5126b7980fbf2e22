"""What every moderator handler shares: the core for this bot, error wording, replies, the checked button.

Every moderator button and form re-checks that the person is a moderator (handlers.checks).
"""

from __future__ import annotations

import logging
from typing import Any

import discord

from handlers import admin_render as show
from handlers.checks import require_moderator
from handlers.errors import UserFacingError, on_interaction_error
from handlers.views import Reply
from knowledge.answers.preview import as_users_see
from knowledge.curation.drafts import ChangeError
from knowledge.curation.workflow import Curator, Outcome
from knowledge.packs.format import PackError
from knowledge.store.facts import ConflictError, NotFoundError

log = logging.getLogger(__name__)

# What the core raises for things a moderator can fix; shown as a sentence, never logged as a bug.
CORE_ERRORS = (PackError, NotFoundError, ChangeError, ConflictError)

EMBEDS_TOTAL = 6000
FORM_TIMEOUT = 30 * 60.0


def curator_of(interaction: discord.Interaction) -> Curator:
    """A Curator over the bot's fact base, with the bot's review setting."""
    config = getattr(interaction.client, "config", None)
    return Curator(interaction.client.privy, require_review=bool(config and config.require_review))  # type: ignore[attr-defined]


def stale_days_of(interaction: discord.Interaction) -> int:
    config = getattr(interaction.client, "config", None)
    return config.stale_days if config else 90


def user_error(exc: Exception) -> UserFacingError:
    """A core error as the one sentence (or list) the moderator sees."""
    if isinstance(exc, PackError):
        return UserFacingError(show.problems_text(exc.problems, "Nothing was changed:", where=True))
    if isinstance(exc, NotFoundError):
        return UserFacingError(f"{str(exc).capitalize()}. /fact search finds ids. Nothing was changed.")
    return UserFacingError(str(exc))


def fit(embeds: list[discord.Embed]) -> list[discord.Embed]:
    """As many embeds as fit Discord's 6000 characters per message, in order."""
    out: list[discord.Embed] = []
    total = 0
    for embed in embeds:
        if total + len(embed) > EMBEDS_TOTAL or len(out) == 10:
            break
        out.append(embed)
        total += len(embed)
    return out


async def respond(interaction: discord.Interaction, reply: Reply, *, replace: bool = False) -> None:
    """Replace the message the click came from, or answer with a new ephemeral one."""
    if replace and interaction.message is not None:
        await interaction.response.edit_message(**reply.edit_kwargs())
    else:
        await interaction.response.send_message(**reply.send_kwargs(), ephemeral=True)


def outcome_reply(curator: Curator, outcome: Outcome, done: str) -> Reply:
    """'Saved ... This is what users get:' with the answer, or 'Proposed ...' when it waits for approval."""
    if not outcome.live and outcome.change is not None:
        text = (
            f"Proposed as change #{outcome.change.id}. Another moderator must approve it in /review "
            "before users see it."
        )
        return Reply(text, [], None)
    if outcome.fact is None:
        return Reply(done, [], None)
    shown = as_users_see(curator.privy, outcome.fact)
    return Reply(show.result_text(f"{done} (revision {outcome.rev}).", shown), show.shown_embeds(shown), None)


class ModItem(discord.ui.DynamicItem[discord.ui.Button], template=r"privy:mod:never"):
    """A moderator's button: checked on every click, errors to the one error path."""

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            require_moderator(interaction)
            await self.run(interaction, curator_of(interaction))
        except CORE_ERRORS as exc:
            await on_interaction_error(interaction, user_error(exc))
        except Exception as exc:
            await on_interaction_error(interaction, exc)

    async def run(self, interaction: discord.Interaction, curator: Curator) -> None:
        raise NotImplementedError


def text_input(
    label: str, key: str, default: str, limit: int, *, long: bool = False, **kw: Any
) -> discord.ui.TextInput:
    style = discord.TextStyle.paragraph if long else discord.TextStyle.short
    return discord.ui.TextInput(
        label=label, custom_id=key, default=default[:limit] or None, max_length=limit, style=style, **kw
    )
