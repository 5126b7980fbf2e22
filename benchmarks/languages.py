"""`python -m benchmarks.languages`: how well and how fast Privy tells and reads the languages it reads.

Prints what each reader of another language costs the first time, in seconds and in the process's peak RSS
(each is loaded once, lazily, and only for a question that needs it); then, for our question sets in each
language (tests/eval/lang/) and the English sets, how many questions `detect_language` tells right.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

from knowledge.reading import foreign, language, stems
from knowledge.reading.language import detect_language
from knowledge.reading.place_words import place_names
from tests.eval.lang_sets import SETS, lang_cases

ROOT = Path(__file__).resolve().parents[1]
ENGLISH = ("tests/eval/chat.jsonl", "tests/eval/heldout.jsonl", "tests/eval/real.jsonl")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _english_questions() -> list[str]:
    return [
        json.loads(line)["q"]
        for name in ENGLISH
        for line in (ROOT / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def _cost(name: str, load: Callable[[], object]) -> None:
    before, start = _rss_mb(), time.perf_counter()
    load()
    print(f"  {name}: {time.perf_counter() - start:.2f} s, peak RSS +{_rss_mb() - before:.0f} MB")


def main() -> int:
    print(f"First use of each reader (loaded once, lazily; the process starts at {_rss_mb():.0f} MB):")
    _cost("py3langid's model cut to our languages (disk cache)", language._identifier)
    _cost("place names in German (Babel) and cities (disk cache)", lambda: place_names("de"))
    _cost("German vocabulary and Snowball stemmer", lambda: foreign.vocabulary_of("de"))
    _cost("Stempel (Polish)", stems._stempel)
    _cost("janome (Japanese)", stems._janome)
    print("\nTelling the language (right / questions; None is 'not sure'):")
    english = _english_questions()
    plain = sum(language.plainly_english(q) for q in english)
    told = sum(detect_language(q) == "en" for q in english)
    unsure = sum(detect_language(q) is None for q in english)
    print(f"  en: {told}/{len(english)} ({unsure} not sure; {plain} plainly English, no model loaded)")
    for name in SETS:
        cases = lang_cases(name)
        code = name.split("-")[0]
        wrong = [c["q"] for c in cases if detect_language(c["q"]) != code]
        print(
            f"  {name}: {len(cases) - len(wrong)}/{len(cases)}" + (f"  wrong: {wrong[:3]}" if wrong else "")
        )
    start, n = time.perf_counter(), 0
    for name in SETS:
        for case in lang_cases(name):
            foreign.read(case["q"])
            n += 1
    print(
        f"\nReading {n} questions once everything is loaded: {(time.perf_counter() - start) / n * 1000:.2f} ms each"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
