"""Moderators keep the facts true, through the real client on the fake Discord (issue 4, "Done when").

Users: `manager` has Manage Server (sees the commands); `mod` has the PRIVY_MOD_ROLE role "Moderators"
but not Manage Server, so the commands are hidden from them until a server admin grants the role in
Integrations settings (driven here with validate=False); `alice` and `bob` are plain members.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
import pytest_asyncio
import yaml

from bot import create_bot
from handlers.embeds import unescape
from knowledge.service import Privy
from knowledge.store.facts import Author
from tests.fakediscord import Call, FakeDiscord, FakeDiscordError, InteractionHandle, StartBot, Upload
from tests.handlers.privy_setup import home_config, new_base

TODAY = date(2026, 12, 7)  # the embedded facts were verified on this day
FACT = "linkedin-optout-global-2024"
VISIBLE = {"manager": True, "owner": True}  # others have the commands only if a server grants them
NEW = {
    "id": "zoom-calls-uk-2026",
    "question": "Does Zoom train AI on my calls?",
    "answer": "No. Zoom says it does not use your audio, video or chat content to train its AI models.",
    "coverage": "regions: uk\ntopic: status\nplatform: Zoom",
    "dates": "verified: 2026-11-20\nvalid_from:\nvalid_until:",
}
SOURCE = "https://www.zoom.com/en/trust/ | Zoom Trust Center | Zoom | 2026-11-20"


async def make_bot(start_bot: StartBot, **config: Any) -> Privy:
    privy = new_base()  # on each store (tests/conftest.py BOTH_STORES)
    await start_bot(create_bot(home_config(start_bot, mod_role="Moderators", **config), privy=privy))
    return privy


@pytest_asyncio.fixture
async def privy(fake: FakeDiscord, start_bot: StartBot) -> Privy:
    return await make_bot(start_bot)


async def fact_cmd(fake: FakeDiscord, sub: str, user: str = "manager", **options: Any) -> InteractionHandle:
    return await fake.slash("fact", options, subcommand=sub, user=user, validate=VISIBLE.get(user, False))


async def modal_of(handle: InteractionHandle) -> dict[str, Any]:
    call = await handle.response()
    assert call.ok and call.modal is not None, call
    return call.modal


def inputs(modal: dict[str, Any]) -> dict[str, str]:
    """What the moderator sees prefilled in each text input."""
    out = {}
    for row in modal["components"]:
        for comp in row.get("components") or [row.get("component") or {}]:
            if "custom_id" in comp:
                out[comp["custom_id"]] = comp.get("value") or ""
    return out


def button(call: Call, op: str) -> str:
    return next(c for c in call.custom_ids if f":{op}:" in c)


async def click(fake: FakeDiscord, call: Call, op: str, user: str) -> InteractionHandle:
    return await fake.click(call, button(call, op), user=user)


async def ask(fake: FakeDiscord, question: str, user: str | None = None) -> Call:
    """A member asks in #general (by default a new one each time: asking has a per-person cooldown)."""
    if user is None:
        user = f"asker{len(fake.users)}"
        await fake.add_user(user)
    return await fake.reply_to(await fake.user_message(question, author=user))


def snapshot(privy: Privy) -> tuple[str, int, int]:
    """Everything a change could touch: the facts, their revisions and the proposals."""
    db = privy.db
    return privy.store.export_text(), db["revisions"].count, db["pending_changes"].count


# ---- 1. a moderator adds a fact with the modal; users then get it ---------------------------------------


async def test_a_moderator_adds_a_fact_and_users_get_it(fake: FakeDiscord, privy: Privy) -> None:
    before = await ask(fake, "Does Zoom train AI on my calls? I'm in London")
    assert "Zoom Trust Center" not in before.text

    form = await modal_of(await fact_cmd(fake, "add", user="mod", platform="zoom"))
    assert "platform: zoom" in inputs(form)["coverage"]
    typo = {**NEW, "coverage": "regions: uk, atlantis\ntopic: status\nplatform: Zoom"}
    panel = await (await fake.submit_modal(form["custom_id"], typo)).answer()
    assert panel.ephemeral
    assert "**regions**: unknown region code 'atlantis'" in panel.text
    assert "**sources**: at least one source" in panel.text

    again = await modal_of(await click(fake, panel, "text", "mod"))
    assert "atlantis" in inputs(again)["coverage"]  # what was typed is kept, to correct
    assert inputs(again)["answer"] == NEW["answer"]
    panel = await (await fake.submit_modal(again["custom_id"], {"coverage": NEW["coverage"]})).answer()
    assert "atlantis" not in panel.text

    sources = await modal_of(await click(fake, panel, "sources", "mod"))
    panel = await (await fake.submit_modal(sources["custom_id"], {"sources": "http://zoom.com"})).answer()
    assert "**sources[0].url**: must be an https URL" in panel.text
    sources = await modal_of(await click(fake, panel, "sources", "mod"))
    panel = await (await fake.submit_modal(sources["custom_id"], {"sources": SOURCE})).answer()
    steps = await modal_of(await click(fake, panel, "lists", "mod"))
    lists = {"steps": "Open Settings\nTurn off AI Companion", "variants": "does zoom use my meetings for ai"}
    panel = await (await fake.submit_modal(steps["custom_id"], lists)).answer()
    assert "Ready" in panel.text and "Turn off AI Companion" in panel.text
    assert "Zoom Trust Center" not in (await ask(fake, "Does Zoom train AI on my calls? I'm in London")).text

    saved = await (await click(fake, panel, "save", "mod")).answer()
    assert "Saved `zoom-calls-uk-2026` (revision 1)" in saved.text
    assert "This is what users get" in saved.text and saved.components == []

    answer = await ask(fake, "Does Zoom train AI on my calls? I'm in London")
    assert NEW["answer"] in answer.text and "Zoom Trust Center" in answer.text
    assert "Turn off AI Companion" in answer.text
    history = privy.store.history("zoom-calls-uk-2026")
    assert [(r.action, r.by_name, r.by_id) for r in history] == [("add", "mod", str(fake.users["mod"].id))]


async def test_an_id_that_exists_is_refused_with_the_field_named(fake: FakeDiscord, privy: Privy) -> None:
    form = await modal_of(await fact_cmd(fake, "add"))
    panel = await (await fake.submit_modal(form["custom_id"], {**NEW, "id": FACT})).answer()
    assert "**id**: already exists" in panel.text
    failed = await (await click(fake, panel, "save", "manager")).answer()
    assert "**id**: already exists" in failed.text
    assert privy.store.history(FACT)[-1].rev == 1


# ---- 2. who may edit -------------------------------------------------------------------------------------

EVERY_SUBCOMMAND = [
    ("add", {}),
    ("edit", {"id": FACT}),
    ("show", {"id": FACT}),
    ("verify", {"id": FACT}),
    ("retire", {"id": FACT, "reason": "spam"}),
    ("history", {"id": FACT}),
    ("revert", {"id": FACT, "rev": 1}),
    ("search", {"text": "linkedin"}),
    ("export", {}),
    ("import", {"pack": Upload("pack.yaml", b"pack: x\nfacts: []\n", "application/x-yaml")}),
]


@pytest.mark.parametrize(("sub", "options"), EVERY_SUBCOMMAND, ids=[s for s, _ in EVERY_SUBCOMMAND])
async def test_a_member_is_refused_every_fact_subcommand(
    fake: FakeDiscord, privy: Privy, sub: str, options: dict[str, Any]
) -> None:
    before = snapshot(privy)
    with pytest.raises(FakeDiscordError, match="would not see"):
        await fake.slash("fact", options, subcommand=sub, user="alice")  # hidden from members...
    answer = await (await fact_cmd(fake, sub, user="alice", **options)).answer()  # ...and refused if shown
    assert answer.ephemeral and answer.modal is None and not answer.files
    assert answer.content == (
        "Only moderators can change Privy's facts: that needs the Manage Server permission or the "
        "Moderators role. Nothing was changed."
    )
    assert snapshot(privy) == before


async def test_a_member_is_refused_review_and_autocomplete(fake: FakeDiscord, privy: Privy) -> None:
    privy.community.record_unanswered("Does Telegram train AI on my posts?")
    with pytest.raises(FakeDiscordError, match="would not see"):
        await fake.slash("review", user="bob")
    answer = await (await fake.slash("review", user="bob", validate=False)).answer()
    assert answer.ephemeral and answer.content.startswith("Only moderators") and "Telegram" not in answer.text
    with pytest.raises(FakeDiscordError, match="would not see"):
        await fake.autocomplete("fact", {"id": "linked"}, focused="id", subcommand="show", user="bob")
    choices = await fake.autocomplete(
        "fact", {"id": "linkedin-opt"}, focused="id", subcommand="show", user="manager"
    )
    assert FACT in [c["value"] for c in choices]
    platforms = await fake.autocomplete(
        "fact", {"platform": "zoo"}, focused="platform", subcommand="add", user="manager"
    )
    assert platforms == [{"name": "Zoom (zoom)", "value": "zoom"}]


async def test_permission_is_checked_again_on_every_click(fake: FakeDiscord, privy: Privy) -> None:
    card = await (await fact_cmd(fake, "show", user="mod", id=FACT)).answer()
    assert card.ephemeral and "revision 1" in card.text
    await fake.set_roles("mod", [])  # demoted while the card is open
    refused = await (await click(fake, card, "verify", "mod")).answer()
    assert refused.content.startswith("Only moderators")
    assert privy.store.history(FACT)[-1].rev == 1


# ---- edit, history, revert -------------------------------------------------------------------------------


async def test_edit_then_history_then_revert(fake: FakeDiscord, privy: Privy) -> None:
    original = privy.store.get(FACT)[0].answer
    form = await modal_of(await fact_cmd(fake, "edit", id=FACT))
    assert inputs(form)["answer"] == original and "id" not in inputs(form)
    edited = "LinkedIn moved the setting: Settings, Data privacy, Data for Generative AI Improvement."
    panel = await (await fake.submit_modal(form["custom_id"], {"answer": edited})).answer()
    assert "edit of `linkedin-optout-global-2024` (from revision 1)" in panel.text
    saved = await (await click(fake, panel, "save", "manager")).answer()
    assert "(revision 2)" in saved.text and edited in saved.text
    assert edited in (await ask(fake, "How do I turn off LinkedIn AI training? I'm in the US")).text

    history = await (await fact_cmd(fake, "history", id=FACT)).answer()
    lines = unescape(history.embeds[0]["description"]).splitlines()
    saved_on = datetime.fromisoformat(privy.store.history(FACT)[1].at)  # revisions carry the wall clock
    assert lines[0].startswith(f"**2** · {saved_on.day} {saved_on:%b %Y} · manager · edit · answer")
    assert lines[1].startswith("**1** · ") and "privy (embedded pack) · import · created" in lines[1]
    assert edited in history.text  # the current text, as users see it

    reverted = await (await fact_cmd(fake, "revert", id=FACT, rev=1)).answer()
    assert "Reverted `linkedin-optout-global-2024` to revision 1 (revision 3)" in reverted.text
    assert original in reverted.text
    assert original in (await ask(fake, "How do I turn off LinkedIn AI training? I'm in the US")).text
    revisions = privy.store.history(FACT)
    assert [(r.rev, r.action, r.by_name) for r in revisions] == [
        (1, "import", "privy (embedded pack)"),
        (2, "edit", "manager"),
        (3, "revert", "manager"),
    ]
    assert revisions[1].data["answer"] == edited  # nothing lost


async def test_verify_and_retire_show_the_result(fake: FakeDiscord, privy: Privy) -> None:
    verified = await (await fact_cmd(fake, "verify", id=FACT)).answer()
    assert "Verified `linkedin-optout-global-2024` today (revision 2)" in verified.text
    retired = await (
        await fact_cmd(fake, "retire", id=FACT, reason="superseded by the 2026 settings page")
    ).answer()
    assert "Retired: superseded by the 2026 settings page" in retired.text
    assert privy.store.get(FACT)[0].retired == "superseded by the 2026 settings page"
    found = await (await fact_cmd(fake, "search", text=FACT)).answer()
    assert f"`{FACT}` (retired)" in found.text
    missing = await (await fact_cmd(fake, "show", id="no-such-fact")).answer()
    assert missing.ephemeral and "No fact with id 'no-such-fact'" in missing.content


# ---- two moderators at once ------------------------------------------------------------------------------


async def test_concurrent_edits_do_not_overwrite_silently(fake: FakeDiscord, privy: Privy) -> None:
    first = await modal_of(await fact_cmd(fake, "edit", user="mod", id=FACT))
    second = await modal_of(await fact_cmd(fake, "edit", user="manager", id=FACT))
    theirs = "Manager's correction: the setting is now under Data privacy."
    mine = "Mod's correction, typed at the same time."
    panel = await (await fake.submit_modal(second["custom_id"], {"answer": theirs})).answer()
    await (await click(fake, panel, "save", "manager")).answer()

    panel = await (await fake.submit_modal(first["custom_id"], {"answer": mine})).answer()
    assert "Not saved: manager changed `linkedin-optout-global-2024` since you opened it" in panel.text
    assert theirs in panel.embeds[0]["description"]  # shown the current text
    assert mine in panel.embeds[1]["description"]  # and their own, kept
    assert not any(":save:" in c for c in panel.custom_ids)
    assert privy.store.get(FACT)[0].answer == theirs

    panel = await (await click(fake, panel, "rebase", "mod")).answer()  # a conscious choice, not silent
    saved = await (await click(fake, panel, "save", "mod")).answer()
    assert "(revision 3)" in saved.text
    assert [r.by_name for r in privy.store.history(FACT)] == ["privy (embedded pack)", "manager", "mod"]


# ---- packs -----------------------------------------------------------------------------------------------


def pack_bytes(privy: Privy, answer: str, extra: dict[str, Any] | None = None) -> bytes:
    data = yaml.safe_load(privy.store.export_text())
    fact = next(f for f in data["facts"] if f["id"] == FACT)
    fact["answer"] = answer
    new = {**fact, "id": "linkedin-new-2026", "question": "Does LinkedIn pay me for AI training data?"}
    data["facts"] = [fact, new] + ([extra] if extra else [])
    return yaml.safe_dump(data, sort_keys=False).encode()


async def test_import_from_an_attachment_with_confirmation(fake: FakeDiscord, privy: Privy) -> None:
    answer = (
        "Imported: LinkedIn's switch is now called 'Use my data for training content creation AI models'."
    )
    upload = Upload("linkedin.yaml", pack_bytes(privy, answer), "application/x-yaml")
    before = snapshot(privy)

    plan = await (await fact_cmd(fake, "import", pack=upload)).answer()
    assert plan.ephemeral
    assert "Importing it would: 1 added, 1 changed, 0 unchanged" in plan.text
    assert "Add: `linkedin-new-2026`" in plan.text and f"Change: `{FACT}`" in plan.text
    assert snapshot(privy) == before  # nothing until confirmed
    cancelled = await (await fake.click(plan, "privy:import:cancel", user="manager")).answer()
    assert "Import cancelled. Nothing was changed." in cancelled.text
    assert snapshot(privy) == before

    plan = await (await fact_cmd(fake, "import", pack=upload)).answer()
    with pytest.raises(FakeDiscordError, match="mod cannot see the ephemeral"):  # the importer's alone
        await fake.click(plan, "privy:import:confirm", user="mod")
    done = await (await fake.click(plan, "privy:import:confirm", user="manager")).answer()
    assert "Imported **linkedin.yaml**: 1 added, 1 changed, 0 unchanged" in done.text
    assert answer in (await ask(fake, "How do I turn off LinkedIn AI training? I'm in the US")).text
    assert privy.store.history("linkedin-new-2026")[0].by_name == "manager"


async def test_confirming_a_plan_after_another_save_refuses_and_keeps_the_newer_edit(
    fake: FakeDiscord, privy: Privy
) -> None:
    upload = Upload("linkedin.yaml", pack_bytes(privy, "The pack's older wording."), "application/x-yaml")
    plan = await (await fact_cmd(fake, "import", pack=upload)).answer()
    newer = next(f for f in yaml.safe_load(privy.store.export_text())["facts"] if f["id"] == FACT)
    newer["answer"] = "Another moderator's newer wording, saved while the plan was open."
    privy.store.save(newer, Author("other-mod"))  # saved between the plan and its confirmation
    refused = await (await fake.click(plan, "privy:import:confirm", user="manager")).answer()
    assert "changed since its plan was made" in refused.text and FACT in refused.text
    assert "nothing was imported" in refused.text
    assert privy.store.get(FACT)[0].answer == newer["answer"]  # the newer edit is not lost
    assert not privy.store.exists("linkedin-new-2026")


async def test_a_pack_with_one_bad_fact_imports_nothing(fake: FakeDiscord, privy: Privy) -> None:
    bad = {
        "id": "bad-fact",
        "regions": ["atlantis"],
        "topic": "status",
        "question": "q?",
        "answer": "a.",
        "sources": [{"url": "http://example.com"}],
        "verified": "2026-11-31",
    }
    upload = Upload("bad.yaml", pack_bytes(privy, "Changed.", extra=bad), "application/x-yaml")
    before = snapshot(privy)
    answer = await (await fact_cmd(fake, "import", pack=upload)).answer()
    assert "**bad.yaml** has problems; nothing was imported" in answer.text
    for field in ("regions", "sources[0].url", "verified"):
        assert f"`bad-fact` **{field}**" in answer.text
    assert answer.components == []
    assert snapshot(privy) == before


async def test_export_attaches_the_base_as_yaml(fake: FakeDiscord, privy: Privy) -> None:
    answer = await (await fact_cmd(fake, "export")).answer()
    assert answer.ephemeral and f"{privy.store.count()} facts (0 retired)" in answer.text
    (sent,) = answer.files
    assert sent.filename == "privy-facts-2026-12-07.yaml"
    assert sent.data.decode() == privy.store.export_text()


# ---- /review ---------------------------------------------------------------------------------------------


async def test_review_lists_stale_flagged_and_unanswered_and_drafts_a_fact(
    fake: FakeDiscord, privy: Privy
) -> None:
    old = privy.store.facts()[5]
    privy.store.save(
        {**yaml.safe_load(privy.store.export_text())["facts"][5], "verified": "2026-01-10"},
        Author("seed"),
        today=TODAY,
    )
    reply = await ask(fake, "How do I turn off LinkedIn AI training? I'm in the US")
    await (await fake.click(reply, f"privy:fb:outdated:{FACT}", user="alice")).answer()
    await (await fake.click(reply, f"privy:fb:outdated:{FACT}", user="bob")).answer()
    for _ in range(3):
        await ask(fake, "Does Telegram train AI on my posts?")
    await ask(fake, "Is Mastodon used for AI training?")

    queue = await (await fake.slash("review", user="manager")).answer()
    assert queue.ephemeral
    fields = {f["name"]: f["value"] for f in queue.embeds[0]["fields"]}
    assert f"`{old.id}` · verified 10 Jan 2026 (331 days)" in fields["Not verified for over 90 days"]
    assert f"`{FACT}` · 2 outdated, 0 wrong region" in fields["Flagged by users"]
    unanswered = fields["Unanswered questions, most asked first"].splitlines()
    assert unanswered[0] == "3× Does Telegram train AI on my posts?"
    assert unanswered[1].startswith("1× Is Mastodon")

    menu = next(c for c in queue.custom_ids if c == "privy:review:draft")
    option = next(
        o
        for row in queue.components
        for o in row["components"][0].get("options", [])
        if row["components"][0]["custom_id"] == menu and "Telegram" in o["label"]
    )
    form = await modal_of(await fake.click(queue, menu, user="manager", values=[option["value"]]))
    assert inputs(form)["question"] == "Does Telegram train AI on my posts?"
    assert inputs(form)["id"] == "does-telegram-train-ai-on-my-posts"
    assert not privy.store.exists("does-telegram-train-ai-on-my-posts")  # a draft is not live

    values = {
        "answer": "Telegram says it does not train generative AI on your posts.",
        "coverage": "regions: global\ntopic: status\nplatform:",
    }
    panel = await (await fake.submit_modal(form["custom_id"], values)).answer()
    sources = await modal_of(await click(fake, panel, "sources", "manager"))
    panel = await (
        await fake.submit_modal(
            sources["custom_id"], {"sources": "https://www.theverge.com/2026/1/2/telegram-ai"}
        )
    ).answer()
    await (await click(fake, panel, "save", "manager")).answer()

    queue = await (await fake.slash("review", user="manager")).answer()
    fields = {f["name"]: f["value"] for f in queue.embeds[0]["fields"]}
    assert "Telegram" not in fields["Unanswered questions, most asked first"]  # answered now

    card = await (await fake.click(queue, "privy:review:fact", user="manager", values=[old.id])).answer()
    assert "Not verified for 331 days" in card.text
    await (await click(fake, card, "verify", "manager")).answer()
    queue = await (await fake.slash("review", user="manager")).answer()
    assert old.id not in queue.text


# ---- optional peer review --------------------------------------------------------------------------------


async def test_with_review_required_a_second_moderator_approves(
    fake: FakeDiscord, start_bot: StartBot
) -> None:
    privy = await make_bot(start_bot, require_review=True)
    original = privy.store.get(FACT)[0].answer
    form = await modal_of(await fact_cmd(fake, "edit", user="mod", id=FACT))
    edited = "Proposed wording that needs a second pair of eyes."
    panel = await (await fake.submit_modal(form["custom_id"], {"answer": edited})).answer()
    assert "**Propose** sends it to another moderator" in panel.text
    proposed = await (await click(fake, panel, "save", "mod")).answer()
    assert "Proposed as change #1" in proposed.text
    assert privy.store.get(FACT)[0].answer == original  # not live yet

    queue = await (await fake.slash("review", user="mod", validate=False)).answer()
    change = await (await fake.click(queue, "privy:review:change", user="mod", values=["1"])).answer()
    assert f"**answer**: {original[:40]}" in change.text
    refused = await (await click(fake, change, "approve", "mod")).answer()
    assert "you proposed this change; another moderator has to approve it" in refused.text
    assert privy.store.get(FACT)[0].answer == original

    queue = await (await fake.slash("review", user="manager")).answer()
    change = await (await fake.click(queue, "privy:review:change", user="manager", values=["1"])).answer()
    approved = await (await click(fake, change, "approve", "manager")).answer()
    assert "Approved change #1 (revision 2)" in approved.text
    assert edited in (await ask(fake, "How do I turn off LinkedIn AI training? I'm in the US")).text
    last = privy.store.history(FACT)[-1]
    proposer = f"mod ({fake.users['mod'].id})"
    assert (last.action, last.by_name, last.note) == (
        "approve",
        "manager",
        f"edit proposed by {proposer} (change #1)",
    )


async def test_review_dismisses_unanswered_spam(fake: FakeDiscord, privy: Privy) -> None:
    await ask(fake, "Does Telegram train AI on my posts?")
    await ask(fake, "Is Mastodon used for AI training?")
    queue = await (await fake.slash("review", user="manager")).answer()
    menu = next(
        row["components"][0]
        for row in queue.components
        if row["components"][0]["custom_id"] == "privy:review:dismiss"
    )
    spam = [o["value"] for o in menu["options"] if "Mastodon" in o["label"]]
    updated = await (await fake.click(queue, "privy:review:dismiss", user="manager", values=spam)).answer()
    fields = {f["name"]: f["value"] for f in updated.embeds[0]["fields"]}
    assert fields["Unanswered questions, most asked first"] == "1× Does Telegram train AI on my posts?"
    assert [u.question for u in privy.community.unanswered()] == ["Does Telegram train AI on my posts?"]


@pytest.mark.parametrize("role", ["id", "name"])
async def test_the_moderator_role_is_found_by_id_or_name(
    fake: FakeDiscord, start_bot: StartBot, role: str
) -> None:
    moderators = fake.role("Moderators")
    privy = Privy(":memory:", today=lambda: TODAY)
    mod_role = str(moderators.id) if role == "id" else "moderators"
    await start_bot(create_bot(home_config(start_bot, mod_role=mod_role), privy=privy))
    card = await (await fact_cmd(fake, "show", user="mod", id=FACT)).answer()
    assert card.text.startswith(f"`{FACT}`")
    refused = await (await fact_cmd(fake, "show", user="alice", id=FACT)).answer()
    assert refused.content.startswith("Only moderators")
