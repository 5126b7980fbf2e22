"""Links cannot hide, names cannot pass for links (issue 22, finding 2): a table of hostile strings, each
put where people or servers can put text (a fact's answer, step and source title; a server's name, a
moderator's name, a note) and checked in what is shown: the text reply and the embed."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import discord
import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot import create_bot
from handlers.embeds import render
from handlers.facts.render import change_text, history_embed
from knowledge.answers.text import render_text, source_host
from knowledge.model import fact_as_pack_entry
from knowledge.packs.format import PackError, load_pack, parse_yaml
from knowledge.reading.safe_text import hidden_links
from knowledge.service import Privy
from knowledge.store.drafts import Change
from knowledge.store.facts import Author
from knowledge.store.records import Revision
from tests.fakediscord import FakeDiscord, StartBot
from tests.fakediscord.markdown import disguises, links
from tests.handlers.privy_setup import home_config

TODAY = date(2026, 12, 7)
FACT = "linkedin-optout-global-2024"
Q = "How do I turn off LinkedIn AI training? I'm in the US"
EVIL = "https://evil.example/login"

HOSTILE = [
    f"Open [LinkedIn [official] settings]({EVIL})",
    f"Open [linkedin.com]settings]({EVIL})",
    f"[linkedin.com/settings]({EVIL})",
    f"[https://www.linkedin.com/settings](<{EVIL}>)",
    f"[linkedin.com](<{EVIL}>)",
    f'[linkedin.com]({EVIL} "LinkedIn")',
    f"[LinkedIn] ({EVIL})",
    f"[a [b [c]]]({EVIL})",
    f"[x]](https://linkedin.com)]({EVIL})",
    f"[\u200b]({EVIL})",
    f"[link\u200bedin.com]({EVIL})",
    f"**[Settings]({EVIL})**",
    f"||[Settings]({EVIL})||",
    f"> [Settings]({EVIL})",
    f"# [Settings]({EVIL})",
    f"[Settings](\n{EVIL})",
    f"[Settings]({EVIL.replace('https', 'HTTPS')})",
    "[Settings](https://evil.example/a(b)c)",
    "[Settings](javascript:alert(1))",
    "[Settings](discord://-/channels/1/2)",
    "https://evil.example\\@www.linkedin.com/help",
    "https://www.linkedin.com@evil.example/help",
    "https://user:pass@evil.example/help",
    "<https://evil.example\\@www.linkedin.com/help>",
    "https://linked\u0456n.com/settings",
    "https://www.l\u0456nkedin.com/help",
    "https://\u0440aypal.com/",
    "Visit linked\u0456n.com for settings",
    "moc.nideknil \u202e//:sptth",
    "Settings \u202egnp.exe",
    "\u2066LinkedIn\u2069 official",
    "Linked\u200din \u2060settings\ufeff",
    "Linked\u200bIn \u200c\u200e\u200fsettings",
    "LinkedIn Security @everyone",
    "@here please click",
    "<@123456789012345678> says hi",
    "<@&123456789012345678> role",
    "<#123456789012345678>",
    "[LinkedIn Security](https://evil.example/login) **URGENT** @everyone",
    "`[code](https://evil.example)`",
    "```[Settings](https://evil.example)```",
    "\\[escaped](https://evil.example) but [not](https://evil.example)",
    "[](https://evil.example)",
    "[ ](https://evil.example)",
    "Ｌinkedin [set]（https://evil.example）[go](https://evil.example)",
    "[" * 300 + "](" * 150,
]


@pytest.fixture(scope="module")
def privy() -> Privy:
    return Privy(":memory:", today=lambda: TODAY)


def test_the_table_is_big_enough() -> None:
    assert len(HOSTILE) >= 40 and len(set(HOSTILE)) == len(HOSTILE)


def embed_text(embed: discord.Embed) -> str:
    data = embed.to_dict()
    parts = [data.get("title", ""), data.get("description", ""), data.get("footer", {}).get("text", "")]
    for field in data.get("fields", []):
        parts += [field["name"], field["value"]]
    return "\n".join(parts)


def pack_with(privy: Privy, hostile: str) -> str:
    """A one-fact pack whose answer, step and source title hold `hostile`, as YAML a server imports."""
    fact, _ = privy.store.get(FACT)
    raw: dict[str, Any] = fact_as_pack_entry(fact, dates_as_text=True)
    raw["answer"] = f"{raw['answer']} {hostile}"
    raw["steps"] = [*(raw.get("steps") or []), hostile]
    raw["sources"][0] = {**raw["sources"][0], "title": hostile}
    platforms = [{"id": "linkedin", "name": "LinkedIn"}]
    return yaml.safe_dump({"pack": "hostile", "platforms": platforms, "facts": [raw]}, allow_unicode=True)


@pytest.mark.parametrize("hostile", HOSTILE, ids=range(len(HOSTILE)))
def test_a_hostile_fact_is_refused_or_shown_hiding_nothing(privy: Privy, hostile: str) -> None:
    try:
        pack = load_pack(parse_yaml(pack_with(privy, hostile)), today=TODAY)
    except PackError:
        return  # refused, with every problem named (tests/knowledge/test_sources_links.py has the messages)
    scope = str(abs(hash(hostile)))
    privy.scoped(scope).store.import_pack(pack, Author("importer", "5"))
    answer = privy.scoped(scope).ask(Q)
    assert answer.facts and answer.facts[0].id == FACT
    text = render_text(answer)
    shown = "\n".join(embed_text(e) for e in render(answer).embeds)
    assert disguises(text) == [] and disguises(shown) == [], (text, shown)
    stored = privy.scoped(scope).store.get(FACT)[0]
    assert disguises(stored.answer) == []  # bidi and zero-width characters never reach the base


@pytest.mark.parametrize("hostile", HOSTILE, ids=range(len(HOSTILE)))
def test_a_hostile_server_or_person_name_is_shown_as_text(hostile: str) -> None:
    by = Author(hostile, "42")
    note = f"suggested by {by.name} from the server {hostile} (change #3)"
    revision = Revision(FACT, 2, "2026-11-30T10:00:00", "42", by.name, "approve", ("answer",), {}, note)
    history = history_embed(FACT, [revision])
    change = Change(3, FACT, 1, "edit", {}, by, "2026-11-30", "pending", origin="7", origin_name=hostile)
    card = change_text(change, [])
    for shown in (embed_text(history), card):
        assert disguises(shown) == [] and links(shown) == [], shown


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://evil.example\\@www.linkedin.com/help", "evil.example"),
        ("https://www.linkedin.com@evil.example/help", "evil.example"),
        ("https://linked\u0456n.com/settings", "xn--linkedn-wog.com"),
        ("https://www.linkedin.com/help", "linkedin.com"),
        ("https://LinkedIn.com:443/help", "linkedin.com"),
    ],
)
def test_a_source_shows_the_host_a_browser_visits(url: str, host: str) -> None:
    assert source_host(url) == host


SERVER = "[LinkedIn Security](https://evil.example/login) **URGENT** @everyone \u202e"


async def test_a_suggestion_from_a_server_named_as_a_link_reaches_the_curators_as_text(
    fake: FakeDiscord, start_bot: StartBot
) -> None:
    """The audit's case: a server named like a link sends a suggestion; the home server's /review card
    and /fact history show its name as text, and not the suggester's Discord id."""
    town = await fake.add_guild(SERVER, owner="mallory")
    await start_bot(create_bot(home_config(start_bot), privy=Privy(":memory:", today=lambda: TODAY)))
    channel = next(iter(town.channels.values()))
    form = (await (await fake.slash("fact", {"id": FACT}, subcommand="edit", user="mallory", channel=channel,
                                    validate=False)).response()).modal  # fmt: skip
    assert form is not None
    panel = await (await fake.submit_modal(form["custom_id"], {"answer": "Ask the front desk."})).answer()
    await (
        await fake.click(panel, next(c for c in panel.custom_ids if ":save:" in c), user="mallory")
    ).answer()
    card = await (await fake.slash("fact", {"id": FACT}, subcommand="show", user="mallory", channel=channel,
                                   validate=False)).answer()  # fmt: skip
    sent = await (
        await fake.click(card, next(c for c in card.custom_ids if ":suggest:" in c), user="mallory")
    ).answer()
    change_id = sent.text.split("suggestion #")[1].split(".")[0]

    queue = await (await fake.slash("review", {}, user="manager", validate=False)).answer()
    review = await (
        await fake.click(queue, "privy:review:change", user="manager", values=[change_id])
    ).answer()
    approved = await (await fake.click(review, next(c for c in review.custom_ids if ":approve:" in c),
                                       user="manager")).answer()  # fmt: skip
    assert "Approved change" in approved.text
    history = await (await fake.slash("fact", {"id": FACT}, subcommand="history", user="manager",
                                      validate=False)).answer()  # fmt: skip
    mallory = str(fake.world.user("mallory").id)
    for shown in (queue, review, history):
        assert disguises(shown.text) == [], shown.text
        assert "LinkedIn Security" in shown.text and mallory not in shown.text


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="[]()<>\\ \n:/ahtps.x\"'", max_size=60))
@example("[\\]()")  # a backslash before "]" does not stop Discord making a link of it
def test_every_link_discord_would_hide_is_found(text: str) -> None:
    """hidden_links finds at least what Discord's own rule (simple-markdown's) makes a hidden link of."""
    hides = [link for link in links(text) if link.text.strip().strip("<>") != link.url.strip("<>")]
    if hides:
        assert hidden_links(text), (text, hides)


def test_finding_links_is_linear_on_hostile_brackets() -> None:
    for text in ["[" * 600 + "](" * 300, "[a](" + "(a)" * 400, "]" * 1200, "[" + "\\" * 1199]:
        started = time.perf_counter()
        hidden_links(text)
        assert time.perf_counter() - started < 0.05, text[:20]
