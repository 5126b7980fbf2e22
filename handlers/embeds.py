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

import discord

from knowledge.answers.followup import Context
from knowledge.answers.lead import with_lead
from knowledge.answers.text import (
    cited_sources,
    clarify_text,
    differs_line,
    nice_date,
    origin_line,
    render_text,
    scope_line,
    source_changed_line,
    source_line,
    source_tail,
    steps_of,
    story_lines,
    summary_lines,
    title,
    verified_words,
)
from knowledge.model import Answer, Source

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
REGION_HINT = "set it once with /region set"
FOLLOW_UP_HINT = "Reply to follow up"
ADD_HINT = "/fact add"

ELLIPSIS = "…"
SHORTENED = " Shortened to fit Discord; the sources have the rest."
QUESTION_FIELD = "You asked"
QUESTION_KEPT = 500  # raw characters of the question carried in a clarify embed (escaped, fits a field)
ANSWER_COLOUR = discord.Colour(0x3B82F6)
CLARIFY_COLOUR = discord.Colour(0xF59E0B)

_MARKDOWN = re.compile(r"([\\*_~`|>\[\]()#<:-])")
_UNESCAPE = re.compile(r"\\(.)", re.S)
_MASKED_LINK = re.compile(r"\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?\s*\)")
_MENTION = re.compile(r"<(@[!&]?|#)(\d+)>|@(everyone|here)\b")
ZWSP = "\u200b"


def inert(text: str) -> str:
    """Fact text that cannot disguise a link or mention anyone: a masked link `[text](url)` shows its
    real URL, and a mention shows as text (validation refuses both; this guards older facts)."""
    text = _MASKED_LINK.sub(lambda m: f"{m[1]} ({m[2]})", text)
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
    """User text made inert in an embed (no formatting, links or mentions), reversible by unescape()."""
    return _MARKDOWN.sub(r"\\\1", text)


def unescape(text: str) -> str:
    return _UNESCAPE.sub(r"\1", text)


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
            name = section.name if i == 0 else f"{section.name} (continued)"
            rank = section.keep if i == 0 else section.more - i / 100
            ranked.append((rank, len(ranked), clip(name, FIELD_NAME), value))
    kept = sorted(ranked, key=lambda r: -r[0])[:FIELDS]
    dropped = len(kept) < len(ranked)
    budget = TOTAL - len(SHORTENED)

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
        out.footer = clip(out.footer + SHORTENED, FOOTER)
    return out


def to_embed(parts: Layout, colour: discord.Colour) -> discord.Embed:
    embed = discord.Embed(title=parts.title, description=parts.description or None, colour=colour)
    for name, value in parts.fields:
        embed.add_field(name=name, value=value, inline=False)
    if parts.footer:
        embed.set_footer(text=parts.footer)
    return embed


def source_link(source: Source, limit: int = FIELD_VALUE) -> str:
    """'[Title](url) (Publisher, host, 18 Sep 2025)': a link when it fits whole, else source_line() as
    text; the host it goes to is always shown beside the title, so a title cannot pass for another site."""
    url = source.url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    tail = inert(source_tail(source))
    tail = f" ({tail})" if tail else ""
    room = limit - len(url) - len(tail) - 4
    if room < 20:
        return clip(source_line(source), limit)
    text = inert(source.title or source.url).replace("[", "(").replace("]", ")")
    return f"[{clip(text, min(room, 200))}]({url}){tail}"


def answer_embed(answer: Answer) -> discord.Embed:
    """The embed of an answered question: also what moderators preview, so it is what users see."""
    if not answer.facts:
        raise ValueError("answer_embed needs an answer with at least one fact")
    best = answer.facts[0]
    sections = [
        Section("Steps", [f"{i}. {inert(s)}" for i, s in enumerate(steps_of(answer), 1)], keep=9, more=8),
        Section("Where this differs", [differs_line(answer)] if answer.differs else [], keep=4),
        Section("How this changed", [f"• {inert(line)}" for line in story_lines(answer)], keep=5, more=3),
        Section("Sources", [f"• {source_link(s)}" for s in cited_sources(answer)], keep=10, more=6),
    ]
    footer = (
        f"As of {nice_date(answer.as_of)} · {verified_words(best)}. "
        "Settings and policies change; check the source."
    )
    origin = origin_line(best)
    marked = f"**{origin}**\n" if origin else ""
    changed = source_changed_line(answer)
    marked += f"**{changed}**\n" if changed else ""
    description = f"*{scope_line(answer)}*\n{marked}\n{inert(with_lead(best, answer.platform_name))}"
    if answer.summary:
        sections = [Section("By region", summary_lines(answer), keep=9, more=8), sections[-1]]
        description = f"*As of {nice_date(answer.as_of)}.* Ask with your country for the details and steps."
    parts = layout(title(answer), description, sections, footer)
    return to_embed(with_context(parts, answer), ANSWER_COLOUR)


def with_context(parts: Layout, answer: Answer) -> Layout:
    """The footer ends with what a follow-up needs ("and in the UK?" as a reply to this answer)."""
    context = Context.of(answer)
    if context is None:
        return parts
    tail = f" · {FOLLOW_UP_HINT} · {context.token()}"
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
    sections = [Section(QUESTION_FIELD, [question], keep=10)] if question else []
    parts = layout(
        title(answer), clarify_text(answer, REGION_HINT), sections, f"As of {nice_date(answer.as_of)}"
    )
    return to_embed(with_context(parts, answer), CLARIFY_COLOUR)


def question_in(embeds: list[discord.Embed]) -> str | None:
    """The question a clarify reply carries, or None when it has none (edited, or not ours)."""
    for embed in embeds:
        for f in embed.fields:
            if f.name == QUESTION_FIELD and f.value:
                return unescape(f.value).strip() or None
    return None


def as_text(answer: Answer) -> str:
    """The reply as content only, for channels where the bot may not embed (the follow-up context last)."""
    context = Context.of(answer) if answer.status != "no_match" else None
    tail = f"\n({FOLLOW_UP_HINT} · {context.token()})" if context else ""
    return clip(render_text(answer, REGION_HINT, add_hint=ADD_HINT), CONTENT - len(tail)) + tail


def render(answer: Answer) -> Rendered:
    """The reply for any answer: an embed when there is one, short content when there is none."""
    if answer.status == "answered" and answer.facts:
        return Rendered(embeds=[answer_embed(answer)])
    if answer.status == "clarify":
        return Rendered(embeds=[clarify_embed(answer)])
    return Rendered(content=as_text(answer))
