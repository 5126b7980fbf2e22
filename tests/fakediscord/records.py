"""What the fake records: the bot's REST calls, violations of Discord's rules, interactions, files."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tests.fakediscord.limits import walk_components
from tests.fakediscord.world import FakeUser

if TYPE_CHECKING:
    from tests.fakediscord.server import FakeServer

EPHEMERAL = 1 << 6
LOADING = 1 << 7
DEFAULT_TIMEOUT = 5.0
MESSAGE_KINDS = ("message", "callback", "followup", "edit_original")  # calls that show a user something


class FakeDiscordError(AssertionError):
    """A driver call the real Discord client could not make, a wait that timed out, or a fake that saw
    problems."""


@dataclass
class Upload:
    """A file a (fake) user attaches to a slash-command attachment option."""

    filename: str
    data: bytes
    content_type: str = "application/octet-stream"


@dataclass
class SentFile:
    """A file the bot uploaded (multipart `files[n]` part)."""

    field: str
    filename: str
    data: bytes
    content_type: str | None = None


@dataclass
class Violation:
    """Something the bot sent that real Discord would reject."""

    kind: str
    route: str
    problems: list[tuple[str, str]]
    payload: Any = None

    def __str__(self) -> str:
        details = "; ".join(f"{p}: {m}" if p else m for p, m in self.problems)
        return f"[{self.kind}] {self.route}: {details}"


@dataclass
class Call:
    """One REST request from the bot, with the parsed payload and the fake's answer.

    `payload` is the message-like part (for interaction callbacks: the `data` object); `body` is the
    whole JSON body; `message` is the stored message after the call, if any.
    """

    kind: str
    method: str
    path: str
    body: Any
    payload: dict[str, Any]
    files: list[SentFile] = field(default_factory=list)
    status: int = 200
    error: dict[str, Any] | None = None
    message: dict[str, Any] | None = None
    interaction: InteractionHandle | None = None
    callback_type: int | None = None
    channel_id: int | None = None

    @property
    def ok(self) -> bool:
        """True when the fake accepted the call (2xx)."""
        return 200 <= self.status < 300

    def _sent_or_stored(self, key: str) -> Any:
        """What the call sent under `key`, or (for a partial edit) what the resulting message holds."""
        return self.payload[key] if key in self.payload else (self.message or {}).get(key)

    @property
    def content(self) -> str | None:
        """Content the bot sent (or of the resulting message)."""
        return self._sent_or_stored("content")

    @property
    def embeds(self) -> list[dict[str, Any]]:
        """Embeds sent (or of the resulting message)."""
        return self._sent_or_stored("embeds") or []

    @property
    def components(self) -> list[dict[str, Any]]:
        """Components sent (or of the resulting message)."""
        return self._sent_or_stored("components") or []

    @property
    def custom_ids(self) -> list[str]:
        """Every custom_id in the components, depth first."""
        return [c["custom_id"] for c in walk_components(self.components) if "custom_id" in c]

    @property
    def flags(self) -> int:
        """Message flags (the resulting message's when it exists)."""
        source = self.message if self.message is not None else self.payload
        return int(source.get("flags") or 0)

    @property
    def ephemeral(self) -> bool:
        """True for ephemeral messages (flag 64)."""
        return bool(self.flags & EPHEMERAL)

    @property
    def allowed_mentions(self) -> dict[str, Any] | None:
        """allowed_mentions as sent, or None when the bot sent none."""
        return self.payload.get("allowed_mentions")

    @property
    def pings(self) -> set[str]:
        """Who Discord would notify, from the content and allowed_mentions: "everyone", "user:ID",
        "role:ID", and "replied" for the author of the message replied to. Without allowed_mentions
        Discord notifies everyone mentioned, and the replied-to author."""
        allowed = self.allowed_mentions
        parse = ["everyone", "users", "roles"] if allowed is None else allowed.get("parse") or []
        content = self.content or ""
        found = {"everyone"} if "everyone" in parse and re.search(r"@(everyone|here)", content) else set()
        for kind, mark in (("users", "<@!?"), ("roles", "<@&")):
            listed = [str(i) for i in (allowed or {}).get(kind) or []]
            for ident in re.findall(mark + r"(\d+)>", content):
                if kind in parse or ident in listed:
                    found.add(f"{kind[:-1]}:{ident}")
        if self.message_reference and (allowed is None or allowed.get("replied_user")):
            found.add("replied")
        return found

    @property
    def message_reference(self) -> dict[str, Any] | None:
        """message_reference as sent (replies)."""
        return self.payload.get("message_reference")

    @property
    def message_id(self) -> int | None:
        """Id of the resulting message."""
        return int(self.message["id"]) if self.message else None

    @property
    def choices(self) -> list[dict[str, Any]]:
        """Autocomplete choices (callback type 8)."""
        return self.payload.get("choices") or []

    @property
    def modal(self) -> dict[str, Any] | None:
        """The modal (callback type 9)."""
        return self.payload if self.callback_type == 9 else None

    @property
    def text(self) -> str:
        """Content plus embed titles, descriptions, fields and footers, for loose assertions."""
        parts = [self.content or ""]
        for embed in self.embeds:
            parts += [embed.get("title") or "", embed.get("description") or ""]
            for f in embed.get("fields") or []:
                parts += [f.get("name") or "", f.get("value") or ""]
            parts.append((embed.get("footer") or {}).get("text") or "")
        return "\n".join(p for p in parts if p)

    def __repr__(self) -> str:
        extra = f" type={self.callback_type}" if self.callback_type is not None else ""
        summary = json.dumps(self.payload, default=str)[:300]
        return f"<Call {self.kind} {self.method} {self.path} -> {self.status}{extra} {summary}>"


@dataclass(eq=False)
class InteractionHandle:
    """An interaction the fake dispatched; collects the bot's REST calls answering it."""

    fake: FakeServer
    id: int
    token: str
    type: int
    user: FakeUser
    channel_id: int
    payload: dict[str, Any]
    created_at: float
    source_message_id: int | None = None
    calls: list[Call] = field(default_factory=list)
    callback_type: int | None = None
    original_message_id: int | None = None
    followup_edits_original: bool = False

    @property
    def acknowledged(self) -> bool:
        """True once a callback was accepted."""
        return self.callback_type is not None

    @property
    def original(self) -> dict[str, Any] | None:
        """Current state of the original response message."""
        return self.fake.messages.get(self.original_message_id or 0)

    async def wait_for(self, predicate: Callable[[Call], bool], timeout: float, what: str) -> Call:
        """First call answering this interaction that matches `predicate` (past or future)."""
        return await self.fake.wait(
            lambda: next((c for c in self.calls if predicate(c)), None), timeout, f"{what} for {self!r}"
        )

    async def response(self, timeout: float = DEFAULT_TIMEOUT) -> Call:
        """The interaction callback (the first one, accepted or not)."""
        return await self.wait_for(lambda c: c.kind == "callback", timeout, "the interaction callback")

    async def answer(self, timeout: float = DEFAULT_TIMEOUT) -> Call:
        """What the user ends up seeing: a message/update/modal/autocomplete callback, or the followup or
        original edit after a deferral."""

        def visible(call: Call) -> bool:
            if call.kind == "callback":
                return call.callback_type in (4, 7, 8, 9) or not call.ok
            return call.kind in ("followup", "edit_original") and call.ok

        return await self.wait_for(visible, timeout, "a visible answer")

    def __repr__(self) -> str:
        data = self.payload.get("data") or {}
        return f"<Interaction id={self.id} type={self.type} {data.get('name') or data.get('custom_id')!r} user={self.user.username}>"
