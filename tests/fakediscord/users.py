"""What users do in the fake Discord: post, run slash and context-menu commands, click, submit modals.

`UserActions` is mixed into `FakeDiscord`: it builds the gateway events a real Discord client would
cause and dispatches them to the bot. It refuses what the real client could not send (hidden commands,
missing or invalid options, disabled buttons, modal inputs out of bounds) with `FakeDiscordError`.
Each interaction returns an `InteractionHandle` to await the bot's answer.
"""

from __future__ import annotations

import copy
import re
import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import discord

from tests.fakediscord.limits import STRING_SELECT, TEXT_INPUT, walk_components
from tests.fakediscord.records import EPHEMERAL, Call, FakeDiscordError, InteractionHandle, Upload
from tests.fakediscord.world import (
    INTENT_DIRECT_MESSAGES,
    INTENT_GUILD_MEMBERS,
    INTENT_GUILD_MESSAGES,
    INTENT_MESSAGE_CONTENT,
    SEND_MESSAGES,
    USE_APPLICATION_COMMANDS,
    VIEW_CHANNEL,
    FakeChannel,
    FakeMember,
    FakeRole,
    FakeUser,
    snowflake_time,
)

if TYPE_CHECKING:
    from tests.fakediscord.server import FakeDiscord

UserRef = FakeUser | str | int
ChannelRef = FakeChannel | str | int
MENTION = re.compile(r"<@!?(\d+)>")
SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING, INTEGER, BOOLEAN, NUMBER, ATTACHMENT = 3, 4, 5, 10, 11
SLASH, COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 2, 3, 4, 5


class UserActions:
    """Driver API (mixed into FakeDiscord, whose state it uses)."""

    # ------------------------------------------------------------------ changes to the server

    async def add_user(self: FakeDiscord, name: str, roles: Iterable[FakeRole | str] = ()) -> FakeUser:
        """A new member with `roles` (GUILD_MEMBER_ADD if the bot asked for members)."""
        user = FakeUser(self.ids.next(), name)
        self.world.users[name] = user
        member = FakeMember(user, [self._role(r).id for r in roles])
        self.world.guild.members[user.id] = member
        await self._member_event("GUILD_MEMBER_ADD", member)
        return user

    async def set_roles(self: FakeDiscord, user: UserRef, roles: Iterable[FakeRole | str]) -> None:
        """Replace a member's roles (GUILD_MEMBER_UPDATE if the bot asked for members)."""
        member = self.world.guild.members[self.world.user(user).id]
        member.roles = [self._role(r).id for r in roles]
        await self._member_event("GUILD_MEMBER_UPDATE", member)

    async def _member_event(self: FakeDiscord, event: str, member: FakeMember) -> None:
        if self.connected and self.intents & INTENT_GUILD_MEMBERS:
            await self.dispatch(event, {**member.payload(), "guild_id": str(self.world.guild.id)})

    async def add_channel(
        self: FakeDiscord, name: str, overwrites: list[dict[str, Any]] | None = None
    ) -> FakeChannel:
        """A new text channel (CHANNEL_CREATE if the bot is connected)."""
        guild = self.world.guild
        channel = FakeChannel(self.ids.next(), name, guild_id=guild.id, position=len(guild.channels))
        channel.overwrites = overwrites or []
        guild.channels[channel.id] = channel
        if self.connected:
            await self.dispatch("CHANNEL_CREATE", channel.payload())
        return channel

    def _role(self: FakeDiscord, ref: FakeRole | str) -> FakeRole:
        return ref if isinstance(ref, FakeRole) else self.world.guild.role(ref)

    def _channel(self: FakeDiscord, ref: ChannelRef | None, user: FakeUser) -> FakeChannel:
        """Resolve a channel; None is #general and "dm" the DM channel with `user`."""
        if ref is None:
            return self.channel
        return self.world.dm_channel(user) if ref == "dm" else self.world.channel(ref)

    def _check_can(self: FakeDiscord, user: FakeUser, channel: FakeChannel, needed: int) -> None:
        if channel.is_dm:
            return
        if user.id not in self.world.guild.members:
            raise FakeDiscordError(f"{user.username} is not a member of the guild")
        perms = self.world.guild.permissions_in(user.id, channel)
        if perms & needed != needed:
            raise FakeDiscordError(
                f"{user.username} lacks permissions 0x{needed & ~perms:x} in #{channel.name}"
            )

    # ------------------------------------------------------------------ messages

    async def user_message(
        self: FakeDiscord,
        content: str,
        *,
        author: UserRef = "alice",
        channel: ChannelRef | None = None,
        mention_bot: bool = True,
    ) -> int:
        """A user posts a message (MESSAGE_CREATE); `channel="dm"` posts in the author's DM with the bot.

        With `mention_bot`, `<@BOT> ` is prefixed (unless already there). Like Discord, the content is
        blanked when the bot has no message-content intent and is not mentioned (guild channels only).
        Returns the message id.
        """
        user = self.world.user(author)
        chan = self._channel(channel, user)
        self._check_can(user, chan, VIEW_CHANNEL | SEND_MESSAGES)
        bot_id = self.bot_user.id
        if mention_bot and f"<@{bot_id}>" not in content and f"<@!{bot_id}>" not in content:
            content = f"<@{bot_id}> {content}"
        mentions = []
        for uid in dict.fromkeys(int(m) for m in MENTION.findall(content)):
            with_member = self.world.guild.members.get(uid)
            try:
                entry = self.world.user(uid).payload()
            except KeyError:
                continue
            if with_member is not None and not chan.is_dm:
                entry["member"] = with_member.payload(with_user=False)
            mentions.append(entry)
        mid = self.ids.next()
        msg: dict[str, Any] = {
            "id": str(mid),
            "channel_id": str(chan.id),
            "author": user.payload(),
            "content": content,
            "timestamp": snowflake_time(mid),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": mentions,
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "components": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
        }
        if not chan.is_dm:
            msg["guild_id"] = str(self.world.guild.id)
            msg["member"] = self.world.guild.members[user.id].payload(with_user=False)
        self.messages[mid] = msg
        needed = INTENT_DIRECT_MESSAGES if chan.is_dm else INTENT_GUILD_MESSAGES
        if not self.intents & needed:
            raise FakeDiscordError(
                "the bot did not identify with the intent for this channel; Discord would not deliver it"
            )
        event = copy.deepcopy(msg)
        mentioned = any(int(m["id"]) == bot_id for m in mentions)
        if not chan.is_dm and not mentioned and not self.intents & INTENT_MESSAGE_CONTENT:
            event.update(content="", embeds=[], attachments=[], components=[])
        self._user_mark = self.mark()
        await self.dispatch("MESSAGE_CREATE", event)
        return mid

    def _message(self: FakeDiscord, message: int | dict[str, Any] | Call) -> dict[str, Any]:
        if isinstance(message, Call):
            if message.message is None:
                raise FakeDiscordError(f"{message!r} did not produce a message")
            message = message.message
        mid = int(message["id"]) if isinstance(message, dict) else int(message)
        found = self.messages.get(mid)
        if found is None:
            raise FakeDiscordError(f"unknown message {mid}")
        return found

    # ------------------------------------------------------------------ interactions

    async def _interaction(
        self: FakeDiscord,
        itype: int,
        data: dict[str, Any],
        user: FakeUser,
        channel: FakeChannel,
        *,
        message: dict[str, Any] | None = None,
    ) -> InteractionHandle:
        """Build, register and dispatch an INTERACTION_CREATE."""
        if itype in (SLASH, AUTOCOMPLETE):
            self._check_can(user, channel, VIEW_CHANNEL | USE_APPLICATION_COMMANDS)
        iid = self.ids.next()
        token = f"fake-token-{iid}-{secrets.token_hex(8)}"
        guild = self.world.guild
        payload: dict[str, Any] = {
            "id": str(iid),
            "application_id": str(self.application_id),
            "type": itype,
            "data": data,
            "token": token,
            "version": 1,
            "locale": "en-US",
            "entitlements": [],
            "attachment_size_limit": 10 * 1024 * 1024,
            "channel_id": str(channel.id),
            "app_permissions": str(
                guild.permissions_in(self.bot_user.id, None if channel.is_dm else channel)
            ),
        }
        if channel.is_dm:
            payload.update(
                user=user.payload(),
                channel=channel.payload(),
                context=1,
                authorizing_integration_owners={"0": "0"},
            )
        else:
            perms = guild.permissions_in(user.id, channel)
            payload.update(
                guild_id=str(guild.id),
                guild_locale="en-US",
                context=0,
                guild={"id": str(guild.id), "locale": "en-US", "features": []},
                channel={**channel.payload(), "permissions": str(perms)},
                member=guild.members[user.id].payload(permissions=perms),
                authorizing_integration_owners={"0": str(guild.id)},
            )
        if message is not None:
            payload["message"] = copy.deepcopy(message)
        handle = InteractionHandle(
            fake=self,
            id=iid,
            token=token,
            type=itype,
            user=user,
            channel_id=channel.id,
            payload=payload,
            created_at=self.loop_time(),
            source_message_id=int(message["id"]) if message is not None else None,
        )
        self.interactions[iid] = handle
        self.tokens[token] = handle
        self._user_mark = self.mark()
        await self.dispatch("INTERACTION_CREATE", payload)
        return handle

    def _command(
        self: FakeDiscord, name: str, ctype: int, user: FakeUser, channel: FakeChannel, validate: bool
    ) -> tuple[dict[str, Any] | None, dict[str, Any]]:
        """(schema, interaction data) of a command: synced ones first, else from the running bot's tree.

        With `validate`, refuses like Discord's client a command hidden from `user` by its
        default_member_permissions, or not offered in DMs.
        """
        guild_id = self.world.guild.id
        found = [
            (cmd, scope is not None)
            for scope in (guild_id, None)
            for cmd in self.commands.get(scope, {}).values()
            if cmd["name"] == name and cmd.get("type", 1) == ctype
        ]
        tree = getattr(self.bot, "tree", None)
        if not found and tree is not None:
            for guild in (discord.Object(guild_id), None):
                command = tree.get_command(name, guild=guild, type=discord.AppCommandType(ctype))
                if command is not None:
                    found.append((command.to_dict(tree), guild is not None))
        schema, scoped = found[0] if found else (None, True)
        if validate and schema is not None:
            if channel.is_dm:
                contexts = schema.get("contexts")
                if (
                    scoped
                    or schema.get("dm_permission") is False
                    or (contexts is not None and 1 not in contexts)
                ):
                    raise FakeDiscordError(f"command {name!r} is not available in DMs")
            required = schema.get("default_member_permissions")
            perms = self.world.guild.base_permissions(user.id)
            if not channel.is_dm and required is not None and perms & int(required) != int(required):
                raise FakeDiscordError(
                    f"{user.username} would not see {name!r} (default_member_permissions={required})"
                )
        data: dict[str, Any] = {
            "id": str((schema or {}).get("id") or self.ids.next()),
            "name": name,
            "type": ctype,
        }
        if scoped and not channel.is_dm:
            data["guild_id"] = str(self.world.guild.id)
        return schema, data

    async def slash(
        self: FakeDiscord,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        user: UserRef = "alice",
        channel: ChannelRef | None = None,
        subcommand: str | None = None,
        validate: bool = True,
    ) -> InteractionHandle:
        """A user runs `/name [subcommand] options...`. Option values: str, int, float, bool, or an `Upload`
        for attachments. `validate=False` runs a command the user would not see (a server may show it)."""
        who = self.world.user(user)
        chan = self._channel(channel, who)
        schema, data = self._command(name, 1, who, chan, validate)
        self._add_options(data, schema, subcommand, options or {}, None, validate)
        return await self._interaction(SLASH, data, who, chan)

    async def autocomplete(
        self: FakeDiscord,
        name: str,
        options: dict[str, Any],
        *,
        focused: str,
        user: UserRef = "alice",
        subcommand: str | None = None,
    ) -> list[dict[str, Any]]:
        """A user types into option `focused` of /name; returns the bot's choices."""
        who = self.world.user(user)
        chan = self._channel(None, who)
        schema, data = self._command(name, 1, who, chan, True)
        if focused not in options:
            raise FakeDiscordError(
                f"focused option {focused!r} must be in options (with the text typed so far)"
            )
        self._add_options(data, schema, subcommand, options, focused, False)
        call = await (await self._interaction(AUTOCOMPLETE, data, who, chan)).response()
        if not call.ok or call.callback_type != 8:
            raise FakeDiscordError(f"autocomplete answered with {call!r}: {call.error}")
        return call.choices

    def _add_options(
        self: FakeDiscord,
        data: dict[str, Any],
        schema: dict[str, Any] | None,
        subcommand: str | None,
        values: dict[str, Any],
        focused: str | None,
        validate: bool,
    ) -> None:
        """Fill data["options"] (and "resolved" for attachments), checked against the schema like the client."""
        specs = (schema or {}).get("options") or []
        if subcommand is not None:
            sub = next((o for o in specs if o["name"] == subcommand and o["type"] == SUB_COMMAND), None)
            if schema is not None and sub is None:
                raise FakeDiscordError(f"/{data['name']} has no subcommand {subcommand!r}")
            specs = (sub or {}).get("options") or []
        elif any(o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in specs):
            raise FakeDiscordError(f"/{data['name']} needs a subcommand: {[o['name'] for o in specs]}")
        by_name = {o["name"]: o for o in specs}
        options = []
        for name, value in values.items():
            spec = by_name.get(name)
            if schema is not None and spec is None:
                raise FakeDiscordError(f"/{data['name']} has no option {name!r}; options: {sorted(by_name)}")
            otype = spec["type"] if spec else _option_type(value)
            option: dict[str, Any] = {"name": name, "type": otype, "value": self._wire(otype, value, data)}
            if name == focused:
                option.update(value=str(value), focused=True)
            elif validate and spec:
                _check_value(data["name"], spec, option["value"])
            options.append(option)
        if validate and schema is not None:
            missing = [o["name"] for o in specs if o.get("required") and o["name"] not in values]
            if missing:
                raise FakeDiscordError(f"/{data['name']}: required options missing: {missing}")
        data["options"] = (
            [{"name": subcommand, "type": SUB_COMMAND, "options": options}] if subcommand else options
        )

    def _wire(self: FakeDiscord, otype: int, value: Any, data: dict[str, Any]) -> Any:
        if otype == ATTACHMENT:
            if not isinstance(value, Upload):
                raise FakeDiscordError(f"attachment options take an Upload, got {value!r}")
            att = self.rest.store_file(value.filename, value.data, value.content_type)
            data.setdefault("resolved", {}).setdefault("attachments", {})[att["id"]] = att
            return att["id"]
        convert = {STRING: str, INTEGER: int, BOOLEAN: bool, NUMBER: float}.get(otype)
        if convert is None:
            raise FakeDiscordError(f"the fake does not model option type {otype}")
        return convert(value)

    async def context_menu(
        self: FakeDiscord, name: str, target_message_id: int, *, user: UserRef = "alice"
    ) -> InteractionHandle:
        """A user runs the message context-menu command `name` on a message."""
        who = self.world.user(user)
        target = self._message(target_message_id)
        chan = self._channel(int(target["channel_id"]), who)
        _, data = self._command(name, 3, who, chan, True)
        data.update(
            target_id=str(target_message_id),
            resolved={"messages": {str(target_message_id): copy.deepcopy(target)}},
        )
        return await self._interaction(SLASH, data, who, chan)

    async def click(
        self: FakeDiscord,
        message: int | dict[str, Any] | Call,
        custom_id: str,
        *,
        user: UserRef = "alice",
        values: list[str] | None = None,
    ) -> InteractionHandle:
        """A user clicks a button (or picks `values` in a select) on a stored message."""
        who = self.world.user(user)
        msg = self._message(message)
        if int(msg.get("flags") or 0) & EPHEMERAL:
            owner = (msg.get("interaction_metadata") or {}).get("user", {}).get("id")
            if owner is not None and int(owner) != who.id:
                raise FakeDiscordError(f"{who.username} cannot see the ephemeral message {msg['id']}")
        comp = _find_component(msg, custom_id)
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": comp["type"]}
        if comp["type"] == STRING_SELECT:
            data["values"] = _select_values(comp, values)
        chan = self.world.any_channel(int(msg["channel_id"]))
        assert chan is not None
        return await self._interaction(COMPONENT, data, who, chan, message=msg)

    async def submit_modal(
        self: FakeDiscord, custom_id: str, values: dict[str, str], *, user: UserRef | None = None
    ) -> InteractionHandle:
        """The user shown modal `custom_id` submits it with `{input_custom_id: value}` (others keep their
        prefilled value)."""
        if custom_id not in self.modals:
            raise FakeDiscordError(
                f"the bot never opened modal {custom_id!r}; open ones: {sorted(self.modals)}"
            )
        modal, source = self.modals.pop(custom_id)
        who = self.world.user(user) if user is not None else source.user
        if who.id != source.user.id:
            raise FakeDiscordError(
                f"modal {custom_id!r} was shown to {source.user.username}, not {who.username}"
            )
        rows = [_submitted_row(row, values) for row in modal.get("components") or []]
        unknown = set(values) - {c["custom_id"] for row in rows for c in row["components"]}
        if unknown:
            raise FakeDiscordError(f"modal {custom_id!r} has no inputs {sorted(unknown)}")
        chan = self.world.any_channel(source.channel_id)
        assert chan is not None
        message = self.messages.get(source.source_message_id or 0)
        data = {"custom_id": custom_id, "components": rows}
        return await self._interaction(MODAL_SUBMIT, data, who, chan, message=message)


def _option_type(value: Any) -> int:
    """Option type for a Python value when the command's schema is unknown."""
    if isinstance(value, Upload):
        return ATTACHMENT
    return {bool: BOOLEAN, int: INTEGER, float: NUMBER}.get(type(value), STRING)


def _check_value(command: str, spec: dict[str, Any], value: Any) -> None:
    """What Discord's client enforces before sending: choices, min/max value and length."""
    name = spec["name"]
    choices = spec.get("choices")
    if choices and value not in [c["value"] for c in choices]:
        raise FakeDiscordError(f"/{command} {name}={value!r} is not one of the choices {choices}")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        low, high = spec.get("min_value"), spec.get("max_value")
        if (low is not None and value < low) or (high is not None and value > high):
            raise FakeDiscordError(f"/{command} {name}={value} is outside {low}..{high}")
    length = (spec.get("min_length") or 0, spec.get("max_length") or 6000)
    if isinstance(value, str) and spec.get("type") == STRING and not length[0] <= len(value) <= length[1]:
        raise FakeDiscordError(f"/{command} {name} is outside min_length..max_length")


def _find_component(message: dict[str, Any], custom_id: str) -> dict[str, Any]:
    """The component with `custom_id` in a message; refuses like a user who cannot click it."""
    for comp in walk_components(message.get("components") or []):
        if comp.get("custom_id") == custom_id:
            if comp.get("disabled"):
                raise FakeDiscordError(f"component {custom_id!r} is disabled; a user cannot use it")
            return comp
    ids = [c["custom_id"] for c in walk_components(message.get("components") or []) if "custom_id" in c]
    raise FakeDiscordError(f"message {message['id']} has no component {custom_id!r}; it has {ids}")


def _select_values(comp: dict[str, Any], values: list[str] | None) -> list[str]:
    """Validated `values` for a string select."""
    allowed = [o["value"] for o in comp.get("options") or []]
    low, high = comp.get("min_values", 1), comp.get("max_values", 1)
    if values is None or not low <= len(values) <= high or set(values) - set(allowed):
        raise FakeDiscordError(
            f"select {comp.get('custom_id')!r} takes {low}..{high} of {allowed}, got {values}"
        )
    return values


def _submitted_row(row: dict[str, Any], values: dict[str, str]) -> dict[str, Any]:
    """One action row of a modal as submitted: its text input with the typed (or prefilled) value."""
    submitted = []
    for comp in row.get("components") or []:
        if comp.get("type") != TEXT_INPUT:
            continue
        value = str(values.get(comp["custom_id"], comp.get("value") or ""))
        label = comp.get("label") or comp["custom_id"]
        if comp.get("required", True) and not value:
            raise FakeDiscordError(f"modal input {label!r} is required")
        if value and not (comp.get("min_length") or 0) <= len(value) <= (comp.get("max_length") or 4000):
            raise FakeDiscordError(f"modal input {label!r} is outside min_length..max_length")
        submitted.append(
            {"type": TEXT_INPUT, "id": comp.get("id", 0), "custom_id": comp["custom_id"], "value": value}
        )
    return {"type": 1, "id": row.get("id", 0), "components": submitted}
