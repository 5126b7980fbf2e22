"""State model of the fake Discord: ids, users, roles, members, channels, one guild, permissions."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any

DISCORD_EPOCH_MS = 1420070400000

# Permission bits (https://discord.com/developers/docs/topics/permissions).
CREATE_INSTANT_INVITE = 1 << 0
KICK_MEMBERS = 1 << 1
BAN_MEMBERS = 1 << 2
ADMINISTRATOR = 1 << 3
MANAGE_CHANNELS = 1 << 4
MANAGE_GUILD = 1 << 5
ADD_REACTIONS = 1 << 6
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
MENTION_EVERYONE = 1 << 17
USE_EXTERNAL_EMOJIS = 1 << 18
CONNECT = 1 << 20
SPEAK = 1 << 21
CHANGE_NICKNAME = 1 << 26
MANAGE_ROLES = 1 << 28
USE_APPLICATION_COMMANDS = 1 << 31
CREATE_PUBLIC_THREADS = 1 << 35
SEND_MESSAGES_IN_THREADS = 1 << 38
MODERATE_MEMBERS = 1 << 40
ALL_PERMISSIONS = (1 << 53) - 1

EVERYONE_PERMISSIONS = (
    CREATE_INSTANT_INVITE
    | ADD_REACTIONS
    | VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_EXTERNAL_EMOJIS
    | CONNECT
    | SPEAK
    | CHANGE_NICKNAME
    | USE_APPLICATION_COMMANDS
    | CREATE_PUBLIC_THREADS
    | SEND_MESSAGES_IN_THREADS
)
MODERATOR_PERMISSIONS = MANAGE_MESSAGES | KICK_MEMBERS | MODERATE_MEMBERS
BOT_PERMISSIONS = (
    VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | ATTACH_FILES | READ_MESSAGE_HISTORY | ADD_REACTIONS
)

# Gateway intents the fake cares about.
INTENT_GUILD_MEMBERS = 1 << 1
INTENT_GUILD_MESSAGES = 1 << 9
INTENT_DIRECT_MESSAGES = 1 << 12
INTENT_MESSAGE_CONTENT = 1 << 15

TEXT_CHANNEL = 0
DM_CHANNEL = 1


class SnowflakeGen:
    """Strictly increasing snowflakes whose timestamp part is the current time."""

    def __init__(self) -> None:
        self._last = 0

    def next(self) -> int:
        """Return a fresh snowflake."""
        candidate = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
        self._last = max(candidate, self._last + 1)
        return self._last


def snowflake_time(snowflake: int) -> str:
    """ISO-8601 timestamp encoded in a snowflake."""
    ms = (snowflake >> 22) + DISCORD_EPOCH_MS
    return dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC).isoformat()


def now_iso() -> str:
    """Current time as ISO-8601 (for edited_timestamp)."""
    return dt.datetime.now(tz=dt.UTC).isoformat()


@dataclass
class FakeUser:
    """A Discord user. `dms_open=False` makes DMs to the user fail like a user with DMs closed."""

    id: int
    username: str
    bot: bool = False
    global_name: str | None = None
    dms_open: bool = True

    def payload(self) -> dict[str, Any]:
        """User object as Discord sends it."""
        return {
            "id": str(self.id),
            "username": self.username,
            "discriminator": "0",
            "global_name": self.global_name,
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
        }

    @property
    def mention(self) -> str:
        """Mention markup for this user."""
        return f"<@{self.id}>"


@dataclass
class FakeRole:
    """A guild role; the @everyone role has the guild's id."""

    id: int
    name: str
    permissions: int
    position: int = 0
    managed: bool = False
    mentionable: bool = False

    def payload(self) -> dict[str, Any]:
        """Role object as Discord sends it."""
        return {
            "id": str(self.id),
            "name": self.name,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "managed": self.managed,
            "mentionable": self.mentionable,
            "flags": 0,
            "icon": None,
            "unicode_emoji": None,
        }


@dataclass
class FakeMember:
    """Guild membership of a user."""

    user: FakeUser
    roles: list[int] = field(default_factory=list)
    nick: str | None = None
    joined_at: str = field(default_factory=now_iso)

    def payload(self, *, with_user: bool = True, permissions: int | None = None) -> dict[str, Any]:
        """Member object; `permissions` is added for interaction payloads."""
        data: dict[str, Any] = {
            "roles": [str(r) for r in self.roles],
            "nick": self.nick,
            "joined_at": self.joined_at,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "avatar": None,
            "communication_disabled_until": None,
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

    @property
    def mention(self) -> str:
        """Mention markup for this channel."""
        return f"<#{self.id}>"

    def payload(self) -> dict[str, Any]:
        """Channel object as Discord sends it."""
        if self.is_dm:
            assert self.recipient is not None
            return {
                "id": str(self.id),
                "type": DM_CHANNEL,
                "recipients": [self.recipient.payload()],
                "last_message_id": None,
                "flags": 0,
            }
        return {
            "id": str(self.id),
            "type": self.type,
            "guild_id": str(self.guild_id),
            "name": self.name,
            "position": self.position,
            "permission_overwrites": self.overwrites,
            "nsfw": False,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "parent_id": None,
            "flags": 0,
        }


def overwrite(target: FakeRole | FakeUser, *, allow: int = 0, deny: int = 0) -> dict[str, Any]:
    """A channel permission overwrite for a role (type 0) or a member (type 1)."""
    kind = 0 if isinstance(target, FakeRole) else 1
    return {"id": str(target.id), "type": kind, "allow": str(allow), "deny": str(deny)}


@dataclass
class FakeGuild:
    """The single guild of the fake: roles, members, channels and permission computation."""

    id: int
    name: str
    owner_id: int
    roles: dict[int, FakeRole] = field(default_factory=dict)
    members: dict[int, FakeMember] = field(default_factory=dict)
    channels: dict[int, FakeChannel] = field(default_factory=dict)

    @property
    def everyone(self) -> FakeRole:
        """The @everyone role."""
        return self.roles[self.id]

    def role(self, name: str) -> FakeRole:
        """Role by name."""
        for role in self.roles.values():
            if role.name == name:
                return role
        raise KeyError(f"no role named {name!r}; roles: {[r.name for r in self.roles.values()]}")

    def channel(self, name: str) -> FakeChannel:
        """Channel by name."""
        for channel in self.channels.values():
            if channel.name == name:
                return channel
        raise KeyError(f"no channel named {name!r}")

    def base_permissions(self, user_id: int) -> int:
        """Guild-level permissions of a member (owner and administrators get everything)."""
        if user_id == self.owner_id:
            return ALL_PERMISSIONS
        member = self.members.get(user_id)
        if member is None:
            return 0
        perms = self.everyone.permissions
        for role_id in member.roles:
            role = self.roles.get(role_id)
            if role is not None:
                perms |= role.permissions
        if perms & ADMINISTRATOR:
            return ALL_PERMISSIONS
        return perms

    def permissions_in(self, user_id: int, channel: FakeChannel | None) -> int:
        """Member permissions in a channel, applying overwrites as Discord does."""
        perms = self.base_permissions(user_id)
        if perms == ALL_PERMISSIONS or channel is None or channel.is_dm:
            return perms
        member = self.members.get(user_id)
        role_ids = set(member.roles) if member else set()
        by_id = {int(o["id"]): o for o in channel.overwrites}
        everyone = by_id.get(self.id)
        if everyone is not None:
            perms = (perms & ~int(everyone["deny"])) | int(everyone["allow"])
        allow = deny = 0
        for ow in channel.overwrites:
            if ow["type"] == 0 and int(ow["id"]) in role_ids:
                allow |= int(ow["allow"])
                deny |= int(ow["deny"])
        perms = (perms & ~deny) | allow
        own = by_id.get(user_id)
        if own is not None and own["type"] == 1:
            perms = (perms & ~int(own["deny"])) | int(own["allow"])
        if not perms & VIEW_CHANNEL:
            return 0
        return perms

    def payload(self) -> dict[str, Any]:
        """Full GUILD_CREATE payload."""
        return {
            "id": str(self.id),
            "name": self.name,
            "owner_id": str(self.owner_id),
            "icon": None,
            "unavailable": False,
            "large": False,
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
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "preferred_locale": "en-US",
            "system_channel_id": None,
            "joined_at": now_iso(),
        }


@dataclass
class World:
    """Everything the fake knows about: bot user, people, the guild, DM channels."""

    ids: SnowflakeGen
    bot_user: FakeUser
    owner: FakeUser
    users: dict[str, FakeUser]
    guild: FakeGuild
    dm_channels: dict[int, FakeChannel] = field(default_factory=dict)

    @classmethod
    def default(cls, ids: SnowflakeGen) -> World:
        """Guild "Privy Test" owned by `owner`; alice/bob (plain), mod (Moderators), manager (Manage Server).

        Channels: #general (everyone) and #mod-only (hidden from @everyone, visible to Moderators).
        """
        bot_user = FakeUser(ids.next(), "Privy", bot=True)
        owner = FakeUser(ids.next(), "owner")
        guild = FakeGuild(id=ids.next(), name="Privy Test", owner_id=owner.id)
        guild.roles[guild.id] = FakeRole(guild.id, "@everyone", EVERYONE_PERMISSIONS, position=0)
        moderators = FakeRole(ids.next(), "Moderators", MODERATOR_PERMISSIONS, position=1, mentionable=True)
        managers = FakeRole(ids.next(), "Server Managers", MANAGE_GUILD, position=2)
        bot_role = FakeRole(ids.next(), "Privy", BOT_PERMISSIONS, position=3, managed=True)
        for role in (moderators, managers, bot_role):
            guild.roles[role.id] = role
        users = {"owner": owner}
        for name in ("alice", "bob", "mod", "manager"):
            users[name] = FakeUser(ids.next(), name)
        guild.members[bot_user.id] = FakeMember(bot_user, [bot_role.id])
        guild.members[owner.id] = FakeMember(owner)
        guild.members[users["alice"].id] = FakeMember(users["alice"])
        guild.members[users["bob"].id] = FakeMember(users["bob"])
        guild.members[users["mod"].id] = FakeMember(users["mod"], [moderators.id])
        guild.members[users["manager"].id] = FakeMember(users["manager"], [managers.id])
        general = FakeChannel(ids.next(), "general", guild_id=guild.id, position=0)
        mod_only = FakeChannel(
            ids.next(),
            "mod-only",
            guild_id=guild.id,
            position=1,
            overwrites=[
                overwrite(guild.everyone, deny=VIEW_CHANNEL),
                overwrite(moderators, allow=VIEW_CHANNEL),
                overwrite(bot_role, allow=VIEW_CHANNEL),
            ],
        )
        guild.channels[general.id] = general
        guild.channels[mod_only.id] = mod_only
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
        if isinstance(ref, int):
            found = self.guild.channels.get(ref) or self.dm_channels.get(ref)
            if found is None:
                raise KeyError(f"unknown channel id {ref}")
            return found
        return self.guild.channel(ref)

    def dm_channel(self, user: FakeUser) -> FakeChannel:
        """The DM channel between the bot and `user`, created on first use."""
        for channel in self.dm_channels.values():
            if channel.recipient is not None and channel.recipient.id == user.id:
                return channel
        channel = FakeChannel(self.ids.next(), f"dm-{user.username}", type=DM_CHANNEL, recipient=user)
        self.dm_channels[channel.id] = channel
        return channel

    def any_channel(self, channel_id: int) -> FakeChannel | None:
        """Channel by id or None."""
        return self.guild.channels.get(channel_id) or self.dm_channels.get(channel_id)
