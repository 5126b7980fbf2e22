"""A person's reminders and checklist in words: the click's reply, the lists, and the DMs.

Plain text (no embed) so a DM reads the same in every client; each message within Discord's 2,000
characters (handlers.embeds.clip).
"""

from __future__ import annotations

from collections.abc import Sequence

from handlers.embeds import CONTENT, clip
from knowledge.answers.sources import best_sources
from knowledge.answers.text import nice_date
from knowledge.i18n.curated import IN_ENGLISH
from knowledge.i18n.local import region_name
from knowledge.i18n.speaking import N_, _
from knowledge.personal.service import ChangeNotice, EntryView, Notice, Reminded, ReminderItem
from knowledge.store.personal import DROPPED, UNDELIVERED

# English msgids, translated where they are used into the reply's (or the DM's) language (docs/languages.md)
KEPT = N_(
    "To DM you I keep your Discord id with the reminder until its last DM is sent or you cancel it; "
    "/privy reminders lists and cancels them, /privacy forget deletes them."
)
CHECKLIST_KEPT = N_(
    "Kept for you only, under a keyed hash of your id (never shown to anyone else); "
    "/privy checklist shows it and what changed since, /privacy forget deletes it."
)
NOT_YOURS = N_("That button is for the person who asked. Ask Privy yourself to get your own.")
GONE_REMINDER = N_("That reminder is no longer there: it was sent, cancelled or forgotten.")


def reminded_text(done: Reminded) -> str:
    """The reply to "Remind me": when the DMs go, and what is kept to send them."""
    days = _(" and ").join(nice_date(d) for d in done.days)
    head = _("You already have this reminder.") if not done.added else _("Reminder set.")
    when = (
        _(
            "I'll DM you on {days}, 7 days and 1 day before {platform}'s deadline for {where} ({deadline}), "
            "if Privy's facts still give it then."
        )
        if len(done.days) == 2
        else _(
            "I'll DM you on {days}, 1 day before {platform}'s deadline for {where} ({deadline}), "
            "if Privy's facts still give it then."
        )
    )
    said = when.format(
        days=days, platform=done.platform, where=region_name(done.region), deadline=nice_date(done.deadline)
    )
    keep_open = _("Keep DMs from this server's members open so the reminder can reach you.")
    return f"{head} {said} {_(KEPT)} {keep_open}"


def reminders_text(items: Sequence[ReminderItem]) -> str:
    """/privy reminders: each waiting reminder, and once, each one that was not sent and why."""
    if not items:
        return _('You have no reminders. "Remind me" on an answer with a deadline ahead sets one.')
    lines = [_("**Your reminders** (only you see this)")]
    for item in items:
        where = f"{item.platform}, {region_name(item.region)}"
        if item.state == DROPPED:
            lines.append(
                _(
                    "• Dropped: {where}: Privy's facts no longer give a deadline ahead, so there is "
                    "nothing to remind you of."
                ).format(where=where)
            )
        elif item.state == UNDELIVERED or item.next_on is None:
            lines.append(
                _(
                    "• Not sent: {where} ({deadline}): your DMs are closed to Privy, so the reminder was "
                    "dropped."
                ).format(where=where, deadline=nice_date(item.deadline))
            )
        else:
            changed = _(" (changed from {day})").format(day=nice_date(item.was)) if item.was else ""
            lines.append(
                _("• {where}: deadline {deadline}{changed}; next DM on {day}.").format(
                    where=where,
                    deadline=nice_date(item.deadline),
                    changed=changed,
                    day=nice_date(item.next_on),
                )
            )
    lines.append(_(KEPT))
    return clip("\n".join(lines), CONTENT)


def cancelled_text(items: Sequence[ReminderItem]) -> str:
    """The reply to a cancel button: done, and the list as it is now."""
    return _("Cancelled; its Discord id is deleted.") + "\n" + reminders_text(items)


def cancel_label(item: ReminderItem) -> str:
    return _("Cancel: {platform}, {region}").format(platform=item.platform, region=item.region.upper())


def remove_label(entry: EntryView) -> str:
    return _("Remove: {platform}, {region}").format(platform=entry.platform, region=entry.region.upper())


def notice_text(notice: Notice) -> str:
    """A reminder DM: the deadline as the claims give it today, what to do, and the source (written in
    the language the reminder was set in: the sender speaks it)."""
    where = region_name(notice.region)
    if notice.days_left == 0:
        when = _("Today is the last day")
    elif notice.days_left == 1:
        when = _("1 day left")
    else:
        when = _("{days} days left").format(days=notice.days_left)
    lines = [
        _("**Reminder: {when}** for {platform}'s deadline in {where}: {deadline}.").format(
            when=when, platform=notice.platform, where=where, deadline=nice_date(notice.deadline)
        )
    ]
    if notice.was:
        lines.append(
            _("The deadline changed since you asked: it is now {deadline} (it was {was}).").format(
                deadline=nice_date(notice.deadline), was=nice_date(notice.was)
            )
        )
    if notice.lead:
        lines.append(notice.lead)
    lines += _steps(notice.steps or notice.fact.steps, notice.english_steps)
    lines += _source(notice)
    lines.append(_("You asked for this reminder; /privy reminders lists or cancels the rest."))
    return clip("\n".join(lines), CONTENT)


def checklist_text(entries: Sequence[EntryView], dms: bool) -> str:
    """/privy checklist: what the person did, and what changed since, from the claims today."""
    if not entries:
        return (
            _(
                'Your checklist is empty. "I did this" on an answer\'s steps records, for you only, that you '
                "opted out."
            )
            + f" {_(CHECKLIST_KEPT)}"
        )
    lines = [_("**What you've done** (only you see this)")]
    for entry in entries:
        lines.append(
            _("• {platform}, {where}: you opted out on {day}.").format(
                platform=entry.platform, where=region_name(entry.region), day=nice_date(entry.done_on)
            )
            + " "
            + _change(entry)
        )
        if entry.state in ("act", "steps"):
            lines += [f"  {line}" for line in _steps(entry.steps, entry.english_steps)]
        lines += [_("  Since then: {news}").format(news=news) for news in entry.news]
    state = (
        _("on: I keep your Discord id to send it") if dms else _("off (turn it on to be told without asking)")
    )
    lines.append(_("DM me once when a change needs me to act again: **{state}**.").format(state=state))
    lines.append(_(CHECKLIST_KEPT))
    return clip("\n".join(lines), CONTENT)


def change_text(notice: ChangeNotice) -> str:
    """The one DM when a checklist entry needs the person to act again (in the language of the click)."""
    view = notice.view
    lines = [
        _("**{platform} changed for {where}** since you opted out on {day}.").format(
            platform=view.platform, where=region_name(view.region), day=nice_date(view.done_on)
        ),
        view.lead,
        _("You may need to act again:"),
        *_steps(view.steps, view.english_steps),
        _("You asked for this DM in /privy checklist; turn it off there."),
    ]
    return clip("\n".join(line for line in lines if line), CONTENT)


def did_text(entry: EntryView) -> str:
    """The reply to "I did this"."""
    noted = _("Noted, for you only: you opted out of {platform}'s AI training ({where}) on {day}.").format(
        platform=entry.platform, where=region_name(entry.region), day=nice_date(entry.done_on)
    )
    return f"{noted} {_(CHECKLIST_KEPT)}"


def _change(entry: EntryView) -> str:
    if entry.state == "same":
        return _("No change since.")
    if entry.state == "steps":
        return _("The steps were updated since; check them:")
    if entry.state == "gone":
        return _("Privy's facts no longer give a way out for you there.")
    if entry.state == "act":
        return _("Changed since: {lead} You may need to act again:").format(lead=entry.lead)
    return _("Changed since: {lead} Nothing to do.").format(lead=entry.lead)


def _steps(steps: Sequence[str], english: bool = False) -> list[str]:
    """Numbered steps; the English ones in a message in another language say so first."""
    numbered = [f"{i}. {step}" for i, step in enumerate(steps, 1)]
    return [_(IN_ENGLISH), *numbered] if english and numbered else numbered


def _source(notice: Notice) -> list[str]:
    found = best_sources([notice.fact], 1)
    if not found:
        return []
    if not found[0].publisher:
        return [_("Source: <{url}>").format(url=found[0].url)]
    return [_("Source: {publisher}, <{url}>").format(publisher=found[0].publisher, url=found[0].url)]
