"""Proves the fake Discord harness with a tiny throwaway bot (not the project bot)."""

from __future__ import annotations

import asyncio
import io

import aiohttp
import discord
import pytest
import pytest_asyncio
from discord import app_commands
from discord.ext import commands
from fake_discord import FakeDiscord, FakeDiscordError, Upload
from fake_runner import StartBot

COUNTRIES = ["France", "Finland", "Germany", "Greece", "Spain"]


class FeedbackModal(discord.ui.Modal, title="Feedback"):
    """One text input; answers ephemerally with what was typed."""

    text: discord.ui.TextInput[FeedbackModal] = discord.ui.TextInput(
        label="Your feedback", custom_id="feedback_text", max_length=200
    )

    def __init__(self) -> None:
        super().__init__(custom_id="feedback_modal")

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"thanks: {self.text.value}", ephemeral=True)


class ApproveView(discord.ui.View):
    """A single button that edits its own message."""

    @discord.ui.button(label="Approve", custom_id="approve", style=discord.ButtonStyle.success)
    async def approve(self, interaction: discord.Interaction, button: discord.ui.Button[ApproveView]) -> None:
        await interaction.response.edit_message(content=f"approved by {interaction.user.name}", view=None)


class TinyBot(commands.Bot):
    """Default intents (no message content), mention prefix; `captured` keeps errors the bot saw."""

    def __init__(self, *, members: bool = False) -> None:
        intents = discord.Intents.default()
        intents.members = members
        super().__init__(command_prefix=commands.when_mentioned, intents=intents)
        self.captured: dict[str, object] = {}


def make_bot(*, members: bool = False) -> TinyBot:
    """A throwaway bot exercising every flow the harness supports."""
    bot = TinyBot(members=members)

    @bot.event
    async def on_message(message: discord.Message) -> None:
        bot.captured["last_seen"] = message.content
        if message.author.bot or bot.user not in message.mentions:
            return
        text = message.content.replace(bot.user.mention, "").strip()
        async with message.channel.typing():
            await message.reply(f"pong: {text}", allowed_mentions=discord.AllowedMentions.none())

    @bot.tree.command(description="Echo text privately")
    @app_commands.describe(text="What to echo")
    async def echo(interaction: discord.Interaction, text: str) -> None:
        await interaction.response.send_message(text, ephemeral=True)

    @bot.tree.command(description="Show a button")
    async def menu(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("pending", view=ApproveView())

    @bot.tree.command(description="Open a feedback form")
    async def feedback(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(FeedbackModal())

    async def country_choices(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=c, value=c) for c in COUNTRIES if c.lower().startswith(current.lower())
        ]

    @bot.tree.command(description="Pick a country")
    @app_commands.autocomplete(name=country_choices)
    async def country(interaction: discord.Interaction, name: str) -> None:
        await interaction.response.send_message(f"you picked {name}")

    @bot.tree.context_menu(name="Quote")
    async def quote(interaction: discord.Interaction, message: discord.Message) -> None:
        await interaction.response.send_message(f"> {message.content}")

    @bot.tree.command(description="Read an attachment")
    async def upload(interaction: discord.Interaction, file: discord.Attachment) -> None:
        data = await file.read()
        await interaction.response.send_message(f"{file.filename}: {len(data)} bytes: {data.decode()}")

    @bot.tree.command(description="Build a report file")
    async def report(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        report_file = discord.File(io.BytesIO(b"country,score\nFrance,3\n"), filename="report.csv")
        await interaction.followup.send("here is your report", file=report_file)
        await interaction.followup.send("done", ephemeral=True)

    @bot.tree.command(description="Send an oversize embed")
    async def big(interaction: discord.Interaction) -> None:
        try:
            await interaction.response.send_message(embed=discord.Embed(description="x" * 5000))
        except discord.HTTPException as exc:
            bot.captured["big"] = exc
            await interaction.response.send_message("that was too big", ephemeral=True)

    @bot.tree.command(description="Acknowledge twice (a bug)")
    async def twice(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("one")
        interaction.response._response_type = (
            None  # simulate a second code path answering the same interaction
        )
        try:
            await interaction.response.send_message("two")
        except discord.HTTPException as exc:
            bot.captured["twice"] = exc

    @bot.tree.command(description="Think privately, then answer")
    async def think(interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        await interaction.edit_original_response(content="thought about it")
        original = await interaction.original_response()
        bot.captured["original"] = original.content

    @bot.tree.command(description="Answer too late")
    async def slow(interaction: discord.Interaction) -> None:
        await asyncio.sleep(0.15)
        try:
            await interaction.response.send_message("finally")
        except discord.NotFound as exc:
            bot.captured["slow"] = exc

    prefs = app_commands.Group(name="prefs", description="Preferences")
    region = app_commands.Group(name="region", description="Region settings", parent=prefs)

    @region.command(name="set", description="Set your region")
    async def region_set(interaction: discord.Interaction, code: str, days: int = 30) -> None:
        await interaction.response.send_message(f"region={code} days={days}", ephemeral=True)

    bot.tree.add_command(prefs)

    @bot.tree.command(description="Server settings")
    @app_commands.default_permissions(manage_guild=True)
    async def settings(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("settings", ephemeral=True)

    @bot.tree.command(description="Moderators only")
    @app_commands.checks.has_permissions(manage_messages=True)
    async def purge(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("purged", ephemeral=True)

    @purge.error
    async def purge_error(interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        await interaction.response.send_message("moderators only", ephemeral=True)

    return bot


@pytest_asyncio.fixture
async def bot(fake: FakeDiscord, start_bot: StartBot) -> TinyBot:
    """The throwaway bot, running, with its commands synced to the guild."""
    running = make_bot()
    await start_bot(running)
    guild = discord.Object(fake.guild.id)
    running.tree.copy_global_to(guild=guild)
    await running.tree.sync(guild=guild)
    return running


async def test_login_gateway_and_sync(fake: FakeDiscord, bot: TinyBot) -> None:
    assert bot.user is not None and bot.user.id == fake.bot_user.id
    guild = bot.get_guild(fake.guild.id)
    assert guild is not None and guild.owner_id == fake.users["owner"].id
    assert {r.name for r in guild.roles} >= {"@everyone", "Moderators", "Server Managers"}
    assert fake.gateway_queries[0]["encoding"] == "json"
    synced = fake.commands[fake.guild.id]
    assert {c["name"] for c in synced.values()} >= {"echo", "menu", "Quote"}
    handle = await fake.slash("echo", {"text": "hi"})
    assert handle.payload["data"]["id"] in synced
    assert (await handle.response()).content == "hi"


async def test_mention_reply(fake: FakeDiscord, bot: TinyBot) -> None:
    mid = await fake.user_message("ping", author="alice")
    reply = await fake.reply_to(mid)
    assert reply.ok and reply.content == "pong: ping"
    assert reply.message_reference is not None and reply.message_reference["message_id"] == mid
    assert reply.allowed_mentions is not None and reply.allowed_mentions["parse"] == []
    assert fake.messages_in("general")[-1]["id"] == str(reply.message_id)


async def test_no_mention_is_ignored_and_dm_works(fake: FakeDiscord, bot: TinyBot) -> None:
    await fake.user_message("just chatting", mention_bot=False)
    await fake.assert_silent(0.2)
    assert bot.captured["last_seen"] == ""  # no message-content intent and no mention: Discord blanks it
    mid = await fake.user_message("hello", author="bob", channel="dm")
    reply = await fake.next_message(fake.dm_channel("bob"))
    assert reply.content == "pong: hello" and (reply.message_reference or {})["message_id"] == mid
    assert "guild_id" not in fake.messages[mid]


async def test_slash_ephemeral(fake: FakeDiscord, bot: TinyBot) -> None:
    handle = await fake.slash("echo", {"text": "secret"}, user="bob")
    call = await handle.response()
    assert call.callback_type == 4 and call.content == "secret" and call.ephemeral
    with pytest.raises(FakeDiscordError, match="no option"):
        await fake.slash("echo", {"txt": "typo"})


async def test_button_click_edits_message(fake: FakeDiscord, bot: TinyBot) -> None:
    sent = await (await fake.slash("menu")).response()
    assert sent.custom_ids == ["approve"] and not sent.ephemeral
    click = await fake.click(sent, "approve", user="bob")
    update = await click.response()
    assert update.callback_type == 7 and update.content == "approved by bob"
    assert fake.messages[sent.message_id or 0]["components"] == []


async def test_modal_flow(fake: FakeDiscord, bot: TinyBot) -> None:
    handle = await fake.slash("feedback", user="alice")
    modal = (await handle.response()).modal
    assert modal is not None and modal["title"] == "Feedback"
    submitted = await fake.submit_modal("feedback_modal", {"feedback_text": "great bot"})
    answer = await submitted.response()
    assert answer.content == "thanks: great bot" and answer.ephemeral


async def test_autocomplete(fake: FakeDiscord, bot: TinyBot) -> None:
    choices = await fake.autocomplete("country", {"name": "f"}, focused="name")
    assert [c["name"] for c in choices] == ["France", "Finland"]
    answer = await (await fake.slash("country", {"name": "Greece"})).response()
    assert answer.content == "you picked Greece"


async def test_message_context_menu(fake: FakeDiscord, bot: TinyBot) -> None:
    mid = await fake.user_message("hello world", mention_bot=False)
    answer = await (await fake.context_menu("Quote", mid, user="mod")).response()
    assert answer.content == "> hello world"


async def test_attachment_option_is_readable(fake: FakeDiscord, bot: TinyBot) -> None:
    handle = await fake.slash("upload", {"file": Upload("notes.txt", b"hello attachment", "text/plain")})
    answer = await handle.response()
    assert answer.content == "notes.txt: 16 bytes: hello attachment"


async def test_followup_file_upload(fake: FakeDiscord, bot: TinyBot) -> None:
    handle = await fake.slash("report")
    assert (await handle.response()).callback_type == 5
    first = await handle.followup(0)
    assert first.files[0].filename == "report.csv" and first.files[0].data.startswith(b"country,score")
    assert first.message_id == handle.original_message_id  # the first followup fills the "thinking" message
    attachment = (first.message or {})["attachments"][0]
    async with aiohttp.ClientSession() as session, session.get(attachment["url"]) as resp:
        assert await resp.read() == b"country,score\nFrance,3\n"
    second = await handle.followup(1)
    assert second.content == "done" and second.ephemeral and second.message_id != first.message_id


async def test_oversize_embed_is_rejected(fake: FakeDiscord, bot: TinyBot) -> None:
    handle = await fake.slash("big")
    rejected = await handle.response()
    assert rejected.status == 400
    recovered = await handle.wait_for(lambda c: c.ok)
    assert recovered.content == "that was too big"
    error = bot.captured["big"]
    assert isinstance(error, discord.HTTPException) and error.status == 400 and error.code == 50035
    violations = fake.take_violations()
    assert len(violations) == 1 and "embeds.0.description" in str(violations[0])


async def test_double_acknowledge_is_a_violation(fake: FakeDiscord, bot: TinyBot) -> None:
    handle = await fake.slash("twice")
    second = await handle.wait_for(lambda c: c.kind == "callback" and not c.ok)
    assert second.status == 400 and (second.error or {})["code"] == 40060
    assert [v.kind for v in fake.take_violations()] == ["double_ack"]
    assert (await handle.response()).content == "one"


async def test_permissions_come_from_roles(fake: FakeDiscord, bot: TinyBot) -> None:
    denied = await (await fake.slash("purge", user="alice")).response()
    assert denied.content == "moderators only"
    allowed = await (await fake.slash("purge", user="mod")).response()
    assert allowed.content == "purged"


async def test_unsynced_commands_still_dispatch(fake: FakeDiscord, start_bot: StartBot) -> None:
    await start_bot(make_bot())
    assert fake.commands == {}
    answer = await (await fake.slash("echo", {"text": "no sync"})).response()
    assert answer.content == "no sync"


async def test_deferred_ephemeral_then_edit_original(fake: FakeDiscord, bot: TinyBot) -> None:
    handle = await fake.slash("think")
    deferred = await handle.response()
    assert deferred.callback_type == 5 and deferred.ephemeral
    answer = await handle.answer()
    assert answer.kind == "edit_original" and answer.content == "thought about it" and answer.ephemeral
    assert handle.original is not None and handle.original["content"] == "thought about it"
    await fake.wait_for(lambda c: c.kind == "edit_original")
    for _ in range(50):  # original_response() is a GET after the edit; give it a moment
        if "original" in bot.captured:
            break
        await asyncio.sleep(0.01)
    assert bot.captured["original"] == "thought about it"


async def test_late_callback_is_unknown_interaction(fake: FakeDiscord, bot: TinyBot) -> None:
    fake.interaction_deadline = 0.05
    call = await (await fake.slash("slow")).response()
    assert call.status == 404 and (call.error or {})["code"] == 10062
    assert isinstance(bot.captured.get("slow"), discord.NotFound)
    assert [v.kind for v in fake.take_violations()] == ["late_callback"]


async def test_unknown_route_is_loud(fake: FakeDiscord, bot: TinyBot) -> None:
    with pytest.raises(discord.NotFound):
        await bot.http.request(discord.http.Route("GET", "/guilds/{guild_id}/bans", guild_id=fake.guild.id))
    assert fake.unhandled == [f"GET /api/v10/guilds/{fake.guild.id}/bans"]
    fake.unhandled.clear()


async def test_typing_and_wire_content_type(fake: FakeDiscord, bot: TinyBot) -> None:
    mid = await fake.user_message("are you there?")
    await fake.reply_to(mid)
    assert any(c.kind == "typing" for c in fake.calls)
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{fake.api_base}/users/@me", headers={"Authorization": "Bot x"}) as resp:
            assert resp.headers["Content-Type"] == "application/json"
        async with session.get(f"{fake.api_base}/users/@me") as resp:
            assert resp.status == 401


async def test_subcommand_group_options(fake: FakeDiscord, bot: TinyBot) -> None:
    handle = await fake.slash("prefs", {"code": "uk", "days": 7}, group="region", subcommand="set")
    options = handle.payload["data"]["options"]
    assert options[0]["type"] == 2 and options[0]["options"][0]["type"] == 1
    assert options[0]["options"][0]["options"][1] == {"name": "days", "type": 4, "value": 7}
    assert (await handle.response()).content == "region=uk days=7"
    with pytest.raises(FakeDiscordError, match="required options missing"):
        await fake.slash("prefs", {"days": 7}, group="region", subcommand="set")


async def test_default_member_permissions_hide_commands(fake: FakeDiscord, bot: TinyBot) -> None:
    with pytest.raises(FakeDiscordError, match="would not see"):
        await fake.slash("settings", user="alice")
    assert (await (await fake.slash("settings", user="manager")).response()).content == "settings"


async def test_member_chunking_answered(fake: FakeDiscord, start_bot: StartBot) -> None:
    chunky = await start_bot(make_bot(members=True))
    guild = chunky.get_guild(fake.guild.id)
    assert guild is not None and guild.chunked
    assert {m.name for m in guild.members} >= {"alice", "bob", "mod", "manager", "owner"}
