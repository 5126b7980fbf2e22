"""py3langid's model cut down to the languages Privy reads, built once and kept on disk.

py3langid keeps its whole model in memory even when restricted to a few languages: a byte automaton of
39 MB (38k distinct rows of 256 four-byte moves) and a table of 100k features by 142 languages, ~100 MB
of RSS in all and 0.5 s to unpack at every start. Privy needs nine columns of that table (1.8 MB) and a
way to find which feature each byte of a question ends. The automaton's states are the byte strings of
its trie (1 to 6 bytes), and a move goes to the longest suffix of (state + byte) that is a state, so a
dictionary of those strings finds the same feature at every byte: the counts, and so the scores, are
py3langid's own, with the same arithmetic. Every feature weighs differently for the nine languages (none
could go without changing a score), so all are kept. ~13 MB in memory, a few tens of ms to load.
"""

from __future__ import annotations

import logging
import math
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from knowledge.reading import pickled

log = logging.getLogger(__name__)

_cache_dir: Path | None = None  # set with the place reader's (knowledge.places.use_cache_dir)


def use_cache_dir(path: str | Path | None) -> None:
    """Where the cut-down model is kept between runs (config.Config.cache_dir)."""
    global _cache_dir
    _cache_dir = Path(path) if path else None


@dataclass(frozen=True)
class LanguageModel:
    """What classifying among our languages needs of py3langid's naive Bayes model, and nothing else."""

    classes: tuple[str, ...]  # in the model's own column order, so ties go the way py3langid's do
    states: dict[bytes, int]  # every state of the automaton, by its bytes: the feature it ends (-1: none)
    table: Any  # numpy float16, one row a feature, one column a class: log P(feature | class)
    priors: Any  # numpy float32, one a class
    longest: int  # bytes in the longest state

    def classify(self, text: str) -> tuple[str, float]:
        """The most likely of `classes` and its probability among them, as py3langid's `classify` with
        `norm_probs=True` after `set_languages(classes)` gives them."""
        import numpy as np

        if text.isupper():
            text = text.lower()
        data = unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")
        counts = self._feature_counts(data)
        if counts:
            idx = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
            seen = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
            scores = np.log1p(seen) @ self.table[idx] + self.priors
        else:
            scores = np.zeros(len(self.classes), dtype=np.float32)
        scores *= 1.0 / math.sqrt(len(data) or 1)  # py3langid's temperature: sqrt of the length in bytes
        np.exp(scores - scores.max(), out=scores)
        scores /= scores.sum()
        best = int(scores.argmax())
        return self.classes[best], float(scores[best])

    def _feature_counts(self, data: bytes) -> Counter[int]:
        """How often each feature ends at a byte of `data`: the automaton's walk, done by looking up the
        longest suffix that is a state (no longer than the state before plus this byte)."""
        states, longest = self.states, self.longest
        found: list[int] = []
        depth = 0
        for end in range(1, len(data) + 1):
            feature = -1
            for size in range(min(depth + 1, longest), 0, -1):
                got = states.get(data[end - size : end])
                if got is not None:
                    depth, feature = size, got
                    break
            else:
                depth = 0
            if feature >= 0:
                found.append(feature)
        return Counter(found)


def load(languages: Sequence[str]) -> LanguageModel:
    """The model for `languages`, from the disk cache or cut from py3langid's and cached first."""
    name = f"language-model-py3langid-{version('py3langid')}-{'-'.join(sorted(languages))}.pickle"
    path = (_cache_dir or Path.home() / ".cache" / "privy") / name
    model = pickled.cached(path, lambda: build(languages), "language model")
    log.debug("language model: %d states, %d features", len(model.states), len(model.table))
    return model


def build(languages: Sequence[str]) -> LanguageModel:
    """Cut py3langid's model to `languages` (0.6 s and ~130 MB, once): each state's bytes, read
    breadth-first from the start (the shortest way to a state spells it), and the languages' columns."""
    from collections import deque

    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE
    from py3langid.modelio import load_model

    ptc, pc, classes, nextmove, rows, outputs = load_model(MODEL_DIR / MODEL_FILE)
    moves = np.frombuffer(nextmove, dtype=np.uint32 if nextmove.itemsize == 4 else np.uint16)
    wanted = set(languages)
    unknown = wanted - set(classes)
    if unknown:
        raise ValueError(f"py3langid has no model for {sorted(unknown)}")
    columns = [i for i, c in enumerate(classes) if c in wanted]
    spelled: list[bytes | None] = [None] * len(rows)
    spelled[0] = b""
    queue = deque([0])
    while queue:
        state = queue.popleft()
        prefix = spelled[state]
        assert prefix is not None
        for byte, nxt in enumerate(moves[rows[state] << 8 : (rows[state] + 1) << 8].tolist()):
            if spelled[nxt] is None:
                spelled[nxt] = prefix + bytes((byte,))
                queue.append(nxt)
    states = {s: int(outputs[i]) for i, s in enumerate(spelled) if s}  # the start state ends nothing
    return LanguageModel(
        classes=tuple(classes[i] for i in columns),
        states=states,
        table=np.ascontiguousarray(np.asarray(ptc)[:, columns]),
        priors=np.asarray(pc, dtype=np.float32)[columns],
        longest=max(map(len, states)),
    )
