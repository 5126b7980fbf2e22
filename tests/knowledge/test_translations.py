"""Answers in the asker's language, and curated translations of facts (issue 20): the lead computed from
the claim in each language, dates and region names the local way, a translation shown only while the
English it was made from is current, its checks in a pack, moderators' translations and /review."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from knowledge.answers.lead import lead
from knowledge.answers.text import render_text
from knowledge.curation.queue import review_queue
from knowledge.curation.workflow import Curator
from knowledge.i18n.catalogues import LANGUAGES
from knowledge.i18n.local import day_text, region_name
from knowledge.i18n.speaking import speaking
from knowledge.model import Claim, Fact, Source
from knowledge.packs.format import PackError, load_pack
from knowledge.service import Privy
from knowledge.store.facts import Author

TODAY = date(2026, 12, 7)
MOD = Author("Jana", "7")
ROOT = Path(__file__).resolve().parents[2]
ENGLISH = "Since 3 November 2025 LinkedIn uses UK members' public posts to train its AI models."
GERMAN = (
    "Seit dem 3. November 2025 nutzt LinkedIn öffentliche Beiträge von Mitgliedern im Vereinigten Königreich."
)
STEPS = ["Open Settings & Privacy.", "Choose Data privacy.", "Switch off Data for Generative AI Improvement."]
STEPS_DE = ["Öffne Einstellungen & Datenschutz.", "Wähle Datenschutz.", "Schalte die Einstellung aus."]

FACT = {
    "id": "linkedin-uk",
    "platform": "linkedin",
    "regions": ["uk"],
    "topic": "status",
    "valid_from": date(2025, 11, 3),
    "question": "Is LinkedIn training AI on my posts in the UK?",
    "answer": ENGLISH,
    "steps": STEPS,
    "sources": [{"url": "https://www.linkedin.com/help/linkedin/answer/a6278444", "title": "Help", "publisher": "LinkedIn"}],
    "verified": date(2026, 11, 20),
    "claim": {"kind": "training", "training": "yes", "data": ["profile details", "public posts"]},
}  # fmt: skip


def pack(**translations: dict[str, Any]) -> dict[str, Any]:
    fact = copy.deepcopy(FACT)
    if translations:
        fact["translations"] = translations
    return {"pack": "t", "platforms": [{"id": "linkedin", "name": "LinkedIn"}], "facts": [fact]}


def german(**fields: Any) -> dict[str, Any]:
    return {"prose": GERMAN, "steps": STEPS_DE, "by": "Jana", "checked": date(2026, 12, 1), **fields}


def privy_with(data: dict[str, Any]) -> Privy:
    privy = Privy(":memory:", seed=False, today=lambda: TODAY)
    privy.store.import_pack(load_pack(data, today=TODAY), Author("test"))
    return privy


def reply(
    privy: Privy, lang: str, question: str = "Is LinkedIn training AI on my posts? I'm in Leeds"
) -> str:
    with speaking(lang):
        return render_text(privy.ask(question))


# ---- the lead, dates and places in each language -----------------------------------------------------


def uk_fact() -> Fact:
    return Fact(
        id="f", regions=("uk",), topic="status", question="q", answer="a", verified=TODAY,
        sources=(Source("https://www.linkedin.com/help"),), valid_from=date(2025, 11, 3),
        claim=Claim(kind="training", training="paused", data=("public posts",)),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "No — paused since 3 Nov 2025: LinkedIn is not training AI on public posts in the UK."),
        ("de", "Nein — pausiert seit 3. November 2025: LinkedIn trainiert derzeit keine KI mit „public posts“ (Region: Vereinigtes Königreich)."),
        ("fr", "Non — en pause depuis le 3 novembre 2025 : LinkedIn n’entraîne pas son IA sur « public posts » (région : Royaume-Uni)."),
        ("ja", "いいえ — 一時停止中 2025年11月3日から：LinkedIn（イギリス）は「public posts」をAIの学習に使っていません。"),
    ],
)  # fmt: skip
def test_the_lead_is_computed_from_the_claim_in_the_askers_language(lang: str, expected: str) -> None:
    with speaking(lang):
        assert lead(uk_fact(), platform_name="LinkedIn", region="uk", as_of=TODAY) == expected


@pytest.mark.parametrize(
    ("lang", "day", "place"),
    [("en", "3 Nov 2025", "the UK"), ("de", "3. November 2025", "Vereinigtes Königreich"),
     ("es", "3 de noviembre de 2025", "Reino Unido"), ("pt-BR", "3 de novembro de 2025", "Reino Unido"),
     ("pl", "3 listopada 2025", "Wielka Brytania"), ("ja", "2025年11月3日", "イギリス"),
     ("nl", "3 november 2025", "Verenigd Koninkrijk")],
)  # fmt: skip
def test_dates_and_region_names_the_local_way(lang: str, day: str, place: str) -> None:
    with speaking(lang):
        assert day_text(date(2025, 11, 3)) == day and region_name("uk") == place
        assert region_name("eea") != "the EEA (EU, Iceland, Liechtenstein, Norway)" or lang == "en"


def test_every_language_answers_with_its_own_lead_and_headings() -> None:
    privy = privy_with(pack())
    english = reply(privy, "en")
    assert english.splitlines()[3].startswith("Yes — since 3 Nov 2025 LinkedIn trains AI on profile details")
    leads = {lang: reply(privy, lang).splitlines()[3] for lang in LANGUAGES}
    assert len(set(leads.values())) == len(LANGUAGES)  # pt-BR and pt-PT too: each language its own
    for lang in LANGUAGES[1:]:
        assert ENGLISH in leads[lang] and "LinkedIn" in leads[lang] and not leads[lang].startswith("Yes")


# ---- curated translations --------------------------------------------------------------------------


def test_a_current_translation_replaces_the_prose_and_steps() -> None:
    privy = privy_with(pack(de=german()))
    text = reply(privy, "de")
    assert GERMAN in text and ENGLISH not in text and "(auf Englisch)" not in text
    assert "Schritte:\n1. Öffne Einstellungen & Datenschutz." in text
    assert "(en anglais) " + ENGLISH in reply(privy, "fr")  # no French translation: the English, marked
    assert "Étapes (en anglais):\n1. Open Settings & Privacy." in reply(privy, "fr")
    assert GERMAN not in reply(privy, "en") and ENGLISH in reply(privy, "en")


def test_a_translation_of_older_english_is_not_shown_and_goes_to_review() -> None:
    privy = privy_with(pack(de=german()))
    exported = yaml.safe_load(privy.store.export_text())["facts"][0]
    made_from = exported["translations"]["de"]["english"]  # the hash facts export writes
    changed = {**exported, "answer": ENGLISH + " Switching it off stops future use only."}
    privy.store.import_pack(load_pack({**pack(), "facts": [changed]}, today=TODAY), Author("editor"))
    text = reply(privy, "de")
    assert GERMAN not in text and "(auf Englisch) " + ENGLISH in text
    queue = review_queue(Curator(privy.scoped("")), stale_days=90)
    assert [(s.fact.id, s.languages) for s in queue.translations] == [("linkedin-uk", "de")]
    assert queue.translations[0].translations[0].english == made_from


def test_export_and_import_keep_a_translation_and_what_it_was_made_from() -> None:
    privy = privy_with(pack(de=german()))
    text = privy.store.export_text()
    again = privy_with(yaml.safe_load(text))
    assert again.store.export_text() == text
    assert GERMAN in reply(again, "de")


def test_a_moderator_translates_and_an_english_edit_makes_it_stale() -> None:
    privy = privy_with(pack())
    curator = Curator(privy.scoped(""))
    curator.translate("linkedin-uk", "pl", "Od 3 listopada 2025 LinkedIn trenuje AI na postach.", "", MOD)
    assert "Od 3 listopada 2025 LinkedIn trenuje AI na postach." in reply(privy, "pl")
    assert privy.store.history("linkedin-uk")[-1].action == "translate"
    assert review_queue(curator, stale_days=90).translations == []
    entry = yaml.safe_load(privy.store.export_text())["facts"][0]
    assert (
        entry["translations"]["pl"]["by"] == "Jana"
        and str(entry["translations"]["pl"]["checked"]) == "2026-12-07"
    )
    privy.store.save({**entry, "answer": "LinkedIn changed its setting in December 2026."}, MOD, today=TODAY)
    assert "Od 3 listopada" not in reply(privy, "pl")
    assert [s.languages for s in review_queue(curator, stale_days=90).translations] == ["pl"]
    curator.translate("linkedin-uk", "pl", "", "", MOD)  # blank prose removes it
    assert review_queue(curator, stale_days=90).translations == []


@pytest.mark.parametrize(
    ("translation", "field", "message"),
    [
        ({"xx": german()}, "translations.xx", "unknown language"),
        ({"de": german(by="")}, "translations.de.by", "is required"),
        ({"de": german(steps=STEPS_DE[:2])}, "translations.de.steps", "the English has 3"),
        ({"de": german(english="not-a-hash")}, "translations.de.english", "12-character hash"),
        ({"de": german(prose="Siehe [hier](https://evil.example)")}, "translations.de.prose", "masked link"),
        ({"de": {**german(), "machine": True}}, "translations.de.machine", "unknown field"),
    ],
)
def test_a_packs_translations_are_checked(translation: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(PackError) as caught:
        load_pack(pack(**translation), today=TODAY)
    assert any(p.field == field and message in p.message for p in caught.value.problems), (
        caught.value.problems
    )


# ---- the command line ------------------------------------------------------------------------------


def run(args: list[str], db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "bot.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={"PRIVY_DB": str(db), "PRIVY_LOG_LEVEL": "WARNING", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip


def test_ask_lang_answers_in_that_language_and_json_says_which(tmp_path: Path) -> None:
    db = tmp_path / "privy.db"
    question = "Is LinkedIn training AI on my posts? I'm in Leeds"
    german_json = json.loads(run(["ask", question, "--lang", "de", "--json"], db).stdout)
    english_json = json.loads(run(["ask", question, "--json"], db).stdout)
    assert german_json["lang"] == "de" and english_json["lang"] == "en"
    assert german_json["lead"].startswith("Ja — LinkedIn trainiert") and english_json["lead"].startswith(
        "Yes — "
    )
    assert german_json["facts"] == english_json["facts"]  # the facts are the curated English, unchanged
    assert german_json["reply"].splitlines()[0] == "LinkedIn · Vereinigtes Königreich"
    refused = run(["ask", question, "--lang", "tlh"], db)
    assert refused.returncode != 0 and "--lang: Privy does not speak 'tlh'" in refused.stderr


def test_a_saved_region_is_not_named_to_others_in_any_language() -> None:
    privy = privy_with(pack())
    with speaking("de"):
        answer = privy.ask("Is LinkedIn training AI on my posts?", region="uk")
        answer.region_saved = True
        assert "(Region: Vereinigtes Königreich)" in answer.lead
        answer.hide_saved_region()
        assert "(Region: deine gespeicherte Region)" in answer.lead and "Königreich" not in answer.lead
        assert render_text(answer).splitlines()[0] == "LinkedIn · deine gespeicherte Region"
