"""The `source_links` table: each cited URL's last check, and the live shared facts that cite each URL.

The URLs are read from the facts' stored JSON with SQLite's json_each, not by parsing every fact, and a flag
lasts only while a live fact still cites the URL (knowledge.sources.links reports them).
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from knowledge.store.db import write

# Every URL a live fact cites, as (fact_id, platform, field, url): a source's url and its archive_url.
_CITED = """
    select f.id as fact_id, f.platform as platform, 'url' as field, json_extract(s.value, '$.url') as url,
        s.key as n
    from facts f, json_each(f.data, '$.sources') s
    where f.retired is null and f.scope = '' and json_extract(s.value, '$.url') is not null
    union all
    select f.id, f.platform, 'archive_url', json_extract(s.value, '$.archive_url'), s.key
    from facts f, json_each(f.data, '$.sources') s
    where f.retired is null and f.scope = '' and json_extract(s.value, '$.archive_url') is not null
"""
_FLAGGED = f"""
    with cited as ({_CITED})
    select c.fact_id, c.platform, c.field, c.url, l.status, l.final_url, l.error, l.checked_at
    from cited c join source_links l on l.url = c.url
    where l.status is null or l.status >= 400 or l.final_url != l.url
    order by c.fact_id, c.field desc, c.url
"""
_SAVE = """
    insert into source_links (url, status, final_url, error, checked_at)
    values (:url, :status, :final_url, :error, :checked_at)
    on conflict(url) do update set status = excluded.status, final_url = excluded.final_url,
        error = excluded.error, checked_at = excluded.checked_at
"""


def cited(db: Database) -> list[tuple[str, str]]:
    """(fact id, url) of every URL a live shared fact cites, in fact order."""
    return [
        (r["fact_id"], r["url"])
        for r in db.query(f"select fact_id, url from ({_CITED}) as c order by fact_id, field desc, n")
    ]


def save(db: Database, results: list[dict[str, Any]]) -> None:
    """Keep each URL's latest result (url, status, final_url, error, checked_at), one row a URL, at once."""
    with write(db):
        db.conn.executemany(_SAVE, results)


def flagged(db: Database) -> list[dict[str, Any]]:
    """Each citation of a URL found dead or redirected at its last check, by fact."""
    return list(db.query(_FLAGGED))
