"""Shared plumbing of the fake's REST handlers: JSON/multipart I/O, errors, the message store."""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

import fake_limits as limits
from aiohttp import BodyPartReader, web
from fake_records import EPHEMERAL, LOADING, Call, InteractionHandle, SentFile, Violation
from fake_state import (
    ATTACH_FILES,
    EMBED_LINKS,
    MANAGE_MESSAGES,
    READ_MESSAGE_HISTORY,
    SEND_MESSAGES,
    VIEW_CHANNEL,
    FakeChannel,
    FakeUser,
    now_iso,
    snowflake_time,
)

if TYPE_CHECKING:
    from fake_discord import FakeDiscord

log = logging.getLogger("fake_discord")

MAX_FILE_BYTES = 10 * 1024 * 1024
KEPT_FLAGS = (
    EPHEMERAL | (1 << 2) | (1 << 12) | limits.IS_COMPONENTS_V2
)  # ephemeral, suppress embeds/notifs, v2


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
    """Parse a JSON body or multipart/form-data with `payload_json` and `files[n]` parts."""
    if request.content_type == "multipart/form-data":
        payload: Any = {}
        files: list[SentFile] = []
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, BodyPartReader):  # nested multipart is not used by discord.py
                continue
            if part.name == "payload_json":
                payload = json.loads(await part.text())
            else:
                data = bytes(await part.read(decode=False))
                ctype = part.headers.get("Content-Type")
                files.append(SentFile(part.name or "", part.filename or "file", data, ctype))
        return payload, files
    text = await request.text()
    return (json.loads(text) if text else None), []


class RestBase:
    """Helpers shared by the route classes; all state lives on the FakeDiscord."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.world = fake.world

    # ----------------------------------------------------------------- helpers

    async def _finish(self, call: Call, request: web.Request, result: Any, status: int = 200) -> web.Response:
        """Record the call and build its response (None -> 204)."""
        call.status = status
        await self.fake._record(call)
        if status >= 400:
            return json_response(call.error, status)
        return web.Response(status=204) if result is None else json_response(result, status)

    async def _reject(
        self,
        call: Call,
        request: web.Request,
        status: int,
        code: int,
        message: str,
        problems: list[limits.Problem] | None = None,
        kind: str | None = None,
    ) -> web.Response:
        """Answer with a Discord error and record a violation."""
        call.error = error_body(code, message, problems)
        route = f"{request.method} {request.path}"
        self.fake.violations.append(
            Violation(kind or call.kind, route, problems or [("", message)], call.body)
        )
        log.warning("fake discord rejected %s: %s %s", route, message, problems or "")
        return await self._finish(call, request, None, status)

    def _call(
        self,
        kind: str,
        request: web.Request,
        body: Any = None,
        files: list[SentFile] | None = None,
        payload: dict[str, Any] | None = None,
    ) -> Call:
        if payload is None:
            payload = body if isinstance(body, dict) else {}
        return Call(kind, request.method, request.path, dict(request.query), body, payload, files or [])

    def _channel(self, request: web.Request) -> FakeChannel | None:
        return self.world.any_channel(int(request.match_info["channel"]))

    def _stored(self, channel: FakeChannel, message_id: str) -> dict[str, Any] | None:
        msg = self.fake.messages.get(int(message_id)) if message_id.isdigit() else None
        if msg is None or int(msg["channel_id"]) != channel.id or int(msg.get("flags") or 0) & EPHEMERAL:
            return None
        return msg

    def _bot_missing(self, channel: FakeChannel, needed: int) -> list[tuple[str, str]]:
        if channel.is_dm:
            return []
        perms = self.world.guild.permissions_in(self.world.bot_user.id, channel)
        return [
            ("", f"Missing permission 0x{bit:x} in #{channel.name}")
            for bit in (
                VIEW_CHANNEL,
                SEND_MESSAGES,
                READ_MESSAGE_HISTORY,
                EMBED_LINKS,
                ATTACH_FILES,
                MANAGE_MESSAGES,
            )
            if needed & bit and not perms & bit
        ]

    def _new_attachments(
        self, channel_id: int, payload: dict[str, Any], files: list[SentFile], existing: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        """Stored attachments after a create/edit: kept existing ones plus uploaded files."""
        by_index = {i: f for i, f in enumerate(files)}
        for f in files:
            if f.field.startswith("files[") and f.field[6:-1].isdigit():
                by_index[int(f.field[6:-1])] = f
        spec = payload.get("attachments")
        if spec is None:
            return list(existing) + [self.fake._store_file(f.filename, f.data, f.content_type) for f in files]
        keep = {a["id"]: a for a in existing}
        result = []
        for item in spec:
            if str(item.get("id")) in keep:
                result.append(keep[str(item["id"])])
            elif isinstance(item.get("id"), int) and item["id"] in by_index:
                f = by_index[item["id"]]
                att = self.fake._store_file(item.get("filename") or f.filename, f.data, f.content_type)
                if item.get("description"):
                    att["description"] = item["description"]
                result.append(att)
        return result

    def _new_message(
        self,
        channel: FakeChannel,
        payload: dict[str, Any],
        files: list[SentFile],
        *,
        flags: int = 0,
        interaction: InteractionHandle | None = None,
        msg_type: int = 0,
        author: FakeUser | None = None,
    ) -> dict[str, Any]:
        """Store a message the bot created and return it."""
        fake = self.fake
        mid = fake.ids.next()
        msg: dict[str, Any] = {
            "id": str(mid),
            "channel_id": str(channel.id),
            "author": (author or self.world.bot_user).payload(),
            "content": payload.get("content") or "",
            "timestamp": snowflake_time(mid),
            "edited_timestamp": None,
            "tts": bool(payload.get("tts")),
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": self._new_attachments(channel.id, payload, files, []),
            "embeds": [{"type": "rich", **e} for e in payload.get("embeds") or []],
            "components": payload.get("components") or [],
            "pinned": False,
            "type": msg_type,
            "flags": flags,
        }
        if channel.guild_id is not None:
            msg["guild_id"] = str(channel.guild_id)
        ref = payload.get("message_reference")
        if ref:
            msg["message_reference"] = {k: str(v) if k.endswith("_id") else v for k, v in ref.items()}
            referenced = fake.messages.get(int(ref["message_id"]))
            if referenced is not None:
                msg["referenced_message"] = {k: v for k, v in referenced.items() if k != "referenced_message"}
            if msg_type == 0:
                msg["type"] = 19
        if interaction is not None:
            app = str(fake.application_id)
            msg.update(
                webhook_id=app,
                application_id=app,
                interaction_metadata={
                    "id": str(interaction.id),
                    "type": interaction.type,
                    "user": interaction.user.payload(),
                    "authorizing_integration_owners": interaction.payload.get(
                        "authorizing_integration_owners", {}
                    ),
                },
            )
        fake.messages[mid] = msg
        return msg

    def _apply_edit(self, msg: dict[str, Any], payload: dict[str, Any], files: list[SentFile]) -> None:
        for key in ("content", "components"):
            if key in payload:
                msg[key] = payload[key] or ([] if key == "components" else "")
        if "embeds" in payload:
            msg["embeds"] = [{"type": "rich", **e} for e in payload["embeds"] or []]
        if "attachments" in payload or files:
            msg["attachments"] = self._new_attachments(
                int(msg["channel_id"]), payload, files, msg["attachments"]
            )
        if "flags" in payload and payload["flags"] is not None:
            keep = int(msg.get("flags") or 0) & EPHEMERAL
            msg["flags"] = keep | (int(payload["flags"]) & KEPT_FLAGS & ~EPHEMERAL)
        msg["flags"] = int(msg.get("flags") or 0) & ~LOADING
        msg["edited_timestamp"] = now_iso()

    def _file_problems(self, files: list[SentFile]) -> list[limits.Problem]:
        return [
            (f.field, f"File too large ({len(f.data)} > {MAX_FILE_BYTES} bytes)")
            for f in files
            if len(f.data) > MAX_FILE_BYTES
        ]
