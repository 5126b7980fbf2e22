"""Whether a question is about what Privy's facts claim: a platform using people's own data for AI training,
and how to stop it. Questions that only name a platform (using a tool, a plugin's telemetry, a project's own
model or dataset, a licence, a feature that broke or has not rolled out, an account, a remark that asks
nothing, anything with no AI or data use in it) are declined with one line on what Privy covers; a name that
means another product (Copilot in an editor is GitHub Copilot, Gemini CLI is not the Gemini app) is read as
that product or declined."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from knowledge.answers import relevance_kinds as kinds
from knowledge.places import find_places
from knowledge.reading.clean import SENTENCE_END
from knowledge.reading.intent import is_how_to
from knowledge.reading.words import fold

LONG_POST = 160  # characters: a post this long may tell its context before it asks
REMARK_WORDS = 8  # a longer sentence with no question mark and no AI in it is a remark, not a question
VAGUE_WORDS = 4  # "linkedin", "meta ai thing": too short to judge, "Did you mean" handles them
ANOTHER_COMPANY = "another company"  # a reason to decline that is still our subject: no facts on that company
SHOUTED_NAME = (
    4  # a word in capitals shorter than this is emphasis or an abbreviation ("NOT", "SO"), not a name
)

# A phrase in quotes: straight or curly, double or single (not an apostrophe inside a word).
_GAP = re.compile(r"\s*\0\s*")  # where a quoted name was taken out
_QUOTED = re.compile(r"(?<!\w)([\"“”'‘’])([^\"“”‘’']{3,80}?)[\"“”'‘’](?!\w)")


@dataclass(frozen=True)
class Relevance:
    """The platform a question is about (perhaps another product than the name first matched) and, when
    it is not about what the facts claim, why not."""

    platform: str | None
    declined: str = ""  # empty: a question for Privy
    training: bool = False  # it talks of training or of keeping data out of it ("teach its computer brain")


def judge(
    text: str,
    platforms: list[str],
    names_of: Callable[[str], Sequence[str]] | None = None,
    is_platform: Callable[[str], bool] | None = None,
) -> Relevance:
    """Whether to answer `text` (`platforms` as the name matcher read them, best first) and about which;
    `names_of` tells what a platform is called (its name and aliases: "chatgpt" for OpenAI), `is_platform`
    whether a name the question gives is one of the platforms'."""
    lowered = fold(text)
    platform = _product(lowered, _owned(lowered, platforms, names_of))
    names = names_of(platform) if names_of is not None and platform is not None else ()
    training = _talks_of_training(lowered)
    own_training = bool(training and kinds.OWN_DATA.search(lowered))
    asked_whole = the_ask(lowered)
    if _other_google_product(lowered, platform):
        reason = "another product"
    elif _in_another_sense(asked_whole):
        reason = "train or model in another sense"
    else:
        # a quoted name ("Improve the model for everyone") is a setting's or a page's, not the asker's words
        asked = quoted_names_out(asked_whole)
        # "is GitHub training on the snippets the plugin sends?" asks what GitHub does, whichever tool sent them
        own_training = own_training or (training and _trains(asked, platform))
        # a quoted name still says what is talked of ("'product improvement, including model training'")
        asked_training = training if asked_whole == lowered else _talks_of_training(asked_whole)
        # "is the code this extension sends to OpenAI used to train their models?": not a question about the tool
        through = training and "?" in asked and _sent_to(asked, platform, names)
        reason = _declined(asked, own_training, asked_training, through, names) or _not_about_ai(
            lowered, platform, training
        )
        # "do you just scrape reddit for your answers?" is asked of Privy; "who made you? is X using..." is not
        if not reason and kinds.ABOUT_PRIVY.search(asked) and not _trains(asked, platform):
            reason = "asked of Privy"
        # "does Notion AI train on our pages? Slack has an opt-out": asked of a company the facts do not cover
        if (
            not reason
            and platform is not None  # none named: only a fact that names the company answers (policy)
            and is_platform is not None
            and _asks_of_another_company(quoted_names_out(text), is_platform)
            and not any(_trains(asked, name) for name in {platform or "", *names} if name)
        ):
            reason = ANOTHER_COMPANY
    return Relevance(platform, reason, training)


def _trains(lowered: str, platform: str | None) -> bool:
    """Whether the question asks if the platform itself trains ("is github training on...", "does openai use
    ... to train"): a question about the platform, not about the tool the asker uses it through. Only the
    company's own name counts: "is Grok trained to be..." asks how a model is made."""
    if platform is None:
        return False
    return any(
        _around(lowered, at, platform, before=kinds.ASKED_OF, after=kinds.TRAINS_OR_USES)
        or _around(lowered, at, platform, before=kinds.BY_NAME)
        for at in _mentions(lowered, platform)
    )


def _asks_of_another_company(text: str, is_platform: Callable[[str], bool]) -> bool:
    """Whether the ask's subject, the one said to use or train, is a company none of the platforms is
    ("Does Shopify train its AI...? Squarespace has a toggle"), and none of the platforms is one."""
    other = False
    for found in (
        *kinds.SUBJECT_NAMED.finditer(text),
        *kinds.OTHER_SUBJECT.finditer(text),
        *kinds.OTHER_OPENING.finditer(text),
    ):
        name = next(g for g in found.groups() if g)  # the one alternative that matched
        folded = name.casefold()
        if folded in kinds.NOT_A_COMPANY or folded in kinds.STANDS_FOR_A_PLATFORM:
            continue
        if name.isupper() and len(name) < SHOUTED_NAME:  # "so you are NOT using", "can SO still use"
            continue
        if is_platform(found.group(0)):  # "Does Codex in ChatGPT use...": a platform's own product
            return False
        other = True
    return other


def _sent_to(lowered: str, platform: str | None, names: Sequence[str]) -> bool:
    """Whether what a tool sends is said to reach the platform, or the platform to train ("sends to OpenAI",
    "Anthropic trains on", "Google's training"): the tool is only how it got there."""
    if platform is None:
        return False
    for name in {platform, *names}:
        for at in _mentions(lowered, name):
            if (
                _around(lowered, at, name, after=kinds.NAME_TRAINS)
                or _around(lowered, at, name, before=kinds.SENT_TO)
                or _around(lowered, at, name, before=kinds.ASKED_OF, after=kinds.TRAINS_OR_USES)
            ):
                return True
    return False


def _mentions(lowered: str, name: str) -> list[int]:
    """Where the name stands as words of its own in the text (found with str.find: a pattern a platform
    would cost a compilation for each new one, a millisecond)."""
    found, at = [], lowered.find(name)
    while at >= 0:
        end = at + len(name)
        if (at == 0 or not lowered[at - 1].isalnum()) and (end == len(lowered) or not lowered[end].isalnum()):
            found.append(at)
        at = lowered.find(name, at + 1)
    return found


def _around(
    lowered: str,
    at: int,
    name: str,
    *,
    before: re.Pattern[str] | None = None,
    after: re.Pattern[str] | None = None,
) -> bool:
    """Whether the words before the name at `at` end as `before` reads and those after begin as `after`."""
    if before is not None and before.search(lowered[max(0, at - 80) : at]) is None:
        return False
    return after is None or after.match(lowered, at + len(name)) is not None


def _in_another_sense(lowered: str) -> bool:
    """Training or a model only in another sense ("train my dog", "a training course", "Kindle model"):
    with those words out, nothing of AI or of training is left."""
    if ("train" not in lowered and "model" not in lowered) or kinds.OTHER_SENSES.search(lowered) is None:
        return False
    rest = quoted_names_out(kinds.OTHER_SENSES.sub(" ", lowered))
    return not _talks_of_training(rest) and kinds.AI_NAMED.search(rest) is None


def another_company(text: str) -> str | None:
    """The company a question asks about when it is none of the platforms ("Does Signal use my messages for
    AI?" -> "signal"), read only when no platform was found: facts about no one platform would answer for
    a company they do not speak of. None when no such name is the one that uses or trains."""
    for found in kinds.COMPANY_SUBJECT.finditer(text):
        name = found.group(2).casefold()
        if name not in kinds.NOT_A_COMPANY:
            return name
    return None


def asks_which_platform(text: str) -> bool:
    """Whether a question on our subject that names no platform is about one all the same: the asker's
    account, the setting or the app they are in ("where are the settings to use my account for training?",
    an app review's "how do I turn it off"). Not when it is asked of a project or a tool, of platforms in
    general, of how a model is made, or names a product of its own that Privy does not know."""
    lowered = quoted_names_out(fold(text))  # a setting's quoted name ("Improve the model") is not the asker's
    seeks_a_setting = any(
        kinds.SEEKS_HELP.search(s) and kinds.A_SETTING.search(s) for s in SENTENCE_END.split(lowered)
    )
    if not seeks_a_setting or not kinds.FIRST_PERSON.search(lowered):
        return False
    if any(
        p.search(lowered)
        for p in (kinds.ADDRESSED_TO_A_PROJECT, kinds.ANY_PLATFORM, kinds.THEIR_MODEL, kinds.MODEL_MAKING)
    ):
        return False
    if kinds.A_NAME_OPENING.match(text) or kinds.A_NAME_WRITTEN_AS_AN_ADDRESS.search(lowered):
        return False
    return not _names_a_product(quoted_names_out(text))


def seeks_where_a_setting_is(text: str) -> bool:
    """Whether the question asks where a setting is or how to reach it ("where is the setting...", "I can't
    find the opt-out"), not what opting out does."""
    return kinds.WHERE_A_SETTING_IS.search(fold(text)) is not None


def _names_a_product(text: str) -> bool:
    """Whether a word is capitalised where a sentence does not start ("does Otter train on my meetings?");
    a place the asker names ("I'm in Dublin") is no product."""
    inside = [
        found.group(0)
        for found in kinds.A_CAPITALISED_WORD.finditer(text)
        if (before := text[: found.start()].rstrip()) and (before[-1].isalnum() or before[-1] in ",;")
    ]
    if not inside:
        return False
    places = {w for m in find_places(text) for w in m.text.split()}  # read only when a name may be one
    return any(word not in places for word in inside)


def the_ask(text: str) -> str:
    """What a long post asks, when one of its questions plainly asks whether a platform trains on data: the
    setting-up, the subscription or the error told before it ("I'm on a Max subscription, logged in via
    /login... Are my sessions used to train Anthropic's models?") is context, not what is asked, and is
    neither judged nor matched; so is a question asked as a request ("...requires written confirmation
    whether the prompts are used to train the foundation LLMs."). Else the whole text, every word weighed."""
    if "?" not in text or len(text) < LONG_POST:
        return text
    sentences = SENTENCE_END.split(text)
    asks = []
    for i, s in enumerate(sentences):
        if not ("?" in s or kinds.ASKS_WHETHER.search(s)):
            continue
        if kinds.PLAIN_TRAINING_ASK.search(fold(s)):
            asks.append(s)
        elif i and kinds.ASKS_OF_WHAT_WAS_SAID.match(fold(s)) and _speaks_of_training(fold(sentences[i - 1])):
            # "I read Amazon uses my recordings to train Alexa. Is that still true?": asked with what it asks of
            asks += [sentences[i - 1], s]
    return " ".join(asks) if asks else text


def _speaks_of_training(sentence: str) -> bool:
    """A sentence that says a platform trains, plainly or in lay words ("use them to teach the machine")."""
    return bool(kinds.PLAIN_TRAINING_ASK.search(sentence) or kinds.TRAINING.search(sentence))


def about_advertising(text: str) -> bool:
    """Data sold or shared for advertising, with no word of AI or training: declined unless a fact is about
    that very sharing (LinkedIn's data for Microsoft's ads)."""
    lowered = fold(text)
    return kinds.ADVERTISING.search(lowered) is not None and kinds.AI_WORDS.search(lowered) is None


def quoted_names(text: str) -> list[str]:
    """Phrases of two or more words in quotes: a setting's name, a page's title."""
    return [m.group(2) for m in _QUOTED.finditer(text) if _is_name(m)]


def quoted_names_out(text: str) -> str:
    """The text with its quoted phrases of two or more words left out, one space where each stood (the words
    around it read as neighbours: "rely on 'legitimate interest' to train" -> "rely on to train")."""
    return _GAP.sub(" ", _QUOTED.sub(lambda m: "\0" if _is_name(m) else m.group(0), text))


def _is_name(quoted: re.Match[str]) -> bool:
    """A quoted phrase of two or more words: a name, not one word in scare quotes."""
    return len(quoted.group(2).split()) >= 2


_COMMUNITY = "server|community|group|channel|chat|friends|people|members|bots?|is|are|said|says"


def _owned(
    lowered: str, platforms: list[str], names_of: Callable[[str], Sequence[str]] | None = None
) -> str | None:
    """The platform whose own data or setting is asked about: a Substack writer naming ChatGPT asks about
    Substack ("my Substack", "Substack's setting"), an Obsidian user's Copilot plug-in sending notes to OpenAI
    asks whether OpenAI trains ("does OpenAI keep or train on..."); the partner in a deal ("the OpenAI
    partnership", "licensed to Google") is not the platform whose users' posts it licenses, nor the site a
    claim was read on ("saw a Threads post: 'Google flipped a switch...'") the one it is about; else the
    matcher's first."""
    if len(platforms) > 1 and (
        _the_partner_in_a_deal(lowered, platforms[0])
        or _where_it_was_read(lowered, [platforms[0], *(names_of(platforms[0]) if names_of else ())])
    ):
        platforms = [*platforms[1:], platforms[0]]
    for platform in platforms[1:]:
        if _where_it_was_read(lowered, [platform, *(names_of(platform) if names_of else ())]):
            continue  # "I keep seeing this on tiktok": where it was read, not whose
        name = re.escape(platform)
        if re.search(
            rf"\b(?<!\bin )(?<!\bfrom )(my|our|on) {name}\b(?! ({_COMMUNITY}))"
            rf"|\b{name}'?s (\w+ ){{0,4}}?(settings?|switch|toggle|option)|\b(in|under) {name} (studio|settings?|app)\b"
            rf"|\b(does|do|will|would|is|can) {name} (\w+ ){{0,3}}?(train|use|keep|store|retain|sell|shar|giv|hand"
            rf"|send|pass)"
            rf"|\b{name} (now )?(trains|uses|sells|shares|is (training|using|selling))\b",
            lowered,
        ):
            return platform
    return platforms[0] if platforms else None


def _the_partner_in_a_deal(lowered: str, platform: str) -> bool:
    """Whether the platform is named as the one a deal licenses data to ("the OpenAI partnership", "a deal
    with Google", "licensed to OpenAI")."""
    name = re.escape(platform)
    return (
        re.search(
            rf"\b{name} (deal|partnership|agreement|licensing)\b|\b(deal|partnership|agreement) with {name}\b"
            rf"|\blicen[cs]\w* (\w+ ){{0,3}}to {name}\b",
            lowered,
        )
        is not None
    )


def _where_it_was_read(lowered: str, names: Sequence[str]) -> bool:
    """Whether a platform is named only as where the asker read a claim ("saw a threads post", "a tiktok
    going around says")."""
    return any(
        re.search(
            rf"\b(saw|seen|read|found|came across)\b (\w+ ){{0,2}}?(on )?(an? |this |that |the )?{re.escape(name)}"
            rf" (posts?|threads?|videos?|reels?|tweets?|stor(y|ies)|comments?)\b"
            rf"|\b(an? |this |that )?{re.escape(name)} (posts?|threads?|videos?|reels?|tweets?) (going around"
            rf"|says|saying|claims|claiming)\b|\b(seeing|saw|seen) (this|it|that) on {re.escape(name)}\b"
            rf"|\b(in|on) (my|our|a|the) {re.escape(name)}( server| group| chat)? (says|said|told|claims|claimed)\b"
            rf"|\b(quote-?post\w*|quote-?tweet\w*|repost\w*|quoting) (from |of )?{re.escape(name)}\b",
            lowered,
        )
        for name in dict.fromkeys(n.casefold() for n in names)
    )


def _other_google_product(lowered: str, platform: str | None) -> bool:
    """Gemini CLI and the Gemini API have their own terms; Privy's Google facts are about the Gemini apps."""
    return platform == "google" and re.search(r"\bcli\b|\bapi\b", lowered) is not None


def _product(lowered: str, platform: str | None) -> str | None:
    """GitHub Copilot when "Copilot" is used on code, Microsoft's Copilot otherwise."""
    if (
        platform == "microsoft"
        and kinds.CODE_CONTEXT.search(lowered)
        and not kinds.OFFICE_CONTEXT.search(lowered)
    ):
        return "github"
    return platform


def _talks_of_training(lowered: str) -> bool:
    """Talk of AI training, an opt-out of something else ("opt out of personalised ads") left out."""
    return kinds.TRAINING.search(kinds.OTHER_OPT_OUT.sub(" ", lowered)) is not None


def _is_remark(lowered: str) -> bool:
    """A sentence that asks nothing ("just so Discord can't read your messages"), not a short command."""
    return (
        "?" not in lowered
        and len(lowered.split()) >= REMARK_WORDS
        and not is_how_to(lowered)
        and kinds.ASKS.search(lowered) is None  # "perplexity ai data retention toggle what does it do" asks
        and kinds.ASKS_INDIRECTLY.search(lowered) is None
    )


def _not_about_ai(lowered: str, platform: str | None, training: bool) -> str:
    """A platform named with nothing of AI or data use around it ("how do I change my linkedin headline"), or
    a remark that asks nothing; a bare name ("linkedin") is left to "Did you mean", a question naming no
    platform to the matcher."""
    if len(lowered.split()) < VAGUE_WORDS or training or kinds.AI_NAMED.search(lowered):
        return ""
    if (
        platform is None
    ):  # a regulator or a law, nothing of AI or of one's data: "how long does the DPC take?"
        own_data_use = kinds.OWN_DATA.search(lowered) and kinds.DATA_USE.search(lowered)
        about_law = kinds.LAW.search(lowered) and not kinds.WHAT_IS_AT_START.match(
            lowered
        )  # "wat is the ico" is ours
        return "not about AI" if about_law and not own_data_use else ""
    if kinds.LAW.search(lowered):
        return ""
    if not kinds.OWN_DATA.search(lowered) or not kinds.DATA_USE.search(lowered):
        return "not about AI"
    if kinds.WHO_CAN_SEE.search(lowered):  # "who can actually read my messages? my employer says..."
        return "not about AI"
    return "a remark" if _is_remark(lowered) else ""


def _other_than_training(lowered: str) -> str:
    """Why a question that says nothing of training is about something else ('' when it is not)."""
    own_data = kinds.OWN_DATA.search(lowered) is not None
    if _is_remark(lowered) and not own_data:
        return "a remark"  # "Spotify's AI DJ keeps playing the same five songs."
    if kinds.OTHER_OPT_OUT.search(lowered):
        return "another question about the product"
    if kinds.AVAILABILITY.search(lowered):
        return "a support question"
    if kinds.OTHER_ASK.search(lowered) or kinds.OTHER_ASK_AT_START.match(lowered):
        return "another question about the product"
    if not own_data and kinds.PRODUCT_DETAILS.search(lowered):
        return "another question about the product"
    if not own_data and kinds.FEATURE.search(lowered):
        return "a feature of the product"
    if kinds.BEHAVIOUR.search(lowered) and not (own_data and kinds.DATA_USE.search(lowered)):
        return "how the product behaves"
    return ""


_A_REQUEST = "a request to a project"


def _asks_the_platform_for_a_training_control(lowered: str) -> bool:
    """A feature request that asks, too, what control over training there is now ("let me mark a project
    'never train on this'... or is there a way already?"): asked of the platform, and ours; not a request to a
    project to add a provider."""
    return (
        "?" in lowered
        and kinds.WANTS_A_TRAINING_CONTROL.search(lowered) is not None
        and kinds.ADDING_A_PROVIDER.search(lowered) is None
    )


def asks_indirectly(text: str) -> bool:
    """A question written as a statement: "wondering if WeTransfer ever walked that clause back"."""
    return kinds.ASKS_INDIRECTLY.search(fold(text)) is not None


# Reasons that hold whatever the question says of training or of the asker's data, in the order they are
# read: (the reason, patterns searched anywhere, patterns that must open the question).
_WHATEVER_IS_SAID: tuple[tuple[str, tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...]], ...] = (
    ("another product", (kinds.OTHER_PRODUCT,), ()),
    (_A_REQUEST, (kinds.RELEASED_MODEL, kinds.REQUEST), (kinds.REQUEST_AT_START,)),
    ("a support question", (kinds.SUPPORT,), ()),
    ("using a tool", (kinds.THEIR_OWN_TRAINING, kinds.USING_AI_TO), ()),
    ("works that are not users' data", (kinds.OTHER_WORKS,), ()),
    ("a forecast", (kinds.FORECAST,), ()),
    ("asking people, not Privy", (kinds.POLL,), ()),
    ("a rhetorical question", (kinds.RHETORIC,), (kinds.RHETORIC_AT_START,)),
    ("collecting data themselves", (kinds.ASKER_COLLECTS,), ()),
    ("not about training, the asker says", (kinds.NOT_ABOUT_TRAINING,), ()),
    ("recording people", (kinds.RECORDING_PEOPLE,), ()),
    ("who gets paid", (kinds.COMPENSATION,), ()),
)


def _declined(
    lowered: str, own_training: bool, training: bool, through: bool = False, names: Sequence[str] = ()
) -> str:
    """Why the question is not one for Privy ('' when it is); the first reason that holds."""
    for reason, searched, at_start in _WHATEVER_IS_SAID:
        if any(p.search(lowered) for p in searched) or any(p.match(lowered) for p in at_start):
            if reason == _A_REQUEST and _asks_the_platform_for_a_training_control(lowered):
                continue
            return reason
    if kinds.IF_I_TURN_IT_OFF.search(lowered) and kinds.A_FEATURE_AFTER.search(lowered):
        return "what turning it off changes"
    if kinds.BREACH.search(lowered) and not (
        kinds.PLAIN_TRAINING_ASK.search(lowered) or kinds.TRAINS_ON_MINE.search(lowered)
    ):
        return "a leak or a breach"
    if kinds.OUTPUTS.search(lowered) and not kinds.TRAINS_ON_MINE.search(lowered):
        return "what a model's output is or says"
    if kinds.OWN_PRODUCT_PAPERWORK.search(lowered) and not kinds.PLAIN_TRAINING_ASK.search(lowered):
        return "the asker's own product"
    if own_training:
        return ""
    if kinds.MODEL_MAKING.search(lowered) and not kinds.DATA_TALK.search(lowered):
        return "how a model is made"
    if not training:  # what only a question with no talk of training can be (read only then: they are long)
        reason = _other_than_training(lowered)
        if reason:
            return reason
    if kinds.TELEMETRY.search(lowered):
        return "telemetry"
    if (
        (model := kinds.THEIR_MODEL.search(lowered))
        and not (kinds.OWN_DATA.search(lowered) and kinds.DATA_USE.search(lowered))
        # "are my pieces part of what DreamUp was trained on": the platform's own model, asked of one's own data
        and not (
            kinds.FIRST_PERSON.search(lowered) and any(_mentions(model.group(0), name) for name in names)
        )
    ):
        return "a project's own model or data"
    if kinds.TERMS.search(lowered):
        return "terms of use"
    if not through and kinds.TOOLING.search(lowered) and not kinds.ALREADY_ACTED.search(lowered):
        return "using a tool"
    return ""
