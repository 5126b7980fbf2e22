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
    "aliases": 30,  # per platform; the embedded pack's longest list has 8
    "platforms": 5_000,  # per pack; 100k generated facts name 1,666
}
# A pack file's size: 100k facts, the import target, are about 100 MB of YAML, and reading them takes
# about 700 MB of memory; a file much bigger is a mistake or an attack, refused before it is read.
MAX_PACK_BYTES = 160 * 1024 * 1024
EXCERPT = 60  # characters of a value an error message quotes, at most
# Control characters (C0 but tab and line breaks, DEL, C1) have no place in a fact and can hide text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
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
SOURCE_FIELDS = ("url", "title", "publisher", "date", "archive_url")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a pack: which fact, which field, and what."""

    where: str  # fact id, or "pack" / "platforms[2]"
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.field}: {self.message}"


class PackError(ValueError):
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
    """A pack file's text; a file that cannot be read, or is bigger than MAX_PACK_BYTES, is a PackError."""
    try:
        with Path(path).open("rb") as file:
            data = file.read(MAX_PACK_BYTES + 1)
        if len(data) > MAX_PACK_BYTES:
            raise PackError([_too_big(path)])
        return data.decode("utf-8")
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise PackError([Problem("pack", "file", f"cannot read {excerpt(str(path))}: {reason}")]) from exc
    except UnicodeDecodeError as exc:
        where = f"at byte {exc.start}"
        raise PackError(
            [Problem("pack", "file", f"{excerpt(str(path))} is not UTF-8 text ({where})")]
        ) from exc


def _too_big(path: str | Path | None = None) -> Problem:
    name = f"{excerpt(str(path))} is" if path else "the pack is"
    return Problem(
        "pack", "file", f"{name} bigger than {MAX_PACK_BYTES // (1024 * 1024)} MB, the most a pack may be"
    )


def parse_yaml(text: str) -> Any:
    """A pack's YAML as plain data, read within the bounds of knowledge.packs.yaml_reader; any error is a
    PackError giving the line and column."""
    import yaml  # here, not at the top: `ask` on a seeded base never reads YAML, and starts faster

    from knowledge.packs.yaml_reader import load_yaml

    if len(text) > MAX_PACK_BYTES:
        raise PackError([_too_big()])
    try:
        with collector_paused():
            return load_yaml(text)
    except yaml.YAMLError as exc:
        raise PackError([Problem("pack", "yaml", f"not valid YAML: {yaml_error(exc, text)}")]) from exc


def yaml_error(exc: Exception, text: str = "") -> str:
    """One line for a YAML error: where (line, column) and what, with at most a short excerpt."""
    import yaml

    from knowledge.packs.yaml_reader import PackYAMLError

    if isinstance(exc, PackYAMLError):
        return str(exc)
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        what = excerpt(exc.problem or exc.context or "cannot be read", 120)
        context = f" ({excerpt(exc.context, 80)})" if exc.context and exc.problem else ""
        return f"line {mark.line + 1}, column {mark.column + 1}: {what}{context}" if mark else what
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML does not allow, such as NUL
        char = exc.character
        code = ord(char) if isinstance(char, str) else char
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        return f"line {line}, column {column}: the character #x{code:04x} is not allowed"
    return excerpt(str(exc).splitlines()[0] if str(exc) else type(exc).__name__, 120)


def quote(value: Any) -> str:
    """A value quoted in an error message as repr would, cut to a short excerpt."""
    return repr(excerpt(value)) if isinstance(value, str) else excerpt(value)


def excerpt(value: Any, limit: int = EXCERPT) -> str:
    """A value as an error message quotes it: repr for non-text, and never more than `limit` characters."""
    text = value if isinstance(value, str) else repr(value)
    text = _CONTROL.sub("?", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


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


def load_pack(
    data: Any,
    known_platforms: set[str] | None = None,
    today: date | None = None,
    *,
    require_registry: bool | None = None,
) -> Pack:
    """Validate raw pack data and return it parsed; raise PackError listing every problem."""
    problems = check_pack(data, known_platforms, today, require_registry=require_registry)
    if problems:
        raise PackError(problems)
    return Pack(pack_name(data), parse_platforms(data), parse_facts(data.get("facts") or []))


def embedded_packs() -> list[Pack]:
    """The fact packs shipped in knowledge/packs, parsed."""
    return [load_pack(read_pack_file(p)) for p in sorted(PACKS_DIR.glob("*.yaml"))]


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
    from knowledge.packs import publishers  # here: it reads this module's helpers

    if publishers.REQUIRE_REGISTRY if require_registry is None else require_registry:
        problems.extend(publishers.source_problems(raw_facts))
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
    bad = _CONTROL.search(value)
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
    retired = raw.get("retired")
    if retired is not None and (not isinstance(retired, str) or len(retired) > LIMITS["reason"]):
        bad("retired", f"must be a reason of at most {LIMITS['reason']} characters")
    elif retired is not None:
        _text(raw, "retired", LIMITS["reason"], bad)
    return out


def _check_source(src: Any, field: str, bad: Any) -> None:
    if not isinstance(src, dict):
        bad(field, "must be a mapping with url, title, publisher, date")
        return
    for key in ("url", "archive_url"):
        url = src.get(key)
        if (key == "url" or url is not None) and not is_https_url(url):
            bad(f"{field}.{key}", f"must be an https URL, got {quote(url)}")
    for key in ("title", "publisher"):
        value = src.get(key)
        if value is not None and (not isinstance(value, str) or len(value) > LIMITS[key]):
            bad(f"{field}.{key}", f"must be text of at most {LIMITS[key]} characters")
        elif value is not None:
            _text(src, key, LIMITS[key], lambda f, m: bad(f"{field}.{f}", m))
    _date(src, "date", lambda f, m: bad(f"{field}.{f}", m))
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
                s.get("archive_url") or "",
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
