"""Reading a question: clean-up, content words, intent and dates."""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date
from functools import lru_cache

MAX_QUESTION = 2000  # longer input is cut: nobody asks a 20,000-character question

STOPWORDS = frozenset(
    """a about above after again all also am an and any are as at be been being but by can could
    did do does doing for from had has have having he her here hers him his how i i'm im if in
    into is it its it's just me my myself no nor of on once only or other our ours out over own
    same she should so some such than that the their them then there these they this those
    through to too under up very was we were what when where which while who whom why will with
    would you your yours ok so hey hi hello please pls plz thanks thank really actually still
    now today currently these days anymore yet any whether whats what's im ive i've dont don't
    cant can't isnt isn't wont won't like get got one ones someone something way ways tell know
    want need say says said friend true there's theres here's heres way anything everything back
    january february march april may june july august september october november december jan feb
    mar apr jun jul aug sep sept oct nov dec""".split()
)

# Words that make a question about data, AI training and privacy. Without one of these (or a close
# match to a fact's own question) the bot does not guess: "how do I change my discord nickname".
DOMAIN = frozenset(
    """ai artificial intelligence train training trained trains model models genai generative llm
    llms data privacy private opt optout opt-out object objection objecting consent scrape
    scraping scraped setting settings toggle personal information gdpr regulator regulators ico
    dpc noyb commissioner watchdog complaint complaints legitimate interest machine learning
    chatbot policy terms agreement posts content profile chats conversations messages licensing
    license licence crawler crawlers robots gptbot paused pause suspend suspended resumed resume
    rights prevent block""".split()
)

# AI products and labs: with a word about using people's stuff, the question is about data use
# ("stop twitter using my tweets for grok"); alone it may be a product question ("is chatgpt better").
AI_NAMES = frozenset(
    "grok gemini copilot chatgpt claude bard firefly dreamup clyde openai anthropic xai".split()
)
USE_WORDS = frozenset(
    """use uses used using learn learns learning feed feeding read reads reading get getting sell selling
    sold share sharing shared give giving pull keep tweets photos pics pictures videos chats posts
    conversations messages answers art content""".split()
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
        r"\bregulat",
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

_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_POSSESSIVE = re.compile(r"'s\b")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_MENTION = re.compile(r"<@[!&]?\d+>|@(everyone|here)\b")
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_MONTH_YEAR = re.compile(r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?,?\s+(20\d\d)\b")
_ISO_DAY = re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")
_YEAR = re.compile(r"\b(?:in|during|back in|as of|of)\s+(20\d\d)\b")


def clean(question: str) -> str:
    """The question as safe text: control bytes and mentions removed, whitespace folded, length capped."""
    text = unicodedata.normalize("NFKC", question or "")
    text = _CONTROL.sub(" ", text)
    text = _MENTION.sub(" ", text)
    return " ".join(text.split())[:MAX_QUESTION]


def fold(text: str) -> str:
    if text.isascii():  # the common case, and already folded once lower-cased: no per-character loop
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """Lower-case word tokens."""
    return _WORD.findall(_POSSESSIVE.sub("", fold(text)))


def content_words(text: str) -> list[str]:
    """Word tokens without stopwords, lightly stemmed: what the question is about."""
    return [stem(w) for w in words(text) if (w not in STOPWORDS and len(w) > 1) or w == "ai"]


@lru_cache(maxsize=1 << 16)  # a base of 100k facts stems a few thousand words millions of times
def stem(word: str) -> str:
    """'training'/'trained'/'trains' -> 'train', 'posts' -> 'post'; short words are left alone."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def squash(text: str) -> str:
    """A key for grouping the same question typed twice."""
    return " ".join(words(text))


def is_on_topic(text: str) -> bool:
    """Whether the question is about data, AI training or privacy at all."""
    tokens = words(text)
    joined = " ".join(tokens)
    if any(t in DOMAIN for t in tokens) or "opt out" in joined or "machine learning" in joined:
        return True
    return any(t in AI_NAMES for t in tokens) and any(t in USE_WORDS for t in tokens)


def intents(text: str) -> set[str]:
    """Which kinds of answer the question asks for (several may apply)."""
    lowered = fold(text)
    found = {name for name, pattern in _INTENT_RX.items() if pattern.search(lowered)}
    if _PAST_EVENT.match(lowered) and not _EXPLICIT_OPT_OUT.search(lowered):
        found.discard("opt-out")  # "did X stop using EU posts?" asks what happened, not how to opt out
    return found


def date_in(text: str) -> date | None:
    """A date the question asks about ("in October 2024", "2024-10-01", "back in 2024"), or None.

    A month means its last day, a year its last day: the state of things by then.
    """
    lowered = fold(text)
    m = _ISO_DAY.search(lowered)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    m = _MONTH_YEAR.search(lowered)
    if m:
        year, month = int(m.group(2)), _MONTHS[m.group(1)]
        return date(year, month, calendar.monthrange(year, month)[1])
    m = _YEAR.search(lowered)
    if m:
        return date(int(m.group(1)), 12, 31)
    return None
