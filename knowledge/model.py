"""Plain data the whole core passes around: platforms, facts, sources, answers."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from knowledge.i18n.local import in_region, region_name
from knowledge.i18n.speaking import N_, _, language

TOPICS = ("status", "opt-out", "objection", "regulator", "timeline", "background")
# What a fact claims, in structure (docs/pack-format.md, "Claims"): the lead of an answer is computed from it.
CLAIM_KINDS = ("training", "opt_out", "regulator", "background", "timeline")
TRAINING = ("yes", "no", "paused", "not_yet", "opt_in")  # does the platform train on these people's data?
OPT_OUT = ("setting", "form", "email", "none", "not_needed")  # what a person can do about it


SAVED_REGION = N_("your saved region")


@dataclass(frozen=True, slots=True)
class Platform:
    """A service people ask about, with the other names they call it."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Source:
    """Where a fact comes from: an https URL with its title, publisher and date."""

    url: str
    title: str = ""
    publisher: str = ""
    date: date | None = None
    archive_url: str = ""  # a copy where the text was read, beside the original url (never alone)
    title_is_label: bool = False  # the title is our description of the page, not the page's own headline
    watch: str = (
        ""  # the passage the fact rests on (text that anchors it, or a CSS selector), watched for change
    )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"url": self.url, "title": self.title, "publisher": self.publisher}
        out["date"] = self.date.isoformat() if self.date else None
        if self.archive_url:
            out["archive_url"] = self.archive_url
        if self.title_is_label:
            out["title_is_label"] = True
        return out


@dataclass(frozen=True, slots=True)
class Claim:
    """What a fact claims, in structure: `kind` says which question it can answer on its own.

    kind training: `training` (TRAINING) for the fact's regions and dates, on what `data`, for `who`;
    kind opt_out: `opt_out` (OPT_OUT), and a `deadline` when a choice must be made by a day to cover past data;
    kinds regulator, background, timeline: explanation only, never the answer to a yes/no question.
    """

    kind: str
    training: str | None = None
    opt_out: str | None = None
    data: tuple[str, ...] = ()
    who: str = ""
    deadline: date | None = None

    def to_dict(self, *, dates_as_text: bool = True) -> dict[str, Any]:
        """The pack and JSON shape, empty fields left out."""
        out: dict[str, Any] = {"kind": self.kind}
        if self.training:
            out["training"] = self.training
        if self.opt_out:
            out["opt_out"] = self.opt_out
        if self.data:
            out["data"] = list(self.data)
        if self.who:
            out["who"] = self.who
        if self.deadline:
            out["deadline"] = self.deadline.isoformat() if dates_as_text else self.deadline
        return out


@dataclass(frozen=True, slots=True)
class Translation:
    """A person's translation of a fact's prose and steps into one language (docs/pack-format.md): shown
    only while `english` is the hash of the fact's English as it is now (english_hash)."""

    lang: str
    prose: str
    by: str
    checked: date
    english: str  # english_hash() of the prose and steps it was translated from
    steps: tuple[str, ...] = ()

    def entry(self, day: Any) -> dict[str, Any]:
        """The pack shape, under the language's key; `day` writes the date (as text or as a date)."""
        out: dict[str, Any] = {"prose": self.prose}
        if self.steps:
            out["steps"] = list(self.steps)
        out.update(by=self.by, checked=day(self.checked), english=self.english)
        return out


def english_hash(answer: str, steps: tuple[str, ...] | list[str]) -> str:
    """What a translation was made from: a short hash of the English prose and steps (whitespace as parsed)."""
    text = "\n".join([" ".join(answer.split()), *(s.strip() for s in steps)])
    return hashlib.sha256(text.encode()).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Fact:
    """One sourced statement that holds for some regions over some dates."""

    id: str
    regions: tuple[str, ...]
    topic: str
    question: str
    answer: str
    sources: tuple[Source, ...]
    verified: date
    platform: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    variants: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()
    retired: str | None = None  # the reason, when a moderator retired it
    scope: str = ""  # '' : Privy's shared base; else the id of the server whose moderators wrote it
    claim: Claim | None = None  # what it claims, in structure (the lead of an answer is computed from it)
    first_party: str = ""  # when no source is first-party: why (what was searched)
    verified_from: str = ""  # "archive": checked only against a stored copy, not the live page
    translations: tuple[Translation, ...] = ()  # curated, by language; stale when the English changed

    @property
    def from_server(self) -> bool:
        """A server's own fact (or its version of a shared one): shown as such, never as Privy's."""
        return bool(self.scope)

    def valid_on(self, day: date) -> bool:
        """True when the fact holds on `day` and has not been retired."""
        if self.retired:
            return False
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_until and day > self.valid_until)

    def to_dict(self) -> dict[str, Any]:
        """The JSON answer of `ask --json`, as docs/answer-json.md describes it field by field."""
        return {
            "id": self.id,
            "platform": self.platform,
            "regions": list(self.regions),
            "topic": self.topic,
            "valid_from": _iso(self.valid_from),
            "valid_until": _iso(self.valid_until),
            "answer": self.answer,
            "steps": list(self.steps),
            "sources": [s.to_dict() for s in self.sources],
            "verified": self.verified.isoformat(),
            "scope": "server" if self.scope else "shared",
            "claim": self.claim.to_dict() if self.claim else None,
        }


@dataclass
class Answer:
    """What the bot says to one question: built once, rendered as text, JSON or an embed."""

    question: str
    status: str  # answered | clarify | no_match
    as_of: date
    platform: str | None = None
    platform_name: str | None = None
    region: str | None = None
    confidence: float = 0.0
    facts: list[Fact] = field(default_factory=list)
    history: list[Fact] = field(default_factory=list)  # earlier/later facts on the same subject, in order
    clarify_options: list[str] = field(default_factory=list)
    platform_names: list[str] = field(default_factory=list)  # "which platform": the names, as options are ids
    region_from_question: bool = False
    region_saved: bool = False  # the region is the asker's saved preference (nothing in the question)
    region_shown: str | None = None  # how the region is named where others read it ("your saved region")
    on_topic: bool = False  # about data, AI training or privacy (a miss worth a moderator's look)
    topic: str | None = None  # what the reply answers: the first fact's topic, or "regions" for a summary
    steps: list[str] = field(default_factory=list)  # numbered steps, from the first fact or a companion
    # with no_match: "help" (greeting, "help"), "not_covered" (another subject), "unsure"; with clarify:
    # "which_platform" (clarify_options are then platform ids, not regions)
    reply_kind: str = ""
    differs: list[str] = field(default_factory=list)  # regions with their own answer, when none was asked
    summary: list[tuple[str, str]] = field(default_factory=list)  # (regions, gist) for "which countries"
    suggestions: list[tuple[str, str]] = field(default_factory=list)  # (fact id, question): "Did you mean"
    follow_up: bool = False  # read as a follow-up to the answer before
    stands_for: str = ""  # a follow-up: the whole question it was answered as
    lead: str = ""  # the first sentence, computed from the claim that answers the question (leads.py)
    # with no_match: what holds for other regions when no fact covers the asker (never served as theirs)
    nearby: list[Fact] = field(default_factory=list)
    source_changed: date | None = None  # a watched source of the first fact changed since it was verified
    lang: str = field(default_factory=language)  # the language it was written in (knowledge.i18n)
    # other platforms asked about side by side with this one ("Meta or LinkedIn"): (id, name), answered apart
    also_asked: list[tuple[str, str]] = field(default_factory=list)

    def hide_saved_region(self) -> None:
        """Shown to others: a region that only the asker's saved preference gave is not named (issue 22:
        "LinkedIn · Germany" told the channel where someone who never said so lives)."""
        if self.region_saved and self.region:
            self.region_shown = SAVED_REGION
            # the lead names where it holds for the asker ("... in Germany."): that place too
            self.lead = self.lead.replace(in_region(region_name(self.region)), in_region(_(SAVED_REGION)))

    @property
    def worth_reviewing(self) -> bool:
        """A miss on our subject: moderators should see it; small talk and off-topic questions are not kept."""
        return (
            self.status == "no_match" and self.on_topic and not self.reply_kind
        )  # not help or "Did you mean"

    def to_dict(self, reply: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            "question": self.question,
            "status": self.status,
            "platform": self.platform,
            "region": self.region,
            "as_of": self.as_of.isoformat(),
            "confidence": round(self.confidence, 3),
            "facts": [f.to_dict() for f in self.facts],
            "reply": reply,
            "lang": self.lang,
        }
        if self.lead:
            out["lead"] = self.lead
        if self.stands_for:
            out["stands_for"] = self.stands_for
        if self.nearby:
            out["nearby"] = [f.to_dict() for f in self.nearby]
        if self.also_asked:
            out["also_asked"] = [pid for pid, _name in self.also_asked]
        if self.status == "clarify":
            asked = _("Which platform?") if self.reply_kind == "which_platform" else _("Where are you?")
            out["clarify"] = {"question": asked, "options": list(self.clarify_options)}
        return out


def with_scope(fact: Fact, scope: str) -> Fact:
    """The fact marked with the scope it was read from ('' : shared)."""
    return fact if fact.scope == scope else replace(fact, scope=scope)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def fact_as_pack_entry(fact: Fact, *, dates_as_text: bool = False) -> dict[str, Any]:
    """The YAML pack shape of a fact, keys in contract order, empty optionals left out; with
    `dates_as_text`, dates as YYYY-MM-DD (the JSON the base stores)."""
    day: Any = date.isoformat if dates_as_text else _same
    entry: dict[str, Any] = {"id": fact.id}
    if fact.platform:
        entry["platform"] = fact.platform
    entry["regions"] = list(fact.regions)
    entry["topic"] = fact.topic
    if fact.valid_from:
        entry["valid_from"] = day(fact.valid_from)
    if fact.valid_until:
        entry["valid_until"] = day(fact.valid_until)
    entry["question"] = fact.question
    if fact.variants:
        entry["variants"] = list(fact.variants)
    entry["answer"] = fact.answer
    if fact.steps:
        entry["steps"] = list(fact.steps)
    entry["sources"] = [_source_entry(s, day) for s in fact.sources]
    entry["verified"] = day(fact.verified)
    if fact.verified_from:
        entry["verified_from"] = fact.verified_from
    if fact.first_party:
        entry["first_party"] = fact.first_party
    if fact.claim:
        entry["claim"] = fact.claim.to_dict(dates_as_text=dates_as_text)
    if fact.retired:
        entry["retired"] = fact.retired
    if fact.translations:
        entry["translations"] = {t.lang: t.entry(day) for t in fact.translations}
    return entry


def _same(day: date) -> date:
    return day


def _source_entry(source: Source, day: Any) -> dict[str, Any]:
    """A source's pack shape, empty fields left out (by hand: dataclasses.asdict deep-copies, slowly)."""
    entry: dict[str, Any] = {"url": source.url}
    if source.title:
        entry["title"] = source.title
    if source.publisher:
        entry["publisher"] = source.publisher
    if source.date:
        entry["date"] = day(source.date)
    if source.archive_url:
        entry["archive_url"] = source.archive_url
    if source.title_is_label:
        entry["title_is_label"] = True
    if source.watch:
        entry["watch"] = source.watch
    return entry
