"""The Answer as text, for the console and the JSON `reply`. Discord renders the same Answer as an embed."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from knowledge.answers.lead import lead_of, with_lead
from knowledge.model import Answer, Fact, Source
from knowledge.regions import display_name, short_name

NO_MATCH = (
    "I don't have a sourced answer for that. I answer questions about how platforms use your data to "
    "train AI, and how to opt out, for your region and date."
)
ASK_A_MOD = "If you think I should know this, ask a moderator: they can add a sourced fact."
COVERS = "I answer whether platforms train AI on your data, and how to opt out, for your region and date."
NOT_COVERED = f"That's not something I cover. {COVERS}"
EXAMPLES = (
    "is LinkedIn training AI on my posts? I'm in Leeds",
    "how do I stop X using my posts for Grok",
    "can Americans opt out of Meta AI training",
    "which countries is Meta training AI in",
)
FOLLOW_UPS = '"and in the UK?", "what about Meta?", "how do I do that?"'
UNSURE = "I'm not sure which question you mean. Did you mean:"
MAX_SOURCES = 3

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


def source_changed_line(answer: Answer) -> str | None:
    """Said while a watched source of the answer changed and no moderator has re-checked the fact yet."""
    if answer.source_changed is None:
        return None
    return f"The source changed on {nice_date(answer.source_changed)}; moderators are re-checking."


def verified_words(fact: Fact) -> str:
    """'verified 1 Nov 2026', and when it was read only in a stored copy, says so (verified_from: archive)."""
    copy = ", against a stored copy of its sources" if fact.verified_from == "archive" else ""
    return f"verified {nice_date(fact.verified)}{copy}"


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
            gist = lead_of(fact, answer.platform_name, dated=False) or first_sentence(fact.answer)
            lines.append(f"{when}{later}: {gist}")
    return lines


def cited_sources(answer: Answer) -> list[Source]:
    """The sources of the best fact and of the others shown with it, each URL once."""
    seen: set[str] = set()
    out: list[Source] = []
    for fact in answer.facts[:2]:
        for source in fact.sources:
            if source.url not in seen:
                seen.add(source.url)
                out.append(source)
    return out[:MAX_SOURCES]


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


def differs_line(answer: Answer) -> str:
    """'EEA / EU and Canada have answers of their own: ask with your country.' (only when none was known)"""
    if not answer.differs:
        return ""
    names = [short_name(r) for r in answer.differs]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    own = "has its own answer" if len(names) == 1 else "have their own answers"
    return f"Where this differs: {joined} {own}; ask again with your country."


def help_text(region_hint: str | None = None, privacy_hint: str | None = None) -> str:
    """What Privy answers, examples, regions and privacy; each adapter names its own commands in the hints."""
    region_way = f", or {region_hint}" if region_hint else ""
    privacy_way = f" {privacy_hint}" if privacy_hint else ""
    return "\n".join(
        [
            f"Hi, I'm Privy. {COVERS} Every answer cites its sources.",
            "Ask for example:",
            *(f"- {e}" for e in EXAMPLES),
            f"Then follow up: {FOLLOW_UPS}.",
            'Regions: name a country, city or US state in the question ("I\'m in Leeds")'
            f"{region_way}. I ask only when the answer depends on where you live.",
            "Privacy: your questions are not kept with your name. Only a region you save and your feedback "
            "votes are tied to you; a question I could not answer is kept as text alone for the moderators."
            f"{privacy_way}",
        ]
    )


def no_match_text(answer: Answer, add_hint: str | None = None, region_hint: str | None = None) -> str:
    """Help for a greeting, one line on what Privy covers for another subject, else the honest miss."""
    if answer.reply_kind == "help":
        return help_text(region_hint)
    if answer.reply_kind == "not_covered":
        return NOT_COVERED
    if answer.reply_kind == "unsure" and answer.suggestions:
        options = [f"{i}. {q}" for i, (_, q) in enumerate(answer.suggestions, 1)]
        return "\n".join(
            [UNSURE, *options, "Ask one of these, or rephrase with the platform and what you want to know."]
        )
    return f"{NO_MATCH} {ask_a_mod(add_hint)}"


def steps_of(answer: Answer) -> list[str]:
    """The numbered steps shown: chosen with the answer, else the first fact's own (a moderator's preview)."""
    return list(answer.steps) or (list(answer.facts[0].steps) if answer.facts else [])


def summary_lines(answer: Answer) -> list[str]:
    return [f"- {where}: {gist}" for where, gist in answer.summary]


def render_text(answer: Answer, region_hint: str | None = None, *, add_hint: str | None = None) -> str:
    """The whole reply as plain text; each adapter passes its own hints (see clarify_text, ask_a_mod)."""
    if answer.status == "no_match":
        return no_match_text(answer, add_hint, region_hint)
    if answer.status == "clarify":
        return clarify_text(answer, region_hint)
    best = answer.facts[0]
    if answer.summary:
        out = [title(answer), f"Where, as of {nice_date(answer.as_of)}:", *summary_lines(answer)]
        out += ["", "Ask with your country for the details and steps."]
        return "\n".join(out)
    out = [title(answer), scope_line(answer), "", with_lead(best, answer.platform_name)]
    if origin_line(best):
        out += ["", FROM_SERVER]
    changed = source_changed_line(answer)
    if changed:
        out += ["", changed]
    steps = steps_of(answer)
    if steps:
        out += ["", "Steps:"] + [f"{i}. {s}" for i, s in enumerate(steps, 1)]
    if answer.differs:
        out += ["", differs_line(answer)]
    story = story_lines(answer)
    if story:
        out += ["", "How this changed:"] + [f"- {line}" for line in story]
    out += ["", "Sources:"] + [f"- {source_line(s)}: {s.url}" for s in cited_sources(answer)]
    out += ["", f"Last {verified_words(best)}. Settings and policies change; check the source."]
    return "\n".join(out)
