"""Cleaning a question before it is read: safe text, mentions out, chat slang and hashtags spelled out, and
for a long post only the sentences that carry the question."""

from __future__ import annotations

import calendar
import re
import unicodedata

from knowledge.reading.intent import AI_NAMES

MAX_QUESTION = 2000  # longer input is cut: nobody asks a 20,000-character question
# A Discord mention of a user, role, channel or command, or @everyone/@here: never part of a question,
# never shown back, never kept.
MENTION = re.compile(r"<(?:@[!&]?|#|/[^>:]*:)\d+>|@(?:everyone|here)\b")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

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
    # names as speech-to-text and short links write them
    "chat gee pee tee": "ChatGPT",
    "chat g p t": "ChatGPT",
    "grammar lee": "Grammarly",
    "lnkd": "LinkedIn",
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
# A name of several words in quotes ('"Improve the model for everyone" was on'): a setting's, which says the
# platform when the post names none.
_QUOTED_NAME = re.compile(r"[\"“”'‘’]\w+( \w+)+[\"“”'‘’]")
# A question about the sentence before it ("Is that still true?", "Does that still hold?"): kept with it.
_ASKS_OF_WHAT_WAS_SAID = re.compile(
    r"\W*(\w+[,:] )?(is|are|was|does|do|did|can|will) (that|this|it|they)\b", re.I
)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\s*\n\s*")  # also read by the relevance gate
# A question asked inside a sentence with no question mark: "Teachers are asking whether Microsoft trains..."
_ASKS_INSIDE = re.compile(r"\bwhether\b|\b(wonder\w*|know|asking|ask|check|confirm) if\b", re.IGNORECASE)
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


def clean(question: str) -> str:
    """The question as the matcher should read it: safe text, slang and hashtags spelled out, and for a
    long post only the sentences that carry the question."""
    return focus(expand_slang(tidy(question)))[:MAX_QUESTION]


def tidy(question: str) -> str:
    """The question as safe text: control bytes and mentions removed, whitespace folded, length capped."""
    text = unicodedata.normalize("NFKC", question or "")
    text = _CONTROL.sub(" ", text)
    text = MENTION.sub(" ", text)
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
    sentences = [s for s in SENTENCE_END.split(text) if s]
    asks = ["?" in s or _OPENER.match(s) is not None or _ASKS_INSIDE.search(s) is not None for s in sentences]
    platform = [_PLATFORM_NAMED.search(s) is not None for s in sentences]
    keep = [
        a or _WHERE_OR_WHEN.search(s) is not None or _other_name(s) or _QUOTED_NAME.search(s) is not None
        for s, a in zip(sentences, asks, strict=True)
    ]
    for i, s in enumerate(sentences):
        if i and asks[i] and _ASKS_OF_WHAT_WAS_SAID.match(s):
            keep[i - 1] = True  # "The terms say content isn't trained on. Does that still hold...?"
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
