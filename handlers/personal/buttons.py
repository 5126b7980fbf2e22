"""The buttons of a person's own follow-up: "Remind me" and "I did this" on an answer, cancel on a
reminder, and the checklist's DM switch and remove.

Each is a DynamicItem whose custom_id carries what the click needs, so it works after a restart and no
view is kept per reply. A button on an answer works only for its asker (another person's click would
store something about them for someone else's region); the rest are on ephemeral replies, and the core
finds the rows by the clicker's own keyed hash, so a forged custom_id reaches nothing of anyone else's.
"""

from __future__ import annotations

import re
from typing import Any

import discord

from handlers.errors import UserFacingError
from handlers.items import CUSTOM_ID_MAX, CheckedItem
from handlers.personal import render
from handlers.replies import Reply, in_time, respond
from handlers.services import core, view_of
from knowledge.i18n.speaking import N_, _, language
from knowledge.model import Answer
from knowledge.personal.claims import region_of, reminder_offer, steps_fact
from knowledge.personal.service import Personal, ReminderItem

ANY = "-"  # a region the answer took from the asker's saved preference: not written on a public button
_FACT = r"(?P<fact>[a-z0-9][a-z0-9-]*)"
_REGION = r"(?P<region>[a-z]{2,6}|-)"


def answer_buttons(answer: Answer, asker_id: int) -> list[discord.ui.Item[Any]]:
    """ "Remind me" when a deadline shown is still ahead for the asker's region, "I did this" when the
    answer shows the steps of a way out; both only for the shared facts. Judged on the day the answer is
    for (a question about a past day may show one; the click is checked again on today's facts)."""
    region = ANY if answer.region_saved else region_of(answer)
    items: list[discord.ui.Item[Any]] = []
    offer = reminder_offer(answer, answer.as_of)
    if offer is not None and RemindButton.fits(offer.id, region, asker_id):
        items.append(RemindButton(offer.id, region, asker_id))
    done = steps_fact(answer, answer.as_of)
    if done is not None and DidButton.fits(done.id, region, asker_id):
        items.append(DidButton(done.id, region, asker_id))
    return items


class _AskerButton(CheckedItem, template=r"privy:never-asker"):
    """A button on an answer, for its asker only: fact, region and asker in the custom_id."""

    word = "never"
    label = ""

    def __init__(self, fact_id: str, region: str, asker_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label=_(self.label),  # in the language of the answer it is on
                style=discord.ButtonStyle.secondary,
                custom_id=self.custom(fact_id, region, asker_id),
            )
        )
        self.fact_id, self.region, self.asker_id = fact_id, region, asker_id

    @classmethod
    def custom(cls, fact_id: str, region: str, asker_id: int) -> str:
        return f"privy:{cls.word}:{fact_id}:{region}:{asker_id}"

    @classmethod
    def fits(cls, fact_id: str, region: str, asker_id: int) -> bool:
        return len(cls.custom(fact_id, region, asker_id)) <= CUSTOM_ID_MAX

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> _AskerButton:
        return cls(match["fact"], match["region"], int(match["asker"]))

    def asked_region(self) -> str | None:
        return None if self.region == ANY else self.region

    async def run(self, interaction: discord.Interaction) -> None:
        if interaction.user.id != self.asker_id:
            raise UserFacingError(render.NOT_YOURS)
        await self.act(interaction, view_of(interaction).personal, str(interaction.user.id))

    async def act(self, interaction: discord.Interaction, personal: Personal, user: str) -> None:
        raise NotImplementedError


class RemindButton(_AskerButton, template=rf"privy:remind:{_FACT}:{_REGION}:(?P<asker>\d{{1,20}})"):
    """'Remind me': DMs 7 days and 1 day before the deadline, for the asker's region."""

    word = "remind"
    label = N_("Remind me")

    async def act(self, interaction: discord.Interaction, personal: Personal, user: str) -> None:
        done = await in_time(
            interaction,
            core(interaction, personal.remind, user, self.fact_id, self.asked_region(), language()),
        )
        await respond(interaction, Reply(render.reminded_text(done), [], None))


class DidButton(_AskerButton, template=rf"privy:did:{_FACT}:{_REGION}:(?P<asker>\d{{1,20}})"):
    """'I did this': the asker's private checklist records that they took these steps today."""

    word = "did"
    label = N_("I did this")

    async def act(self, interaction: discord.Interaction, personal: Personal, user: str) -> None:
        entry = await in_time(
            interaction, core(interaction, personal.did, user, self.fact_id, self.asked_region(), language())
        )
        await respond(interaction, Reply(render.did_text(entry), [], None))


class CancelReminderButton(CheckedItem, template=r"privy:rcancel:(?P<id>\d{1,18})"):
    """Cancel one reminder from /privy reminders (only the clicker's own: the core checks)."""

    def __init__(self, reminder_id: int, label: str = "Cancel") -> None:
        super().__init__(
            discord.ui.Button(
                label=label[:80], style=discord.ButtonStyle.danger, custom_id=f"privy:rcancel:{reminder_id}"
            )
        )
        self.reminder_id = reminder_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> CancelReminderButton:
        return cls(int(match["id"]))

    async def run(self, interaction: discord.Interaction) -> None:
        personal = view_of(interaction).personal
        user = str(interaction.user.id)
        cancelled = await in_time(interaction, core(interaction, personal.cancel, user, self.reminder_id))
        if not cancelled:
            raise UserFacingError(render.GONE_REMINDER)
        items = await core(interaction, personal.reminders, user)
        await respond(
            interaction, Reply(render.cancelled_text(items), [], reminders_view(items)), replace=True
        )


class ChecklistDmButton(CheckedItem, template=r"privy:ckdm:(?P<on>on|off)"):
    """The checklist's opt-in: one DM when a change needs the person to act again."""

    def __init__(self, on: bool) -> None:
        label = _("DM me when I need to act again") if on else _("Stop those DMs")
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.primary if on else discord.ButtonStyle.secondary,
                custom_id=f"privy:ckdm:{'on' if on else 'off'}",
            )
        )
        self.on = on

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ChecklistDmButton:
        return cls(match["on"] == "on")

    async def run(self, interaction: discord.Interaction) -> None:
        personal = view_of(interaction).personal
        user = str(interaction.user.id)
        await in_time(interaction, core(interaction, personal.set_dms, user, self.on))
        await respond(interaction, await checklist_reply(interaction, personal, user), replace=True)


class RemoveEntryButton(
    CheckedItem, template=r"privy:ckdel:(?P<platform>[a-z0-9][a-z0-9-]*):(?P<region>[a-z]{2,6})"
):
    """Remove one entry from the clicker's checklist."""

    def __init__(self, platform: str, region: str, label: str = "Remove") -> None:
        super().__init__(
            discord.ui.Button(
                label=label[:80],
                style=discord.ButtonStyle.secondary,
                custom_id=f"privy:ckdel:{platform}:{region}"[:CUSTOM_ID_MAX],
            )
        )
        self.platform, self.region = platform, region

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> RemoveEntryButton:
        return cls(match["platform"], match["region"])

    async def run(self, interaction: discord.Interaction) -> None:
        personal = view_of(interaction).personal
        user = str(interaction.user.id)
        await in_time(interaction, core(interaction, personal.remove, user, self.platform, self.region))
        await respond(interaction, await checklist_reply(interaction, personal, user), replace=True)


MAX_BUTTONS = 20  # of Discord's 25 components a message: a few are left for the rest


def reminders_view(items: list[ReminderItem]) -> discord.ui.View | None:
    """A cancel button for each waiting reminder."""
    waiting = [i for i in items if i.state == "waiting"][:MAX_BUTTONS]
    if not waiting:
        return None
    view = discord.ui.View(timeout=None)
    for item in waiting:
        view.add_item(CancelReminderButton(item.id, render.cancel_label(item)))
    return view


async def checklist_reply(interaction: discord.Interaction, personal: Personal, user: str) -> Reply:
    """/privy checklist: the entries and what changed, the DM switch, and a remove button each."""
    entries, dms = await core(interaction, personal.checklist, user)
    view = discord.ui.View(timeout=None)
    view.add_item(ChecklistDmButton(not dms))
    for entry in entries[: MAX_BUTTONS - 1]:
        view.add_item(RemoveEntryButton(entry.platform_id, entry.region, render.remove_label(entry)))
    return Reply(render.checklist_text(entries, dms), [], view)


PERSONAL_ITEMS = (RemindButton, DidButton, CancelReminderButton, ChecklistDmButton, RemoveEntryButton)
