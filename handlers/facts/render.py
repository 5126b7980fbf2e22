"""Moderator replies as text and embeds: facts as users see them, drafts, history, plans and the queue.

Only layout lives here; every decision was made in knowledge/. Fact previews use embeds.answer_embed,
the very function that renders answers to users.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import discord

from handlers.embeds import CONTENT, FIELD_VALUE, answer_embed, clip, escape
from knowledge.answers.text import nice_date, verified_words
from knowledge.curation.card import FactCard
from knowledge.curation.preview import Shown, preview
from knowledge.curation.queue import ReviewQueue
from knowledge.curation.workflow import DraftState, FieldChange, draft_fact
from knowledge.i18n.curated import is_stale
from knowledge.model import Fact
from knowledge.packs.format import Problem
from knowledge.store.drafts import Change
from knowledge.store.facts import ConflictError, ImportPlan, Revision

ADMIN_COLOUR = discord.Colour(0x64748B)
MAX_LINES = 15
MAX_LINE = 300  # characters of one problem; a pack's error may quote a long value


def day(text: str | None) -> str:
    """'23 Nov 2026' from an ISO timestamp or date."""
    if not text:
        return "?"
    try:
        return nice_date(datetime.fromisoformat(text).date())
    except ValueError:
        return text[:10]


def code(text: str) -> str:
    return f"`{text.replace('`', 'ʼ')}`"


def problems_text(problems: list[Problem], heading: str = "Fix before saving:", where: bool = False) -> str:
    """One line per problem, naming the field (and the fact, for a pack): as many whole lines as fit a
    message, then how many more there are."""
    budget = CONTENT - 200 - len("… and 99999 more.")
    lines = [heading]
    for p in problems[:MAX_LINES]:
        line = clip(f"• {code(p.where) + ' ' if where else ''}**{p.field}**: {p.message}", MAX_LINE)
        if sum(len(x) + 1 for x in lines) + len(line) > budget:
            break
        lines.append(line)
    if len(problems) > len(lines) - 1:
        lines.append(f"… and {len(problems) - (len(lines) - 1)} more.")
    return "\n".join(lines)


def shown_embeds(shown: Shown) -> list[discord.Embed]:
    return [answer_embed(shown.answer)]


def with_note(text: str, shown: Shown | None) -> str:
    if shown is not None and shown.note:
        text += f"\n⚠️ {shown.note}"
    return clip(text, CONTENT)


# ---- drafts ---------------------------------------------------------------------------------------------


def draft_heading(change: Change) -> str:
    fid = code(str(change.data.get("id") or "(no id yet)"))
    if change.action == "add":
        return f"**Draft #{change.id}**: new fact {fid}. Not live yet."
    return f"**Draft #{change.id}**: edit of {fid} (from revision {change.base_rev}). Not live yet."


def draft_text(state: DraftState, review: bool, conflict: ConflictError | None = None) -> str:
    """The panel's message: what is left to fix, or that it is ready to save (or propose)."""
    parts = [draft_heading(state.change)]
    if conflict is not None:
        parts.append(conflict_text(conflict, kept=True))
    if state.problems:
        parts.append(problems_text(state.problems))
    else:
        verb = (
            "**Propose** sends it to another moderator for approval" if review else "**Save** makes it live"
        )
        parts.append(f"Ready. This preview is what users will see; {verb}.")
    return clip("\n".join(parts), CONTENT)


def draft_embeds(state: DraftState, as_of: date, platforms: list[Any]) -> list[discord.Embed]:
    fact = draft_fact(state.change)
    return [answer_embed(preview(fact, platforms, as_of))] if fact is not None else []


def conflict_text(exc: ConflictError, kept: bool = True) -> str:
    tail = " Your draft is kept: **Use mine** puts your text on top of theirs, or discard it." if kept else ""
    return (
        f"⚠️ **Not saved: {exc.by} changed {code(exc.fact.id)} since you opened it** "
        f"(now revision {exc.rev}). "
        f"Their text is shown below.{tail}"
    )


def conflict_embed(exc: ConflictError, as_of: date, platforms: list[Any]) -> discord.Embed:
    embed = answer_embed(preview(exc.fact, platforms, as_of))
    embed.set_author(name=f"Current text, revision {exc.rev} by {exc.by}"[:256])
    return embed


# ---- facts ---------------------------------------------------------------------------------------------


def card_text(card: FactCard) -> str:
    fact = card.fact
    where = ", ".join(fact.regions)
    if card.last is None:  # seen from a server that has not changed it
        head = f"{code(fact.id)} · {fact.platform or 'no platform'} · {where} · {fact.topic} · shared fact"
        last = "One of Privy's shared facts, kept by its curators; this server has not changed it."
    else:
        mine = " · this server's own version" if fact.from_server else f" · revision {card.rev}"
        head = f"{code(fact.id)} · {fact.platform or 'no platform'} · {where} · {fact.topic}{mine}"
        last = f"Last change: {card.last.action} by {escape(card.last.by_name)} on {day(card.last.at)}."
    verified = verified_words(fact)
    lines = [head, f"{last} {verified[:1].upper()}{verified[1:]}."]
    if card.stale_days is not None:
        lines.append(f"⏰ Not verified for {card.stale_days} days: check it against its sources.")
    for change in card.changed:
        lines.append(
            f"🔁 Source changed since verified ({nice_date(change.day)}): <{change.url}>\n"
            f"Before: {passage(change.old, 400)}\nNow: {passage(change.new, 400)}"
        )
    if card.flags:
        flags = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in card.flags.items())
        lines.append(f"🚩 Users flagged it: {flags}.")
    if fact.translations:
        lines.append(f"🌐 Translations: {translations_text(fact)}.")
    return with_note("\n".join(lines), card.shown)


def translations_text(fact: Fact) -> str:
    """'de by Jana, checked 1 Dec 2026; fr out of date (the English changed; /fact translate)'."""
    return "; ".join(
        f"{t.lang} out of date (the English changed since; /fact translate)"
        if is_stale(fact, t)
        else f"{t.lang} by {escape(t.by)}, checked {nice_date(t.checked)}"
        for t in fact.translations
    )


def result_text(headline: str, shown: Shown | None) -> str:
    return with_note(f"{headline}\nThis is what users get:" if shown else headline, shown)


def history_embed(fact_id: str, revisions: list[Revision]) -> discord.Embed:
    """Newest first: rev, day, who, action, fields changed (and the approval note)."""
    lines = []
    for r in reversed(revisions[-MAX_LINES:]):
        what = (
            "created" if r.action in ("add", "import") and r.rev == 1 else ", ".join(r.changes) or "no change"
        )
        note = f" · {escape(r.note)}" if r.note else ""  # names a server and a person: their words
        lines.append(f"**{r.rev}** · {day(r.at)} · {escape(r.by_name)} · {r.action} · {what}{note}")
    if len(revisions) > MAX_LINES:
        lines.append(
            f"… {len(revisions) - MAX_LINES} older revisions: `python bot.py facts history {fact_id}`"
        )
    embed = discord.Embed(title=clip(f"History of {fact_id}", 256), colour=ADMIN_COLOUR)
    embed.description = clip("\n".join(lines), 4000)
    embed.set_footer(text="/fact revert id rev brings back any revision as a new one; nothing is lost.")
    return embed


def search_text(query: str, facts: list[Any]) -> str:
    if not facts:
        return f"No fact matches {code(query[:80])}. /fact add creates one."
    lines = [f"Facts matching {code(query[:80])}, best first:"]
    for f in facts:
        retired = " (retired)" if f.retired else ""
        lines.append(f"• {code(f.id)}{retired} · {', '.join(f.regions)} · {clip(f.question, 90)}")
    lines.append("The best match, as users see it:")
    return clip("\n".join(lines), CONTENT)


# ---- packs and review --------------------------------------------------------------------------------


def _ids(label: str, ids: list[str], limit: int = 10) -> str:
    if not ids:
        return ""
    shown = ", ".join(code(i) for i in ids[:limit]) + (
        f" and {len(ids) - limit} more" if len(ids) > limit else ""
    )
    return f"\n{label}: {shown}"


def plan_text(name: str, plan: ImportPlan, review: bool) -> str:
    verb = "propose (another moderator approves)" if review else "import"
    text = f"**{escape(name)}** is valid. Importing it would: {plan.summary()}."
    text += _ids("Add", plan.added) + _ids("Change", plan.changed)
    text += _ids("Add or rename platforms", plan.platforms)
    if not plan.added and not plan.changed and not plan.platforms:
        return text + "\nNothing to do: every fact is already in the base as written."
    return clip(text + f"\nConfirm to {verb}; nothing changes until you do.", CONTENT)


def diff_lines(changes: list[FieldChange]) -> list[str]:
    out = []
    for c in changes:
        old = clip(_plain(c.old), 300) if c.old not in (None, "", []) else "(none)"
        new = clip(_plain(c.new), 300) if c.new not in (None, "", []) else "(none)"
        out.append(f"**{c.field}**: {escape(old)} → {escape(new)}")
    return out


def _plain(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(_plain(v) for v in value)
    if isinstance(value, dict):
        return " | ".join(str(v) for v in value.values())
    return str(value)


def change_text(change: Change, changes: list[FieldChange]) -> str:
    who = escape(change.by.name)
    if change.suggested:
        where = escape(change.origin_name or "another server")
        head = (
            f"**Suggestion #{change.id}** from the server **{where}**: {change.action} "
            f"{code(change.fact_id)}, sent by {who}. Approve makes it shared (credited); Reject declines "
            "it with your reason"
        )
    else:
        head = f"**Change #{change.id}**: {change.action} {code(change.fact_id)} proposed by {who}"
    if change.action == "import":
        return clip(f"{head}\n{change.note or ''}", CONTENT)
    body = "\n".join(diff_lines(changes)) or "No field changes (a re-check)."
    return clip(f"{head} on {day(change.at)}.\n{body}", CONTENT)


def passage(text: str, limit: int) -> str:
    """A watched passage, inert and clipped, or said to be gone from the page."""
    return clip(escape(text), limit) if text else "*(no longer on the page)*"


def queue_embed(queue: ReviewQueue, stale_days: int) -> discord.Embed:
    embed = discord.Embed(title="Review queue", colour=ADMIN_COLOUR)
    if queue.empty:
        embed.description = (
            "Nothing waiting: no stale or flagged facts, no dead links, no unanswered questions."
        )
        return embed

    def field(name: str, lines: list[str]) -> None:
        if lines:
            embed.add_field(name=name, value=clip("\n".join(lines), FIELD_VALUE), inline=False)

    more = (
        f" (showing {len(queue.stale)} of {queue.stale_total})"
        if queue.stale_total > len(queue.stale)
        else ""
    )
    field(
        f"Not verified for over {stale_days} days{more}",
        [f"{code(s.fact.id)} · verified {nice_date(s.fact.verified)} ({s.days} days)" for s in queue.stale],
    )
    field(
        "Flagged by users",
        [f"{code(f.fact.id)} · {f.outdated} outdated, {f.wrong_region} wrong region" for f in queue.flagged],
    )
    field(
        "Unanswered questions, most asked first",
        [f"{u.count}× {escape(clip(u.question, 150))}" for u in queue.unanswered],
    )
    field(
        "Sources dead or moved at the last link check",
        [
            f"{code(f.fact_id)} · {len(f.dead)} dead, {len(f.redirected)} moved: <{f.problems[0].result.url}>"
            for f in queue.links
        ],
    )
    page = (
        f" (page {queue.page + 1} of {queue.pages}, {queue.pending_total} in all)" if queue.pages > 1 else ""
    )
    field(
        "Source changed since verified",
        [
            f"{code(c.fact_id)} · changed {nice_date(c.day)} (verify or edit it): <{c.url}>"
            for c in queue.changed
        ],
    )
    for change in queue.changed[:2]:  # the passage before and now, side by side (inline fields)
        before, now = (f"> {passage(text, FIELD_VALUE - 2)}" for text in (change.old, change.new))
        embed.add_field(name=f"Before · {change.fact_id}"[:256], value=before, inline=True)
        embed.add_field(name=f"Now · {nice_date(change.day)}", value=now, inline=True)
        embed.add_field(name="\u200b", value="\u200b", inline=True)  # ends the row
    field(
        "Translations the English outgrew (not shown until translated again)",
        [
            f"{code(s.fact.id)} · {s.languages} · by {escape(s.translations[0].by)}, checked "
            f"{nice_date(s.translations[0].checked)}"
            for s in queue.translations
        ],
    )
    field(
        f"Waiting for a second moderator{page}",
        [
            f"#{c.id} · {c.action} {code(c.fact_id)} by {escape(c.by.name)}"
            for c in queue.pending
            if not c.suggested
        ],
    )
    field(
        f"Suggested by other servers{page}",
        [
            f"#{c.id} · {c.action} {code(c.fact_id)} from {escape(c.origin_name or '?')} by {escape(c.by.name)}"
            for c in queue.pending
            if c.suggested
        ],
    )
    field(
        "Your suggestions to Privy's curators",
        [
            f"#{c.id} · {code(c.fact_id)} · {c.status}"
            + (f": {escape(clip(c.note, 150))}" if c.status == "rejected" and c.note else "")
            for c in queue.sent
        ],
    )
    field(
        "Drafts in progress",
        [f"#{c.id} · {code(c.fact_id or '(no id)')} by {escape(c.by.name)}" for c in queue.drafts],
    )
    embed.set_footer(
        text="Pick from the menus below: check a fact, draft one from a question, approve a change."
    )
    return embed
