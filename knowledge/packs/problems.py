"""What is wrong with a pack: one Problem per fact and field, all of them in one PackError, each quoting at
most a short excerpt of the value (a hostile pack's 10,000-character name never reaches a message)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from knowledge.errors import CoreError

EXCERPT = 60  # characters of a value an error message quotes, at most
# Control characters (C0 but tab and line breaks, DEL, C1) have no place in a fact and can hide text.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a pack: which fact, which field, and what."""

    where: str  # fact id, or "pack" / "platforms[2]"
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.field}: {self.message}"


class PackError(CoreError, ValueError):
    """A pack that failed validation; `problems` lists every issue."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "; ".join(str(p) for p in problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        super().__init__(f"{len(problems)} problem(s): {shown}{more}")


def quote(value: Any) -> str:
    """A value quoted in an error message as repr would, cut to a short excerpt."""
    return repr(excerpt(value)) if isinstance(value, str) else excerpt(value)


def excerpt(value: Any, limit: int = EXCERPT) -> str:
    """A value as an error message quotes it: repr for non-text, and never more than `limit` characters."""
    text = value if isinstance(value, str) else repr(value)
    text = CONTROL_CHARS.sub("?", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
