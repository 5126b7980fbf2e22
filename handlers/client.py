"""The Discord client: minimal intents, no pings, cogs handed their dependencies, one error path.

build_bot() is what tests and bot.create_bot() use; run_bot() and sync_commands() are `make run` and
`python bot.py sync`. Nothing here reads settings or opens files at import time.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import sys
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Literal

import aiohttp
import discord
from discord.ext import commands

from handlers import errors, gateway_filter
from handlers.alerts.sender import CHECK, LEASE, POLL, AlertSender
from handlers.asking.answer_reply import FeedbackButton, RegionButton
from handlers.asking.cog import Asking
from handlers.collector import CacheFreezer
from handlers.command_names import CatalogueTranslator
from handlers.facts.cog import FactAdmin
from handlers.facts.review import ReviewCog
from handlers.language import PrivyTree
from handlers.login_turns import LoginTurns
from handlers.off_loop import CoreCalls, drained
from handlers.personal.buttons import PERSONAL_ITEMS
from handlers.personal.sender import PersonalSender
from handlers.preferences import Preferences
from handlers.settings import SettingsCog
from handlers.watch_task import watch_forever
from knowledge.errors import CoreError
from knowledge.i18n.local import prepare as prepare_languages
from knowledge.reading import language
from knowledge.scoped import SHARED
from knowledge.sources.watch import run_watch
from knowledge.store import watch as watch_store
from knowledge.store.health import check_health
from knowledge.store.shard_logins_pg import turns as postgres_login_turns

if TYPE_CHECKING:
    from config import Config
    from knowledge.service import Privy

log = logging.getLogger(__name__)
# Privy has no voice features: discord.py's warnings that voice libraries are missing only confuse a start
discord.VoiceClient.warn_nacl = False
discord.VoiceClient.warn_dave = False

SWEEP_EVERY = 3600.0  # seconds between sweeps of expired unanswered questions

CogFactory = Callable[["PrivyBot", "Config"], commands.Cog]
SYNC_COMMAND = "privy-sync"


def minimal_intents() -> discord.Intents:
    """Servers, and messages in them and in DMs; no privileged intent (a mention's text comes anyway)."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.dm_messages = True
    return intents


def default_cogs() -> list[CogFactory]:
    """Asking, preferences, the moderators' /fact and /review, and each server's /privy settings."""
    return [Asking, Preferences, FactAdmin, ReviewCog, SettingsCog]


def settle(privy: Privy) -> None:
    """Load the search vocabulary now rather than on the first question, then take what is alive at start
    out of the cyclic collector's passes (gc.freeze): the first question after start paid a full pass. The
    language model too, which the first question that is not plainly English would otherwise wait for."""
    privy.index.refresh()
    language.preload()  # the first question not plainly English would load it (about 0.5 s)
    gc.collect()
    gc.freeze()


class PrivyBot(commands.AutoShardedBot, commands.Bot):
    """discord.py's AutoShardedBot with Privy's safe defaults; the fact base and settings are handed in.

    Also a commands.Bot (whose class adds nothing to BotBase and Client), as create_bot promises: the
    MRO puts AutoShardedBot's client first, so the sharded client is the one that runs.

    Sharded so that one process can hold every shard (the default: Discord says how many), or several
    processes on one host can each run some (PRIVY_SHARD_COUNT, PRIVY_SHARD_IDS) over one fact base:
    a change saved by one is served by the others on their next question (the search lives in SQLite).
    """

    def __init__(
        self,
        config: Config,
        privy: Privy,
        *,
        cogs: Sequence[CogFactory] | None = None,
        sync_on_start: bool = True,
    ) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,  # "@Privy privy-sync": a mention's text needs no intent
            intents=minimal_intents(),
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            tree_cls=PrivyTree,  # each interaction answered in its user's language
            max_messages=None,  # keep no cache of people's messages
            shard_count=config.shard_count,
            # None (every shard) is discord.py's own default; its stub types the option as list[int] only.
            shard_ids=list(config.shard_ids) if config.shard_ids is not None else None,  # type: ignore[arg-type]
        )
        self.config = config
        self.privy = privy
        self.core = CoreCalls(privy)  # every core call of this bot, off the event loop and one at a time
        # Answers are read on a second connection, in their own lane: a save waiting for the write lock
        # (a CLI import holds it for seconds) held every question in every server behind it (issue 22).
        self.reader = privy
        self.reads = self.core
        self.cog_factories = list(default_cogs() if cogs is None else cogs)
        self.sync_on_start = sync_on_start
        # seconds between full passes and between looks for new alerts; a claim's lease (handlers.alerts.sender)
        self.alert_poll, self.alert_lease, self.alert_check = POLL, LEASE, CHECK
        self.alert_sender: AlertSender | None = None
        self.watcher: asyncio.Task[None] | None = None  # re-reads watched sources (PRIVY_WATCH_HOURS)
        self.sweep_every = SWEEP_EVERY
        self._sweeper: asyncio.Task[None] | None = None
        self.personal_sender = PersonalSender(self, privy.scoped(SHARED).personal)  # reminders, checklist DMs
        self._personal: asyncio.Task[None] | None = None
        # Server messages that are not for Privy are dropped before discord.py builds objects (issue 23).
        self.gateway_counts = gateway_filter.GatewayCounts()
        gateway_filter.install(
            self._connection.parsers, lambda: self._connection.self_id, self.gateway_counts
        )
        self.freezer = CacheFreezer()
        # Login turns are kept where every process of the bot can see them: in PostgreSQL when the bot runs on
        # many hosts, else in the SQLite base that all its processes on this machine share.
        take_turn = (
            postgres_login_turns(config.database_url) if config.database_url else privy.take_login_turn
        )
        self.logins = LoginTurns(self.core, take_turn, self._max_concurrency)

    async def setup_hook(self) -> None:
        self.reader = await self.core(self.privy.reader)
        self.reads = CoreCalls(self.reader) if self.reader is not self.privy else self.core
        self.tree.error(errors.on_interaction_error)
        await self.tree.set_translator(CatalogueTranslator())  # command names in Discord's locales
        await self.core(prepare_languages)  # catalogues and Babel's data read off the loop, once
        self.add_dynamic_items(RegionButton, FeedbackButton, *PERSONAL_ITEMS)
        await self.add_cog(OwnerCommands(self))
        for make in self.cog_factories:
            await self.add_cog(make(self, self.config))
        await self.core(settle, self.privy)
        if self.config.watch_hours:
            self.watcher = asyncio.create_task(
                watch_forever(
                    partial(watch_store.last_run, self.privy.db),
                    partial(run_watch, self.privy.db),
                    self.core,
                    self.config.watch_hours,
                )
            )
        if self.reader is not self.privy:
            await self.reads(settle, self.reader)
        self.alert_sender = AlertSender(
            self, self.privy.alerts, poll=self.alert_poll, lease=self.alert_lease, check=self.alert_check
        )
        self.alert_sender.start()  # posts alerts once the bot is ready
        await self.core(check_health, self.privy.db)  # a damaged base answers, and refuses every write
        self._sweeper = asyncio.create_task(self._sweep(), name="privy-sweep")
        self._personal = asyncio.create_task(self.personal_sender.run_forever(), name="privy-personal-dms")
        if self.sync_on_start and self.config.guild_id:
            try:
                count = await self.sync_to(self.config.guild_id)
                log.info("synced %d commands to PRIVY_GUILD_ID %s", count, self.config.guild_id)
            except discord.HTTPException as exc:
                log.error(
                    "could not sync commands to PRIVY_GUILD_ID %s (%s %s): is the bot in that server, "
                    "invited with the applications.commands scope?",
                    self.config.guild_id,
                    exc.status,
                    exc.text,
                )

    async def _sweep(self) -> None:
        """Unanswered questions older than PRIVY_UNANSWERED_DAYS go at start and every SWEEP_EVERY seconds,
        whether or not another question arrives (they stayed until the next miss before, issue 22)."""
        while True:
            try:
                removed = await self.core(self.privy.community.expire)
            except CoreError as exc:  # busy, read-only or full: the next sweep tries again
                log.warning("the sweep of old unanswered questions did not run: %s", exc)
            else:
                if removed:
                    log.info("deleted %d unanswered question(s) kept longer than allowed", removed)
            await asyncio.sleep(self.sweep_every)

    async def close(self) -> None:
        for task in (self._sweeper, self.watcher, self._personal):
            if task is not None:
                task.cancel()
        if self.alert_sender is not None:
            self.alert_sender.stop()
        await drained()  # questions being kept are written before the connection goes
        await super().close()
        for lane in {id(self.core): self.core, id(self.reads): self.reads}.values():
            lane.close()

    async def sync_to(self, guild_id: int | None) -> int:
        """Register the commands with Discord: with one server (instant) or globally (None)."""
        if guild_id is None:
            return len(await self.tree.sync())
        guild = discord.Object(guild_id)
        self.tree.copy_global_to(guild=guild)
        return len(await self.tree.sync(guild=guild))

    async def on_command_error(self, ctx: commands.Context, error: commands.CommandError, /) -> None:
        await errors.on_command_error(ctx, error)

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        await self.logins.wait(shard_id)  # instead of discord.py's 5 s before every login but the first

    async def _max_concurrency(self) -> int:
        _, _, limits = await self.http.get_bot_gateway()
        return int(limits["max_concurrency"])

    async def on_ready(self) -> None:
        assert self.user is not None
        log.info("connected as %s (%s) to %d server(s)", self.user, self.user.id, len(self.guilds))
        self.freezer.freeze(len(self.guilds))  # every shard's servers are cached: out of full collections

    async def on_guild_join(self, guild: discord.Guild, /) -> None:
        self.freezer.grew(len(self.guilds))


class OwnerCommands(commands.Cog):
    """`@Privy privy-sync [global|here]`: registers the slash commands; only the application's owner may."""

    def __init__(self, bot: PrivyBot) -> None:
        self.bot = bot

    @commands.command(name=SYNC_COMMAND)
    @commands.is_owner()
    async def privy_sync(self, ctx: commands.Context, where: Literal["global", "here"] = "global") -> None:
        if where == "here":
            if ctx.guild is None:
                raise errors.UserFacingError("`here` syncs to a server: use it in one, or sync `global`.")
            count = await self.bot.sync_to(ctx.guild.id)
            await ctx.reply(f"Synced {count} commands to this server.")
            return
        count = await self.bot.sync_to(None)
        await ctx.reply(
            f"Synced {count} commands globally. Discord can take up to an hour to show them everywhere.",
        )


def build_bot(
    config: Config, privy: Privy, *, cogs: Sequence[CogFactory] | None = None, sync_on_start: bool = True
) -> PrivyBot:
    """The bot, not yet connected; tests run it against a fake Discord."""
    return PrivyBot(config, privy, cogs=cogs, sync_on_start=sync_on_start)


def _fail(text: str) -> None:
    print(f"error: {text}", file=sys.stderr)


async def serve(config: Config, privy: Privy) -> int:
    """Connect and answer until stopped; a rejected token or no connection is one line, exit code 1."""
    if not config.token:
        _fail("DISCORD_TOKEN is not set; put it in .env (see README: Discord set-up).")
        return 2
    bot = build_bot(config, privy)
    try:
        async with bot:
            await bot.start(config.token)
    except discord.LoginFailure:
        _fail(
            "Discord rejected DISCORD_TOKEN. Reset it (Developer Portal > Bot > Reset Token) and update .env."
        )
        return 1
    except discord.PrivilegedIntentsRequired:
        _fail("Discord refused the intents; Privy needs no privileged intent, so check the application.")
        return 1
    except (
        aiohttp.ClientError,
        OSError,
        discord.GatewayNotFound,
        discord.ConnectionClosed,
        discord.HTTPException,
    ) as exc:
        _fail(f"could not connect to Discord ({type(exc).__name__}); check the network and try again.")
        return 1
    return 0


async def sync_now(config: Config, privy: Privy) -> int:
    """Log in, register the commands (with PRIVY_GUILD_ID's server, or globally) and leave."""
    if not config.token:
        _fail("DISCORD_TOKEN is not set; `python bot.py sync` needs it to register the commands.")
        return 2
    bot = build_bot(config, privy, sync_on_start=False)
    try:
        async with bot:
            await bot.login(config.token)  # runs setup_hook, so every cog's commands are in the tree
            count = await bot.sync_to(config.guild_id)
    except discord.LoginFailure:
        _fail(
            "Discord rejected DISCORD_TOKEN. Reset it (Developer Portal > Bot > Reset Token) and update .env."
        )
        return 1
    except (aiohttp.ClientError, OSError, discord.HTTPException) as exc:
        _fail(f"could not sync the commands ({type(exc).__name__}: {getattr(exc, 'text', '') or exc}).")
        return 1
    where = f"to server {config.guild_id}" if config.guild_id else "globally (Discord can take up to an hour)"
    print(f"Synced {count} commands {where}.")
    return 0


def run_bot(config: Config, privy: Privy) -> int:
    """`make run` with a token."""
    return asyncio.run(serve(config, privy))


def sync_commands(config: Config, privy: Privy) -> int:
    """`python bot.py sync`."""
    return asyncio.run(sync_now(config, privy))
