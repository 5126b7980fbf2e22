"""Turn a question into an Answer: answered, clarify (region needed) or no_match. Never a guess."""

from __future__ import annotations

import re
from datetime import date

from knowledge.answers import choose
from knowledge.answers.applies import nearby
from knowledge.answers.followup import Context, is_follow_up, spell_out
from knowledge.answers.ranking import Scored, asked_words, phrasing_words, rank
from knowledge.answers.relevance import (
    ANOTHER_COMPANY,
    about_advertising,
    another_company,
    asks_indirectly,
    asks_which_platform,
    judge,
    quoted_names,
    seeks_where_a_setting_is,
    the_ask,
)
from knowledge.i18n.speaking import language
from knowledge.matching.deferred import is_deferred, whole
from knowledge.matching.index import SearchIndex
from knowledge.model import Answer, Fact
from knowledge.places import resolve_region
from knowledge.reading.clean import clean
from knowledge.reading.dates import date_in
from knowledge.reading.foreign import read
from knowledge.reading.intent import (
    about_ai_or_data_use,
    asks_about_an_authority,
    asks_where,
    intents,
    is_how_to,
    is_on_topic,
    is_vague,
    is_yes_no,
    other_job,
    small_talk,
)
from knowledge.reading.words import fold
from knowledge.regions import normalize

GENERAL_AHEAD = 2.0  # a fact about no one platform leads a named platform's only when twice as close
MIN_SIMILARITY_WITHOUT_PLATFORM = 0.34
MIN_SIMILARITY_UNNAMED_PLATFORM = 0.9  # "what is 'Data for Generative AI Improvement'?" still finds LinkedIn
# A platform's own term ("opt out from global models": Slack's) names it: close enough and on the subject, the
# question is about that platform though it does not say its name.
MIN_SIMILARITY_OWN_TERM = 0.5
MIN_SIMILARITY_QUOTED = 0.25  # a setting's whole name in quotes says more than shared words
ADVERTISING_WORDS = frozenset(("ads", "ad", "advertiser", "advertis", "marketer"))  # as phrasings are split
MIN_SIMILARITY_OFF_LEXICON = 0.5
RANKED = 12
STATEMENT_WORDS = 8
_MY_STUFF = re.compile(
    r"\b(my|our) (photos?|pics?|pictures?|posts?|data|content|videos?|messages|chats|art)\b"
)
_PAST_ASK = re.compile(r"\b(could|did|was|were|had)\b")


def answer_question(
    index: SearchIndex,
    question: str,
    *,
    today: date,
    region: str | None = None,
    saved_region: str | None = None,
    as_of: date | None = None,
    context: Context | None = None,
) -> Answer:
    """The one answer for this asker, region and date, as plain data; with `context` (the answer before,
    see knowledge.answers.followup) a short follow-up takes its platform, topic and region from it."""
    answer = _answer(
        index, question, today=today, region=region, saved_region=saved_region, as_of=as_of, context=context
    )
    # Ranked facts are decoded only as far as they are read (knowledge.matching.deferred); those the
    # answer shows leave the core whole, so that nothing is read from the base later, on another thread:
    # read together first, one query rather than one a fact (each kept, so `whole` finds it).
    shown = (*answer.facts, *answer.history, *answer.nearby)
    index.facts([f.id for f in shown if is_deferred(f)])
    answer.facts = [whole(f) for f in answer.facts]
    answer.history = [whole(f) for f in answer.history]
    answer.nearby = [whole(f) for f in answer.nearby]
    return answer


def _answer(
    index: SearchIndex,
    question: str,
    *,
    today: date,
    region: str | None,
    saved_region: str | None,
    as_of: date | None,
    context: Context | None,
) -> Answer:
    asked = clean(question)
    # another language: read as the English words we know (too short to tell: as the reply's language)
    text = read(asked, asker_speaks=language()).text if asked else asked
    text = index.names.joined(text)  # "chat gpt": the name the facts use
    if context is not None and text:
        follow = _follow_up(
            index, text, context, today=today, region=region, saved_region=saved_region, as_of=as_of
        )
        if follow is not None:
            return follow
    # a long post is read for what it asks: its story names the platform and the place, but "I've been on
    # Twitter since 2009" is not the day asked about, and its subscriptions and errors are not what is matched
    asks = the_ask(text)
    when = date_in(asks, today) or as_of or today
    asked_region = resolve_region(text) if text else None
    chosen = asked_region or _norm(region) or _norm(saved_region)
    answer = Answer(
        question=asked,
        status="no_match",
        as_of=when,
        region=chosen,
        region_from_question=asked_region is not None,
        region_saved=chosen is not None and asked_region is None and _norm(region) is None,
    )
    if not text:
        return answer
    if small_talk(text):
        answer.reply_kind = "help"
        return answer
    platforms = index.names.detect(text)
    spelled = index.names.spelled(text)  # "Github Copliot": the product named, for what reads the words
    # the right product, and a question for us?
    relevance = judge(spelled, platforms, index.names.called, index.names.names_a_platform)
    platform = relevance.platform
    on_topic = (
        (platform is not None and relevance.training)  # known already: the word lists of is_on_topic wait
        or is_on_topic(spelled)
        or (platform is not None and is_how_to(text) and _MY_STUFF.search(text.lower()))
    )
    answer.on_topic = bool(on_topic)
    if platform:
        answer.platform = platform
        answer.platform_name = index.names.name_of(platform)
        # "is Meta or LinkedIn training…": one answer a platform; the reply says the others were heard
        together = index.names.coordinated(text) if len(platforms) > 1 else []  # one name: no second look
        others = [p for p in together if p != platform]
        answer.also_asked = [(p, index.names.name_of(p)) for p in others]
    if (
        relevance.declined == ANOTHER_COMPANY
    ):  # "does Notion train...? Slack has a toggle": ours, but no facts
        answer.platform = answer.platform_name = None
        answer.also_asked = []
        return answer
    # deleting an account asked about with training ("can I do anything short of deleting my account?") is ours
    # (the gate's answer first: other_job's pattern is ~10 us, and most questions are about training)
    elsewhere = not relevance.training and other_job(text)
    if relevance.declined or elsewhere or (_is_statement(text) and not about_ai_or_data_use(text)):
        answer.reply_kind = "not_covered"  # deleting an account, an assistant feature: not ours to answer
        answer.on_topic = False
        return answer
    if not on_topic and platform is None:
        return answer
    whole, text = text, asks
    names = quoted_names(whole) if platform is None else []  # read only when no platform is named
    if names and asks != whole and not quoted_names(asks):
        text = whole  # a setting's quoted name, told before the ask, says whose setting it is
    wanted = intents(text)
    if is_how_to(text):
        wanted.add("opt-out")  # "what can Swiss users do about it": the steps, whatever words it uses
    ranked = rank(index, text, platform=platform, region=chosen, as_of=when, intents=wanted, limit=RANKED)
    quoted = _setting_names(names)
    owner = _whose_setting(ranked, quoted) if platform is None and on_topic else None
    if owner is not None:  # "'Data for Generative AI Improvement' is on": LinkedIn's setting, so LinkedIn
        platform, answer.platform, answer.platform_name = owner, owner, index.names.name_of(owner)
        ranked = rank(index, text, platform=owner, region=chosen, as_of=when, intents=wanted, limit=RANKED)
    if platform is not None:
        ranked = _its_own_first(ranked)
    if platform is not None and ranked and is_vague(text, index.names.name_words):
        return _unsure(answer, ranked, platform)  # "linkedin", "meta ai": which question?
    if platform is None:  # no platform named: facts about no one platform, or a near-verbatim match
        words = asked_words(index, text)
        ranked = [
            s
            for s in ranked
            if (s.similarity >= _floor_without_platform(s.fact) and _shares_a_subject(index, words, s))
            or (on_topic and s.similarity >= MIN_SIMILARITY_OWN_TERM and _uses_its_own_term(index, words, s))
            or (s.similarity >= MIN_SIMILARITY_QUOTED and _quotes_its_setting(quoted, s.fact))
        ]
        company = another_company(whole)  # "does Signal use my messages for AI?": only a fact that names it
        if company is not None:
            ranked = [s for s in ranked if company.split()[0] in phrasing_words(s)]
    elif not on_topic:  # "how do I change my discord nickname": a platform, but not our subject
        words = asked_words(index, text)
        ranked = [
            s
            for s in ranked
            if s.similarity >= MIN_SIMILARITY_OFF_LEXICON and len(words & phrasing_words(s)) >= 2
        ]
    # "where are the settings to use my account for training?": about a platform, but which?
    # Nor is a general fact (no platform's) where a setting's place is sought: it has no setting to show.
    if (
        platform is None
        and (not ranked or (ranked[0].fact.platform is None and seeks_where_a_setting_is(whole)))
        and relevance.training
        and _about_one_unnamed(whole)
    ):
        return _which_platform(index, answer, wanted)
    if not ranked:
        if platform is not None and chosen is not None and on_topic:
            answer.nearby = nearby(index, text, platform=platform, as_of=when, intents=wanted)
        return answer
    best = ranked[0]
    if about_advertising(text) and not phrasing_words(best) & ADVERTISING_WORDS:
        answer.reply_kind = "not_covered"  # "is Meta selling my data to advertisers?": ads, not AI
        answer.on_topic = False
        return answer
    answer.confidence = min(1.0, 0.35 + 0.65 * best.similarity + (0.15 if platform else 0.0))
    if choose.unsure(ranked, platform):
        return _unsure(answer, ranked, platform)
    yes_no = is_yes_no(text)
    # "could UK users turn it off on 1 October 2024?": a question about then, not steps for now
    how_to = is_how_to(text) and not (yes_no and when < today and _PAST_ASK.search(text.lower()))
    if best.fact.platform and asks_where(text):
        return choose.per_region(index, answer, best.fact.platform, when, text, opt_out=how_to)
    choose.answered(
        index,
        answer,
        ranked,
        region=chosen,
        how_to=how_to,
        yes_no=yes_no,
        wanted=wanted,
        about_an_authority=asks_about_an_authority(text),
        text=text,
    )
    return answer


def _its_own_first(ranked: list[Scored]) -> list[Scored]:
    """The facts of the platform asked about before those about no one platform, unless one of those reads
    far more like the question ("why does Meta ask me to object instead of asking consent" is the
    legal-basis fact's own question): a WeTransfer question is not answered with Meta's legal basis."""
    own = max((s.similarity for s in ranked if s.fact.platform is not None), default=0.0)
    general = max((s.similarity for s in ranked if s.fact.platform is None), default=0.0)
    if general >= GENERAL_AHEAD * own:
        return ranked
    return sorted(ranked, key=lambda s: s.fact.platform is None)


def _about_one_unnamed(text: str) -> bool:
    """An asker's own account or setting on a platform the question never names, and no other company."""
    return another_company(text) is None and asks_which_platform(text)


def _which_platform(index: SearchIndex, answer: Answer, wanted: set[str]) -> Answer:
    """'Which platform do you mean?': each has its own answer. A reply naming one is answered as the same
    question about it (the topic rides in the follow-up context)."""
    answer.status = "clarify"
    answer.reply_kind = "which_platform"
    answer.topic = "opt-out" if "opt-out" in wanted else "status"
    answer.clarify_options = list(index.names.platforms)
    answer.platform_names = sorted((index.names.name_of(p) for p in index.names.platforms), key=str.casefold)
    return answer


def _unsure(answer: Answer, ranked: list[Scored], platform: str | None) -> Answer:
    """No answer, but the closest questions Privy can answer ("Did you mean...?")."""
    answer.reply_kind = "unsure"
    answer.confidence = min(answer.confidence, choose.UNSURE_CONFIDENCE)
    answer.suggestions = choose.suggestions(ranked, platform)
    return answer


def _follow_up(
    index: SearchIndex,
    text: str,
    context: Context,
    *,
    today: date,
    region: str | None,
    saved_region: str | None,
    as_of: date | None,
) -> Answer | None:
    """The answer to `text` read as a follow-up of `context`, or None when it stands on its own."""
    platforms = index.names.detect(text)
    asked_region = resolve_region(text)
    complete = other_job(text) or not is_vague(text, index.names.name_words)
    if not is_follow_up(
        text, names_platform=bool(platforms), names_region=asked_region is not None, complete=complete
    ):
        return None
    platform = platforms[0] if platforms else context.platform
    follow = spell_out(
        text,
        context,
        platform=platform,
        platform_name=index.names.name_of(platform) if platform else None,
        region=asked_region,
    )
    if follow is None:
        return None
    answer = answer_question(
        index,
        follow.question,
        today=today,
        region=follow.region or region,
        saved_region=saved_region,
        as_of=date_in(text, today) or as_of,
    )
    answer.question = text
    answer.stands_for = follow.question
    answer.follow_up = True
    answer.region_from_question = asked_region is not None
    return answer


def _is_statement(text: str) -> bool:
    """A remark, not a question: longish, no question mark, no question word ("everything is public...")."""
    if "?" in text or len(text.split()) < STATEMENT_WORDS or asks_indirectly(text):
        return False
    return not is_yes_no(text) and not is_how_to(text) and not asks_where(text)


def _shares_a_subject(index: SearchIndex, asked: set[str], scored: Scored) -> bool:
    """Whether the question (its words, `asked`) shares a word with the fact that few facts use ("ico",
    "legitimate"), not only the words every fact here has ("train", "ai", "posts"): "Does Bluesky train
    AI on my posts?" is no question about the ICO."""
    return any(index.is_distinctive(w) for w in asked & phrasing_words(scored))


def _uses_its_own_term(index: SearchIndex, asked: set[str], scored: Scored) -> bool:
    """Whether the question shares with a platform's fact rare words, one of them used only by that
    platform's facts ("opt out from global models"); one shared word alone ("write") is not enough."""
    platform = scored.fact.platform
    if platform is None:
        return False
    rare = [w for w in asked & phrasing_words(scored) if index.is_distinctive(w)]
    if len(rare) < 2:
        return False
    return any(index.only_in(platform, word) for word in rare)


def _setting_names(names: list[str]) -> list[str]:
    """Of the names a question quotes, those that can be a setting's, folded. A name of two words counts only
    capitalised ("Keep Activity"; "he doesn't need 'AI features'" names nothing)."""
    return [fold(q).casefold() for q in names if len(q.split()) > 2 or all(w[0].isupper() for w in q.split())]


def _whose_setting(ranked: list[Scored], quoted: list[str]) -> str | None:
    """The platform whose fact gives a setting's name the question quotes, when one of the ranked does."""
    if not quoted:
        return None
    return next((s.fact.platform for s in ranked if _quotes_its_setting(quoted, s.fact)), None)


def _quotes_its_setting(quoted: list[str], fact: Fact) -> bool:
    """Whether the question quotes a name the fact gives ("Data for Generative AI Improvement": LinkedIn's)."""
    if fact.platform is None or not quoted:
        return False
    said = fold(" ".join((fact.answer, *fact.steps))).casefold()
    return any(name in said for name in quoted)


def _floor_without_platform(fact: Fact) -> float:
    return MIN_SIMILARITY_WITHOUT_PLATFORM if fact.platform is None else MIN_SIMILARITY_UNNAMED_PLATFORM


def _norm(code: str | None) -> str | None:
    return normalize(code) if code else None


__all__ = ["Context", "Scored", "answer_question"]
