"""`make browse`: copy the fact base into a snapshot Datasette serves read-only, leaving out user data.

A copy (SQLite's backup API) is consistent even while the bot writes, and the live file is never opened by
the web view. Saved regions, vote tokens and the vote secret stay out, so the page cannot tie anything to
a person, and other servers' own facts, changes and questions stay out too. The copy's facts are then flattened into tables a moderator can filter (browse/flatten.py).
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from sqlite_utils import Database

ROOT = Path(__file__).resolve().parent.parent
PRIVATE_TABLES = ("user_regions", "feedback_votes", "unanswered_askers", "server_settings")
# Rows of other servers' own layers and their suggestions: never in a page about the shared base.
SERVER_ROWS = (
    "delete from revisions where scope != ''",
    "delete from pending_changes where scope != '' or origin is not null",
    "delete from feedback where scope != ''",
    "delete from unanswered where scope != ''",
)
PRIVATE_META = ("vote_secret",)
# Derived from the facts for the bot's search (knowledge.store.search_index) and its change log: nothing
# to read in them.
SEARCH_TABLES = ("search_vocab", "search_words", "search_facts", "search_changes")


def snapshot(source: str, target: Path) -> Path:
    """Write the snapshot of the base at `source` (created and seeded on first use) to `target`."""
    from browse.flatten import flatten
    from knowledge.service import Privy

    privy = Privy(source)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    copy = sqlite3.connect(target)
    try:
        privy.db.conn.backup(copy)
        for table in (*PRIVATE_TABLES, *SEARCH_TABLES):
            copy.execute(f"drop table if exists [{table}]")
        copy.executemany("delete from meta where key = ?", [(k,) for k in PRIVATE_META])
        for sql in SERVER_ROWS:
            copy.execute(sql)
        copy.commit()
        flatten(Database(copy))
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
    target = Path(argv[0] if argv else "data/browse.db")
    snapshot(config.db, target)
    print(f"snapshot of {config.db} in {target}; serving it read-only")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
