"""An alert (knowledge.alerts.notice.Notice) as a Discord post: an embed within Discord's limits whose
footer carries the post's nonce, so a sender that died before recording the post finds it again.

Written in the notice's language (its channel's server's, when the notice was made); the footer's mark and
nonce stay as they are in every language, so a post is found again whatever the server speaks now."""

from __future__ import annotations

from datetime import date

import discord

from handlers.embeds import ANSWER_COLOUR, Section, inert, layout, source_link, to_embed
from knowledge.alerts.notice import Notice
from knowledge.answers.text import nice_date
from knowledge.i18n.curated import IN_ENGLISH
from knowledge.i18n.speaking import N_, _, speaking
from knowledge.model import Source

FOOTER_MARK = "Privy alert"
BEFORE, ALSO, STEPS, SOURCES = N_("Before"), N_("Also changed"), N_("Steps"), N_("Sources")


def footer_of(nonce: str, day: date) -> str:
    change = _("/privy alerts to change")
    return f"{FOOTER_MARK} {nonce} · {nice_date(day)} · {change}"


def notice_embed(notice: Notice, nonce: str) -> discord.Embed:
    """The new answer in short, what it was before, the steps, the sources; a digest lists what it carries."""
    with speaking(notice.lang):
        sections = []
        if notice.before:
            sections.append(Section(_(BEFORE), [inert(notice.before)], keep=9))
        if notice.items:
            items = [f"• {inert(i)}" for i in notice.items]
            sections.append(Section(_(ALSO), items, keep=8, more=7))
        if notice.steps:
            steps = [f"{n}. {inert(s)}" for n, s in enumerate(notice.steps, 1)]
            heading = f"{_(STEPS)} {_(IN_ENGLISH)}" if notice.english_steps else _(STEPS)
            sections.append(Section(heading, steps, keep=7))
        if notice.sources:
            links = [source_link(_source(s)) for s in notice.sources]
            sections.append(Section(_(SOURCES), links, keep=10))
        parts = layout(notice.title, inert(notice.now), sections, footer_of(nonce, notice.day))
        return to_embed(parts, ANSWER_COLOUR)


def is_post_of(message: discord.Message, nonce: str) -> bool:
    """Whether a message in the channel is the post with this nonce (its footer says so)."""
    mark = f"{FOOTER_MARK} {nonce} "
    return any((e.footer.text or "").startswith(mark) for e in message.embeds)


def _source(data: dict[str, object]) -> Source:
    day = data.get("date")
    return Source(
        url=str(data.get("url") or ""),
        title=str(data.get("title") or ""),
        publisher=str(data.get("publisher") or ""),
        date=date.fromisoformat(day) if isinstance(day, str) else None,
    )
