"""What a question asks for, read once: whether it is our subject at all, which kinds of fact answer it
(status, opt-out, objection, regulator, timeline, regions, story), and what shape of reply it wants (help,
nothing, steps, a yes or no, a per-region summary). Word lists only; which facts answer is the policy's
job (knowledge.answers.policy)."""

from __future__ import annotations

import re
from functools import lru_cache

from knowledge.reading.words import fold, words

# Words that make a question about data, AI training and privacy. Without one of these (or a close
# match to a fact's own question) the bot does not guess: "how do I change my discord nickname".
DOMAIN = frozenset(
    """ai artificial intelligence train training trained trains model models genai generative llm
    llms data privacy private opt optout opt-out object objection objecting consent scrape
    scraping scraped setting settings toggle personal information gdpr regulator regulators ico
    dpc noyb commissioner watchdog complaint complaints legitimate interest machine learning
    chatbot policy terms agreement posts content profile chats conversations messages licensing
    license licence licensed licenses licences crawler crawlers robots gptbot paused pause suspend suspended resumed resume
    rights prevent block noai noimageai garante cnil anpd oaic ftc edpb aepd datatilsynet""".split()
)

# AI products and labs: with a word about using people's stuff, the question is about data use
# ("stop twitter using my tweets for grok"); alone it may be a product question ("is chatgpt better").
AI_NAMES = frozenset(
    "grok gemini copilot chatgpt claude bard firefly dreamup clyde openai anthropic xai".split()
)
USE_WORDS = frozenset(
    """use uses used using learn learns learning feed feeding read reads reading get getting sell selling
    sold share sharing shared give giving pull keep tweets photos pics pictures videos chats posts
    conversations messages answers art content paste pasting pasted upload uploading uploaded""".split()
)

INTENT_WORDS: dict[str, tuple[str, ...]] = {
    "opt-out": (
        r"\bopt(ing)?[\s-]*out\b",
        r"\bturn(ing)? (it |this |that )?off\b",
        r"\bswitch(ing)? (it )?off\b",
        r"\bdisabl",
        r"\bstop\b",
        r"\bstopp",
        r"\btoggle\b",
        r"\bsetting",
        r"\bhow (do|can|to)\b",
        r"\bwhere (is|do|can)\b",
        r"\bprevent",
        r"\bblock",
        r"\bwalk me through\b",
        r"\bsteps?\b",
    ),
    "objection": (r"\bobject", r"\bform\b", r"\bbeyond\b", r"\brestrict"),
    "regulator": (
        r"\bico\b",
        r"\bregulat(?!ions?\b)",
        r"\bcommissioner",
        r"\bdpc\b",
        r"\bwatchdog",
        r"\breact",
        r"\bauthorit",
        r"\binquiry\b",
        r"\binvestigat",
        r"\bcomplain",
        r"\bgarante\b",
        r"\banpd\b",
    ),
    "timeline": (
        r"\bwhen\b",
        r"\bwhat date\b",
        r"\btimeline\b",
        r"\bhistory\b",
        r"\binto force\b",
        r"\beffective\b",
        r"\bbefore\b",
        r"\bsince when\b",
        r"\bdeadline\b",
        r"\bstart(ed)?\b",
    ),
    "status": (
        r"\bis\b",
        r"\bare\b",
        r"\bdoes\b",
        r"\bdo they\b",
        r"\busing\b",
        r"\bus(e|es)\b",
        r"\btrain",
        r"\bdefault\b",
        r"\bstill\b",
        r"\bresum",
        r"\brestart",
        r"\bpaus",
    ),
    "regions": (
        r"\bwhich (countries|regions|places)\b",
        r"\bwhat (countries|regions)\b",
        r"\bwhere (is|does) .* not\b",
        r"\bin which (countries|regions)\b",
    ),
    "story": (r"\bwhat happened\b", r"\bstory\b", r"\bover time\b", r"\btimeline\b", r"\bhistory\b"),
}
_PAST_EVENT = re.compile(r"^\W*(did|has|have|had|was|were|is it true)\b")
_EXPLICIT_OPT_OUT = re.compile(r"\bopt(ing)?[\s-]*out\b|\bhow\b|\bturn(ed)? off\b")
# One pattern per intent (its words as alternatives): one search per intent, not one per word.
_INTENT_RX = {k: re.compile("|".join(f"(?:{p})" for p in v)) for k, v in INTENT_WORDS.items()}

# Small talk: the whole message is a greeting, thanks or a request for help ("hi", "help", "good bot").
_SMALL_TALK_WORDS = frozenset(
    """hi hello hey heya hiya yo sup howdy hallo morning evening afternoon good bot thanks thank you ty thx
    cheers nice great cool ok okay lol privy there all everyone help me please pls plz gm""".split()
)
_HELP = re.compile(
    # "help" with at most two words after it: "Help Improve Claude toggle: is it on?" names a setting
    r"^\W*(help(?=\W*(\w+\W*){0,2}$)|commands|what can (you|u|privy) do|what do you do|who are you"
    r"|what are you|how do(es)? (you|this|privy) work|what (can|should) i ask( you)?|how (do i|to) use (you|this|privy))\b"
)
# Things people do with a platform that are not AI training on their data. With one of these and no
# word about training, the question gets no_match and one line on what Privy covers.
_OTHER_JOBS = re.compile(
    r"\b(delete|deleting|deactivat\w*|close|closing|remove) (my |the |your )?(\w+ )?account\b"
    r"|\b(download|export|copy of|archive of) (all )?(of )?(my|your) (\w+ )?(data|information|info|stuff)\b"
    r"|\b(make|set|making|setting|switch) (my |your )?(\w+ )?(account|profile) (private|public)\b"
    r"|\bhide (my |your )?(\w+ )?profile\b|\bprivate account\b"
    r"|\b(turn(ing)? off|switch(ing)? off|disabl\w*|get rid of|remove|delete|hide|mute|uninstall) (the |this "
    r"|that )?"
    r"(meta ai|gemini|copilot|grok|my ai|chatbot|assistant|ai assistant|ai button|ai features?)"
    r"(( (assistant|button|icon|circle|bubble|logo|chat|bot|app|sidebar|search|features?))?"
    r" (in|on|from) (the )?(whatsapp|instagram|messenger|facebook|search|app|chats?|windows|word|outlook"
    r"|snapchat)"
    r"| (assistant|button|icon|chat|bot|app|sidebar|features?))\b"
    r"|\b(meta ai|my ai|copilot|gemini|grok)( assistant| button| chat)? (turn(ed)? off|switch(ed)? off"
    r"|disabl\w*"
    r"|remov\w*|get rid of) (in|on|from) (the )?(whatsapp|instagram|messenger|facebook|snapchat|outlook|word"
    r"|windows)\b"
    r"|\b(whatsapp|instagram|messenger|facebook|snapchat|outlook|word|windows)('?s)? (meta ai|my ai|copilot"
    r"|gemini)"
    r"( assistant| button| chat)? (turn(ed)? off|switch(ed)? off|off"
    r"|disabl\w*)\b"  # the order of "WhatsApp Meta AI ausschalten"
    r"|\b(make|making|generate|generating|create|creating|draw|write|writing) (an? |some )?"
    r"(images?|pictures?|pics?|photos?|videos?|art|memes?|code|essay|cover letter)\b"
    r"|\bto (make|generate|create|draw) \w+"
    r"|\bmicrophone|\blistening to me\b|\bread receipts?\b|\bpassword\b|\bhacked\b|\bfake (\w+ )?account\b"
    r"|\b(emails?|notifications?) from\b|\bsending me\b"
)
_TRAINING = re.compile(
    r"\btrain|\blearn|\bmodels?\b|\bllms?\b|\bscrap|\bfor (the |its |their )?ai\b|\bai training\b|\bfeed"
    r"|\bused to improve\b"
    r"|\bmachine learning\b|\bgenerative\b|\bopt(ing)?[\s-]*out\b|\bsmarter\b|\bget better\b"
)
_AI_WORDS = re.compile(
    r"\bai\b|\ba\.i\.|\bartificial intelligence\b|\btrain|\bmodels?\b|\bllms?\b|\bgenerative\b|\bgrok\b"
    r"|\bgemini\b"
    r"|\bcopilot\b|\bchatgpt\b|\bmachine learning\b|\bscrap|\bcrawl|\bgptbot\b|\blicens|\bmy ai\b|\bclaude\b"
)
_USE_OF_DATA = re.compile(
    r"\b(use|uses|using|used|sell|sells|selling|sold|share|shares|sharing|read|reads|reading|take|takes|"
    r"taking|keep|keeps|access|opt|object|stop|turn off|switch off)\b"
)
_YES_NO = re.compile(
    r"(^|[,.;:!?]\s*|\bso\s+|\bbut\s+)(is|are|am|does|do|did|was|were|has|have|had|can|could|will|would|"
    r"should|may|might|r)\s+(?!you\s+(tell|explain|show)\b)"
)
_HOW_TO = re.compile(
    r"\bhow (do|can|to|would|should|could)\b|\bopt(ing)?[\s-]*out\b|\bturn(ing)? (it |this |that )?off\b"
    r"|\bswitch(ing)? (it |this |that )?off\b|\bdisabl|\bstop\b|\bprevent|\bblock|\bkeep \w+ (away|out)\b"
    r"|\bwalk me through\b|\bsteps?\b|\bwhat (can|should|do) (i|we|\w+ users|people) (actually )?do\b"
    r"|\bdo i need to do\b|\bcan (i|we) (pull|withdraw|remove|take down|protect|keep)\b|\bwhere (is"
    r"|do i find) the (setting|toggle|switch)\b|\bobject\b"
)
_A_SETTING = re.compile(r"\b(setting|toggle|switch|button|option|menu|form|find)\b")
_WHERE = re.compile(
    r"\bwhich (countries|regions|places)\b|\bwhat (countries|regions)\b|\bin which (countries|regions)\b"
    r"|\bwhere (is|does|are) .*\b(train\w*|us(e|es|ing)|happen\w*|allowed|paused|available|not)\b"
    r"|\bwhere in the world\b|\bwhere (can|do|could) (i|we|you|people|users) (opt|object)"
)


def small_talk(text: str) -> bool:
    """A greeting, thanks or 'help' and nothing more: it gets the short help reply."""
    lowered = fold(text).strip()
    if _HELP.match(lowered):
        return True
    tokens = words(lowered)
    return bool(tokens) and len(tokens) <= 6 and all(t in _SMALL_TALK_WORDS for t in tokens)


def other_job(text: str) -> bool:
    """About something else a person does with a platform (delete an account, make images, an assistant
    feature, microphones...) and not about AI training on their data."""
    lowered = fold(text)
    return _OTHER_JOBS.search(lowered) is not None and _TRAINING.search(lowered) is None


def about_ai_or_data_use(text: str) -> bool:
    """Whether the question asks about AI or what is done with people's data at all ("everything is
    public unless you dig through menus" asks neither)."""
    lowered = fold(text)
    return _AI_WORDS.search(lowered) is not None or _USE_OF_DATA.search(lowered) is not None


@lru_cache(maxsize=64)  # one question is asked this three times over (policy, relevance, vagueness)
def is_how_to(text: str) -> bool:
    """Wants steps: 'how do I...', 'opt out', 'stop', 'turn off', 'what can I do'."""
    lowered = fold(text)
    if _PAST_EVENT.match(lowered) and not re.search(r"\bhow\b|\bopt(ing)?[\s-]*out\b", lowered):
        return False  # "did X stop using EU posts?" asks what happened
    return _HOW_TO.search(lowered) is not None


@lru_cache(maxsize=64)  # one question is asked this twice or three times over
def is_yes_no(text: str) -> bool:
    """Asks yes or no: 'is...', 'does...', 'can I...', also after a lead-in ('before the change, could...')."""
    return _YES_NO.search(fold(text)) is not None and not fold(text).lstrip().startswith(
        ("how", "what", "which")
    )


@lru_cache(maxsize=64)  # one question is asked this twice or three times over
def asks_where(text: str) -> bool:
    """'Where / which countries...': a short summary per region answers it ('where is the setting' does not)."""
    lowered = fold(text)
    return _WHERE.search(lowered) is not None and _A_SETTING.search(lowered) is None


_VAGUE_WORDS = frozenset(
    """ai a.i data privacy private stuff thing things policy policies settings setting terms info
    information question questions ok okay safe good bad deal news update updates latest""".split()
)


def is_vague(text: str, name_words: frozenset[str]) -> bool:
    """Names a platform and little else ("google ai", "meta privacy stuff?"): no question to answer yet."""
    if is_how_to(text) or is_yes_no(text) or asks_where(text):
        return False
    lowered = fold(text)
    subject = [w for w in words(lowered) if w not in name_words and w not in _VAGUE_WORDS and len(w) > 1]
    return not [w for w in subject if w not in _FILLER]


_FILLER = frozenset(
    "the my our your its their about on of for and or with what's whats hey hi pls please".split()
)


# A platform putting people into its data use unasked ("opted everyone in", "auto-enrolled US members").
_ENROLLED = re.compile(
    r"\bopted (everyone|everybody|all|users|members|us|you|me|people|folks)( \w+)? in\b"
    r"|\bauto[\s-]?enrol\w*|\benrol\w* (\w+ ){0,3}by default\b"
)


def is_on_topic(text: str) -> bool:
    """Whether the question is about data, AI training or privacy at all."""
    tokens = words(text)
    joined = " ".join(tokens)
    if any(t in DOMAIN for t in tokens) or "opt out" in joined or "machine learning" in joined:
        return True
    if _ENROLLED.search(joined):
        return True
    return any(t in AI_NAMES for t in tokens) and any(t in USE_WORDS for t in tokens)


def intents(text: str) -> set[str]:
    """Which kinds of answer the question asks for (several may apply)."""
    lowered = fold(text)
    found = {name for name, pattern in _INTENT_RX.items() if pattern.search(lowered)}
    if _PAST_EVENT.match(lowered) and not _EXPLICIT_OPT_OUT.search(lowered):
        found.discard("opt-out")  # "did X stop using EU posts?" asks what happened, not how to opt out
    return found


_ABOUT_AN_AUTHORITY = re.compile(
    r"^\W*(is|are|has|have|did|does|do|was|were|will|can)\s+(the\s+|a\s+|any\s+)?(uk\s+|eu\s+|irish\s+)?"
    r"(ico|dpc|cnil|anpd|garante|noyb|ftc|regulators?|watchdogs?|courts?|judges?|commission|authorit(y|ies)|"
    r"government|data protection)\b"
)


def asks_about_an_authority(text: str) -> bool:
    """'Is the ICO looking at it?', 'did a court stop it?': a yes or no about a regulator or a court,
    which its fact answers, not the platform's own training claim."""
    return _ABOUT_AN_AUTHORITY.search(fold(text)) is not None
