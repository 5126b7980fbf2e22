"""The Answer as text, for the console and the JSON `reply`. Discord renders the same Answer as an embed."""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import urlsplit

from knowledge.model import Answer, Fact, Source
from knowledge.regions import display_name, short_name

NO_MATCH = (
    "I don't have a sourced answer for that. I answer questions about how platforms use your data to "
    "train AI, and how to opt out, for your region and date."
)
ASK_A_MOD = "If you think I should know this, ask a moderator: they can add a sourced fact."
FROM_SERVER = "From this server's moderators, not Privy's curated facts."


def origin_line(fact: Fact) -> str | None:
    """Says a fact is a server's own (its moderators wrote or changed it), so no one takes it for Privy's."""
    return FROM_SERVER if fact.from_server else None


def ask_a_mod(add_hint: str | None = None) -> str:
    """How to get a fact added; `add_hint` names the way where the reply is read (an adapter's command)."""
    return f"{ASK_A_MOD[:-1]} with {add_hint}." if add_hint else ASK_A_MOD


def nice_date(day: date | None) -> str:
    """'3 Nov 2025': unambiguous on both sides of the Atlantic."""
    return f"{day.day} {day.strftime('%b %Y')}" if day else "undated"


def title(answer: Answer) -> str:
    """'LinkedIn · UK', 'Open Rights Group', or the platform alone when no region applies."""
    parts = [answer.platform_name or _topic_label(answer)]
    if answer.region:
        parts.append(short_name(answer.region))
    return " · ".join(p for p in parts if p)


def _topic_label(answer: Answer) -> str:
    return "Privacy and AI training" if answer.facts else "Privy"


def first_sentence(text: str) -> str:
    """The gist of an answer: its first sentence, or two when the first is just "Yes." or "No."."""
    sentences = re.findall(r".+?[.!?](?=\s|$)", text) or [text]
    gist = sentences[0].strip()
    if len(gist) < 25 and len(sentences) > 1:
        gist = f"{gist} {sentences[1].strip()}"
    return gist


def source_host(url: str) -> str:
    """The site a link goes to, without 'www.': what a reader checks before trusting a source."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def source_tail(source: Source) -> str:
    """'LinkedIn, linkedin.com, 18 Sep 2025': who published it, on which site, and when."""
    host = source_host(source.url)
    publisher = source.publisher if source.publisher.lower() != host else ""
    return ", ".join(b for b in (publisher, host, nice_date(source.date) if source.date else "") if b)


def source_line(source: Source) -> str:
    """'Title (publisher, host, date)', so a reader sees who stands behind a source before clicking it."""
    head = source.title or source.url
    tail = source_tail(source)
    return f"{head} ({tail})" if tail else head


def window(fact: Fact) -> str:
    """When a fact holds, in words: 'since 3 Nov 2025', 'until 2 Nov 2025', '18 Sep 2024 to 2 Nov 2025'."""
    if fact.valid_from and fact.valid_until:
        return f"{nice_date(fact.valid_from)} to {nice_date(fact.valid_until)}"
    if fact.valid_from:
        return f"since {nice_date(fact.valid_from)}"
    if fact.valid_until:
        return f"until {nice_date(fact.valid_until)}"
    return ""


def story_lines(answer: Answer) -> list[str]:
    """The situation over time, oldest first; the line that holds on the as-of date is marked, not repeated."""
    lines = []
    best = answer.facts[0] if answer.facts else None
    for fact in answer.history:
        when = window(fact) or "always"
        when = when[:1].upper() + when[1:]
        if best is not None and fact.id == best.id:
            lines.append(f"{when}: this answer.")
        else:
            later = " (later)" if fact.valid_from and fact.valid_from > answer.as_of else ""
            lines.append(f"{when}{later}: {first_sentence(fact.answer)}")
    return lines


def cited_sources(answer: Answer) -> list[Source]:
    """The sources of the best fact and of the others shown with it, each URL once."""
    seen: set[str] = set()
    out: list[Source] = []
    for fact in answer.facts[:1] + also_relevant(answer):
        for source in fact.sources:
            if source.url not in seen:
                seen.add(source.url)
                out.append(source)
    return out


def scope_line(answer: Answer) -> str:
    where = display_name(answer.region) if answer.region else None
    parts = [f"for {where}" if where else None, f"as of {nice_date(answer.as_of)}"]
    return "Answer " + " ".join(p for p in parts if p) + "."


def clarify_text(answer: Answer, region_hint: str | None = None) -> str:
    """Asks where the asker is; `region_hint` says how else to give a region where the reply is read."""
    what = answer.platform_name or "this"
    options = ", ".join(short_name(o) for o in answer.clarify_options)
    other = f", or {region_hint}" if region_hint else ""
    return (
        f"The answer about {what} depends on where you live, and I don't know your region yet. "
        f"Where are you? Choose one: {options}. Ask again with your country or city "
        f'("... I\'m in the UK"){other}.'
    )


def also_relevant(answer: Answer) -> list[Fact]:
    """The other facts worth a line after the best one (those that do not repeat its answer)."""
    best = answer.facts[0] if answer.facts else None
    return [f for f in answer.facts[1:] if best is None or f.answer != best.answer]


def render_text(answer: Answer, region_hint: str | None = None, *, add_hint: str | None = None) -> str:
    """The whole reply as plain text; each adapter passes its own hints (see clarify_text, ask_a_mod)."""
    if answer.status == "no_match":
        return f"{NO_MATCH} {ask_a_mod(add_hint)}"
    if answer.status == "clarify":
        return clarify_text(answer, region_hint)
    best = answer.facts[0]
    out = [title(answer), scope_line(answer), "", best.answer]
    if origin_line(best):
        out += ["", FROM_SERVER]
    if best.steps:
        out += ["", "Steps:"] + [f"{i}. {s}" for i, s in enumerate(best.steps, 1)]
    also = also_relevant(answer)
    if also:
        out += ["", "Also relevant:"] + [
            f"- {first_sentence(f.answer)}" + (" (from this server's moderators)" if f.from_server else "")
            for f in also
        ]
    story = story_lines(answer)
    if story:
        out += ["", "How this changed:"] + [f"- {line}" for line in story]
    out += ["", "Sources:"] + [f"- {source_line(s)}: {s.url}" for s in cited_sources(answer)]
    out += ["", f"Last verified {nice_date(best.verified)}. Settings and policies change; check the source."]
    return "\n".join(out)


def is_stale(fact: Fact, today: date, days: int) -> bool:
    return fact.verified < today - timedelta(days=days)
