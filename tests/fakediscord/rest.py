"""The REST routes Privy calls (found by logging every route its tests hit), with Discord's checks.

Here: login (`/users/@me`, `/oauth2/applications/@me`), command sync (bulk PUT, global and guild),
channel messages (replies) and attachment downloads, plus the helpers and message store that
interactions.py shares. Anything else is answered 404 and recorded in `fake.unhandled`, failing the test.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from aiohttp import BodyPartReader, web

from tests.fakediscord import limits
from tests.fakediscord.records import EPHEMERAL, LOADING, Call, InteractionHandle, SentFile, Violation
from tests.fakediscord.world import (
    ATTACH_FILES,
    EMBED_LINKS,
    MANAGE_MESSAGES,
    NEWS_CHANNEL,
    READ_MESSAGE_HISTORY,
    SEND_MESSAGES,
    VIEW_CHANNEL,
    FakeChannel,
    now_iso,
    snowflake_time,
)

if TYPE_CHECKING:
    from tests.fakediscord.server import FakeServer

log = logging.getLogger(__name__)

API = "/api/v10"
MAX_FILE_BYTES = 10 * 1024 * 1024


def json_response(data: Any, status: int = 200) -> web.Response:
    """JSON with `Content-Type: application/json` exactly (discord.py ignores bodies with a charset)."""
    return web.Response(body=json.dumps(data).encode(), status=status, content_type="application/json")


def error_body(code: int, message: str, problems: list[limits.Problem] | None = None) -> dict[str, Any]:
    """Discord-style error JSON."""
    body: dict[str, Any] = {"code": code, "message": message}
    if problems:
        body["errors"] = limits.nest_errors(problems)
    return body


async def read_body(request: web.Request) -> tuple[Any, list[SentFile]]:
    """Parse a JSON body, or multipart/form-data with `payload_json` and `files[n]` parts."""
    if request.content_type != "multipart/form-data":
        text = await request.text()
        return (json.loads(text) if text else None), []
    payload: Any = {}
    files: list[SentFile] = []
    async for part in await request.multipart():
        assert isinstance(part, BodyPartReader)  # discord.py never nests multiparts
        if part.name == "payload_json":
            payload = json.loads(await part.text())
        else:
            data = bytes(await part.read(decode=False))
            files.append(
                SentFile(part.name or "", part.filename or "file", data, part.headers.get("Content-Type"))
            )
    return payload, files


class Rest:
    """The route handlers; all state lives on the server."""

    def __init__(self, fake: FakeServer) -> None:
        self.fake = fake
        self.world = fake.world

    def routes(self) -> list[web.RouteDef]:
        """Every modelled route; the fake adds the loud catch-all after them."""
        return [
            web.get(API + "/users/@me", self.users_me),
            web.get(API + "/gateway/bot", self.gateway_bot),
            web.get(API + "/oauth2/applications/@me", self.app_info),
            web.put(API + "/applications/{app}/commands", self.sync_commands),
            web.put(API + "/applications/{app}/guilds/{guild}/commands", self.sync_commands),
            web.post(API + "/channels/{channel}/messages", self.create_message),
            web.post(API + "/users/@me/channels", self.create_dm),
            web.get(API + "/channels/{channel}/messages", self.channel_history),
            web.get(API + "/channels/{channel}/messages/{message}", self.get_message),
            web.post(API + "/channels/{channel}/messages/{message}/crosspost", self.crosspost),
            web.get("/attachments/{attachment}/{filename}", self.attachment),
        ]

    # ------------------------------------------------------------------ recording and refusing

    def _call(
        self, kind: str, request: web.Request, body: Any, files: list[SentFile], payload: Any = None
    ) -> Call:
        payload = payload if payload is not None else body if isinstance(body, dict) else {}
        return Call(kind, request.method, request.path, body, payload, files)

    async def _finish(self, call: Call, result: Any, status: int = 200) -> web.Response:
        """Record the call and answer it (None: 204)."""
        call.status = status
        await self.fake.record(call)
        if status >= 400:
            return json_response(call.error, status)
        return web.Response(status=204) if result is None else json_response(result, status)

    async def _reject(
        self,
        call: Call,
        status: int,
        code: int,
        message: str,
        problems: list[limits.Problem] | None = None,
        kind: str | None = None,
    ) -> web.Response:
        """Answer with a Discord error and record a violation (the fixture fails on leftovers)."""
        call.error = error_body(code, message, problems)
        route = f"{call.method} {call.path}"
        self.fake.violations.append(
            Violation(kind or call.kind, route, problems or [("", message)], call.body)
        )
        log.warning("fake discord rejected %s: %s %s", route, message, problems or "")
        return await self._finish(call, None, status)

    def _limit_problems(
        self, payload: dict[str, Any], files: list[SentFile], *, partial: bool = False, path: str = ""
    ) -> list[limits.Problem]:
        problems = limits.check_message(payload, path, partial=partial, files=len(files))
        return problems + [
            (f.field, f"File too large ({len(f.data)} > {MAX_FILE_BYTES} bytes)")
            for f in files
            if len(f.data) > MAX_FILE_BYTES
        ]

    # ------------------------------------------------------------------ the message store

    def store_file(self, filename: str, data: bytes, content_type: str | None) -> dict[str, Any]:
        """Keep an uploaded file and return its attachment object (its url serves the bytes)."""
        aid = self.fake.ids.next()
        self.fake.attachments[aid] = SentFile("", filename, data, content_type)
        url = f"{self.fake.http_base}/attachments/{aid}/{quote(filename)}"
        ctype = content_type or "application/octet-stream"
        return {
            "id": str(aid),
            "filename": filename,
            "size": len(data),
            "url": url,
            "proxy_url": url,
            "content_type": ctype,
        }

    def _new_message(
        self,
        channel: FakeChannel,
        payload: dict[str, Any],
        files: list[SentFile],
        *,
        flags: int,
        interaction: InteractionHandle | None = None,
    ) -> dict[str, Any]:
        """Store a message the bot created and return it."""
        mid = self.fake.ids.next()
        msg: dict[str, Any] = {
            "id": str(mid),
            "channel_id": str(channel.id),
            "author": self.world.bot_user.payload(),
            "content": payload.get("content") or "",
            "timestamp": snowflake_time(mid),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [self.store_file(f.filename, f.data, f.content_type) for f in files],
            "embeds": [{"type": "rich", **e} for e in payload.get("embeds") or []],
            "components": payload.get("components") or [],
            "pinned": False,
            "type": 0,
            "flags": flags,
        }
        if channel.guild_id is not None:
            msg["guild_id"] = str(channel.guild_id)
        ref = payload.get("message_reference")
        if ref:
            msg["type"] = 19  # a reply
            msg["message_reference"] = {k: str(v) if k.endswith("_id") else v for k, v in ref.items()}
            referenced = self.fake.messages.get(int(ref["message_id"]))
            if referenced is not None:
                msg["referenced_message"] = {k: v for k, v in referenced.items() if k != "referenced_message"}
        if interaction is not None:
            app = str(self.fake.application_id)
            msg.update(
                webhook_id=app,
                application_id=app,
                interaction_metadata={
                    "id": str(interaction.id),
                    "type": interaction.type,
                    "user": interaction.user.payload(),
                    "authorizing_integration_owners": interaction.payload["authorizing_integration_owners"],
                },
            )
        self.fake.messages[mid] = msg
        return msg

    def _apply_edit(self, msg: dict[str, Any], payload: dict[str, Any], files: list[SentFile]) -> None:
        """Edit a stored message as Discord does: only the keys sent change; a loading message stops loading."""
        if "content" in payload:
            msg["content"] = payload["content"] or ""
        if "components" in payload:
            msg["components"] = payload["components"] or []
        if "embeds" in payload:
            msg["embeds"] = [{"type": "rich", **e} for e in payload["embeds"] or []]
        if "attachments" in payload or files:
            kept = {str(a.get("id")) for a in payload.get("attachments") or []}
            msg["attachments"] = [a for a in msg["attachments"] if a["id"] in kept]
            msg["attachments"] += [self.store_file(f.filename, f.data, f.content_type) for f in files]
        msg["flags"] = int(msg.get("flags") or 0) & ~LOADING
        msg["edited_timestamp"] = now_iso()

    # ------------------------------------------------------------------ login, commands, attachments

    async def users_me(self, request: web.Request) -> web.Response:
        """The bot user."""
        return json_response(
            {**self.world.bot_user.payload(), "verified": True, "mfa_enabled": False, "flags": 0}
        )

    async def gateway_bot(self, request: web.Request) -> web.Response:
        """Where to connect and how many shards to run (AutoShardedBot asks when not told): one."""
        limit = {
            "total": 1000,
            "remaining": 1000,
            "reset_after": 0,
            "max_concurrency": self.fake.max_concurrency,
        }
        return json_response({"url": self.fake.gateway_url, "shards": 1, "session_start_limit": limit})

    async def app_info(self, request: web.Request) -> web.Response:
        """The application: its id and owner (who may run the owner-only commands)."""
        bot = self.world.bot_user.payload()
        return json_response(
            {
                "id": str(self.fake.application_id),
                "name": bot["username"],
                "description": "",
                "icon": None,
                "bot_public": False,
                "bot_require_code_grant": False,
                "owner": self.world.owner.payload(),
                "verify_key": "0" * 64,
                "flags": 0,
                "team": None,
                "bot": bot,
            }
        )

    async def sync_commands(self, request: web.Request) -> web.Response:
        """PUT: overwrite all commands of a scope (the whole guild's, or global); ids kept by name and type."""
        body, files = await read_body(request)
        call = self._call("commands", request, body, files, payload={"commands": body})
        problems = limits.check_commands(body or [])
        if problems:
            return await self._reject(call, 400, 50035, "Invalid Form Body", problems)
        scope = int(request.match_info["guild"]) if "guild" in request.match_info else None
        old = {(c["name"], c["type"]): c for c in self.fake.commands.get(scope, {}).values()}
        stored = []
        for data in body or []:
            cmd = {"type": 1, "description": "", "options": [], "default_member_permissions": None, **data}
            previous = old.get((cmd["name"], cmd["type"]))
            cmd["id"] = previous["id"] if previous else str(self.fake.ids.next())
            cmd["application_id"] = str(self.fake.application_id)
            cmd["version"] = str(self.fake.ids.next())
            if scope is not None:
                cmd["guild_id"] = str(scope)
            stored.append(cmd)
        self.fake.commands[scope] = {c["id"]: c for c in stored}
        return await self._finish(call, stored)

    async def attachment(self, request: web.Request) -> web.Response:
        """Attachment bytes (what Attachment.url points to)."""
        stored = self.fake.attachments.get(int(request.match_info["attachment"]))
        if stored is None:
            return web.Response(status=404)
        return web.Response(body=stored.data, content_type=stored.content_type or "application/octet-stream")

    async def unknown(self, request: web.Request) -> web.Response:
        """Anything not modelled: logged, recorded (the test fails) and answered 404."""
        route = f"{request.method} {request.path_qs}"
        log.error("fake discord does not model %s", route)
        self.fake.unhandled.append(route)
        return json_response(error_body(0, f"404: Not Found (fake discord does not model {route})"), 404)

    # ------------------------------------------------------------------ channel messages

    async def channel_history(self, request: web.Request) -> web.Response:
        """GET /channels/{id}/messages?limit&before: stored messages, newest first (Read Message History)."""
        call = self._call("history", request, None, [])
        channel = self.world.any_channel(int(request.match_info["channel"]))
        if channel is None:
            return await self._reject(call, 404, 10003, "Unknown Channel")
        call.channel_id = channel.id
        needed = VIEW_CHANNEL | READ_MESSAGE_HISTORY
        guild = self.world.guild_of(channel)
        perms = needed if channel.is_dm else guild.permissions_in(self.world.bot_user.id, channel)
        if needed & ~perms:
            missing = [("", f"Missing permission 0x{needed & ~perms:x} in #{channel.name}")]
            return await self._reject(call, 403, 50013, "Missing Permissions", missing, kind="permission")
        limit = max(1, min(100, int(request.query.get("limit", "50"))))
        before = int(request.query.get("before", str(1 << 63)))
        found = sorted(
            (
                m
                for mid, m in self.fake.messages.items()
                if int(m["channel_id"]) == channel.id and mid < before
            ),
            key=lambda m: -int(m["id"]),
        )
        return await self._finish(call, [_public(m) for m in found[:limit]])

    async def get_message(self, request: web.Request) -> web.Response:
        """GET /channels/{id}/messages/{id}: one stored message (Read Message History), 404 if unknown."""
        call = self._call("get_message", request, None, [])
        channel = self.world.any_channel(int(request.match_info["channel"]))
        if channel is None:
            return await self._reject(call, 404, 10003, "Unknown Channel")
        call.channel_id = channel.id
        needed = VIEW_CHANNEL | READ_MESSAGE_HISTORY
        guild = self.world.guild_of(channel)
        perms = needed if channel.is_dm else guild.permissions_in(self.world.bot_user.id, channel)
        if needed & ~perms:
            missing = [("", f"Missing permission 0x{needed & ~perms:x} in #{channel.name}")]
            return await self._reject(call, 403, 50013, "Missing Permissions", missing, kind="permission")
        found = self.fake.messages.get(int(request.match_info["message"]))
        if found is None or int(found["channel_id"]) != channel.id:
            return await self._reject(call, 404, 10008, "Unknown Message")
        return await self._finish(call, _public(found))

    async def create_dm(self, request: web.Request) -> web.Response:
        """POST /users/@me/channels {recipient_id}: the DM channel with that user, made on first use."""
        body, files = await read_body(request)
        call = self._call("dm_channel", request, body, files)
        try:
            user = self.world.user(int((body or {})["recipient_id"]))
        except (KeyError, TypeError, ValueError):
            return await self._reject(
                call, 400, 50035, "Invalid Form Body", [("recipient_id", "Unknown user")]
            )
        channel = self.world.dm_channel(user)
        call.channel_id = channel.id
        return await self._finish(call, channel.payload())

    async def create_message(self, request: web.Request) -> web.Response:
        """POST /channels/{id}/messages: checked for the bot's permissions, the limits and the reference."""
        body, files = await read_body(request)
        call = self._call("message", request, body, files)
        channel = self.world.any_channel(int(request.match_info["channel"]))
        if channel is None:
            return await self._reject(call, 404, 10003, "Unknown Channel")
        call.channel_id = channel.id
        payload = call.payload
        needed = VIEW_CHANNEL | SEND_MESSAGES
        needed |= ATTACH_FILES if files else 0
        needed |= EMBED_LINKS if payload.get("embeds") else 0
        needed |= READ_MESSAGE_HISTORY if payload.get("message_reference") else 0
        guild = self.world.guild_of(channel)
        perms = needed if channel.is_dm else guild.permissions_in(self.world.bot_user.id, channel)
        if needed & ~perms:
            missing = [("", f"Missing permission 0x{needed & ~perms:x} in #{channel.name}")]
            return await self._reject(call, 403, 50013, "Missing Permissions", missing, kind="permission")
        if (
            channel.recipient is not None and not channel.recipient.dms_open
        ):  # as Discord answers: no violation
            call.error = error_body(50007, "Cannot send messages to this user")
            return await self._finish(call, None, 403)
        problems = self._limit_problems(payload, files)
        if int(payload.get("flags") or 0) & EPHEMERAL:
            problems.append(("flags", "Only interaction responses can be ephemeral."))
        ref = payload.get("message_reference")
        if ref and ref.get("fail_if_not_exists", True):
            referenced = self.fake.messages.get(int(ref.get("message_id") or 0))
            if referenced is None or int(referenced["channel_id"]) != channel.id:
                problems.append(("message_reference", "Unknown message"))
        if problems:
            return await self._reject(call, 400, 50035, "Invalid Form Body", problems)
        nonce = payload.get("nonce")
        if nonce is not None and len(str(nonce)) > 25:
            return await self._reject(
                call, 400, 50035, "Invalid Form Body", [("nonce", "Must be 25 or fewer.")]
            )
        if nonce is not None and payload.get("enforce_nonce"):
            # Discord: the same author's message with this nonce in the last few minutes is returned, and
            # no new one is created.
            for msg in self.fake.messages.values():
                if msg.get("_nonce") == str(nonce) and int(msg["channel_id"]) == channel.id:
                    call.kind, call.message = "nonce_repeat", msg  # not a new message
                    return await self._finish(call, _public(msg))
        call.message = self._new_message(channel, payload, files, flags=0)
        if nonce is not None:
            call.message["_nonce"] = str(nonce)  # kept for enforce_nonce; GET never shows it
        self.fake.echo(_public(call.message))
        return await self._finish(call, {**_public(call.message), **({"nonce": nonce} if nonce else {})})

    async def crosspost(self, request: web.Request) -> web.Response:
        """POST .../messages/{id}/crosspost: publish a message of an announcement channel to its followers
        (Send Messages for the bot's own message, Manage Messages for another's)."""
        call = self._call("crosspost", request, None, [])
        channel = self.world.any_channel(int(request.match_info["channel"]))
        if channel is None:
            return await self._reject(call, 404, 10003, "Unknown Channel")
        call.channel_id = channel.id
        msg = self.fake.messages.get(int(request.match_info["message"]))
        if msg is None or int(msg["channel_id"]) != channel.id:
            return await self._reject(call, 404, 10008, "Unknown Message")
        if channel.type != NEWS_CHANNEL:
            return await self._reject(call, 400, 40033, "This message has already been crossposted.")
        guild = self.world.guild_of(channel)
        needed = VIEW_CHANNEL | SEND_MESSAGES
        if int(msg["author"]["id"]) != self.world.bot_user.id:
            needed |= MANAGE_MESSAGES
        perms = guild.permissions_in(self.world.bot_user.id, channel)
        if needed & ~perms:
            missing = [("", f"Missing permission 0x{needed & ~perms:x} in #{channel.name}")]
            return await self._reject(call, 403, 50013, "Missing Permissions", missing, kind="permission")
        msg["flags"] = int(msg.get("flags") or 0) | CROSSPOSTED
        call.message = msg
        return await self._finish(call, _public(msg))


CROSSPOSTED = 1 << 0


def _public(msg: dict[str, Any]) -> dict[str, Any]:
    """A stored message as Discord shows it (without what the fake keeps for itself)."""
    return {k: v for k, v in msg.items() if not k.startswith("_")}
