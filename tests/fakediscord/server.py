"""The fake Discord server: an aiohttp app on 127.0.0.1 with the REST routes and a gateway websocket.

It records what the bot sends (`calls`, `messages`, `commands`) and lets a test wait for it
(`reply_to`, `next_message`, `assert_silent`); what users do is added by users.py and commands.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from aiohttp import WSMsgType, web

from tests.fakediscord.interactions import InteractionRoutes
from tests.fakediscord.records import (
    DEFAULT_TIMEOUT,
    EPHEMERAL,
    MESSAGE_KINDS,
    Call,
    FakeDiscordError,
    InteractionHandle,
    SentFile,
    Violation,
)
from tests.fakediscord.rest import API, Rest, error_body, json_response
from tests.fakediscord.world import (
    INTENT_DIRECT_MESSAGES,
    INTENT_GUILD_MESSAGES,
    ChannelRef,
    FakeChannel,
    FakeGuild,
    FakeRole,
    FakeUser,
    SnowflakeGen,
    World,
)

log = logging.getLogger(__name__)
T = TypeVar("T")
HEARTBEAT_MS = 41250


class GatewaySession:
    """One websocket connection; dispatches carry increasing sequence numbers."""

    def __init__(self, ws: web.WebSocketResponse, number: int) -> None:
        self.ws = ws
        self.session_id = f"fake-session-{number}"
        self.seq = 0
        self.ready = False
        self.lock = asyncio.Lock()

    async def send(self, payload: dict[str, Any]) -> None:
        """Send a non-dispatch opcode."""
        async with self.lock:
            await self.ws.send_str(json.dumps(payload))

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a DISPATCH (op 0) with the next sequence number."""
        async with self.lock:
            self.seq += 1
            await self.ws.send_str(json.dumps({"op": 0, "t": event, "s": self.seq, "d": data}))


class FakeServer:
    """The server: routes, gateway, what the bot sent, and waiting for it (users act in users.py)."""

    def __init__(self) -> None:
        self.world = World.default(SnowflakeGen())
        self.ids = self.world.ids
        self.application_id = self.world.bot_user.id
        self.calls: list[Call] = []
        self.violations: list[Violation] = []
        self.unhandled: list[str] = []
        self.log_errors: list[str] = []
        self.messages: dict[int, dict[str, Any]] = {}
        self.attachments: dict[int, SentFile] = {}
        self.commands: dict[
            int | None, dict[str, dict[str, Any]]
        ] = {}  # scope (guild id or None) -> id -> command
        self.interactions: dict[int, InteractionHandle] = {}
        self.tokens: dict[str, InteractionHandle] = {}
        self.modals: dict[str, tuple[dict[str, Any], InteractionHandle]] = {}
        self.identify: dict[str, Any] | None = None
        self.identified_at: list[tuple[float, int]] = []  # (monotonic time, shard id) of each IDENTIFY
        self.max_concurrency = 1  # what GET /gateway/bot says: logins Discord allows per 5 s
        self.interaction_deadline = 3.0
        self.bot: Any = None
        self.port = 0
        self.rest = Rest(self)
        self._sessions: list[GatewaySession] = []
        self._tasks: set[asyncio.Task[Any]] = set()
        self._cond: asyncio.Condition | None = None
        self._runner: web.AppRunner | None = None
        self._user_mark = 0

    # ------------------------------------------------------------------ lifecycle

    @property
    def http_base(self) -> str:
        """http://127.0.0.1:PORT"""
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base(self) -> str:
        """Value for discord.http.Route.BASE."""
        return self.http_base + API

    @property
    def gateway_url(self) -> str:
        """Value for DiscordWebSocket.DEFAULT_GATEWAY."""
        return f"ws://127.0.0.1:{self.port}/gateway"

    async def start(self) -> FakeServer:
        """Serve on a free port of 127.0.0.1."""
        self._cond = asyncio.Condition()
        app = web.Application(middlewares=[self._middleware], client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway)
        app.add_routes(self.rest.routes())
        app.add_routes(InteractionRoutes(self).routes())
        app.router.add_route("*", "/{tail:.*}", self.rest.unknown)  # last: anything unmodelled is loud
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = self._runner.addresses[0][1]
        return self

    async def close(self) -> None:
        """Close websockets, cancel pending echoes, stop the server."""
        for task in list(self._tasks):
            task.cancel()
        for session in list(self._sessions):
            await session.ws.close(code=1001)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def loop_time(self) -> float:
        """Monotonic clock used for interaction deadlines."""
        return asyncio.get_running_loop().time()

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Callable[..., Any]) -> web.StreamResponse:
        """Require a bot token on the API; turn a crash of the fake into a loud, non-retried 400."""
        tokenless = (API + "/webhooks/", API + "/interactions/")
        authorized = request.headers.get("Authorization", "").startswith("Bot ")
        if request.path.startswith(API) and not request.path.startswith(tokenless) and not authorized:
            return json_response(error_body(0, "401: Unauthorized"), 401)
        try:
            return await handler(request)
        except web.HTTPException:
            raise
        except (
            Exception
        ) as exc:  # a bug in the fake must not look like a Discord 5xx (discord.py retries those)
            log.exception("fake discord crashed on %s %s", request.method, request.path)
            self.unhandled.append(f"{request.method} {request.path}: crashed with {exc!r}")
            return json_response(error_body(0, f"fake discord crashed: {exc!r}"), 400)

    # ------------------------------------------------------------------ gateway

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        """HELLO; IDENTIFY -> READY + GUILD_CREATE; heartbeats. Text frames only (discord.py asks for
        zlib-stream but only decompresses binary frames)."""
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        session = GatewaySession(ws, len(self._sessions) + 1)
        self._sessions.append(session)
        try:
            await session.send({"op": 10, "d": {"heartbeat_interval": HEARTBEAT_MS}})
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                frame = json.loads(msg.data)
                if frame.get("op") == 1:
                    await session.send({"op": 11})
                elif frame.get("op") == 2:
                    await self._on_identify(session, frame["d"])
        finally:
            self._sessions.remove(session)
        return ws

    async def _on_identify(self, session: GatewaySession, data: dict[str, Any]) -> None:
        self.identify = data
        self.identified_at.append((time.monotonic(), int((data.get("shard") or [0])[0])))
        ready: dict[str, Any] = {
            "v": 10,
            "user": {**self.world.bot_user.payload(), "verified": True, "mfa_enabled": False, "flags": 0},
            "guilds": [{"id": str(g.id), "unavailable": True} for g in self.world.guilds],
            "session_id": session.session_id,
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(self.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "user_settings": {},
        }
        if "shard" in data:  # an AutoShardedBot identifies as [shard id, shard count]
            ready["shard"] = data["shard"]
        await session.dispatch("READY", ready)
        session.ready = True
        for guild in self.world.guilds:
            await session.dispatch("GUILD_CREATE", guild.payload())

    @property
    def intents(self) -> int:
        """Intents the bot identified with (0 before IDENTIFY)."""
        return int((self.identify or {}).get("intents") or 0)

    @property
    def connected(self) -> bool:
        """True once a bot has identified and is still connected."""
        return any(s.ready and not s.ws.closed for s in self._sessions)

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a gateway event to the connected bot."""
        sessions = [s for s in self._sessions if s.ready and not s.ws.closed]
        if not sessions:
            raise FakeDiscordError(f"cannot dispatch {event}: no bot is connected (start it with start_bot)")
        for session in sessions:
            await session.dispatch(event, data)

    def echo(self, msg: dict[str, Any]) -> None:
        """Discord also sends the bot its own (non-ephemeral) messages as MESSAGE_CREATE."""
        if int(msg.get("flags") or 0) & EPHEMERAL or not self.connected:
            return
        if not self.intents & (INTENT_GUILD_MESSAGES if "guild_id" in msg else INTENT_DIRECT_MESSAGES):
            return
        data = copy.deepcopy(msg)
        if "guild_id" in msg:
            guild = self.world.find_guild(int(msg["guild_id"]))
            data["member"] = guild.members[self.world.bot_user.id].payload(with_user=False)
        task = asyncio.get_running_loop().create_task(self._quiet_dispatch("MESSAGE_CREATE", data))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _quiet_dispatch(self, event: str, data: dict[str, Any]) -> None:
        with contextlib.suppress(FakeDiscordError, ConnectionError, RuntimeError):
            await self.dispatch(event, data)

    # ------------------------------------------------------------------ records and waiting

    async def record(self, call: Call) -> None:
        """Keep a call and wake whoever waits for one."""
        self.calls.append(call)
        if call.interaction is not None:
            call.interaction.calls.append(call)
        assert self._cond is not None
        async with self._cond:
            self._cond.notify_all()

    def diagnostics(self) -> str:
        """Recent calls, violations, unhandled routes and logged errors (for failure messages)."""
        lines = ["recent calls:"] + [f"  {c!r}" for c in self.calls[-8:]]
        lines += ["violations:"] + [f"  {v}" for v in self.violations]
        lines += ["unhandled:"] + [f"  {u}" for u in self.unhandled]
        lines += ["errors logged while the bot ran:"] + [f"  {e}" for e in self.log_errors[-5:]]
        return "\n".join(lines)

    async def wait(self, check: Callable[[], T | None], timeout: float, what: str) -> T:
        """The first non-None result of `check`, re-evaluated whenever a call is recorded."""
        assert self._cond is not None
        try:
            async with self._cond:
                return await asyncio.wait_for(self._cond.wait_for(check), timeout)  # type: ignore[arg-type]
        except TimeoutError:
            raise FakeDiscordError(
                f"timed out after {timeout}s waiting for {what}\n{self.diagnostics()}"
            ) from None

    def mark(self) -> int:
        """Current position in `calls`, for `since=`."""
        return len(self.calls)

    async def next_message(
        self, channel: ChannelRef | None = None, *, since: int | None = None, timeout: float = DEFAULT_TIMEOUT
    ) -> Call:
        """Next channel message the bot posts (by default after the last driver action)."""
        channel_id = None if channel is None else self.world.channel(channel).id
        start = self._user_mark if since is None else since
        return await self.wait(
            lambda: next(
                (c for c in self.calls[start:] if c.kind == "message" and channel_id in (None, c.channel_id)),
                None,
            ),
            timeout,
            f"a bot message in channel {channel_id}",
        )

    async def reply_to(self, message_id: int, timeout: float = DEFAULT_TIMEOUT) -> Call:
        """The bot's message replying to `message_id` (its message_reference points there)."""

        def check() -> Call | None:
            for call in self.calls:
                ref = call.message_reference or {}
                if call.kind == "message" and str(ref.get("message_id")) == str(message_id):
                    return call
            return None

        return await self.wait(check, timeout, f"a reply to message {message_id}")

    async def assert_silent(self, seconds: float = 0.3, *, since: int | None = None) -> None:
        """Wait `seconds` and fail if the bot sent or edited anything since the last driver action."""
        start = self._user_mark if since is None else since
        await asyncio.sleep(seconds)
        sent = [c for c in self.calls[start:] if c.kind in MESSAGE_KINDS]
        if sent:
            raise FakeDiscordError(f"expected silence, but the bot sent: {sent}")

    def take_violations(self) -> list[Violation]:
        """Return and clear the recorded violations (the fixture fails on leftovers)."""
        taken, self.violations = self.violations, []
        return taken

    # ------------------------------------------------------------------ world shortcuts

    @property
    def guild(self) -> FakeGuild:
        """The guild."""
        return self.world.guild

    @property
    def bot_user(self) -> FakeUser:
        """The bot's user."""
        return self.world.bot_user

    @property
    def users(self) -> dict[str, FakeUser]:
        """Users by name: owner, alice, bob, mod (Moderators), manager (Manage Server), and those added."""
        return self.world.users

    @property
    def channel(self) -> FakeChannel:
        """#general."""
        return self.world.channel("general")

    def role(self, name: str, guild: FakeGuild | str | int | None = None) -> FakeRole:
        """Role by name ("@everyone", "Moderators", "Server Managers", "Privy"), of the first guild or `guild`."""
        return self.world.find_guild(guild).role(name)
