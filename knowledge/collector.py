"""Pausing Python's cyclic garbage collector around work that makes many objects and no garbage cycles."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection for a while: a big pack is millions of new objects and no garbage
    cycles, and the collector walking them over and over doubles the load time (100k facts: ~20 s)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
