"""Reading questions in other languages: each language's words of the domain, its place names and dates
are read as the English the reader knows, and the issue's own examples are answered."""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.answers.followup import Context
from knowledge.i18n.speaking import speaking
from knowledge.places import resolve_region
from knowledge.reading.dates import date_in
from knowledge.reading.foreign import VOCABULARY, Reading, in_english, read, vocabulary_of
from knowledge.reading.intent import intents, is_how_to
from knowledge.reading.language import LANGUAGES
from knowledge.service import Privy

TODAY = date(2026, 12, 7)
READ = [code for code in LANGUAGES if code != "en"]

# (language, words as people write them, English the reader must get): the domain in every language.
DOMAIN = [
    ("de", "KI-Training", "ai training"),
    ("de", "meine Daten und Beiträge", "my data and posts"),
    ("de", "widersprechen", "object"),
    ("de", "deaktivieren", "turn off"),
    ("fr", "l'entraînement de l'IA", "training of ai"),
    ("fr", "mes données et mes publications", "my data and my posts"),
    ("fr", "désactiver", "turn off"),
    ("fr", "m'opposer", "me object"),
    ("es", "el entrenamiento de la IA", "training ai"),
    ("es", "mis datos y mis fotos", "my data and my photos"),
    ("es", "desactivar", "turn off"),
    ("pt", "treinamento de IA", "training ai"),
    ("pt", "as minhas fotografias", "my photos"),
    ("pt", "desativar", "turn off"),
    ("it", "l'addestramento dell'IA", "training of ai"),
    ("it", "disattivare", "turn off"),
    ("it", "i miei dati", "my data"),
    ("nl", "AI-training", "ai training"),
    ("nl", "uitschakelen", "turn off"),
    ("nl", "bezwaar maken", "object"),
    ("nl", "mijn gegevens", "my data"),
    ("pl", "trenowanie AI", "training ai"),
    ("pl", "wyłączyć", "turn off"),
    ("pl", "moich danych", "my data"),
    ("ja", "オプトアウト", "opt out"),
    ("ja", "AIの学習", "ai training"),
    ("ja", "私の投稿", "my posts"),
]


@pytest.mark.parametrize(("language", "words", "english"), DOMAIN)
def test_domain_words_are_read_in_english(language: str, words: str, english: str) -> None:
    assert in_english(words, language) == english


PLACES = [
    ("Nutzt LinkedIn meine Daten? Ich wohne in Deutschland", "de"),
    ("LinkedIn utilise-t-il mes données ? J'habite en Allemagne", "de"),
    ("O LinkedIn usa meus dados? Moro na Alemanha", "de"),
    ("Czy LinkedIn używa moich danych? Mieszkam w Niemczech", "de"),
    ("LinkedInは私のデータを使っていますか？ドイツに住んでいます", "de"),
    ("Nutzt LinkedIn meine Daten? Ich bin in München", "de"),
    ("LinkedIn utilise-t-il mes données ? Je suis à Munich", "de"),
    ("Nutzt LinkedIn meine Daten? Ich wohne in Bayern", "de"),
    ("LinkedIn usa i miei dati? Vivo a Milano", "it"),
    ("Gebruikt LinkedIn mijn gegevens? Ik woon in Antwerpen", "be"),
    ("O LinkedIn usa meus dados? Moro em São Paulo", "br"),
    ("LinkedInは私のデータを使っていますか？大阪に住んでいます", "jp"),
]


@pytest.mark.parametrize(("question", "region"), PLACES)
def test_places_are_read_in_each_language(question: str, region: str) -> None:
    assert resolve_region(read(question).text) == region


DATES = [
    ("Trainiert LinkedIn seit November 2025 mit meinen Daten?", date(2025, 11, 1)),
    ("LinkedIn entraîne-t-il l'IA depuis novembre 2025 ?", date(2025, 11, 1)),
    ("¿LinkedIn entrena IA con mis datos desde noviembre de 2025?", date(2025, 11, 1)),
    ("A Meta usava meus posts para treinar IA em julho de 2024?", date(2024, 7, 31)),
    ("Meta addestrava l'IA con i miei post a luglio 2024?", date(2024, 7, 31)),
    ("Traint LinkedIn sinds november 2025 AI met mijn gegevens?", date(2025, 11, 1)),
    ("Czy Meta trenowała AI na moich postach w lipcu 2024?", date(2024, 7, 31)),
    ("Czy LinkedIn trenuje AI od listopada 2025?", date(2025, 11, 1)),
    ("2025年11月から、LinkedInは私のデータでAIを学習させていますか？", date(2025, 11, 1)),
    ("2024年7月にMetaはAIを学習させていましたか？", date(2024, 7, 31)),
]


@pytest.mark.parametrize(("question", "day"), DATES)
def test_dates_are_read_in_each_language(question: str, day: date) -> None:
    assert date_in(read(question).text, TODAY) == day


INTENTS = [
    ("Wie widerspreche ich, dass LinkedIn meine Daten für KI nutzt?", "objection"),
    ("Comment désactiver l'entraînement de l'IA sur LinkedIn ?", "opt-out"),
    ("¿Cómo desactivo el entrenamiento de IA en LinkedIn?", "opt-out"),
    ("Come disattivo l'addestramento IA su LinkedIn?", "opt-out"),
    ("Hoe schakel ik AI-training uit bij LinkedIn?", "opt-out"),
    ("Jak wyłączyć trenowanie AI na LinkedInie?", "opt-out"),
    ("LinkedInのAI学習をオプトアウトするには？", "opt-out"),
    ("Wann hat LinkedIn angefangen, KI mit meinen Daten zu trainieren?", "timeline"),
]


@pytest.mark.parametrize(("question", "intent"), INTENTS)
def test_intents_are_read_in_each_language(question: str, intent: str) -> None:
    reading = read(question).text
    assert intent in intents(reading) or (intent == "opt-out" and is_how_to(reading))


ISSUE_EXAMPLES = [
    ("Wie widerspreche ich, dass LinkedIn meine Daten für KI nutzt?", "linkedin"),
    ("Comment empêcher Instagram d'utiliser mes photos pour l'IA ?", "meta"),
    ("come disattivare l'addestramento IA su LinkedIn", "linkedin"),
    ("¿Cómo evito que Meta use mis publicaciones para entrenar su IA?", "meta"),
]


@pytest.mark.parametrize(("question", "platform"), ISSUE_EXAMPLES)
def test_the_issues_examples_are_answered(shared_privy: Privy, question: str, platform: str) -> None:
    """Each got "I don't have a sourced answer for that" before; now the platform's facts answer it."""
    answer = shared_privy.ask(question)
    assert answer.status in ("answered", "clarify") and answer.platform == platform
    assert answer.question == question  # the asker's own words are kept, not the reading


@pytest.mark.parametrize(
    "text", ["Merci beaucoup !", "ayuda", "Dank je wel!", "Cześć, pomoc proszę", "何ができるの？"]
)
def test_small_talk_gets_the_help_reply(shared_privy: Privy, text: str) -> None:
    answer = shared_privy.ask(text)
    assert answer.status == "no_match" and answer.reply_kind == "help"


FOLLOW_UPS = [
    ("und in Österreich?", "linkedin", "at"),
    ("und bei Meta?", "meta", "de"),
    ("wie schalte ich das aus?", "linkedin", "de"),
]


@pytest.mark.parametrize(("follow", "platform", "region"), FOLLOW_UPS)
def test_follow_ups_in_another_language(shared_privy: Privy, follow: str, platform: str, region: str) -> None:
    """A short question after a German answer takes what it lacks from that answer, as in English."""
    first = shared_privy.ask("Nutzt LinkedIn meine Daten für KI? Ich wohne in Deutschland")
    answer = shared_privy.ask(follow, context=Context.of(first))
    assert answer.follow_up and answer.status == "answered"
    assert (answer.platform, answer.region) == (platform, region)


def test_english_is_left_as_it_is() -> None:
    question = "Is LinkedIn training AI on my posts? I'm in Leeds"
    assert read(question).text == question and not read(question).foreign


@pytest.mark.parametrize("language", READ)
def test_every_vocabulary_is_well_formed(language: str) -> None:
    """One word a key, no key twice (YAML would keep the last silently), and each file loads."""
    path = VOCABULARY / f"{language}.yaml"
    root = yaml.compose(path.read_text(encoding="utf-8"))
    assert isinstance(root, yaml.MappingNode)
    assert {k.value for k, _ in root.value} <= {"words", "phrases", "split verbs", "places", "dates"}
    for section_key, section in root.value:
        if section_key.value == "split verbs":
            assert all("..." in k.value for k, _ in section.value)
        if isinstance(section, yaml.MappingNode):
            keys = [k.value for k, _ in section.value]
            assert len(keys) == len(set(keys)), [k for k in keys if keys.count(k) > 1]
            if section_key.value == "words":
                assert [k for k in keys if " " in k] == []
    assert vocabulary_of(language).words


@settings(max_examples=40, deadline=None)
@given(text=st.text(max_size=200), language=st.sampled_from(READ))
def test_any_text_is_read_without_error(text: str, language: str) -> None:
    assert isinstance(in_english(text, language), str)


@pytest.mark.parametrize(
    ("lang", "first", "follow_up", "expected"),
    [
        ("de", "Nutzt LinkedIn meine Beiträge für KI? Ich wohne in Berlin", "Und Instagram?", ("meta", "de")),
        ("de", "Nutzt LinkedIn meine Beiträge für KI? Ich wohne in Berlin", "Und Meta?", ("meta", "de")),
        (
            "fr",
            "Est-ce que LinkedIn utilise mes posts pour l'IA ? Je suis à Paris",
            "Et Instagram ?",
            ("meta", "fr"),
        ),
        (
            "de",
            "Nutzt LinkedIn meine Beiträge für KI? Ich wohne in Berlin",
            "and in the UK?",
            ("linkedin", "uk"),
        ),
    ],
)
def test_a_follow_up_too_short_to_tell_is_read_in_the_askers_language(
    shared_privy: Privy, lang: str, first: str, follow_up: str, expected: tuple[str, str]
) -> None:
    with speaking(lang):
        before = shared_privy.ask(first)
        after = shared_privy.ask(follow_up, context=Context.of(before))
    assert before.status == "answered" and before.platform == "linkedin"
    assert (after.status, after.platform, after.region, after.topic) == ("answered", *expected, "status")


def test_a_short_text_is_read_as_english_for_an_english_speaker() -> None:
    assert read("Und Instagram?").language is None
    assert read("Und Instagram?", asker_speaks="de") == Reading("de", "and Instagram ?")
    assert read("and in the UK?", asker_speaks="de").language == "en"  # plainly English stays English
