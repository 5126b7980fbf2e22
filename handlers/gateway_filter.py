"""Server messages not addressed to Privy are dropped as raw gateway data, before discord.py builds objects.

With the message intent on, discord.py builds a Message, a Member and a User for every message in every
server, and Privy ignores almost all of them: at a few thousand messages a second that work, and the
garbage it leaves, made answers miss Discord's 3-second deadline (issue 23). A message is kept when it
comes by DM, mentions Privy, replies to one of Privy's messages, or is Privy's own; everything else is
counted and dropped in the state's parser, so the gateway's sequence number and heartbeat are untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

Parser = Callable[[Any], None]

# The events that carry one server message. Deletes are tiny and carry no author, so they pass.
FILTERED_EVENTS = ("MESSAGE_CREATE", "MESSAGE_UPDATE")


def addressed_to(data: Mapping[str, Any], me: str) -> bool:
    """Whether a raw MESSAGE_CREATE/UPDATE payload is for the bot whose user id (as text) is `me`."""
    if "guild_id" not in data:
        return True  # a DM (or an event Discord sent without a server: let discord.py decide)
    author = data.get("author")
    if isinstance(author, Mapping) and author.get("id") == me:
        return True  # Privy's own message: discord.py keeps its views and cache in step with it
    for user in data.get("mentions") or ():
        if isinstance(user, Mapping) and user.get("id") == me:
            return True
    replied = data.get("referenced_message")
    if isinstance(replied, Mapping):
        author = replied.get("author")
        if isinstance(author, Mapping) and author.get("id") == me:
            return True
    return False


@dataclass
class GatewayCounts:
    """How many server messages reached discord.py and how many were dropped before it (for logs and bench)."""

    kept: int = 0
    dropped: int = 0


def install(parsers: dict[str, Parser], me: Callable[[], int | None], counts: GatewayCounts) -> None:
    """Wrap discord.py's parsers for the message events in place (the websocket reads the same dict).

    `me` gives the bot's user id once READY has arrived; before that nothing is dropped."""
    for event in FILTERED_EVENTS:
        parse = parsers.get(event)
        if parse is not None:
            parsers[event] = _filtered(parse, me, counts)


def _filtered(parse: Parser, me: Callable[[], int | None], counts: GatewayCounts) -> Parser:
    def parse_if_addressed(data: Any) -> None:
        user_id = me()
        if user_id is not None and isinstance(data, Mapping) and not addressed_to(data, str(user_id)):
            counts.dropped += 1
            return
        counts.kept += 1
        parse(data)

    return parse_if_addressed
