"""Which facts make the one clear answer: the direct answer, its steps, the story for the same people and
topic, and whether the asker's region has to be asked first (only when it changes the answer)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import NamedTuple

from knowledge.answers.claim_fit import (
    asked_as_an_organisation,
    asked_of_data,
    asks_about_its_data,
    fits,
    for_a_group_only,
    for_an_organisation,
    narrows,
)
from knowledge.answers.continuity import claim_since
from knowledge.answers.lead import ANSWERING_KINDS, Claimant, answers, lead, nothing_to_stop, partial_no
from knowledge.answers.ranking import (
    ABOUT_SOMEONE_TOPICS,
    Scored,
    asked_words,
    phrasing_words,
    rank,
    region_alternatives,
    specific_regions,
)
from knowledge.answers.regional import (
    RegionRow,
    claims_differ,
    for_whom,
    live_rows,
    region_rows,
    way_out_beside,
)
from knowledge.i18n.local import region_short
from knowledge.matching.index import Indexed, SearchIndex
from knowledge.model import Answer, Fact
from knowledge.reading.data_kinds import data_kinds
from knowledge.reading.words import content_words
from knowledge.regions import GLOBAL, at_coverage, coverage

MAX_FACTS = 3
MAX_CLARIFY_OPTIONS = 8
MAX_SUGGESTIONS = 3
STEPS_TOPICS = ("opt-out", "objection")
# Below this similarity to the closest fact, with a platform named, Privy offers the closest questions
# ("Did you mean...?") instead of answering: word overlap alone is not enough to answer.
UNSURE_SIMILARITY = 0.16
UNSURE_LOOKS = 5  # how many of the best-scored facts may show the question is about the platform
UNSURE_CONFIDENCE = 0.3  # what an unsure answer reports: below any answer given
PRIMARY_MARGIN = 30.0  # a fact of the wanted kind this many points behind the best still answers first
# A yes/no question answered best by a date or a how-to gets the status fact that says yes or no first,
# when that fact is about as close to the question (a background fact on a narrower subject stays first).
YES_NO_INSTEAD_OF = ("timeline", "opt-out", "objection")
YES_NO_RELATIVE_SIMILARITY = 0.5
ITS_OWN_QUESTION = 0.8  # a question this close to a fact's own wording gets that fact, whatever its kind
HOW_TO_BAND = 5.0
TELLING_WEIGHT = 2.5  # a word this rare in the base says what is asked about ("messages"); "used" does not
SUMMARY_RELATIVE_SIMILARITY = 0.5  # a region's line in a summary is about as close to the question


class _Voice(NamedTuple):
    """A fact that may give the lead: one ranked for the question (`scored`), or one of the platform's
    search rows with an answering claim for the asker, not ranked (`scored` None): decoded only if picked
    (a big platform has hundreds of them; decoding each was the slow tail)."""

    says: Claimant  # the ranked Fact, or the row
    region_rank: int
    scored: Scored | None


def unsure(ranked: list[Scored], platform: str | None) -> bool:
    """Too far from every fact to answer (the platform is named but nothing close is asked). The closest of
    the best few counts, not only the best-scored: in a long post the best-scored fact may share few words
    while another of the platform's facts says what the post is about."""
    closest = max((s.similarity for s in ranked[:UNSURE_LOOKS]), default=0.0)
    return platform is not None and closest < UNSURE_SIMILARITY


def suggestions(ranked: list[Scored], platform: str | None) -> list[tuple[str, str]]:
    """The closest questions Privy can answer ("Did you mean...?"), on the platform named, each once."""
    out: list[tuple[str, str]] = []
    for s in ranked:
        if (platform is None or s.fact.platform == platform) and all(q != s.fact.question for _, q in out):
            out.append((s.fact.id, s.fact.question))
    return out[:MAX_SUGGESTIONS]


def answered(
    index: SearchIndex,
    answer: Answer,
    ranked: list[Scored],
    *,
    region: str | None,
    how_to: bool,
    yes_no: bool,
    wanted: set[str],
    about_an_authority: bool = False,
    text: str = "",
) -> None:
    """Fill `answer` with the direct answer and its steps, or turn it into a clarify when it must.
    `text` is the question as ranked (read into English), for what it asks beyond the claim."""
    best = ranked[0]

    def asked() -> set[str]:  # the question's telling words: "private", "messages", not "used"
        return {w for w in asked_words(index, text) if index.weight(w) >= TELLING_WEIGHT} if text else set()

    same = [s for s in ranked if s.fact.platform == best.fact.platform]
    site = about_a_site(text)
    if answer.platform is None and best.fact.platform:  # found by its words ("global models"), not its name
        answer.platform = best.fact.platform
        answer.platform_name = index.names.name_of(best.fact.platform)
    primary = _primary(same, how_to=how_to, yes_no=yes_no, region=region, asked=asked, site=site)
    when = answer.as_of
    if region is None and best.fact.platform is not None:
        steps = _steps_by_region(index, best.fact.platform, when)
        same_steps = len(steps) == 1
        differ = _claims_differ(index, primary.fact, when, how_to=how_to)
        if differ is not None:  # the training claims say whether the asker's region changes the answer
            needs = differ
        elif how_to and primary.fact.topic in STEPS_TOPICS:
            needs = not same_steps
        else:
            needs = _needs_region(best, ranked, wanted) and not (same_steps and None not in steps)
        if not needs:  # answering without a region: the facts for everywhere speak first
            everywhere = [s for s in same if GLOBAL in s.fact.regions]
            if everywhere and GLOBAL not in primary.fact.regions:
                same = everywhere
                primary = _primary(same, how_to=how_to, yes_no=yes_no, region=region, asked=asked, site=site)
        if needs:
            answer.status = "clarify"
            answer.clarify_options = _region_options(index, best.fact.platform, when)
            answer.facts = [s.fact for s in same[:MAX_FACTS]]
            answer.topic = primary.fact.topic
            return
        answer.differs = _regions_with_own_facts(index, best.fact.platform, when)
    answer.status = "answered"
    lead_fact: Fact | None = None
    pool = [_Voice(s.fact, s.region_rank, s) for s in same]
    pool += _claimed(index, best.fact.platform, region, when, {s.fact.id for s in same})
    if how_to:  # "nothing to switch off in Germany then" beats steps for everywhere
        primary = _nothing_to_stop_instead(index, pool, primary)
    if not about_an_authority:
        primary = _individuals_claim_instead(index, answer.question, pool, primary, region, how_to=how_to)
    if yes_no and not how_to and not about_an_authority:
        primary = _answering_claim_instead(index, answer.question, pool, primary, region)
    # when it is not training there (paused, not yet) there is nothing to switch off: no one else's steps
    acts = not nothing_to_stop(primary.fact)
    steps_fact = (
        primary.fact
        if primary.fact.steps
        else _steps_companion(same, primary, region, site)
        if acts
        else None
    )
    if not about_an_authority:  # "is the ICO looking at it?": the regulator's fact, no yes or no
        lead_fact = _lead_fact(
            index, answer.question, pool, primary, steps_fact, how_to=how_to, yes_no=yes_no, region=region
        )
    answer.lead = (
        lead(
            lead_fact,
            platform_name=answer.platform_name,
            region=region,
            as_of=when,
            since=claim_since(index, lead_fact, region),
        )
        if lead_fact
        else ""
    )
    facts = [primary.fact]
    for extra in (lead_fact, steps_fact):
        if extra is not None and all(extra.id != f.id for f in facts):
            facts.append(extra)
    answer.facts = facts
    answer.steps = list(steps_fact.steps) if steps_fact else []
    answer.topic = primary.fact.topic
    answer.history = _story(index, primary.fact, region)


def per_region(
    index: SearchIndex, answer: Answer, platform: str, when: date, text: str, *, opt_out: bool = False
) -> Answer:
    """'Which countries...' ('where can I opt out...' with `opt_out`): one line per group of regions,
    computed from the claims when the platform's facts state them, else from the closest status facts."""
    rows = region_rows(index, platform, when)
    if rows:
        return _from_claims(index, answer, platform, when, rows, opt_out=opt_out)
    ranked = rank(index, text, platform=platform, region=None, as_of=when, intents={"status"}, limit=40)
    status = [s for s in ranked if s.fact.topic == "status"]
    if not status:
        return answer
    floor = SUMMARY_RELATIVE_SIMILARITY * status[0].similarity
    by_regions: dict[tuple[str, ...], Fact] = {}
    for s in status:  # a line per region that says yes or no ("Not your personal chats" is no such line)
        if s.similarity >= floor and _says_yes_or_no(s.fact) and not partial_no(s.fact):
            by_regions.setdefault(s.fact.regions, s.fact)
    lines: list[tuple[str, str]] = []
    shown: list[Fact] = []
    for regions in sorted(by_regions, key=lambda r: (GLOBAL in r, r)):
        fact = by_regions[regions]
        label = ", ".join(region_short(r) for r in fact.regions)  # in the reply's language
        name = index.names.name_of(platform)
        began = claim_since(index, fact, None)
        lines.append((label, lead(fact, platform_name=name, as_of=when, say_where=False, since=began)))
        shown.append(fact)
    if not shown:
        return answer
    answer.status = "answered"
    answer.platform = platform
    answer.platform_name = index.names.name_of(platform)
    answer.topic = "regions"
    answer.summary = lines
    answer.facts = shown
    answer.region = None
    return answer


def _from_claims(
    index: SearchIndex, answer: Answer, platform: str, when: date, rows: list[RegionRow], *, opt_out: bool
) -> Answer:
    """The summary from region_rows: each line's gist is the lead of its training (or opt-out) claim."""
    name = index.names.name_of(platform)
    lines: list[tuple[str, str]] = []
    shown: list[Fact] = []
    for row in rows:  # a region with no training claim still has its way out (or its lack of one)
        fact = (row.opt_out if opt_out else row.training) or row.opt_out
        if fact is None:
            continue
        began = claim_since(index, fact, None)
        lines.append((row.label, lead(fact, platform_name=name, as_of=when, say_where=False, since=began)))
        shown.append(fact)
    if not shown:
        return answer
    answer.status = "answered"
    answer.platform = platform
    answer.platform_name = name
    answer.topic = "regions"
    answer.summary = lines
    answer.facts = shown
    answer.region = None
    return answer


def _claims_differ(index: SearchIndex, fact: Fact, when: date, *, how_to: bool) -> bool | None:
    """Whether askers elsewhere get other claims on the subject of `fact` (the answer found): other
    opt-outs of its kind for a how-to, other training claims for the rest; None when `fact` states no
    such claim (then the older rules decide). Remembered by what it depends on (the platform, the kind of
    way out or the data a no is about, the day), not by fact: a platform of thousands of facts is
    compared once a day, not once a question."""
    platform = fact.platform or ""
    if how_to and answers(fact, "opt_out"):
        return index.remembered(
            platform,
            ("ways differ", fact.topic, when),
            lambda: _ways_differ(index, platform, fact.topic, when),
        )
    if not how_to and answers(fact, "training"):
        data = fact.claim.data if fact.claim is not None and partial_no(fact) else None
        return index.remembered(
            platform,
            ("training differs", data, when),
            lambda: claims_differ(_on_subject(index, fact, when), "training"),
        )
    if how_to and fact.platform:  # a how-to matched a side fact (ads, a regulator): the ways out decide
        return index.remembered(
            platform, ("any way differs", when), lambda: _any_way_differs(index, platform, when)
        )
    return None


def _ways_differ(index: SearchIndex, platform: str, topic: str, when: date) -> bool:
    """Whether the ways out of this kind (a setting, a form...) differ by region, or some regions have
    nothing to stop, or their only way out is of another kind (Meta's objection form in the EU and UK,
    where the US has no opt-out at all)."""
    every = live_rows(index, platform, when)
    rows = [r for r in every if r.topic == topic]
    stop = claims_differ([r for r in every if not partial_no(r)], "nothing_to_stop")
    ways = [r for r in every if answers(r, "opt_out")]
    elsewhere = _covered(ways) - _covered(rows)
    return bool(claims_differ(rows, "opt_out") or stop or elsewhere)


def _any_way_differs(index: SearchIndex, platform: str, when: date) -> bool | None:
    ways = [r for r in live_rows(index, platform, when) if answers(r, "opt_out")]
    return bool(claims_differ(ways, "opt_out")) if ways else None


def _covered(rows: list[Indexed]) -> set[str]:
    """The regions that the rows name."""
    return {r for row in rows for r in row.regions}


def _on_subject(index: SearchIndex, fact: Fact, when: date) -> list[Indexed]:
    """The platform's rows holding on `when` whose training claims speak to what `fact` claims: a no about
    some data only (WhatsApp's personal chats) is compared with claims about that data, anything else
    with the claims about everything but such data (another region's posts say nothing of chats, and
    the reverse). Compared from the search rows' claims: no fact is decoded."""
    rows = live_rows(index, fact.platform, when) if fact.platform else []
    if fact.claim is not None and partial_no(fact):
        return [r for r in rows if r.claim is not None and r.claim.data == fact.claim.data]
    return [r for r in rows if not partial_no(r)]


def _primary(
    same: list[Scored],
    *,
    how_to: bool,
    yes_no: bool,
    region: str | None,
    asked: Callable[[], set[str]] = set,
    site: bool = False,
) -> Scored:
    """A how-to gets the fact with the steps first; a yes/no question the fact that says yes or no.
    With no region known, a fact for everywhere comes before one for some regions."""
    best = same[0]
    if how_to and region is not None:  # "not training in the UK then": nothing to switch off, no steps
        for s in same:
            if (
                s.fact.topic == "status"
                and s.region_rank >= 2
                and nothing_to_stop(s.fact)
                and s.score >= best.score - PRIMARY_MARGIN
            ):
                return s
    if how_to:
        # steps for everywhere do not replace what a fact for the asker's own region says ("there was
        # nothing to switch off in Germany then")
        near = [
            s
            for s in same
            if s.fact.topic in STEPS_TOPICS
            and s.score >= best.score - PRIMARY_MARGIN
            and s.region_rank >= best.region_rank
        ]
        # stable sorts, best score first within each: the opt-out itself, then (no region known) for
        # everywhere; within a few points, a fact asked as a how-to ("How do I stop...") beats a side road
        near.sort(key=lambda s: s.fact.topic != "opt-out")
        if region is None:
            near.sort(key=lambda s: GLOBAL not in s.fact.regions)
        if not site:  # a robots.txt line for website owners is no way out for someone asking about their data
            near.sort(key=lambda s: for_websites(s.fact))
        if near:  # its wording is read (the fact decoded) only as far as the first found
            top = near[0].score
            return next(
                (
                    s
                    for s in near
                    if s.score >= top - HOW_TO_BAND
                    and _asked_as_how_to(s.fact)
                    and (site or not for_websites(s.fact))
                ),
                near[0],
            )
    elif (
        yes_no
        and best.fact.topic in YES_NO_INSTEAD_OF
        and not _says_yes_or_no(best.fact)
        and best.similarity < ITS_OWN_QUESTION
    ):
        for s in same:
            if (
                s.fact.topic == "status"
                and _says_yes_or_no(s.fact)
                and s.score >= best.score - PRIMARY_MARGIN
                and s.similarity >= YES_NO_RELATIVE_SIMILARITY * best.similarity
                and s.region_rank >= best.region_rank
            ):
                return s
    elif yes_no and best.fact.topic == "background":
        return _claim_covers_the_ask(same, best, asked())
    return best


FOR_WEBSITES = re.compile(r"\b(web)?site (owners|publishers)\b|\bwebsite publishers\b")
ABOUT_A_SITE = re.compile(
    r"\b(web)?sites?\b|\bblogs?\b|\brobots\b|\bcrawl\w*|\bdomains?\b|\bpublish\w*|\w*bots?\b"
)


def for_websites(fact: Claimant) -> bool:
    """Whether the fact's claim is for website owners (a crawler's robots.txt line)."""
    who = fact.claim.who if fact.claim is not None else None
    return bool(who) and FOR_WEBSITES.search(who or "") is not None


# A word each of ABOUT_A_SITE's alternatives contains: a question with none of them is not about a site,
# found by substring tests in C (1-2 us) rather than by the pattern, whose `\w*bots?` is tried at every
# letter (12-23 us, asked up to three times a question: 3.7% of a question at 20k facts).
_SITE_HINTS = ("site", "blog", "robots", "crawl", "domain", "publish", "bot")


def about_a_site(question: str) -> bool:
    """Whether the question is about a site, a blog or a crawler: a website owner's way out answers it."""
    lowered = question.lower()
    return any(hint in lowered for hint in _SITE_HINTS) and ABOUT_A_SITE.search(lowered) is not None


def _claim_covers_the_ask(same: list[Scored], best: Scored, asked: set[str]) -> Scored:
    """ "Are Dutch users' posts used for AI?": the fact that says yes or no, when the background fact ranked
    first shares no asked word that the yes/no fact's wording or claimed data lacks; "does it use my private
    messages too?" keeps the list of what is and is not used."""
    beyond = asked & phrasing_words(best)
    for s in same:
        if (
            s.fact.topic == "status"
            and _says_yes_or_no(s.fact)
            and s.score >= best.score - PRIMARY_MARGIN
            and s.region_rank >= best.region_rank
        ):
            claimed = (
                {w for item in s.fact.claim.data for w in content_words(item)} if s.fact.claim else set()
            )
            return best if beyond - phrasing_words(s) - claimed else s
    return best


def _nothing_to_stop_instead(index: SearchIndex, pool: list[_Voice], primary: Scored) -> Scored:
    """For "how do I stop it?": the asker's own region's claim that nothing is trained there, when it is
    at least as specific to them as the steps found."""
    trains = [v for v in pool if answers(v.says, "training")]
    stop = max(trains, key=lambda v: v.region_rank, default=None)
    if stop is not None and nothing_to_stop(stop.says) and stop.region_rank >= primary.region_rank:
        return _heard(index, stop) or primary
    return primary


def _individuals_claim_instead(
    index: SearchIndex,
    question: str,
    pool: list[_Voice],
    primary: Scored,
    region: str | None,
    *,
    how_to: bool = False,
) -> Scored:
    """For a person asking ("how do I stop GitHub Copilot training on my data?"): the training claim for
    people like them, when the fact ranked first speaks only for organisations (Copilot Business customers,
    Claude for Enterprise owners) and the question is not asked as one. Asked how to stop it, only when
    they are not trained on: where they are, their admin's way out (Slack's owners' email) is theirs too."""
    if (
        not for_an_organisation(primary.fact)
        or asked_as_an_organisation(question)
        or primary.similarity >= ITS_OWN_QUESTION  # the fact's own question
    ):
        return primary
    people = [
        v
        for v in pool
        if answers(v.says, "training")
        and not for_an_organisation(v.says)
        and v.region_rank >= primary.region_rank
        and (region is not None or GLOBAL in v.says.regions)
    ]
    people.sort(key=lambda v: -v.region_rank)
    if not people or (how_to and any(v.says.claim and v.says.claim.training == "yes" for v in people)):
        return primary
    return _heard(index, people[0]) or primary


def _answering_claim_instead(
    index: SearchIndex, question: str, pool: list[_Voice], primary: Scored, region: str | None
) -> Scored:
    """For "is it training on my chats?": the claim that answers it, when the fact ranked first is a no
    about narrower data than was asked ("incognito chats"): its prose would explain the wrong claim."""
    if (
        not (answers(primary.fact, "training") and partial_no(primary.fact))
        or primary.similarity >= ITS_OWN_QUESTION  # "Does Slack AI train on our workspace data?" is its own
    ):
        return primary
    lead_fact = _lead_fact(index, question, pool, primary, None, how_to=False, yes_no=True, region=region)
    if lead_fact is None or lead_fact.id == primary.fact.id:
        return primary
    asked = asked_of_data(index, question, primary.fact.platform)
    if narrows(asked, lead_fact) >= narrows(asked, primary.fact):
        return primary
    voice = next((v for v in pool if v.says.id == lead_fact.id), None)
    return (_heard(index, voice) if voice is not None else None) or primary


def _heard(index: SearchIndex, voice: _Voice) -> Scored | None:
    """The voice as a whole fact: the ranked one, or its row decoded now (None if it has just gone)."""
    if voice.scored is not None:
        return voice.scored
    fact = index.facts([voice.says.id]).get(voice.says.id)
    return Scored(fact, 0.0, 0.0, voice.region_rank) if fact is not None else None


def _lead_fact(
    index: SearchIndex,
    question: str,
    pool: list[_Voice],
    primary: Scored,
    steps_fact: Fact | None,
    *,
    how_to: bool,
    yes_no: bool,
    region: str | None,
) -> Fact | None:
    """The fact whose claim gives the first sentence: for "how do I stop it?" the opt-out whose steps are
    shown; for "is it training?" the training claim that covers the asker most specifically (a fact that
    only explains, or says what to do, never answers it on its own). None: the prose speaks alone."""
    asked = data_kinds(question)  # "is Google training on my photos?": no yes about Gemini chats
    claims = [
        v for v in pool if answers(v.says, "training") and (region is not None or GLOBAL in v.says.regions)
    ]
    nearest_rank = max((v.region_rank for v in claims), default=0)
    if (
        answers(primary.fact, "training")
        and not partial_no(primary.fact)
        and fits(asked, primary.fact)
        and primary.region_rank >= nearest_rank  # Brazil's "not yet" before a yes for everywhere
    ) or (how_to and nothing_to_stop(primary.fact)):
        return primary.fact
    if how_to:
        for fact in (steps_fact, primary.fact):
            if fact is not None and answers(fact, "opt_out"):
                return fact
        return None
    if not (yes_no or primary.fact.topic == "status"):
        return primary.fact if answers(primary.fact, "opt_out") else None
    # the asker's most specific region speaks, or no claim does: a claim for everywhere does not answer for
    # Brazil in its place. Among its claims, a no about some data only (WhatsApp's chats) leads only a
    # question about that data, unless it is all that region says (Brazil's "not yet" on public posts).
    nearest = [v for v in claims if v.region_rank == nearest_rank]
    mine = [v for v in nearest if not partial_no(v.says) or asks_about_its_data(question, v.says)] or nearest
    order = {id(v): n for n, v in enumerate(mine)}
    # within one region's claims, the one that narrows least what was asked: "my chats" is answered by the
    # claim on chats, not by the one on incognito chats
    words_asked = asked_of_data(index, question, primary.fact.platform)
    person = not asked_as_an_organisation(question)  # a claim for organisations after one for people
    mine.sort(
        key=lambda v: (
            person and for_an_organisation(v.says),
            narrows(words_asked, v.says),
            order[id(v)],
        )
    )
    # Germany's claim on posts says nothing of photos: no claim leads then
    fitting = [v for v in mine if fits(asked, v.says) and not for_a_group_only(asked, v.says)]
    if fitting and (heard := _heard(index, fitting[0])) is not None:
        return heard.fact
    return primary.fact if answers(primary.fact, "opt_out") else None


def _claimed(
    index: SearchIndex, platform: str | None, region: str | None, when: date, have: set[str]
) -> list[_Voice]:
    """The platform's rows with an answering claim that cover the asker on the day, not ranked (a claim
    answers whatever words the question used), most specific first: read from the rows, not decoded."""
    if platform is None:
        return []
    day = when.isoformat()
    found = []
    for row in _answering(index, platform):
        if row.id in have:
            continue
        rank_ = coverage(row.regions, region) if region else 0
        if (rank_ > 0 or region is None) and row.valid_on(day):
            found.append(_Voice(row, rank_, None))
    return sorted(found, key=lambda v: (-v.region_rank, v.says.id))


def remember_platforms(index: SearchIndex) -> None:
    """Every platform's answering rows and its status and opt-out facts by region, as the index's scope
    sees them, made when a small base is opened rather than by each platform's first question: 8 ms at
    20k facts, and 40 us off a question about a platform met for the first time. A save drops its
    platform's (SearchIndex.remembered), to be made again when next needed."""
    for platform in index.names.platforms:
        _answering(index, platform)
        for topic in ("status", "opt-out"):  # the topics with a story (_story)
            _by_regions(index, platform, topic)


def _answering(index: SearchIndex, platform: str) -> list[Indexed]:
    """The platform's rows whose claim can answer on its own, kept until the platform changes: a few of
    its facts, where a big platform has thousands to look through."""
    return index.remembered(
        platform,
        "answering",
        lambda: [r for r in index.rows(platform) if r.claim is not None and r.claim.kind in ANSWERING_KINDS],
    )


def _asked_as_how_to(fact: Fact) -> bool:
    return fact.question.lower().startswith(("how ", "what do i do", "where do i"))


def _says_yes_or_no(fact: Fact) -> bool:
    """The fact claims whether the platform trains on these people's data (its claim, not its prose)."""
    return answers(fact, "training")


def _steps_companion(
    same: list[Scored], primary: Scored, region: str | None, site: bool = False
) -> Fact | None:
    """The steps that go with a direct answer: an opt-out fact for the same people, when there is one (a
    website owner's robots.txt line only for a question about a site)."""
    if primary.fact.topic in ABOUT_SOMEONE_TOPICS and primary.fact.topic != "background":
        return None
    found = [
        s
        for s in same
        if s.fact.topic in STEPS_TOPICS
        and s.fact.steps
        and (region is not None or GLOBAL in s.fact.regions)
        and (site or not for_websites(s.fact))
    ]
    # the steps for the asker's own region before steps for everywhere, the opt-out before an objection
    # form: the same steps whichever way the question was reached (issue 17, point 6)
    # and, as the status table does, the way out of the people the claim is about before anyone else's
    who = primary.fact.claim.who if primary.fact.claim else None
    found.sort(
        key=lambda s: (
            -s.region_rank,
            for_whom(s.fact, who),
            not answers(s.fact, "opt_out"),
            s.fact.topic != "opt-out",
        )
    )
    return way_out_beside(primary.fact, found[0].fact) if found else None


def _steps_by_region(index: SearchIndex, platform: str, when: date) -> set[frozenset[str] | None]:
    """The different sets of steps the regions the platform's facts speak for would get (None: no steps);
    one set means every asker would get the same steps, so there is no need to ask where they are."""
    return index.remembered(platform, ("steps", when), lambda: _steps_signatures(index, platform, when))


def _steps_signatures(index: SearchIndex, platform: str, when: date) -> set[frozenset[str] | None]:
    """_steps_by_region from the search rows, which carry each fact's steps: no fact is decoded."""
    day = when.isoformat()
    live = [r for r in index.rows(platform) if r.valid_on(day)]
    regions = [*specific_regions([r.regions for r in live]), GLOBAL]
    with_steps = [r for r in live if r.topic in STEPS_TOPICS]
    signatures: set[frozenset[str] | None] = set()
    for code in regions:
        covering = [(coverage(r.regions, code), r) for r in with_steps if coverage(r.regions, code)]
        if not covering:
            signatures.add(None)
            continue
        top = max(c for c, _ in covering)
        steps = {r.steps for c, r in covering if c == top and r.steps}  # as stored: equal text, equal steps
        signatures.add(frozenset(steps) or None)
    return signatures


def _regions_with_own_facts(index: SearchIndex, platform: str, when: date) -> list[str]:
    """Regions with facts of their own about what happens to people's data there."""
    return list(
        index.remembered(platform, ("own regions", when), lambda: _own_regions(index, platform, when))
    )


def _own_regions(index: SearchIndex, platform: str, when: date) -> list[str]:
    day = when.isoformat()
    rows = [r for r in index.rows(platform, "status") if r.valid_on(day) and GLOBAL not in r.regions]
    return specific_regions([r.regions for r in rows])


def _needs_region(best: Scored, ranked: list[Scored], wanted: set[str]) -> bool:
    """True when what happens to the asker's data differs by region and we do not know theirs."""
    if best.fact.platform is None or "regions" in wanted:
        return False
    if GLOBAL not in best.fact.regions and best.fact.topic not in ABOUT_SOMEONE_TOPICS:
        return True
    alternatives = region_alternatives(ranked, best)
    return any(set(f.regions) != set(best.fact.regions) for f in alternatives)


def _region_options(index: SearchIndex, platform: str | None, when: date) -> list[str]:
    return list(index.remembered(platform, ("options", when), lambda: _options(index, platform, when)))


def _options(index: SearchIndex, platform: str | None, when: date) -> list[str]:
    day = when.isoformat()
    regions = [row.regions for row in index.rows(platform) if row.valid_on(day)]
    options = specific_regions(regions)[: MAX_CLARIFY_OPTIONS - 1]
    if any(GLOBAL in r for r in regions) or not options:
        options.append(GLOBAL)
    return options


def _story(index: SearchIndex, best: Fact, region: str | None) -> list[Fact]:
    """Facts on the same platform and topic for the same people at other times, oldest first (incl. the
    best): a global fact is no part of a regional story, nor a fact for other regions."""
    if best.platform is None or best.topic not in ("status", "opt-out"):
        return []
    # Grouped by region list, kept until the platform changes: a big platform has thousands of facts of
    # a topic but a few dozen region lists, so each question compares only those (the order is made below).
    groups = _by_regions(index, best.platform, best.topic)
    if region:
        level = coverage(best.regions, region)
        related = [f for regions in at_coverage(groups, region, level) for f in groups[regions]]
    else:
        same = set(best.regions)
        related = [f for regions, rows in groups.items() if set(regions) == same for f in rows]
    # One after another only: a fact that holds on some day the best one holds is another subject, not a
    # chapter of the story (the best one's days worked out once, not once a fact).
    start = best.valid_from.isoformat() if best.valid_from else ""
    end = best.valid_until.isoformat() if best.valid_until else "9999"
    related = [
        f
        for f in related
        if f.id == best.id or not ((f.valid_from or "") <= end and (f.valid_until or "9999") >= start)
    ]
    if len({(f.valid_from, f.valid_until) for f in related}) < 2:
        return []
    related.sort(key=lambda f: (f.valid_from or "", f.id))
    return index.facts_of(related)  # decoded with the answer's other facts, in one query


def _by_regions(index: SearchIndex, platform: str, topic: str) -> dict[tuple[str, ...], list[Indexed]]:
    """The platform's live facts of one topic by the regions they speak for."""

    def group() -> dict[tuple[str, ...], list[Indexed]]:
        out: dict[tuple[str, ...], list[Indexed]] = {}
        for f in index.rows(platform, topic):
            out.setdefault(f.regions, []).append(f)
        return out

    return index.remembered(platform, ("by regions", topic), group)
