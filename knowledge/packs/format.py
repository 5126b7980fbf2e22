"""Fact packs (YAML): validate every field, parse into model objects, and write back losslessly."""

from __future__ import annotations

import gc
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from knowledge.errors import CoreError
from knowledge.model import TOPICS, Fact, Platform, Source, fact_as_pack_entry
from knowledge.regions import known_codes, normalize

T = TypeVar("T")

PACKS_DIR = Path(__file__).parent
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
    "name": 80,
    "alias": 60,
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
    "retired",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a pack: which fact, which field, and what."""

    where: str  # fact id, or "pack" / "platforms[2]"
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.field}: {self.message}"


class PackError(CoreError, ValueError):
    """A pack that failed validation; `problems` lists every issue."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "; ".join(str(p) for p in problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        super().__init__(f"{len(problems)} problem(s): {shown}{more}")


@dataclass
class Pack:
    """A parsed, valid pack."""

    name: str
    platforms: list[Platform]
    facts: list[Fact]


def read_pack_file(path: str | Path) -> Any:
    """Load YAML safely; a file that is not YAML becomes a PackError, not a traceback."""
    return parse_yaml(read_text(path))


def read_text(path: str | Path) -> str:
    """A pack file's text; a file that cannot be read becomes a PackError."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError([Problem("pack", "file", f"cannot read {path}: {exc}")]) from exc


def parse_yaml(text: str) -> Any:
    import yaml  # here, not at the top: `ask` on a seeded base never reads YAML, and starts faster

    from knowledge.packs.yaml_reader import load_yaml

    try:
        with collector_paused():
            return load_yaml(text)
    except yaml.YAMLError as exc:
        raise PackError([Problem("pack", "yaml", f"not valid YAML: {exc}".splitlines()[0])]) from exc


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection for a while: a big pack is millions of new objects and no garbage
    cycles, and the collector walking them over and over doubles the load time (100k facts: ~20 s)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_pack(data: Any, known_platforms: set[str] | None = None, today: date | None = None) -> Pack:
    """Validate raw pack data and return it parsed; raise PackError listing every problem."""
    problems = check_pack(data, known_platforms, today)
    if problems:
        raise PackError(problems)
    return Pack(pack_name(data), parse_platforms(data), parse_facts(data.get("facts") or []))


def embedded_packs() -> list[Pack]:
    """The fact packs shipped in knowledge/packs, parsed."""
    return [load_pack(read_pack_file(p)) for p in sorted(PACKS_DIR.glob("*.yaml"))]


def check_pack(
    data: Any, known_platforms: set[str] | None = None, today: date | None = None
) -> list[Problem]:
    """Every problem in a pack, each naming the fact and the field."""
    problems, declared = check_head(data, known_platforms)
    if not isinstance(data, dict):
        return problems
    raw_facts = data.get("facts") or []
    if not isinstance(raw_facts, list):
        return [*problems, Problem("pack", "facts", "must be a list")]
    problems.extend(check_facts(raw_facts, declared, today))
    problems.extend(duplicate_ids(fact_ids(raw_facts), set()))
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
    for i, raw in enumerate(raw_platforms):
        where = f"platforms[{i}]"
        if not isinstance(raw, dict):
            problems.append(Problem(where, "platform", "must be a mapping with id and name"))
            continue
        pid = raw.get("id")
        if not isinstance(pid, str) or not SLUG.match(pid):
            problems.append(Problem(where, "id", "must be a lowercase slug (a-z, 0-9, -)"))
        else:
            declared.add(pid)
        if not isinstance(raw.get("name"), str) or not raw["name"].strip():
            problems.append(Problem(where, "name", "is required"))
        aliases = raw.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            problems.append(Problem(where, "aliases", "must be a list of names"))
    return problems, declared


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
                problems.append(Problem(fid, "id", "appears more than once in this pack"))
            seen.add(fid)
    return problems


def check_fact(
    raw: Any, platforms: set[str] | None, today: date | None = None, where: str = "fact"
) -> list[Problem]:
    """Every problem with one fact; `platforms` None skips the platform-is-declared check."""
    if not isinstance(raw, dict):
        return [Problem(where, "fact", "must be a mapping")]
    fid = raw.get("id")
    name = fid if isinstance(fid, str) and fid else where
    out: list[Problem] = []

    def bad(field: str, message: str) -> None:
        out.append(Problem(name, field, message))

    for key in raw:
        if key not in FACT_FIELDS:
            bad(str(key), "unknown field")
    if not isinstance(fid, str) or not SLUG.match(fid):
        bad("id", "must be a lowercase slug of letters, digits and dashes (at most 80)")
    platform = raw.get("platform")
    if platform is not None and (
        not isinstance(platform, str) or (platforms is not None and platform not in platforms)
    ):
        bad("platform", f"unknown platform {platform!r}; declare it under platforms")
    regions = raw.get("regions")
    if not isinstance(regions, list) or not regions:
        bad("regions", "at least one region code is required (e.g. uk, eea, us, global)")
    else:
        for code in regions:
            if isinstance(code, bool):  # YAML 1.1: a bare no, yes, on or off is a boolean
                bad("regions", f"{code} is not a region code; for Norway write 'no' in quotes")
            elif not isinstance(code, str) or code.lower() not in known_codes():
                hint = normalize(str(code))
                tip = f" (did you mean {hint!r}?)" if hint else ""
                bad("regions", f"unknown region code {code!r}{tip}")
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
    retired = raw.get("retired")
    if retired is not None and (not isinstance(retired, str) or len(retired) > LIMITS["reason"]):
        bad("retired", f"must be a reason of at most {LIMITS['reason']} characters")
    _no_disguise(raw, bad)
    return out


# A link whose text hides where it goes ("[linkedin.com/settings](https://evil.example)"), and Discord
# mentions: in a fact, text people act on, neither has a place. Sources carry the links, host shown.
_MASKED_LINK = re.compile(r"\[[^\]\n]*\]\s*\(\s*<?[a-z][a-z0-9+.-]*:", re.I)
_MENTION = re.compile(r"<(?:@[!&]?|#|/[^>:]*:)\d+>|@(?:everyone|here)\b")


def _no_disguise(raw: dict, bad: Any) -> None:
    """Refuse masked links and mentions in every text of a fact that people read."""
    texts: list[tuple[str, Any]] = [(k, raw.get(k)) for k in ("question", "answer", "retired")]
    texts += [
        (k, v) for k in ("variants", "steps") for v in (raw.get(k) or []) if isinstance(raw.get(k), list)
    ]
    for j, src in enumerate(raw.get("sources") or [] if isinstance(raw.get("sources"), list) else []):
        if isinstance(src, dict):
            texts += [(f"sources[{j}].{k}", src.get(k)) for k in ("title", "publisher")]
    for key, value in texts:
        if not isinstance(value, str):
            continue
        if _MASKED_LINK.search(value):
            bad(key, "has a masked link [text](url), which hides where it goes; put the URL under sources")
        if _MENTION.search(value):
            bad(key, "has a Discord mention (@user, @role, #channel, @everyone); write the name instead")


def _check_source(src: Any, field: str, bad: Any) -> None:
    if not isinstance(src, dict):
        bad(field, "must be a mapping with url, title, publisher, date")
        return
    url = src.get("url")
    if not is_https_url(url):
        bad(f"{field}.url", f"must be an https URL, got {str(url)[:60]!r}")
    for key in ("title", "publisher"):
        value = src.get(key)
        if value is not None and (not isinstance(value, str) or len(value) > LIMITS[key]):
            bad(f"{field}.{key}", f"must be text of at most {LIMITS[key]} characters")
    _date(src, "date", lambda f, m: bad(f"{field}.{f}", m))
    if "archive_url" in src and not is_https_url(src["archive_url"]):  # DESIGN.md: a copy beside the original
        bad(f"{field}.archive_url", f"must be an https URL, got {str(src['archive_url'])[:60]!r}")
    for key in src:
        if key not in ("url", "title", "publisher", "date", "archive_url"):
            bad(f"{field}.{key}", "unknown field")


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
    elif len(value) > limit:
        bad(key, f"is {len(value)} characters; at most {limit}")


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
        if len(v) > limit:
            bad(key, f"an entry is {len(v)} characters; at most {limit}")


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
    bad(key, f"must be a real date YYYY-MM-DD, got {value!r}")
    return None


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return _day(str(value).strip())


@lru_cache(maxsize=8192)
def _day(text: str) -> date:
    """One date object per day written: a big base repeats a few thousand days hundreds of thousands of times."""
    return date.fromisoformat(text)


def parse_fact(raw: dict, shared: dict[Any, Any] | None = None) -> Fact:
    """A validated raw fact (see check_fact) as a Fact. Facts parsed with the same `shared` dict keep one
    copy of each text and tuple they have in common: a big base repeats source titles, steps, questions
    and region lists across regions and platforms, and holding each once is a fifth of its memory."""
    seen = shared if shared is not None else {}

    def same(value: T) -> T:
        return seen.setdefault(value, value)

    return Fact(
        id=raw["id"],
        # Codes, topics and publishers repeat across every base: one interned string each.
        platform=sys.intern(raw["platform"]) if raw.get("platform") else raw.get("platform"),
        regions=same(tuple(sys.intern(r.lower()) for r in raw["regions"])),
        topic=sys.intern(raw["topic"]),
        valid_from=_as_date(raw.get("valid_from")),
        valid_until=_as_date(raw.get("valid_until")),
        question=same(raw["question"].strip()),
        variants=same(tuple(same(v.strip()) for v in raw.get("variants") or ())),
        answer=same(" ".join(raw["answer"].split())),
        steps=same(tuple(same(s.strip()) for s in raw.get("steps") or ())),
        sources=tuple(
            Source(
                s["url"],
                same(s.get("title") or ""),
                sys.intern(s.get("publisher") or ""),
                _as_date(s.get("date")),
            )
            for s in raw["sources"]
        ),
        verified=_as_date(raw["verified"]),  # type: ignore[arg-type]
        retired=raw.get("retired"),
    )


def parse_facts(raws: Iterable[dict]) -> list[Fact]:
    """Many raw facts, sharing what they have in common (see parse_fact)."""
    shared: dict[Any, Any] = {}
    return [parse_fact(raw, shared) for raw in raws]


def pack_name(data: dict) -> str:
    return str(data.get("pack") or "pack")


def parse_platforms(data: dict) -> list[Platform]:
    """A validated pack's platforms (see check_head)."""
    return [
        Platform(raw["id"], raw["name"].strip(), tuple(a.strip() for a in raw.get("aliases") or ()))
        for raw in data.get("platforms") or []
    ]


def dump_pack(name: str, platforms: list[Platform], facts: list[Fact]) -> str:
    """YAML text for a pack; load_pack(parse_yaml(dump_pack(...))) gives the same facts back."""
    data = {
        "pack": name,
        "platforms": [
            {"id": p.id, "name": p.name, **({"aliases": list(p.aliases)} if p.aliases else {})}
            for p in platforms
        ],
        "facts": [fact_as_pack_entry(f) for f in facts],
    }
    import yaml

    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
