"""A question in another language read as the English words Privy's reader knows, so one reader (intents,
dates, places, platforms, matching) serves every language: "Wie widerspreche ich, dass LinkedIn meine
Daten für KI nutzt?" reads as "how object , that LinkedIn my data for ai uses ?".

What each word means is data, one file a language (knowledge/reading/vocabulary/<code>.yaml): words and
phrases of the domain and of everyday questions, forms of place names the place libraries lack, and date
patterns. Each word is matched as written, then by its stem (knowledge.reading.stems), so one entry
stands for its inflections; place names come from the place libraries in each language
(knowledge.reading.place_words) and month names from Babel. A word that is in none of them (a name, a
product) is kept as written. Nothing is translated for people to read: this is only how Privy reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path

from knowledge.reading.language import detect_language
from knowledge.reading.place_words import key, place_names
from knowledge.reading.stems import japanese_words, stemmer
from knowledge.reading.words import fold

VOCABULARY = Path(__file__).resolve().parent / "vocabulary"
MAX_PHRASE = 4
MAX_GAP = 6  # words between a verb and its particle ("zet ik de AI-training van LinkedIn uit")
MIN_COMPOUND = 7  # German and Dutch write "Datenschutzbehörde", "privacytoezichthouder" as one word
MONTHS_EN = "january february march april may june july august september october november december".split()
_TOKEN = re.compile(r"[^\W\d_]+|\d+|[^\w\s'’-]")  # apostrophes and hyphens only separate words
_JAPANESE_SCRIPT = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@dataclass(frozen=True)
class Reading:
    """A question as Privy reads it: its language (None when unsure) and its text in the reader's English."""

    language: str | None
    text: str

    @property
    def foreign(self) -> bool:
        return self.language not in (None, "en")


def read(question: str, *, asker_speaks: str | None = None) -> Reading:
    """The question's language and, for a language with a vocabulary, its reading in English words.

    Text too short to tell ("Und Instagram?", "et en Suisse ?") is read in `asker_speaks`, the language the
    reply is written in (the asker's or the server's), when it is one Privy reads: English words and names
    pass through a vocabulary unchanged, so an English follow-up from a German speaker still reads."""
    language = detect_language(question)
    if language is None and asker_speaks not in (None, "en"):
        language = asker_speaks
    if language is None or language == "en" or not (VOCABULARY / f"{language}.yaml").exists():
        return Reading(language, question)
    return Reading(language, in_english(question, language))


def in_english(text: str, language: str) -> str:
    """`text`, written in `language`, as the English words of its vocabulary, word by word."""
    vocabulary = vocabulary_of(language)
    text = vocabulary.dates_in_english(text)
    tokens = _tokens(text, language)
    out: list[str] = []
    skip: set[int] = set()
    i = 0
    while i < len(tokens):
        if i in skip:
            i += 1
            continue
        split = vocabulary.split_verb(tokens, i)
        if split is not None:
            english, particle = split
            skip.add(particle)
            size = 1
        else:
            size, english = vocabulary.at(tokens, i)
        if english:
            out.append(english)
        i += size
    return _yes_or_no(_how_do_i(" ".join(out)))


# English words that make a question: without one, a question is a yes-or-no question in every language
# read here (the verb first in German and Dutch, "czy" in Polish, "か" in Japanese, the voice alone in the
# Romance languages), and English asks it with "does".
_ASKING = frozenset(
    """how what which when where who why whether can could is are am does do did was were has have had will
    would should may must""".split()
)


# German and Dutch put the verb before the subject ("wie lade ich...", "hoe zet ik..."): read word by
# word that is "how download i", which English asks as "how do i download".
_HOW_VERB_I = re.compile(
    r"\bhow (?!(?:do|does|can|could|should|would|may|must|to|is|are|i)\b)([a-z]+(?: off| out)?) i\b"
)


def _how_do_i(reading: str) -> str:
    return _HOW_VERB_I.sub(r"how do i \1", reading)


_FOLLOWING_ON = frozenset(("and", "or", "but", "also"))  # "und bei Meta?": a follow-up, not a yes or no


def _yes_or_no(reading: str) -> str:
    """'uses LinkedIn my data ?' -> 'does uses LinkedIn my data ?': the reader then knows a yes or no is
    asked, and answers it that way."""
    words = reading.lower().split()
    if "?" not in words or _ASKING.intersection(words) or words[0] in _FOLLOWING_ON:
        return reading
    return f"does {reading}"


def _tokens(text: str, language: str) -> list[tuple[str, str]]:
    """(as written, dictionary form or lower case) for each word and mark of punctuation."""
    if language == "ja":
        pieces: list[tuple[str, str]] = []
        for surface, base in japanese_words(text):
            if surface.isspace():
                continue
            if _JAPANESE_SCRIPT.search(surface):
                pieces.append((surface, base))
            else:  # Latin words inside Japanese ("LinkedIn", "AI", "since november 2025") as such
                pieces.extend((t, t.lower()) for t in _TOKEN.findall(surface))
        return pieces
    return [(t, t.lower()) for t in _TOKEN.findall(text)]


class Vocabulary:
    """One language's words, phrases, place names and date patterns, as its file gives them."""

    def __init__(self, language: str, data: dict[str, object]) -> None:
        self.language = language
        self.stem = stemmer(language)
        self.words: dict[str, str] = {}
        self.stems: dict[str, str] = {}
        pairs = _pairs(data.get("words"))
        for word, english in pairs:  # as written first: "él" (it) must not take "el" (the) from Spanish
            self._add_word(word.lower(), english)
        for word, english in pairs:  # then without accents, as people often type
            self._add_word(fold(word.lower()), english)
        for number, name in _months(language):
            self.words.setdefault(name, MONTHS_EN[number - 1])
            self.words.setdefault(fold(name), MONTHS_EN[number - 1])
        self.phrases: dict[tuple[str, ...], str] = {}
        for phrase, english in _pairs(data.get("phrases")):
            self.phrases[self._phrase_key(phrase)] = english
        # Separable verbs, "zet ... uit": the verb, then its particle later in the same clause.
        self.split_verbs: dict[str, dict[str, str]] = {}
        for phrase, english in _pairs(data.get("split verbs")):
            verb, _, particle = (p.strip() for p in phrase.partition("..."))
            self.split_verbs.setdefault(self._norm(verb.lower()), {})[particle.lower()] = english
        self.places = dict(place_names(language))
        for name, english in _pairs(data.get("places")):
            self.places[key(name)] = english
        self.dates = [(re.compile(p, re.IGNORECASE), t) for p, t in _pairs(data.get("dates"))]

    def _add_word(self, form: str, english: str) -> None:
        self.words.setdefault(form, english)
        self.stems.setdefault(self.stem(form), english)

    def _phrase_key(self, phrase: str) -> tuple[str, ...]:
        return tuple(self._norm(base) for _, base in _tokens(phrase, self.language))

    def _norm(self, base: str) -> str:
        return self.stem(base) if self.language != "ja" else base

    def word(self, surface: str, base: str) -> str | None:
        """The English of one word, by its form as written, then by its stem; None when unknown."""
        for form in (base, fold(base)):
            if form in self.words:
                return self.words[form]
        if self.language == "ja":
            return None
        for form in (base, fold(base)):
            stem = self.stem(form)
            if stem in self.stems:
                return self.stems[stem]
        return None

    def at(self, tokens: list[tuple[str, str]], i: int) -> tuple[int, str]:
        """How many tokens from `i` make one reading, and its English ("" when dropped)."""
        for size in range(min(MAX_PHRASE, len(tokens) - i), 1, -1):
            english = self.phrases.get(tuple(self._norm(b) for _, b in tokens[i : i + size]))
            if english is not None:
                return size, english
            place = self._place(tokens[i : i + size])
            if place:
                return size, place
        surface, base = tokens[i]
        english = self.word(surface, base)
        if english is not None:
            return 1, english
        place = self._place(tokens[i : i + 1])
        if place:
            return 1, place
        return 1, self._compound(base) or surface

    def split_verb(self, tokens: list[tuple[str, str]], i: int) -> tuple[str, int] | None:
        """(English, where its particle is) when the word at `i` is a separable verb whose particle
        follows in the same clause ("schalte ich das Training aus": turn off), else None."""
        particles = self.split_verbs.get(self._norm(tokens[i][1]))
        if particles is None:
            return None
        for j in range(i + 1, min(len(tokens), i + 2 + MAX_GAP)):
            base = tokens[j][1]
            if base in particles:
                return particles[base], j
            if not base[:1].isalnum():  # a comma or question mark ends the clause
                return None
        return None

    def _place(self, span: list[tuple[str, str]]) -> str | None:
        """A place name written with a capital (or in Japanese script) -> its English name."""
        first = span[0][0]
        if not (first[:1].isupper() or _JAPANESE_SCRIPT.match(first)):
            return None
        joined = "" if self.language == "ja" else " "
        return self.places.get(key(joined.join(s for s, _ in span)))

    def _compound(self, word: str) -> str | None:
        """'datenschutzbehörde' -> 'data protection authority': a long word as two known words, the
        longest known first part first (German and Dutch, which write compounds as one word)."""
        if self.language not in ("de", "nl") or len(word) < MIN_COMPOUND:
            return None
        for cut in range(len(word) - 3, 2, -1):
            left, right = word[:cut], word[cut:]
            head = self.word(left, left) or (self.word(left[:-1], left[:-1]) if left.endswith("s") else None)
            tail = self.word(right, right) if head is not None else None
            if head is not None and tail is not None:
                return f"{head} {tail}".strip()
        return None

    def dates_in_english(self, text: str) -> str:
        """Dates written the language's own way ("2025年11月から") as English words ("since november 2025")."""
        for pattern, template in self.dates:
            text = pattern.sub(partial(_fill, template), text)
        return text


@cache
def vocabulary_of(language: str) -> Vocabulary:
    """A language's vocabulary, read once from its file."""
    import yaml  # only for a question in another language: `ask` in English never loads PyYAML

    path = VOCABULARY / f"{language}.yaml"
    # BaseLoader: every value a string ("no", "off" and "ja" are words here, never booleans); no tags.
    return Vocabulary(language, yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader) or {})


def _fill(template: str, m: re.Match[str]) -> str:
    """A matched date written out by its template, with spaces around so it stands as words."""
    found = {k: v for k, v in m.groupdict().items() if v is not None}
    if "m" in found:
        found["month"] = MONTHS_EN[int(found["m"]) - 1] if 1 <= int(found["m"]) <= 12 else found["m"]
    return f" {template.format(**found)} "


def _pairs(section: object) -> list[tuple[str, str]]:
    """A section of a vocabulary file as (foreign, English) pairs; an empty English drops the word."""
    if isinstance(section, dict):
        return [(str(k), "" if v is None else str(v)) for k, v in section.items()]
    if isinstance(section, list):
        return [(str(k), str(v)) for k, v in section]
    return []


@cache
def _months(language: str) -> tuple[tuple[int, str], ...]:
    """(month number, name) for every way Babel writes a month in the language (wide and abbreviated,
    as in a date and standing alone: Polish "listopada" and "listopad")."""
    from babel import Locale

    if language == "ja":  # "11月": Japanese dates are read by the file's patterns
        return ()
    months = Locale.parse(language).months
    return tuple(
        (number, name.lower().rstrip("."))
        for context in ("format", "stand-alone")
        for width in ("wide", "abbreviated")
        for number, name in months[context][width].items()
        if len(name.rstrip(".")) >= 3
    )
