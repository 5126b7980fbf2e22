"""One alert as plain data and as text: the new answer in short, what it was before, the steps, the sources.

A notice is computed once, when its cause is saved, and kept as JSON in the outbox, so a post made later
(after a restart, by another shard) says what was true when the change happened.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from knowledge.answers.lead import lead
from knowledge.answers.regional import RegionRow
from knowledge.answers.sources import best_sources
from knowledge.answers.text import nice_date
from knowledge.regions import short_name

CHANGE, DEADLINE, DIGEST = "change", "deadline", "digest"
NOTHING = "Privy has no sourced answer for this."
HEADINGS = {
    CHANGE: "what you're told changed",
    DEADLINE: "a deadline is coming",
    DIGEST: "more changes",
}


@dataclass(frozen=True)
class Notice:
    """An alert, ready to be shown anywhere (Discord, the command line, a feed)."""

    kind: str
    platform: str
    name: str
    regions: tuple[str, ...]
    day: date
    now: str
    before: str = ""
    steps: tuple[str, ...] = ()
    sources: tuple[dict[str, Any], ...] = ()
    what: str = ""  # the cause in a few words: "edit linkedin-genai-uk", "starts today"
    items: tuple[str, ...] = field(default=())  # a digest: the titles it carries

    @property
    def where(self) -> str:
        return ", ".join(short_name(r) for r in self.regions)

    @property
    def title(self) -> str:
        head = f"{self.name} · {self.where}" if self.regions else self.name
        return f"{head}: {HEADINGS.get(self.kind, self.kind)}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "platform": self.platform,
            "name": self.name,
            "regions": list(self.regions),
            "day": self.day.isoformat(),
            "now": self.now,
            "before": self.before,
            "steps": list(self.steps),
            "sources": list(self.sources),
            "what": self.what,
            "items": list(self.items),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Notice:
        return cls(
            kind=data["kind"],
            platform=data["platform"],
            name=data["name"],
            regions=tuple(data["regions"]),
            day=date.fromisoformat(data["day"]),
            now=data["now"],
            before=data.get("before") or "",
            steps=tuple(data.get("steps") or ()),
            sources=tuple(data.get("sources") or ()),
            what=data.get("what") or "",
            items=tuple(data.get("items") or ()),
        )


def summary(row: RegionRow | None, name: str, day: date) -> str:
    """What a row tells people, in one or two sentences computed from its claims."""
    if row is None:
        return NOTHING
    parts = [
        lead(f, platform_name=name, as_of=day, say_where=False) for f in (row.training, row.opt_out) if f
    ]
    return " ".join(p for p in parts if p) or NOTHING


def _sources(row: RegionRow) -> tuple[dict[str, Any], ...]:
    facts = [f for f in (row.training, row.opt_out) if f]
    return tuple(
        {
            "url": s.url,
            "title": s.title,
            "publisher": s.publisher,
            "date": s.date.isoformat() if s.date else None,
        }
        for s in best_sources(facts)
    )


def _steps(row: RegionRow) -> tuple[str, ...]:
    for fact in (row.opt_out, row.training):
        if fact is not None and fact.steps:
            return fact.steps
    return ()


def change_notice(
    platform: str,
    name: str,
    regions: tuple[str, ...],
    before: RegionRow,
    after: RegionRow,
    day: date,
    what: str,
) -> Notice:
    """A change to what people in `regions` are told: now, before, the steps and sources of now."""
    shown = after if (after.training or after.opt_out) else before
    return Notice(
        CHANGE,
        platform,
        name,
        regions,
        day,
        now=summary(after, name, day),
        before=summary(before, name, day),
        steps=_steps(after),
        sources=_sources(shown),
        what=what,
    )


def deadline_notice(
    platform: str, name: str, regions: tuple[str, ...], row: RegionRow, day: date, days_left: int
) -> Notice:
    """A deadline `days_left` days ahead: the way out and its steps, while there is time."""
    assert row.deadline is not None
    return Notice(
        DEADLINE,
        platform,
        name,
        regions,
        day,
        now=f"{days_left} days left: the deadline is {nice_date(row.deadline)}. " + summary(row, name, day),
        steps=_steps(row),
        sources=_sources(row),
        what=f"deadline {row.deadline.isoformat()} in {days_left} days",
    )


def digest_notice(day: date, carried: list[Notice]) -> Notice:
    """What went over a channel's daily cap, in one post the next day."""
    return Notice(
        DIGEST,
        "",
        "Privy",
        (),
        day,
        now=f"{len(carried)} more change(s) went over this channel's daily limit:",
        items=tuple(f"{nice_date(n.day)}: {n.title}. {n.now}" for n in carried),
        what=f"digest of {len(carried)}",
    )


def notice_text(notice: Notice) -> str:
    """The notice as plain text (`bot.py changes`, the feed)."""
    lines = [f"{nice_date(notice.day)} · {notice.title}", f"Now: {notice.now}"]
    if notice.before:
        lines.append(f"Before: {notice.before}")
    lines += [f"- {item}" for item in notice.items]
    lines += [f"{i}. {step}" for i, step in enumerate(notice.steps, 1)]
    lines += [f"Source: {s['url']} ({s.get('publisher') or ''})" for s in notice.sources]
    return "\n".join(lines)
