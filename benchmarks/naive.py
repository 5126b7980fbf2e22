"""The baseline the matcher is measured against: one rapidfuzz scan over every fact's wordings.

No platforms, regions, dates or intents: the fact whose question or variant reads most like the asker's
question wins. The wordings go through `utils.default_process` once, when the index is built, exactly as
`extractOne(..., processor=utils.default_process)` would on every call: same answers, less work per
question, so the baseline is the simple approach at its fastest.

The scorer is fuzz.QRatio: on the benchmark's questions it finds nearly as many right answers as the most
accurate of rapidfuzz's scorers (token_sort_ratio) and far more than WRatio, at a fraction of their cost,
and its cost is the issue's figure for the simple approach (about 13 ms a question at 20k facts).
`python -m benchmarks.run --naive-scorer WRatio` measures another.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rapidfuzz import fuzz, process, utils

from knowledge.model import Fact


class NaiveIndex:
    """Every fact's question and variants, processed once; `best` is one extractOne over all of them."""

    def __init__(self, facts: Iterable[Fact], scorer: Callable[..., float] = fuzz.QRatio):
        self.scorer = scorer
        self.choices: list[str] = []
        self.owners: list[str] = []
        for fact in facts:
            if fact.retired:
                continue
            for text in (fact.question, *fact.variants):
                self.choices.append(utils.default_process(text))
                self.owners.append(fact.id)

    def best(self, question: str) -> str | None:
        """The id of the fact with the closest wording, or None for an empty question."""
        query = utils.default_process(question)
        if not query:
            return None
        hit = process.extractOne(query, self.choices, scorer=self.scorer, processor=None)
        return self.owners[hit[2]] if hit else None
