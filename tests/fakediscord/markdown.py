"""What a Discord client makes of a message's text: its links (simple-markdown's rule) and what hides.

Used to check what Privy sends, never by Privy itself: the rule's regex backtracks badly on hostile
input (seconds on a few hundred brackets), which is fine for the short texts of a test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.reading.safe_text import INVISIBLE, browser_host

_INSIDE = r"(?:\[[^\]]*\]|[^\[\]]|\](?=[^\[]*\]))*"
_HREF = r"\s*<?((?:\([^)]*\)|[^\s\\]|\\.)*?)>?(?:\s+['\"]([\s\S]*?)['\"])?\s*"
_LINK = re.compile(r"\[(" + _INSIDE + r")\]\(" + _HREF + r"\)")
_ESCAPE = re.compile(r"\\([^0-9A-Za-z\s])")
_MENTION = re.compile(r"<@[!&]?\d+>|<#\d+>|@everyone|@here")


@dataclass(frozen=True)
class Link:
    text: str
    url: str
    end: int  # where the link ends in the text


def links(text: str) -> list[Link]:
    """The links Discord renders in `text`: `[text](url)`, nested brackets and `<url>` included."""
    found, i = [], 0
    while i < len(text):
        if _ESCAPE.match(text, i):
            i += 2
            continue
        if text[i] == "[":
            match = _LINK.match(text, i)
            if match:
                found.append(Link(match.group(1), match.group(2), match.end()))
                i = match.end()
                continue
        i += 1
    return found


def disguises(text: str) -> list[str]:
    """What in `text` would mislead a reader in Discord: a link whose text is not its URL and whose real
    host is not shown right after it, a live mention, a bidi control or zero-width character (other
    than the zero-width space Privy puts after an @ to break a mention)."""
    out = []
    for link in links(text):
        shown = link.text.strip().strip("<>")
        after = text[link.end : link.end + 300]
        host = browser_host(link.url).removeprefix("www.")
        if shown != link.url.strip("<>") and not (after.startswith(" (") and host and host in after):
            out.append(f"hidden link {link.text!r} -> {link.url!r}")
    for mention in _MENTION.finditer(text):
        if not _escaped(text, mention.start()):
            out.append(f"mention {mention.group()!r}")
    unbroken = re.sub(r"(?<=[@#&<])\u200b", "", text)
    out += [f"invisible U+{ord(m.group()):04X}" for m in INVISIBLE.finditer(unbroken)]
    return out


def _escaped(text: str, i: int) -> bool:
    before = text[:i]
    return (len(before) - len(before.rstrip("\\"))) % 2 == 1
