"""The baseline the matcher is measured against: one rapidfuzz scan over every fact's wordings.

No platforms, regions, dates or intents: the fact whose question or variant reads most like the asker's
question wins. Two ways of running the same scan, with the same answers:

- as written (`per_call=True`): `extractOne(question, wordings, processor=utils.default_process)`, every
  wording lower-cased and stripped again on every call. This is the simple approach as one writes it, and
  the scan issue 24 measured (its table: 1.4 ms a question at 1k, 27-28 ms at 20k, 110-134 ms at 100k);
  its speed-up targets are set against it.
- prepared (the default): the wordings go through `utils.default_process` once, when the index is built,
  so each call only scores: the simple approach at its fastest, about half the time, printed beside.

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

    def __init__(
        self, facts: Iterable[Fact], scorer: Callable[..., float] = fuzz.QRatio, per_call: bool = False
    ):
        self.scorer = scorer
        self.per_call = per_call
        self.choices: list[str] = []
        self.owners: list[str] = []
        for fact in facts:
            if fact.retired:
                continue
            for text in (fact.question, *fact.variants):
                self.choices.append(text if per_call else utils.default_process(text))
                self.owners.append(fact.id)

    def best(self, question: str) -> str | None:
        """The id of the fact with the closest wording, or None for an empty question."""
        if not utils.default_process(question):
            return None
        if self.per_call:
            hit = process.extractOne(
                question, self.choices, scorer=self.scorer, processor=utils.default_process
            )
        else:
            query = utils.default_process(question)
            hit = process.extractOne(query, self.choices, scorer=self.scorer, processor=None)
        return self.owners[hit[2]] if hit else None
