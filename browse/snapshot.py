"""`make browse`: a public copy of the fact base that Datasette serves read-only.

The copy holds only the allow-listed tables, columns and rows of knowledge.store.public (the shared base,
no user data, nothing of other servers), and the live file is never opened by the web view. Its facts are
then flattened into tables a moderator can filter (browse/flatten.py).
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from sqlite_utils import Database

ROOT = Path(__file__).resolve().parent.parent


def snapshot(source: str, target: Path) -> Path:
    """Write the snapshot of the base at `source` (created and seeded on first use) to `target`."""
    from browse.flatten import flatten
    from knowledge.service import Privy
    from knowledge.store.public import public_copy

    public_copy(Privy(source).db, target)
    copy = Database(target)
    try:
        flatten(copy)
        copy.execute("pragma journal_mode = delete")
        copy.execute("vacuum")
    finally:
        copy.close()
    return target


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    from config import ConfigError, load_config

    try:
        config = load_config()
    except ConfigError as exc:
        print(f"config error: {exc}", file=sys.stderr)
        return 2
    if config.database_url:  # the copy is made with SQLite's own tools, from a file
        print(
            "make browse reads a SQLite file, and PRIVY_DATABASE_URL is set: copy the base to a file first "
            "(python bot.py db copy URL data/browse-source.db) and run it with PRIVY_DB=data/browse-source.db "
            "and no PRIVY_DATABASE_URL",
            file=sys.stderr,
        )
        return 1
    target = Path(argv[0] if argv else "data/browse.db")
    try:
        snapshot(config.db, target)
    except sqlite3.DatabaseError as exc:  # a damaged file: what to run, never a traceback
        print(
            f"PRIVY_DB {config.db} could not be read ({exc}): run python bot.py db check, "
            "then python bot.py db recover",
            file=sys.stderr,
        )
        return 1
    print(f"snapshot of {config.db} in {target}; serving it read-only")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
