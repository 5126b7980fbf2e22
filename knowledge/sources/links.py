"""`facts links`: check every source of every live fact, keep each URL's last result, and list the facts
whose sources are dead or redirected, for the shell and for /review.

The URLs are read from the facts' stored JSON with SQLite's json_each, not by parsing every fact, and a flag
lasts only while a live fact still cites the URL: fix the source and the fact leaves the list.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlite_utils import Database

from knowledge.errors import CoreError
from knowledge.sources.check import LinkResult, check_urls, network_reachable
from knowledge.store.db import write

log = logging.getLogger(__name__)

# Every URL a live fact cites, as (fact_id, platform, field, url): a source's url and its archive_url.
_CITED = """
    select f.id as fact_id, f.platform as platform, 'url' as field, json_extract(s.value, '$.url') as url
    from facts f, json_each(f.data, '$.sources') s
    where f.retired is null and f.scope = '' and json_extract(s.value, '$.url') is not null
    union all
    select f.id, f.platform, 'archive_url', json_extract(s.value, '$.archive_url')
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


class Offline(CoreError):
    """No cited host answered at all: the network is down here, and no link can be judged dead."""

    def __init__(self, hosts: list[str]):
        self.hosts = hosts
        names = ", ".join(hosts[:3]) + (" ..." if len(hosts) > 3 else "")
        super().__init__(
            f"offline: none of the most cited hosts answered ({names}); nothing checked, nothing flagged"
        )


@dataclass(frozen=True, slots=True)
class LinkProblem:
    """One cited URL that is dead or leads elsewhere, as last checked."""

    field: str  # url (the source) or archive_url (its copy)
    result: LinkResult

    def to_dict(self) -> dict[str, Any]:
        r = self.result
        return {
            "field": self.field,
            "url": r.url,
            "state": r.state,
            "status": r.status,
            "final_url": r.final_url,
            "error": r.error or None,
            "checked_at": r.checked_at,
        }


@dataclass(frozen=True, slots=True)
class FactLinks:
    """A live fact with at least one dead or redirected source."""

    fact_id: str
    platform: str | None
    problems: tuple[LinkProblem, ...]

    @property
    def dead(self) -> list[LinkProblem]:
        return [p for p in self.problems if p.result.dead]

    @property
    def redirected(self) -> list[LinkProblem]:
        return [p for p in self.problems if p.result.redirected]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.fact_id,
            "platform": self.platform,
            "links": [p.to_dict() for p in self.problems],
        }


@dataclass
class LinkReport:
    """One run of `facts links`: how many URLs, how they answered, and the facts to look at."""

    facts: int  # live facts citing at least one URL
    results: list[LinkResult] = field(default_factory=list)
    flagged: list[FactLinks] = field(default_factory=list)

    def count(self, state: str) -> int:
        return sum(r.state == state for r in self.results)

    @property
    def any_dead(self) -> bool:
        return any(r.dead for r in self.results)

    def summary(self) -> str:
        """'checked 12 links of 5 facts: 9 ok, 1 redirected, 2 dead (2 facts with dead links)'."""
        dead_facts = sum(bool(f.dead) for f in self.flagged)
        return (
            f"checked {len(self.results)} links of {self.facts} facts: {self.count('ok')} ok, "
            f"{self.count('redirect')} redirected, {self.count('dead')} dead "
            f"({dead_facts} fact{'s' if dead_facts != 1 else ''} with dead links)"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "checked": len(self.results),
            "facts": self.facts,
            "ok": self.count("ok"),
            "redirected": self.count("redirect"),
            "dead": self.count("dead"),
            "flagged": [f.to_dict() for f in self.flagged],
        }


def cited_urls(db: Database) -> tuple[list[str], int]:
    """Each URL live facts cite, once, in fact order; and how many facts cite any."""
    rows = list(db.query(f"select fact_id, url from ({_CITED}) order by fact_id"))
    return list(dict.fromkeys(r["url"] for r in rows)), len({r["fact_id"] for r in rows})


def save_results(db: Database, results: list[LinkResult]) -> None:
    """Keep each URL's latest result (one row a URL), in one transaction."""
    with write(db):
        db.conn.executemany(_SAVE, [asdict(r) for r in results])


def flagged_sources(db: Database, limit: int | None = None) -> list[FactLinks]:
    """Live facts whose sources were found dead or redirected at the last check, those with dead links first:
    for /review. A fact leaves the list once it no longer cites the URL, or the URL answers again."""
    grouped: dict[str, FactLinks] = {}
    for row in db.query(_FLAGGED):
        result = LinkResult(
            row["url"], row["status"], row["final_url"], row["error"] or "", row["checked_at"]
        )
        problem = LinkProblem(row["field"], result)
        known = grouped.get(row["fact_id"])
        problems = (*known.problems, problem) if known else (problem,)
        grouped[row["fact_id"]] = FactLinks(row["fact_id"], row["platform"], problems)
    found = sorted(grouped.values(), key=lambda f: (not f.dead, f.fact_id))
    return found if limit is None else found[:limit]


async def check_sources_async(
    db: Database, *, concurrency: int = 8, timeout: float = 10.0, retry_delay: float = 1.0
) -> LinkReport:
    """Check every cited URL, save the results, and report (from inside a running event loop). Offline
    (no cited host answers at all) when the network is down: then nothing is checked or saved."""
    urls, facts = cited_urls(db)
    online, asked = await network_reachable(urls, timeout)
    if not online:
        raise Offline(asked)
    log.info("checking %d links of %d facts, %d at a time", len(urls), facts, concurrency)
    results = await check_urls(urls, concurrency=concurrency, timeout=timeout, retry_delay=retry_delay)
    save_results(db, results)
    return LinkReport(facts, results, flagged_sources(db))


def check_sources(
    db: Database, *, concurrency: int = 8, timeout: float = 10.0, retry_delay: float = 1.0
) -> LinkReport:
    """check_sources_async for the shell, which has no event loop of its own."""
    return asyncio.run(
        check_sources_async(db, concurrency=concurrency, timeout=timeout, retry_delay=retry_delay)
    )
