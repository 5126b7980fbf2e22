"""A fact as a few blocks of plain text (what fits in a Discord modal), and back, losing nothing typed.

Parsing is lenient on purpose: whatever a moderator types is kept in the draft, and check_fact then
names every field that is wrong, so a typo costs one correction, not a retyped form.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from knowledge.model import Platform
from knowledge.packs.format import Problem
from knowledge.reading.safe_text import strip_invisible
from knowledge.regions import normalize

COVERAGE_KEYS = ("regions", "topic", "platform")
DATE_KEYS = ("verified", "valid_from", "valid_until")
SOURCE_PARTS = ("url", "title", "publisher", "date")
SEPARATOR = " | "
TYPED = "_typed"  # blocks kept exactly as typed while a line in them cannot be read; never saved


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def coverage_text(raw: dict[str, Any]) -> str:
    """'regions: uk, eea' / 'topic: opt-out' / 'platform: linkedin', one per line (or as last typed)."""
    if "coverage" in raw.get(TYPED, {}):
        return str(raw[TYPED]["coverage"])
    regions = raw.get("regions")
    shown = ", ".join(str(r) for r in regions) if isinstance(regions, list) else _text(regions)
    return f"regions: {shown}\ntopic: {_text(raw.get('topic'))}\nplatform: {_text(raw.get('platform'))}"


def dates_text(raw: dict[str, Any]) -> str:
    if "dates" in raw.get(TYPED, {}):
        return str(raw[TYPED]["dates"])
    return "\n".join(f"{key}: {_text(raw.get(key))}" for key in DATE_KEYS)


def sources_text(raw: dict[str, Any]) -> str:
    """One source a line: url | title | publisher | date (the last three optional)."""
    lines = []
    for src in raw.get("sources") or []:
        if isinstance(src, dict):
            parts = [_text(src.get(k)) for k in SOURCE_PARTS]
            while parts and not parts[-1]:
                parts.pop()
            lines.append(SEPARATOR.join(parts))
        else:
            lines.append(_text(src))
    return "\n".join(lines)


def lines_text(values: Any) -> str:
    return "\n".join(str(v) for v in values) if isinstance(values, list) else _text(values)


def parse_lines(text: str) -> list[str]:
    """Non-empty lines, stripped; a leading '1.' or '-' is list decoration, not content."""
    out = []
    for line in strip_invisible(text).splitlines():
        line = re.sub(r"^\s*(?:\d+[.)]|[-*•])\s+", "", line).strip()
        if line:
            out.append(line)
    return out


def _pairs(text: str, block: str, keys: tuple[str, ...], where: str) -> tuple[dict[str, str], list[Problem]]:
    values: dict[str, str] = {}
    problems = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        name, colon, value = line.partition(":")
        key = name.strip().lower().replace(" ", "_").replace("-", "_")
        if not colon or key not in keys:
            problems.append(
                Problem(
                    where,
                    block,
                    f"line {n} {line.strip()[:60]!r}: write 'name: value' with name one of "
                    + ", ".join(keys),
                )
            )
            continue
        values[key] = value.strip()
    return values, problems


def resolve_platform(text: str, platforms: list[Platform]) -> str:
    """A platform id from its id, name or alias ('Facebook' -> 'meta'); unknown text is kept as typed."""
    wanted = text.strip().lower()
    for p in platforms:
        if wanted in (p.id, p.name.lower(), *(a.lower() for a in p.aliases)):
            return p.id
    return wanted


def apply_text(
    raw: dict[str, Any],
    platforms: list[Platform],
    *,
    fact_id: str | None = None,
    question: str | None = None,
    answer: str | None = None,
    coverage: str | None = None,
    dates: str | None = None,
) -> tuple[dict[str, Any], list[Problem]]:
    """The draft `raw` with the main modal's blocks applied; problems name lines that could not be read."""
    out = dict(raw)
    if fact_id is not None:
        out["id"] = fact_id.strip().lower()
    where = str(out.get("id") or "fact")
    if question is not None:
        out["question"] = " ".join(strip_invisible(question).split())
    if answer is not None:
        out["answer"] = " ".join(strip_invisible(answer).split())
    problems: list[Problem] = []
    typed = dict(out.pop(TYPED, None) or {})
    if coverage is not None:
        values, bad = _pairs(coverage, "coverage", COVERAGE_KEYS, where)
        _keep(typed, "coverage", coverage if bad else None)
        problems += bad
        codes = [c for c in re.split(r"[,;\s]+", values.get("regions", "")) if c]
        out["regions"] = [normalize(c) or c.lower() for c in codes]
        out["topic"] = values.get("topic", "").lower()
        platform = values.get("platform", "")
        _set_optional(out, "platform", resolve_platform(platform, platforms) if platform else None)
    if dates is not None:
        values, bad = _pairs(dates, "dates", DATE_KEYS, where)
        _keep(typed, "dates", dates if bad else None)
        problems += bad
        for key in DATE_KEYS:
            _set_optional(out, key, values.get(key) or None)
    if typed:
        out[TYPED] = typed
    return out, problems


def _keep(typed: dict[str, str], block: str, text: str | None) -> None:
    if text is None:
        typed.pop(block, None)
    else:
        typed[block] = text


def typed_problems(raw: dict[str, Any]) -> list[Problem]:
    """The lines of kept blocks that still cannot be read (see TYPED)."""
    where = str(raw.get("id") or "fact")
    keys = {"coverage": COVERAGE_KEYS, "dates": DATE_KEYS}
    return [
        p
        for block, text in (raw.get(TYPED) or {}).items()
        for p in _pairs(text, block, keys[block], where)[1]
    ]


def without_typed(raw: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in raw.items() if k != TYPED}


def apply_sources(raw: dict[str, Any], text: str) -> dict[str, Any]:
    """The draft with its sources replaced by the lines of `text`."""
    sources = []
    for line in parse_lines(text):
        parts = [p.strip() for p in line.split("|")]
        src = {k: v for k, v in zip(SOURCE_PARTS, parts, strict=False) if v}
        if len(parts) > len(SOURCE_PARTS):
            src["date"] = parts[-1]  # a '|' inside a title: the date is still last
            src["title"] = " | ".join(parts[1 : len(parts) - 2])
            src["publisher"] = parts[-2]
        sources.append(src)
    return {**raw, "sources": sources}


def apply_lists(
    raw: dict[str, Any], *, steps: str | None = None, variants: str | None = None
) -> dict[str, Any]:
    out = dict(raw)
    if steps is not None:
        _set_optional(out, "steps", parse_lines(steps) or None)
    if variants is not None:
        _set_optional(out, "variants", parse_lines(variants) or None)
    return out


def _set_optional(raw: dict[str, Any], key: str, value: Any) -> None:
    if value is None:
        raw.pop(key, None)
    else:
        raw[key] = value


def slug_for(question: str, taken: set[str]) -> str:
    """A readable, unused fact id from a question: 'does-zoom-train-ai-on-my-calls'."""
    words = re.findall(r"[a-z0-9]+", question.lower())
    base = "-".join(words)[:60].strip("-") or "fact"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
