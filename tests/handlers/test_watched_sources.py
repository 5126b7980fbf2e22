"""Issue 18 in Discord, through the real client on the fake: a home-server save refuses an unregistered host
(a town's own layer does not), /review shows a changed source before and now, the answer says the source
changed until a moderator verifies, and the bot re-reads watched sources on its own schedule."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
import pytest_asyncio
import yaml
from aiohttp import web

from bot import create_bot
from handlers import watch_task
from handlers.watch_task import FIRST_RUN_DELAY, seconds_until_due
from knowledge.curation.workflow import Curator
from knowledge.service import Privy
from knowledge.store import watch as watch_store
from knowledge.store.facts import Author
from knowledge.store.rows import now_iso
from tests.fakediscord import Call, FakeDiscord, InteractionHandle, StartBot
from tests.handlers.privy_setup import home_config

TODAY = date(2026, 11, 30)
WATCHED = "zoom-watched-2026"
QUESTION = "Does Zoom keep my meeting recordings to train its AI?"
NEW = {
    "id": "zoom-calls-uk-2026",
    "question": "Does Zoom train AI on my calls?",
    "answer": "Zoom says it does not use your audio, video or chat content to train its AI models.",
    "scope": "regions: uk\ntopic: status\nplatform: Zoom",
    "dates": "verified: 2026-11-20\nvalid_from:\nvalid_until:",
}
UNREGISTERED = "https://unknown-news.example/2026/zoom-ai | Zoom and AI | Unknown News"


def watched_fact(url: str = "https://zoom.com/trust/recordings") -> dict[str, Any]:
    return {
        "id": WATCHED,
        "platform": "zoom",
        "regions": ["global"],
        "topic": "background",
        "question": QUESTION,
        "answer": "Zoom says recordings stay with the host and are not used to train its AI.",
        "sources": [{"url": url, "title": "Recordings", "publisher": "Zoom", "watch": "#recordings"}],
        "verified": "2026-11-01",
    }


@pytest_asyncio.fixture
async def privy(fake: FakeDiscord, start_bot: StartBot) -> Privy:
    privy = Privy(":memory:", today=lambda: TODAY)
    pack = yaml.safe_dump({"pack": "t", "facts": [watched_fact()]})
    Curator(privy).import_text(pack, "t", Author("curator"))
    await start_bot(create_bot(home_config(start_bot, watch_hours=0), privy=privy))
    return privy


async def modal_of(handle: InteractionHandle) -> dict[str, Any]:
    call = await handle.response()
    assert call.ok and call.modal is not None, call
    return call.modal


async def click(fake: FakeDiscord, call: Call, op: str, user: str = "manager") -> InteractionHandle:
    return await fake.click(call, next(c for c in call.custom_ids if f":{op}:" in c), user=user)


async def add_with_source(fake: FakeDiscord, source: str) -> Call:
    """/fact add in the home server through the modal, its source typed in, then Save: the reply to Save."""
    form = await modal_of(await fake.slash("fact", {}, subcommand="add", user="manager"))
    panel = await (await fake.submit_modal(form["custom_id"], NEW)).answer()
    sources = await modal_of(await click(fake, panel, "sources"))
    panel = await (await fake.submit_modal(sources["custom_id"], {"sources": source})).answer()
    return await (await click(fake, panel, "save")).answer()


async def test_a_home_server_save_refuses_an_unregistered_host(fake: FakeDiscord, privy: Privy) -> None:
    refused = await add_with_source(fake, UNREGISTERED)
    assert "the host unknown-news.example is not in the publisher registry" in refused.text
    assert "knowledge/publishers.yaml" in refused.text
    assert not privy.store.exists("zoom-calls-uk-2026")
    saved = await add_with_source(fake, "https://www.zoom.com/en/trust/ | Zoom Trust Center")  # registered
    assert "Saved `zoom-calls-uk-2026`" in saved.text
    assert privy.store.get("zoom-calls-uk-2026")[0].sources[0].publisher == "Zoom"  # the registry's name


async def ask(fake: FakeDiscord, question: str) -> Call:
    user = f"asker{len(fake.users)}"
    await fake.add_user(user)
    return await fake.reply_to(await fake.user_message(question, author=user))


async def test_review_shows_a_changed_source_before_and_now_until_verified(
    fake: FakeDiscord, privy: Privy
) -> None:
    url, watch = "https://zoom.com/trust/recordings", "#recordings"
    watch_store.record(privy.db, url, watch, "Recordings are never used to train AI.", now_iso())
    assert "The source changed" not in (await ask(fake, QUESTION)).text
    watch_store.record(privy.db, url, watch, "Recordings may be used to improve AI features.", now_iso())

    answer = await ask(fake, QUESTION)
    day = datetime.now(UTC).date()
    note = f"The source changed on {day.day} {day.strftime('%b %Y')}; moderators are re-checking."
    assert note in answer.embeds[0]["description"]

    queue = await (await fake.slash("review", user="manager")).answer()
    fields = {f["name"]: f for f in queue.embeds[0]["fields"]}
    assert f"`{WATCHED}` · changed" in fields["Source changed since verified"]["value"]
    before, now = fields[f"Before · {WATCHED}"], fields[f"Now · {day.day} {day.strftime('%b %Y')}"]
    assert before["value"] == "> Recordings are never used to train AI." and before["inline"]
    assert now["value"] == "> Recordings may be used to improve AI features." and now["inline"]

    card = await (await fake.click(queue, "privy:review:fact", user="manager", values=[WATCHED])).answer()
    assert "Source changed since verified" in card.text and "Before: Recordings are never" in card.text
    # Times are kept to the second: a verify in the very second of the change would count as before it.
    await asyncio.sleep(1.05)
    await (await click(fake, card, "verify")).answer()
    queue = await (await fake.slash("review", user="manager")).answer()
    assert "Source changed since verified" not in {f["name"] for f in queue.embeds[0].get("fields", [])}
    assert "The source changed" not in (await ask(fake, QUESTION)).embeds[0]["description"]


# ---- the schedule ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last", "hours", "wait"),
    [
        (None, 24, FIRST_RUN_DELAY),  # never run: soon after start
        ("2026-12-01T00:00:00+00:00", 24, 6 * 3600),  # 18 hours ago: due in 6
        ("2026-11-20T00:00:00+00:00", 24, FIRST_RUN_DELAY),  # overdue: soon after start, not at once
    ],
)
def test_the_next_run_is_an_interval_after_the_last_one_in_the_base(
    last: str | None, hours: int, wait: float
) -> None:
    now = datetime(2026, 12, 1, 18, tzinfo=UTC)
    assert seconds_until_due(last, hours, now) == wait


@pytest_asyncio.fixture
async def page() -> AsyncIterator[str]:
    async def handle(request: web.Request) -> web.StreamResponse:
        if request.path == "/robots.txt":
            return web.Response(status=404)
        return web.Response(
            text="<p id=recordings>Recordings stay with the host.</p>", content_type="text/html"
        )

    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/recordings"  # type: ignore[union-attr]
    await runner.cleanup()


async def test_the_bot_reads_watched_sources_on_its_schedule(
    fake: FakeDiscord, start_bot: StartBot, page: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(watch_task, "FIRST_RUN_DELAY", 0.05)
    privy = Privy(":memory:", today=lambda: TODAY)
    # The stored row, not a pack: a pack's sources are https, and the source here is the local server.
    data = watched_fact(page)
    privy.db["facts"].insert(
        {"id": WATCHED, "rev": 1, "platform": "zoom", "topic": "background", "verified": "2026-11-01"}
        | {"updated_at": now_iso(), "data": json.dumps(data)}
    )
    await start_bot(create_bot(home_config(start_bot, watch_hours=24), privy=privy))
    for _ in range(100):
        if watch_store.last_run(privy.db):
            break
        await asyncio.sleep(0.05)
    row = privy.db.execute("select passage from watch_versions").fetchone()
    assert row == ("Recordings stay with the host.",)  # read in the background, the first version kept
    assert (await ask(fake, QUESTION)).ok  # and the bot answers meanwhile
