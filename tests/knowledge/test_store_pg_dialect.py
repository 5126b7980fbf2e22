"""The SQLite dialect the store still writes, as PostgreSQL runs it (knowledge.store.pg_dialect)."""

from __future__ import annotations

import pytest

from knowledge.store.pg_dialect import translate

CASES = [
    ("select a from t where b = ? and c in (?, ?)", "select a from t where b = %s and c in (%s, %s)"),
    ("insert into t (a) values (:name)", "insert into t (a) values (%(name)s)"),
    ("select '?' as q, \"a?\" from t where x like ?", "select '?' as q, \"a?\" from t where x like %s"),
    ("select 'it''s ?' from t where a = ?", "select 'it''s ?' from t where a = %s"),
    ("select '50%' from t where w % ?", "select '50%%' from t where w %% %s"),
    ("select x::jsonb from t", "select x::jsonb from t"),
    (
        "select json_extract(f.data, '$.claim.kind') from facts f",
        "select (f.data::jsonb #>> '{claim,kind}') from facts f",
    ),
    (
        "select json_extract(s.value, '$.url') from facts f, json_each(f.data, '$.sources') s",
        "select (s.value::jsonb #>> '{url}') from facts f,"
        " jsonb_array_elements(coalesce(f.data::jsonb #> '{sources}', '[]'::jsonb))"
        " with ordinality as s(value, key)",
    ),
    (
        "select date(json_extract(data, '$.valid_until'), '+1 day') from facts",
        "select to_char(((data::jsonb #>> '{valid_until}'))::date + 1, 'YYYY-MM-DD') from facts",
    ),
]


@pytest.mark.parametrize(("sqlite", "postgresql"), CASES)
def test_a_statement_reads_the_same_in_postgresql(sqlite: str, postgresql: str) -> None:
    assert translate(sqlite) == postgresql


def test_portable_sql_is_left_as_it_is() -> None:
    sql = "insert into meta (key, value) values ('x', 'y') on conflict (key) do update set value = excluded.value"
    assert translate(sql) == sql
