"""Asking Privy: @mention (in a channel or DM), /ask, and the "Ask Privy" message menu.

Each route reads the question, checks the asker's cooldown, asks the core once and sends the rendered
reply. Errors go to the one error path in handlers.errors.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from handlers import embeds
from handlers.asking.answer_reply import SuggestionButton, reply_for
from handlers.checks import GUILD_INSTALL
from handlers.errors import UserFacingError, on_message_error
from handlers.language import speak_publicly
from handlers.options import EVERYWHERE, region_autocomplete, region_code
from handlers.replies import Reply, in_time, respond
from handlers.services import reader_for, view_for
from knowledge.answers.followup import Context, names_only_a_place
from knowledge.answers.text import help_text
from knowledge.i18n.speaking import N_, _
from knowledge.model import Answer

if TYPE_CHECKING:
    from config import Config
    from handlers.client import PrivyBot

log = logging.getLogger(__name__)

# English msgids (N_), in the asker's language where they are used (knowledge.i18n).
HELLO = N_(
    "Ask me whether a platform trains AI on your data, and how to stop it. For example: "
    '"@Privy is LinkedIn training AI on my posts? I\'m in the UK". /ask works too, and /help says more.'
)
STATUS_HINT = N_("/privy status platform:linkedin for a table of every region")
PRIVACY_HINT = N_("/privacy shows what is kept about you; /privacy forget deletes it.")
COMMANDS = N_(
    'Ask with @Privy, /ask or "Ask Privy" on a message; reply to my answer to follow it up. '
    "/region set saves your region."
)


def help_reply() -> str:
    """/help: the core's help text with Discord's own ways of doing things."""
    return f"{help_text(_(embeds.REGION_HINT), _(PRIVACY_HINT), _(STATUS_HINT))}\n{_(COMMANDS)}"


NO_TEXT = N_("That message has no text I can answer.")
DM_LOOKBACK = 4  # messages read back in a DM to find the answer a follow-up builds on


def strip_mentions(content: str, bot_id: int) -> str:
    """The question without the bot's own mention (other mentions are the core's to drop)."""
    return " ".join(re.sub(rf"<@!?{bot_id}>", " ", content).split())


def _my_permissions(message: discord.Message) -> discord.Permissions | None:
    """The bot's permissions where the message was posted (None in DMs, where it may do everything)."""
    if message.guild is None or message.guild.me is None:
        return None
    return message.channel.permissions_for(message.guild.me)


async def _respond(message: discord.Message, perms: discord.Permissions | None, **kwargs: Any) -> None:
    """A reply to the message; Discord refuses replies without Read Message History, so then a plain send."""
    if perms is None or perms.read_message_history:
        await message.reply(**kwargs)
    else:
        await message.channel.send(**kwargs)


class AskCooldown:
    """One question per user per `per` seconds, shared by every way of asking."""

    def __init__(self, rate: int = 1, per: float = 5.0) -> None:
        self._mapping: commands.CooldownMapping[int] = commands.CooldownMapping.from_cooldown(
            rate, per, lambda user_id: user_id
        )

    def hit(self, user_id: int) -> None:
        """Count a question; app_commands.CommandOnCooldown (the friendly message) when over the rate."""
        bucket = self._mapping.get_bucket(user_id)
        retry_after = bucket.update_rate_limit() if bucket else None
        if bucket and retry_after:
            raise app_commands.CommandOnCooldown(bucket, retry_after)


class Asking(commands.Cog):
    """Every way a person asks Privy a question."""

    RATE, PER = 1, 5.0

    def __init__(self, bot: PrivyBot, config: Config) -> None:
        self.bot = bot
        self.config = config
        self.cooldown = AskCooldown(self.RATE, self.PER)
        self.menu = app_commands.ContextMenu(
            name=N_("Ask Privy"),
            callback=self.ask_menu,
            allowed_contexts=EVERYWHERE,
            allowed_installs=GUILD_INSTALL,
        )

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.menu)
        self.bot.add_dynamic_items(SuggestionButton)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.menu.name, type=self.menu.type)

    async def answer(
        self,
        question: str,
        region: str | None,
        user_id: int,
        guild_id: int | None,
        context: Context | None = None,
        *,
        keep: bool = True,
        public: bool = False,
    ) -> Answer:
        """The core's answer in the scope of the server asked in (its own facts answer there, and a miss
        on our subject is queued for its moderators), read off the event loop on the readers' lane, which
        never waits for the write lock; `keep` and `public` as Scoped.answer takes them."""
        user = str(user_id)
        answer = await self.bot.reads(
            reader_for(self.bot, guild_id).ask,
            question,
            region=region,
            user_id=user,
            context=context,
            public=public,
        )
        if keep:  # a write: after the reply is on its way, in the writers' lane
            self.bot.core.later(view_for(self.bot, guild_id).keep_unanswered, answer, question, user)
        return answer

    # ---- @Privy <question> --------------------------------------------------------------------
    def _for_me(self, message: discord.Message) -> bool:
        """A person's DM, or a server message that mentions the bot itself (not @everyone or a role)."""
        me = self.bot.user
        if (
            me is None
            or message.author.bot
            or message.type not in (discord.MessageType.default, discord.MessageType.reply)
        ):
            return False
        return message.guild is None or any(u.id == me.id for u in message.mentions)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if not self._for_me(message):
            return
        try:
            await self._answer_message(message)
        except Exception as exc:
            await on_message_error(message, exc)

    async def _answer_message(self, message: discord.Message) -> None:
        if (await self.bot.get_context(message)).valid:
            return  # a text command such as "@Privy privy-sync"; the command answers it
        assert self.bot.user is not None
        question = strip_mentions(message.content, self.bot.user.id)
        perms = _my_permissions(message)
        # the reply is read by the channel (or the DM's one person, whose locale a message does not carry)
        speak_publicly(question, message.guild.preferred_locale if message.guild else None)
        if not question:
            await _respond(message, perms, content=_(HELLO))
            return
        self.cooldown.hit(message.author.id)
        context, asked_before = await self._replied_to(message)
        if asked_before and names_only_a_place(question):  # "Where are you?" answered: the question asked
            question, context = f"{asked_before} {question}", None
        guild_id = message.guild.id if message.guild else None
        answer = await self.answer(
            question, None, message.author.id, guild_id, context, public=bool(guild_id)
        )
        reply = reply_for(answer, message.author.id, can_embed=perms is None or perms.embed_links)
        await _respond(message, perms, **reply.send_kwargs())

    async def _replied_to(self, message: discord.Message) -> tuple[Context | None, str | None]:
        """What Privy's own reply, which this message answers, carries: the follow-up context (embed footer
        or last line) and, for a clarify reply, the question it asked about. Nothing is stored for this."""
        ref = message.reference
        me = self.bot.user
        if me is None:
            return None, None
        if ref is None:
            if message.guild is not None:
                return None, None
            replied = await self._last_answer_in_dm(message, me.id)  # a DM reads as one conversation
            if replied is None:
                return None, None
            return embeds.context_in(replied.embeds, replied.content), embeds.question_in(replied.embeds)
        replied = ref.resolved if isinstance(ref.resolved, discord.Message) else None
        if replied is None and ref.message_id is not None:
            try:
                replied = await message.channel.fetch_message(ref.message_id)
            except discord.HTTPException:
                return None, None
        if replied is None or replied.author.id != me.id:
            return None, None
        context = embeds.context_in(replied.embeds, replied.content)
        if context is not None and context.region and await self._asker_of(replied) != message.author.id:
            context = replace(
                context, region=None
            )  # their own region (said, saved or asked for), not the asker's
        return context, embeds.question_in(replied.embeds)

    @staticmethod
    async def _asker_of(answer: discord.Message) -> int | None:
        """Who asked the question Privy's `answer` replies to (a message, or a public /ask); None if unknown."""
        if answer.interaction_metadata is not None:
            return answer.interaction_metadata.user.id
        ref = answer.reference
        if ref is None or ref.message_id is None:
            return None
        asked = ref.resolved if isinstance(ref.resolved, discord.Message) else None
        if asked is None:
            try:
                asked = await answer.channel.fetch_message(ref.message_id)
            except discord.HTTPException:
                return None
        return asked.author.id

    @staticmethod
    async def _last_answer_in_dm(message: discord.Message, my_id: int) -> discord.Message | None:
        """Privy's latest message in this DM, when it is among the last few (read, never stored)."""
        try:
            async for earlier in message.channel.history(limit=DM_LOOKBACK, before=message):
                if earlier.author.id == my_id:
                    return earlier
        except discord.HTTPException:
            return None
        return None

    # ---- /help --------------------------------------------------------------------------------
    @app_commands.command(
        name=N_("help"), description=N_("What Privy answers, with examples, regions and privacy")
    )
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=False)
    @app_commands.allowed_installs(guilds=True, users=False)
    async def help_command(self, interaction: discord.Interaction) -> None:
        await respond(interaction, Reply(help_reply(), [], None), ephemeral=True)

    # ---- /ask ---------------------------------------------------------------------------------
    @app_commands.command(
        name=N_("ask"), description=N_("Is a platform training AI on your data, and how to stop it?")
    )
    @app_commands.describe(
        question=N_("Your question, e.g. 'Can I stop LinkedIn training AI on my posts?'"),
        region=N_("Where you live, if the question doesn't say (overrides your saved region)"),
        public=N_("Show the answer to the channel (default: only you see it)"),
    )
    @app_commands.autocomplete(region=region_autocomplete)
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=False)
    @app_commands.allowed_installs(guilds=True, users=False)
    async def ask_command(
        self,
        interaction: discord.Interaction,
        question: app_commands.Range[str, 2, 500],
        region: app_commands.Range[str, 1, 60] | None = None,
        public: bool = False,
    ) -> None:
        code = region_code(region)
        self.cooldown.hit(interaction.user.id)
        if public:  # the channel reads it: the question's language, else the server's
            speak_publicly(question, interaction.guild_locale)
        work = self.answer(question, code, interaction.user.id, interaction.guild_id, public=public)
        answer = await in_time(interaction, work, ephemeral=not public)
        await respond(interaction, reply_for(answer, interaction.user.id), ephemeral=not public)

    # ---- "Ask Privy" on a message ------------------------------------------------------------
    async def ask_menu(self, interaction: discord.Interaction, message: discord.Message) -> None:
        """Answers the question in someone's message, for the person who asked, privately."""
        me = self.bot.user
        question = strip_mentions(message.content, me.id) if me else message.content.strip()
        if not question:
            raise UserFacingError(NO_TEXT)
        self.cooldown.hit(interaction.user.id)
        own = message.author.id == interaction.user.id  # someone else's words are answered, never kept
        work = self.answer(question, None, interaction.user.id, interaction.guild_id, keep=own)
        answer = await in_time(interaction, work)
        await respond(interaction, reply_for(answer, interaction.user.id))
