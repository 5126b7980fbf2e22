"""REST routes for interactions: the one-shot callback, followups and the original response (webhooks)."""

from __future__ import annotations

from typing import Any

import fake_limits as limits
from aiohttp import web
from fake_http import KEPT_FLAGS, RestBase, json_response, read_body
from fake_records import EPHEMERAL, LOADING, InteractionHandle, SentFile


class InteractionApi(RestBase):
    """POST /interactions/{id}/{token}/callback and /webhooks/{app}/{token}[/messages/...]."""

    def routes(self) -> list[web.RouteDef]:
        """Interaction and webhook routes."""
        wh = "/api/v10/webhooks/{app}/{token}"
        return [
            web.post("/api/v10/interactions/{interaction}/{token}/callback", self.interaction_callback),
            web.post(wh, self.followup),
            web.get(wh + "/messages/{message}", self.webhook_message),
            web.patch(wh + "/messages/{message}", self.webhook_message),
            web.delete(wh + "/messages/{message}", self.webhook_message),
        ]

    async def interaction_callback(self, request: web.Request) -> web.Response:
        """POST /interactions/{id}/{token}/callback (one-shot, within the deadline)."""
        body, files = await read_body(request)
        body = body or {}
        data = body.get("data") or {}
        call = self._call("callback", request, body, files, payload=data)
        call.callback_type = body.get("type")
        handle = self.fake.interactions.get(int(request.match_info["interaction"]))
        if handle is None or handle.token != request.match_info["token"]:
            return await self._reject(call, request, 404, 10062, "Unknown interaction")
        call.interaction, call.channel_id = handle, handle.channel_id
        if handle.acknowledged:
            return await self._reject(
                call, request, 400, 40060, "Interaction has already been acknowledged.", kind="double_ack"
            )
        age = self.fake.loop_time() - handle.created_at
        if age > self.fake.interaction_deadline:
            return await self._reject(
                call,
                request,
                404,
                10062,
                f"Unknown interaction (callback after {age:.2f}s, deadline "
                f"{self.fake.interaction_deadline}s)",
                kind="late_callback",
            )
        problems = self._callback_problems(handle, call.callback_type, data, files)
        if problems:
            return await self._reject(call, request, 400, 50035, "Invalid Form Body", problems)
        message = self._apply_callback(handle, call.callback_type or 0, data, files)
        handle.callback_type = call.callback_type
        call.message = message
        result = None
        if request.query.get("with_response", "").lower() in ("1", "true"):
            result = self._callback_response(handle, call.callback_type or 0, message)
        return await self._finish(call, request, result, 200 if result is not None else 204)

    def _callback_problems(
        self, handle: InteractionHandle, ctype: int | None, data: dict[str, Any], files: list[SentFile]
    ) -> list[limits.Problem]:
        itype = handle.type
        if itype == 4 and ctype != 8:
            return [("type", "Autocomplete interactions can only be answered with type 8")]
        if ctype == 4:
            problems = limits.check_message(data, "data", files=len(files))
        elif ctype == 5:
            problems = []
        elif ctype in (6, 7):
            if handle.source_message_id is None:
                return [
                    ("type", f"Callback type {ctype} needs a component interaction (or a modal from one)")
                ]
            problems = (
                limits.check_message(data, "data", partial=True, files=len(files)) if ctype == 7 else []
            )
        elif ctype == 8:
            problems = [] if itype == 4 else [("type", "Type 8 is only valid for autocomplete interactions")]
            problems += limits.check_choices(data)
        elif ctype == 9:
            if itype == 5:
                return [("type", "A modal submit cannot be answered with another modal")]
            problems = limits.check_modal(data)
        else:
            return [("type", f"Invalid interaction callback type {ctype!r} for a gateway interaction")]
        return problems + self._file_problems(files)

    def _apply_callback(
        self, handle: InteractionHandle, ctype: int, data: dict[str, Any], files: list[SentFile]
    ) -> dict[str, Any] | None:
        channel = self.world.any_channel(handle.channel_id)
        assert channel is not None
        msg_type = {2: 20}.get(handle.type, 0)
        if handle.type == 2 and (handle.payload.get("data") or {}).get("type", 1) != 1:
            msg_type = 23
        if ctype == 4:
            flags = int(data.get("flags") or 0) & KEPT_FLAGS
            msg = self._new_message(channel, data, files, flags=flags, interaction=handle, msg_type=msg_type)
            handle.original_message_id = int(msg["id"])
            self.fake._echo_message_create(msg)
            return msg
        if ctype == 5:
            flags = LOADING | (int(data.get("flags") or 0) & EPHEMERAL)
            msg = self._new_message(channel, {}, [], flags=flags, interaction=handle, msg_type=msg_type)
            handle.original_message_id = int(msg["id"])
            handle.followup_edits_original = True
            return msg
        if ctype in (6, 7):
            handle.original_message_id = handle.source_message_id
            msg = self.fake.messages.get(handle.source_message_id or 0)
            if ctype == 7 and msg is not None:
                self._apply_edit(msg, data, files)
            return msg
        if ctype == 9:
            self.fake.modals[data.get("custom_id", "")] = (data, handle)
        return None

    def _callback_response(
        self, handle: InteractionHandle, ctype: int, message: dict[str, Any] | None
    ) -> dict[str, Any]:
        interaction: dict[str, Any] = {"id": str(handle.id), "type": handle.type}
        resource: dict[str, Any] = {"type": ctype}
        if message is not None and ctype in (4, 5, 7):
            flags = int(message.get("flags") or 0)
            interaction.update(
                response_message_id=message["id"],
                response_message_loading=bool(flags & LOADING),
                response_message_ephemeral=bool(flags & EPHEMERAL),
            )
            resource["message"] = message
        return {"interaction": interaction, "resource": resource}

    def _handle_for(self, request: web.Request) -> InteractionHandle | None:
        handle = self.fake.tokens.get(request.match_info["token"])
        if handle is None or request.match_info["app"] != str(self.fake.application_id):
            return None
        return handle

    async def followup(self, request: web.Request) -> web.Response:
        """POST /webhooks/{app}/{token}: followup message (the first one after a defer fills the original)."""
        body, files = await read_body(request)
        call = self._call("followup", request, body, files)
        handle = self._handle_for(request)
        if handle is None:
            return await self._reject(call, request, 404, 10015, "Unknown Webhook")
        call.interaction, call.channel_id = handle, handle.channel_id
        if not handle.acknowledged:
            return await self._reject(
                call,
                request,
                404,
                10015,
                "Unknown Webhook (followup before the interaction was acknowledged)",
            )
        problems = limits.check_message(call.payload, files=len(files)) + self._file_problems(files)
        if problems:
            return await self._reject(call, request, 400, 50035, "Invalid Form Body", problems)
        original = handle.original
        if handle.followup_edits_original and original is not None:
            handle.followup_edits_original = False
            self._apply_edit(original, {k: v for k, v in call.payload.items() if k != "flags"}, files)
            msg = original
        else:
            channel = self.world.any_channel(handle.channel_id)
            assert channel is not None
            flags = int(call.payload.get("flags") or 0) & KEPT_FLAGS
            msg = self._new_message(channel, call.payload, files, flags=flags, interaction=handle)
        self.fake._echo_message_create(msg)
        call.message = msg
        wait = request.query.get("wait", "").lower() in ("1", "true")
        return await self._finish(call, request, msg if wait else None, 200 if wait else 204)

    async def webhook_message(self, request: web.Request) -> web.Response:
        """GET/PATCH/DELETE /webhooks/{app}/{token}/messages/{@original|id}."""
        body, files = await read_body(request) if request.method == "PATCH" else (None, [])
        ref = request.match_info["message"]
        verb = {"GET": "get", "PATCH": "edit", "DELETE": "delete"}[request.method]
        call = self._call(f"{verb}_{'original' if ref == '@original' else 'followup'}", request, body, files)
        handle = self._handle_for(request)
        if handle is None:
            return await self._reject(call, request, 404, 10015, "Unknown Webhook")
        call.interaction, call.channel_id = handle, handle.channel_id
        mid = handle.original_message_id if ref == "@original" else (int(ref) if ref.isdigit() else None)
        msg = self.fake.messages.get(mid or 0)
        if msg is None:
            why = " (no response yet)" if ref == "@original" and not handle.acknowledged else ""
            return await self._reject(call, request, 404, 10008, f"Unknown Message{why}")
        call.message = msg
        if int(msg["id"]) == handle.original_message_id:
            call.kind = f"{verb}_original"
        if request.method == "GET":
            return json_response(msg)
        if request.method == "DELETE":
            self.fake._delete_message(int(msg["id"]))
            return await self._finish(call, request, None, 204)
        problems = limits.check_message(call.payload, partial=True, files=len(files)) + self._file_problems(
            files
        )
        if problems:
            return await self._reject(call, request, 400, 50035, "Invalid Form Body", problems)
        self._apply_edit(msg, call.payload, files)
        if int(msg["id"]) == handle.original_message_id:
            handle.followup_edits_original = False
        return await self._finish(call, request, msg)
