"""Fact packs (YAML): read within bounds, validate (knowledge.packs.validate), parse into model objects,
and write back losslessly."""

from __future__ import annotations

import gc
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO, TypeVar

from knowledge.model import Claim, Fact, Platform, Source, fact_as_pack_entry
from knowledge.packs.problems import EXCERPT, PackError, Problem, excerpt, quote
from knowledge.packs.validate import (
    FACT_FIELDS,
    LIMITS,
    SLUG,
    SOURCE_FIELDS,
    check_fact,
    check_facts,
    check_head,
    check_pack,
    duplicate_ids,
    fact_ids,
    is_https_url,
)
from knowledge.sources.clean import clean_url

__all__ = [  # what other modules import from here; validation and problems live in their own modules
    "EXCERPT",
    "FACT_FIELDS",
    "LIMITS",
    "MAX_PACK_BYTES",
    "SLUG",
    "SOURCE_FIELDS",
    "Pack",
    "PackError",
    "Problem",
    "check_fact",
    "check_facts",
    "check_head",
    "check_pack",
    "collector_paused",
    "dump_pack",
    "duplicate_ids",
    "embedded_packs",
    "excerpt",
    "fact_ids",
    "is_https_url",
    "load_pack",
    "pack_name",
    "parse_claim",
    "parse_fact",
    "parse_facts",
    "parse_platforms",
    "parse_yaml",
    "quote",
    "read_pack_file",
    "read_text",
    "write_pack",
    "yaml_error",
]

T = TypeVar("T")

PACKS_DIR = Path(__file__).parent
# A pack file's size: 100k facts, the import target, are about 100 MB of YAML, and reading them takes
# about 700 MB of memory; a file much bigger is a mistake or an attack, refused before it is read.
MAX_PACK_BYTES = 160 * 1024 * 1024


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
        if Path(path).stat().st_size > MAX_PACK_BYTES:  # refused unread; the bounded read below is for pipes
            raise PackError([_too_big(path)])
        with Path(path).open("rb") as file:
            data = file.read(MAX_PACK_BYTES + 1)
        if len(data) > MAX_PACK_BYTES:
            raise PackError([_too_big(path)])
        return data.decode("utf-8")
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise PackError([Problem("pack", "file", f"cannot read {Path(path).name}: {reason}")]) from exc
    except UnicodeDecodeError as exc:
        where = f"at byte {exc.start}"
        raise PackError([Problem("pack", "file", f"{Path(path).name} is not UTF-8 text ({where})")]) from exc


def _too_big(path: str | Path | None = None) -> Problem:
    name = f"{Path(path).name} is" if path else "the pack is"
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
                clean_url(s["url"]),  # no tracking parameters, the host in lower case: the one URL of a page
                same(s.get("title") or ""),
                sys.intern(s.get("publisher") or ""),
                _as_date(s.get("date")),
                clean_url(s.get("archive_url") or ""),
                bool(s.get("title_is_label")),
                s.get("watch") or "",
            )
            for s in raw["sources"]
        ),
        verified=_as_date(raw["verified"]),  # type: ignore[arg-type]
        retired=raw.get("retired"),
        claim=parse_claim(raw.get("claim"), same),
        first_party=raw.get("first_party") or "",
        verified_from=raw.get("verified_from") or "",
    )


def parse_claim(raw: dict | None, same: Any = None) -> Claim | None:
    """A validated claim (see check_claim) as a Claim; YAML 1.1's bare yes/no arrive as booleans."""
    if not raw:
        return None
    keep = same or (lambda value: value)

    def word(value: Any) -> str | None:
        if isinstance(value, bool):
            return "yes" if value else "no"
        return sys.intern(str(value)) if value is not None else None

    return Claim(
        kind=sys.intern(raw["kind"]),
        training=word(raw.get("training")),
        opt_out=word(raw.get("opt_out")),
        data=keep(tuple(keep(str(d).strip()) for d in raw.get("data") or ())),
        who=str(raw.get("who") or "").strip(),
        deadline=_as_date(raw.get("deadline")),
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
    out = io.StringIO()
    write_pack(out, name, platforms, [[fact_as_pack_entry(f, dates_as_text=True) for f in facts]])
    return out.getvalue()


def write_pack(
    out: TextIO, name: str, platforms: list[Platform], batches: Iterable[list[dict[str, Any]]]
) -> int:
    """Write a pack to `out` a batch of entries at a time (fact_as_pack_entry with dates as text, which is
    also how the base stores a fact): a base of 100k facts is never one document in memory. Returns the
    facts written. The head goes through yaml; the facts through write_entry, which is ten times faster
    than PyYAML's representer and writes what load_pack reads back to the same facts."""
    import yaml

    head = {
        "pack": name,
        "platforms": [
            {"id": p.id, "name": p.name, **({"aliases": list(p.aliases)} if p.aliases else {})}
            for p in platforms
        ],
    }
    out.write(yaml.safe_dump(head, sort_keys=False, allow_unicode=True, width=100))
    written = 0
    for entries in batches:
        for entry in entries:
            out.write("facts:\n" if not written else "")
            out.write(write_entry(entry))
            written += 1
    if not written:
        out.write("facts: []\n")
    return written


DATE_KEYS = frozenset(("valid_from", "valid_until", "verified", "date", "deadline"))
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# Characters YAML reads as line breaks inside a quoted scalar, which JSON leaves as they are.
_YAML_BREAKS = str.maketrans({"\u0085": "\\x85", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def write_entry(entry: dict[str, Any]) -> str:
    """One fact of a pack as YAML text: `- key: value` lines, strings double-quoted as JSON writes them (a
    JSON string is a YAML double-quoted scalar), lists and sources in flow style, days bare."""
    lines: list[str] = []
    for key, value in entry.items():
        lines.append(f"{'- ' if not lines else '  '}{key}: {_yaml(key, value)}")
    return "\n".join(lines) + "\n"


def _yaml(key: str, value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_yaml(key, v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_yaml(k, v)}" for k, v in value.items()) + "}"
    if isinstance(value, date):
        return value.isoformat()
    if key in DATE_KEYS and isinstance(value, str) and _DAY.fullmatch(value):
        return value
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(str(value), ensure_ascii=False).translate(_YAML_BREAKS)
