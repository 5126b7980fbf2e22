"""The bot's sender of personal DMs: reminders when due, and the one DM a checklist change calls for.

Every SEND_EVERY seconds (the first run after FIRST_RUN_DELAY, once the bot is connected) it asks the
core to claim what is due under a fresh token, DMs each person, and records what happened. The claim is
committed before a DM goes, so a crash between the DM and its record never sends it twice (the core
counts an old claim as sent). Several shard processes on one base take turns: a claimed row is no one
else's. `clock` is injectable: tests set it and call `run_once()`, they never sleep.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import discord

from handlers.personal import render
from knowledge.errors import CoreError
from knowledge.i18n.speaking import speaking
from knowledge.personal.service import Outcome, Personal
from knowledge.store.personal import CLAIM_BATCH

if TYPE_CHECKING:
    from handlers.client import PrivyBot

log = logging.getLogger(__name__)

SEND_EVERY = 600.0  # seconds between runs: reminders are due by the day, so ten minutes is on time
FIRST_RUN_DELAY = 60.0


def utc_now() -> datetime:
    return datetime.now(UTC)


class PersonalSender:
    """Claims due reminders and checklist changes, DMs them, records each outcome."""

    def __init__(self, bot: PrivyBot, personal: Personal, clock: Callable[[], datetime] = utc_now) -> None:
        self.bot = bot
        self.personal = personal
        self.clock = clock
        self.every = SEND_EVERY
        self.batch = CLAIM_BATCH

    async def run_once(self) -> int:
        """One run: every due DM claimed (a batch at a time), sent and recorded; how many were sent."""
        now = self.clock()
        sent = 0
        while True:  # a deadline thousands asked about: batch after batch, until a batch is not full
            token = secrets.token_hex(8)
            notices = await self.bot.core(self.personal.due, now, token, self.batch)
            batch = 0
            for notice in notices:
                with speaking(notice.lang):  # the language the person set the reminder in
                    text = render.notice_text(notice)
                outcome = await self._dm(notice.user_id, text)
                await self.bot.core(self.personal.record, notice, outcome, now.date())
                batch += outcome == "sent"
            sent += batch
            if len(notices) < self.batch or not batch:  # none left, or Discord failing: next run
                break
        for change in await self.bot.core(self.personal.changes_due, now, secrets.token_hex(8)):
            with speaking(change.lang):  # the language the person ticked "I did this" in
                text = render.change_text(change)
            outcome = await self._dm(change.user_id, text)
            await self.bot.core(self.personal.change_recorded, change, outcome)
            sent += outcome == "sent"
        return sent

    async def run_forever(self) -> None:
        """run_once every `every` seconds until cancelled; a failed run is logged and tried again."""
        await asyncio.sleep(FIRST_RUN_DELAY)
        while True:
            try:
                sent = await self.run_once()
                if sent:
                    log.info("sent %d reminder(s) and checklist DM(s)", sent)
            except CoreError as exc:  # busy, read-only or full: the next run tries again
                log.warning("personal DMs not sent this time: %s", exc)
            except Exception:
                log.exception("the personal DM run failed; trying again later")
            await asyncio.sleep(self.every)

    async def _dm(self, user_id: str, text: str) -> Outcome:
        """DM one person: closed when Discord refuses (DMs closed, no such user), failed on anything else."""
        try:
            channel = await self.bot.create_dm(discord.Object(int(user_id)))
            await channel.send(text, allowed_mentions=discord.AllowedMentions.none())
        except (discord.Forbidden, discord.NotFound) as exc:
            log.info("a DM was refused (%s): dropped", exc.status)
            return "closed"
        except discord.HTTPException as exc:
            log.warning("a DM failed (%s %s): tried again next run", exc.status, exc.text)
            return "failed"
        return "sent"
