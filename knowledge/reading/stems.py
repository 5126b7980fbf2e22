"""A foreign question's words reduced to a stem or a dictionary form, by each language's maintained tool:
Snowball for German, French, Spanish, Portuguese, Italian and Dutch, Stempel for Polish (Snowball has
none), and janome's dictionary forms for Japanese, which has no spaces to split on."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

SNOWBALL = {
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "pt": "portuguese",
    "it": "italian",
    "nl": "dutch",
}


def stemmer(language: str) -> Callable[[str], str]:
    """The stemmer of a language: a lower-case word in, its stem out (the word itself where none)."""
    if language in SNOWBALL:
        return _snowball(language)
    if language == "pl":
        return _polish
    return _same


def _same(word: str) -> str:
    return word


@cache
def _snowball(language: str) -> Callable[[str], str]:
    import snowballstemmer

    stem = snowballstemmer.stemmer(SNOWBALL[language]).stemWord
    return cache(stem)


@cache
def _stempel() -> Any:
    """Stempel's stemming table, read without its progress bar (0.6 s, about 40 MB, once)."""
    from pystempel import Stemmer
    from pystempel.streams import DataInputStream

    table = resources.files("pystempel.data.original") / "stemmer_20000.tbl.gz"
    with resources.as_file(table) as path, gzip.open(path, "rb") as fh:
        return Stemmer.from_stream(DataInputStream(fh))


@cache
def _polish(word: str) -> str:
    # Stempel fails on an empty word (IndexError): a lone combining mark ("W¨") folds to one
    return (_stempel()(word) or word) if word else word


def japanese_words(text: str) -> list[tuple[str, str]]:
    """(as written, dictionary form) for each word of a Japanese text, in order."""
    return [(t.surface, t.base_form if t.base_form != "*" else t.surface) for t in _janome().tokenize(text)]


@cache
def _janome() -> Any:
    """janome's tokenizer with its built-in dictionary (0.2 s and some 80 MB, once)."""
    from janome.tokenizer import Tokenizer

    return Tokenizer()
