"""The message catalogues, locale/<lang>/LC_MESSAGES/privy.po, read with Babel when first needed.

The .po files are the source: read at load (about 2 ms each), so a fresh clone needs no compile step.
A msgid is the English text itself; an empty or fuzzy msgstr falls back to English, and
tests/knowledge/test_catalogues.py fails on any message missing from any catalogue.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"
DOMAIN = "privy"
ENGLISH = "en"
# The languages Privy answers in: ours codes as Discord spells its locales (pt-BR), English first.
LANGUAGES = ("en", "de", "fr", "es", "pt-BR", "pt-PT", "it", "nl", "pl", "ja")


def babel_locale(lang: str) -> str:
    """Babel's and gettext's spelling of a language code ('pt-BR' -> 'pt_BR')."""
    return lang.replace("-", "_")


def po_path(lang: str) -> Path:
    """Where a language's catalogue lives."""
    return LOCALE_DIR / babel_locale(lang) / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalogue(lang: str) -> Catalog:
    """A language's catalogue as Babel reads it (tests compare these with the messages the code uses)."""
    from babel.messages.pofile import read_po  # imported when a catalogue is first read: `ask` starts fast

    with po_path(lang).open("rb") as fp:
        return read_po(fp, locale=babel_locale(lang), domain=DOMAIN)


@cache
def messages(lang: str) -> dict[str, str]:
    """msgid -> msgstr of one language, the untranslated and fuzzy ones left out (English shows there)."""
    if lang == ENGLISH or lang not in LANGUAGES:
        return {}
    out: dict[str, str] = {}
    for message in read_catalogue(lang):
        msgid, msgstr = message.id, message.string
        if isinstance(msgid, str) and isinstance(msgstr, str) and msgid and msgstr and not message.fuzzy:
            out[msgid] = msgstr
    return out


def translate(text: str, lang: str) -> str:
    """`text` (an English msgid) in `lang`, or as it is when the catalogue has no translation."""
    return messages(lang).get(text, text)


def translation(text: str, lang: str) -> str | None:
    """`text` in `lang`, or None when the catalogue has none (discord.py's Translator wants None)."""
    return messages(lang).get(text)
