"""What the fake Discord knows: ids, users, roles, members, channels, guilds (the first is "the" guild,
more can be added), DMs, and permissions."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any

DISCORD_EPOCH_MS = 1420070400000

# Permission bits (https://discord.com/developers/docs/topics/permissions) that Privy's flows touch.
ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
USE_APPLICATION_COMMANDS = 1 << 31
ALL_PERMISSIONS = (1 << 53) - 1
EVERYONE_PERMISSIONS = (
    VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_APPLICATION_COMMANDS
)
BOT_PERMISSIONS = VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | ATTACH_FILES | READ_MESSAGE_HISTORY

# Gateway intents the fake honours.
INTENT_GUILD_MEMBERS = 1 << 1
INTENT_GUILD_MESSAGES = 1 << 9
INTENT_DIRECT_MESSAGES = 1 << 12
INTENT_MESSAGE_CONTENT = 1 << 15

TEXT_CHANNEL, DM_CHANNEL, NEWS_CHANNEL = 0, 1, 5  # NEWS: an announcement channel


class SnowflakeGen:
    """Strictly increasing snowflakes whose timestamp part is the current time."""

    def __init__(self) -> None:
        self._last = 0

    def next(self) -> int:
        """Return a fresh snowflake."""
        self._last = max((int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22, self._last + 1)
        return self._last


def snowflake_time(snowflake: int) -> str:
    """ISO-8601 timestamp encoded in a snowflake."""
    ms = (snowflake >> 22) + DISCORD_EPOCH_MS
    return dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC).isoformat()


def now_iso() -> str:
    """Current time as ISO-8601 (joined_at, edited_timestamp)."""
    return dt.datetime.now(tz=dt.UTC).isoformat()


@dataclass
class FakeUser:
    """A Discord user."""

    id: int
    username: str
    bot: bool = False
    dms_open: bool = True  # False: Discord refuses the bot's DMs to them (403, code 50007)
    locale: str = "en-US"  # the language chosen in their Discord client, sent with each interaction

    def payload(self) -> dict[str, Any]:
        """User object as Discord sends it."""
        return {
            "id": str(self.id),
            "username": self.username,
            "discriminator": "0",
            "global_name": None,
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
        }


@dataclass
class FakeRole:
    """A guild role; the @everyone role has the guild's id."""

    id: int
    name: str
    permissions: int
    position: int = 0
    managed: bool = False

    def payload(self) -> dict[str, Any]:
        """Role object as Discord sends it."""
        return {
            "id": str(self.id),
            "name": self.name,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": 0,
            "hoist": False,
            "managed": self.managed,
            "mentionable": False,
            "flags": 0,
        }


@dataclass
class FakeMember:
    """Guild membership of a user."""

    user: FakeUser
    roles: list[int] = field(default_factory=list)
    joined_at: str = field(default_factory=now_iso)

    def payload(self, *, with_user: bool = True, permissions: int | None = None) -> dict[str, Any]:
        """Member object; `permissions` is added for interaction payloads."""
        data: dict[str, Any] = {
            "roles": [str(r) for r in self.roles],
            "nick": None,
            "joined_at": self.joined_at,
            "deaf": False,
            "mute": False,
            "flags": 0,
        }
        if with_user:
            data["user"] = self.user.payload()
        if permissions is not None:
            data["permissions"] = str(permissions)
        return data


@dataclass
class FakeChannel:
    """A guild text channel or a DM channel."""

    id: int
    name: str
    type: int = TEXT_CHANNEL
    guild_id: int | None = None
    position: int = 0
    overwrites: list[dict[str, Any]] = field(default_factory=list)
    recipient: FakeUser | None = None

    @property
    def is_dm(self) -> bool:
        """True for a DM channel."""
        return self.type == DM_CHANNEL

    def payload(self) -> dict[str, Any]:
        """Channel object as Discord sends it."""
        if self.is_dm:
            assert self.recipient is not None
            return {"id": str(self.id), "type": DM_CHANNEL, "recipients": [self.recipient.payload()]}
        return {
            "id": str(self.id),
            "type": self.type,
            "guild_id": str(self.guild_id),
            "name": self.name,
            "position": self.position,
            "permission_overwrites": self.overwrites,
            "nsfw": False,
            "parent_id": None,
        }


UserRef = FakeUser | str | int  # how tests name a user: the object, its name or its id
ChannelRef = FakeChannel | str | int


def overwrite(role: FakeRole, *, allow: int = 0, deny: int = 0) -> dict[str, Any]:
    """A channel permission overwrite for a role."""
    return {"id": str(role.id), "type": 0, "allow": str(allow), "deny": str(deny)}


@dataclass
class FakeGuild:
    """The single guild of the fake: roles, members, channels and permission computation."""

    id: int
    name: str
    owner_id: int
    roles: dict[int, FakeRole] = field(default_factory=dict)
    members: dict[int, FakeMember] = field(default_factory=dict)
    channels: dict[int, FakeChannel] = field(default_factory=dict)
    locale: str = "en-US"  # the server's preferred locale (Community servers set it)

    def role(self, name: str) -> FakeRole:
        """Role by name."""
        for role in self.roles.values():
            if role.name == name:
                return role
        raise KeyError(f"no role named {name!r}; roles: {[r.name for r in self.roles.values()]}")

    def base_permissions(self, user_id: int) -> int:
        """Guild-level permissions of a member (the owner and administrators get everything)."""
        member = self.members.get(user_id)
        if user_id == self.owner_id:
            return ALL_PERMISSIONS
        if member is None:
            return 0
        perms = self.roles[self.id].permissions
        for role_id in member.roles:
            perms |= self.roles[role_id].permissions
        return ALL_PERMISSIONS if perms & ADMINISTRATOR else perms

    def permissions_in(self, user_id: int, channel: FakeChannel | None) -> int:
        """Member permissions in a channel, after its @everyone and role overwrites, as Discord does."""
        perms = self.base_permissions(user_id)
        if perms == ALL_PERMISSIONS or channel is None or channel.is_dm:
            return perms
        member_roles = {self.id, *(self.members[user_id].roles if user_id in self.members else [])}
        for everyone_pass in (
            True,
            False,
        ):  # @everyone's overwrite first, then all the member's roles' at once
            allow = deny = 0
            for ow in channel.overwrites:
                if (int(ow["id"]) == self.id) == everyone_pass and int(ow["id"]) in member_roles:
                    allow, deny = allow | int(ow["allow"]), deny | int(ow["deny"])
            perms = (perms & ~deny) | allow
        return perms if perms & VIEW_CHANNEL else 0

    def payload(self) -> dict[str, Any]:
        """GUILD_CREATE payload."""
        return {
            "id": str(self.id),
            "name": self.name,
            "owner_id": str(self.owner_id),
            "unavailable": False,
            "member_count": len(self.members),
            "roles": [r.payload() for r in sorted(self.roles.values(), key=lambda r: r.position)],
            "members": [m.payload() for m in self.members.values()],
            "channels": [c.payload() for c in self.channels.values()],
            "threads": [],
            "emojis": [],
            "stickers": [],
            "features": [],
            "voice_states": [],
            "presences": [],
            "preferred_locale": self.locale,
            "joined_at": now_iso(),
        }


@dataclass
class World:
    """Everything the fake knows about: the bot user, people, the guilds, DM channels."""

    ids: SnowflakeGen
    bot_user: FakeUser
    owner: FakeUser
    users: dict[str, FakeUser]
    guild: FakeGuild  # the first guild, where the default people are
    dm_channels: dict[int, FakeChannel] = field(default_factory=dict)
    more_guilds: list[FakeGuild] = field(default_factory=list)

    @property
    def guilds(self) -> list[FakeGuild]:
        """Every guild the bot is in, the first one first."""
        return [self.guild, *self.more_guilds]

    def guild_of(self, channel: FakeChannel | None) -> FakeGuild:
        """The guild of a channel (the first guild for a DM or None)."""
        if channel is not None and channel.guild_id is not None:
            for guild in self.guilds:
                if guild.id == channel.guild_id:
                    return guild
        return self.guild

    def find_guild(self, ref: FakeGuild | str | int | None) -> FakeGuild:
        """A guild by object, name or id; None is the first guild."""
        if ref is None:
            return self.guild
        if isinstance(ref, FakeGuild):
            return ref
        for guild in self.guilds:
            if ref in (guild.name, guild.id):
                return guild
        raise KeyError(f"unknown guild {ref!r}")

    def new_guild(self, name: str, owner: FakeUser) -> FakeGuild:
        """Another guild with #<name>-general, @everyone, the bot's role and "Server Managers" (Manage
        Server); its owner and the bot are members."""
        guild = FakeGuild(id=self.ids.next(), name=name, owner_id=owner.id)
        everyone = FakeRole(guild.id, "@everyone", EVERYONE_PERMISSIONS)
        managers = FakeRole(self.ids.next(), "Server Managers", MANAGE_GUILD, position=2)
        bot_role = FakeRole(self.ids.next(), "Privy", BOT_PERMISSIONS, position=3, managed=True)
        guild.roles = {r.id: r for r in (everyone, managers, bot_role)}
        guild.members[self.bot_user.id] = FakeMember(self.bot_user, [bot_role.id])
        guild.members[owner.id] = FakeMember(owner)
        general = FakeChannel(self.ids.next(), f"{name.lower().replace(' ', '-')}-general", guild_id=guild.id)
        guild.channels[general.id] = general
        self.more_guilds.append(guild)
        return guild

    @classmethod
    def default(cls, ids: SnowflakeGen) -> World:
        """Guild "Privy Test" with #general, owned by `owner`; alice and bob are plain members, mod has the
        role "Moderators" (no special permission), manager the role "Server Managers" (Manage Server)."""
        bot_user = FakeUser(ids.next(), "Privy", bot=True)
        owner = FakeUser(ids.next(), "owner")
        guild = FakeGuild(id=ids.next(), name="Privy Test", owner_id=owner.id)
        everyone = FakeRole(guild.id, "@everyone", EVERYONE_PERMISSIONS)
        moderators = FakeRole(ids.next(), "Moderators", MANAGE_MESSAGES, position=1)
        managers = FakeRole(ids.next(), "Server Managers", MANAGE_GUILD, position=2)
        bot_role = FakeRole(ids.next(), "Privy", BOT_PERMISSIONS, position=3, managed=True)
        guild.roles = {r.id: r for r in (everyone, moderators, managers, bot_role)}
        users = {"owner": owner} | {
            name: FakeUser(ids.next(), name) for name in ("alice", "bob", "mod", "manager")
        }
        roles = {"Privy": [bot_role.id], "mod": [moderators.id], "manager": [managers.id]}
        for user in [bot_user, *users.values()]:
            guild.members[user.id] = FakeMember(user, roles.get(user.username, []))
        general = FakeChannel(ids.next(), "general", guild_id=guild.id)
        guild.channels[general.id] = general
        return cls(ids=ids, bot_user=bot_user, owner=owner, users=users, guild=guild)

    def user(self, ref: FakeUser | str | int) -> FakeUser:
        """Resolve a user given as object, name or id."""
        if isinstance(ref, FakeUser):
            return ref
        for user in [self.bot_user, *self.users.values()]:
            if ref in (user.username, user.id):
                return user
        raise KeyError(f"unknown user {ref!r}; known: {sorted(self.users)}")

    def channel(self, ref: FakeChannel | str | int) -> FakeChannel:
        """Resolve a channel given as object, name or id (guild channels and DMs)."""
        if isinstance(ref, FakeChannel):
            return ref
        for channel in [*(c for g in self.guilds for c in g.channels.values()), *self.dm_channels.values()]:
            if ref in (channel.name, channel.id):
                return channel
        raise KeyError(f"unknown channel {ref!r}")

    def dm_channel(self, user: FakeUser) -> FakeChannel:
        """The DM channel between the bot and `user`, created on first use."""
        for channel in self.dm_channels.values():
            if channel.recipient is not None and channel.recipient.id == user.id:
                return channel
        channel = FakeChannel(self.ids.next(), f"dm-{user.username}", type=DM_CHANNEL, recipient=user)
        self.dm_channels[channel.id] = channel
        return channel

    def any_channel(self, channel_id: int) -> FakeChannel | None:
        """Channel by id, or None."""
        for guild in self.guilds:
            if channel_id in guild.channels:
                return guild.channels[channel_id]
        return self.dm_channels.get(channel_id)
