"""One bot in two servers and a DM (issue 10), end to end on the fake Discord.

"Privy Test" is the home server (PRIVY_GUILD_ID): its moderators curate the shared base. "Stranger Town"
is anyone's server that invited the bot: mallory owns it, alt is her second account holding a role named
"Moderators" like the home server's PRIVY_MOD_ROLE, helper has Manage Server there, sam is a member.
What the stranger does stays in Stranger Town; nothing of the home server is shown or changed there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
import pytest_asyncio
import yaml

from bot import create_bot
from handlers.embeds import unescape
from knowledge.service import Privy
from tests.fakediscord import Call, FakeDiscord, FakeDiscordError, InteractionHandle, StartBot, Upload
from tests.fakediscord.world import FakeGuild
from tests.handlers.privy_setup import home_config

TODAY = date(2026, 12, 7)
FACT = "linkedin-optout-global-2024"
Q = "How do I turn off LinkedIn AI training? I'm in the US"
TOWN = "stranger-town-general"
LOCAL = "In Stranger Town the front desk switches LinkedIn's AI training off for you."
MASKED = "Turn it off at [linkedin.com/settings/data-for-ai](https://evil.example/linkedin-login)."
MARK = "From this server's moderators"
TOWN_GOOGLE = "In Stranger Town the library desk switches Google's AI training off for you."


@dataclass
class Servers:
    privy: Privy
    town: FakeGuild


async def start(fake: FakeDiscord, start_bot: StartBot, **config: Any) -> Servers:
    town = await fake.add_guild("Stranger Town", owner="mallory")
    await fake.add_role("Moderators", guild=town)  # named like the home server's moderator role
    await fake.add_user("alt", ["Moderators"], guild=town)
    await fake.add_user("helper", ["Server Managers"], guild=town)
    await fake.add_user("sam", guild=town)
    privy = Privy(":memory:", today=lambda: TODAY)
    await start_bot(create_bot(home_config(start_bot, mod_role="Moderators", **config), privy=privy))
    return Servers(privy, town)


@pytest_asyncio.fixture
async def servers(fake: FakeDiscord, start_bot: StartBot) -> Servers:
    return await start(fake, start_bot)


def shared(privy: Privy) -> tuple[str, int, int, int]:
    """Everything of the shared base a stranger might touch: facts, history, proposals, questions."""
    db = privy.db
    count = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    return (
        privy.store.export_text(),
        count("select count(*) from revisions where scope = ''"),
        count("select count(*) from pending_changes where scope = ''"),
        count("select count(*) from unanswered where scope = ''"),
    )


async def cmd(
    fake: FakeDiscord, name: str, user: str, where: str | None, sub: str | None = None, **options: Any
) -> InteractionHandle:
    return await fake.slash(name, options, subcommand=sub, user=user, channel=where, validate=False)


async def fact(
    fake: FakeDiscord, sub: str, user: str = "mallory", where: str | None = TOWN, **options: Any
) -> Call:
    return await (await cmd(fake, "fact", user, where, sub, **options)).answer()


async def ask(
    fake: FakeDiscord, question: str, where: str | None = None, guild: FakeGuild | None = None
) -> Call:
    """A new member asks (asking has a per-person cooldown); `where` "dm" asks in a DM."""
    user = f"asker{len(fake.users)}"
    await fake.add_user(user, guild=guild)
    return await fake.reply_to(await fake.user_message(question, author=user, channel=where))


def button(call: Call, op: str) -> str:
    return next(c for c in call.custom_ids if f":{op}:" in c)


async def edit_in_town(fake: FakeDiscord, answer: str, user: str = "mallory", fact: str = FACT) -> Call:
    form = (await (await cmd(fake, "fact", user, TOWN, "edit", id=fact)).response()).modal
    assert form is not None
    panel = await (await fake.submit_modal(form["custom_id"], {"answer": answer})).answer()
    return panel


# ---- the shared base: a stranger cannot change, hide, approve or read it ---------------------------------


async def test_a_strangers_changes_stay_in_her_server(fake: FakeDiscord, servers: Servers) -> None:
    privy, town = servers.privy, servers.town
    before = shared(privy)
    home_answer = (await ask(fake, Q)).text
    dm_answer = (await ask(fake, Q, "dm")).text

    refused = await fact(fake, "verify", id=FACT)
    assert "one of Privy's shared facts" in refused.text

    panel = await edit_in_town(fake, MASKED)
    assert "masked link" in panel.text and "Ready" not in panel.text
    form = (await (await fake.click(panel, button(panel, "text"), user="mallory")).response()).modal
    assert form is not None
    panel = await (await fake.submit_modal(form["custom_id"], {"answer": LOCAL})).answer()
    saved = await (await fake.click(panel, button(panel, "save"), user="mallory")).answer()
    assert "Saved" in saved.text and LOCAL in saved.text

    in_town = await ask(fake, Q, TOWN, town)
    assert LOCAL in in_town.text and MARK in in_town.text
    assert (await ask(fake, Q)).text == home_answer  # the home server, as before
    assert (await ask(fake, Q, "dm")).text == dm_answer  # DMs: the shared base
    assert "evil.example" not in in_town.text

    hidden = await fact(fake, "retire", id="linkedin-objection-form-global-2024", reason="we do not want it")
    assert "Hid `linkedin-objection-form-global-2024` in this server" in hidden.text
    assert shared(privy) == before  # nothing of the shared base changed, no revision, no proposal
    history = await fact(fake, "history", user="manager", where=None, id=FACT)
    assert "mallory" not in unescape(history.text)


async def test_a_strangers_import_stays_in_her_server_and_cannot_rename_platforms(
    fake: FakeDiscord, servers: Servers
) -> None:
    privy, town = servers.privy, servers.town
    before = shared(privy)
    data = yaml.safe_load(privy.store.export_text())
    mine = next(f for f in data["facts"] if f["id"] == FACT)
    data["facts"] = [{**mine, "answer": LOCAL}]
    upload = Upload("town.yaml", yaml.safe_dump(data, sort_keys=False).encode(), "application/x-yaml")
    plan = await fact(fake, "import", pack=upload)
    assert "1 changed" in plan.text
    done = await (await fake.click(plan, "privy:import:confirm", user="mallory")).answer()
    assert "Imported **town.yaml**" in done.text
    assert LOCAL in (await ask(fake, Q, TOWN, town)).text
    assert LOCAL not in (await ask(fake, Q)).text
    assert shared(privy) == before

    renamed = {
        "pack": "x",
        "platforms": [{"id": "linkedin", "name": "LinkedIn Official Support"}],
        "facts": [],
    }
    upload = Upload("rename.yaml", yaml.safe_dump(renamed).encode(), "application/x-yaml")
    refused = await fact(fake, "import", pack=upload)
    assert "platforms come from Privy's curators" in refused.text
    assert {p.name for p in privy.store.platforms() if p.id == "linkedin"} == {"LinkedIn"}


async def test_did_you_mean_answers_a_servers_own_fact_in_that_server(
    fake: FakeDiscord, servers: Servers
) -> None:
    town = servers.town
    data = yaml.safe_load(servers.privy.store.export_text())
    google = next(f for f in data["facts"] if f["id"] == "google-extended-websites-global-2023")
    own = {**google, "id": "town-google-desk", "question": "Does Google AI train on my town posts?"}
    own.update(answer=TOWN_GOOGLE)  # keeps the shared fact's variants, as a server's own version of it would
    data["facts"] = [own]
    upload = Upload("town.yaml", yaml.safe_dump(data, sort_keys=False).encode(), "application/x-yaml")
    plan = await fact(fake, "import", pack=upload)
    assert "1 added" in plan.text
    await (await fake.click(plan, "privy:import:confirm", user="mallory")).answer()

    await fake.add_user("kim", guild=town)
    unsure = await fake.reply_to(await fake.user_message("google ai", author="kim", channel=TOWN))
    picked = f"privy:dym:town-google-desk:{fake.users['kim'].id}"
    assert picked in unsure.custom_ids
    await fake.add_user("lee", guild=town)
    other = await (await fake.click(unsure, picked, user="lee")).response()  # another member: privately
    assert other.ephemeral and TOWN_GOOGLE in other.text and MARK in other.text
    update = await (await fake.click(unsure, picked, user="kim")).response()  # the asker: in place
    assert TOWN_GOOGLE in update.text and MARK in update.text  # not "no longer in the base"

    at_home = await ask(fake, "google ai")
    assert at_home.custom_ids and not any("town-google-desk" in c for c in at_home.custom_ids)


async def test_a_role_named_like_the_moderator_role_moderates_nothing_elsewhere(
    fake: FakeDiscord, servers: Servers
) -> None:
    town = servers.town
    for sub, options in (("show", {"id": FACT}), ("search", {"text": "linkedin"}), ("history", {"id": FACT})):
        refused = await fact(fake, sub, user="alt", **options)
        assert refused.text.startswith("Only this server's moderators"), sub
    review = await (await cmd(fake, "review", "alt", TOWN)).answer()
    assert review.text.startswith("Only this server's moderators")
    settings = await (await cmd(fake, "privy", "sam", TOWN, "settings")).answer()
    assert "Only members with the Manage Server permission" in settings.text

    role = fake.role("Moderators", guild=town)
    chosen = await (await cmd(fake, "privy", "mallory", TOWN, "settings", moderator_role=role)).answer()
    assert "Saved." in chosen.text and f"<@&{role.id}> (chosen here)" in chosen.text
    card = await fact(fake, "show", user="alt", id=FACT)
    assert card.text.startswith(f"`{FACT}`") and "shared fact" in card.text
    assert [c for c in card.custom_ids if ":verify:" in c] == []  # its curators verify it


async def test_peer_review_in_a_server_needs_two_of_its_own_moderators(
    fake: FakeDiscord, servers: Servers
) -> None:
    privy, town = servers.privy, servers.town
    set_review = await (await cmd(fake, "privy", "mallory", TOWN, "settings", peer_review=True)).answer()
    assert "Peer review (a second moderator approves each change): on (chosen here)" in set_review.text
    panel = await edit_in_town(fake, LOCAL)
    proposed = await (await fake.click(panel, button(panel, "save"), user="mallory")).answer()
    assert "Proposed as change #" in proposed.text
    assert LOCAL not in (await ask(fake, Q, TOWN, town)).text

    home_queue = await (await cmd(fake, "review", "manager", None)).answer()
    assert "privy:review:change" not in home_queue.custom_ids  # the home server never sees it
    queue = await (await cmd(fake, "review", "mallory", TOWN)).answer()
    change_id = next(
        o["value"]
        for row in queue.components
        for o in row["components"][0].get("options", [])
        if row["components"][0]["custom_id"] == "privy:review:change"
    )
    card = await (await fake.click(queue, "privy:review:change", user="mallory", values=[change_id])).answer()
    refused = await (await fake.click(card, button(card, "approve"), user="mallory")).answer()
    assert "another moderator has to approve it" in refused.text
    queue = await (await cmd(fake, "review", "helper", TOWN)).answer()
    card = await (await fake.click(queue, "privy:review:change", user="helper", values=[change_id])).answer()
    approved = await (await fake.click(card, button(card, "approve"), user="helper")).answer()
    assert "Approved change" in approved.text
    assert LOCAL in (await ask(fake, Q, TOWN, town)).text
    assert LOCAL not in (await ask(fake, Q)).text and privy.store.get(FACT)[0].answer != LOCAL


# ---- what each server reads ------------------------------------------------------------------------------


async def test_questions_flags_and_history_are_read_only_where_they_were_made(
    fake: FakeDiscord, servers: Servers
) -> None:
    privy, town = servers.privy, servers.town
    await ask(fake, "Does Telegram train AI on my posts? Mail me: alice.b@example.com, +44 7700 900123")
    await ask(fake, "Does Mastodon train AI on my toots?", TOWN, town)
    home = unescape((await (await cmd(fake, "review", "manager", None)).answer()).text)
    assert "[email]" in home and "[phone]" in home and "example.com" not in home
    assert "Mastodon" not in home
    there = await (await cmd(fake, "review", "mallory", TOWN)).answer()
    assert "Mastodon" in there.text and "Telegram" not in there.text

    not_changed = await fact(fake, "history", id=FACT)
    assert "this server has not changed" in not_changed.text
    own = dict(yaml.safe_load(privy.store.export_text())["facts"][0])
    own.update(id="town-only-desk", question="Who at the town hall turns off LinkedIn AI?", answer=LOCAL)
    own.update(platform="linkedin", regions=["us", "global"], topic="opt-out")
    for key in ("variants", "valid_from", "valid_until", "retired"):
        own.pop(key, None)
    pack = {"pack": "town", "facts": [own]}
    upload = Upload("own.yaml", yaml.safe_dump(pack, sort_keys=False).encode(), "application/x-yaml")
    plan = await fact(fake, "import", pack=upload)
    await (await fake.click(plan, "privy:import:confirm", user="mallory")).answer()
    town_answer = await ask(fake, "Who at the town hall turns off LinkedIn AI? I'm in the US", TOWN, town)
    assert LOCAL in town_answer.text and MARK in town_answer.text
    assert LOCAL not in (await ask(fake, "Who at the town hall turns off LinkedIn AI? I'm in the US")).text
    assert (
        LOCAL not in (await ask(fake, "Who at the town hall turns off LinkedIn AI? I'm in the US", "dm")).text
    )
    found = await fact(fake, "search", user="manager", where=None, text="town-only")
    assert "town-only-desk" not in found.text
    missing = await fact(fake, "show", user="manager", where=None, id="town-only-desk")
    assert "No fact with id 'town-only-desk'" in missing.text
    choices = await fake.autocomplete("fact", {"id": "town"}, focused="id", user="manager", subcommand="show")
    assert choices == []


# ---- suggestions reach the curators -------------------------------------------------------------------


async def test_a_suggestion_reaches_the_curators_who_accept_it_credited(
    fake: FakeDiscord, servers: Servers
) -> None:
    privy = servers.privy
    panel = await edit_in_town(fake, LOCAL)
    await (await fake.click(panel, button(panel, "save"), user="mallory")).answer()
    card = await fact(fake, "show", id=FACT)
    sent = await (await fake.click(card, button(card, "suggest"), user="mallory")).answer()
    assert "Sent `linkedin-optout-global-2024` to Privy's curators as suggestion #" in sent.text
    assert privy.store.get(FACT)[0].answer != LOCAL

    queue = await (await cmd(fake, "review", "manager", None)).answer()
    assert "Suggested by other servers" in queue.text and "Stranger Town" in queue.text
    change_id = sent.text.split("suggestion #")[1].split(".")[0]
    card = await (await fake.click(queue, "privy:review:change", user="manager", values=[change_id])).answer()
    assert "from the server **Stranger Town**" in card.text
    approved = await (await fake.click(card, button(card, "approve"), user="manager")).answer()
    assert "Approved change" in approved.text
    assert LOCAL in (await ask(fake, Q)).text and LOCAL in (await ask(fake, Q, "dm")).text
    assert "from the server Stranger Town" in (privy.store.history(FACT)[-1].note or "")
    theirs = await (await cmd(fake, "review", "mallory", TOWN)).answer()
    assert "Your suggestions to Privy's curators" in theirs.text and "approved" in theirs.text


async def test_a_stranger_cannot_reach_the_home_servers_drafts_or_queue(
    fake: FakeDiscord, servers: Servers
) -> None:
    form = (await (await cmd(fake, "fact", "mod", None, "edit", id=FACT)).response()).modal
    assert form is not None
    await (await fake.submit_modal(form["custom_id"], {"answer": "A curator's draft."})).answer()
    home = await (await cmd(fake, "review", "mod", None)).answer()
    assert "privy:review:resume" in home.custom_ids  # the curator's own draft, at home
    there = await (await cmd(fake, "review", "mallory", TOWN)).answer()
    assert "privy:review:resume" not in there.custom_ids and "A curator's draft" not in there.text
    with pytest.raises(FakeDiscordError, match="mallory cannot see the ephemeral"):  # not hers to click
        await fake.click(home, "privy:review:resume", user="mallory", values=[])


async def test_revert_export_and_a_declined_suggestion_in_a_server(
    fake: FakeDiscord, servers: Servers
) -> None:
    privy, town = servers.privy, servers.town
    panel = await edit_in_town(fake, LOCAL)
    await (await fake.click(panel, button(panel, "save"), user="mallory")).answer()
    exported = await (await cmd(fake, "fact", "mallory", TOWN, "export")).answer()
    assert LOCAL.split(" the front")[0] in exported.files[0].data.decode()  # her view: her version
    home_export = await (await cmd(fake, "fact", "manager", None, "export")).answer()
    assert LOCAL.split(" the front")[0] not in home_export.files[0].data.decode()

    card = await fact(fake, "show", id=FACT)
    sent = await (await fake.click(card, button(card, "suggest"), user="mallory")).answer()
    change_id = sent.text.split("suggestion #")[1].split(".")[0]
    queue = await (await cmd(fake, "review", "manager", None)).answer()
    proposal = await (
        await fake.click(queue, "privy:review:change", user="manager", values=[change_id])
    ).answer()
    form = (await (await fake.click(proposal, button(proposal, "reject"), user="manager")).response()).modal
    assert form is not None
    declined = await (
        await fake.submit_modal(form["custom_id"], {"reason": "one desk is no source"})
    ).answer()
    assert f"Rejected change #{change_id}" in declined.text
    theirs = unescape((await (await cmd(fake, "review", "mallory", TOWN)).answer()).text)
    assert "rejected: one desk is no source" in theirs
    assert privy.store.get(FACT)[0].answer != LOCAL

    reverted = await fact(fake, "revert", id=FACT, rev=1)  # rev 1 of her layer: the shared text she replaced
    assert "Reverted" in reverted.text
    assert LOCAL not in (await ask(fake, Q, TOWN, town)).text
    assert [r.action for r in privy.scoped(str(town.id)).store.history(FACT)] == ["copy", "edit", "revert"]


async def test_a_region_button_answers_with_the_servers_own_version(
    fake: FakeDiscord, servers: Servers
) -> None:
    local = "In Stranger Town the front desk says Instagram trains on US posts; ask them to opt you out."
    panel = await edit_in_town(
        fake, local, fact="meta-genai-global-2024"
    )  # answers "is it training?" in the US
    await (await fake.click(panel, button(panel, "save"), user="mallory")).answer()
    question = "Is Instagram training AI on my posts?"  # the answer differs by region: Privy asks where
    clarify = await fake.reply_to(await fake.user_message(question, author="sam", channel=TOWN))
    assert "depends on where you live" in clarify.text
    custom = f"privy:region:us:{fake.users['sam'].id}"
    answered = await (await fake.click(clarify, custom, user="sam")).answer()
    assert local in answered.text and MARK in answered.text
    await fake.add_user("sam2", guild=None)
    home = await fake.reply_to(await fake.user_message(question, author="sam2"))
    custom = f"privy:region:us:{fake.users['sam2'].id}"
    assert local not in (await (await fake.click(home, custom, user="sam2")).answer()).text


def options_of(queue: Call, menu: str) -> list[dict[str, Any]]:
    return [
        o
        for row in queue.components
        for o in row["components"][0].get("options", [])
        if row["components"][0]["custom_id"] == menu
    ]


async def test_a_servers_queue_flags_drafts_and_new_facts_are_its_own(
    fake: FakeDiscord, servers: Servers
) -> None:
    privy, town = servers.privy, servers.town
    reply = await ask(fake, Q, TOWN, town)
    await (await fake.click(reply, f"privy:fb:outdated:{FACT}", user="sam")).answer()
    await ask(fake, "Does Telegram train AI on my posts?", TOWN, town)
    await ask(fake, "Does Mastodon train AI on my toots?", TOWN, town)
    home = await (await cmd(fake, "review", "manager", None)).answer()
    assert FACT not in home.text and "Telegram" not in home.text

    queue = await (await cmd(fake, "review", "mallory", TOWN)).answer()
    fields = {f["name"]: f["value"] for f in queue.embeds[0]["fields"]}
    assert f"`{FACT}` · 1 outdated, 0 wrong region" in unescape(fields["Flagged by users"])
    card = await (await fake.click(queue, "privy:review:fact", user="mallory", values=[FACT])).answer()
    assert "shared fact" in card.text and "Users flagged it: 1 outdated" in card.text
    spam = [o["value"] for o in options_of(queue, "privy:review:dismiss") if "Mastodon" in o["label"]]
    queue = await (await fake.click(queue, "privy:review:dismiss", user="mallory", values=spam)).answer()
    assert (
        "Mastodon" not in queue.text
        and privy.db.execute("select count(*) from unanswered").fetchone()[0] == 1
    )

    telegram = [o["value"] for o in options_of(queue, "privy:review:draft") if "Telegram" in o["label"]]
    form = (
        await (await fake.click(queue, "privy:review:draft", user="mallory", values=telegram)).response()
    ).modal
    assert form is not None
    values = {
        "answer": "In this town we say Telegram trains its AI on public videos.",
        "coverage": "regions: global\ntopic: status\nplatform:",
    }
    panel = await (await fake.submit_modal(form["custom_id"], values)).answer()
    sources_id = button(panel, "sources")
    sources = (await (await fake.click(panel, sources_id, user="mallory")).response()).modal
    assert sources is not None
    panel = await (
        await fake.submit_modal(sources["custom_id"], {"sources": "https://example.org/telegram-ai"})
    ).answer()
    saved = await (await fake.click(panel, button(panel, "save"), user="mallory")).answer()
    assert "Saved `does-telegram-train-ai-on-my-posts`" in saved.text
    mine = await ask(fake, "Does Telegram train AI on my posts?", TOWN, town)
    assert "In this town we say" in mine.text and MARK in mine.text
    assert "In this town we say" not in (await ask(fake, "Does Telegram train AI on my posts?")).text
    assert "In this town we say" not in (await ask(fake, "Does Telegram train AI on my posts?", "dm")).text
    assert not privy.store.exists("does-telegram-train-ai-on-my-posts")  # not in the shared base
    assert "Telegram" not in (await (await cmd(fake, "review", "mallory", TOWN)).answer()).text
