"""REST routes of the fake Discord: login, guild, application commands, channels and messages."""

from __future__ import annotations

from typing import Any

import fake_limits as limits
from aiohttp import web
from fake_http import KEPT_FLAGS, RestBase, error_body, json_response, log, read_body
from fake_records import EPHEMERAL
from fake_state import (
    ATTACH_FILES,
    EMBED_LINKS,
    MANAGE_MESSAGES,
    READ_MESSAGE_HISTORY,
    SEND_MESSAGES,
    VIEW_CHANNEL,
)


class RestApi(RestBase):
    """Everything but interactions and webhooks."""

    def routes(self) -> list[web.RouteDef]:
        """Routes under /api/v10 (plus attachment downloads); the catch-all is added last by the fake."""
        a = "/api/v10"
        cmds = [a + "/applications/{app}/commands", a + "/applications/{app}/guilds/{guild}/commands"]
        routes = [
            web.get(a + "/users/@me", self.users_me),
            web.get(a + "/users/{user}", self.get_user),
            web.post(a + "/users/@me/channels", self.open_dm),
            web.get(a + "/oauth2/applications/@me", self.app_info),
            web.get(a + "/applications/@me", self.app_info),
            web.get(a + "/gateway", self.gateway),
            web.get(a + "/gateway/bot", self.gateway),
            web.get(a + "/channels/{channel}", self.get_channel),
            web.get(a + "/channels/{channel}/messages", self.history),
            web.post(a + "/channels/{channel}/messages", self.create_message),
            web.get(a + "/channels/{channel}/messages/{message}", self.get_message),
            web.patch(a + "/channels/{channel}/messages/{message}", self.edit_message),
            web.delete(a + "/channels/{channel}/messages/{message}", self.delete_message),
            web.put(a + "/channels/{channel}/messages/{message}/reactions/{emoji}/@me", self.reaction),
            web.delete(a + "/channels/{channel}/messages/{message}/reactions/{emoji}/@me", self.reaction),
            web.post(a + "/channels/{channel}/typing", self.typing),
            web.get(a + "/guilds/{guild}", self.get_guild),
            web.get(a + "/guilds/{guild}/members/{user}", self.get_member),
            web.get(a + "/guilds/{guild}/roles", self.get_roles),
            web.get(a + "/guilds/{guild}/channels", self.get_channels),
            web.get("/attachments/{attachment}/{filename}", self.attachment),
        ]
        for base in cmds:
            routes += [
                web.get(base, self.list_commands),
                web.put(base, self.bulk_commands),
                web.post(base, self.upsert_command),
                web.get(base + "/{command}", self.one_command),
                web.patch(base + "/{command}", self.one_command),
                web.delete(base + "/{command}", self.one_command),
            ]
        return routes

    # ----------------------------------------------------------------- login / misc

    async def users_me(self, request: web.Request) -> web.Response:
        """The bot user."""
        return json_response(
            {
                **self.world.bot_user.payload(),
                "verified": True,
                "mfa_enabled": False,
                "flags": 0,
                "locale": "en-US",
                "email": None,
            }
        )

    async def get_user(self, request: web.Request) -> web.Response:
        """Any known user."""
        try:
            user = self.world.user(int(request.match_info["user"]))
        except (KeyError, ValueError):
            return json_response(error_body(10013, "Unknown User"), 404)
        return json_response(user.payload())

    async def open_dm(self, request: web.Request) -> web.Response:
        """POST /users/@me/channels: the DM channel with a user."""
        body, _ = await read_body(request)
        call = self._call("dm_open", request, body)
        try:
            user = self.world.user(int(body["recipient_id"]))
        except (KeyError, ValueError, TypeError):
            return await self._reject(call, request, 400, 50033, "Invalid Recipient(s)")
        channel = self.world.dm_channel(user)
        call.channel_id = channel.id
        return await self._finish(call, request, channel.payload())

    async def app_info(self, request: web.Request) -> web.Response:
        """The application (id and owner)."""
        fake = self.fake
        return json_response(
            {
                "id": str(fake.application_id),
                "name": fake.world.bot_user.username,
                "description": "",
                "icon": None,
                "bot_public": False,
                "bot_require_code_grant": False,
                "owner": fake.app_owner.payload(),
                "verify_key": "0" * 64,
                "flags": 0,
                "team": None,
                "rpc_origins": [],
                "summary": "",
                "bot": fake.world.bot_user.payload(),
                "interactions_endpoint_url": None,
                "redirect_uris": [],
            }
        )

    async def gateway(self, request: web.Request) -> web.Response:
        """GET /gateway and /gateway/bot."""
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        return json_response({"url": self.fake.gateway_url, "shards": 1, "session_start_limit": limit})

    async def attachment(self, request: web.Request) -> web.Response:
        """Attachment bytes (what Attachment.url points to)."""
        stored = self.fake.attachments.get(int(request.match_info["attachment"]))
        if stored is None:
            return web.Response(status=404)
        return web.Response(body=stored.data, content_type=stored.content_type or "application/octet-stream")

    async def unknown(self, request: web.Request) -> web.Response:
        """Anything not modelled: logged loudly, recorded and answered with 404."""
        route = f"{request.method} {request.path_qs}"
        log.error("FAKE DISCORD: unhandled route %s", route)
        self.fake.unhandled.append(route)
        return json_response(error_body(0, f"404: Not Found (fake discord does not model {route})"), 404)

    # ----------------------------------------------------------------- guild

    async def get_guild(self, request: web.Request) -> web.Response:
        """The guild."""
        if int(request.match_info["guild"]) != self.world.guild.id:
            return json_response(error_body(10004, "Unknown Guild"), 404)
        data = self.world.guild.payload()
        data.pop("members")
        return json_response(data)

    async def get_member(self, request: web.Request) -> web.Response:
        """A guild member."""
        member = self.world.guild.members.get(int(request.match_info["user"]))
        if member is None:
            return json_response(error_body(10007, "Unknown Member"), 404)
        return json_response(member.payload())

    async def get_roles(self, request: web.Request) -> web.Response:
        """Guild roles."""
        return json_response([r.payload() for r in self.world.guild.roles.values()])

    async def get_channels(self, request: web.Request) -> web.Response:
        """Guild channels."""
        return json_response([c.payload() for c in self.world.guild.channels.values()])

    # ----------------------------------------------------------------- application commands

    def _scope(self, request: web.Request) -> int | None:
        guild = request.match_info.get("guild")
        return int(guild) if guild else None

    def _store_command(
        self, scope: int | None, data: dict[str, Any], old: dict[str, Any] | None
    ) -> dict[str, Any]:
        cmd = {
            "type": 1,
            "description": "",
            "options": [],
            "default_member_permissions": None,
            "nsfw": False,
            **data,
        }
        cmd["id"] = old["id"] if old else str(self.fake.ids.next())
        cmd["application_id"] = str(self.fake.application_id)
        cmd["version"] = str(self.fake.ids.next())
        if scope is not None:
            cmd["guild_id"] = str(scope)
        return cmd

    async def list_commands(self, request: web.Request) -> web.Response:
        """Registered commands of a scope."""
        return json_response(list(self.fake.commands.get(self._scope(request), {}).values()))

    async def bulk_commands(self, request: web.Request) -> web.Response:
        """PUT: overwrite all commands of a scope (ids kept for same name and type)."""
        body, _ = await read_body(request)
        call = self._call("commands", request, body, payload={"commands": body})
        problems = limits.check_commands(body or [])
        if problems:
            return await self._reject(call, request, 400, 50035, "Invalid Form Body", problems)
        scope = self._scope(request)
        old = {(c["name"], c["type"]): c for c in self.fake.commands.get(scope, {}).values()}
        stored = [self._store_command(scope, c, old.get((c["name"], c.get("type", 1)))) for c in body or []]
        self.fake.commands[scope] = {c["id"]: c for c in stored}
        return await self._finish(call, request, stored)

    async def upsert_command(self, request: web.Request) -> web.Response:
        """POST: create or replace one command."""
        body, _ = await read_body(request)
        call = self._call("commands", request, body)
        problems = limits.check_commands([body])
        if problems:
            return await self._reject(call, request, 400, 50035, "Invalid Form Body", problems)
        scope = self._scope(request)
        existing = self.fake.commands.setdefault(scope, {})
        old = next(
            (c for c in existing.values() if (c["name"], c["type"]) == (body["name"], body.get("type", 1))),
            None,
        )
        cmd = self._store_command(scope, body, old)
        existing[cmd["id"]] = cmd
        return await self._finish(call, request, cmd, 200 if old else 201)

    async def one_command(self, request: web.Request) -> web.Response:
        """GET/PATCH/DELETE one command."""
        existing = self.fake.commands.get(self._scope(request), {})
        cmd = existing.get(request.match_info["command"])
        if cmd is None:
            return json_response(error_body(10063, "Unknown application command"), 404)
        if request.method == "GET":
            return json_response(cmd)
        body, _ = await read_body(request)
        call = self._call("commands", request, body)
        if request.method == "DELETE":
            del existing[cmd["id"]]
            return await self._finish(call, request, None, 204)
        cmd.update(body or {})
        return await self._finish(call, request, cmd)

    # ----------------------------------------------------------------- channels & messages

    async def get_channel(self, request: web.Request) -> web.Response:
        """A channel."""
        channel = self._channel(request)
        if channel is None:
            return json_response(error_body(10003, "Unknown Channel"), 404)
        return json_response(channel.payload())

    async def history(self, request: web.Request) -> web.Response:
        """Channel history, newest first (limit/before/after)."""
        channel = self._channel(request)
        if channel is None:
            return json_response(error_body(10003, "Unknown Channel"), 404)
        if self._bot_missing(channel, VIEW_CHANNEL | READ_MESSAGE_HISTORY):
            return json_response(error_body(50013, "Missing Permissions"), 403)
        q = request.query
        msgs = [m for m in self.fake.channel_messages(channel) if not int(m.get("flags") or 0) & EPHEMERAL]
        if "before" in q:
            msgs = [m for m in msgs if int(m["id"]) < int(q["before"])]
        if "after" in q:
            msgs = [m for m in msgs if int(m["id"]) > int(q["after"])]
            msgs = msgs[: int(q.get("limit", 50))]
        msgs = list(reversed(msgs))[: int(q.get("limit", 50))]
        return json_response(msgs)

    async def create_message(self, request: web.Request) -> web.Response:
        """POST /channels/{id}/messages (JSON or multipart)."""
        body, files = await read_body(request)
        call = self._call("message", request, body, files)
        channel = self._channel(request)
        if channel is None:
            return await self._reject(call, request, 404, 10003, "Unknown Channel")
        call.channel_id = channel.id
        payload = call.payload
        if channel.is_dm and channel.recipient is not None and not channel.recipient.dms_open:
            return await self._reject(
                call, request, 403, 50007, "Cannot send messages to this user", kind="permission"
            )
        needed = VIEW_CHANNEL | SEND_MESSAGES
        needed |= ATTACH_FILES if files else 0
        needed |= EMBED_LINKS if payload.get("embeds") else 0
        needed |= READ_MESSAGE_HISTORY if payload.get("message_reference") else 0
        missing = self._bot_missing(channel, needed)
        if missing:
            return await self._reject(
                call, request, 403, 50013, "Missing Permissions", missing, kind="permission"
            )
        problems = limits.check_message(payload, files=len(files))
        problems += self._file_problems(files)
        if problems:
            return await self._reject(call, request, 400, 50035, "Invalid Form Body", problems)
        ref = payload.get("message_reference")
        if (
            ref
            and ref.get("fail_if_not_exists", True)
            and self._stored(channel, str(ref.get("message_id"))) is None
        ):
            return await self._reject(
                call, request, 400, 50035, "Invalid Form Body", [("message_reference", "Unknown message")]
            )
        flags = int(payload.get("flags") or 0) & KEPT_FLAGS & ~EPHEMERAL
        call.message = self._new_message(channel, payload, files, flags=flags)
        self.fake._echo_message_create(call.message)
        return await self._finish(call, request, call.message)

    async def get_message(self, request: web.Request) -> web.Response:
        """One message of a channel."""
        channel = self._channel(request)
        msg = channel and self._stored(channel, request.match_info["message"])
        if not msg:
            return json_response(error_body(10008, "Unknown Message"), 404)
        return json_response(msg)

    async def edit_message(self, request: web.Request) -> web.Response:
        """PATCH a message the bot authored."""
        body, files = await read_body(request)
        call = self._call("edit", request, body, files)
        channel = self._channel(request)
        msg = channel and self._stored(channel, request.match_info["message"])
        if not msg or channel is None:
            return await self._reject(call, request, 404, 10008, "Unknown Message")
        call.channel_id = channel.id
        if int(msg["author"]["id"]) != self.world.bot_user.id:
            return await self._reject(
                call, request, 403, 50005, "Cannot edit a message authored by another user"
            )
        problems = limits.check_message(call.payload, partial=True, files=len(files)) + self._file_problems(
            files
        )
        if problems:
            return await self._reject(call, request, 400, 50035, "Invalid Form Body", problems)
        self._apply_edit(msg, call.payload, files)
        call.message = msg
        return await self._finish(call, request, msg)

    async def delete_message(self, request: web.Request) -> web.Response:
        """DELETE a message (others' need Manage Messages)."""
        call = self._call("delete", request)
        channel = self._channel(request)
        msg = channel and self._stored(channel, request.match_info["message"])
        if not msg or channel is None:
            return await self._reject(call, request, 404, 10008, "Unknown Message")
        call.channel_id, call.message = channel.id, msg
        own = int(msg["author"]["id"]) == self.world.bot_user.id
        if not own and (channel.is_dm or self._bot_missing(channel, MANAGE_MESSAGES)):
            return await self._reject(call, request, 403, 50013, "Missing Permissions", kind="permission")
        self.fake._delete_message(int(msg["id"]))
        return await self._finish(call, request, None, 204)

    async def reaction(self, request: web.Request) -> web.Response:
        """Add/remove the bot's reaction."""
        call = self._call("reaction", request, payload={"emoji": request.match_info["emoji"]})
        channel = self._channel(request)
        msg = channel and self._stored(channel, request.match_info["message"])
        if not msg:
            return await self._reject(call, request, 404, 10008, "Unknown Message")
        call.message = msg
        reactions = [
            r for r in msg.setdefault("reactions", []) if r["emoji"]["name"] != call.payload["emoji"]
        ]
        if request.method == "PUT":
            reactions.append({"emoji": {"id": None, "name": call.payload["emoji"]}, "count": 1, "me": True})
        msg["reactions"] = reactions
        return await self._finish(call, request, None, 204)

    async def typing(self, request: web.Request) -> web.Response:
        """Typing indicator."""
        call = self._call("typing", request)
        channel = self._channel(request)
        call.channel_id = channel.id if channel else None
        return await self._finish(call, request, None, 204)
