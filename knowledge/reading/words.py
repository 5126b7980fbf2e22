"""Reading a question: clean-up, content words, intent and dates."""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, timedelta
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
VERB_MONTHS = frozenset(("may", "mar"))  # also verbs: a date only with a year or "before"/"after"
# One table of what people write for a platform or for their stuff -> the words the matcher knows
# (the pack's aliases stay the matcher's list of names; this is chat spelling, read before anything).
SLANG: dict[str, str] = {
    "insta": "Instagram",
    "ig": "Instagram",
    "fb": "Facebook",
    "tweet": "Twitter post",
    "tweets": "Twitter posts",
    "tweeted": "posted on Twitter",
    "tweeting": "posting on Twitter",
    "retweet": "Twitter repost",
    "retweets": "Twitter reposts",
    "snap": "Snapchat",
    "snap's": "Snapchat's",
    "msft": "Microsoft",
    "m365": "Microsoft 365",
    "yt": "YouTube",
    "dm": "direct message",
    "dms": "direct messages",
    "msgs": "messages",
    "pic": "photo",
    "pics": "photos",
    "pix": "photos",
    "vids": "videos",
    "convos": "conversations",
    "genai": "generative AI",
    "u": "you",
    "ur": "your",
    "r": "are",
}
# A slang word is a whole token: not the "u" of "u.s.", the "r" of "r/privacy" or a piece of a URL.
_SLANG_RX = re.compile(
    r"(?<![\w.'’/@#-])(?:"
    + "|".join(sorted(map(re.escape, SLANG), key=len, reverse=True))
    + r")(?![\w'’/-]|\.\w)",
    re.IGNORECASE,
)
_HASHTAG = re.compile(r"(?<![\w&])#([^\W\d_]\w*)")  # "#LinkedInAI"; not "C#" or "&#39;"
_HANDLE = re.compile(r"(?<![\w.@])@([^\W\d]\w*)")  # "@Meta"; not the "@" of an e-mail address
# Names with a capital inside, kept whole when a hashtag is split into words ("#LinkedInAI").
CAMEL_NAMES = (
    "LinkedIn WhatsApp ChatGPT OpenAI DeviantArt DreamUp StackOverflow YouTube TikTok xAI GitHub "
    "WordPress SquareSpace DeepMind DeepSeek"
).split()
_CAMEL_NAME = re.compile("(" + "|".join(sorted(CAMEL_NAMES, key=len, reverse=True)) + ")", re.IGNORECASE)
_CAMEL_PART = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+|[^\W\d_]+")

# A long post: only its sentences that carry the question are read (issue 12: the platform got lost).
FOCUS_OVER = 300
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\s*\n\s*")
_OPENER = re.compile(
    r"^\W*(how|can|could|does|do|did|is|are|was|were|will|would|should|has|have|what|where|when|which|"
    r"why|who|anyone)\b",
    re.IGNORECASE,
)
PLATFORM_WORDS = frozenset(
    """linkedin meta facebook instagram whatsapp threads messenger twitter grok google gemini gmail
    microsoft copilot bing chatgpt openai claude anthropic reddit slack tumblr wordpress quora poe medium
    substack adobe firefly zoom pinterest snapchat deviantart squarespace wix discord tiktok youtube""".split()
)
_PLATFORM_NAMED = re.compile(
    r"\b(" + "|".join(sorted(PLATFORM_WORDS | AI_NAMES, key=len, reverse=True)) + r")\b|\bx\b(?!\s*\d)",
    re.IGNORECASE,
)
_CAPITALISED = re.compile(r"[^.!?\s]\s+(?!I\b|I['’])([A-Z][\w]+)")  # a capital inside a sentence
_WHERE_OR_WHEN = re.compile(  # "im in leeds", "based in", "in 2024", "3 november" ("may" is a verb too)
    r"(?i:\b(i'?m|i am|we'?re|we are|i live|living|based|located|resident)\s+(in|at|near|from|out of)\b"
    r"|\b20\d\d\b|\b(" + "|".join(m for m in calendar.month_name if m and m != "May") + r")\b)"
)

# Dates, most exact form first. An edge word may stand a word or two before the date ("before
# LinkedIn's 3 November change"); a day or month without a year needs today to place it.
_EDGE = r"(?:\b(?P<edge>before|after|since)\s+(?:[\w'’]+\s+){0,2}?)?"
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("day", re.compile(_EDGE + r"\b(?P<y>20\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b")),
    (
        "day",
        re.compile(
            _EDGE
            + rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH_NAMES})\b\.?(?:,?\s+(?P<y>20\d\d)\b)?"
        ),
    ),
    (
        "day",
        re.compile(
            _EDGE
            + rf"\b(?P<m>{_MONTH_NAMES})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>20\d\d)\b)?"
        ),
    ),
    ("month", re.compile(_EDGE + rf"\b(?P<m>{_MONTH_NAMES})\.?,?\s+(?P<y>20\d\d)\b")),
    (
        "month",
        re.compile(
            rf"(?:\b(?P<edge>before|after|since)|\b(?:in|during))\s+(?P<m>{_MONTH_NAMES})\b(?![\w'’])"
        ),
    ),
    ("year", re.compile(r"(?:\b(?P<edge>before|after|since)|\b(?:in|during|as of|of))\s+(?P<y>20\d\d)\b")),
)
_AGO = re.compile(
    r"\b(?:last (?P<last>year|month)|(?P<n>a|an|one|two|three|[1-9]) (?P<unit>year|month)s? ago)\b"
)
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3}


def clean(question: str) -> str:
    """The question as the matcher should read it: safe text, slang and hashtags spelled out, and for a
    long post only the sentences that carry the question."""
    return focus(expand_slang(tidy(question)))[:MAX_QUESTION]


def tidy(question: str) -> str:
    """The question as safe text: control bytes and mentions removed, whitespace folded, length capped."""
    text = unicodedata.normalize("NFKC", question or "")
    text = _CONTROL.sub(" ", text)
    text = _MENTION.sub(" ", text)
    return " ".join(text.split())[:MAX_QUESTION]


def expand_slang(text: str) -> str:
    """Hashtags as words, @handles as names, and chat slang as the names the pack and matcher know."""
    text = _HASHTAG.sub(lambda m: _hashtag_words(m.group(1)), text)
    text = _HANDLE.sub(lambda m: _split_camel(m.group(1)), text)
    return _SLANG_RX.sub(lambda m: SLANG[m.group(0).lower()], text)


def _hashtag_words(tag: str) -> str:
    """'#StopMetaAI' -> 'stop meta ai', '#LinkedInAI' -> 'linkedin ai': a hashtag is words, not a name."""
    return _split_camel(tag).lower()


def _split_camel(name: str) -> str:
    """'StopMetaAI' -> 'Stop Meta AI', with names that have a capital inside ('LinkedIn') kept whole."""
    parts: list[str] = []
    for piece in _CAMEL_NAME.split(name.replace("_", " ")):
        if _CAMEL_NAME.fullmatch(piece):
            parts.append(piece)
        else:
            parts.extend(_CAMEL_PART.findall(piece))
    return " ".join(parts)


def focus(text: str) -> str:
    """For a long post, only the sentences that carry the question; short text is left as it is.

    Kept: sentences that ask (a question mark, "how/can/does/is..." first), that name a place, a date or
    some other name, and of the sentences naming a platform, the ones that ask and the last one before
    a question that names none ("LinkedIn changed something. How do I turn it off?"); so a platform in
    the story ("I posted on Facebook years ago") does not outrank the one asked about.
    """
    if len(text) <= FOCUS_OVER:
        return text
    sentences = [s for s in _SENTENCE_END.split(text) if s]
    asks = ["?" in s or _OPENER.match(s) is not None for s in sentences]
    platform = [_PLATFORM_NAMED.search(s) is not None for s in sentences]
    keep = [
        a or _WHERE_OR_WHEN.search(s) is not None or _other_name(s)
        for s, a in zip(sentences, asks, strict=True)
    ]
    last = None
    for i, (a, p) in enumerate(zip(asks, platform, strict=True)):
        if p and not a:
            last = i
        elif a and not p and last is not None:
            keep[last] = True
    if not any(
        k and p for k, p in zip(keep, platform, strict=True)
    ):  # no platform left: keep every one named
        keep = [k or p for k, p in zip(keep, platform, strict=True)]
    return " ".join(s for s, k in zip(sentences, keep, strict=True) if k) if any(keep) else text


def _other_name(sentence: str) -> bool:
    """Whether a capitalised word inside the sentence names something other than a known platform."""
    return any(
        w.lower().removesuffix("s") not in PLATFORM_WORDS and w.lower() not in PLATFORM_WORDS
        for w in _CAPITALISED.findall(sentence)
    )


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


def date_in(text: str, today: date | None = None) -> date | None:
    """A date the question asks about, or None: "in October 2024", "2024-10-01", "back in 2024",
    "before the 3 November change", "after 3 Nov 2025", "last year".

    A month means its last day and a year its last day (the state of things by then); "before" means
    the day before, "after" the day after, "since" the first day. A date without a year is the latest
    such date not after `today`; without `today`, such dates are not read.
    """
    lowered = fold(text)
    for kind, pattern in _DATE_FORMS:
        for m in pattern.finditer(lowered):
            span = _span(kind, m, today)
            if span:
                return _edge_day(span, m.group("edge"))
    return _relative(lowered, today)


def _span(kind: str, m: re.Match[str], today: date | None) -> tuple[date, date] | None:
    """The first and last day a matched date names, or None when it is no date (31 February)."""
    found = m.groupdict()
    raw = found.get("m")
    if raw in VERB_MONTHS and not found.get("y") and not found.get("edge"):
        return None  # "gpt 4 may use my chats" names no day
    month = 1 if raw is None else int(raw) if raw.isdigit() else _MONTHS[raw]
    try:
        if found.get("y"):
            year = int(found["y"])
        elif today is None:
            return None
        else:
            day = int(found["d"]) if kind == "day" else 1
            year = today.year if date(today.year, month, day) <= today else today.year - 1
        if kind == "day":
            that_day = date(year, month, int(found["d"]))
            return that_day, that_day
        if kind == "month":
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None


def _edge_day(span: tuple[date, date], edge: str | None) -> date:
    first, last = span
    if edge == "before":
        return first - timedelta(days=1)
    if edge == "after":
        return last + timedelta(days=1)
    return first if edge == "since" else last


def _relative(lowered: str, today: date | None) -> date | None:
    """'last year' (its last day), 'last month', 'two years ago': only with today to count from."""
    m = _AGO.search(lowered)
    if m is None or today is None:
        return None
    if m.group("last") == "year":
        return date(today.year - 1, 12, 31)
    if m.group("last") == "month":
        return today.replace(day=1) - timedelta(days=1)
    n = _NUMBERS.get(m.group("n")) or int(m.group("n"))
    months = today.year * 12 + today.month - 1 - (n * 12 if m.group("unit") == "year" else n)
    year, month = divmod(months, 12)
    return date(year, month + 1, min(today.day, calendar.monthrange(year, month + 1)[1]))
