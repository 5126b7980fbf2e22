"""Validating a pack's data: every field of every platform and fact, each problem naming its place."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from knowledge.model import CLAIM_KINDS, OPT_OUT, TOPICS, TRAINING
from knowledge.packs import publishers
from knowledge.packs.problems import CONTROL_CHARS, EXCERPT, Problem, excerpt, quote
from knowledge.packs.translations import check_translations
from knowledge.reading.clean import MENTION
from knowledge.reading.safe_text import INVISIBLE, hidden_links, text_url_problems, url_problem
from knowledge.regions import known_codes, normalize

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")

LIMITS = {
    "question": 300,
    "variant": 300,
    "answer": 1200,
    "step": 300,
    "steps": 15,
    "variants": 25,
    "sources": 10,
    "title": 300,
    "publisher": 120,
    "url": 500,
    "reason": 300,
    "claim_data": 10,  # kinds of data a claim names
    "claim_text": 120,  # one kind of data, or whom a claim covers
    "first_party": 300,
    "watch": 300,
    "name": 80,
    "alias": 60,
    "aliases": 30,  # per platform; the embedded pack's longest list has 8
    "platforms": 5_000,  # per pack; 100k generated facts name 1,666
}
FACT_FIELDS = {
    "id",
    "platform",
    "regions",
    "topic",
    "valid_from",
    "valid_until",
    "question",
    "variants",
    "answer",
    "steps",
    "sources",
    "verified",
    "verified_from",
    "first_party",
    "claim",
    "retired",
    "translations",
}
SOURCE_FIELDS = ("url", "title", "publisher", "date", "archive_url", "title_is_label", "watch")
CLAIM_FIELDS = {"kind", "training", "opt_out", "data", "who", "deadline"}
VERIFIED_FROM = ("archive",)


def check_pack(
    data: Any,
    known_platforms: set[str] | None = None,
    today: date | None = None,
    *,
    require_registry: bool | None = None,
) -> list[Problem]:
    """Every problem in a pack, each naming the fact and the field. With `require_registry` (by default
    knowledge.packs.publishers.REQUIRE_REGISTRY) every source is also checked against the publisher
    registry."""
    problems, declared = check_head(data, known_platforms)
    if not isinstance(data, dict):
        return problems
    raw_facts = data.get("facts") or []
    if not isinstance(raw_facts, list):
        return [*problems, Problem("pack", "facts", "must be a list")]
    problems.extend(check_facts(raw_facts, declared, today))
    problems.extend(duplicate_ids(fact_ids(raw_facts), set()))
    registry = (
        publishers.default_registry()
        if (publishers.REQUIRE_REGISTRY if require_registry is None else require_registry)
        else None
    )
    if registry is not None:
        problems.extend(publishers.source_problems(raw_facts, registry))
    problems.extend(publishers.page_problems(raw_facts))  # a tag or home page backs nothing
    return problems


def check_head(data: Any, known_platforms: set[str] | None = None) -> tuple[list[Problem], set[str]]:
    """Problems with a pack's shape and its platforms, and the platform ids its facts may use."""
    if not isinstance(data, dict):
        return [Problem("pack", "pack", "a pack is a mapping with 'platforms' and 'facts'")], set()
    problems: list[Problem] = []
    declared = set(known_platforms or set())
    raw_platforms = data.get("platforms") or []
    if not isinstance(raw_platforms, list):
        problems.append(Problem("pack", "platforms", "must be a list"))
        raw_platforms = []
    if len(raw_platforms) > LIMITS["platforms"]:
        problems.append(
            Problem("pack", "platforms", f"at most {LIMITS['platforms']:,} platforms in one pack")
        )
        raw_platforms = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_platforms):
        problems.extend(_check_platform(raw, f"platforms[{i}]", seen))
    declared |= seen
    return problems, declared


def _check_platform(raw: Any, where: str, seen: set[str]) -> list[Problem]:
    """Problems with one declared platform; its id is added to `seen`."""
    if not isinstance(raw, dict):
        return [Problem(where, "platform", "must be a mapping with id and name")]
    out: list[Problem] = []
    pid = raw.get("id")
    if not isinstance(pid, str) or not SLUG.fullmatch(pid):
        out.append(Problem(where, "id", f"must be a lowercase slug (a-z, 0-9, -), got {excerpt(pid)!r}"))
    elif pid in seen:
        out.append(Problem(pid, "id", "is declared twice under platforms"))
    else:
        seen.add(pid)
        where = pid
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        out.append(Problem(where, "name", "is required"))
    else:
        out.extend(Problem(where, "name", m) for m in _text_problems(name, LIMITS["name"]))
    aliases = raw.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        out.append(Problem(where, "aliases", "must be a list of names"))
    elif len(aliases) > LIMITS["aliases"]:
        out.append(Problem(where, "aliases", f"{len(aliases):,} aliases; at most {LIMITS['aliases']}"))
    else:
        for alias in aliases:
            out.extend(
                Problem(where, "aliases", f"{m}: {excerpt(alias)!r}")
                for m in _text_problems(alias, LIMITS["alias"])
            )
    for key in raw:
        if key not in ("id", "name", "aliases"):
            out.append(Problem(where, excerpt(str(key)), "unknown field"))
    return out


def _text_problems(value: str, limit: int) -> list[str]:
    """What is wrong with a text as a field's value: too long, or holding control characters."""
    out = []
    if len(value) > limit:
        out.append(f"is {len(value):,} characters; at most {limit}")
    bad = CONTROL_CHARS.search(value) or INVISIBLE.search(value)
    if bad:
        out.append(f"holds the control character #x{ord(bad.group()):04x} at {bad.start() + 1}")
    return out


def check_facts(
    raw_facts: list[Any], platforms: set[str], today: date | None, start: int = 0
) -> list[Problem]:
    """Every problem of each fact in a list that begins at position `start` of the pack."""
    problems: list[Problem] = []
    for i, raw in enumerate(raw_facts, start):
        problems.extend(check_fact(raw, platforms, today, where=f"facts[{i}]"))
    return problems


def fact_ids(raw_facts: list[Any]) -> list[Any]:
    return [raw.get("id") if isinstance(raw, dict) else None for raw in raw_facts]


def duplicate_ids(ids: list[Any], seen: set[str]) -> list[Problem]:
    """Ids used twice, in this list or among the `seen` ids before it (which it adds to)."""
    problems = []
    for fid in ids:
        if isinstance(fid, str):
            if fid in seen:
                problems.append(Problem(excerpt(fid), "id", "appears more than once in this pack"))
            seen.add(fid)
    return problems


def check_fact(
    raw: Any, platforms: set[str] | None, today: date | None = None, where: str = "fact"
) -> list[Problem]:
    """Every problem with one fact; `platforms` None skips the platform-is-declared check."""
    if not isinstance(raw, dict):
        return [Problem(where, "fact", "must be a mapping")]
    fid = raw.get("id")
    name = fid if isinstance(fid, str) and SLUG.fullmatch(fid) else where
    out: list[Problem] = []

    def bad(field: str, message: str) -> None:
        out.append(Problem(name, field, message))

    for key in raw:
        if key not in FACT_FIELDS:
            bad(excerpt(str(key)), "unknown field")
    if not isinstance(fid, str) or not SLUG.fullmatch(fid):
        bad("id", f"must be a lowercase slug of letters, digits and dashes (at most 80), got {quote(fid)}")
    platform = raw.get("platform")
    if platform is not None and (
        not isinstance(platform, str) or (platforms is not None and platform not in platforms)
    ):
        bad("platform", f"unknown platform {quote(platform)}; declare it under platforms")
    regions = raw.get("regions")
    if not isinstance(regions, list) or not regions:
        bad("regions", "at least one region code is required (e.g. uk, eea, us, global)")
    else:
        for code in regions:
            if isinstance(code, bool):  # YAML 1.1: a bare no, yes, on or off is a boolean
                bad("regions", f"{code} is not a region code; for Norway write 'no' in quotes")
            elif not isinstance(code, str) or code.lower() not in known_codes():
                hint = normalize(str(code)[:EXCERPT])
                tip = f" (did you mean {hint!r}?)" if hint else ""
                bad("regions", f"unknown region code {quote(code)}{tip}")
    if raw.get("topic") not in TOPICS:
        bad("topic", f"must be one of {', '.join(TOPICS)}")
    _text(raw, "question", LIMITS["question"], bad, required=True)
    _text(raw, "answer", LIMITS["answer"], bad, required=True)
    _text_list(raw, "variants", LIMITS["variants"], LIMITS["variant"], bad)
    _text_list(raw, "steps", LIMITS["steps"], LIMITS["step"], bad)
    start = _date(raw, "valid_from", bad)
    end = _date(raw, "valid_until", bad)
    if start and end and end < start:
        bad("valid_until", "is before valid_from")
    verified = _date(raw, "verified", bad, required=True)
    if verified and today and verified > today:
        bad("verified", "is in the future")
    sources = raw.get("sources")
    if not isinstance(sources, list) or not sources:
        bad("sources", "at least one source with an https url is required")
    else:
        if len(sources) > LIMITS["sources"]:
            bad("sources", f"at most {LIMITS['sources']}")
        for j, src in enumerate(sources):
            _check_source(src, f"sources[{j}]", bad)
    if raw.get("claim") is not None:
        check_claim(raw["claim"], bad)
        _prose_agrees(raw.get("answer"), raw["claim"], bad)
    verified_from = raw.get("verified_from")
    if verified_from is not None and verified_from not in VERIFIED_FROM:
        bad(
            "verified_from", f"must be one of {', '.join(VERIFIED_FROM)} (or left out: read on the live page)"
        )
    _text(raw, "first_party", LIMITS["first_party"], bad)
    retired = raw.get("retired")
    if retired is not None and (not isinstance(retired, str) or len(retired) > LIMITS["reason"]):
        bad("retired", f"must be a reason of at most {LIMITS['reason']} characters")
    elif retired is not None:
        _text(raw, "retired", LIMITS["reason"], bad)
    if raw.get("translations") is not None:
        english_steps = len(raw["steps"]) if isinstance(raw.get("steps"), list) else 0
        check_translations(raw["translations"], english_steps, LIMITS, _text, _text_list, _date, bad)
    _no_disguise(raw, bad)
    return out


# A link whose text hides where it goes ("[linkedin.com/settings](https://evil.example)"), read by Discord's
# own rules (knowledge.reading.safe_text), a URL whose host is not the one shown, and Discord mentions: in a fact,
# text people act on, none has a place. Sources carry the links, host shown.


def _no_disguise(raw: dict, bad: Any) -> None:
    """Refuse masked links, disguised URLs and mentions in every text of a fact that people read."""
    texts: list[tuple[str, Any]] = [(k, raw.get(k)) for k in ("question", "answer", "retired")]
    texts += [
        (k, v) for k in ("variants", "steps") for v in (raw.get(k) or []) if isinstance(raw.get(k), list)
    ]
    for j, src in enumerate(raw.get("sources") or [] if isinstance(raw.get("sources"), list) else []):
        if isinstance(src, dict):
            texts += [(f"sources[{j}].{k}", src.get(k)) for k in ("title", "publisher")]
    translations = raw.get("translations")
    for lang, entry in translations.items() if isinstance(translations, dict) else ():
        if isinstance(entry, dict):  # a translation is read and acted on like the English
            texts.append((f"translations.{lang}.prose", entry.get("prose")))
            steps = entry.get("steps")
            texts += [(f"translations.{lang}.steps", s) for s in steps] if isinstance(steps, list) else []
    for key, value in texts:
        if not isinstance(value, str):
            continue
        if hidden_links(value):
            bad(key, "has a masked link [text](url), which hides where it goes; put the URL under sources")
        for problem in text_url_problems(value):
            bad(key, f"has a URL that {problem}")
        if MENTION.search(value):
            bad(key, "has a Discord mention (@user, @role, #channel, @everyone); write the name instead")


# The lead of an answer is computed from the claim; prose that says yes or no itself would say it twice,
# and to whatever question it is served. Prose that contradicts its claim misleads twice over.
_YES_NO_START = re.compile(r"^\W*(yes|no|nope|yeah|yep)\b", re.I)
_SAYS_TRAINS = re.compile(
    r"\b(trains|is training|are training|uses? [^.;]{0,60}\bto train|is using [^.;]{0,60}\b(to train|for (ai )?training))\b",
    re.I,
)
_SAYS_NOT = re.compile(
    r"\b(not|n't|no longer|never|stop\w*|paus\w*|suspend\w*|halt\w*|without|unless|except|until|before|"
    r"plans?|planned|would|intend\w*|propos\w*)\b",
    re.I,
)
_SAYS_DOES_NOT = re.compile(
    r"^[\w'’ .-]{0,40}?\b(does not|doesn't|is not|isn't|no longer|never) (train|use)", re.I
)


def _prose_agrees(answer: Any, claim: Any, bad: Any) -> None:
    """A fact with a claim: prose that starts with Yes or No, or whose first sentence says it trains
    when the claim says it does not (or the reverse), is refused with one line."""
    if not isinstance(answer, str) or not isinstance(claim, dict):
        return
    if _YES_NO_START.match(answer):
        bad(
            "answer",
            "starts with Yes or No; the lead is computed from the claim, so start with the explanation",
        )
    first = re.split(r"(?<=[.!?])\s", answer.strip(), maxsplit=1)[0]
    training = _claim_word(claim.get("training"))
    says_trains = _SAYS_TRAINS.search(first) is not None and _SAYS_NOT.search(first) is None
    if training in ("no", "paused", "not_yet") and says_trains:
        bad("answer", f"says it trains, but the claim says training: {training}")
    if training == "yes" and _SAYS_DOES_NOT.match(first):
        bad("answer", "says it does not train, but the claim says training: yes")


def check_claim(claim: Any, bad: Any) -> None:
    """Problems with what a fact claims: a kind, and the one value that kind needs (docs/pack-format.md)."""
    if not isinstance(claim, dict):
        bad("claim", f"must be a mapping with kind ({', '.join(CLAIM_KINDS)})")
        return
    for key in claim:
        if key not in CLAIM_FIELDS:
            bad(f"claim.{excerpt(str(key))}", "unknown field")
    kind = claim.get("kind")
    if kind not in CLAIM_KINDS:
        bad("claim.kind", f"must be one of {', '.join(CLAIM_KINDS)}, got {quote(kind)}")
        return
    training, opt_out = _claim_word(claim.get("training")), _claim_word(claim.get("opt_out"))
    if kind == "training" and training not in TRAINING:
        bad("claim.training", f"kind training needs training: one of {', '.join(TRAINING)}")
    if kind == "opt_out" and opt_out not in OPT_OUT:
        bad("claim.opt_out", f"kind opt_out needs opt_out: one of {', '.join(OPT_OUT)}")
    if kind != "training" and "training" in claim:
        bad("claim.training", "only a claim of kind training says whether it trains")
    if kind != "opt_out" and ("opt_out" in claim or "deadline" in claim):
        bad("claim.opt_out", "only a claim of kind opt_out has opt_out or a deadline")
    data = claim.get("data")
    if data is not None and (
        not isinstance(data, list)
        or len(data) > LIMITS["claim_data"]
        or not all(isinstance(d, str) and d.strip() and len(d) <= LIMITS["claim_text"] for d in data)
    ):
        bad(
            "claim.data",
            f"must be a list of at most {LIMITS['claim_data']} short texts (public posts, profile)",
        )
    who = claim.get("who")
    if who is not None and (not isinstance(who, str) or len(who) > LIMITS["claim_text"]):
        bad("claim.who", f"must be text of at most {LIMITS['claim_text']} characters")
    _date(claim, "deadline", lambda f, m: bad(f"claim.{f}", m))


def _claim_word(value: Any) -> Any:
    """YAML 1.1 reads a bare yes or no as a boolean; in a claim they mean the words."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def _check_source(src: Any, field: str, bad: Any) -> None:
    if not isinstance(src, dict):
        bad(field, "must be a mapping with url, title, publisher, date")
        return
    for key in ("url", "archive_url"):
        url = src.get(key)
        if (key == "url" or url is not None) and not is_https_url(url):
            bad(f"{field}.{key}", f"must be an https URL, got {quote(url)}")
        elif isinstance(url, str) and (problem := url_problem(url)):
            bad(f"{field}.{key}", problem)
    for key in ("title", "publisher"):
        value = src.get(key)
        if value is not None and (not isinstance(value, str) or len(value) > LIMITS[key]):
            bad(f"{field}.{key}", f"must be text of at most {LIMITS[key]} characters")
        elif value is not None:
            _text(src, key, LIMITS[key], lambda f, m: bad(f"{field}.{f}", m))
    _date(src, "date", lambda f, m: bad(f"{field}.{f}", m))
    if "title_is_label" in src and not isinstance(src["title_is_label"], bool):
        bad(f"{field}.title_is_label", "must be true or false")
    watch = src.get("watch")
    if watch is not None and (
        not isinstance(watch, str) or not watch.strip() or len(watch) > LIMITS["watch"]
    ):
        bad(
            f"{field}.watch",
            f"must be the passage's anchor text or a CSS selector, at most {LIMITS['watch']}",
        )
    for key in src:
        if key not in SOURCE_FIELDS:
            bad(f"{field}.{excerpt(str(key))}", "unknown field")


_SPACE = re.compile(r"\s")  # the same characters as str.isspace, found in C rather than a char loop
# The scheme and the host part, as urllib.parse.urlsplit reads them; a regex, because urlsplit was the
# slowest step of validating a big pack, and raised ValueError on a stray "[" in the host.
_HTTPS_HOST = re.compile(r"(?i:https)://([^/?#\[\]]*)(?:[/?#]|$)")  # no IPv6 literals: a host with a dot


def is_https_url(url: Any) -> bool:
    """An absolute https URL with a host and no spaces."""
    if not isinstance(url, str) or len(url) > LIMITS["url"] or _SPACE.search(url):
        return False
    host = _HTTPS_HOST.match(url)
    return host is not None and "." in host.group(1)


def _text(raw: dict, key: str, limit: int, bad: Any, required: bool = False) -> None:
    value = raw.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            bad(key, "is required")
        return
    if not isinstance(value, str):
        bad(key, "must be text")
    else:
        for message in _text_problems(value, limit):
            bad(key, message)


def _text_list(raw: dict, key: str, count: int, limit: int, bad: Any) -> None:
    value = raw.get(key)
    if value is None:
        return
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        bad(key, "must be a list of non-empty texts")
        return
    if len(value) > count:
        bad(key, f"at most {count} entries")
    for v in value:
        for message in _text_problems(v, limit):
            bad(key, f"an entry {message}")


def _date(raw: dict, key: str, bad: Any, required: bool = False) -> date | None:
    value = raw.get(key)
    if value is None:
        if required:
            bad(key, "is required (YYYY-MM-DD)")
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    bad(key, f"must be a real date YYYY-MM-DD, got {quote(value)}")
    return None
