"""py3langid's model cut to our languages: the same language and probability as py3langid itself gives on
every question set, built once and then loaded from disk, and a fraction of the memory."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.reading import language_model
from knowledge.reading.language import LANGUAGES
from knowledge.reading.language_model import LanguageModel

ROOT = Path(__file__).resolve().parents[2]
SETS = sorted((ROOT / "tests" / "eval").glob("**/*.jsonl"))


def _questions() -> list[str]:
    out = []
    for path in SETS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line)["q"])
    return out


@pytest.fixture(scope="module")
def cut(tmp_path_factory: pytest.TempPathFactory) -> LanguageModel:
    language_model.use_cache_dir(tmp_path_factory.mktemp("cache"))
    try:
        return language_model.load(LANGUAGES)
    finally:
        language_model.use_cache_dir(None)


def test_same_language_and_probability_as_py3langid(cut: LanguageModel) -> None:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    whole = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    whole.set_languages(list(LANGUAGES))
    rnd = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyzäöüßéèàçñãõóíúłśżźćńęą ?!.,'日本語のテストアイABC"
    noise = ["".join(rnd.choice(letters) for _ in range(rnd.randrange(200))) for _ in range(300)]
    texts = [*_questions(), *noise, "", "SHOUTING IN CAPITALS", "🤖🤖❓", "\ud800 a lone surrogate"]
    assert len(texts) > 1000
    differ = [t for t in texts if cut.classify(t) != whole.classify(t)]
    assert differ == []


def test_built_once_then_loaded_without_py3langid(tmp_path: Path) -> None:
    """The second start reads the cut model from the cache: py3langid (and its 0.5 s unpacking) is not
    imported, and the process stays far below the ~130 MB that loading py3langid's model peaks at."""
    probe = (
        "import sys; from knowledge.reading import language_model as m; m.use_cache_dir(sys.argv[1]); "
        "model = m.load(('en', 'de', 'fr', 'es', 'pt', 'it', 'nl', 'pl', 'ja')); "
        "assert model.classify('Wie widerspreche ich, dass LinkedIn meine Daten nutzt?')[0] == 'de'; "
        "peak = [int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')][0]; "
        "print('py3langid' in sys.modules, peak // 1024)"
    )

    def run() -> tuple[str, int]:
        out = subprocess.run(
            [sys.executable, "-c", probe, str(tmp_path)], cwd=ROOT, capture_output=True, text=True, check=True
        )
        loaded, peak = out.stdout.split()
        return loaded, int(peak)

    assert run()[0] == "True"  # the first start cuts py3langid's model
    loaded, peak_mb = run()
    assert loaded == "False"
    assert peak_mb < 70
