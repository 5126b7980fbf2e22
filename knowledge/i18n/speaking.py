"""The language of the reply being built, and `_()` to translate a message into it.

The language is a context variable, set once where a reply's language is decided (the console, `ask`,
the Discord handler) with `speaking(lang)`; everything that builds the reply below it calls `_()`, as
gettext's `_` reads the process's locale, and stays unaware of who asked. asyncio tasks and
handlers.off_loop carry it to the code they run.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from knowledge.i18n.catalogues import ENGLISH, LANGUAGES, translate

_LANGUAGE: ContextVar[str] = ContextVar("privy_language", default=ENGLISH)

# Discord's locales and ISO 639-1 codes that are not ours as written (docs.discord.com, Locales).
ALIASES = {"pt": "pt-BR", "es-419": "es", "es-ES": "es", "en-US": "en", "en-GB": "en"}


def language() -> str:
    """The language the reply is being written in ('en' unless `speaking` said otherwise)."""
    return _LANGUAGE.get()


def supported(code: str | None) -> str | None:
    """Our code for a locale or language code ('de', 'pt', 'pt-BR', 'en-GB', 'fr_FR'), None if unknown."""
    if not code:
        return None
    text = code.strip().replace("_", "-")
    exact = {c.lower(): c for c in LANGUAGES}.get(text.lower())
    if exact:
        return exact
    if text in ALIASES:
        return ALIASES[text]
    base = text.split("-")[0].lower()
    return ALIASES.get(base) or (base if base in LANGUAGES else None)


def choose(*candidates: str | None) -> str:
    """The first candidate Privy speaks (question's language, then a locale...), else English."""
    for code in candidates:
        found = supported(code)
        if found:
            return found
    return ENGLISH


@contextmanager
def speaking(lang: str | None) -> Iterator[str]:
    """Everything built inside is in `lang` (English when None or not spoken)."""
    chosen = choose(lang)
    token = _LANGUAGE.set(chosen)
    try:
        yield chosen
    finally:
        _LANGUAGE.reset(token)


def use_language(lang: str | None) -> str:
    """From here to the end of the current task, replies are in `lang` (a Discord interaction's own task:
    each interaction runs in a task of its own, so no other interaction sees it)."""
    chosen = choose(lang)
    _LANGUAGE.set(chosen)
    return chosen


def _(text: str) -> str:
    """`text` (English, the msgid) in the language of the reply being built."""
    lang = _LANGUAGE.get()
    return text if lang == ENGLISH else translate(text, lang)


def N_(text: str) -> str:
    """Marks a message for the catalogues where it is defined; `_()` translates it where it is used."""
    return text


def english() -> bool:
    """Whether the reply is in English (the JSON contract's own words)."""
    return _LANGUAGE.get() == ENGLISH
