"""Discord's documented limits, checked on every payload the bot sends to the fake."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

Problem = tuple[str, str]  # (dotted path, message)

IS_COMPONENTS_V2 = 1 << 15
BUTTON, SELECTS, TEXT_INPUT, LABEL = 2, (3, 5, 6, 7, 8), 4, 18
LINK_STYLE, PREMIUM_STYLE = 5, 6
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
    """Every component, depth first (rows, containers, sections, labels)."""
    for comp in components or []:
        yield comp
        yield from walk_components(comp.get("components") or [])
        for key in ("accessory", "component"):
            if isinstance(comp.get(key), dict):
                yield from walk_components([comp[key]])


def _check_button(comp: dict[str, Any], path: str, problems: list[Problem]) -> None:
    _max(problems, f"{path}.label", comp.get("label"), 80)
    style = comp.get("style")
    if style == LINK_STYLE:
        if not comp.get("url") or "custom_id" in comp:
            problems.append((path, "Link buttons need a url and cannot have a custom_id."))
    elif style != PREMIUM_STYLE and not comp.get("custom_id"):
        problems.append((f"{path}.custom_id", "Non-link buttons need a custom_id."))
    if style != PREMIUM_STYLE and not comp.get("label") and not comp.get("emoji"):
        problems.append((path, "Buttons need a label or an emoji."))


def _check_select(comp: dict[str, Any], path: str, problems: list[Problem]) -> None:
    _max(problems, f"{path}.placeholder", comp.get("placeholder"), 150)
    options = comp.get("options") or []
    if comp.get("type") == 3 and not 1 <= len(options) <= 25:
        problems.append((f"{path}.options", f"Must be between 1 and 25 in length (got {len(options)})."))
    for j, opt in enumerate(options):
        for key in ("label", "value", "description"):
            _max(problems, f"{path}.options.{j}.{key}", opt.get(key), 100)
    for key in ("min_values", "max_values"):
        value = comp.get(key)
        if value is not None and not 0 <= value <= 25:
            problems.append((f"{path}.{key}", "Must be between 0 and 25."))


def check_components(components: list[dict[str, Any]], path: str, *, flags: int = 0) -> list[Problem]:
    """Limits of message components (action rows, buttons, selects; v2 layouts counted only)."""
    problems: list[Problem] = []
    components = components or []
    if flags & IS_COMPONENTS_V2:
        total = sum(1 for _ in walk_components(components))
        if total > 40:
            problems.append((path, f"Must be 40 or fewer components in total (got {total})."))
    elif len(components) > 5:
        problems.append((path, f"Must be 5 or fewer action rows (got {len(components)})."))
    for i, row in enumerate(components):
        if row.get("type") != 1:
            continue
        children = row.get("components") or []
        kinds = {c.get("type") for c in children}
        if BUTTON in kinds and len(children) > 5:
            problems.append(
                (f"{path}.{i}.components", f"Must be 5 or fewer buttons in a row (got {len(children)}).")
            )
        if kinds & set(SELECTS) and len(children) != 1:
            problems.append((f"{path}.{i}.components", "A select menu must be alone in its action row."))
        if not children:
            problems.append((f"{path}.{i}.components", "Action rows cannot be empty."))
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
        if comp.get("type") == BUTTON:
            _check_button(comp, cpath, problems)
        elif comp.get("type") in SELECTS:
            _check_select(comp, cpath, problems)
        elif comp.get("type") == TEXT_INPUT:
            problems.append((cpath, "Text inputs are only allowed in modals."))
        elif comp.get("type") == 10:  # text display
            _max(problems, f"{cpath}.content", comp.get("content"), 4000)
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
    flags = int(payload.get("flags") or 0)
    problems += check_components(payload.get("components") or [], f"{p}components", flags=flags)
    attachments = payload.get("attachments") or []
    if max(files, len(attachments)) > 10:
        problems.append((f"{p}attachments", "Must be 10 or fewer in length."))
    if not partial and not flags & IS_COMPONENTS_V2:
        has_body = payload.get("content") or embeds or files or attachments or payload.get("components")
        if not (has_body or payload.get("sticker_ids") or payload.get("poll")):
            problems.append((f"{p}content", "Cannot send an empty message"))
    if flags & IS_COMPONENTS_V2 and (payload.get("content") or embeds):
        problems.append((f"{p}flags", "Messages with IS_COMPONENTS_V2 cannot have content or embeds."))
    return problems


def check_modal(data: dict[str, Any], path: str = "data") -> list[Problem]:
    """Limits of a modal (callback type 9)."""
    problems: list[Problem] = []
    title = data.get("title")
    if not title:
        problems.append((f"{path}.title", "This field is required."))
    _max(problems, f"{path}.title", title, 45)
    _max(problems, f"{path}.custom_id", data.get("custom_id"), 100)
    components = data.get("components") or []
    if not 1 <= len(components) <= 5:
        problems.append((f"{path}.components", f"Must be between 1 and 5 in length (got {len(components)})."))
    for i, top in enumerate(components):
        cpath = f"{path}.components.{i}"
        if top.get("type") == LABEL:
            _max(problems, f"{cpath}.label", top.get("label"), 45)
            _max(problems, f"{cpath}.description", top.get("description"), 100)
            inner = [top.get("component") or {}]
        elif top.get("type") == 1:
            inner = top.get("components") or []
            if len(inner) != 1:
                problems.append((f"{cpath}.components", "A modal action row holds exactly one component."))
        else:
            inner = []
        for comp in inner:
            if comp.get("type") != TEXT_INPUT:
                continue
            _max(problems, f"{cpath}.label", comp.get("label"), 45)
            if top.get("type") == 1 and not comp.get("label"):
                problems.append((f"{cpath}.label", "Text inputs in action rows need a label."))
            _max(problems, f"{cpath}.custom_id", comp.get("custom_id"), 100)
            _max(problems, f"{cpath}.placeholder", comp.get("placeholder"), 100)
            _max(problems, f"{cpath}.value", comp.get("value"), 4000)
            for key, low in (("min_length", 0), ("max_length", 1)):
                value = comp.get(key)
                if value is not None and not low <= value <= 4000:
                    problems.append((f"{cpath}.{key}", f"Must be between {low} and 4000."))
    return problems


def check_choices(data: dict[str, Any], path: str = "data") -> list[Problem]:
    """Limits of autocomplete results (callback type 8)."""
    problems: list[Problem] = []
    choices = data.get("choices")
    if not isinstance(choices, list):
        return [(f"{path}.choices", "This field is required.")]
    if len(choices) > 25:
        problems.append((f"{path}.choices", f"Must be 25 or fewer in length (got {len(choices)})."))
    for i, choice in enumerate(choices):
        name = choice.get("name")
        if not name:
            problems.append((f"{path}.choices.{i}.name", "Must be between 1 and 100 in length."))
        _max(problems, f"{path}.choices.{i}.name", name, 100)
        _max(problems, f"{path}.choices.{i}.value", choice.get("value"), 100)
    return problems


def _check_option(opt: dict[str, Any], path: str, problems: list[Problem]) -> None:
    name = opt.get("name") or ""
    if not COMMAND_NAME.match(name) or name != name.lower():
        problems.append((f"{path}.name", f"Invalid option name {name!r} (1-32 lowercase word characters)."))
    desc = opt.get("description") or ""
    if not 1 <= len(desc) <= 100:
        problems.append((f"{path}.description", "Must be between 1 and 100 in length."))
    if len(opt.get("choices") or []) > 25:
        problems.append((f"{path}.choices", "Must be 25 or fewer in length."))
    for i, choice in enumerate(opt.get("choices") or []):
        _max(problems, f"{path}.choices.{i}.name", choice.get("name"), 100)
        _max(problems, f"{path}.choices.{i}.value", choice.get("value"), 100)
    children = opt.get("options") or []
    if len(children) > 25:
        problems.append((f"{path}.options", "Must be 25 or fewer in length."))
    seen_optional = False
    for i, child in enumerate(children):
        if child.get("type") not in (1, 2):
            if seen_optional and child.get("required"):
                problems.append(
                    (f"{path}.options.{i}", "Required options must be placed before non-required.")
                )
            seen_optional = seen_optional or not child.get("required")
        _check_option(child, f"{path}.options.{i}", problems)


def check_commands(commands: list[dict[str, Any]], path: str = "") -> list[Problem]:
    """Limits of application command registration payloads."""
    problems: list[Problem] = []
    if len(commands) > 100:
        problems.append((path or "commands", "Must be 100 or fewer in length."))
    seen: set[tuple[str, int]] = set()
    for i, cmd in enumerate(commands):
        cpath = f"{path}{i}"
        kind = cmd.get("type", 1)
        name = cmd.get("name") or ""
        if (name, kind) in seen:
            problems.append((f"{cpath}.name", f"Application command names must be unique ({name!r})."))
        seen.add((name, kind))
        if kind == 1:
            _check_option(cmd, cpath, problems)
        elif not 1 <= len(name) <= 32:
            problems.append((f"{cpath}.name", "Must be between 1 and 32 in length."))
    return problems


def nest_errors(problems: list[Problem]) -> dict[str, Any]:
    """Discord's nested `errors` object for an Invalid Form Body response."""
    root: dict[str, Any] = {}
    for path, message in problems:
        node = root
        for part in [p for p in path.split(".") if p] or ["_root"]:
            node = node.setdefault(part, {})
        node.setdefault("_errors", []).append({"code": "BASE_TYPE_INVALID", "message": message})
    return root
