"""The store's SQLite SQL as PostgreSQL runs it: the one place where SQL is rewritten (issue 23).

The store's statements are written for SQLite, in portable forms where one exists (`on conflict`, columns
qualified in upserts, `case` for a scalar max). What has no portable form is rewritten here, and only this:

- `?` placeholders become `%s`, `:name` ones `%(name)s`, and a literal `%` becomes `%%` (psycopg's
  placeholder syntax);
- `json_extract(x, '$.a.b')` becomes `(x::jsonb #>> '{a,b}')`: the value as text, NULL when absent
  (facts keep their JSON as text on both stores, so a copy is byte for byte);
- `json_each(x, '$.key') alias` becomes `jsonb_array_elements(...) with ordinality alias(value, key)`,
  so `alias.value` and `alias.key` (the element's position: from 1, SQLite's from 0) read as in SQLite;
- `date(x, '+1 day')` becomes the next ISO day as text.

Quoted strings and identifiers are left alone. Anything else SQLite-only (PRAGMA, FTS5's MATCH) has its
own PostgreSQL code beside it in the store module that uses it, not a rewrite.
"""

from __future__ import annotations

import re
from functools import lru_cache

_JSON_PATH = r"'\$\.([A-Za-z0-9_.]+)'"
_JSON_EXTRACT = re.compile(r"json_extract\(\s*([\w.]+)\s*,\s*" + _JSON_PATH + r"\s*\)", re.IGNORECASE)
_JSON_EACH = re.compile(
    r"json_each\(\s*([\w.]+)\s*,\s*" + _JSON_PATH + r"\s*\)\s+(?:as\s+)?(\w+)", re.IGNORECASE
)
_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")
_NEXT_DAY = re.compile(r"\bdate\(\s*(\([^()]*\)|[\w.]+)\s*,\s*'\+1 day'\s*\)", re.IGNORECASE)


def _path(dotted: str) -> str:
    return "{" + ",".join(dotted.split(".")) + "}"


def _outside_quotes(sql: str) -> list[tuple[bool, str]]:
    """The statement cut into (quoted?, text) pieces: '...' strings and "..." identifiers are quoted."""
    pieces: list[tuple[bool, str]] = []
    start = i = 0
    while i < len(sql):
        quote = sql[i]
        if quote in "'\"":
            end = i + 1
            while end < len(sql):
                if sql[end] == quote:
                    if end + 1 < len(sql) and sql[end + 1] == quote:  # a doubled quote inside
                        end += 2
                        continue
                    break
                end += 1
            pieces.append((False, sql[start:i]))
            pieces.append((True, sql[i : end + 1]))
            start = i = end + 1
            continue
        i += 1
    pieces.append((False, sql[start:]))
    return pieces


@lru_cache(maxsize=2048)
def translate(sql: str) -> str:
    """The statement in PostgreSQL's dialect with psycopg's placeholders (cached: statements repeat)."""
    sql = _JSON_EXTRACT.sub(lambda m: f"({m[1]}::jsonb #>> '{_path(m[2])}')", sql)
    sql = _JSON_EACH.sub(
        lambda m: (
            f"jsonb_array_elements(coalesce({m[1]}::jsonb #> '{_path(m[2])}', '[]'::jsonb))"
            f" with ordinality as {m[3]}(value, key)"
        ),
        sql,
    )
    sql = _NEXT_DAY.sub(lambda m: f"to_char(({m[1]})::date + 1, 'YYYY-MM-DD')", sql)
    out = []
    for quoted, text in _outside_quotes(sql):
        text = text.replace("%", "%%")
        out.append(text if quoted else _NAMED.sub(r"%(\1)s", text.replace("?", "%s")))
    return "".join(out)
