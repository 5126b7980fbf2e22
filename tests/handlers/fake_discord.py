"""A small fake Discord (REST + gateway) on 127.0.0.1 for driving a real discord.py bot in tests.

Start it, point discord.py at it (see conftest.py), then act as users with the driver methods
(`user_message`, `slash`, `click`, `submit_modal`, `autocomplete`, `context_menu`) and assert on the
bot's REST calls (`Call` records). Everything the bot sends is checked against Discord's limits;
rejections are answered with Discord-style errors and kept in `violations`.

    async def test_reply(fake: FakeDiscord, start_bot: StartBot) -> None:   # fixtures from conftest.py
        await start_bot(my_bot)
        mid = await fake.user_message("hello", author="alice")            # MESSAGE_CREATE mentioning the bot
        reply = await fake.reply_to(mid)                                  # the bot's POST .../messages
        assert reply.content == "..." and reply.allowed_mentions == {"parse": []}
        handle = await fake.slash("ask", {"question": "..."}, user="mod")
        answer = await handle.answer()                                    # callback, or followup after defer
        assert answer.ephemeral
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import logging
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import quote

from aiohttp import WSMsgType, web
from fake_actions import ChannelRef, UserActions
from fake_driver import FakeDiscordError
from fake_http import error_body, json_response
from fake_interactions import InteractionApi
from fake_records import (
    DEFAULT_TIMEOUT,
    EPHEMERAL,
    MESSAGE_KINDS,
    Call,
    InteractionHandle,
    SentFile,
    Upload,
    Violation,
)
from fake_rest import RestApi
from fake_state import (
    INTENT_DIRECT_MESSAGES,
    INTENT_GUILD_MESSAGES,
    FakeChannel,
    FakeRole,
    FakeUser,
    SnowflakeGen,
    World,
)

__all__ = ["Call", "FakeDiscord", "FakeDiscordError", "InteractionHandle", "Upload", "Violation"]

log = logging.getLogger("fake_discord")
T = TypeVar("T")


class GatewaySession:
    """One websocket connection; dispatches carry increasing sequence numbers."""

    def __init__(self, ws: web.WebSocketResponse, number: int) -> None:
        self.ws = ws
        self.session_id = f"fake-session-{number}"
        self.seq = 0
        self.ready = False
        self.intents = 0
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


class FakeDiscord(UserActions):
    """Fake Discord server plus the driver API tests use to act as users."""

    def __init__(self, world: World | None = None) -> None:
        self.world = world or World.default(SnowflakeGen())
        self.ids = self.world.ids
        self.application_id = self.world.bot_user.id
        self.app_owner: FakeUser = self.world.owner
        self.calls: list[Call] = []
        self.violations: list[Violation] = []
        self.unhandled: list[str] = []
        self.log_errors: list[str] = []
        self.messages: dict[int, dict[str, Any]] = {}
        self.deleted_messages: dict[int, dict[str, Any]] = {}
        self.attachments: dict[int, SentFile] = {}
        self.commands: dict[int | None, dict[str, dict[str, Any]]] = {}
        self.interactions: dict[int, InteractionHandle] = {}
        self.tokens: dict[str, InteractionHandle] = {}
        self.modals: dict[str, tuple[dict[str, Any], InteractionHandle]] = {}
        self.identify: dict[str, Any] | None = None
        self.gateway_queries: list[dict[str, str]] = []
        self.interaction_deadline = 3.0
        self.echo_bot_messages = True
        self.enforce_intents = True
        self.heartbeat_interval_ms = 41250
        self.bot: Any = None
        self.port = 0
        self._sessions: list[GatewaySession] = []
        self._session_count = 0
        self._tasks: set[asyncio.Task[Any]] = set()
        self._cond: asyncio.Condition | None = None
        self._runner: web.AppRunner | None = None
        self._user_mark = 0

    # ----------------------------------------------------------------- lifecycle

    @property
    def http_base(self) -> str:
        """http://127.0.0.1:PORT"""
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base(self) -> str:
        """Value for discord.http.Route.BASE."""
        return f"{self.http_base}/api/v10"

    @property
    def gateway_url(self) -> str:
        """Value for DiscordWebSocket.DEFAULT_GATEWAY."""
        return f"ws://127.0.0.1:{self.port}/gateway"

    async def start(self) -> FakeDiscord:
        """Serve on a random free port of 127.0.0.1."""
        self._cond = asyncio.Condition()
        app = web.Application(middlewares=[self._middleware], client_max_size=64 * 1024 * 1024)
        rest = RestApi(self)
        app.router.add_get("/gateway", self._gateway)
        app.add_routes(InteractionApi(self).routes())
        app.add_routes(rest.routes())
        app.router.add_route("*", "/{tail:.*}", rest.unknown)  # last: anything unmodelled is loud
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
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

    async def __aenter__(self) -> FakeDiscord:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def loop_time(self) -> float:
        """Monotonic clock used for interaction deadlines."""
        return asyncio.get_running_loop().time()

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Callable[..., Any]) -> web.StreamResponse:
        """Require a bot token on the API; turn harness crashes into loud, non-retried 400s."""
        path = request.path
        tokenless = ("/api/v10/webhooks/", "/api/v10/interactions/")
        authorized = request.headers.get("Authorization", "").startswith("Bot ")
        if path.startswith("/api/") and not path.startswith(tokenless) and not authorized:
            return json_response(error_body(0, "401: Unauthorized"), 401)
        try:
            return await handler(request)
        except web.HTTPException:
            raise
        except (
            Exception
        ) as exc:  # a bug in the fake must not look like a Discord 5xx (discord.py retries those)
            log.exception("fake discord crashed on %s %s", request.method, path)
            self.unhandled.append(f"{request.method} {path}: crashed with {exc!r}")
            return json_response(error_body(0, f"fake discord crashed: {exc!r}"), 400)

    # ----------------------------------------------------------------- gateway

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        """Gateway: HELLO, IDENTIFY -> READY + GUILD_CREATE, heartbeats, member chunks. Text frames only
        (discord.py asks for zlib-stream but only decompresses binary frames)."""
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        self._session_count += 1
        session = GatewaySession(ws, self._session_count)
        self._sessions.append(session)
        self.gateway_queries.append(dict(request.query))
        try:
            await session.send({"op": 10, "d": {"heartbeat_interval": self.heartbeat_interval_ms}})
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                frame = json.loads(msg.data)
                op, data = frame.get("op"), frame.get("d")
                if op == 1:
                    await session.send({"op": 11})
                elif op == 2:
                    await self._on_identify(session, data)
                elif op == 6:  # RESUME: sessions are not kept, ask for a fresh IDENTIFY
                    await session.send({"op": 9, "d": False})
                elif op == 8:
                    await self._on_request_members(session, data)
        finally:
            self._sessions.remove(session)
        return ws

    async def _on_identify(self, session: GatewaySession, data: dict[str, Any]) -> None:
        self.identify = data
        session.intents = int(data.get("intents") or 0)
        guild = self.world.guild
        ready: dict[str, Any] = {
            "v": 10,
            "user": {**self.world.bot_user.payload(), "verified": True, "mfa_enabled": False, "flags": 0},
            "guilds": [{"id": str(guild.id), "unavailable": True}],
            "session_id": session.session_id,
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(self.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "user_settings": {},
        }
        if data.get("shard") is not None:
            ready["shard"] = data["shard"]
        await session.dispatch("READY", ready)
        session.ready = True
        await session.dispatch("GUILD_CREATE", guild.payload())

    async def _on_request_members(self, session: GatewaySession, data: dict[str, Any]) -> None:
        members = list(self.world.guild.members.values())
        if data.get("user_ids"):
            wanted = {int(u) for u in data["user_ids"]}
            members = [m for m in members if m.user.id in wanted]
        elif data.get("query"):
            members = [m for m in members if m.user.username.lower().startswith(data["query"].lower())]
        if data.get("limit"):
            members = members[: data["limit"]]
        await session.dispatch(
            "GUILD_MEMBERS_CHUNK",
            {
                "guild_id": str(self.world.guild.id),
                "members": [m.payload() for m in members],
                "chunk_index": 0,
                "chunk_count": 1,
                "not_found": [],
                "nonce": data.get("nonce"),
            },
        )

    def _ready_sessions(self) -> list[GatewaySession]:
        return [s for s in self._sessions if s.ready and not s.ws.closed]

    @property
    def intents(self) -> int:
        """Intents the bot identified with (0 before IDENTIFY)."""
        return int((self.identify or {}).get("intents") or 0)

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a gateway event to the connected bot."""
        sessions = self._ready_sessions()
        if not sessions:
            raise FakeDiscordError(
                f"cannot dispatch {event}: no bot is connected (start it with running_bot)"
            )
        for session in sessions:
            await session.dispatch(event, data)

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _echo_message_create(self, msg: dict[str, Any]) -> None:
        """Discord also sends the bot its own (non-ephemeral) messages as MESSAGE_CREATE."""
        if not self.echo_bot_messages or int(msg.get("flags") or 0) & EPHEMERAL or not self._ready_sessions():
            return
        needed = INTENT_GUILD_MESSAGES if "guild_id" in msg else INTENT_DIRECT_MESSAGES
        if not self.intents & needed:
            return
        data = copy.deepcopy(msg)
        if "guild_id" in msg:
            data["member"] = self.world.guild.members[self.world.bot_user.id].payload(with_user=False)
        self._spawn(self._quiet_dispatch("MESSAGE_CREATE", data))

    async def _quiet_dispatch(self, event: str, data: dict[str, Any]) -> None:
        with contextlib.suppress(FakeDiscordError, ConnectionError, RuntimeError):
            await self.dispatch(event, data)

    # ----------------------------------------------------------------- records & waiting

    async def _record(self, call: Call) -> None:
        self.calls.append(call)
        if call.interaction is not None:
            call.interaction.calls.append(call)
        assert self._cond is not None
        async with self._cond:
            self._cond.notify_all()

    def _store_file(self, filename: str, data: bytes, content_type: str | None) -> dict[str, Any]:
        aid = self.ids.next()
        self.attachments[aid] = SentFile("", filename, data, content_type)
        url = f"{self.http_base}/attachments/{aid}/{quote(filename)}"
        return {
            "id": str(aid),
            "filename": filename,
            "size": len(data),
            "url": url,
            "proxy_url": url,
            "content_type": content_type or "application/octet-stream",
        }

    def _delete_message(self, message_id: int) -> None:
        msg = self.messages.pop(message_id, None)
        if msg is not None:
            self.deleted_messages[message_id] = msg

    def diagnostics(self) -> str:
        """Recent calls, violations, unhandled routes and logged errors (for failure messages)."""
        lines = ["recent calls:"] + [f"  {c!r}" for c in self.calls[-8:]]
        lines += ["violations:"] + [f"  {v}" for v in self.violations]
        lines += ["unhandled:"] + [f"  {u}" for u in self.unhandled]
        lines += ["errors logged while the bot ran:"] + [f"  {e}" for e in self.log_errors[-5:]]
        return "\n".join(lines)

    async def _wait(self, check: Callable[[], T | None], timeout: float, what: str) -> T:
        assert self._cond is not None
        try:
            async with self._cond:
                return await asyncio.wait_for(self._cond.wait_for(check), timeout)  # type: ignore[arg-type]
        except TimeoutError:
            raise FakeDiscordError(
                f"timed out after {timeout}s waiting for {what}\n{self.diagnostics()}"
            ) from None

    async def wait_for(
        self, predicate: Callable[[Call], bool], timeout: float = DEFAULT_TIMEOUT, *, since: int = 0
    ) -> Call:
        """First call (from index `since` of `calls`, past or future) matching `predicate`."""
        return await self._wait(
            lambda: next((c for c in self.calls[since:] if predicate(c)), None),
            timeout,
            "a call matching the predicate",
        )

    def mark(self) -> int:
        """Current position in `calls`, for `since=`."""
        return len(self.calls)

    async def next_message(
        self, channel: ChannelRef | None = None, *, since: int | None = None, timeout: float = DEFAULT_TIMEOUT
    ) -> Call:
        """Next channel message the bot posts (by default after the last driver action)."""
        channel_id = None if channel is None else self._channel(channel, None).id
        start = self._user_mark if since is None else since
        return await self._wait(
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

        return await self._wait(check, timeout, f"a reply to message {message_id}")

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

    def messages_in(self, channel: ChannelRef, *, include_ephemeral: bool = False) -> list[dict[str, Any]]:
        """Stored messages of a channel (users' and the bot's), oldest first."""
        return self.channel_messages(self._channel(channel, None), include_ephemeral=include_ephemeral)

    def channel_messages(
        self, channel: FakeChannel, *, include_ephemeral: bool = False
    ) -> list[dict[str, Any]]:
        """Stored messages of a channel object, oldest first."""
        return [
            m
            for _, m in sorted(self.messages.items())
            if int(m["channel_id"]) == channel.id
            and (include_ephemeral or not int(m.get("flags") or 0) & EPHEMERAL)
        ]

    # ----------------------------------------------------------------- world shortcuts

    @property
    def guild(self) -> Any:
        """The guild model."""
        return self.world.guild

    @property
    def bot_user(self) -> FakeUser:
        """The bot's user."""
        return self.world.bot_user

    @property
    def users(self) -> dict[str, FakeUser]:
        """Users by name: owner, alice, bob, mod (Moderators), manager (Manage Server)."""
        return self.world.users

    @property
    def channel(self) -> FakeChannel:
        """#general."""
        return self.world.guild.channel("general")

    def role(self, name: str) -> FakeRole:
        """Role by name ("@everyone", "Moderators", "Server Managers", "Privy")."""
        return self.world.guild.role(name)
