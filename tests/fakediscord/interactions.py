"""The interaction routes: the one callback (within 3 s, of a type that fits), followups, the original's edit."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from tests.fakediscord import limits
from tests.fakediscord.records import EPHEMERAL, LOADING, InteractionHandle, SentFile
from tests.fakediscord.rest import API, Rest, read_body

CALLBACKS_BY_INTERACTION = {2: (4, 5, 9), 3: (4, 5, 6, 7, 9), 4: (8,), 5: (4, 5, 6, 7)}


class InteractionRoutes(Rest):
    """POST /interactions/{id}/{token}/callback and the webhook routes of the interaction's token."""

    def routes(self) -> list[web.RouteDef]:
        """The interaction routes."""
        webhook = API + "/webhooks/{app}/{token}"
        return [
            web.post(API + "/interactions/{interaction}/{token}/callback", self.interaction_callback),
            web.post(webhook, self.followup),
            web.patch(webhook + "/messages/@original", self.edit_original),
        ]

    async def interaction_callback(self, request: web.Request) -> web.Response:
        """POST /interactions/{id}/{token}/callback: once, within the 3-second deadline, a type that fits."""
        body, files = await read_body(request)
        body = body or {}
        data = body.get("data") or {}
        call = self._call("callback", request, body, files, payload=data)
        call.callback_type = ctype = body.get("type")
        handle = self.fake.interactions.get(int(request.match_info["interaction"]))
        if handle is None or handle.token != request.match_info["token"]:
            return await self._reject(call, 404, 10062, "Unknown interaction")
        call.interaction, call.channel_id = handle, handle.channel_id
        if handle.acknowledged:
            return await self._reject(
                call, 400, 40060, "Interaction has already been acknowledged.", kind="double_ack"
            )
        age = self.fake.loop_time() - handle.created_at
        if age > self.fake.interaction_deadline:
            message = (
                f"Unknown interaction (callback after {age:.2f}s, deadline {self.fake.interaction_deadline}s)"
            )
            return await self._reject(call, 404, 10062, message, kind="late_callback")
        if ctype not in CALLBACKS_BY_INTERACTION[handle.type]:
            problems = [
                ("type", f"Callback type {ctype!r} cannot answer an interaction of type {handle.type}")
            ]
        elif ctype in (4, 7):
            problems = self._limit_problems(data, files, partial=ctype == 7, path="data")
        elif ctype == 8:
            problems = limits.check_choices(data)
        elif ctype == 9:
            problems = limits.check_modal(data)
        else:
            problems = []
        if problems:
            return await self._reject(call, 400, 50035, "Invalid Form Body", problems)
        ctype = int(body["type"])  # one of the valid types, checked above
        call.message = self._apply_callback(handle, ctype, data, files)
        handle.callback_type = ctype
        result = None
        if request.query.get("with_response", "").lower() in ("1", "true"):
            result = self._callback_response(handle, ctype, call.message)
        return await self._finish(call, result, 200 if result is not None else 204)

    def _apply_callback(
        self, handle: InteractionHandle, ctype: int, data: dict[str, Any], files: list[SentFile]
    ) -> dict[str, Any] | None:
        channel = self.world.any_channel(handle.channel_id)
        assert channel is not None
        if ctype in (4, 5):  # a message, or "thinking..." that the first followup fills
            flags = int(data.get("flags") or 0) & EPHEMERAL
            msg = self._new_message(
                channel,
                data if ctype == 4 else {},
                files,
                flags=flags | (LOADING if ctype == 5 else 0),
                interaction=handle,
            )
            if handle.type == 2:  # the response to a slash command (20) or a context menu (23)
                msg["type"] = 20 if handle.payload["data"].get("type", 1) == 1 else 23
            handle.original_message_id = int(msg["id"])
            handle.followup_edits_original = ctype == 5
            if ctype == 4:
                self.fake.echo(msg)
            return msg
        if ctype in (6, 7):  # (deferred) update of the message holding the component
            handle.original_message_id = handle.source_message_id
            source = self.fake.messages.get(handle.source_message_id or 0)
            if ctype == 7 and source is not None:
                self._apply_edit(source, data, files)
            return source
        if ctype == 9:
            self.fake.modals[data.get("custom_id", "")] = (data, handle)
        return None

    def _callback_response(
        self, handle: InteractionHandle, ctype: int, message: dict[str, Any] | None
    ) -> dict[str, Any]:
        """The `with_response` body discord.py 2.5+ reads."""
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
        return (
            handle
            if handle is not None and request.match_info["app"] == str(self.fake.application_id)
            else None
        )

    async def followup(self, request: web.Request) -> web.Response:
        """POST /webhooks/{app}/{token}: a followup (the first one after a deferral fills the original)."""
        body, files = await read_body(request)
        call = self._call("followup", request, body, files)
        handle = self._handle_for(request)
        if handle is None or not handle.acknowledged:
            why = "" if handle is None else " (followup before the interaction was acknowledged)"
            return await self._reject(call, 404, 10015, f"Unknown Webhook{why}")
        call.interaction, call.channel_id = handle, handle.channel_id
        problems = self._limit_problems(call.payload, files)
        if problems:
            return await self._reject(call, 400, 50035, "Invalid Form Body", problems)
        original = handle.original
        if handle.followup_edits_original and original is not None:
            handle.followup_edits_original = False
            self._apply_edit(original, {k: v for k, v in call.payload.items() if k != "flags"}, files)
            msg = original
        else:
            channel = self.world.any_channel(handle.channel_id)
            assert channel is not None
            flags = int(call.payload.get("flags") or 0) & EPHEMERAL
            msg = self._new_message(channel, call.payload, files, flags=flags, interaction=handle)
        self.fake.echo(msg)
        call.message = msg
        wait = request.query.get("wait", "").lower() in ("1", "true")
        return await self._finish(call, msg if wait else None, 200 if wait else 204)

    async def edit_original(self, request: web.Request) -> web.Response:
        """PATCH /webhooks/{app}/{token}/messages/@original: edit the interaction's response."""
        body, files = await read_body(request)
        call = self._call("edit_original", request, body, files)
        handle = self._handle_for(request)
        if handle is None:
            return await self._reject(call, 404, 10015, "Unknown Webhook")
        call.interaction, call.channel_id = handle, handle.channel_id
        msg = handle.original
        if msg is None:
            return await self._reject(call, 404, 10008, "Unknown Message (no response yet)")
        call.message = msg
        problems = self._limit_problems(call.payload, files, partial=True)
        if problems:
            return await self._reject(call, 400, 50035, "Invalid Form Body", problems)
        self._apply_edit(msg, call.payload, files)
        handle.followup_edits_original = False
        return await self._finish(call, msg)
