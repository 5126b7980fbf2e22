"""Everything fits Discord (issue 22, finding 4): a fact at every length limit, imported and shown, goes
through the fake Discord, which answers 400 as Discord would for anything over its limits."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot import create_bot
from knowledge.packs import publishers
from knowledge.packs.validate import LIMITS
from knowledge.service import Privy
from knowledge.store.db import open_db
from tests.fakediscord import FakeDiscord, StartBot, Upload
from tests.handlers.privy_setup import home_config

TODAY = date(2026, 11, 30)
QUESTION = "How do I turn off LinkedIn AI training? I'm in the US"


def words(n: int, seed: str = "word") -> str:
    """Text of exactly n characters, in words (so clipping at a word has somewhere to cut)."""
    text = " ".join(f"{seed}{i}" for i in range(n))
    return text[: n - 1].rstrip() + "." if n > 1 else "."


def longest_fact() -> dict[str, Any]:
    """A valid fact with every text at its length limit and every list at its count limit."""
    url = "https://www.linkedin.com/help/" + "a" * (LIMITS["url"] - len("https://www.linkedin.com/help/"))
    return {
        "id": "a" + "-x" * 39 + "z",
        "platform": "linkedin",
        "regions": ["uk"],
        "topic": "opt-out",
        "question": "How do I stop LinkedIn training AI? " + words(LIMITS["question"] - 36, "q"),
        "variants": [words(LIMITS["variant"], f"v{i}") for i in range(LIMITS["variants"])],
        "answer": words(LIMITS["answer"], "Answer"),
        "steps": [words(LIMITS["step"], f"s{i}") for i in range(LIMITS["steps"])],
        "sources": [
            {
                "url": url[: LIMITS["url"] - 2] + f"{i:02d}",
                "title": words(LIMITS["title"], f"t{i}"),
                "publisher": words(LIMITS["publisher"], "LinkedIn"),
                "date": "2026-11-20",
            }
            for i in range(LIMITS["sources"])
        ],
        "verified": "2026-11-20",
        "claim": {"kind": "opt_out", "opt_out": "setting"},
    }


async def test_a_fact_at_every_limit_imports_and_is_shown_within_discords_limits(
    fake: FakeDiscord, start_bot: StartBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A publisher name at its length limit is no registered name: the registry is not what this tests.
    monkeypatch.setattr(publishers, "source_problems", lambda *args, **kwargs: [])
    privy = Privy(":memory:", today=lambda: TODAY)
    await start_bot(create_bot(home_config(start_bot), privy=privy))
    fact = longest_fact()
    pack = {"pack": "long", "platforms": [{"id": "linkedin", "name": "LinkedIn"}], "facts": [fact]}
    upload = Upload("long.yaml", yaml.safe_dump(pack, sort_keys=False).encode(), "application/x-yaml")
    plan = await (await fake.slash("fact", {"pack": upload}, subcommand="import", user="manager")).answer()
    assert "Importing it would: 1 added" in plan.text, plan.text
    done = await (await fake.click(plan, "privy:import:confirm", user="manager")).answer()
    assert done.ok and "Imported **long.yaml**: 1 added" in done.text, done.text
    assert "Something went wrong" not in done.text
    assert privy.store.exists(fact["id"])
    shown = await (await fake.slash("fact", {"id": fact["id"]}, subcommand="show", user="manager")).answer()
    assert shown.ok and "Something went wrong" not in shown.text


async def test_a_read_only_base_never_shows_users_its_path(
    fake: FakeDiscord, start_bot: StartBot, tmp_path: Path
) -> None:
    db = open_db(tmp_path / "privy.db")
    Privy(db, today=lambda: TODAY)
    db.read_only = True  # type: ignore[attr-defined]  # as open_db marks a file it cannot write
    await start_bot(create_bot(home_config(start_bot), privy=Privy(db, seed=False, today=lambda: TODAY)))
    refused = await (await fake.slash("region", {"code": "de"}, subcommand="set", user="alice")).answer()
    assert "can only be read" in refused.text and "nothing was saved" in refused.text
    assert str(tmp_path) not in refused.text and "PRIVY_DB" not in refused.text


async def test_a_full_disk_still_answers_and_says_so_in_one_sentence(
    fake: FakeDiscord, start_bot: StartBot, tmp_path: Path
) -> None:
    privy = Privy(tmp_path / "privy.db", today=lambda: TODAY)
    await start_bot(create_bot(home_config(start_bot), privy=privy))
    privy.db.execute("pragma wal_checkpoint(truncate)")
    pages = privy.db.execute("pragma page_count").fetchone()[0]
    privy.db.execute(f"pragma max_page_count = {pages}")  # not one page more: SQLITE_FULL
    unknown = await fake.reply_to(await fake.user_message("Does Grindr train AI on my private chats?"))
    assert "Something went wrong" not in unknown.text and unknown.text
    votes = []
    for n in range(60):  # votes until a page is needed that the disk has no room for
        user = f"voter{n}"
        await fake.add_user(user)
        answer = await fake.reply_to(await fake.user_message(QUESTION, author=user))
        button = next(c for c in answer.custom_ids if "helpful" in c)
        votes.append(await (await fake.click(answer, button, user=user)).answer())
        if "disk is full" in votes[-1].text:
            break
    assert "Privy's disk is full, so nothing was saved" in votes[-1].text
    assert "Something went wrong" not in "".join(v.text for v in votes)
    assert str(tmp_path) not in votes[-1].text
