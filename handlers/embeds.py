"""An Answer as Discord shows it: an embed (or short content) that always fits Discord's limits.

It says what knowledge.answers.text.render_text says, laid out for Discord; nothing here decides an answer.
When a reply would be too long, the least important parts go first (where it differs, then the history,
then extra sources and steps), and text is cut at a word with an ellipsis, so sending never fails.
Every answer's footer ends with what a follow-up needs (knowledge.answers.followup.Context), so a reply
to it ("and in the UK?") is understood without keeping anyone's messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import discord

from knowledge.answers.followup import Context
from knowledge.answers.text import (
    ASK_WITH_COUNTRY,
    also_asked_line,
    body,
    cited_sources,
    clarify_text,
    differs_line,
    nice_date,
    origin_line,
    render_text,
    scope_line,
    source_changed_line,
    source_head,
    source_line,
    source_tail,
    steps_heading,
    steps_of,
    story_lines,
    summary_lines,
    title,
    verified_words,
)
from knowledge.i18n.catalogues import LANGUAGES, translate
from knowledge.i18n.speaking import N_, _
from knowledge.model import Answer, Source
from knowledge.reading.safe_text import hidden_links, strip_invisible, url_problem

# Discord's documented limits (characters).
CONTENT = 2000
TITLE = 256
DESCRIPTION = 4096
FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
TOTAL = 6000  # title + description + field names and values + footer, per message

# How to do things in Discord, passed to the core's text (which never names an adapter's commands).
# English msgids (N_), in the reader's language where they are used (knowledge.i18n).
REGION_HINT = N_("set it once with /region set")
FOLLOW_UP_HINT = N_("Reply to follow up")
ADD_HINT = "/fact add"

ELLIPSIS = "…"
SHORTENED = N_(" Shortened to fit Discord; the sources have the rest.")
# The clarify embed's field that carries the question: found again by its name in any language.
QUESTION_FIELD = N_("You asked")
QUESTION_KEPT = 500  # raw characters of the question carried in a clarify embed (escaped, fits a field)
ANSWER_COLOUR = discord.Colour(0x3B82F6)
CLARIFY_COLOUR = discord.Colour(0xF59E0B)

_MARKDOWN = re.compile(r"([\\*_~`|>\[\]()#<:-])")
_UNESCAPE = re.compile(r"\\(.)", re.S)
_MENTION = re.compile(r"<(@[!&]?|#)(\d+)>|@(everyone|here)\b")
ZWSP = "\u200b"


def inert(text: str) -> str:
    """Fact text that cannot disguise a link or mention anyone: where a masked link could form, every
    bracket is escaped (Discord then shows the text and the URL as written), and a mention shows as text
    (validation refuses both; this guards facts stored before it did)."""
    text = strip_invisible(text)
    if hidden_links(text):
        text = text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    return _mentionless(text)


def _mentionless(text: str) -> str:
    return _MENTION.sub(lambda m: f"<{m[1]}{ZWSP}{m[2]}>" if m[1] else f"@{ZWSP}{m[3]}", text)


@dataclass
class Section:
    """Lines under one field name; `keep` ranks its first field, `more` its continuations (higher stays)."""

    name: str
    lines: list[str]
    keep: float
    more: float = 0.0


@dataclass
class Layout:
    """The text parts of one embed, already within every limit."""

    title: str
    description: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    footer: str = ""

    def total(self) -> int:
        """Characters that count towards Discord's 6000 per message."""
        return (
            len(self.title)
            + len(self.description)
            + len(self.footer)
            + sum(len(n) + len(v) for n, v in self.fields)
        )


@dataclass
class Rendered:
    """What to send: content and/or embeds (the caller adds buttons)."""

    content: str | None = None
    embeds: list[discord.Embed] = field(default_factory=list)


def clip(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, at a word when one is near, with an ellipsis if cut."""
    text = text.strip()
    if len(text) <= limit:
        return text
    if limit < 2:
        return ELLIPSIS[:limit]
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip() + ELLIPSIS


def escape(text: str) -> str:
    """User or server text (a name, a note) made inert: no formatting, links, mentions, bidi or zero-width
    characters; unescape() gives back what was shown."""
    return _MARKDOWN.sub(r"\\\1", strip_invisible(text)).replace("@", "@" + ZWSP)


def unescape(text: str) -> str:
    return _UNESCAPE.sub(r"\1", text).replace("@" + ZWSP, "@")


def chunk_lines(lines: list[str], limit: int = FIELD_VALUE) -> list[str]:
    """Lines joined into as few values of at most `limit` characters as they fit; long lines are cut."""
    chunks: list[str] = []
    current = ""
    for raw in lines:
        line = clip(raw, limit)
        if not line:
            continue
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) <= limit:
            current = candidate
        else:
            chunks.append(current)
            current = line
    if current:
        chunks.append(current)
    return chunks


def layout(heading: str, description: str, sections: list[Section], footer: str) -> Layout:
    """Fit an embed's parts into Discord's limits, dropping the least important fields first."""
    out = Layout(clip(heading, TITLE) or "Privy", clip(description, DESCRIPTION), [], clip(footer, FOOTER))
    ranked: list[tuple[float, int, str, str]] = []
    for section in sections:
        for i, value in enumerate(chunk_lines(section.lines)):
            name = section.name if i == 0 else _("{name} (continued)").format(name=section.name)
            rank = section.keep if i == 0 else section.more - i / 100
            ranked.append((rank, len(ranked), clip(name, FIELD_NAME), value))
    kept = sorted(ranked, key=lambda r: -r[0])[:FIELDS]
    dropped = len(kept) < len(ranked)
    budget = TOTAL - len(_(SHORTENED))

    def size() -> int:
        return Layout(out.title, out.description, [(r[2], r[3]) for r in kept], out.footer).total()

    while size() > budget and len(kept) > 1:
        kept.pop()  # the least important one
        dropped = True
    if size() > budget:
        over = size() - budget
        out.description = clip(out.description, max(1, len(out.description) - over)) or ELLIPSIS
    if size() > budget and kept:
        rank, order, name, value = kept[0]
        kept[0] = (rank, order, name, clip(value, max(1, len(value) - (size() - budget))) or ELLIPSIS)
    out.fields = [(name, value) for _, _, name, value in sorted(kept, key=lambda r: r[1])]
    if dropped or out.description != description.strip():
        out.footer = clip(out.footer + _(SHORTENED), FOOTER)
    return out


def to_embed(parts: Layout, colour: discord.Colour) -> discord.Embed:
    embed = discord.Embed(title=parts.title, description=parts.description or None, colour=colour)
    for name, value in parts.fields:
        embed.add_field(name=name, value=value, inline=False)
    if parts.footer:
        embed.set_footer(text=parts.footer)
    return within_limits(embed)


def within_limits(embed: discord.Embed) -> discord.Embed:
    """The embed measured as sent, after its last part (a footer's follow-up reference came after the
    size check, and a fact at every limit made a 6,084-character embed that Discord refused): each part
    clipped to its limit, then, while over 6,000, the last field goes, then the description is cut.
    The footer stays whole: a follow-up needs its reference."""
    if embed.title and len(embed.title) > TITLE:
        embed.title = clip(embed.title, TITLE)
    if embed.description and len(embed.description) > DESCRIPTION:
        embed.description = clip(embed.description, DESCRIPTION)
    while len(embed.fields) > FIELDS:
        embed.remove_field(FIELDS)
    for i, f in enumerate(embed.fields):
        if len(f.name or "") > FIELD_NAME or len(f.value or "") > FIELD_VALUE:
            embed.set_field_at(i, name=clip(f.name or "", FIELD_NAME), value=clip(f.value or "", FIELD_VALUE),
                               inline=bool(f.inline))  # fmt: skip
    if embed.footer.text and len(embed.footer.text) > FOOTER:
        embed.set_footer(text=clip(embed.footer.text, FOOTER), icon_url=embed.footer.icon_url)
    while len(embed) > TOTAL and len(embed.fields) > 1:
        embed.remove_field(len(embed.fields) - 1)
    if len(embed) > TOTAL and embed.description:
        embed.description = clip(embed.description, max(1, len(embed.description) - (len(embed) - TOTAL)))
    if len(embed) > TOTAL and embed.fields:
        f = embed.fields[0]
        value = clip(f.value or "", max(1, len(f.value or "") - (len(embed) - TOTAL)))
        embed.set_field_at(0, name=f.name or "", value=value, inline=bool(f.inline))
    return embed


def source_link(source: Source, limit: int = FIELD_VALUE) -> str:
    """'[Title](url) (Publisher, host, 18 Sep 2025)': a link when it fits whole, else source_line() as
    text; the host it goes to is always shown beside the title, so a title cannot pass for another site."""
    if url_problem(source.url):  # stored before validation refused it: text, never a link
        return clip(escape(source_line(source)), limit)
    url = source.url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    tail = inert(source_tail(source))
    tail = f" ({tail})" if tail else ""
    room = limit - len(url) - len(tail) - 4
    if room < 20:
        return clip(source_line(source), limit)
    text = inert(source_head(source)).replace("[", "(").replace("]", ")")
    return f"[{clip(text, min(room, 200))}]({url}){tail}"


def answer_embed(answer: Answer) -> discord.Embed:
    """The embed of an answered question: also what moderators preview, so it is what users see."""
    if not answer.facts:
        raise ValueError("answer_embed needs an answer with at least one fact")
    best = answer.facts[0]
    sections = [
        Section(
            steps_heading(answer),
            [f"{i}. {inert(s)}" for i, s in enumerate(steps_of(answer), 1)],
            keep=9,
            more=8,
        ),
        Section(_("Where this differs"), [differs_line(answer)] if answer.differs else [], keep=4),
        Section(_("How this changed"), [f"• {inert(line)}" for line in story_lines(answer)], keep=5, more=3),
        Section(_("Sources"), [f"• {source_link(s)}" for s in cited_sources(answer)], keep=10, more=6),
    ]
    footer = _("As of {day} · {verified}. Settings and policies change; check the source.").format(
        day=nice_date(answer.as_of), verified=verified_words(best)
    )
    origin = origin_line(best)
    marked = f"**{origin}**\n" if origin else ""
    changed = source_changed_line(answer)
    marked += f"**{changed}**\n" if changed else ""
    description = f"*{scope_line(answer)}*\n{marked}\n{inert(body(answer))}"
    if answer.also_asked:
        description += f"\n\n{inert(also_asked_line(answer))}"
    if answer.summary:
        sections = [Section(_("By region"), summary_lines(answer), keep=9, more=8), sections[-1]]
        as_of = _("As of {day}.").format(day=nice_date(answer.as_of))
        description = f"*{as_of}* {_(ASK_WITH_COUNTRY)}"
    parts = layout(title(answer), description, sections, footer)
    return to_embed(with_context(parts, answer), ANSWER_COLOUR)


def with_context(parts: Layout, answer: Answer) -> Layout:
    """The footer ends with what a follow-up needs ("and in the UK?" as a reply to this answer)."""
    context = Context.of(answer)
    if context is None:
        return parts
    tail = f" · {_(FOLLOW_UP_HINT)} · {context.token()}"
    parts.footer = clip(parts.footer, FOOTER - len(tail)) + tail
    return parts


def context_in(message_embeds: list[discord.Embed], content: str | None = None) -> Context | None:
    """The follow-up context Privy's own reply carries (embed footer, or the last line of plain text)."""
    for embed in message_embeds:
        context = Context.from_text(embed.footer.text if embed.footer else None)
        if context is not None:
            return context
    return Context.from_text(content)


def clarify_embed(answer: Answer) -> discord.Embed:
    """'Where are you?', carrying the question so a region button can answer it after a restart."""
    question = escape(answer.question[:QUESTION_KEPT])
    sections = [Section(_(QUESTION_FIELD), [question], keep=10)] if question else []
    parts = layout(
        title(answer),
        clarify_text(answer, _(REGION_HINT)),
        sections,
        _("As of {day}").format(day=nice_date(answer.as_of)),
    )
    return to_embed(with_context(parts, answer), CLARIFY_COLOUR)


@cache
def question_fields() -> frozenset[str]:
    """The clarify field's name in every language: a click reads the question back whoever asked."""
    return frozenset(translate(QUESTION_FIELD, lang) for lang in LANGUAGES)


def question_in(embeds: list[discord.Embed]) -> str | None:
    """The question a clarify reply carries, or None when it has none (edited, or not ours)."""
    for embed in embeds:
        for f in embed.fields:
            if f.name in question_fields() and f.value:
                return unescape(f.value).strip() or None
    return None


def as_text(answer: Answer) -> str:
    """The reply as content only, for channels where the bot may not embed (the follow-up context last)."""
    context = Context.of(answer) if answer.status != "no_match" else None
    tail = f"\n({_(FOLLOW_UP_HINT)} · {context.token()})" if context else ""
    return clip(render_text(answer, _(REGION_HINT), add_hint=ADD_HINT), CONTENT - len(tail)) + tail


def render(answer: Answer) -> Rendered:
    """The reply for any answer: an embed when there is one, short content when there is none."""
    if answer.status == "answered" and answer.facts:
        return Rendered(embeds=[answer_embed(answer)])
    if answer.status == "clarify":
        return Rendered(embeds=[clarify_embed(answer)])
    return Rendered(content=as_text(answer))
