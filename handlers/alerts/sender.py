"""The one task that posts alerts: the day's tick, then the outbox rows of the servers this shard holds.

Exactly once: a row is claimed (a nonce and the time recorded) before it is posted and marked sent with
the message id after. A sender that dies between the two leaves the row claimed; after LEASE seconds
the sender holding that server claims it again and first looks for the post in the channel's recent
history by the nonce in its footer; only if it is not there does it post, with the same nonce and
Discord's `enforce_nonce`, which returns the message already made within the last few minutes instead
of making a second. A post is never lost: a row stays in the outbox until a message is recorded.

A channel Privy cannot post in (Forbidden, or the permissions it can see) pauses its subscription with the
reason, shown in /privy alerts and /review; it resumes by itself when the permissions are back, or when
the channel is subscribed again. Database work runs off the event loop (handlers.off_loop).
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import discord

from handlers.alerts.render import is_post_of, notice_embed
from knowledge.alerts.channels import AlertChannels
from knowledge.alerts.notice import Notice
from knowledge.store.alerts import OutboxRow, Subscription

if TYPE_CHECKING:
    from handlers.client import PrivyBot

log = logging.getLogger(__name__)

POLL = 30.0  # seconds between full passes (the day's tick, paused channels whose permissions came back)
CHECK = 2.0  # seconds between looks at the newest outbox row: a saved change is posted within about this
LEASE = 120.0  # seconds before a claimed row whose post was never recorded is claimed again
HISTORY = 50  # recent messages searched for a post whose sender died before recording it
NEEDED = ("view_channel", "send_messages", "embed_links")
NAMES = {"view_channel": "View Channel", "send_messages": "Send Messages", "embed_links": "Embed Links"}


class AlertSender:
    """Posts the outbox for the servers this bot holds, one pass at a time."""

    def __init__(
        self,
        bot: PrivyBot,
        alerts: AlertChannels,
        *,
        poll: float = POLL,
        lease: float = LEASE,
        check: float = CHECK,
    ) -> None:
        self.bot = bot
        self.alerts = alerts  # every server's alert channels: the sender serves all this shard holds
        self.poll = poll
        self.check = check
        self.lease = lease
        self.task: asyncio.Task[None] | None = None
        self._pass = asyncio.Lock()  # one pass at a time, so a row in flight is never claimed twice here

    def start(self) -> None:
        self.task = asyncio.create_task(self._run(), name="privy-alerts")

    def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()

    async def _run(self) -> None:
        await self.bot.wait_until_ready()
        while True:
            try:
                seen = await self.bot.core(self.alerts.newest)
                await self.pass_once()
            except Exception:
                log.exception("an alert pass failed; trying again in %.0f s", self.poll)
                seen = None
            await self._until_due(seen)

    async def _until_due(self, seen: int | None) -> None:
        """Wait for the next pass: POLL seconds gone, or a new outbox row written by any process (a save
        here, the CLI, another shard), looked for every CHECK seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.poll
        while (left := deadline - loop.time()) > 0:
            await asyncio.sleep(min(self.check, left))
            if seen is not None and loop.time() < deadline:
                try:
                    if await self.bot.core(self.alerts.newest) != seen:
                        return
                except Exception:
                    log.exception("could not look for new alerts; the next pass is in %.0f s", left)
                    seen = None

    async def pass_once(self) -> int:
        """The day's tick, channels whose permissions are back, then every post due; returns posts made."""
        async with self._pass:
            alerts = self.alerts
            guilds = self.bot.guilds
            held = [g.id for g in guilds]
            # a server that changed its language: its next alerts are written in the new one
            await self.bot.core(alerts.follow_locales, {g.id: g.preferred_locale.value for g in guilds})
            await self.bot.core(alerts.tick)
            for sub in await self.bot.core(alerts.paused, held):
                if self._can_post_again(sub):
                    await self.bot.core(alerts.resume, sub.id)
                    log.info("alerts in channel %s resumed: Privy can post there again", sub.channel_id)
            rows = await self.bot.core(alerts.claim, held, lease=self.lease)
            posted = 0
            for row in rows:
                posted += await self._post(row)
            return posted

    def _channel(self, channel_id: str) -> discord.TextChannel | None:
        channel = self.bot.get_channel(int(channel_id))
        return channel if isinstance(channel, discord.TextChannel) else None

    def _missing(self, channel: discord.TextChannel) -> list[str]:
        perms = channel.permissions_for(channel.guild.me)
        return [NAMES[p] for p in NEEDED if not getattr(perms, p)]

    def _can_post_again(self, sub: Subscription) -> bool:
        channel = self._channel(sub.channel_id)
        return channel is not None and not self._missing(channel)

    async def _post(self, row: OutboxRow) -> int:
        alerts = self.alerts
        channel = self._channel(row.channel_id)
        if channel is None:
            await self.bot.core(alerts.pause, row, "the channel was deleted, or Privy can no longer see it")
            return 0
        missing = self._missing(channel)
        if missing:
            await self.bot.core(alerts.pause, row, _lacks(channel, missing))
            return 0
        if row.retry:
            found = await self._find(channel, row.nonce)
            if found is not None:
                await self.bot.core(alerts.sent, row.id, found.id)
                log.info("alert %d was posted before its sender stopped; recorded, not posted again", row.id)
                return 0
        role = discord.Object(int(row.role_id)) if row.role_id else None
        try:
            message = await channel.send(
                content=f"<@&{row.role_id}>" if role else None,
                embed=notice_embed(Notice.from_dict(row.notice), row.nonce),
                nonce=row.nonce,
                allowed_mentions=discord.AllowedMentions(roles=[role])
                if role
                else discord.AllowedMentions.none(),
            )
        except discord.Forbidden as exc:
            await self.bot.core(alerts.pause, row, f"Discord refused the post ({exc.text or exc.status})")
            return 0
        except discord.NotFound:
            await self.bot.core(alerts.pause, row, "the channel was deleted, or Privy can no longer see it")
            return 0
        except discord.HTTPException as exc:
            log.warning("alert %d not posted (%s %s); trying again later", row.id, exc.status, exc.text)
            await self.bot.core(alerts.release, row.id)
            return 0
        await self.bot.core(alerts.sent, row.id, message.id)
        if channel.is_news():
            await _publish(message)
        return 1

    async def _find(self, channel: discord.TextChannel, nonce: str) -> discord.Message | None:
        """The post with this nonce among the channel's recent messages, if Privy made it."""
        me = self.bot.user
        if not channel.permissions_for(channel.guild.me).read_message_history:
            return None  # cannot look: the post goes again with the same nonce, which Discord enforces
        try:
            async for message in channel.history(limit=HISTORY):
                if me is not None and message.author.id == me.id and is_post_of(message, nonce):
                    return message
        except discord.HTTPException as exc:  # no Read Message History: enforce_nonce still guards
            log.info("could not read #%s to look for an unrecorded alert (%s)", channel.name, exc.status)
        return None


async def _publish(message: discord.Message) -> None:
    """An announcement channel's post goes to the servers following it; a refusal only stays local."""
    try:
        await message.publish()
    except discord.HTTPException as exc:
        log.info("alert %s posted but not published (%s %s)", message.id, exc.status, exc.text)


def _lacks(channel: discord.TextChannel, missing: list[str]) -> str:
    return (
        f"Privy lacks {', '.join(missing)} in <#{channel.id}>; give Privy's role these permissions there "
        "and alerts resume by themselves"
    )
