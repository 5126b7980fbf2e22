"""A fact's curated translations in a pack (`translations:`): checked, and parsed into model objects.

Each is a person's translation of the English prose and steps, with who wrote it (`by`), when it was
checked (`checked`) and the hash of the English it was made from (`english`, written by `facts export`;
left out, it is taken as made from the English beside it). No machine translation is stored as a fact.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from knowledge.i18n.catalogues import ENGLISH, LANGUAGES
from knowledge.model import Translation, english_hash

TRANSLATION_FIELDS = {"prose", "steps", "by", "checked", "english"}
HASH = re.compile(r"^[0-9a-f]{12}$")
BY_LIMIT = 80
Bad = Callable[[str, str], None]
# the fact's own checks of a text, a list of texts and a date (knowledge.packs.validate)
TextCheck = Callable[[dict, str, int, Bad, bool], None]
ListCheck = Callable[[dict, str, int, int, Bad], None]
DateCheck = Callable[[dict, str, Bad, bool], "date | None"]


def check_translations(
    raw: Any,
    english_steps: int,
    limits: dict[str, int],
    text: TextCheck,
    texts: ListCheck,
    day: DateCheck,
    bad: Bad,
) -> None:
    """Every problem with a fact's `translations` mapping, named `translations.<lang>.<field>`; steps,
    when given, are as many as the English ones (each one translated, in order)."""
    if not isinstance(raw, dict):
        bad("translations", "must be a mapping from a language code (de, fr, pt-BR, ...) to a translation")
        return
    spoken = [lang for lang in LANGUAGES if lang != ENGLISH]
    for lang, entry in raw.items():
        where = f"translations.{lang}"
        if lang not in spoken:
            bad(where, f"unknown language; use one of {', '.join(spoken)}")
            continue
        if not isinstance(entry, dict):
            bad(where, "must be a mapping with prose, by and checked (steps optional)")
            continue

        def named(field: str, message: str, where: str = where) -> None:
            bad(f"{where}.{field.split('.')[-1]}", message)

        for key in entry:
            if key not in TRANSLATION_FIELDS:
                named(str(key)[:40], "unknown field")
        text(entry, "prose", limits["answer"], named, True)
        texts(entry, "steps", limits["steps"], limits["step"], named)
        steps = entry.get("steps")
        if isinstance(steps, list) and steps and len(steps) != english_steps:
            named(
                "steps", f"has {len(steps)} steps; the English has {english_steps} (translate each, in order)"
            )
        text(entry, "by", BY_LIMIT, named, True)
        day(entry, "checked", named, True)
        english = entry.get("english")
        if english is not None and not (isinstance(english, str) and HASH.fullmatch(english)):
            named("english", "must be the 12-character hash facts export writes (or left out)")


def parse_translations(
    raw: dict, answer: str, steps: tuple[str, ...], as_date: Any
) -> tuple[Translation, ...]:
    """Validated translations as model objects, in language order; a missing `english` is the hash of the
    English beside them (the translator worked from this version)."""
    if not raw:  # most facts have none: no hash of their English made on every read of them
        return ()
    made_from = english_hash(answer, steps)
    out = []
    for lang in LANGUAGES:
        entry = raw.get(lang)
        if entry is None:
            continue
        out.append(
            Translation(
                lang=lang,
                prose=" ".join(entry["prose"].split()),
                by=entry["by"].strip(),
                checked=as_date(entry["checked"]),
                english=entry.get("english") or made_from,
                steps=tuple(s.strip() for s in entry.get("steps") or ()),
            )
        )
    return tuple(out)
