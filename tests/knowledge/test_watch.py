"""`facts watch` end to end against a local web server on 127.0.0.1: a changed passage puts its facts in
/review and changes the answer's note, an unchanged one does nothing, an unreachable one is reported and
not flagged; robots.txt, one request per host at a time, the user agent, and finding the passage."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from aiohttp import web
from sqlite_utils import Database

import bot
from knowledge.answers.text import render_text
from knowledge.curation.queue import review_queue
from knowledge.curation.workflow import Curator
from knowledge.service import Privy
from knowledge.sources.passage import extract
from knowledge.sources.watch import USER_AGENT, run_watch
from knowledge.store.db import open_db
from knowledge.store.facts import Author
from knowledge.store.watch import last_run

MOD = Author("mod", "1001")
POLICY = """<html><head><script>var note = "We do not use your calls";</script></head><body>
<nav>Products Pricing</nav><main><h1>AI at Zoom</h1>
<p>Zoom does not use any of your audio, video, chat, screen sharing, attachments or other communications
like customer content to train Zoom's or third-party artificial intelligence models.</p>
<ul id="rules"><li>Rule one</li><li>Rule two</li></ul></main></body></html>"""
CHANGED = POLICY.replace("does not use any of", "may use some of")


@dataclass
class Site:
    base: str = ""
    pages: dict[str, str] = field(default_factory=dict)
    hits: list[tuple[str, str]] = field(default_factory=list)  # (path, user agent)
    in_flight: int = 0
    most_in_flight: int = 0


@pytest.fixture
async def site() -> AsyncIterator[Site]:
    state = Site(pages={"/policy": POLICY, "/rules": POLICY, "/private/page": POLICY})

    async def handle(request: web.Request) -> web.StreamResponse:
        state.hits.append((request.path, request.headers.get("User-Agent", "")))
        state.in_flight += 1
        state.most_in_flight = max(state.most_in_flight, state.in_flight)
        try:
            await asyncio.sleep(0.02)
            if request.path == "/robots.txt":
                return web.Response(text="User-agent: *\nDisallow: /private\n")
            if request.path == "/doc.pdf":
                return web.Response(body=b"%PDF-1.7", content_type="application/pdf")
            page = state.pages.get(request.path)
            if page is None:
                return web.Response(status=404)
            return web.Response(text=page, content_type="text/html")
        finally:
            state.in_flight -= 1

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    server = web.TCPSite(runner, "127.0.0.1", 0)
    await server.start()
    state.base = f"http://127.0.0.1:{server._server.sockets[0].getsockname()[1]}"  # type: ignore[union-attr]
    yield state
    await runner.cleanup()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


ANCHOR = "audio, video, chat, screen sharing"  # the words of the passage that stay when it changes


def fact(fid: str, path: str, watch: str) -> dict[str, Any]:
    return {
        "id": fid,
        "platform": "zoom",
        "regions": ["global"],
        "topic": "background",
        "question": f"What does Zoom say about AI and calls ({fid})?",
        "answer": "Zoom says it does not train AI on audio, video or chat content.",
        "sources": [
            {"url": f"https://zoom.com/trust{path}", "publisher": "Zoom", "title": "AI", "watch": watch}
        ],
        "verified": "2026-11-01",
    }


def load(privy: Privy, facts: list[dict[str, Any]]) -> Privy:
    """A base holding only these facts: the embedded pack's own watched sources stay out of the counts."""
    pack = {"pack": "t", "platforms": [{"id": "zoom", "name": "Zoom"}], "facts": facts}
    Curator(privy).import_text(yaml.safe_dump(pack), "t", MOD)
    return privy


@pytest.fixture
def watched(empty_privy: Privy) -> Privy:
    facts = [
        fact("zoom-watch-changes", "/policy", ANCHOR),
        fact("zoom-watch-same", "/rules", "#rules"),
        fact("zoom-watch-down", "/down", ANCHOR),
        fact("zoom-watch-robots", "/private/page", ANCHOR),
    ]
    return load(empty_privy, facts)


def local(site: Site, down: str) -> Any:
    """Each source's URL as asked of the local server (the down one at a port where nothing listens)."""

    def fetch_url(url: str) -> str:
        path = url.removeprefix("https://zoom.com/trust")
        return f"{down}{path}" if path == "/down" else f"{site.base}{path}"

    return fetch_url


def ask(privy: Privy, fid: str) -> str:
    answer = privy.ask(f"What does Zoom say about AI and calls ({fid})?")
    assert answer.facts[0].id == fid
    return render_text(answer)


async def test_a_changed_passage_goes_to_review_and_its_answer_says_so(watched: Privy, site: Site) -> None:
    fetch_url = local(site, f"http://127.0.0.1:{closed_port()}")
    curator = Curator(watched)
    first = await run_watch(watched.db, fetch_url=fetch_url, delay=0, timeout=2)
    assert {r.facts[0]: r.state for r in first.results} == {
        "zoom-watch-changes": "new",
        "zoom-watch-same": "new",
        "zoom-watch-down": "failed",
        "zoom-watch-robots": "failed",
    }
    assert review_queue(curator, 90).changed == []
    assert "The source changed" not in ask(watched, "zoom-watch-changes")

    site.pages["/policy"] = CHANGED
    second = await run_watch(watched.db, fetch_url=fetch_url, delay=0, timeout=2)
    states = {r.facts[0]: (r.state, r.error) for r in second.results}
    assert states == {
        "zoom-watch-changes": ("changed", ""),
        "zoom-watch-same": ("same", ""),  # an unchanged passage does nothing
        "zoom-watch-down": ("failed", "cannot connect (connection refused)"),  # reported, not flagged
        "zoom-watch-robots": ("failed", "robots.txt asks robots not to read it"),
    }
    assert second.summary() == "watched 4 passages: 1 changed, 1 same, 0 new, 2 could not be read"

    [change] = review_queue(curator, 90).changed
    assert change.fact_id == "zoom-watch-changes"
    assert change.old.startswith("Zoom does not use any of your audio") and change.new.startswith(
        "Zoom may use"
    )
    assert change.day == datetime.now(UTC).date() or (datetime.now(UTC).date() - change.day).days == 1
    note = (
        f"The source changed on {change.day.day} {change.day.strftime('%b %Y')}; moderators are re-checking."
    )
    assert note in ask(watched, "zoom-watch-changes")
    assert "The source changed" not in ask(watched, "zoom-watch-same")
    assert "The source changed" not in ask(watched, "zoom-watch-down")

    # Times are kept to the second, and a verify in the very second of the change counts as before it (the
    # safe side: a change is never missed); a moderator is never that quick.
    await asyncio.sleep(1.05)
    curator.verify("zoom-watch-changes", MOD)  # a moderator re-read it
    assert review_queue(curator, 90).changed == []
    assert "The source changed" not in ask(watched, "zoom-watch-changes")
    third = await run_watch(watched.db, fetch_url=fetch_url, delay=0, timeout=2)
    assert {r.facts[0]: r.state for r in third.results}["zoom-watch-changes"] == "same"
    assert review_queue(curator, 90).changed == []


async def test_a_passage_gone_from_the_page_is_a_change(watched: Privy, site: Site) -> None:
    fetch_url = local(site, f"http://127.0.0.1:{closed_port()}")
    await run_watch(watched.db, fetch_url=fetch_url, delay=0, timeout=2)
    site.pages["/policy"] = "<html><body><p>We rewrote this page.</p></body></html>"
    await run_watch(watched.db, fetch_url=fetch_url, delay=0, timeout=2)
    [change] = review_queue(Curator(watched), 90).changed
    assert (change.fact_id, change.new) == ("zoom-watch-changes", "")


async def test_a_wrong_anchor_and_a_pdf_are_reported(empty_privy: Privy, site: Site) -> None:
    facts = [fact("zoom-watch-wrong", "/rules", "#no-such-list"), fact("zoom-watch-pdf", "/doc.pdf", ANCHOR)]
    load(empty_privy, facts)
    report = await run_watch(empty_privy.db, fetch_url=local(site, site.base), delay=0, timeout=2)
    assert report.lines() == [
        "could not read (not a web page (application/pdf)): https://zoom.com/trust/doc.pdf (zoom-watch-pdf); "
        "not flagged",
        "no passage matches watch '#no-such-list': https://zoom.com/trust/rules (zoom-watch-wrong)",
        "watched 2 passages: 0 changed, 0 same, 1 new, 1 could not be read",
    ]


async def test_one_request_per_host_at_a_time_with_a_real_user_agent(watched: Privy, site: Site) -> None:
    await run_watch(watched.db, fetch_url=local(site, site.base), delay=0, timeout=2)
    assert site.most_in_flight == 1  # four pages and robots.txt on one host: one after another
    assert site.hits[0][0] == "/robots.txt"  # read before any page
    assert "/private/page" not in [path for path, _ in site.hits]  # robots.txt said no
    assert {agent for _, agent in site.hits} == {USER_AGENT}
    assert last_run(watched.db) is not None


def put_fact(db: Database, fact_id: str, url: str) -> None:
    """A fact row as the store keeps it; an http URL is allowed here, unlike in packs, so that the CLI's
    own fetch (which reads the URL itself) can be pointed at the local server."""
    data = {**fact(fact_id, "/x", ANCHOR), "sources": [{"url": url, "watch": ANCHOR}]}
    row = {"id": fact_id, "rev": 1, "platform": "zoom", "topic": "background", "retired": None}
    db["facts"].insert(
        {**row, "verified": "2026-11-01", "updated_at": "2026-11-01", "data": json.dumps(data)}
    )


async def test_the_cli_prints_what_changed_and_what_it_could_not_read(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "privy.db"
    db = open_db(path)
    db["platforms"].insert({"id": "zoom", "name": "Zoom", "aliases": "[]"})
    put_fact(db, "a-read", f"{site.base}/policy")
    down = f"http://127.0.0.1:{closed_port()}/policy"
    put_fact(db, "b-down", down)
    db.close()
    monkeypatch.setenv("PRIVY_DB", str(path))
    assert await asyncio.to_thread(bot.main, ["facts", "watch", "--delay", "0.01"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"could not read (cannot connect (connection refused)): {down} (b-down); not flagged",
        "watched 2 passages: 0 changed, 0 same, 1 new, 1 could not be read",
    ]
    site.pages["/policy"] = CHANGED
    assert await asyncio.to_thread(bot.main, ["facts", "watch", "--delay", "0.01"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert f"changed: {site.base}/policy (a-read): in /review until verified or edited" in lines
    assert lines[-1] == "watched 2 passages: 1 changed, 0 same, 0 new, 1 could not be read"


@pytest.mark.parametrize(
    ("watch", "passage"),
    [
        (ANCHOR, "Zoom does not use any of your audio, video, chat, screen sharing, attachments or other"),
        ("DOES  NOT use\nany", "Zoom does not use any of your audio"),  # case and spacing aside
        ("AI at Zoom", "AI at Zoom"),  # the smallest block that holds it
        ("#rules", "Rule one Rule two"),
        ("#rules li:last-child", "Rule two"),
        ("We do not use your calls", ""),  # in a script, not the page's text
        ("not on the page", ""),
    ],
)
def test_the_passage_is_found_by_selector_or_anchor_text(watch: str, passage: str) -> None:
    assert extract(POLICY, watch).startswith(passage) and (passage or extract(POLICY, watch) == "")


def test_facts_watch_is_a_cli_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        bot.main(["facts", "watch", "--delay", "0"])
    assert "--delay: must be more than 0, not 0" in capsys.readouterr().err
