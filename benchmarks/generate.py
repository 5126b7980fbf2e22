"""Synthetic but realistic fact packs, and questions with known answers, for the benchmarks.

Deterministic for a seed. A pack has many platforms (made-up brand names with aliases, a few with a
sub-brand), facts across every region code (ISO countries, uk, eea, global), all six topics, 2-5 variants per
fact, validity windows and https sources.

Facts come in families about one subject: a platform's product and a kind of data ("Velora Studio voice
notes"), or a regulator and a kind of data. Within a family, facts differ by topic, by region (uk / eea /
global ...) and sometimes by date (training paused, then resumed). A question names the subject, asks with
one topic's words, names the asker's place and sometimes a month, so exactly one fact answers it: the
`expected` fact, found by the contract's rule (most specific region, valid on the day) as benchmarks.truth
writes it out, never by the core's own code: the answer key does not share the core's mistakes.
Questions are paraphrases in the asker's words, never a fact's own wording, and a quarter carry a typo.
"""

from __future__ import annotations

import calendar
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from itertools import accumulate
from typing import Any

from rapidfuzz import fuzz, process

from benchmarks.truth import EEA, EEA_COUNTRIES, GLOBAL, UK, answering_fact, holds_on
from knowledge.reading.intent import DOMAIN
from knowledge.reading.words import STOPWORDS
from knowledge.regions import display_name, known_codes

TODAY = date(2026, 11, 23)  # the benchmark's "today": fixed, so every run asks the same questions
EARLIEST = date(2023, 1, 1)

PRODUCTS = """Studio Canvas Pulse Spaces Stories Reels Groups Feed Circles Boards Journal Vault Forms Sheets
Sketch Cast Radio Arcade Academy Health Fitness Travel Jobs Events Pages Wiki Forum Answers Shop Pay Docs
Meet Chat Music Marketplace Assistant Memories Albums Moments Notebook Drive Mail Maps Calendar Workspace
Creator Insights Lens Hub Clips Tutor Notes Live""".split()
DATATYPES = [
    "voice notes",
    "profile photos",
    "videos",
    "comments",
    "direct messages",
    "product reviews",
    "playlists",
    "search history",
    "resumes",
    "code snippets",
    "livestreams",
    "drafts",
    "emails",
    "calendar entries",
    "shared documents",
    "sketches",
    "call recordings",
    "transcripts",
    "captions",
    "listings",
    "purchase history",
    "location history",
    "contact lists",
    "forum posts",
    "bookmarks",
    "song lyrics",
    "workout logs",
    "health records",
    "recipes",
    "meeting notes",
    "support tickets",
    "chat logs",
    "artwork",
    "podcasts",
    "photo albums",
    "spreadsheets",
    "presentations",
    "browsing history",
    "job applications",
    "cover letters",
    "travel plans",
    "voice commands",
    "handwriting samples",
    "selfies",
    "group chats",
    "study notes",
    "medical questions",
    "game clips",
]
REGULATOR_KINDS = (
    "Data Protection Authority",
    "Privacy Commissioner",
    "Information Commission",
    "Data Office",
)
PUBLISHERS = ("Help Centre", "Privacy Policy", "Newsroom", "Trust Center", "Engineering Blog")
PRESS = ("The Verge", "Ars Technica", "TechCrunch", "Wired", "The Register", "Reuters", "BBC News")

# How a fact's own question and variants are worded. {P} platform or an alias, {F} product, {D} data,
# {G} regulator, {R} the region when the fact has one specific region. Lower-case lines are variants.
FACT_TEXTS: dict[str, list[str]] = {
    "status": [
        "Is {P} using {D} from {F} to train AI?",
        "does {P} train ai on {F} {D}",
        "is {P} {F} training generative ai on {D}",
        "{P} {F} {D} ai training on by default?",
        "are {D} in {P} {F} used to train ai models",
        "is {P} feeding {F} {D} into its ai",
        "does {P} use {R} users' {F} {D} for ai training",
    ],
    "paused": [
        "Has {P} paused AI training on {F} {D}?",
        "is {P} still training ai on {F} {D} or did it pause",
        "{P} {F} {D} ai training paused",
        "did {P} stop using {F} {D} for ai for now",
        "is the {P} {F} pause on ai training with {D} still on in the {R}",
    ],
    "opt-out": [
        "How do I stop {P} using my {F} {D} for AI training?",
        "{P} {F} {D} ai opt out",
        "where is the setting to turn off ai training on {D} in {P} {F}",
        "how to switch off {P} ai training on {F} {D}",
        "opt out of {P} {F} using {D} for ai",
        "turn off {P} {F} ai training on {D} in the {R}",
    ],
    "objection": [
        "How do I object to {P} processing my {F} {D} for AI?",
        "{P} {F} {D} ai objection form",
        "can i object to {P} using {D} from {F} for ai beyond the setting",
        "right to object {P} {F} {D} ai training",
    ],
    "timeline": [
        "When did {P} start training AI on {F} {D}?",
        "{P} {F} {D} ai training timeline",
        "since when does {P} use {F} {D} for ai",
        "what date did {P} begin using {D} from {F} for ai",
    ],
    "background": [
        "What legal basis does {P} claim for training AI on {F} {D}?",
        "why does {P} say it may use {F} {D} for ai",
        "{P} legitimate interest {F} {D} ai",
        "on what grounds does {P} use {D} in {F} for ai models",
    ],
    "regulator": [
        "What has the {G} said about AI training on {D}?",
        "is the {G} investigating ai trained on {D}",
        "{G} ai training {D} guidance",
        "did the {G} act on companies using {D} for ai",
        "{G} complaint about ai models and {D}",
    ],
}
# How askers put it: other words than the facts use.
ASKED: dict[str, list[str]] = {
    "status": [
        "Is {P} using my {D} in {F} to train its AI?",
        "does {P} use {F} {D} for ai training",
        "Are {F} {D} on {P} being used to train AI models?",
        "is my stuff in {P} {F} ({D}) going into their ai training",
        "Does {P} train AI with the {D} people share in {F}?",
    ],
    "opt-out": [
        "How can I stop {P} training AI on my {F} {D}?",
        "how do i opt out of {P} {F} ai training on {D}",
        "Is there a setting to stop {P} {F} using my {D} for AI?",
        "turn off ai training {P} {F} {D}",
        "Where do I switch off AI training for {D} in {P} {F}?",
    ],
    "objection": [
        "Can I object to {P} using my {F} {D} for AI?",
        "how do i file an objection about {P} {F} {D} and ai",
        "Is there a form to object to AI training on {D} in {P} {F}?",
    ],
    "timeline": [
        "When did {P} begin using {F} {D} for AI training?",
        "when did {P} start training ai on {D} from {F}",
        "What's the timeline for {P} {F} {D} being used for AI?",
    ],
    "background": [
        "What legal basis does {P} rely on to train AI on {F} {D}?",
        "why does {P} think it may use {F} {D} for ai",
        "On what legal grounds can {P} use {D} in {F} for AI?",
    ],
    "regulator": [
        "What did the {G} say about AI training on {D}?",
        "has the {G} acted on ai trained with {D}",
        "Is the {G} looking into AI models trained on {D}?",
    ],
}
WHERE = (
    "{q} I'm in {place}.",
    "I live in {place}. {q}",
    "{q} I am based in {place}.",
    "Hi from {place}! {q}",
)
# Place names per region, beyond each country's own name (the answer key takes them as written).
EXTRA_PLACES = {
    UK: ["the UK", "Leeds", "Scotland", "London", "Wales", "Britain"],
    "us": ["the US", "Texas", "Boston", "Ohio", "the United States"],
    EEA: ["the EU", "the European Union"],
}
ONSETS = "b br c cl d dr f fl g gr h j k kr l m n p pr qu r s sk st t tr v w z".split()
VOWELS = "a e i o u ai ea io ou y".split()
CODAS = ["", "", "n", "r", "x", "l", "m", "s", "th", "ck", "nd", "rk"]
SUFFIXES = ["", "", "", "ly", "ify", "io", "ora", "ex", "ster", "verse", "ia", "oo"]


@dataclass(frozen=True)
class Question:
    """A question an asker might type, and the one fact that answers it."""

    text: str
    expected: str
    kinds: tuple[str, ...]  # plain, or any of: typo, region (siblings differ by region), dated, no-platform
    region: str = ""  # the asker's region code, as the place in the text names it
    day: str = ""  # the day asked about (ISO): the month named in the text, or TODAY


@dataclass
class Generated:
    """A pack in the YAML contract (dates as `date`) and its questions."""

    pack: dict[str, Any]
    questions: list[Question]
    stats: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class _Subject:
    """What a family of facts is about: a platform's product and a kind of data, or a regulator's."""

    platform: dict[str, Any] | None
    product: str
    data: str
    regulator: str = ""
    home: str = ""  # the regulator's region


# How facts spread over platforms: (facts a platform on average, exponent of the 1/rank^s weights).
# "today": the layout the benchmark always had (the biggest of 1,666 platforms at 100k has ~2,000 facts);
# "skewed": a few platforms with thousands of facts (at 100k: 2,500 platforms, the biggest ~12,000).
LAYOUTS = {"today": (60, 0.6), "skewed": (40, 1.0)}


def generate(n_facts: int, seed: int = 1, n_questions: int = 1000, layout: str = "today") -> Generated:
    """A pack of exactly `n_facts` facts and up to `n_questions` questions, the same for the same seed."""
    return _Generator(seed).run(n_facts, n_questions, *LAYOUTS[layout])


def dump_yaml(pack: dict[str, Any]) -> str:
    """The pack as YAML in the contract's layout, written directly: a YAML dumper takes a minute at 100k.

    Strings are written as JSON strings, which are valid YAML double-quoted scalars; dates stay plain.
    """
    lines = [f"pack: {_yaml(pack['pack'])}", "platforms:"]
    lines += [f"  - {_yaml(p)}" for p in pack["platforms"]]
    lines.append("facts:")
    for fact in pack["facts"]:
        for i, (key, value) in enumerate(fact.items()):
            lead = "  - " if i == 0 else "    "
            if key == "sources":
                lines.append(f"{lead}sources:")
                lines += [f"      - {_yaml(src)}" for src in value]
            else:
                lines.append(f"{lead}{key}: {_yaml(value)}")
    return "\n".join(lines) + "\n"


def _yaml(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_yaml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_yaml(v)}" for k, v in value.items()) + "}"
    if value is None:
        return "null"
    raise TypeError(f"no YAML for {value!r}")


class _Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.names: list[str] = []
        self.codes = self._code_cycle()
        self.regulators: dict[str, str] = {}
        self.used: set[tuple[str, str, str]] = set()
        self.subjects: dict[str, _Subject] = {}  # fact id -> its subject

    # ---- the pack -------------------------------------------------------------------------------
    def run(self, n_facts: int, n_questions: int, per_platform: int = 60, skew: float = 0.6) -> Generated:
        n_platforms = max(20, n_facts // per_platform)
        platforms = [self._platform() for _ in range(n_platforms)]
        # A few big platforms and a long tail: weights 1/rank^skew, as running totals for rng.choices.
        cum_weights = list(accumulate(1 / rank**skew for rank in range(1, n_platforms + 1)))
        facts: list[dict[str, Any]] = []
        families: list[list[dict[str, Any]]] = []
        while len(facts) < n_facts:
            family = self._family(self._subject(platforms, cum_weights))[: n_facts - len(facts)]
            facts.extend(family)
            families.append(family)
        pack = {
            "pack": f"synthetic-{n_facts}",
            "platforms": platforms,
            "facts": facts,
        }
        questions = self._questions(families, n_questions)
        sizes: dict[str, int] = {}
        for fact in facts:
            sizes[fact.get("platform", "")] = sizes.get(fact.get("platform", ""), 0) + 1
        stats = {
            "platforms": len(platforms),
            "biggest": max(n for p, n in sizes.items() if p),
            "families": len(families),
            "regions": len({r for f in facts for r in f["regions"]}),
            "questions": len(questions),
        }
        return Generated(pack, questions, stats)

    def _platform(self) -> dict[str, Any]:
        name = self._brand()
        pid = name.lower()
        aliases = [f"{pid}.com", f"{pid} app"]
        if self.rng.random() < 0.3:
            aliases.append(self._brand().lower())  # a sub-brand, as Instagram is to Meta
        return {"id": pid, "name": name, "aliases": aliases}

    def _subject(self, platforms: list[dict[str, Any]], cum_weights: list[float]) -> _Subject:
        """A subject no other family has."""
        while True:
            data = self.rng.choice(DATATYPES)
            if self.rng.random() < 0.04:
                home = self._specific()
                if home not in self.regulators:
                    self.regulators[home] = f"{self._brand()} {self.rng.choice(REGULATOR_KINDS)}"
                subject = _Subject(None, "", data, self.regulators[home], home)
                key = ("", home, data)
            else:
                platform = self.rng.choices(platforms, cum_weights=cum_weights)[0]
                subject = _Subject(platform, self.rng.choice(_products()), data)
                key = (platform["id"], subject.product, data)
                if subject.product.lower() in data:  # no "Calendar calendar entries"
                    continue
            if key not in self.used:
                self.used.add(key)
                return subject

    def _family(self, s: _Subject) -> list[dict[str, Any]]:
        """Facts on one subject: by topic, region group and (sometimes) before and after a pause."""
        rng = self.rng
        if s.platform is None:
            return [self._fact(s, "regulator", [s.home], self._window())]
        extra = rng.sample(("opt-out", "objection", "timeline", "background"), rng.choice((0, 1, 1, 2)))
        groups = self._region_groups()
        paused = rng.random() < 0.12
        out = []
        for topic in ("status", *extra):
            for group in groups:
                if topic == "status" and paused:
                    start = self._window()[0] or EARLIEST
                    pause = start + timedelta(days=rng.randint(60, (TODAY - start).days - 90))
                    out.append(self._fact(s, "status", group, (start, pause), suffix="a"))
                    after = (pause + timedelta(days=1), None)
                    out.append(self._fact(s, "status", group, after, suffix="b", paused=True))
                else:
                    out.append(self._fact(s, topic, group, self._window()))
        return out

    def _region_groups(self) -> list[list[str]]:
        """Disjoint region lists for the facts of one family: global, one region, or a split."""
        roll = self.rng.random()
        if roll < 0.35:
            return [["us", GLOBAL]] if self.rng.random() < 0.3 else [[GLOBAL]]
        first = self._specific()
        if roll < 0.65:
            return [[first, self._specific(avoid=first)]] if self.rng.random() < 0.2 else [[first]]
        groups = [[first], [self._specific(avoid=first)]]
        if self.rng.random() < 0.6:
            groups.append([GLOBAL])
        return groups

    def _specific(self, avoid: str = "") -> str:
        """The next region code of a shuffled cycle through all of them, so every code gets facts."""
        while True:
            code = next(self.codes)
            if code not in (GLOBAL, avoid):
                return code

    def _window(self) -> tuple[date | None, date | None]:
        if self.rng.random() < 0.3:
            return (None, None)
        return (EARLIEST + timedelta(days=self.rng.randint(0, (TODAY - EARLIEST).days - 240)), None)

    def _fact(
        self,
        s: _Subject,
        topic: str,
        regions: list[str],
        window: tuple[date | None, date | None],
        *,
        suffix: str = "",
        paused: bool = False,
    ) -> dict[str, Any]:
        rng = self.rng
        owner = s.platform["id"] if s.platform else s.regulator
        fid = _slug(f"{owner}-{s.product}-{s.data}-{topic}-{'-'.join(regions)}")[:76].strip("-")
        fid = f"{fid}-{suffix}" if suffix else fid
        while fid in self.subjects:
            fid = f"{fid[:72]}-{rng.randint(100, 999)}"
        self.subjects[fid] = s
        specific = [r for r in regions if r != GLOBAL]
        where = _region_label(specific[0]) if len(specific) == 1 else ""
        templates = [t for t in FACT_TEXTS["paused" if paused else topic] if where or "{R}" not in t]
        chosen = [templates[0], *rng.sample(templates[1:], min(len(templates) - 1, rng.randint(2, 5)))]
        names = [s.platform["name"], *s.platform["aliases"][2:]] if s.platform else [""]

        def fill(template: str, first: bool) -> str:
            who = names[0] if first else rng.choice(names)
            text = template.format(P=who, F=s.product, D=s.data, G=s.regulator, R=where)
            return text if first else text.lower()

        start, end = window
        entry: dict[str, Any] = {"id": fid}
        if s.platform:
            entry["platform"] = s.platform["id"]
        entry["regions"] = regions
        entry["topic"] = topic
        if start:
            entry["valid_from"] = start
        if end:
            entry["valid_until"] = end
        entry["question"] = fill(chosen[0], True)
        entry["variants"] = [fill(t, False) for t in chosen[1:]]
        entry["answer"] = _answer(s, topic, paused, start, end)
        if topic in ("opt-out", "objection"):
            entry["steps"] = _steps(s, topic, rng)
        entry["sources"] = _sources(s, fid, start or date(2024, 6, 1), rng)
        entry["verified"] = max(TODAY - timedelta(days=rng.randint(0, 400)), start or EARLIEST)
        return entry

    # ---- the questions --------------------------------------------------------------------------
    def _questions(self, families: list[list[dict[str, Any]]], wanted: int) -> list[Question]:
        """Questions for facts picked at random, each with exactly one right answer."""
        pool = [(family, fact) for family in families for fact in family]
        self.rng.shuffle(pool)
        out: list[Question] = []
        for _ in range(3):  # small packs: a second and third question for some facts
            for family, fact in pool:
                if len(out) >= wanted:
                    return out
                question = self._question(family, fact)
                if question:
                    out.append(question)
        return out

    def _question(self, family: list[dict[str, Any]], fact: dict[str, Any]) -> Question | None:
        """A question for `fact`, or None when the place or day it would need does not single it out."""
        rng = self.rng
        kinds = []
        day, when = TODAY, ""
        if fact.get("valid_until"):
            day = _month_end_within(fact.get("valid_from"), fact["valid_until"], rng)
            when = f"{calendar.month_name[day.month]} {day.year}"
            kinds.append("dated")
        same_topic = [f for f in family if f["topic"] == fact["topic"]]
        siblings = [f for f in same_topic if holds_on(f, day)]
        code = self._asker_region(fact, siblings)
        if code is None or answering_fact(same_topic, code, day) is not fact:
            return None
        if len({tuple(f["regions"]) for f in family if f["topic"] == fact["topic"]}) > 1:
            kinds.append("region")
        s = self.subjects[fact["id"]]
        if s.platform is None:
            kinds.append("no-platform")
            who = ""
        else:
            who = rng.choice([s.platform["name"], s.platform["name"], *s.platform["aliases"][::2]])
        slots = {"P": who, "F": s.product, "D": s.data, "G": s.regulator}
        text = rng.choice(ASKED[fact["topic"]]).format(**slots)
        if rng.random() < 0.25:
            text, slipped = _with_typo(text, [who, s.product, s.data, s.regulator], rng)
            if slipped:
                kinds.append("typo")
        if when:
            text = f"As of {when}, {text[0].lower()}{text[1:]}"
        text = rng.choice(WHERE).format(q=text, place=rng.choice(_places()[code]))
        return Question(text, fact["id"], tuple(kinds) or ("plain",), code, day.isoformat())

    def _asker_region(self, fact: dict[str, Any], siblings: list[dict[str, Any]]) -> str | None:
        """A region with place names that this fact covers; for a global fact, one no sibling covers."""
        places = _places()
        named = [r for r in fact["regions"] if r in places]
        if EEA in fact["regions"]:
            named += [m for m in sorted(EEA_COUNTRIES) if m in places]
        if GLOBAL in fact["regions"]:
            covered = {r for f in siblings for r in f["regions"]}
            named += [c for c in places if c not in covered and c not in EEA_COUNTRIES and c != EEA]
        return self.rng.choice(named) if named else None  # a few territories have no usable name

    # ---- names ----------------------------------------------------------------------------------
    def _brand(self) -> str:
        """A made-up brand name: no English word or place, not close to another name or a common word."""
        while True:
            syllables = [
                self.rng.choice(ONSETS) + self.rng.choice(VOWELS) + self.rng.choice(CODAS)
                for _ in range(self.rng.choice((2, 2, 2, 3)))
            ]
            key = "".join(syllables) + self.rng.choice(SUFFIXES)
            if not 5 <= len(key) <= 10 or key in _taken_words():
                continue
            if process.extractOne(key, _common_words(), scorer=fuzz.ratio, score_cutoff=80):
                continue
            if process.extractOne(key, self.names, scorer=fuzz.ratio, score_cutoff=72):
                continue
            self.names.append(key)
            return key.capitalize()

    def _code_cycle(self) -> Iterator[str]:
        codes = sorted(known_codes())
        while True:
            self.rng.shuffle(codes)
            yield from codes


def _month_end_within(start: date | None, end: date, rng: random.Random) -> date:
    """The last day of a month inside [start, end] (the generator's windows always hold one)."""
    day, ends = start or EARLIEST, []
    while day <= end:
        last = date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
        if last <= end:
            ends.append(last)
        day = last + timedelta(days=1)
    return rng.choice(ends)


def _with_typo(text: str, targets: list[str], rng: random.Random) -> tuple[str, bool]:
    """One realistic slip (swap, drop, double) in a long subject word; the first letter stays."""
    long_words = [w for t in targets for w in t.split() if len(w) >= 6 and w.isalpha()]
    if not long_words:
        return text, False
    word = rng.choice(long_words)
    i = rng.randint(1, len(word) - 2)
    kind = rng.choice(("swap", "drop", "double"))
    if kind == "swap":
        typo = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    elif kind == "drop":
        typo = word[:i] + word[i + 1 :]
    else:
        typo = word[: i + 1] + word[i:]
    if typo == word:
        return text, False
    return re.sub(rf"\b{re.escape(word)}\b", typo, text, count=1), True


def _answer(s: _Subject, topic: str, paused: bool, start: date | None, end: date | None) -> str:
    who = s.platform["name"] if s.platform else s.regulator
    since = f" since {start:%d %B %Y}" if start else ""
    until = f" until {end:%d %B %Y}" if end else ""
    if paused:
        return (
            f"No, not for now. {who} paused training its AI models on {s.product} {s.data}{since}, "
            "after questions from regulators. It says the pause is temporary."
        )
    texts = {
        "status": f"Yes. {who} uses {s.data} shared in {s.product} to train its AI models{since}{until}, "
        "with a setting on by default. Turning it off stops future use only.",
        "opt-out": f"Turn off the {s.product} data setting for AI training. {who} then stops using your "
        f"{s.data} for new training; data already used stays used.",
        "objection": f"{who} offers an objection form for AI processing of {s.data} in {s.product}, "
        "beyond the setting. It decides each request case by case.",
        "timeline": f"{who} started using {s.product} {s.data} for AI training{since or ' in 2024'}, "
        "after updating its privacy policy a month earlier.",
        "background": f"{who} relies on legitimate interest as the legal basis for training AI on "
        f"{s.product} {s.data}, and says it balances this against users' rights.",
        "regulator": f"The {s.regulator} has published guidance on AI training with {s.data}: companies "
        "must tell people first and honour objections. It is reviewing complaints.",
    }
    return texts[topic]


def _steps(s: _Subject, topic: str, rng: random.Random) -> list[str]:
    name = s.platform["name"] if s.platform else s.regulator
    if topic == "objection":
        return [
            f"Open the {name} Help Centre and search for 'object to AI processing'.",
            f"Choose {s.product} and describe the {s.data} concerned.",
            "Submit the form and keep the confirmation email.",
        ]
    steps = [
        f"Open {name} and go to Settings › Privacy.",
        f"Choose 'Data for {s.product} AI'.",
        f"Switch off 'Use my {s.data} to improve AI models'.",
    ]
    return steps[: rng.randint(2, 3)]


def _sources(s: _Subject, fid: str, day: date, rng: random.Random) -> list[dict[str, Any]]:
    name = s.platform["name"] if s.platform else s.regulator
    host = f"{s.platform['id']}.com" if s.platform else f"{_slug(s.regulator)}.example.org"
    publisher = f"{name} {rng.choice(PUBLISHERS)}" if s.platform else s.regulator
    title = f"{s.product} {s.data} and AI" if s.product else f"Guidance: {s.data} and AI"
    day = date.fromordinal(day.toordinal())  # a copy: YAML writes an &anchor for an object seen twice
    out = [{"url": f"https://{host}/privacy/{fid}", "title": title, "publisher": publisher, "date": day}]
    for _ in range(rng.randint(0, 2)):
        press = rng.choice(PRESS)
        out.append(
            {
                "url": f"https://news.example.com/{_slug(press)}/{fid}",
                "title": f"What {name} does with your {s.data}",
                "publisher": press,
            }
        )
    return out


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _region_label(code: str) -> str:
    return {UK: "UK", EEA: "EU", "us": "US"}.get(code) or display_name(code).removeprefix("the ")


@cache
def _products() -> tuple[str, ...]:
    """Product names that are no place name (not "Lens", France, nor "Hub", Pakistan) and no place cue."""
    from knowledge.places import CUES, gazetteer

    table = gazetteer()
    return tuple(p for p in PRODUCTS if p.lower() not in table and p.lower() not in CUES)


# Names a person could mean two countries by: left out, as a fair question would not use them.
AMBIGUOUS_PLACES = frozenset({"Congo"})  # the Republic of the Congo (cg) or the DR Congo (cd)


@cache
def _places() -> dict[str, tuple[str, ...]]:
    """Region code -> names an asker uses for it: each country's name and common name from pycountry.

    Not filtered by what the core reads correctly: a name the core misreads costs it the question.
    """
    import pycountry

    names: dict[str, set[str]] = {code: set(extra) for code, extra in EXTRA_PLACES.items()}
    for country in pycountry.countries:
        code = UK if country.alpha_2 == "GB" else country.alpha_2.lower()
        for name in (getattr(country, "common_name", None), country.name):
            if name and not re.search(r"[,(]", name) and name not in AMBIGUOUS_PLACES:
                names.setdefault(code, set()).add(name)
    return {code: tuple(sorted(options)) for code, options in sorted(names.items()) if options}


@cache
def _taken_words() -> frozenset[str]:
    """Words a brand name must not be: English words, place names, stopwords and domain words."""
    from english_words import get_english_words_set

    from knowledge.places import gazetteer

    return frozenset(get_english_words_set(["web2"], lower=True)) | set(gazetteer()) | STOPWORDS | DOMAIN


@cache
def _common_words() -> tuple[str, ...]:
    """The words questions use: a brand must not be a typo away from them ("Traino" and "training")."""
    texts = [*PRODUCTS, *DATATYPES, *REGULATOR_KINDS, *EXTRA_PLACES[UK], *EXTRA_PLACES["us"]]
    texts += [t for ts in (*FACT_TEXTS.values(), *ASKED.values()) for t in ts]
    texts += [display_name(c) for c in known_codes()]
    return tuple(sorted({w for w in re.findall(r"[a-z]+", " ".join(texts).lower()) if len(w) >= 4}))
