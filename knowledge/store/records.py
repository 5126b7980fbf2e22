"""What the fact base hands out besides facts: who changed something, a revision, an import's plan,
and the errors a person can act on (each one sentence)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from knowledge.errors import CoreError
from knowledge.model import Fact
from knowledge.reading.safe_text import strip_invisible


@dataclass(frozen=True)
class Author:
    """Who made a change: a Discord id when there is one, and a readable name."""

    name: str
    id: str | None = None

    def __post_init__(self) -> None:
        """A display name with a bidi override or zero-width characters would be stored, and shown, so."""
        object.__setattr__(self, "name", strip_invisible(self.name))

    def __str__(self) -> str:
        return f"{self.name} ({self.id})" if self.id else self.name


SYSTEM = Author("privy (embedded pack)")


@dataclass(frozen=True)
class Revision:
    """One change to one fact."""

    fact_id: str
    rev: int
    at: str
    by_id: str | None
    by_name: str
    action: str  # add | edit | import | retire | verify | revert | approve | translate
    changes: tuple[str, ...]
    data: dict[str, Any]
    note: str | None = None  # e.g. who proposed a change that another moderator approved
    scope: str = ""  # '' the shared base, else the server whose layer it changed

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rev": self.rev,
            "at": self.at,
            "by": self.by_name,
            "by_id": self.by_id,
            "action": self.action,
            "changes": list(self.changes),
        }
        if self.note:
            out["note"] = self.note
        return out


@dataclass
class ImportPlan:
    """What importing a pack does: ids added, changed and left as they are, and the revision each fact
    of the pack was at when the plan was made (0: not in the base), so a confirmation can notice change."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    platforms: list[str] = field(default_factory=list)
    revisions: dict[str, int] = field(default_factory=dict)
    kept_aliases: dict[str, list[str]] = field(default_factory=dict)  # platform -> names the pack left out

    def summary(self) -> str:
        kept = sum(len(names) for names in self.kept_aliases.values())
        return (
            f"{len(self.added)} added, {len(self.changed)} changed, {len(self.unchanged)} unchanged"
            + (f", {len(self.platforms)} platform(s) added or renamed" if self.platforms else "")
            + (f", {kept} platform name(s) kept that the pack leaves out" if kept else "")
        )

    def notes(self) -> list[str]:
        """One line a platform whose names in the base were kept although the pack leaves them out."""
        return [
            f"{pid}: kept as aliases, not in the pack: {', '.join(names)}"
            for pid, names in self.kept_aliases.items()
        ]


class PlanOutdated(CoreError):
    """Facts of an import plan changed (or were added) after the plan was shown; nothing was imported."""

    SHOWN = 10  # ids named in the message; the rest are counted

    def __init__(self, changed: dict[str, tuple[int, int]]):
        self.changed = changed  # fact id -> (revision in the plan, revision now)
        ids = list(changed)  # in the order of the pack
        named = ", ".join(
            f"{i} (revision {changed[i][1]}, planned at {changed[i][0]})" if changed[i][0] else f"{i} (added)"
            for i in ids[: self.SHOWN]
        )
        more = f" and {len(ids) - self.SHOWN} more" if len(ids) > self.SHOWN else ""
        super().__init__(
            f"{len(ids)} fact(s) of this import changed since its plan was made: {named}{more}; "
            "nothing was imported. Read the pack again to see a new plan."
        )


class NotFoundError(CoreError, LookupError):
    """No fact with that id."""


class NothingToRevert(CoreError, ValueError):
    """A revert to what the fact already is: it would only add an empty revision."""


class ConflictError(CoreError, RuntimeError):
    """Someone else changed the fact since the editor loaded it."""

    def __init__(self, fact: Fact, rev: int, by: str):
        self.fact, self.rev, self.by = fact, rev, by
        super().__init__(f"{fact.id} was changed by {by} (now revision {rev}) since you opened it")
