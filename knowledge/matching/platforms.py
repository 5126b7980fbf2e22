"""Platform names in a question: names, aliases and typos of them ("linkdin"), in order of mention."""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import chain, pairwise

from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from knowledge.model import Platform
from knowledge.reading.words import STOPWORDS, words

TYPO_CUTOFF = 84  # rapidfuzz ratio for "linkdin" -> "linkedin"; "credit" vs "reddit" stays out
TYPO_MIN_NAME = 5  # a name this long may be misspelt: "board" is a word, not a typo of Bard
SPELLED_LENGTH = 6  # names `spelled` rewrites: "board" is a word, not a typo of Bard
SUBJECT_PREFIX_MIN = 4  # "Snap" names Snapchat's company; "Sn" names nothing
MAX_REMEMBERED_WORDS = 20_000  # typo lookups kept: a few MB at most
_CLAUSE_END = re.compile(r"[.;:!?]+\s|[;:!?]")
_TOKEN = re.compile(r"[^\W_]+")  # a word as `spelled` replaces it
_SUBREDDIT = re.compile(r"(?<![\w/])/?r/[A-Za-z0-9_]{2,21}\b")
# "threads" written small after a word that makes it a forum's or a mailbox's ("reddit threads", "our threads")
_FORUM_WORDS = {
    "threads": re.compile(
        r"\b(support|reddit|email|e-mail|forum|comment|discussion|these|those|our|old|long|slack|summari[sz]e"
        r"|format\w*|post|the|other|many|several|similar|related|github|discourse) threads\b"
        r"(?! (app|posts?|account|profile))"
    ),
    "meta": re.compile(
        r"\bmeta\.\w|\b(codidact|stack ?exchange|se|site|our|per) meta\b"
        # "on the meta", "asked on meta.": a phrase's end; "the meta objection deadline" is Meta's
        r"|\b(the|this|on) meta(?=\s*([.,;:!?)]|$))"
        r"|\bmeta (post|thread|site|discussion|question|answer|tag)s?\b"
    ),
}
_JOINING_WORDS = frozenset({"and", "or", "nor", "vs", "versus", "plus"})  # "and/or": two words


class PlatformNames:
    """Every name of every platform, ready to be found in a question."""

    def __init__(self, platforms: list[Platform]):
        self.platforms = {p.id: p for p in platforms}
        self.aliases: dict[str, str] = {}  # "linked in" -> "linkedin"
        short_names: dict[str, str] = {}  # "X": case-sensitive, whole-word only
        for p in platforms:
            for name in (p.id, p.name, *p.aliases):
                key = " ".join(words(name))
                if not key:
                    continue
                if len(key) <= 2:
                    short_names[name] = p.id
                else:
                    self.aliases.setdefault(key, p.id)
        self._short_names = [(name, _whole_word(name), pid) for name, pid in short_names.items()]
        self._subreddit_owner = self.aliases.get("reddit")
        self._called: dict[str, list[str]] = defaultdict(list)
        for alias, pid in self.aliases.items():
            self._called[pid].append(alias)
        self.name_words = frozenset(w for alias in self.aliases for w in alias.split())
        self._joinable = frozenset(a for a in self.aliases if " " not in a and len(a) >= 5)
        # the first part of a name written in two words ("chat" of "chatgpt"): only after one is a typo sought
        self._name_heads: dict[str, list[str]] = defaultdict(list)
        for name in self._joinable:
            for cut in range(3, len(name) - 1):
                self._name_heads[name[:cut]].append(name)
        self._name_starts = frozenset(alias.split(" ", 1)[0] for alias in self.aliases if " " in alias)
        self._typos = Choices(
            [k for k in self.aliases if " " not in k and len(k) >= TYPO_MIN_NAME], TYPO_CUTOFF, swaps=True
        )

    def joined(self, text: str) -> str:
        """The text with a name written in two words joined as the name is ("chat gpt" -> "chatgpt", "you
        tube" -> "youtube"), so the question's words meet the facts' ("is chat gpt learning from me")."""
        toks = words(text)
        heads, joinable = self._name_heads, self._joinable
        for a, b in pairwise(toks):
            if a not in heads and a + b not in joinable:
                continue  # no name starts with `a`, nor is spelt by the two: the usual pair, told in C
            joined = self._joined(a, b)
            if joined is not None:
                text = re.sub(rf"\b{re.escape(a)}[\s-]+{re.escape(b)}\b", joined, text, flags=re.IGNORECASE)
        return text

    def _joined(self, a: str, b: str) -> str | None:
        """The name two words write apart ("chat gpt"), its second part misspelt by one letter or two swapped
        ("chat gtp"); None when they are no name ("linked in" is a name as written, "claude opt" none)."""
        if f"{a} {b}" in self.aliases:
            return None
        if a + b in self._joinable:
            return a + b
        for name in self._name_heads.get(a, ()):
            # one edit at most: the lengths differ by one at most (checked first, the distance only then)
            if (
                len(b) >= 2
                and abs(len(name) - len(a) - len(b)) <= 1
                and DamerauLevenshtein.distance(name[len(a) :], b) <= 1
            ):
                return name
        return None

    def spelled(self, text: str) -> str:
        """The text with each misspelt name written as the name ("Does Github Copliot save my code?" ->
        "... copilot ..."), so that what is read after the names sees the product named (the same typos
        `detect` allows, remembered, so the second look costs a few dictionary reads)."""
        if not text:
            return text
        fixed = {
            tok: alias
            for tok in set(words(text))
            if len(tok) >= SPELLED_LENGTH
            and tok not in STOPWORDS
            and tok not in self.aliases
            and (alias := self._typos.closest(tok))
            and len(alias) >= SPELLED_LENGTH
            and alias != tok + "s"
        }
        if not fixed:
            return text
        return _TOKEN.sub(lambda m: fixed.get(m.group(0).lower(), m.group(0)), text)

    def called(self, platform: str | None) -> list[str]:
        """What the platform is called, as a question writes it: its id, name and aliases ("chatgpt")."""
        return self._called.get(platform or "", [])

    def name_of(self, platform: str) -> str:
        known = self.platforms.get(platform)
        return known.name if known else platform

    def names_a_platform(self, name: str) -> bool:
        """Whether a name a question gives is one of the platforms': as `detect` reads it, or the start of a
        name ("Snap" of Snapchat, its company)."""
        key = " ".join(words(name))
        return bool(self.detect(name)) or (
            len(key) >= SUBJECT_PREFIX_MIN and any(alias.startswith(key) for alias in self.aliases)
        )

    def detect(self, text: str) -> list[str]:
        """Platforms named in the text, in order of first mention; typos and aliases allowed."""
        return list(dict.fromkeys(pid for _, _, pid in self._mentions(text)))

    def coordinated(self, text: str) -> list[str]:
        """Platforms named side by side, as in "Meta or LinkedIn", "LinkedIn and X", "Reddit, Quora":
        the question asks about each of them, not about one with the others as context."""
        joined: list[str] = []
        for clause in _CLAUSE_END.split(text):  # "my Substack; ChatGPT scraped it" joins nothing
            mentions = self._mentions(clause)
            toks = words(clause)
            for (start, size, first), (after, _, second) in pairwise(mentions):
                between = toks[start + size : after]
                if first != second and len(between) <= 2 and all(w in _JOINING_WORDS for w in between):
                    joined += [first, second]
        return list(dict.fromkeys(joined))

    def _mentions(self, text: str) -> list[tuple[int, int, str]]:
        """(first word, number of words, platform) of every name found, in the order written."""
        found: list[tuple[int, int, str]] = []
        toks = words(text)
        used: set[int] = set()
        # names of several words are looked up only from a word that begins one
        openers = [at for at, tok in enumerate(toks) if tok in self._name_starts]
        for size in (3, 2, 1):
            for start in openers if size > 1 else range(len(toks)):
                if start + size > len(toks):
                    continue
                pid = self.aliases.get(" ".join(toks[start : start + size]) if size > 1 else toks[start])
                if pid and size == 1 and toks[start] in _FORUM_WORDS and _only_forum_words(text, toks[start]):
                    continue  # "support threads", "Codidact meta": a forum's, not Meta's app or Meta
                span = range(start, start + size)
                if pid and not used.intersection(span):
                    used.update(span)
                    found.append((start, size, pid))
        for name, pattern, pid in self._short_names:
            if name not in text:  # rules out almost every name, at a fraction of the cost of a search
                continue
            m = pattern.search(text)
            if m:
                found.append((len(words(text[: m.start()])), max(1, len(words(name))), pid))
        # "r/ModSupport": a community on Reddit names Reddit, after every platform named in words
        # ("[r/ChatGPT] does OpenAI train on my chats?" asks about OpenAI)
        if self._subreddit_owner is not None and "r/" in text and _SUBREDDIT.search(text):
            found.append((len(toks), 0, self._subreddit_owner))
        for i, tok in enumerate(toks):
            if i in used or len(tok) < 5 or tok in STOPWORDS:
                continue
            alias = self._typos.closest(tok)
            if alias in _FORUM_WORDS and _only_forum_words(text, alias):
                continue
            if alias and alias != tok + "s":  # "this thread" is a forum's, not a typo of Threads
                found.append((i, 1, self.aliases[alias]))
        found.sort()
        return found


class Choices(list[str]):
    """Words to look a typo up in: those with its first letter, of a length that could be close enough.

    A typo keeps its first letter ("pinterest" is no typo of "interest", but a name we lack), so only
    choices starting with it are compared (a twentieth of them). fuzz.ratio(a, b) is at most
    200 * min(len(a), len(b)) / (len(a) + len(b)), so for a word of length n only some lengths can reach
    the cutoff: extractOne over those alone finds the same best match.
    """

    def __init__(self, choices: list[str], cutoff: float, *, swaps: bool = False):
        super().__init__(choices)
        self._swaps = swaps  # also "quroa" for "quora" (names: a swap is no other word there)
        self._cutoff = cutoff
        self._length_cutoff = cutoff - 1e-9  # the bound is exact; keep the edge despite float rounding
        # (first letter, length) -> positions of those choices
        self._at: dict[tuple[str, int], list[int]] = defaultdict(list)
        for at, w in enumerate(choices):
            self._at[(w[:1], len(w))].append(at)
        self._near_of: dict[tuple[str, int], list[str]] = {}
        self._closest: dict[str, str | None] = {}
        # Every choice with two neighbouring letters swapped -> (where, the choice), the first place kept:
        # a word meets each of its swaps in one look-up rather than by making them all (2-4 us a new word).
        self._swapped_from: dict[str, tuple[int, str]] = {}
        if swaps:
            for choice in choices:
                for i in range(1, len(choice) - 1):
                    swapped = choice[:i] + choice[i + 1] + choice[i] + choice[i + 2 :]
                    if swapped not in self._swapped_from or self._swapped_from[swapped][0] > i:
                        self._swapped_from[swapped] = (i, choice)

    def closest(self, word: str) -> str | None:
        """The choice most like `word` of those with its first letter (the first of equals) when it
        reaches the cutoff, else None.

        Remembered: questions repeat the same few thousand words. The memory is bounded.
        """
        try:
            return self._closest[word]
        except KeyError:
            pass
        best = process.extractOne(
            word, self._near(word), scorer=fuzz.ratio, score_cutoff=self._cutoff, processor=None
        )
        if len(self._closest) >= MAX_REMEMBERED_WORDS:
            self._closest.clear()
        found = self._closest[word] = best[0] if best else self._swapped(word) if self._swaps else None
        return found

    def _swapped(self, word: str) -> str | None:
        """The choice that is `word` with two neighbouring letters swapped back ("quroa": "quora"): the
        commonest typo, which the ratio counts as two edits and so misses in short names. The first letter
        stays, as for every typo here; of two choices, the one whose swap comes first in the word."""
        found = self._swapped_from.get(word)
        return found[1] if found is not None else None

    def _near(self, word: str) -> list[str]:
        key = (word[:1], len(word))
        if key not in self._near_of:
            first, n = key
            fits = [
                k
                for k in self._at
                if k[0] == first and 200 * min(n, k[1]) / (n + k[1]) >= self._length_cutoff
            ]
            self._near_of[key] = [self[at] for at in sorted(chain.from_iterable(self._at[k] for k in fits))]
        return self._near_of[key]


def _only_forum_words(text: str, word: str) -> bool:
    """Whether every "threads" (or "meta") in the text is a forum's: none written as a name ("Threads",
    "Meta AI"), each small in a forum's phrase ("reddit threads", "our threads", "meta.math.se", "Codidact
    meta"), so none names Meta or its app."""
    if word.capitalize() in text or word.upper() in text:
        return False
    return len(re.findall(rf"\b{word}\b", text, re.IGNORECASE)) == len(_FORUM_WORDS[word].findall(text))


def _whole_word(name: str) -> re.Pattern[str]:
    """`name` as a word of its own, case-sensitive: "X" but not "Xbox", "X's" or "@X"."""
    return re.compile(rf"(?<![\w@#]){re.escape(name)}(?![\w'])")
