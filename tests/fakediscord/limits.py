"""Discord's documented limits, checked on every payload the bot sends to the fake (real bugs hide here)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

Problem = tuple[str, str]  # (dotted path, message)

ROW, BUTTON, STRING_SELECT, TEXT_INPUT = 1, 2, 3, 4
LINK_STYLE = 5
COMMAND_NAME = re.compile(r"^[-_'\w]{1,32}$")


def _max(problems: list[Problem], path: str, value: Any, limit: int) -> None:
    if isinstance(value, str) and len(value) > limit:
        problems.append((path, f"Must be {limit} or fewer in length (got {len(value)})."))


def _text_len(value: Any) -> int:
    return len(value) if isinstance(value, str) else 0


def embed_text_length(embed: dict[str, Any]) -> int:
    """Characters that count towards the 6000-per-message embed total."""
    total = _text_len(embed.get("title")) + _text_len(embed.get("description"))
    total += _text_len((embed.get("footer") or {}).get("text"))
    total += _text_len((embed.get("author") or {}).get("name"))
    for f in embed.get("fields") or []:
        total += _text_len(f.get("name")) + _text_len(f.get("value"))
    return total


def check_embed(embed: dict[str, Any], path: str) -> list[Problem]:
    """Limits of one embed."""
    problems: list[Problem] = []
    _max(problems, f"{path}.title", embed.get("title"), 256)
    _max(problems, f"{path}.description", embed.get("description"), 4096)
    _max(problems, f"{path}.footer.text", (embed.get("footer") or {}).get("text"), 2048)
    _max(problems, f"{path}.author.name", (embed.get("author") or {}).get("name"), 256)
    fields = embed.get("fields") or []
    if len(fields) > 25:
        problems.append((f"{path}.fields", f"Must be 25 or fewer in length (got {len(fields)})."))
    for i, f in enumerate(fields):
        for key, limit in (("name", 256), ("value", 1024)):
            value = f.get(key)
            if not isinstance(value, str) or not value.strip():
                problems.append((f"{path}.fields.{i}.{key}", "This field is required (must be non-empty)."))
            _max(problems, f"{path}.fields.{i}.{key}", value, limit)
    return problems


def walk_components(components: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every component, depth first (action rows, then what they hold)."""
    for comp in components or []:
        yield comp
        yield from walk_components(comp.get("components") or [])


def _check_item(comp: dict[str, Any], path: str, problems: list[Problem]) -> None:
    kind = comp.get("type")
    if kind == BUTTON:
        _max(problems, f"{path}.label", comp.get("label"), 80)
        if comp.get("style") == LINK_STYLE:
            if not comp.get("url") or "custom_id" in comp:
                problems.append((path, "Link buttons need a url and cannot have a custom_id."))
        elif not comp.get("custom_id"):
            problems.append((f"{path}.custom_id", "Non-link buttons need a custom_id."))
        if not comp.get("label") and not comp.get("emoji"):
            problems.append((path, "Buttons need a label or an emoji."))
    elif kind == STRING_SELECT:
        _max(problems, f"{path}.placeholder", comp.get("placeholder"), 150)
        options = comp.get("options") or []
        if not 1 <= len(options) <= 25:
            problems.append((f"{path}.options", f"Must be between 1 and 25 in length (got {len(options)})."))
        for j, opt in enumerate(options):
            for key in ("label", "value", "description"):
                _max(problems, f"{path}.options.{j}.{key}", opt.get(key), 100)
        for key in ("min_values", "max_values"):
            value = comp.get(key)
            if value is not None and not 0 <= value <= 25:
                problems.append((f"{path}.{key}", "Must be between 0 and 25."))
    elif kind == TEXT_INPUT:
        problems.append((path, "Text inputs are only allowed in modals."))


def check_components(components: list[dict[str, Any]], path: str) -> list[Problem]:
    """Limits of message components: up to 5 action rows of up to 5 buttons or one select."""
    problems: list[Problem] = []
    components = components or []
    if len(components) > 5:
        problems.append((path, f"Must be 5 or fewer action rows (got {len(components)})."))
    for i, row in enumerate(components):
        children = row.get("components") or []
        if row.get("type") != ROW:
            problems.append((f"{path}.{i}", "Top-level components must be action rows."))
        elif not children:
            problems.append((f"{path}.{i}.components", "Action rows cannot be empty."))
        elif len(children) > 5:
            problems.append((f"{path}.{i}.components", f"Must be 5 or fewer in a row (got {len(children)})."))
        elif any(c.get("type") == STRING_SELECT for c in children) and len(children) != 1:
            problems.append((f"{path}.{i}.components", "A select menu must be alone in its action row."))
    seen: set[str] = set()
    for j, comp in enumerate(walk_components(components)):
        cpath = f"{path}[{j}:type {comp.get('type')}]"
        custom_id = comp.get("custom_id")
        if custom_id is not None:
            _max(problems, f"{cpath}.custom_id", custom_id, 100)
            if custom_id in seen:
                problems.append(
                    (f"{cpath}.custom_id", f"Component custom id cannot be duplicated ({custom_id!r}).")
                )
            seen.add(custom_id)
        _check_item(comp, cpath, problems)
    return problems


def check_message(
    payload: dict[str, Any], path: str = "", *, partial: bool = False, files: int = 0
) -> list[Problem]:
    """Limits of a message create/edit payload. `partial` is for edits (empty is allowed)."""
    p = f"{path}." if path else ""
    problems: list[Problem] = []
    _max(problems, f"{p}content", payload.get("content"), 2000)
    embeds = payload.get("embeds") or []
    if len(embeds) > 10:
        problems.append((f"{p}embeds", f"Must be 10 or fewer in length (got {len(embeds)})."))
    for i, embed in enumerate(embeds):
        problems += check_embed(embed, f"{p}embeds.{i}")
    total = sum(embed_text_length(e) for e in embeds)
    if total > 6000:
        problems.append((f"{p}embeds", f"Embed size exceeds maximum size of 6000 (got {total})."))
    problems += check_components(payload.get("components") or [], f"{p}components")
    attachments = payload.get("attachments") or []
    if max(files, len(attachments)) > 10:
        problems.append((f"{p}attachments", "Must be 10 or fewer in length."))
    has_body = payload.get("content") or embeds or files or attachments or payload.get("components")
    if not partial and not has_body:
        problems.append((f"{p}content", "Cannot send an empty message"))
    return problems


def check_modal(data: dict[str, Any], path: str = "data") -> list[Problem]:
    """Limits of a modal (callback type 9): a title and 1-5 action rows of one text input each."""
    problems: list[Problem] = []
    title = data.get("title")
    if not title:
        problems.append((f"{path}.title", "This field is required."))
    _max(problems, f"{path}.title", title, 45)
    _max(problems, f"{path}.custom_id", data.get("custom_id"), 100)
    rows = data.get("components") or []
    if not 1 <= len(rows) <= 5:
        problems.append((f"{path}.components", f"Must be between 1 and 5 in length (got {len(rows)})."))
    for i, row in enumerate(rows):
        rpath = f"{path}.components.{i}"
        inner = row.get("components") or []
        if row.get("type") != ROW or len(inner) != 1 or inner[0].get("type") != TEXT_INPUT:
            problems.append((rpath, "A modal action row holds exactly one text input."))
            continue
        comp = inner[0]
        if not comp.get("label"):
            problems.append((f"{rpath}.label", "Text inputs need a label."))
        _max(problems, f"{rpath}.label", comp.get("label"), 45)
        _max(problems, f"{rpath}.custom_id", comp.get("custom_id"), 100)
        _max(problems, f"{rpath}.placeholder", comp.get("placeholder"), 100)
        _max(problems, f"{rpath}.value", comp.get("value"), 4000)
        for key, low in (("min_length", 0), ("max_length", 1)):
            value = comp.get(key)
            if value is not None and not low <= value <= 4000:
                problems.append((f"{rpath}.{key}", f"Must be between {low} and 4000."))
    return problems


def check_choices(data: dict[str, Any], path: str = "data") -> list[Problem]:
    """Limits of autocomplete results (callback type 8)."""
    choices = data.get("choices")
    if not isinstance(choices, list):
        return [(f"{path}.choices", "This field is required.")]
    problems: list[Problem] = []
    if len(choices) > 25:
        problems.append((f"{path}.choices", f"Must be 25 or fewer in length (got {len(choices)})."))
    for i, choice in enumerate(choices):
        if not choice.get("name"):
            problems.append((f"{path}.choices.{i}.name", "Must be between 1 and 100 in length."))
        _max(problems, f"{path}.choices.{i}.name", choice.get("name"), 100)
        _max(problems, f"{path}.choices.{i}.value", choice.get("value"), 100)
    return problems


# Discord's locales (discord.com/developers/docs/reference#locales)
LOCALES = frozenset(
    "id da de en-GB en-US es-ES es-419 fr hr it lt hu nl no pl pt-BR ro fi sv-SE vi tr cs el bg ru uk hi th "
    "zh-CN ja zh-TW ko".split()
)


def _check_option(opt: dict[str, Any], path: str, problems: list[Problem]) -> None:
    """Name and description of a command or option, and of what it holds (discord.py checks the rest)."""
    name = opt.get("name") or ""
    if not COMMAND_NAME.match(name) or name != name.lower():
        problems.append((f"{path}.name", f"Invalid name {name!r} (1-32 lowercase word characters)."))
    if not 1 <= len(opt.get("description") or "") <= 100:
        problems.append((f"{path}.description", "Must be between 1 and 100 in length."))
    _check_localizations(opt, path, problems, slash=True)
    children = opt.get("options") or []
    if len(children) > 25:
        problems.append((f"{path}.options", "Must be 25 or fewer in length."))
    for i, child in enumerate(children):
        _check_option(child, f"{path}.options.{i}", problems)


def check_commands(commands: list[dict[str, Any]]) -> list[Problem]:
    """Limits of an application command registration (a bulk overwrite)."""
    problems: list[Problem] = []
    if len(commands) > 100:
        problems.append(("commands", "Must be 100 or fewer in length."))
    seen: set[tuple[str, int]] = set()
    for i, cmd in enumerate(commands):
        kind, name = cmd.get("type", 1), cmd.get("name") or ""
        if (name, kind) in seen:
            problems.append((f"{i}.name", f"Application command names must be unique ({name!r})."))
        seen.add((name, kind))
        if kind == 1:
            _check_option(cmd, str(i), problems)
        else:
            if not 1 <= len(name) <= 32:
                problems.append((f"{i}.name", "Must be between 1 and 32 in length."))
            _check_localizations(cmd, str(i), problems, slash=False)
    return problems


def _check_localizations(opt: dict[str, Any], path: str, problems: list[Problem], *, slash: bool) -> None:
    """name_localizations and description_localizations: Discord's locales only, each value held to the
    rules of the field it localises (a slash command's names lowercase words, a menu's 1-32 characters)."""
    for key, limit in (("name_localizations", 32), ("description_localizations", 100)):
        for locale, text in (opt.get(key) or {}).items():
            where = f"{path}.{key}.{locale}"
            if locale not in LOCALES:
                problems.append((where, f"Invalid locale {locale!r}."))
            elif key == "name_localizations" and slash:
                if not COMMAND_NAME.match(text or "") or text != text.lower():
                    problems.append((where, f"Invalid name {text!r} (1-32 lowercase word characters)."))
            elif not 1 <= len(text or "") <= limit:
                problems.append((where, f"Must be between 1 and {limit} in length."))


def nest_errors(problems: list[Problem]) -> dict[str, Any]:
    """Discord's nested `errors` object for an Invalid Form Body response."""
    root: dict[str, Any] = {}
    for path, message in problems:
        node = root
        for part in [p for p in path.split(".") if p] or ["_root"]:
            node = node.setdefault(part, {})
        node.setdefault("_errors", []).append({"code": "BASE_TYPE_INVALID", "message": message})
    return root
