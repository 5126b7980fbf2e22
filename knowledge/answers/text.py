"""The Answer as text, for the console and the JSON `reply`. Discord renders the same Answer as an embed."""

from __future__ import annotations

import re
from datetime import date

from knowledge.answers.lead import lead_of
from knowledge.answers.sources import MAX_SOURCES, best_sources, is_label, label_text
from knowledge.i18n.curated import IN_ENGLISH, prose_of, steps_of_fact
from knowledge.i18n.local import day_text, region_name, region_short
from knowledge.i18n.speaking import N_, _
from knowledge.model import Answer, Fact, Source
from knowledge.reading.safe_text import browser_host

# English msgids (N_), each put into the reply's language by `_()` where it is used (knowledge.i18n).
NO_MATCH = N_(
    "I don't have a sourced answer for that. I answer questions about how platforms use your data to "
    "train AI, and how to opt out, for your region and date."
)
ASK_A_MOD = N_("If you think I should know this, ask a moderator: they can add a sourced fact.")
COVERS = N_("I answer whether platforms train AI on your data, and how to opt out, for your region and date.")
NOT_COVERED = N_(
    "That's not something I cover. I answer whether platforms train AI on your data, and how to opt out, "
    "for your region and date."
)
EXAMPLES = (
    N_("is LinkedIn training AI on my posts? I'm in Leeds"),
    N_("how do I stop X using my posts for Grok"),
    N_("can Americans opt out of Meta AI training"),
    N_("which countries is Meta training AI in"),
)
REGIONS_EXAMPLE = N_(
    '"which countries is Meta training AI in", "where can I opt out of LinkedIn AI training"'
)
FOLLOW_UPS = N_('"and in the UK?", "what about Meta?", "how do I do that?"')
UNSURE = N_("I'm not sure which question you mean. Did you mean:")
WHICH_PLATFORM = N_(
    "Which platform do you mean? Each has its own answer, and your question doesn't name one. "
    "Ask again with the platform's name in it."
)

ASK_WITH_COUNTRY = N_("Ask with your country for the details and steps.")
FROM_SERVER = N_("From this server's moderators, not Privy's curated facts.")


def origin_line(fact: Fact) -> str | None:
    """Says a fact is a server's own (its moderators wrote or changed it), so no one takes it for Privy's."""
    return _(FROM_SERVER) if fact.from_server else None


def ask_a_mod(add_hint: str | None = None) -> str:
    """How to get a fact added; `add_hint` names the way where the reply is read (an adapter's command)."""
    return (
        _("{ask_a_mod} with {way}.").format(ask_a_mod=_(ASK_A_MOD)[:-1], way=add_hint)
        if add_hint
        else _(ASK_A_MOD)
    )


def nice_date(day: date | None) -> str:
    """'3 Nov 2025': unambiguous on both sides of the Atlantic (written the local way in other languages)."""
    return day_text(day) if day else _("undated")


def source_changed_line(answer: Answer) -> str | None:
    """Said while a watched source of the answer changed and no moderator has re-checked the fact yet."""
    if answer.source_changed is None:
        return None
    return _("The source changed on {day}; moderators are re-checking.").format(
        day=nice_date(answer.source_changed)
    )


def verified_words(fact: Fact) -> str:
    """'verified 1 Nov 2026', and when it was read only in a stored copy, says so (verified_from: archive)."""
    copy = _(", against a stored copy of its sources") if fact.verified_from == "archive" else ""
    return _("verified {day}").format(day=nice_date(fact.verified)) + copy


def title(answer: Answer) -> str:
    """'LinkedIn · UK', 'Open Rights Group', or the platform alone when no region applies."""
    parts = [answer.platform_name or _topic_label(answer)]
    if answer.region:
        parts.append(_(answer.region_shown) if answer.region_shown else region_short(answer.region))
    return " · ".join(p for p in parts if p)


def _topic_label(answer: Answer) -> str:
    return _("Privacy and AI training") if answer.facts else "Privy"


def first_sentence(text: str) -> str:
    """The gist of an answer: its first sentence, or two when the first is just "Yes." or "No."."""
    sentences = re.findall(r".+?[.!?](?=\s|$)", text) or [text]
    gist = sentences[0].strip()
    if len(gist) < 25 and len(sentences) > 1:
        gist = f"{gist} {sentences[1].strip()}"
    return gist


def source_host(url: str) -> str:
    """The site a link goes to, without 'www.': what a reader checks before trusting a source (as the
    browser reads it, not urlsplit: see knowledge.reading.safe_text; punycode when not plain ASCII)."""
    return browser_host(url).removeprefix("www.")


def source_tail(source: Source) -> str:
    """'LinkedIn, linkedin.com, 18 Sep 2025': who published it, on which site, and when."""
    host = source_host(source.url)
    publisher = source.publisher if source.publisher.lower() != host else ""
    return ", ".join(b for b in (publisher, host, nice_date(source.date) if source.date else "") if b)


def source_head(source: Source) -> str:
    """The page's title; a title that is our label says so ("Our description: ...")."""
    if is_label(source):
        return _("Our description: {label}").format(label=label_text(source))
    return source.title or source.url


def source_line(source: Source) -> str:
    """'Title (publisher, host, date)', so a reader sees who stands behind a source before clicking it."""
    head = source_head(source)
    tail = source_tail(source)
    return f"{head} ({tail})" if tail else head


def window(fact: Fact) -> str:
    """When a fact holds, in words: 'since 3 Nov 2025', 'until 2 Nov 2025', '18 Sep 2024 to 2 Nov 2025'."""
    if fact.valid_from and fact.valid_until:
        return _("{start} to {end}").format(start=nice_date(fact.valid_from), end=nice_date(fact.valid_until))
    if fact.valid_from:
        return _("since {day}").format(day=nice_date(fact.valid_from))
    if fact.valid_until:
        return _("until {day}").format(day=nice_date(fact.valid_until))
    return ""


def story_lines(answer: Answer) -> list[str]:
    """The situation over time, oldest first; the line that holds on the as-of date is marked, not repeated."""
    lines = []
    best = answer.facts[0] if answer.facts else None
    for fact in answer.history:
        when = window(fact) or _("always")
        when = when[:1].upper() + when[1:]
        if best is not None and fact.id == best.id:
            lines.append(_("{when}: this answer.").format(when=when))
        else:
            later = _(" (later)") if fact.valid_from and fact.valid_from > answer.as_of else ""
            gist = lead_of(fact, answer.platform_name, dated=False) or first_sentence(fact.answer)
            lines.append(f"{when}{later}: {gist}")
    return lines


def cited_sources(answer: Answer) -> list[Source]:
    """The best sources of the best fact and of the one shown with it: the platform's and the
    regulator's own pages first (knowledge.answers.sources)."""
    return best_sources(answer.facts[:2], MAX_SOURCES)


def scope_line(answer: Answer) -> str:
    where = (
        (_(answer.region_shown) if answer.region_shown else region_name(answer.region))
        if answer.region
        else None
    )
    day = nice_date(answer.as_of)
    if where:
        return _("Answer for {where} as of {day}.").format(where=where, day=day)
    return _("Answer as of {day}.").format(day=day)


def clarify_text(answer: Answer, region_hint: str | None = None) -> str:
    """Asks where the asker is; `region_hint` says how else to give a region where the reply is read."""
    if answer.reply_kind == "which_platform":
        return which_platform_text(answer)
    what = answer.platform_name or _("this")
    options = _(", ").join(region_short(o) for o in answer.clarify_options)
    other = _(", or {way}").format(way=region_hint) if region_hint else ""
    asked = _(
        "The answer about {what} depends on where you live, and I don't know your region yet. "
        "Where are you? Choose one: {options}. Ask again with your country or city "
        '("... I\'m in the UK"){other}.'
    ).format(what=what, options=options, other=other)
    return f"{asked} {also_asked_line(answer)}" if answer.also_asked else asked


def which_platform_text(answer: Answer) -> str:
    """Asks which platform an on-subject question means, with the ones Privy has sourced answers for."""
    return "\n".join(
        [
            _(WHICH_PLATFORM),
            _("I have sourced answers for: {names}.").format(names=_(", ").join(answer.platform_names)),
        ]
    )


def differs_line(answer: Answer) -> str:
    """'EEA / EU and Canada have answers of their own: ask with your country.' (only when none was known)"""
    if not answer.differs:
        return ""
    names = [region_short(r) for r in answer.differs]
    joined = names[0] if len(names) == 1 else _(", ").join(names[:-1]) + _(" and ") + names[-1]
    if len(names) == 1:
        return _("Where this differs: {regions} has its own answer; ask again with your country.").format(
            regions=joined
        )
    return _("Where this differs: {regions} have their own answers; ask again with your country.").format(
        regions=joined
    )


def also_asked_line(answer: Answer) -> str:
    """'You asked about LinkedIn too: ask about it on its own for its answer.' (two platforms side by side)"""
    names = [name for _pid, name in answer.also_asked]
    if not names:
        return ""
    if len(names) == 1:
        return _("You asked about {platform} too: ask about it on its own for its answer.").format(
            platform=names[0]
        )
    joined = _(", ").join(names[:-1]) + _(" and ") + names[-1]
    return _("You asked about {platforms} too: ask about each on its own for its answer.").format(
        platforms=joined
    )


def help_text(
    region_hint: str | None = None, privacy_hint: str | None = None, status_hint: str | None = None
) -> str:
    """What Privy answers, examples, regions and privacy; each adapter names its own commands in the hints
    (`status_hint`: how to see one platform's per-region status there)."""
    region_way = _(", or {way}").format(way=region_hint) if region_hint else ""
    privacy_way = f" {privacy_hint}" if privacy_hint else ""
    status_way = _(", or {way}").format(way=status_hint) if status_hint else ""
    return "\n".join(
        [
            _("Hi, I'm Privy. {covers} Every answer cites its sources.").format(covers=_(COVERS)),
            _("Ask for example:"),
            *(f"- {_(e)}" for e in EXAMPLES),
            _("Then follow up: {examples}.").format(examples=_(FOLLOW_UPS)),
            _(
                'Regions: name a country, city or US state in the question ("I\'m in Leeds"){way}. '
                "I ask only when the answer depends on where you live."
            ).format(way=region_way),
            _("Region by region: {examples}").format(examples=_(REGIONS_EXAMPLE)) + status_way + ".",
            _(
                "Privacy: your questions are not kept with your name. Only a region you save and your feedback "
                "votes are tied to you; a question I could not answer is kept as text alone for the moderators."
            )
            + privacy_way,
        ]
    )


def no_match_text(answer: Answer, add_hint: str | None = None, region_hint: str | None = None) -> str:
    """Help for a greeting, one line on what Privy covers for another subject, else the honest miss."""
    if answer.reply_kind == "help":
        return help_text(region_hint)
    if answer.reply_kind == "not_covered":
        return _(NOT_COVERED)
    if answer.reply_kind == "unsure" and answer.suggestions:
        options = [f"{i}. {q}" for i, (_, q) in enumerate(answer.suggestions, 1)]
        return "\n".join(
            [
                _(UNSURE),
                *options,
                _("Ask one of these, or rephrase with the platform and what you want to know."),
            ]
        )
    if answer.nearby and answer.region:
        return "\n".join([nearby_text(answer), "", ask_a_mod(add_hint)])
    return f"{_(NO_MATCH)} {ask_a_mod(add_hint)}"


def nearby_text(answer: Answer) -> str:
    """'No sourced answer for Canada. In the EEA: ...': what holds elsewhere, never as the asker's answer."""
    where = region_name(answer.region) if answer.region else _("your region")
    lines = [
        _("I have no sourced answer for {where}. What holds elsewhere, for comparison only:").format(
            where=where
        )
    ]
    for fact in answer.nearby:
        regions = ", ".join(region_short(r) for r in fact.regions)
        gist = lead_of(fact, answer.platform_name) or first_sentence(fact.answer)
        lines.append(
            _("- In {regions}: {gist} ({host})").format(
                regions=regions, gist=gist, host=source_host(fact.sources[0].url)
            )
        )
    return "\n".join(lines)


def body(answer: Answer) -> str:
    """The lead computed from the claim that answers the question, then the best fact's prose."""
    if not answer.facts:
        return ""
    prose = prose_of(answer.facts[0])  # a current curated translation, or the English marked as such
    return f"{answer.lead} {prose}" if answer.lead else prose


def steps_of(answer: Answer) -> list[str]:
    """The numbered steps shown: chosen with the answer, else the first fact's own (a moderator's preview);
    in the reply's language when their fact has a current translation."""
    return list(_shown_steps(answer)[0])


def steps_heading(answer: Answer) -> str:
    """'Steps', or 'Schritte (Englisch)' when the steps are shown in English in another language."""
    heading = _("Steps")
    return f"{heading} {_(IN_ENGLISH)}" if _shown_steps(answer)[1] else heading


def _shown_steps(answer: Answer) -> tuple[tuple[str, ...], bool]:
    steps = tuple(answer.steps) or (answer.facts[0].steps if answer.facts else ())
    owner = next((f for f in answer.facts if f.steps == steps), None)
    return steps_of_fact(owner) if owner is not None else (steps, False)


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
        out = [
            title(answer),
            _("Where, as of {day}:").format(day=nice_date(answer.as_of)),
            *summary_lines(answer),
        ]
        out += ["", _(ASK_WITH_COUNTRY)]
        return "\n".join(out)
    out = [title(answer), scope_line(answer), "", body(answer)]
    if answer.also_asked:
        out += ["", also_asked_line(answer)]
    if origin_line(best):
        out += ["", _(FROM_SERVER)]
    changed = source_changed_line(answer)
    if changed:
        out += ["", changed]
    steps = steps_of(answer)
    if steps:
        out += ["", f"{steps_heading(answer)}:"] + [f"{i}. {s}" for i, s in enumerate(steps, 1)]
    if answer.differs:
        out += ["", differs_line(answer)]
    story = story_lines(answer)
    if story:
        out += ["", _("How this changed:")] + [f"- {line}" for line in story]
    out += ["", _("Sources:")] + [f"- {source_line(s)}: {s.url}" for s in cited_sources(answer)]
    out += [
        "",
        _("Last {verified}. Settings and policies change; check the source.").format(
            verified=verified_words(best)
        ),
    ]
    return "\n".join(out)
