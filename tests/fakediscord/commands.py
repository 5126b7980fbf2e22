"""What users do with the bot's application commands: slash commands, autocomplete, the message menu.

Like Discord's client, it offers a command only where the bot's schema allows it and to those its
default_member_permissions let see it, and sends only options the schema has, within their bounds.
"""

from __future__ import annotations

import copy
from typing import Any

import discord

from tests.fakediscord.records import FakeDiscordError, InteractionHandle, Upload
from tests.fakediscord.users import UserActions
from tests.fakediscord.world import ChannelRef, FakeChannel, FakeUser, UserRef

SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING, INTEGER, BOOLEAN, CHANNEL, ROLE, NUMBER, ATTACHMENT = 3, 4, 5, 7, 8, 10, 11
SLASH, AUTOCOMPLETE = 2, 4


class CommandActions(UserActions):
    """Users plus what they do with the bot's application commands."""

    def _command(
        self, name: str, ctype: int, user: FakeUser, channel: FakeChannel, validate: bool
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """(schema, interaction data) of the bot's command: the synced one, else the one in its tree.

        With `validate`, refuses like Discord's client a command not offered in DMs, or hidden from
        `user` by its default_member_permissions.
        """
        guild = self.world.guild_of(None if channel.is_dm else channel)
        found = [
            (cmd, scope is not None)
            for scope in (guild.id, None)
            for cmd in self.commands.get(scope, {}).values()
            if cmd["name"] == name and cmd.get("type", 1) == ctype
        ]
        tree = getattr(self.bot, "tree", None)
        for scope in (discord.Object(guild.id), None):
            command = (
                tree.get_command(name, guild=scope, type=discord.AppCommandType(ctype)) if tree else None
            )
            if command is not None and not found:
                found.append((command.to_dict(tree), scope is not None))
        if not found:
            raise FakeDiscordError(f"the bot has no command {name!r} of type {ctype}")
        schema, scoped = found[0]
        required = int(schema.get("default_member_permissions") or 0)
        if (
            validate
            and channel.is_dm
            and (
                scoped
                or schema.get("dm_permission") is False
                or 1 not in (schema.get("contexts") or [0, 1, 2])
            )
        ):
            raise FakeDiscordError(f"command {name!r} is not available in DMs")
        if validate and not channel.is_dm and guild.base_permissions(user.id) & required != required:
            raise FakeDiscordError(
                f"{user.username} would not see {name!r} (default_member_permissions={required})"
            )
        data: dict[str, Any] = {"id": str(schema.get("id") or self.ids.next()), "name": name, "type": ctype}
        if scoped and not channel.is_dm:
            data["guild_id"] = str(guild.id)
        return schema, data

    async def slash(
        self,
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
        self,
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
        self,
        data: dict[str, Any],
        schema: dict[str, Any],
        subcommand: str | None,
        values: dict[str, Any],
        focused: str | None,
        validate: bool,
    ) -> None:
        """Fill data["options"] (and "resolved" for attachments), checked against the schema like the client."""
        specs = schema.get("options") or []
        if subcommand is not None:
            sub = next((o for o in specs if o["name"] == subcommand and o["type"] == SUB_COMMAND), None)
            if sub is None:
                raise FakeDiscordError(f"/{data['name']} has no subcommand {subcommand!r}")
            specs = sub.get("options") or []
        elif any(o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in specs):
            raise FakeDiscordError(f"/{data['name']} needs a subcommand: {[o['name'] for o in specs]}")
        by_name = {o["name"]: o for o in specs}
        options = []
        for name, value in values.items():
            if name not in by_name:
                raise FakeDiscordError(f"/{data['name']} has no option {name!r}; options: {sorted(by_name)}")
            spec = by_name[name]
            if name == focused:
                options.append({"name": name, "type": spec["type"], "value": str(value), "focused": True})
                continue
            wire = self._wire(spec["type"], value, data)
            if validate:
                _check_value(data["name"], spec, wire)
                kinds = spec.get("channel_types")
                if spec["type"] == CHANNEL and kinds and self.world.channel(value).type not in kinds:
                    raise FakeDiscordError(f"/{data['name']} {name} does not offer channels of that type")
            options.append({"name": name, "type": spec["type"], "value": wire})
        missing = [o["name"] for o in specs if o.get("required") and o["name"] not in values]
        if validate and missing:
            raise FakeDiscordError(f"/{data['name']}: required options missing: {missing}")
        data["options"] = (
            [{"name": subcommand, "type": SUB_COMMAND, "options": options}] if subcommand else options
        )

    def _wire(self, otype: int, value: Any, data: dict[str, Any]) -> Any:
        """An option's value as the client sends it; an attachment is uploaded and resolved."""
        if otype == ATTACHMENT:
            if not isinstance(value, Upload):
                raise FakeDiscordError(f"attachment options take an Upload, got {value!r}")
            att = self.rest.store_file(value.filename, value.data, value.content_type)
            data.setdefault("resolved", {}).setdefault("attachments", {})[att["id"]] = att
            return att["id"]
        if otype == CHANNEL:  # a FakeChannel (or its name); resolved like Discord does, with its type
            channel = self.world.channel(value)
            guild = self.world.guild_of(channel)
            perms = guild.permissions_in(self.world.bot_user.id, channel)
            resolved = {**channel.payload(), "permissions": str(perms)}
            data.setdefault("resolved", {}).setdefault("channels", {})[str(channel.id)] = resolved
            return str(channel.id)
        if otype == ROLE:  # a FakeRole; resolved like Discord does
            role = value
            data.setdefault("resolved", {}).setdefault("roles", {})[str(role.id)] = role.payload()
            return str(role.id)
        convert = {STRING: str, INTEGER: int, BOOLEAN: bool, NUMBER: float}.get(otype)
        if convert is None:
            raise FakeDiscordError(f"the fake does not model option type {otype}")
        return convert(value)

    async def context_menu(
        self, name: str, target_message_id: int, *, user: UserRef = "alice"
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


def _check_value(command: str, spec: dict[str, Any], value: Any) -> None:
    """What Discord's client enforces before sending: min/max value, min/max length."""
    low, high = spec.get("min_value"), spec.get("max_value")
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if number and ((low is not None and value < low) or (high is not None and value > high)):
        raise FakeDiscordError(f"/{command} {spec['name']}={value} is outside {low}..{high}")
    length = (spec.get("min_length") or 0, spec.get("max_length") or 6000)
    if isinstance(value, str) and not length[0] <= len(value) <= length[1]:
        raise FakeDiscordError(f"/{command} {spec['name']} is outside min_length..max_length {length}")
