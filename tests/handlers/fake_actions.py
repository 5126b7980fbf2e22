"""What users do in the fake Discord: post messages, run slash/context-menu commands, click, submit modals.

`UserActions` is mixed into `FakeDiscord`; it builds the gateway payloads a real client would cause and
dispatches them to the bot. Each interaction returns an `InteractionHandle` to await the bot's answer.
"""

from __future__ import annotations

import copy
import re
import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import discord
from fake_driver import (
    FakeDiscordError,
    OptionBuilder,
    find_component,
    leaf_schema,
    modal_submit_components,
    nest_options,
    select_values,
)
from fake_http import MAX_FILE_BYTES
from fake_records import DEFAULT_TIMEOUT, EPHEMERAL, Call, InteractionHandle, Upload
from fake_state import (
    INTENT_DIRECT_MESSAGES,
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
    from fake_discord import FakeDiscord

UserRef = FakeUser | str | int
ChannelRef = FakeChannel | str | int
MENTION = re.compile(r"<@!?(\d+)>")
ROLE_MENTION = re.compile(r"<@&(\d+)>")


class UserActions:
    """Driver API (mixed into FakeDiscord, whose state it uses)."""

    # ----------------------------------------------------------------- world changes

    async def add_role(self: FakeDiscord, name: str, permissions: int) -> FakeRole:
        """Create a role (announced with GUILD_ROLE_CREATE if the bot is connected)."""
        guild = self.world.guild
        role = FakeRole(self.ids.next(), name, permissions, position=len(guild.roles))
        guild.roles[role.id] = role
        if self._ready_sessions():
            await self.dispatch("GUILD_ROLE_CREATE", {"guild_id": str(guild.id), "role": role.payload()})
        return role

    async def add_user(
        self: FakeDiscord, name: str, roles: Iterable[FakeRole | str] = (), *, member: bool = True
    ) -> FakeUser:
        """Create a user, by default a guild member with `roles` (GUILD_MEMBER_ADD if connected)."""
        user = FakeUser(self.ids.next(), name)
        self.world.users[name] = user
        if member:
            fm = FakeMember(user, [self._role(r).id for r in roles])
            self.world.guild.members[user.id] = fm
            if self._ready_sessions():
                await self.dispatch(
                    "GUILD_MEMBER_ADD", {**fm.payload(), "guild_id": str(self.world.guild.id)}
                )
        return user

    async def set_roles(self: FakeDiscord, user: UserRef, roles: Iterable[FakeRole | str]) -> None:
        """Replace a member's roles (GUILD_MEMBER_UPDATE if connected)."""
        member = self.world.guild.members[self.world.user(user).id]
        member.roles = [self._role(r).id for r in roles]
        if self._ready_sessions():
            await self.dispatch(
                "GUILD_MEMBER_UPDATE", {**member.payload(), "guild_id": str(self.world.guild.id)}
            )

    async def add_channel(
        self: FakeDiscord, name: str, overwrites: list[dict[str, Any]] | None = None
    ) -> FakeChannel:
        """Create a text channel (CHANNEL_CREATE if connected)."""
        guild = self.world.guild
        channel = FakeChannel(
            self.ids.next(),
            name,
            guild_id=guild.id,
            position=len(guild.channels),
            overwrites=overwrites or [],
        )
        guild.channels[channel.id] = channel
        if self._ready_sessions():
            await self.dispatch("CHANNEL_CREATE", channel.payload())
        return channel

    def _role(self: FakeDiscord, ref: FakeRole | str) -> FakeRole:
        return ref if isinstance(ref, FakeRole) else self.world.guild.role(ref)

    def _channel(self: FakeDiscord, ref: ChannelRef | None, user: FakeUser | None) -> FakeChannel:
        """Resolve a channel; "dm" means the DM channel with `user`."""
        if ref is None:
            return self.channel
        if ref == "dm":
            if user is None:
                raise FakeDiscordError('channel="dm" needs a user here; pass fake.dm_channel(user)')
            return self.world.dm_channel(user)
        return self.world.channel(ref)

    def dm_channel(self: FakeDiscord, user: UserRef) -> FakeChannel:
        """The DM channel between the bot and `user` (created on first use)."""
        return self.world.dm_channel(self.world.user(user))

    def _check_can_post(self: FakeDiscord, user: FakeUser, channel: FakeChannel, needed: int) -> None:
        if channel.is_dm:
            return
        if user.id not in self.world.guild.members:
            raise FakeDiscordError(f"{user.username} is not a member of the guild")
        perms = self.world.guild.permissions_in(user.id, channel)
        if perms & needed != needed:
            raise FakeDiscordError(
                f"{user.username} lacks permissions 0x{needed & ~perms:x} in #{channel.name}"
            )

    # ----------------------------------------------------------------- driver: messages

    async def user_message(
        self: FakeDiscord,
        content: str,
        *,
        author: UserRef = "alice",
        channel: ChannelRef | None = None,
        mention_bot: bool = True,
        attachments: Iterable[Upload] = (),
        reply_to: int | None = None,
    ) -> int:
        """A user posts a message (MESSAGE_CREATE). `channel="dm"` posts in the author's DM with the bot.

        With `mention_bot`, `<@BOT> ` is prefixed (unless already present). Returns the message id.
        Content is blanked like Discord does when the bot lacks the message-content intent
        and is not mentioned (guild channels only).
        """
        user = self.world.user(author)
        chan = self._channel(channel, user)
        self._check_can_post(user, chan, VIEW_CHANNEL | SEND_MESSAGES)
        bot_mention = f"<@{self.bot_user.id}>"
        if mention_bot and bot_mention not in content and f"<@!{self.bot_user.id}>" not in content:
            content = f"{bot_mention} {content}"
        mid = self.ids.next()
        mentions = []
        for uid in dict.fromkeys(int(m) for m in MENTION.findall(content)):
            try:
                mentioned = self.world.user(uid)
            except KeyError:
                continue
            entry = mentioned.payload()
            member = self.world.guild.members.get(uid)
            if member is not None and not chan.is_dm:
                entry["member"] = member.payload(with_user=False)
            mentions.append(entry)
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
            "mention_roles": ROLE_MENTION.findall(content),
            "attachments": [self._store_file(u.filename, u.data, u.content_type) for u in attachments],
            "embeds": [],
            "components": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
        }
        if reply_to is not None:
            referenced = self.messages.get(reply_to)
            if referenced is None:
                raise FakeDiscordError(f"cannot reply to unknown message {reply_to}")
            msg["type"] = 19
            msg["message_reference"] = {"type": 0, "message_id": str(reply_to), "channel_id": str(chan.id)}
            msg["referenced_message"] = {k: v for k, v in referenced.items() if k != "referenced_message"}
        if not chan.is_dm:
            msg["guild_id"] = str(self.world.guild.id)
            msg["member"] = self.world.guild.members[user.id].payload(with_user=False)
            if "message_reference" in msg:
                msg["message_reference"]["guild_id"] = msg["guild_id"]
        self.messages[mid] = msg
        event = copy.deepcopy(msg)
        self._apply_intents(event, chan)
        self._user_mark = self.mark()
        await self.dispatch("MESSAGE_CREATE", event)
        return mid

    def _apply_intents(self: FakeDiscord, event: dict[str, Any], channel: FakeChannel) -> None:
        if not self.enforce_intents:
            return
        needed = INTENT_DIRECT_MESSAGES if channel.is_dm else INTENT_GUILD_MESSAGES
        if not self.intents & needed:
            name = "dm_messages" if channel.is_dm else "guild_messages"
            raise FakeDiscordError(
                f"the bot did not identify with the {name} intent; Discord would not deliver this"
            )
        mentioned = any(int(m["id"]) == self.bot_user.id for m in event["mentions"])
        if not channel.is_dm and not mentioned and not self.intents & INTENT_MESSAGE_CONTENT:
            event.update(content="", embeds=[], attachments=[], components=[])

    # ----------------------------------------------------------------- driver: interactions

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
        if itype in (2, 4):
            self._check_can_post(user, channel, VIEW_CHANNEL | USE_APPLICATION_COMMANDS)
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
            "entitlement_sku_ids": [],
            "attachment_size_limit": MAX_FILE_BYTES,
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
            guild_id=None if channel.is_dm else guild.id,
            payload=payload,
            created_at=self.loop_time(),
            source_message_id=int(message["id"]) if message is not None else None,
        )
        self.interactions[iid] = handle
        self.tokens[token] = handle
        self._user_mark = self.mark()
        await self.dispatch("INTERACTION_CREATE", payload)
        return handle

    def find_command(self: FakeDiscord, name: str, ctype: int = 1) -> tuple[dict[str, Any] | None, bool]:
        """(schema, guild_scoped) of a command: synced ones first, else from the running bot's tree."""
        for scope in (self.world.guild.id, None):
            for cmd in self.commands.get(scope, {}).values():
                if cmd["name"] == name and cmd.get("type", 1) == ctype:
                    return cmd, scope is not None
        tree = getattr(self.bot, "tree", None)
        if tree is not None:
            for guild in (discord.Object(self.world.guild.id), None):
                found = tree.get_command(name, guild=guild, type=discord.AppCommandType(ctype))
                if found is not None:
                    return found.to_dict(tree), guild is not None
        return None, True

    def _check_visible(
        self: FakeDiscord, schema: dict[str, Any] | None, user: FakeUser, channel: FakeChannel, scoped: bool
    ) -> None:
        """Discord only shows a command to members with its default_member_permissions, where allowed."""
        if schema is None:
            return
        if channel.is_dm:
            contexts = schema.get("contexts")
            if scoped or schema.get("dm_permission") is False or (contexts is not None and 1 not in contexts):
                raise FakeDiscordError(f"command {schema['name']!r} is not available in DMs")
            return
        required = schema.get("default_member_permissions")
        if required is not None:
            perms = self.world.guild.base_permissions(user.id)
            if perms & int(required) != int(required):
                raise FakeDiscordError(
                    f"{user.username} would not see {schema['name']!r} "
                    f"(default_member_permissions={required})"
                )

    def _command_data(
        self: FakeDiscord, name: str, ctype: int, user: FakeUser, channel: FakeChannel, validate: bool
    ) -> tuple[dict[str, Any] | None, dict[str, Any]]:
        schema, scoped = self.find_command(name, ctype)
        if validate:
            self._check_visible(schema, user, channel, scoped)
        data: dict[str, Any] = {
            "id": str((schema or {}).get("id") or self.ids.next()),
            "name": name,
            "type": ctype,
        }
        if scoped and not channel.is_dm:
            data["guild_id"] = str(self.world.guild.id)
        return schema, data

    def _options(self: FakeDiscord, channel: FakeChannel) -> OptionBuilder:
        return OptionBuilder(
            self.world,
            channel,
            lambda u: self._store_file(u.filename, u.data, u.content_type),
            self.world.guild.permissions_in,
        )

    async def slash(
        self: FakeDiscord,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        user: UserRef = "alice",
        channel: ChannelRef | None = None,
        subcommand: str | None = None,
        group: str | None = None,
        validate: bool = True,
    ) -> InteractionHandle:
        """A user runs `/name [group] [subcommand] options...` (INTERACTION_CREATE type 2).

        Option values: str/int/float/bool, FakeUser/FakeRole/FakeChannel (or names for user/role/channel
        options), `Upload` for attachments. Types come from the synced command or the bot's tree.
        """
        who = self.world.user(user)
        chan = self._channel(channel, who)
        schema, data = self._command_data(name, 1, who, chan, validate)
        builder = self._options(chan)
        leaf = builder.build(
            name, leaf_schema(schema, name, group, subcommand), options or {}, validate=validate
        )
        data["options"] = nest_options(leaf, group, subcommand)
        if builder.resolved:
            data["resolved"] = builder.resolved
        return await self._interaction(2, data, who, chan)

    async def autocomplete(
        self: FakeDiscord,
        name: str,
        options: dict[str, Any],
        *,
        focused: str,
        user: UserRef = "alice",
        channel: ChannelRef | None = None,
        subcommand: str | None = None,
        group: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> list[dict[str, Any]]:
        """A user types into option `focused` (INTERACTION_CREATE type 4); returns the bot's choices."""
        who = self.world.user(user)
        chan = self._channel(channel, who)
        schema, data = self._command_data(name, 1, who, chan, True)
        builder = self._options(chan)
        leaf = builder.build(
            name, leaf_schema(schema, name, group, subcommand), options, focused=focused, validate=False
        )
        data["options"] = nest_options(leaf, group, subcommand)
        if builder.resolved:
            data["resolved"] = builder.resolved
        handle = await self._interaction(4, data, who, chan)
        call = await handle.response(timeout)
        if not call.ok or call.callback_type != 8:
            raise FakeDiscordError(f"autocomplete answered with {call!r}: {call.error}")
        return call.choices

    async def context_menu(
        self: FakeDiscord,
        name: str,
        target_message_id: int | None = None,
        *,
        target_user: UserRef | None = None,
        user: UserRef = "alice",
        channel: ChannelRef | None = None,
    ) -> InteractionHandle:
        """A user runs a message (or, with `target_user`, a user) context-menu command."""
        who = self.world.user(user)
        if target_message_id is not None:
            target = self.messages.get(target_message_id)
            if target is None:
                raise FakeDiscordError(f"unknown target message {target_message_id}")
            chan = self._channel(channel or int(target["channel_id"]), who)
            _, data = self._command_data(name, 3, who, chan, True)
            data.update(
                target_id=str(target_message_id),
                resolved={"messages": {str(target_message_id): copy.deepcopy(target)}},
            )
        elif target_user is not None:
            chan = self._channel(channel, who)
            _, data = self._command_data(name, 2, who, chan, True)
            builder = self._options(chan)
            data.update(target_id=builder.convert(6, target_user, focused=False), resolved=builder.resolved)
        else:
            raise FakeDiscordError("context_menu needs target_message_id or target_user")
        return await self._interaction(2, data, who, chan)

    def _message(self: FakeDiscord, message: int | dict[str, Any] | Call) -> dict[str, Any]:
        if isinstance(message, Call):
            if message.message is None:
                raise FakeDiscordError(f"{message!r} did not produce a message")
            message = message.message
        mid = int(message["id"]) if isinstance(message, dict) else int(message)
        found = self.messages.get(mid)
        if found is None:
            raise FakeDiscordError(f"unknown (or deleted) message {mid}")
        return found

    async def click(
        self: FakeDiscord,
        message: int | dict[str, Any] | Call,
        custom_id: str,
        *,
        user: UserRef = "alice",
        values: list[Any] | None = None,
    ) -> InteractionHandle:
        """A user clicks a button (or picks `values` in a select) on a stored message (type 3)."""
        who = self.world.user(user)
        msg = self._message(message)
        if int(msg.get("flags") or 0) & EPHEMERAL:
            owner = (msg.get("interaction_metadata") or {}).get("user", {}).get("id")
            if owner is not None and int(owner) != who.id:
                raise FakeDiscordError(f"{who.username} cannot see the ephemeral message {msg['id']}")
        comp = find_component(msg, custom_id)
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": comp["type"]}
        if comp["type"] in (3, 5, 6, 7, 8):
            data["values"] = select_values(comp, values)
        chan = self.world.any_channel(int(msg["channel_id"]))
        assert chan is not None
        return await self._interaction(3, data, who, chan, message=msg)

    async def submit_modal(
        self: FakeDiscord, custom_id: str, values: dict[str, Any], *, user: UserRef | None = None
    ) -> InteractionHandle:
        """The user shown modal `custom_id` submits it with `{input_custom_id: value}` (type 5)."""
        if custom_id not in self.modals:
            raise FakeDiscordError(
                f"the bot never opened modal {custom_id!r}; open ones: {sorted(self.modals)}"
            )
        modal, source = self.modals[custom_id]
        who = self.world.user(user) if user is not None else source.user
        if who.id != source.user.id:
            raise FakeDiscordError(
                f"modal {custom_id!r} was shown to {source.user.username}, not {who.username}"
            )
        components = modal_submit_components(modal, values)
        del self.modals[custom_id]
        chan = self.world.any_channel(source.channel_id)
        assert chan is not None
        message = self.messages.get(source.source_message_id or 0)
        return await self._interaction(
            5, {"custom_id": custom_id, "components": components}, who, chan, message=message
        )
