"""Turn the snapshot's facts (one JSON document each) into tables a moderator can filter and search.

facts gets its own columns (regions, dates, question, answer) and full-text search; sources, regions and
steps get one row per item, each pointing at its fact, so Datasette's filters and facets answer questions
like "which facts cite this host" or "what holds in Canada" without reading JSON.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from sqlite_utils import Database

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
PUBLISHERS = ROOT / "knowledge" / "publishers.yaml"
FACT_COLUMNS = {
    "id": str,
    "platform": str,
    "topic": str,
    "regions": str,
    "valid_from": str,
    "valid_until": str,
    "verified": str,
    "question": str,
    "answer": str,
    "retired": str,
    "rev": int,
    "updated_at": str,
    "data": str,
}
SEARCHED = ["id", "question", "answer"]


def host_of(url: str | None) -> str | None:
    """'linkedin.com' for 'https://www.linkedin.com/help/...'."""
    host = (urlsplit(url or "").hostname or "").lower().removeprefix("www.")
    return host or None


def load_kinds(path: Path = PUBLISHERS) -> dict[str, str]:
    """host -> kind (official, regulator, press, copy, ...) from the publisher registry; empty while the
    project has none. Reads the shapes a registry plausibly takes: a list of entries (host or hosts, kind),
    the same under a `publishers` key, or a mapping of host to entry or to kind."""
    if not path.exists():
        return {}
    raw: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(raw, dict) and isinstance(raw.get("publishers"), list | dict):
        raw = raw["publishers"]
    entries = raw.items() if isinstance(raw, dict) else ((None, e) for e in raw or [])
    kinds: dict[str, str] = {}
    for key, entry in entries:
        kind = entry if isinstance(entry, str) else (entry or {}).get("kind")
        hosts = [key] if key else []
        if isinstance(entry, dict):
            hosts += [entry.get("host"), *(entry.get("hosts") or [])]
        for host in hosts:
            if isinstance(host, str) and isinstance(kind, str):
                kinds[host.lower().removeprefix("www.")] = kind
    log.info("publisher registry: %d hosts", len(kinds))
    return kinds


def kind_of(host: str | None, kinds: dict[str, str]) -> str | None:
    """The registry's kind for a host or the nearest parent domain it lists (cy.ico.org.uk -> ico.org.uk)."""
    parts = (host or "").split(".")
    for i in range(len(parts) - 1):
        kind = kinds.get(".".join(parts[i:]))
        if kind:
            return kind
    return None


def flatten(db: Database, kinds: dict[str, str] | None = None) -> None:
    """Rebuild facts with its own columns and add sources, regions and steps, then index facts for search."""
    kinds = load_kinds() if kinds is None else kinds
    # the shared base only: a server's own facts are for that server, never in a public snapshot
    rows = list(db.query("select id, rev, platform, topic, retired, verified, updated_at, data from facts"))
    links = _links(db)
    facts, sources, regions, steps = [], [], [], []
    for row in rows:
        data = json.loads(row["data"])
        fid = row["id"]
        facts.append({**row, **_fact_columns(data)})
        regions += [{"fact_id": fid, "region": code} for code in data.get("regions") or []]
        steps += [{"fact_id": fid, "n": n, "text": text} for n, text in enumerate(data.get("steps") or [], 1)]
        for n, source in enumerate(data.get("sources") or [], 1):
            sources.append(_source_row(fid, n, source, kinds, links))
    with db.atomic():
        db["facts"].drop()
        db["facts"].create(FACT_COLUMNS, pk="id")
        db["facts"].insert_all(facts)
        fk = [("fact_id", "facts", "id")]
        _table(db, "sources", SOURCE_COLUMNS, ("fact_id", "n"), fk).insert_all(sources)
        _table(db, "regions", {"fact_id": str, "region": str}, ("fact_id", "region"), fk).insert_all(regions)
        _table(db, "steps", {"fact_id": str, "n": int, "text": str}, ("fact_id", "n"), fk).insert_all(steps)
        for table, column in (("sources", "host"), ("regions", "region")):
            db[table].create_index([column])
    db["facts"].enable_fts(SEARCHED, create_triggers=False)  # the snapshot is never written after this


SOURCE_COLUMNS = {
    "fact_id": str,
    "n": int,
    "url": str,
    "host": str,
    "publisher": str,
    "kind": str,
    "title": str,
    "date": str,
    "archive_url": str,
    "archive_host": str,
    "link": str,
    "link_checked_at": str,
}


def _table(db: Database, name: str, columns: dict[str, type], pk: tuple[str, ...], fk: list[Any]) -> Any:
    db[name].drop(ignore=True)
    return db[name].create(columns, pk=pk, foreign_keys=fk)


def _fact_columns(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "regions": json.dumps(data.get("regions") or []),
        "valid_from": data.get("valid_from"),
        "valid_until": data.get("valid_until"),
        "question": data.get("question"),
        "answer": data.get("answer"),
    }


def _source_row(
    fact_id: str, n: int, source: dict[str, Any], kinds: dict[str, str], links: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    url = source.get("url")
    host = host_of(url)
    link = links.get(url or "")
    return {
        "fact_id": fact_id,
        "n": n,
        "url": url,
        "host": host,
        "publisher": source.get("publisher") or None,
        "kind": kind_of(host, kinds),
        "title": source.get("title") or None,
        "date": source.get("date"),
        "archive_url": source.get("archive_url"),
        "archive_host": host_of(source.get("archive_url")),
        "link": _link_state(link),
        "link_checked_at": link["checked_at"] if link else None,
    }


def _links(db: Database) -> dict[str, dict[str, Any]]:
    """The last `facts links` result per URL, when the base has that table and it was run."""
    if not db["source_links"].exists():
        return {}
    return {r["url"]: r for r in db.query("select url, status, final_url, checked_at from source_links")}


def _link_state(link: dict[str, Any] | None) -> str | None:
    if link is None:
        return None
    if link["status"] is None or link["status"] >= 400:
        return "dead"
    return "redirect" if link["final_url"] != link["url"] else "ok"
