"""The rows using each word, made in memory from the search rows themselves rather than read from FTS5.

A base small enough to split every row at load (knowledge.matching.memory.SPLIT_AT_LOAD) makes these
lists there too: the ids of the rows whose texts use a word, across the base and within each platform,
retired rows and every server's rows included, in row id order, as FTS5's lists of the same terms hold
them (knowledge.store.search_rows.rows_using). A question meeting a word for the first time then reads
no statement: at 20k facts that was 46 us of a first question on the generator's layout and 82 us on
the skewed one (a platform's hundreds of rows read word by word), against 0.1 s more to open. The lists
follow each save row by row, as the rows do (knowledge.store.changes).
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence

_NONE: dict[str, list[int]] = {}
_EMPTY: tuple[int, ...] = ()


class WordLists:
    """Row ids by word: across the base (platform None) and within each platform."""

    def __init__(self) -> None:
        self._of: dict[str | None, dict[str, list[int]]] = {None: {}}

    @classmethod
    def of_rows(cls, rows: Iterable[tuple[int, str | None, Iterable[str]]]) -> WordLists:
        """From (row id, platform, distinct words) of every row, in row id order."""
        made = cls()
        every: defaultdict[str, list[int]] = defaultdict(list)
        platforms: dict[str, defaultdict[str, list[int]]] = {}
        for rowid, platform, words in rows:
            if platform is None:
                for word in words:
                    every[word].append(rowid)
                continue
            own = platforms.get(platform)
            if own is None:
                own = platforms[platform] = defaultdict(list)
            for word in words:
                every[word].append(rowid)
                own[word].append(rowid)
        made._of = {None: dict(every), **{p: dict(own) for p, own in platforms.items()}}
        return made

    def using(self, platform: str | None, word: str) -> Sequence[int]:
        """Ids of the rows using the word, of one platform (None: of any), in row id order."""
        return self._of.get(platform, _NONE).get(word, _EMPTY)

    def add(self, rowid: int, platform: str | None, words: Collection[str]) -> None:
        """A row written (after `remove` of the row it replaces, if any)."""
        for key in (None, platform) if platform is not None else (None,):
            lists = self._of.setdefault(key, {})
            for word in words:
                insort(lists.setdefault(word, []), rowid)

    def remove(self, rowid: int, platform: str | None, words: Collection[str]) -> None:
        """A row no longer there, or about to be written again."""
        for key in (None, platform) if platform is not None else (None,):
            lists = self._of.get(key, _NONE)
            for word in words:
                found = lists.get(word)
                if found is None:
                    continue
                at = bisect_left(found, rowid)
                if at < len(found) and found[at] == rowid:
                    del found[at]
                if not found:
                    del lists[word]
