"""A fake Discord fast enough to flood one bot process: servers, chatter, and /ask interactions to time.

Only what a bot needs to log in and run: GET /users/@me, /oauth2/applications/@me and /gateway/bot, the
interaction callback and its webhook routes, and a gateway (zlib-stream or zstd-stream, as the bot asks)
that sends READY and a GUILD_CREATE for each server of the shard that identified (servers of 15 roles and
25 channels), then whatever the benchmark pushes: server messages that mention no one, at a set rate,
and /ask interactions whose answer time it records. Not the test fake (tests/fakediscord), which checks
every call Discord's way; this one is built for throughput and runs in its own process.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import time
import zlib
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

API = "/api/v10"
BOT_ID = 900_000_000_000_000_001
APP_ID = 900_000_000_000_000_002
OWNER_ID = 900_000_000_000_000_003
ROLES, CHANNELS, PEOPLE = 15, 25, 40
HEARTBEAT_MS = 41_250


def _json(body: Any) -> web.Response:
    """JSON with Content-Type exactly `application/json`: with a charset suffix discord.py reads text."""
    return web.Response(body=json.dumps(body).encode(), headers={"Content-Type": "application/json"})


def _user(uid: int, name: str, bot: bool = False) -> dict[str, Any]:
    return {
        "id": str(uid),
        "username": name,
        "discriminator": "0",
        "global_name": None,
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
    }


def guild_id(k: int) -> int:
    """Server k's id: its shard is k % shard_count, as Discord's (id >> 22) % count makes it."""
    return (k << 22) | 1


def guild_payload(k: int) -> dict[str, Any]:
    """GUILD_CREATE for server k: 15 roles, 25 channels, the bot as its only cached member."""
    gid = guild_id(k)
    roles = [
        {
            "id": str(gid if r == 0 else gid + 10 + r),
            "name": "@everyone" if r == 0 else f"role {r}",
            "permissions": "104324673" if r == 0 else "0",
            "position": r,
            "color": 0,
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }
        for r in range(ROLES)
    ]
    channels = [
        {
            "id": str(gid + 100 + c),
            "type": 0 if c % 5 else 2,
            "guild_id": str(gid),
            "name": f"channel-{c}",
            "position": c,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            **({} if c % 5 else {"bitrate": 64000, "user_limit": 0, "rtc_region": None}),
        }
        for c in range(CHANNELS)
    ]
    me = {
        "user": _user(BOT_ID, "Privy", bot=True),
        "roles": [],
        "nick": None,
        "joined_at": "2024-01-01T00:00:00+00:00",
        "deaf": False,
        "mute": False,
        "flags": 0,
    }
    return {
        "id": str(gid),
        "name": f"server {k}",
        "owner_id": str(OWNER_ID),
        "unavailable": False,
        "member_count": 500,
        "roles": roles,
        "members": [me],
        "channels": channels,
        "threads": [],
        "emojis": [],
        "stickers": [],
        "features": [],
        "voice_states": [],
        "presences": [],
        "preferred_locale": "en-US",
        "joined_at": "2024-01-01T00:00:00+00:00",
        "large": False,
    }


class Compressor:
    """One gateway connection's stream compressor (zlib-stream with a sync flush per frame, or zstd)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        if kind == "zstd-stream":
            import zstandard  # only when the bot has discord.py's speed extras

            self._zstd = zstandard.ZstdCompressor().compressobj()
            self._flush = zstandard.COMPRESSOBJ_FLUSH_BLOCK
        else:
            self._zlib = zlib.compressobj()

    def __call__(self, text: str) -> bytes:
        raw = text.encode()
        if self.kind == "zstd-stream":
            return self._zstd.compress(raw) + self._zstd.flush(self._flush)
        return self._zlib.compress(raw) + self._zlib.flush(zlib.Z_SYNC_FLUSH)


@dataclass
class Shard:
    """One identified gateway connection."""

    shard_id: int
    ws: web.WebSocketResponse
    compress: Compressor
    seq: int = 0
    ready: bool = False

    async def send(self, event: str | None, data: Any, op: int = 0) -> None:
        self.seq += 1 if op == 0 else 0
        frame = {"op": op, "d": data, "s": self.seq if op == 0 else None, "t": event}
        await self.ws.send_bytes(self.compress(json.dumps(frame, separators=(",", ":"))))

    async def send_raw(self, event: str, body: str) -> None:
        """A dispatch whose data is already JSON text (the flood: no dumps per message)."""
        self.seq += 1
        await self.ws.send_bytes(self.compress(f'{{"op":0,"s":{self.seq},"t":"{event}","d":{body}}}'))


@dataclass
class FakeGateway:
    """The fake: `servers` servers over `shard_count` shards, `max_concurrency` logins per 5 s."""

    servers: int
    shard_count: int
    max_concurrency: int = 16
    shards: dict[int, Shard] = field(default_factory=dict)
    port: int = 0
    started: dict[str, float] = field(default_factory=dict)  # interaction id -> when it was sent
    answered: dict[str, float] = field(default_factory=dict)  # interaction id -> when its callback came
    sent: int = 0  # server messages pushed
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1 << 40))

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get(API + "/users/@me", self._me)
        app.router.add_get(API + "/oauth2/applications/@me", self._app_info)
        app.router.add_get(API + "/gateway/bot", self._gateway_bot)
        app.router.add_post(API + "/interactions/{iid}/{token}/callback", self._callback)
        app.router.add_route("*", API + "/webhooks/{app}/{token}{rest:.*}", self._webhook)
        app.router.add_get("/gateway", self._gateway)
        return app

    @property
    def ready(self) -> bool:
        return len(self.shards) == self.shard_count and all(s.ready for s in self.shards.values())

    # ---- REST ---------------------------------------------------------------------------------
    async def _me(self, request: web.Request) -> web.Response:
        return _json({**_user(BOT_ID, "Privy", bot=True), "verified": True, "flags": 0})

    async def _app_info(self, request: web.Request) -> web.Response:
        return _json(
            {
                "id": str(APP_ID),
                "name": "Privy",
                "icon": None,
                "description": "",
                "bot_public": True,
                "bot_require_code_grant": False,
                "flags": 0,
                "owner": _user(OWNER_ID, "owner"),
                "team": None,
                "verify_key": "0",
            }
        )

    async def _gateway_bot(self, request: web.Request) -> web.Response:
        limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": self.max_concurrency}
        url = f"ws://127.0.0.1:{self.port}/gateway"
        return _json({"url": url, "shards": self.shard_count, "session_start_limit": limit})

    async def _callback(self, request: web.Request) -> web.Response:
        iid = request.match_info["iid"]
        self.answered.setdefault(iid, time.monotonic())
        body = await request.json() if request.content_type == "application/json" else {}
        ctype = int(body.get("type") or 4)
        message = self._message()
        return _json(
            {
                "interaction": {
                    "id": iid,
                    "type": 2,
                    "response_message_id": message["id"],
                    "response_message_loading": ctype == 5,
                    "response_message_ephemeral": True,
                },
                "resource": {"type": ctype, "message": message},
            }
        )

    def _message(self) -> dict[str, Any]:
        return {
            "id": str(next(self._ids)),
            "channel_id": "1",
            "type": 20,
            "content": "",
            "embeds": [],
            "author": _user(BOT_ID, "Privy", bot=True),
            "attachments": [],
            "mentions": [],
            "mention_roles": [],
            "pinned": False,
            "mention_everyone": False,
            "tts": False,
            "timestamp": "2026-12-07T00:00:00+00:00",
            "edited_timestamp": None,
            "flags": 0,
        }

    async def _webhook(self, request: web.Request) -> web.Response:
        await request.read()
        return _json(self._message())

    # ---- gateway ------------------------------------------------------------------------------
    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0, compress=False)
        await ws.prepare(request)
        compress = Compressor(request.query.get("compress", "zlib-stream"))
        hello = Shard(-1, ws, compress)
        await hello.send(None, {"heartbeat_interval": HEARTBEAT_MS}, op=10)
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            frame = json.loads(msg.data)
            if frame.get("op") == 1:
                await hello.send(None, None, op=11)
            elif frame.get("op") == 2:
                shard_id = int((frame["d"].get("shard") or [0, 1])[0])
                shard = Shard(shard_id, ws, compress)
                self.shards[shard_id] = shard
                hello = shard
                asyncio.get_running_loop().create_task(self._ready(shard))
        return ws

    async def _ready(self, shard: Shard) -> None:
        mine = range(shard.shard_id, self.servers, self.shard_count)
        await shard.send(
            "READY",
            {
                "v": 10,
                "user": {**_user(BOT_ID, "Privy", bot=True), "verified": True, "flags": 0},
                "guilds": [{"id": str(guild_id(k)), "unavailable": True} for k in mine],
                "session_id": f"session-{shard.shard_id}",
                "resume_gateway_url": f"ws://127.0.0.1:{self.port}/gateway",
                "application": {"id": str(APP_ID), "flags": 0},
                "shard": [shard.shard_id, self.shard_count],
                "private_channels": [],
                "relationships": [],
                "presences": [],
                "user_settings": {},
            },
        )
        for k in mine:
            await shard.send("GUILD_CREATE", guild_payload(k))
        shard.ready = True

    # ---- load ---------------------------------------------------------------------------------
    def message_bodies(self, count: int = 2000) -> list[tuple[int, str]]:
        """Pre-built chatter: (shard, MESSAGE_CREATE data as JSON), mentioning no one."""
        rng = random.Random(7)
        bodies = []
        for n in range(count):
            k = rng.randrange(self.servers)
            gid = guild_id(k)
            author = _user(800_000_000_000 + rng.randrange(PEOPLE * 50), f"person{n % 97}")
            member = {
                "roles": [str(gid + 10 + rng.randrange(1, ROLES))],
                "nick": None,
                "deaf": False,
                "mute": False,
                "flags": 0,
                "joined_at": "2024-01-01T00:00:00+00:00",
            }
            data = {
                "id": str(1_300_000_000_000_000_000 + n),
                "channel_id": str(gid + 100 + 1 + rng.randrange(CHANNELS - 1)),
                "guild_id": str(gid),
                "author": author,
                "member": member,
                "content": "did anyone see the match last night? " + "x" * rng.randrange(5, 60),
                "timestamp": "2026-12-07T10:00:00+00:00",
                "edited_timestamp": None,
                "tts": False,
                "mention_everyone": False,
                "mentions": [],
                "mention_roles": [],
                "attachments": [],
                "embeds": [],
                "components": [],
                "pinned": False,
                "type": 0,
                "flags": 0,
            }
            bodies.append((k % self.shard_count, json.dumps(data, separators=(",", ":"))))
        return bodies

    async def flood(self, rate: float, seconds: float, bodies: list[tuple[int, str]]) -> float:
        """Push chatter at `rate` a second for `seconds`; returns the rate actually delivered (a bot that
        cannot keep up slows the sender through the socket)."""
        start = time.monotonic()
        sent = 0
        pool = itertools.cycle(bodies)
        tick = 0.005
        while (now := time.monotonic()) - start < seconds:
            due = int(rate * (now - start)) - sent
            for _ in range(max(0, due)):
                shard_no, body = next(pool)
                await self.shards[shard_no].send_raw("MESSAGE_CREATE", body)
                sent += 1
            await asyncio.sleep(tick)
        self.sent += sent
        return sent / (time.monotonic() - start)

    async def ask(self, question: str, k: int) -> str:
        """A member runs /ask in server k; returns the interaction's id (its answer time is recorded)."""
        gid = guild_id(k)
        iid = str(next(self._ids))
        user = _user(800_000_000_000 + k, "asker")
        payload = {
            "id": iid,
            "application_id": str(APP_ID),
            "type": 2,
            "token": f"token-{iid}",
            "version": 1,
            "data": {
                "id": "1",
                "name": "ask",
                "type": 1,
                "options": [{"name": "question", "type": 3, "value": question}],
            },
            "guild_id": str(gid),
            "guild_locale": "en-US",
            "locale": "en-US",
            "context": 0,
            "entitlements": [],
            "guild": {"id": str(gid), "locale": "en-US", "features": []},
            "channel_id": str(gid + 101),
            "app_permissions": "104324673",
            "channel": {
                "id": str(gid + 101),
                "type": 0,
                "guild_id": str(gid),
                "name": "channel-1",
                "position": 1,
                "permission_overwrites": [],
                "nsfw": False,
                "parent_id": None,
                "permissions": "104324673",
            },
            "member": {
                "user": user,
                "roles": [],
                "nick": None,
                "deaf": False,
                "mute": False,
                "flags": 0,
                "joined_at": "2024-01-01T00:00:00+00:00",
                "permissions": "104324673",
            },
            "attachment_size_limit": 10485760,
            "authorizing_integration_owners": {"0": str(gid)},
        }
        self.started[iid] = time.monotonic()
        await self.shards[k % self.shard_count].send("INTERACTION_CREATE", payload)
        return iid
