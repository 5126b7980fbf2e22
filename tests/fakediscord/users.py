"""What users do in the fake Discord: post, click buttons and selects, submit modals (commands: commands.py).

`UserActions` extends the server: it builds the gateway events a real Discord client would
cause and dispatches them to the bot. It refuses what the real client could not send (disabled or
missing components, values a select does not offer, modal inputs out of bounds) with `FakeDiscordError`.
Each interaction returns an `InteractionHandle` to await the bot's answer.
"""

from __future__ import annotations

import copy
import re
import secrets
from collections.abc import Iterable
from typing import Any

from tests.fakediscord.limits import STRING_SELECT, TEXT_INPUT, walk_components
from tests.fakediscord.records import EPHEMERAL, Call, FakeDiscordError, InteractionHandle
from tests.fakediscord.server import FakeServer
from tests.fakediscord.world import (
    INTENT_DIRECT_MESSAGES,
    INTENT_GUILD_MEMBERS,
    INTENT_GUILD_MESSAGES,
    INTENT_MESSAGE_CONTENT,
    SEND_MESSAGES,
    TEXT_CHANNEL,
    USE_APPLICATION_COMMANDS,
    VIEW_CHANNEL,
    ChannelRef,
    FakeChannel,
    FakeGuild,
    FakeMember,
    FakeRole,
    FakeUser,
    UserRef,
    snowflake_time,
)

MENTION = re.compile(r"<@!?(\d+)>")
SLASH, COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 2, 3, 4, 5  # interaction types


class UserActions(FakeServer):
    """The server plus what users do with messages and components."""

    # ------------------------------------------------------------------ changes to the server

    async def add_user(
        self, name: str, roles: Iterable[FakeRole | str] = (), *, guild: FakeGuild | str | int | None = None
    ) -> FakeUser:
        """A new member of `guild` (the first by default) with `roles` (GUILD_MEMBER_ADD if the bot asked
        for members); a name already known joins that guild as the same user."""
        place = self.world.find_guild(guild)
        user = self.world.users.get(name) or FakeUser(self.ids.next(), name)
        self.world.users[name] = user
        member = FakeMember(user, [self._role(r, place).id for r in roles])
        place.members[user.id] = member
        await self._member_event("GUILD_MEMBER_ADD", member, place)
        return user

    async def add_guild(self, name: str, owner: str) -> FakeGuild:
        """Another server with the bot in it, owned by a new user `owner` (GUILD_CREATE if connected)."""
        user = self.world.users.get(owner) or FakeUser(self.ids.next(), owner)
        self.world.users[owner] = user
        guild = self.world.new_guild(name, user)
        if self.connected:
            await self.dispatch("GUILD_CREATE", guild.payload())
        return guild

    async def add_role(
        self, name: str, permissions: int = 0, *, guild: FakeGuild | str | int | None = None
    ) -> FakeRole:
        """A new role in `guild` (GUILD_ROLE_CREATE if connected)."""
        place = self.world.find_guild(guild)
        role = FakeRole(self.ids.next(), name, permissions, position=len(place.roles))
        place.roles[role.id] = role
        if self.connected:
            await self.dispatch("GUILD_ROLE_CREATE", {"guild_id": str(place.id), "role": role.payload()})
        return role

    async def set_roles(
        self, user: UserRef, roles: Iterable[FakeRole | str], *, guild: FakeGuild | str | int | None = None
    ) -> None:
        """Replace a member's roles (GUILD_MEMBER_UPDATE if the bot asked for members)."""
        place = self.world.find_guild(guild)
        member = place.members[self.world.user(user).id]
        member.roles = [self._role(r, place).id for r in roles]
        await self._member_event("GUILD_MEMBER_UPDATE", member, place)

    async def _member_event(self, event: str, member: FakeMember, guild: FakeGuild | None = None) -> None:
        if self.connected and self.intents & INTENT_GUILD_MEMBERS:
            place = guild or self.world.guild
            await self.dispatch(event, {**member.payload(), "guild_id": str(place.id)})

    async def add_channel(
        self,
        name: str,
        overwrites: list[dict[str, Any]] | None = None,
        *,
        guild: FakeGuild | str | int | None = None,
        kind: int = TEXT_CHANNEL,
    ) -> FakeChannel:
        """A new text (or `kind`: NEWS_CHANNEL) channel of `guild` (CHANNEL_CREATE if the bot is connected)."""
        place = self.world.find_guild(guild)
        channel = FakeChannel(
            self.ids.next(), name, type=kind, guild_id=place.id, position=len(place.channels)
        )
        channel.overwrites = overwrites or []
        place.channels[channel.id] = channel
        if self.connected:
            await self.dispatch("CHANNEL_CREATE", channel.payload())
        return channel

    async def set_overwrites(self, channel: ChannelRef, overwrites: list[dict[str, Any]]) -> None:
        """Replace a channel's permission overwrites (CHANNEL_UPDATE if the bot is connected)."""
        chan = self.world.channel(channel)
        chan.overwrites = overwrites
        if self.connected:
            await self.dispatch("CHANNEL_UPDATE", chan.payload())

    async def delete_channel(self, channel: ChannelRef) -> None:
        """Delete a guild channel (CHANNEL_DELETE if the bot is connected); its messages go with it."""
        chan = self.world.channel(channel)
        del self.world.guild_of(chan).channels[chan.id]
        for mid in [m for m, msg in self.messages.items() if int(msg["channel_id"]) == chan.id]:
            del self.messages[mid]
        if self.connected:
            await self.dispatch("CHANNEL_DELETE", chan.payload())

    def _role(self, ref: FakeRole | str, guild: FakeGuild | None = None) -> FakeRole:
        return ref if isinstance(ref, FakeRole) else (guild or self.world.guild).role(ref)

    def _channel(self, ref: ChannelRef | None, user: FakeUser) -> FakeChannel:
        """Resolve a channel; None is #general and "dm" the DM channel with `user`."""
        if ref is None:
            return self.channel
        return self.world.dm_channel(user) if ref == "dm" else self.world.channel(ref)

    def _check_can(self, user: FakeUser, channel: FakeChannel, needed: int) -> None:
        if channel.is_dm:
            return
        guild = self.world.guild_of(channel)
        if user.id not in guild.members:
            raise FakeDiscordError(f"{user.username} is not a member of the guild {guild.name}")
        perms = guild.permissions_in(user.id, channel)
        if perms & needed != needed:
            raise FakeDiscordError(
                f"{user.username} lacks permissions 0x{needed & ~perms:x} in #{channel.name}"
            )

    # ------------------------------------------------------------------ messages

    async def user_message(
        self,
        content: str,
        *,
        author: UserRef = "alice",
        channel: ChannelRef | None = None,
        mention_bot: bool = True,
        reply_to: int | Call | None = None,
    ) -> int:
        """A user posts a message (MESSAGE_CREATE); `channel="dm"` posts in the author's DM with the bot;
        `reply_to` makes it a reply to that stored message (Discord sends the referenced message along).

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
        guild = self.world.guild_of(chan)
        for uid in dict.fromkeys(int(m) for m in MENTION.findall(content)):
            with_member = guild.members.get(uid)
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
            msg["guild_id"] = str(guild.id)
            msg["member"] = guild.members[user.id].payload(with_user=False)
        if reply_to is not None:
            ref_id = reply_to.message_id if isinstance(reply_to, Call) else reply_to
            referenced = self.messages.get(int(ref_id or 0))
            if referenced is None:
                raise FakeDiscordError(f"no stored message {ref_id} to reply to")
            msg["type"] = 19
            msg["message_reference"] = {"message_id": str(ref_id), "channel_id": str(chan.id)}
            msg["referenced_message"] = {k: v for k, v in referenced.items() if k != "referenced_message"}
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

    def _message(self, message: int | dict[str, Any] | Call) -> dict[str, Any]:
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
        self,
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
        guild = self.world.guild_of(channel)
        payload: dict[str, Any] = {
            "id": str(iid),
            "application_id": str(self.application_id),
            "type": itype,
            "data": data,
            "token": token,
            "version": 1,
            "locale": user.locale,
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
                guild_locale=guild.locale,
                context=0,
                guild={"id": str(guild.id), "locale": guild.locale, "features": []},
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

    async def click(
        self,
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
        self, custom_id: str, values: dict[str, str], *, user: UserRef | None = None
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
