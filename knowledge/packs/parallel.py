"""Reading a big pack file on every core: its facts in pieces, each read, validated and parsed in a worker
process, handed over in order as they come, so that an import writes one piece while the next is read.

Reading YAML is most of an import's time (PyYAML builds several objects for every value), and it is only
done faster by doing it on several cores at once. `read_pieces` gives None for a pack it cannot cut
(see knowledge.pack_yaml.split_facts); the caller then reads the whole text as usual.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from itertools import pairwise, repeat
from typing import Any, TypeVar

import yaml

from knowledge.model import Fact, Platform
from knowledge.packs.format import (
    Pack,
    PackError,
    Problem,
    check_facts,
    check_head,
    collector_paused,
    duplicate_ids,
    fact_ids,
    load_pack,
    pack_name,
    parse_facts,
    parse_platforms,
    parse_yaml,
)
from knowledge.packs.yaml_reader import Pieces, load_yaml, split_facts

T = TypeVar("T")


class Misread(Exception):
    """A piece did not parse on its own: the cutting may have misread the text, which must be read whole.
    Raised before any fact of that piece or after it is handed over; what was handed over is to be undone."""


@dataclass
class PackPieces:
    """A pack whose facts come piece by piece. Iterating `pieces` raises PackError at the end, listing every
    problem, when there was any (no facts are handed over after the first), and Misread as said there."""

    name: str
    platforms: list[Platform]
    total: int  # facts in the pack
    pieces: Iterator[list[Fact]]


def default_workers() -> int:
    """Processes to read with: one a core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def read_pack(text: str, known_platforms: set[str], today: date | None, workers: int = 1) -> Pack:
    """load_pack(parse_yaml(text)), a big pack read in pieces on up to `workers` processes; PackError
    lists every problem."""
    pack = read_pieces(text, known_platforms, today, workers)
    if pack is not None:
        try:
            return Pack(pack.name, pack.platforms, [fact for piece in pack.pieces for fact in piece])
        except Misread:
            pass
    return load_pack(parse_yaml(text), known_platforms, today)


def read_pieces(
    text: str, known_platforms: set[str], today: date | None, workers: int = 1
) -> PackPieces | None:
    """The pack in `text`, its facts read piece by piece on up to `workers` processes; None when it is too
    small to cut or not laid out as a list of facts under a top-level `facts:`."""
    split = split_facts(text)
    if split is None:
        return None
    try:
        with collector_paused():
            head = load_yaml(split.head)
    except yaml.YAMLError:
        return None
    if not isinstance(head, dict) or "facts" in head:
        return None
    problems, declared = check_head(head, known_platforms)
    platforms = [] if problems else parse_platforms(head)
    pieces = _pieces(split, declared, today, workers, problems)
    return PackPieces(pack_name(head), platforms, split.facts, pieces)


def _pieces(
    split: Pieces, declared: set[str], today: date | None, workers: int, problems: list[Problem]
) -> Iterator[list[Fact]]:
    counts = [b - a for a, b in pairwise([*split.firsts, split.facts])]
    jobs = (split.texts, split.firsts, counts, repeat(declared), repeat(today))
    seen: set[str] = set()
    with _mapper(workers) as run:
        for result in run(_read_piece, *jobs):
            if result is None:
                raise Misread
            facts, piece_problems, ids = result
            problems.extend(piece_problems)
            problems.extend(duplicate_ids(ids, seen))
            yield [] if problems else facts
    if problems:
        raise PackError(problems)


def _read_piece(
    text: str, first: int, count: int, declared: set[str], today: date | None
) -> tuple[list[Fact], list[Problem], list[Any]] | None:
    """One piece, in a worker: its facts parsed (none if any has a problem), its problems, its ids; None
    when it is not, on its own, a YAML list of the facts the cutting saw in it."""
    try:
        with collector_paused():
            raw = load_yaml(text)
    except yaml.YAMLError:
        return None
    if not isinstance(raw, list) or len(raw) != count:
        return None
    problems = check_facts(raw, declared, today, first)
    facts = [] if problems else parse_facts(raw)
    return facts, problems, fact_ids(raw)


@contextmanager
def _mapper(workers: int) -> Iterator[Callable[..., Iterable[Any]]]:
    """map, or a process pool's map when there are workers to spare. The pool goes away with the block, at
    once, also when the caller stops reading half way (an import that failed)."""
    if workers <= 1:
        yield map
        return
    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        yield lambda fn, *iterables: _in_order(pool, 2 * workers, fn, *iterables)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _in_order(pool: Executor, ahead: int, fn: Callable[..., T], *iterables: Iterable[Any]) -> Iterator[T]:
    """pool.map, but with at most `ahead` pieces sent and not yet taken: Executor.map sends every piece at
    once, and when the workers read faster than the caller writes, their results pile up in memory."""
    sent: deque[Future[T]] = deque()
    for args in zip(*iterables):  # noqa: B905 - as map: the shortest ends it (some are repeat())
        sent.append(pool.submit(fn, *args))
        if len(sent) > ahead:
            yield sent.popleft().result()
    while sent:
        yield sent.popleft().result()
