"""Facts that carry curated translations: read for /review, which lists those the English outgrew."""

from __future__ import annotations

import json

from sqlite_utils import Database

from knowledge.model import Fact, with_scope
from knowledge.packs.format import parse_fact


def translated_facts(db: Database, scope: str) -> list[Fact]:
    """A scope's own live facts with at least one translation (few: only they are decoded), by id."""
    rows = db.query(
        "select data from facts where scope = ? and retired is null"
        " and json_extract(data, '$.translations') is not null order by id",
        [scope],
    )
    return [with_scope(parse_fact(json.loads(r["data"])), scope) for r in rows]
