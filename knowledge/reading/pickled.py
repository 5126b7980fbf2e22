"""A table built once from the place libraries and kept on disk, so later starts only load it.

Written to a temporary file and renamed into place, so a process that stops half-way, or two building
at once, never leave a cut file; where the folder cannot be written the table is built each time.
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


def cached(path: Path, build: Callable[[], T], what: str) -> T:
    """The table pickled at `path`, or `build()` written there first; `what` names it in the warning
    logged when it cannot be written (a read-only home still works, just builds each start)."""
    try:
        with path.open("rb") as fh:
            loaded: T = pickle.load(fh)
            return loaded
    except (OSError, pickle.UnpicklingError, EOFError):
        pass
    table = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            pickle.dump(table, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError as exc:
        log.warning("could not cache the %s at %s: %s", what, path, exc)
    return table
