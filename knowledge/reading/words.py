"""A question's words: folded, tokenised, stemmed, stopwords out. What the matcher and the search index compare."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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

_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_POSSESSIVE = re.compile(r"'s\b")


def fold(text: str) -> str:
    if text.isascii():  # the common case, and already folded once lower-cased: no per-character loop
        return text.lower()
    return _fold_accents(text)


@lru_cache(maxsize=256)  # a question is folded a dozen times over (names, intents, relevance...): 15 us each
def _fold_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """Lower-case word tokens."""
    return list(_tokens(text))


@lru_cache(maxsize=64)  # one question is split into words five times over (names, intents, vagueness...)
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(_POSSESSIVE.sub("", fold(text))))


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
