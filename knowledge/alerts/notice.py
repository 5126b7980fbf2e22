"""One alert as plain data and as text: the new answer in short, what it was before, the steps, the sources.

A notice is computed once, when its cause is saved, and kept as JSON in the outbox, so a post made later
(after a restart, by another shard) says what was true when the change happened. It is computed in the
language of the channel it is for (its server's: `speaking(sub.lang)` around it) and says which (`lang`),
so its post's headings are written in the same one; the shared log of changes (`bot.py changes`, the feed)
is English.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from knowledge.answers.lead import lead
from knowledge.answers.regional import RegionRow
from knowledge.answers.sources import best_sources
from knowledge.answers.text import nice_date
from knowledge.i18n.catalogues import ENGLISH
from knowledge.i18n.curated import steps_of_fact
from knowledge.i18n.local import region_short
from knowledge.i18n.speaking import N_, _, language

CHANGE, DEADLINE, DIGEST = "change", "deadline", "digest"
NOTHING = N_("Privy has no sourced answer for this.")
SAME_BUT_STEPS = N_("The same as now, with other steps.")
HEADINGS = {
    CHANGE: N_("what you're told changed"),
    DEADLINE: N_("a deadline is coming"),
    DIGEST: N_("more changes"),
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
    lang: str = ENGLISH  # the language `now`, `before` and `items` were written in
    english_steps: bool = False  # the steps are the English ones in a notice in another language

    @property
    def where(self) -> str:
        return ", ".join(region_short(r) for r in self.regions)

    @property
    def title(self) -> str:
        """'Velora · UK: what you're told changed', in the language being spoken."""
        head = f"{self.name} · {self.where}" if self.regions else self.name
        kind = HEADINGS.get(self.kind)
        return _("{head}: {kind}").format(head=head, kind=_(kind) if kind else self.kind)

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
            "lang": self.lang,
            "english_steps": self.english_steps,
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
            lang=data.get("lang") or ENGLISH,  # a notice stored before alerts spoke other languages
            english_steps=bool(data.get("english_steps")),
        )


def summary(row: RegionRow | None, name: str, day: date) -> str:
    """What a row tells people, in one or two sentences computed from its claims."""
    if row is None:
        return _(NOTHING)
    parts = [
        lead(f, platform_name=name, as_of=day, say_where=False) for f in (row.training, row.opt_out) if f
    ]
    return " ".join(p for p in parts if p) or _(NOTHING)


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


def _steps(row: RegionRow) -> tuple[tuple[str, ...], bool]:
    """The steps of the row's way out (a current translation of them in the language spoken), and
    whether they are the English ones shown in another language."""
    for fact in (row.opt_out, row.training):
        if fact is not None and fact.steps:
            return steps_of_fact(fact)
    return (), False


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
    steps, english_steps = _steps(after)
    now, then = summary(after, name, day), summary(before, name, day)
    if then == now:
        # The summary says the claim, since when, for whom, on what data and the deadline: an alert whose
        # summary is unchanged is about the steps alone (alerts.diff.told), shown below. Never "X. Before: X."
        then = _(SAME_BUT_STEPS)
    return Notice(
        CHANGE,
        platform,
        name,
        regions,
        day,
        now=now,
        before=then,
        steps=steps,
        sources=_sources(shown),
        what=what,
        lang=language(),
        english_steps=english_steps,
    )


def deadline_notice(
    platform: str, name: str, regions: tuple[str, ...], row: RegionRow, day: date, days_left: int
) -> Notice:
    """A deadline `days_left` days ahead: the way out and its steps, while there is time."""
    assert row.deadline is not None
    steps, english_steps = _steps(row)
    left = _("{days} days left: the deadline is {day}.").format(days=days_left, day=nice_date(row.deadline))
    return Notice(
        DEADLINE,
        platform,
        name,
        regions,
        day,
        now=f"{left} {summary(row, name, day)}",
        steps=steps,
        sources=_sources(row),
        what=f"deadline {row.deadline.isoformat()} in {days_left} days",
        lang=language(),
        english_steps=english_steps,
    )


def digest_notice(day: date, carried: list[Notice]) -> Notice:
    """What went over a channel's daily cap, in one post the next day."""
    return Notice(
        DIGEST,
        "",
        "Privy",
        (),
        day,
        now=_("{count} more change(s) went over this channel's daily limit:").format(count=len(carried)),
        items=tuple(f"{nice_date(n.day)}: {n.title}. {n.now}" for n in carried),
        what=f"digest of {len(carried)}",
        lang=language(),
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
