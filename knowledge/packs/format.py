"""Fact packs (YAML): read within bounds, validate (knowledge.packs.validate), parse into model objects,
and write back losslessly."""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO, TypeVar

from knowledge.model import Claim, Fact, Platform, Source, fact_as_pack_entry
from knowledge.packs.files import MAX_PACK_BYTES, parse_yaml, read_text, yaml_error
from knowledge.packs.problems import EXCERPT, PackError, Problem, excerpt, quote
from knowledge.packs.source_urls import clean_url
from knowledge.packs.translations import parse_translations
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


@dataclass
class Pack:
    """A parsed, valid pack."""

    name: str
    platforms: list[Platform]
    facts: list[Fact]


def read_pack_file(path: str | Path) -> Any:
    """Load YAML safely; a file that is not YAML becomes a PackError, not a traceback."""
    return parse_yaml(read_text(path))


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
        translations=parse_translations(
            raw.get("translations") or {}, raw["answer"], tuple(raw.get("steps") or ()), _as_date
        ),
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
