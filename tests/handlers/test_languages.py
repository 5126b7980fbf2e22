"""Privy in the asker's language on the fake Discord (issue 20): a `de` user's answer, buttons and
commands in German, the English prose marked as English, a curated translation shown only while current,
public replies in the question's (else the server's) language, and /review listing stale translations."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from handlers import language
from handlers.client import PrivyBot
from knowledge.model import english_hash
from knowledge.packs.format import load_pack
from knowledge.store.facts import Author
from tests.fakediscord import Call, FakeDiscord, StartBot
from tests.fakediscord.limits import walk_components
from tests.handlers.privy_setup import PACK, TODAY, embed_of, make_privy, start_privy

UK_QUESTION = "Is LinkedIn training AI on my posts? I'm in Leeds"
GERMAN_QUESTION = "Trainiert LinkedIn seine KI mit meinen Beiträgen? Ich wohne in Leeds."
US_QUESTION = "Is LinkedIn training AI on my posts? I'm in Texas"
UK_STEPS = ["Öffne Einstellungen & Datenschutz › Datenschutz.", "Wähle „Daten zur Verbesserung generativer KI“.",
            "Schalte die Einstellung aus."]  # fmt: skip
UK_PROSE_DE = "Seit dem 3. November 2025 nutzt LinkedIn Beiträge von Mitgliedern im Vereinigten Königreich."


def pack(*, uk_translation: dict[str, Any] | None = None) -> dict[str, Any]:
    """The Discord tests' pack with claims (the lead is computed from them) and, optionally, a German
    translation of the UK fact."""
    out = copy.deepcopy(PACK)
    uk, us = out["facts"][0], out["facts"][1]
    uk["answer"] = "Since 3 November 2025 LinkedIn uses UK members' posts to train its AI models."
    uk["claim"] = {"kind": "training", "training": "yes", "data": ["public posts"]}
    us["answer"] = "Since 18 September 2024 LinkedIn's AI training setting is on by default in the US."
    us["claim"] = {"kind": "training", "training": "yes"}
    if uk_translation is not None:
        uk["translations"] = {"de": uk_translation}
    return out


def german(**fields: Any) -> dict[str, Any]:
    return {"prose": UK_PROSE_DE, "steps": UK_STEPS, "by": "Jana", "checked": date(2026, 12, 1), **fields}


def labels(call: Call) -> list[str]:
    return [c["label"] for c in walk_components(call.components) if c.get("label")]


async def ask_as(fake: FakeDiscord, user: str, question: str, **options: Any) -> Call:
    return await (await fake.slash("ask", {"question": question, **options}, user=user)).answer()


@pytest.fixture
def speakers(fake: FakeDiscord) -> FakeDiscord:
    """alice's Discord is in German; bob's in English (the default)."""
    fake.users["alice"].locale = "de"
    return fake


async def test_a_german_user_gets_a_german_answer_with_the_english_prose_marked(
    speakers: FakeDiscord, start_bot: StartBot
) -> None:
    await start_privy(start_bot, make_privy(pack()))
    reply = await ask_as(speakers, "alice", GERMAN_QUESTION)
    assert reply.ephemeral
    embed = embed_of(reply)
    assert embed["title"] == "LinkedIn · Vereinigtes Königreich"
    description = embed["description"]
    assert "*Antwort — Vereinigtes Königreich, Stand 7. Dezember 2026.*" in description
    # the lead from the claim, in German, the pack's own words for the data quoted; then the English prose
    assert (
        "Ja — LinkedIn trainiert seit 3. November 2025 KI mit „public posts“ (Region: Vereinigtes Königreich)."
        " (auf Englisch) Since 3 November 2025 LinkedIn uses UK members' posts" in description
    )
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Schritte (auf Englisch)"].startswith("1. Open Settings & Privacy › Data privacy.")
    assert "Quellen" in fields
    assert embed["footer"]["text"].startswith("Stand 7. Dezember 2026 · geprüft am 20. November 2026.")
    assert labels(reply) == ["Hilfreich", "Veraltet", "Falsche Region"]

    english = embed_of(await ask_as(speakers, "bob", UK_QUESTION))  # the same question in English
    assert english["title"] == "LinkedIn · UK"
    assert "Yes — since 3 Nov 2025 LinkedIn trains AI on public posts in the UK." in english["description"]
    assert "(English)" not in english["description"]


async def test_a_current_translation_is_shown_and_a_stale_one_is_not(
    speakers: FakeDiscord, start_bot: StartBot
) -> None:
    privy = make_privy(pack(uk_translation=german()))
    await start_privy(start_bot, privy)
    fresh = embed_of(await ask_as(speakers, "alice", UK_QUESTION))
    assert UK_PROSE_DE in fresh["description"] and "(auf Englisch)" not in fresh["description"]
    steps = {f["name"]: f["value"] for f in fresh["fields"]}["Schritte"]
    assert steps.splitlines() == [f"{i}. {s}" for i, s in enumerate(UK_STEPS, 1)]

    # the English changes: the translation was made from older English, so it is no longer shown
    entry = next(f for f in pack(uk_translation=german())["facts"] if f["id"] == "linkedin-genai-uk-test")
    entry["answer"] += " Switching it off stops future use only."
    entry["translations"]["de"]["english"] = english_hash(
        pack()["facts"][0]["answer"], tuple(entry["steps"])
    )  # as `facts export` wrote it, before the change
    privy.store.import_pack(load_pack({**pack(), "facts": [entry]}, today=TODAY), Author("editor"))
    await speakers.add_user("carla")  # another German speaker (asking has a per-person cooldown)
    speakers.users["carla"].locale = "de"
    stale = embed_of(await ask_as(speakers, "carla", UK_QUESTION))
    assert UK_PROSE_DE not in stale["description"]
    assert "(auf Englisch) Since 3 November 2025" in stale["description"]
    assert "Switching it off stops future use only." in stale["description"]

    queue = await (await speakers.slash("review", user="manager")).answer()
    fields = {f["name"]: f["value"] for f in queue.embeds[0]["fields"]}
    listed = fields["Translations the English outgrew (not shown until translated again)"]
    assert (
        listed == "`linkedin-genai-uk-test` · de · by Jana, checked 1 Dec 2026"
    )  # moderators' tools: English


async def test_german_command_names_in_the_synced_list(speakers: FakeDiscord, start_bot: StartBot) -> None:
    await start_privy(start_bot, make_privy(pack()))
    synced = {c["name"]: c for c in speakers.commands[speakers.guild.id].values()}
    ask = synced["ask"]
    assert ask["name_localizations"]["de"] == "fragen"
    assert ask["description_localizations"]["de"].startswith("Trainiert eine Plattform KI")
    options = {o["name"]: o for o in ask["options"]}
    assert options["question"]["name_localizations"]["de"] == "frage"
    assert options["public"]["name_localizations"]["ja"] == "公開"
    assert synced["help"]["name_localizations"]["fr"] == "aide"
    assert synced["Ask Privy"]["name_localizations"]["de"] == "Privy fragen"
    region = {o["name"]: o for o in synced["region"]["options"]}
    assert region["set"]["name_localizations"]["pl"] == "ustaw"
    assert "name_localizations" not in synced["fact"] or not synced["fact"]["name_localizations"]
    # a moderators' tool stays English to the last option, whatever words the catalogues carry
    alerts = next(o for o in synced["privy"]["options"] if o["name"] == "alerts")
    for part in (alerts, *alerts["options"]):
        assert not part.get("name_localizations") and not part.get("description_localizations"), part


async def test_public_replies_follow_the_question_then_the_server(
    speakers: FakeDiscord, start_bot: StartBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    speakers.guild.locale = "fr"  # the server's language, before the bot sees the server
    await start_privy(start_bot, make_privy(pack()))
    # the language detector is branch `lang`'s (stubbed here): read the question as Spanish
    monkeypatch.setattr(language, "detect_language", lambda text: "es" if "Texas" in text else None)
    public = await ask_as(speakers, "alice", US_QUESTION, public=True)  # alice's own Discord is German
    assert not public.ephemeral
    assert embed_of(public)["title"] == "LinkedIn · Estados Unidos"
    assert labels(public) == ["Útil", "Desactualizado", "Región equivocada"]

    mention = await speakers.reply_to(await speakers.user_message(UK_QUESTION, author="bob"))
    assert embed_of(mention)["title"] == "LinkedIn · Royaume-Uni"  # no language read: the server's
    assert "Oui — LinkedIn entraîne depuis le 3 novembre 2025 son IA" in embed_of(mention)["description"]


async def test_errors_and_help_in_the_users_language(speakers: FakeDiscord, start_bot: StartBot) -> None:
    bot: PrivyBot = await start_privy(start_bot, make_privy(pack()))
    assert bot.user is not None
    help_reply = await (await speakers.slash("help", user="alice")).answer()
    assert help_reply.content.startswith("Hallo, ich bin Privy.")
    assert "/fragen" in help_reply.content
    refused = await (
        await speakers.slash("region", {"code": "Atlantis"}, subcommand="set", user="alice")
    ).answer()
    assert refused.ephemeral and refused.content.startswith("Die Region 'Atlantis' kenne ich nicht.")


def test_public_language_prefers_the_question(monkeypatch: pytest.MonkeyPatch) -> None:
    import discord

    monkeypatch.setattr(language, "detect_language", lambda text: "it")
    assert language.public_language("Come disattivo?", discord.Locale.german) == "it"
    monkeypatch.setattr(language, "detect_language", lambda text: None)
    assert language.public_language("?", discord.Locale.brazil_portuguese) == "pt-BR"
    assert language.public_language("?", None) == "en"


async def test_a_moderator_translates_a_fact_with_fact_translate(
    speakers: FakeDiscord, start_bot: StartBot
) -> None:
    privy = make_privy(pack())
    await start_privy(start_bot, privy)
    opened = await (
        await speakers.slash("fact", {"id": "linkedin-genai-uk-test", "lang": "de"}, subcommand="translate",
                             user="manager")
    ).response()  # fmt: skip
    assert opened.ok and opened.modal is not None
    form = opened.modal
    saved = await (
        await speakers.submit_modal(form["custom_id"], {"prose": UK_PROSE_DE, "steps": "\n".join(UK_STEPS)})
    ).answer()
    assert saved.text.startswith("Saved the de translation of linkedin-genai-uk-test (revision 2).")
    last = privy.store.history("linkedin-genai-uk-test")[-1]
    assert (last.action, last.by_name, last.changes) == ("translate", "manager", ("translations",))
    answer = embed_of(await ask_as(speakers, "alice", GERMAN_QUESTION))
    assert UK_PROSE_DE in answer["description"] and "(auf Englisch)" not in answer["description"]
    card = await (
        await speakers.slash("fact", {"id": "linkedin-genai-uk-test"}, subcommand="show", user="manager")
    ).answer()
    assert "🌐 Translations: de by manager, checked 7 Dec 2026." in card.text
    french = await (
        await speakers.slash("fact", {"id": "linkedin-genai-uk-test", "lang": "fr"}, subcommand="translate",
                             user="manager")
    ).response()  # fmt: skip
    assert french.modal is not None
    refused = await (
        await speakers.submit_modal(
            french.modal["custom_id"], {"prose": "Depuis 2025.", "steps": "Une étape."}
        )
    ).answer()
    assert "the English has 3" in refused.text  # a step a line, as many as the English


async def test_a_translation_discord_would_refuse_as_a_name_stays_english(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from discord import Locale, app_commands

    from handlers import command_names

    monkeypatch.setattr(command_names, "translation", lambda message, lang: "wył.")  # a reply's word
    translator = command_names.CatalogueTranslator()
    name = app_commands.TranslationContext(app_commands.TranslationContextLocation.parameter_name, None)
    words = app_commands.TranslationContext(
        app_commands.TranslationContextLocation.parameter_description, None
    )
    assert await translator.translate(app_commands.locale_str("off"), Locale.polish, name) is None
    assert await translator.translate(app_commands.locale_str("off"), Locale.polish, words) == "wył."
