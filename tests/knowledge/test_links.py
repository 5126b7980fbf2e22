"""`facts links` against a local web server on 127.0.0.1: dead links, redirects, retries, timeouts, HEAD
refused, bounded concurrency, the stored results, the facts flagged for /review, and the CLI's report."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from sqlite_utils import Database

import bot
from knowledge.service import Privy
from knowledge.sources.check import check_urls
from knowledge.sources.links import check_sources_async, cited_urls, flagged_sources
from knowledge.store.db import open_db

SLOW = 2.0  # seconds the slow route takes; the checks below time out after TIMEOUT
TIMEOUT = 0.3


@dataclass
class Site:
    """The local server: its base URL and how often each route was asked, by which method."""

    base: str
    hits: dict[str, list[str]] = field(default_factory=dict)
    in_flight: int = 0
    most_in_flight: int = 0

    def url(self, path: str) -> str:
        return f"{self.base}{path}"


@pytest.fixture
async def site() -> AsyncIterator[Site]:
    state = Site("")

    async def handle(request: web.Request) -> web.StreamResponse:
        path = request.path
        state.hits.setdefault(path, []).append(request.method)
        state.in_flight += 1
        state.most_in_flight = max(state.most_in_flight, state.in_flight)
        try:
            return await route(path, request.method, len(state.hits[path]))
        finally:
            state.in_flight -= 1

    async def route(path: str, method: str, nth: int) -> web.StreamResponse:
        if path in ("/ok", "/new-home") or path.startswith("/page"):
            await asyncio.sleep(0.05 if path.startswith("/page") else 0)
            return web.Response(text="fine")
        if path == "/moved":
            raise web.HTTPMovedPermanently("/new-home")
        if path == "/moved-to-gone":
            raise web.HTTPFound("/missing")
        if path == "/flaky":
            return web.Response(status=500 if nth == 1 else 200)
        if path == "/down":
            return web.Response(status=503)
        if path == "/slow":
            await asyncio.sleep(SLOW)
            return web.Response(text="too late")
        if path in ("/no-head", "/head-forbidden"):
            refused = 405 if path == "/no-head" else 403
            return web.Response(status=refused if method == "HEAD" else 200)
        return web.Response(status=404)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    runner = web.AppRunner(app, handler_cancellation=True)  # the slow route stops when the client gives up
    await runner.setup()
    server = web.TCPSite(runner, "127.0.0.1", 0)
    await server.start()
    port = server._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    state.base = f"http://127.0.0.1:{port}"
    yield state
    await runner.cleanup()


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def check(site: Site, *paths: str, concurrency: int = 8) -> dict[str, Any]:
    results = await check_urls(
        [site.url(p) for p in paths], concurrency=concurrency, timeout=TIMEOUT, retry_delay=0
    )
    return {r.url.removeprefix(site.base): r for r in results}


async def test_each_kind_of_answer(site: Site) -> None:
    got = await check(site, "/ok", "/moved", "/gone", "/moved-to-gone", "/no-head", "/head-forbidden")
    table = {path: (r.state, r.status, r.final_url.removeprefix(site.base)) for path, r in got.items()}
    assert table == {
        "/ok": ("ok", 200, "/ok"),
        "/moved": ("redirect", 200, "/new-home"),
        "/gone": ("dead", 404, "/gone"),
        "/moved-to-gone": ("dead", 404, "/missing"),
        "/no-head": ("ok", 200, "/no-head"),
        "/head-forbidden": ("ok", 200, "/head-forbidden"),
    }
    assert got["/gone"].reason() == "404 Not Found"
    assert site.hits["/ok"] == ["HEAD"]  # no body fetched when HEAD answers
    assert site.hits["/no-head"] == ["HEAD", "GET"]
    assert site.hits["/gone"] == ["HEAD"]  # a 4xx is not retried


async def test_a_5xx_is_retried_once(site: Site) -> None:
    got = await check(site, "/flaky", "/down")
    assert (got["/flaky"].state, got["/flaky"].status) == ("ok", 200)
    assert (got["/down"].state, got["/down"].reason()) == ("dead", "503 Service Unavailable")
    assert len(site.hits["/flaky"]) == 2
    assert len(site.hits["/down"]) == 2  # one retry, not more


async def test_a_slow_page_times_out_after_one_retry(site: Site) -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    got = await check(site, "/slow")
    assert (got["/slow"].state, got["/slow"].status, got["/slow"].reason()) == ("dead", None, "timed out")
    assert len(site.hits["/slow"]) == 2
    assert loop.time() - started < SLOW  # the timeout, not the page, decided


async def test_a_closed_port_is_dead_without_retry() -> None:
    url = f"http://127.0.0.1:{closed_port()}/x"
    [result] = await check_urls([url], timeout=TIMEOUT, retry_delay=0)
    assert result.dead and result.status is None
    assert result.reason() == "cannot connect (connection refused)"


async def test_a_url_that_is_not_http_is_dead_without_a_request() -> None:
    results = await check_urls(["ftp://127.0.0.1/file", "http://[::1"], timeout=TIMEOUT, retry_delay=0)
    assert [r.reason() for r in results] == ["not an http or https URL", "not a valid URL"]


async def test_at_most_concurrency_requests_at_once(site: Site) -> None:
    paths = [f"/page{i}" for i in range(9)]
    got = await check(site, *paths, concurrency=3)
    assert all(r.state == "ok" for r in got.values())
    assert site.most_in_flight == 3


async def test_a_fragment_is_not_a_redirect(site: Site) -> None:
    got = await check(site, "/ok#section-2")
    assert got["/ok#section-2"].state == "ok"


# ---- the base: what is checked, what is kept, what /review gets --------------------------------------------


def put_fact(db: Database, fact_id: str, sources: list[dict[str, str]], retired: str | None = None) -> None:
    """A fact row as the store keeps it (the pack entry as JSON); http URLs are allowed here, unlike in packs,
    so the sources can point at the local server."""
    data = {
        "id": fact_id,
        "platform": "zoom",
        "regions": ["global"],
        "topic": "status",
        "question": f"Question of {fact_id}?",
        "answer": "An answer.",
        "sources": sources,
        "verified": "2026-11-20",
    }
    row = {"id": fact_id, "rev": 1, "platform": "zoom", "topic": "status", "retired": retired}
    db["facts"].insert(
        {**row, "verified": "2026-11-20", "updated_at": "2026-11-20", "data": json.dumps(data)}
    )


def base_on(site: Site, db: Database) -> Database:
    db["platforms"].insert({"id": "zoom", "name": "Zoom", "aliases": "[]"})
    put_fact(db, "a-fine", [{"url": site.url("/ok"), "title": "Fine"}])
    put_fact(
        db,
        "b-mixed",
        [
            {"url": site.url("/moved"), "title": "Moved"},
            {"url": site.url("/ok"), "archive_url": site.url("/gone"), "title": "Copy gone"},
        ],
    )
    put_fact(db, "c-dead", [{"url": site.url("/down")}, {"url": site.url("/slow")}])
    put_fact(db, "d-retired", [{"url": site.url("/gone?retired")}], retired="superseded")
    return db


async def test_results_are_kept_and_review_gets_the_flagged_facts(site: Site) -> None:
    db = base_on(site, open_db(":memory:"))
    urls, facts = cited_urls(db)
    assert facts == 3  # the retired fact's links are not checked
    assert len(urls) == 5 and site.url("/gone?retired") not in urls

    report = await check_sources_async(db, timeout=TIMEOUT, retry_delay=0)
    assert (report.count("ok"), report.count("redirect"), report.count("dead")) == (1, 1, 3)
    assert (
        report.summary() == "checked 5 links of 3 facts: 1 ok, 1 redirected, 3 dead (2 facts with dead links)"
    )
    assert report.any_dead

    stored = {r["url"].removeprefix(site.base): r for r in db["source_links"].rows}
    assert set(stored) == {"/ok", "/moved", "/gone", "/down", "/slow"}
    assert stored["/moved"]["final_url"] == site.url("/new-home") and stored["/moved"]["status"] == 200
    assert (stored["/slow"]["status"], stored["/slow"]["error"]) == (None, "timed out")
    assert stored["/ok"]["checked_at"].endswith("+00:00")

    flagged = flagged_sources(db)
    assert [f.fact_id for f in flagged] == ["b-mixed", "c-dead"]  # a-fine is fine, d-retired is retired
    b = flagged[0]
    assert [(p.field, p.result.url.removeprefix(site.base), p.result.state) for p in b.problems] == [
        ("url", "/moved", "redirect"),
        ("archive_url", "/gone", "dead"),
    ]
    assert [p.result.reason() for p in flagged[1].dead] == ["503 Service Unavailable", "timed out"]
    assert [f.fact_id for f in flagged_sources(db, limit=1)] == ["b-mixed"]


async def test_a_fixed_source_leaves_the_review_list(site: Site) -> None:
    db = base_on(site, open_db(":memory:"))
    await check_sources_async(db, timeout=TIMEOUT, retry_delay=0)
    data = json.loads(db["facts"].get(("", "c-dead"))["data"])
    data["sources"] = [{"url": site.url("/ok")}]
    db["facts"].update(("", "c-dead"), {"data": json.dumps(data)})
    assert [f.fact_id for f in flagged_sources(db)] == ["b-mixed"]


def test_every_source_of_the_embedded_pack_is_cited(shared_privy: Privy) -> None:
    """The SQL that lists the URLs agrees with the facts as the model reads them (no network here)."""
    urls, facts = cited_urls(shared_privy.db)
    live = shared_privy.store.facts()
    expected = {u for f in live for s in f.sources for u in (s.url, s.archive_url) if u}  # copies checked too
    assert set(urls) == expected and len(urls) == len(expected)
    assert facts == len(live)


# ---- the CLI -----------------------------------------------------------------------------------------------


def run_cli(
    site: Site,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *args: str,
) -> tuple[int, str, str]:
    path = tmp_path / "privy.db"
    base_on(site, open_db(path)).close()
    monkeypatch.setenv("PRIVY_DB", str(path))
    code = bot.main(["facts", "links", "--timeout", str(TIMEOUT), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


async def test_cli_reports_dead_and_redirected_links_by_fact(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = await asyncio.to_thread(run_cli, site, tmp_path, monkeypatch, capsys)
    assert code == 1
    assert out.replace(site.base, "") == (
        "b-mixed (zoom)\n"
        "  redirected: /moved\n"
        "      now at /new-home\n"
        "  archive dead (404 Not Found): /gone\n"
        "c-dead (zoom)\n"
        "  dead (503 Service Unavailable): /down\n"
        "  dead (timed out): /slow\n"
        "checked 5 links of 3 facts: 1 ok, 1 redirected, 3 dead (2 facts with dead links)\n"
    )


async def test_cli_json_and_a_clean_run_exits_0(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = await asyncio.to_thread(run_cli, site, tmp_path, monkeypatch, capsys, "--json")
    report = json.loads(out)
    assert (code, report["checked"], report["dead"], report["redirected"]) == (1, 5, 3, 1)
    assert report["flagged"][0]["links"][0] == {
        "field": "url",
        "url": site.url("/moved"),
        "state": "redirect",
        "status": 200,
        "final_url": site.url("/new-home"),
        "error": None,
        "checked_at": report["flagged"][0]["links"][0]["checked_at"],
    }

    db = open_db(tmp_path / "privy.db")
    db.execute("update facts set retired = 'x' where id in ('b-mixed', 'c-dead')")
    db.conn.commit()
    db.close()
    code = await asyncio.to_thread(bot.main, ["facts", "links", "--timeout", str(TIMEOUT)])
    assert code == 0
    assert capsys.readouterr().out.endswith(
        "checked 1 links of 1 facts: 1 ok, 0 redirected, 0 dead (0 facts with dead links)\n"
    )


def test_cli_refuses_a_concurrency_of_zero(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        bot.main(["facts", "links", "--concurrency", "0"])
    assert "--concurrency: must be more than 0, not 0" in capsys.readouterr().err


# ---- offline is not dead -------------------------------------------------------------------------------------


def test_offline_exits_2_with_one_line_and_flags_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "privy.db"
    db = open_db(path)
    db["platforms"].insert({"id": "zoom", "name": "Zoom", "aliases": "[]"})
    hosts = [f"127.0.0.1:{closed_port()}"]  # nothing answers there: as with no network at all
    while len(hosts) < 2:
        hosts = list(dict.fromkeys([*hosts, f"127.0.0.1:{closed_port()}"]))
    put_fact(db, "a-one", [{"url": f"http://{hosts[0]}/page"}])
    put_fact(db, "b-two", [{"url": f"http://{hosts[1]}/page", "archive_url": f"http://{hosts[0]}/copy"}])
    db.close()
    monkeypatch.setenv("PRIVY_DB", str(path))
    assert bot.main(["facts", "links", "--timeout", str(TIMEOUT)]) == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err.splitlines()[1:] == [
        f"offline: none of the most cited hosts answered ({hosts[0]}, {hosts[1]}); nothing checked, nothing flagged"
    ]
    db = open_db(path)
    assert flagged_sources(db) == [] and db["source_links"].count == 0  # /review gets nothing


async def test_one_host_answering_is_enough_to_judge_the_others(site: Site) -> None:
    db = base_on(site, open_db(":memory:"))
    put_fact(db, "e-closed", [{"url": f"http://127.0.0.1:{closed_port()}/x"}])
    report = await check_sources_async(db, timeout=TIMEOUT, retry_delay=0)
    assert "e-closed" in [f.fact_id for f in report.flagged]
