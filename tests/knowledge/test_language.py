"""Telling the language of a question: each of the languages Privy reads, English without loading a model,
and no guess on a word or two."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.reading.language import LANGUAGES, detect_language

ROOT = Path(__file__).resolve().parents[2]

QUESTIONS = [
    ("Wie widerspreche ich, dass LinkedIn meine Daten für KI nutzt?", "de"),
    ("linkedin ki training abschalten wie geht das", "de"),
    ("Comment empêcher Instagram d'utiliser mes photos pour l'IA ?", "fr"),
    ("¿Cómo evito que Meta use mis publicaciones para entrenar su IA?", "es"),
    ("O Instagram usa minhas fotos pra treinar a IA deles?", "pt"),
    ("Como é que desligo isto no Facebook? Estou em Lisboa", "pt"),
    ("come disattivare l'addestramento IA su LinkedIn", "it"),
    ("Hoe zet ik AI-training uit bij LinkedIn?", "nl"),
    ("Jak wyłączyć trenowanie AI na moich danych w LinkedInie?", "pl"),
    ("LinkedInのAI学習をオプトアウトするには？", "ja"),
    ("Is LinkedIn training AI on my posts? I'm in Leeds", "en"),
    ("how do i stop meta using my photos for ai", "en"),
]


@pytest.mark.parametrize(("question", "code"), QUESTIONS)
def test_each_language_is_told(question: str, code: str) -> None:
    assert detect_language(question) == code


@pytest.mark.parametrize("text", ["", "   ", "🤖🤖❓", "12345", "zzzzzz", "asdfghjkl"])
def test_no_guess_without_words_to_go_on(text: str) -> None:
    assert detect_language(text) is None


def test_codes_are_the_languages_read() -> None:
    assert {code for _, code in QUESTIONS} == set(LANGUAGES)


def test_plain_english_and_japanese_never_load_the_model() -> None:
    """The model costs 0.1 s (0.6 s the first time): `ask` in English (or Japanese, told by its script) must not pay for it."""
    probe = (
        "import sys; from knowledge.reading import language; d = language.detect_language; "
        "assert d('is linkedin training ai on my posts?') == 'en'; assert d('AIの学習を止めるには') == 'ja'; "
        "print('py3langid' in sys.modules or language._identifier.cache_info().currsize > 0)"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_an_english_question_loads_no_reader_of_other_languages() -> None:
    """Asking in English costs what it did: no language model, stemmer, tokenizer or locale data."""
    probe = (
        "import sys; from datetime import date; from knowledge.service import Privy; "
        "p = Privy(':memory:', today=lambda: date(2026, 12, 7)); "
        "a = p.ask(\"Is LinkedIn training AI on my posts? I'm in Leeds\"); assert a.status == 'answered'; "
        "print(sorted({'py3langid', 'snowballstemmer', 'pystempel', 'janome', 'babel'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
