"""A person's reminders and checklist in words: the click's reply, the lists, and the DMs.

Plain text (no embed) so a DM reads the same in every client; each message within Discord's 2,000
characters (handlers.embeds.clip).
"""

from __future__ import annotations

from collections.abc import Sequence

from handlers.embeds import CONTENT, clip
from knowledge.answers.sources import best_sources
from knowledge.answers.text import nice_date
from knowledge.personal.service import ChangeNotice, EntryView, Notice, Reminded, ReminderItem
from knowledge.regions import display_name
from knowledge.store.personal import DROPPED, UNDELIVERED

KEPT = (
    "To DM you I keep your Discord id with the reminder until its last DM is sent or you cancel it; "
    "/privy reminders lists and cancels them, /privacy forget deletes them."
)
CHECKLIST_KEPT = (
    "Kept for you only, under a keyed hash of your id (never shown to anyone else); "
    "/privy checklist shows it and what changed since, /privacy forget deletes it."
)
NOT_YOURS = "That button is for the person who asked. Ask Privy yourself to get your own."
GONE_REMINDER = "That reminder is no longer there: it was sent, cancelled or forgotten."


def reminded_text(done: Reminded) -> str:
    """The reply to "Remind me": when the DMs go, and what is kept to send them."""
    days = " and ".join(nice_date(d) for d in done.days)
    which = "7 days and 1 day" if len(done.days) == 2 else "1 day"
    head = "You already have this reminder." if not done.added else "Reminder set."
    return (
        f"{head} I'll DM you on {days}, {which} before {done.platform}'s deadline for "
        f"{display_name(done.region)} ({nice_date(done.deadline)}), if Privy's facts still give it then. "
        f"{KEPT} Keep DMs from this server's members open so the reminder can reach you."
    )


def reminders_text(items: Sequence[ReminderItem]) -> str:
    """/privy reminders: each waiting reminder, and once, each one that was not sent and why."""
    if not items:
        return 'You have no reminders. "Remind me" on an answer with a deadline ahead sets one.'
    lines = ["**Your reminders** (only you see this)"]
    for item in items:
        where = f"{item.platform}, {display_name(item.region)}"
        if item.state == DROPPED:
            lines.append(
                f"• Dropped: {where}: Privy's facts no longer give a deadline ahead, so there is "
                "nothing to remind you of."
            )
        elif item.state == UNDELIVERED or item.next_on is None:
            lines.append(
                f"• Not sent: {where} ({nice_date(item.deadline)}): your DMs are closed to Privy, so the "
                "reminder was dropped."
            )
        else:
            changed = f" (changed from {nice_date(item.was)})" if item.was else ""
            lines.append(
                f"• {where}: deadline {nice_date(item.deadline)}{changed}; next DM on {nice_date(item.next_on)}."
            )
    lines.append(KEPT)
    return clip("\n".join(lines), CONTENT)


def notice_text(notice: Notice) -> str:
    """A reminder DM: the deadline as the claims give it today, what to do, and the source."""
    where = display_name(notice.region)
    when = (
        "Today is the last day"
        if notice.days_left == 0
        else f"{notice.days_left} day{'s' if notice.days_left != 1 else ''} left"
    )
    lines = [
        f"**Reminder: {when}** for {notice.platform}'s deadline in {where}: {nice_date(notice.deadline)}."
    ]
    if notice.was:
        lines.append(
            f"The deadline changed since you asked: it is now {nice_date(notice.deadline)} "
            f"(it was {nice_date(notice.was)})."
        )
    if notice.lead:
        lines.append(notice.lead)
    lines += _steps(notice.fact.steps)
    lines += _source(notice)
    lines.append("You asked for this reminder; /privy reminders lists or cancels the rest.")
    return clip("\n".join(lines), CONTENT)


def checklist_text(entries: Sequence[EntryView], dms: bool) -> str:
    """/privy checklist: what the person did, and what changed since, from the claims today."""
    if not entries:
        return (
            'Your checklist is empty. "I did this" on an answer\'s steps records, for you only, that you '
            f"opted out. {CHECKLIST_KEPT}"
        )
    lines = ["**What you've done** (only you see this)"]
    for entry in entries:
        lines.append(
            f"• {entry.platform}, {display_name(entry.region)}: you opted out on {nice_date(entry.done_on)}. "
            + _change(entry)
        )
        if entry.state in ("act", "steps"):
            lines += [f"  {line}" for line in _steps(entry.steps)]
        lines += [f"  Since then: {news}" for news in entry.news]
    state = "on: I keep your Discord id to send it" if dms else "off (turn it on to be told without asking)"
    lines.append(f"DM me once when a change needs me to act again: **{state}**.")
    lines.append(CHECKLIST_KEPT)
    return clip("\n".join(lines), CONTENT)


def change_text(notice: ChangeNotice) -> str:
    """The one DM when a checklist entry needs the person to act again."""
    view = notice.view
    lines = [
        f"**{view.platform} changed for {display_name(view.region)}** since you opted out on "
        f"{nice_date(view.done_on)}.",
        view.lead,
        "You may need to act again:",
        *_steps(view.steps),
        "You asked for this DM in /privy checklist; turn it off there.",
    ]
    return clip("\n".join(line for line in lines if line), CONTENT)


def did_text(entry: EntryView) -> str:
    """The reply to "I did this"."""
    return (
        f"Noted, for you only: you opted out of {entry.platform}'s AI training "
        f"({display_name(entry.region)}) on {nice_date(entry.done_on)}. {CHECKLIST_KEPT}"
    )


def _change(entry: EntryView) -> str:
    if entry.state == "same":
        return "No change since."
    if entry.state == "steps":
        return "The steps were updated since; check them:"
    if entry.state == "gone":
        return "Privy's facts no longer give a way out for you there."
    if entry.state == "act":
        return f"Changed since: {entry.lead} You may need to act again:"
    return f"Changed since: {entry.lead} Nothing to do."


def _steps(steps: Sequence[str]) -> list[str]:
    return [f"{i}. {step}" for i, step in enumerate(steps, 1)]


def _source(notice: Notice) -> list[str]:
    found = best_sources([notice.fact], 1)
    return [f"Source: {found[0].publisher or 'source'}, <{found[0].url}>"] if found else []
