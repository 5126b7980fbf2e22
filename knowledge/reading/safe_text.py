"""Text that cannot hide where a link goes: Discord's markdown link rules, safe URLs, hosts as they are.

A fact's text is shown in Discord, where `[text](url)` is a link that shows only its text. Discord's
parser (simple-markdown) accepts nested brackets in the text (`[LinkedIn [official] settings](...)`), a
lone `]` before the closing one (`[linkedin.com]settings](...)`) and angle brackets around the URL; the
regex used before this caught neither, so both were stored and shown as hidden links (issue 22). This
module finds every link those rules can make (and a few more), and refuses any whose text is not its URL.

Hosts: browsers go to `evil.example` for `https://evil.example\\@www.linkedin.com/help` (a backslash
ends the host for them) while Python's urlsplit reads `www.linkedin.com`; any user part or backslash is
refused. A host with letters from two scripts in one label (a Cyrillic i in `linkedіn.com`) is refused,
and a host that is not plain ASCII is shown in its punycode form, which cannot pass for another.
"""

from __future__ import annotations

import re
import unicodedata

# Bidi controls (embeddings, overrides, isolates, marks) and zero-width characters: they reorder or hide
# what a reader sees ("moc.nideknil" shown as "linkedin.com") and carry nothing a fact or name needs.
INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0]"
)

# "](" after an unescaped "[" is where Discord may start a link's target; with spaces between, only a
# target with a scheme reads as one ("see [1] (page 3)" is not a link, and stays allowed).
_TARGET = re.compile(r"\](\s*)\(\s*(<?)\s*([^\s)>]*)")
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.I)
_BARE_URL = re.compile(r"<?\b[a-z][a-z0-9+.-]*://[^\s<>]+", re.I)
_HOSTLIKE = re.compile(r"\w[\w-]*(?:\.[\w-]+)+")
_AUTHORITY = re.compile(r"(?i:[a-z][a-z0-9+.-]*):(?://)?([^/?#]*)")


def strip_invisible(text: str) -> str:
    """`text` without bidi controls and zero-width characters."""
    return INVISIBLE.sub("", text)


def hidden_links(text: str) -> list[str]:
    """The links in `text` that do not show where they go, each as an excerpt; empty when none.

    Every link Discord makes of `[text](url)` (simple-markdown's rule: nested brackets in the text, a lone
    "]" before the last, angle brackets around the URL) has an unescaped "[" before a "](", so this finds
    them all, in one pass, without the backtracking that made the rule's regex take 14 s on 900 brackets.
    The one link allowed is `[URL](URL)`, whose text is where it goes.
    """
    found: list[str] = []
    opened = _unescaped(text, "[", 0)
    if opened < 0:
        return found
    for target in _TARGET.finditer(text, opened):
        at = target.start()
        if target.group(1) and not _SCHEME.match(target.group(3)):
            continue
        label = text[text.rfind("[", 0, at) + 1 : at]
        close = text[target.end() : target.end() + 2].lstrip(" ")
        plain = not target.group(1) and close[:1] in (")", ">") and _plain(label) == _plain(target.group(3))
        if not plain:
            found.append(text[max(opened, at - 40) : target.end()])
    return found


def _unescaped(text: str, char: str, start: int) -> int:
    """The index of the first `char` at or after `start` that no backslash escapes, or -1."""
    i = text.find(char, start)
    while i >= 0 and _escaped(text, i):
        i = text.find(char, i + 1)
    return i


def _escaped(text: str, i: int) -> bool:
    """True when the character at `i` follows an odd number of backslashes (Discord shows it as it is)."""
    before = text[:i]
    return (len(before) - len(before.rstrip("\\"))) % 2 == 1


def url_problem(url: str) -> str | None:
    """Why a URL could take a reader somewhere other than where it seems to, or None."""
    if "\\" in url:
        return "has a backslash, which browsers read as a slash (the host they visit is not the one shown)"
    authority = _AUTHORITY.match(url)
    host = authority.group(1) if authority else ""
    if "@" in host:
        return "has a user name before its host (user@host), which hides the host browsers visit"
    if mixed_script(host):
        return f"mixes scripts in its host ({display_host(host)}), as look-alike addresses do"
    return None


def text_url_problems(text: str) -> list[str]:
    """The problems of every URL written in a text (bare, in angle brackets or in a link)."""
    urls = [m.group().lstrip("<").rstrip(">") for m in _BARE_URL.finditer(text)]
    found = [f"{problem}: {display_url(u)}" for u in urls if (problem := url_problem(u))]
    if not found and not text.isascii():  # "linkedіn.com" written as prose, with a Cyrillic і
        found += [
            f"mixes scripts in a web address ({display_host(m.group())}), as look-alike addresses do"
            for m in _HOSTLIKE.finditer(text)
            if mixed_script(m.group())
        ]
    return found


def mixed_script(host: str) -> bool:
    """True when one label of `host` has letters of two scripts (Latin and Cyrillic, say)."""
    for label in host.lower().split("."):
        scripts = {_script(c) for c in label if c.isalpha()}
        if len(scripts) > 1:
            return True
    return False


def _script(char: str) -> str:
    """The script of a letter, as the first word of its Unicode name (LATIN, CYRILLIC, GREEK...)."""
    try:
        return unicodedata.name(char).split(" ")[0]
    except ValueError:
        return "UNKNOWN"


def display_host(host: str) -> str:
    """A host as it can be trusted at a glance: ASCII as it is, anything else in punycode (xn--)."""
    host = strip_invisible(host)
    if host.isascii():
        return host
    labels = []
    for label in host.split("."):
        if label.isascii():
            labels.append(label)
            continue
        try:
            labels.append(label.encode("idna").decode("ascii"))
        except UnicodeError:
            labels.append("xn--" + label.encode("punycode").decode("ascii"))
    return ".".join(labels)


def browser_host(url: str) -> str:
    """The host a browser visits for `url`, lower case, shown by display_host: a backslash ends it, as in
    browsers (urlsplit reads past it), and a user part before "@" is not the host."""
    rest = url.split("://", 1)[1] if "://" in url else ""
    authority = re.split(r"[/\\?#]", rest, maxsplit=1)[0]
    host = authority.rpartition("@")[2]
    host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return display_host(host.lower().rstrip("."))


def display_url(url: str) -> str:
    """A URL with its host shown by display_host."""
    authority = _AUTHORITY.match(url)
    if not authority or authority.group(1).isascii():
        return strip_invisible(url)
    start, end = authority.span(1)
    return strip_invisible(url[:start] + display_host(url[start:end]) + url[end:])


def _plain(text: str) -> str:
    return strip_invisible(text).strip().strip("<>").strip()
