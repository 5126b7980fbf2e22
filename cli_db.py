"""`python bot.py db check | recover | new-key | copy`: is PRIVY_DB whole, a copy of what can be read when
it is not, and a whole base moved between a SQLite file and PostgreSQL (issue 23).

Nothing from knowledge is imported at module level (the `ask` path does not pay for it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from config import Config


def add_parsers(db: argparse.ArgumentParser) -> None:
    """The `db` subcommands, each bound to its function with set_defaults."""
    sub = db.add_subparsers(dest="db_cmd", required=True, metavar="ACTION")
    sub.add_parser(
        "check", help="SQLite's quick integrity check of PRIVY_DB; exit 1 if it is damaged"
    ).set_defaults(func=check)
    sub.add_parser(
        "new-key", help="a new key file when PRIVY_DB.key is lost (drops the hashes the old one made)"
    ).set_defaults(func=new_key)
    rec = sub.add_parser(
        "recover", help="every row that can be read from PRIVY_DB, into a new file; the old one is kept"
    )
    rec.add_argument("target", nargs="?", help="the new file (default: PRIVY_DB with .recovered.db)")
    rec.set_defaults(func=recover)
    cp = sub.add_parser(
        "copy",
        help="copy a whole base, with its history, from a SQLite file to a postgresql:// URL or back, "
        "into an empty target (the key file goes with it)",
    )
    cp.add_argument("source", help="a SQLite file or a postgresql:// URL")
    cp.add_argument("target", help="a new SQLite file or an empty postgresql:// database")
    cp.set_defaults(func=copy)


def check(args: argparse.Namespace, config: Config) -> int:
    """One line: whole, or what is damaged and what to run next."""
    from knowledge.store.db import open_db
    from knowledge.store.health import quick_check

    if config.database_url:
        print("PRIVY_DATABASE_URL is set: PostgreSQL checks its own pages; db check reads a PRIVY_DB file")
        return 0
    if _missing(config):
        return 1
    problems = quick_check(open_db(config.db))
    if not problems:
        print(f"PRIVY_DB {config.db} is whole (quick_check: ok)")
        return 0
    print(f"PRIVY_DB {config.db} is damaged: {'; '.join(problems)}", file=sys.stderr)
    print("recover what can be read into a new file: python bot.py db recover", file=sys.stderr)
    return 1


def recover(args: argparse.Namespace, config: Config) -> int:
    """Recover into a new file and say how to use it; PRIVY_DB itself is only read."""
    from knowledge.store.health import recover as recover_into

    source = Path(config.db)
    target = Path(args.target) if args.target else source.with_name(f"{source.stem}.recovered.db")
    done = recover_into(source, target)
    print(
        f"recovered {done.facts} facts and {done.revisions} revisions into {done.path} "
        f"({done.unreadable} rows could not be read); "
        f"{source} is kept as it was. Check the copy (PRIVY_DB={done.path} python bot.py db check), "
        "then point PRIVY_DB at it."
    )
    return 0


def new_key(args: argparse.Namespace, config: Config) -> int:
    """Make a key file anew; the rows the lost key tied to people can no longer be, and lose their hash."""
    from knowledge.store.health import quick_check
    from knowledge.store.opening import open_store
    from knowledge.store.secret_key import key_path
    from knowledge.store.secret_key import new_key as make

    if not config.database_url and _missing(config):
        return 1
    db = open_store(config.store, key_file=config.key_file)
    problems = quick_check(db)
    if problems:  # a damaged base refuses every write, this one too
        print(f"PRIVY_DB {config.db} is damaged: {'; '.join(problems)}; no key made", file=sys.stderr)
        print("recover what can be read into a new file first: python bot.py db recover", file=sys.stderr)
        return 1
    dropped = make(db)
    print(f"made a new key file {key_path(db)}; dropped {dropped} hashes the lost key made")
    return 0


def _missing(config: Config) -> bool:
    """Whether PRIVY_DB names no file (a mistyped path): said on stderr, and nothing is created there."""
    path = Path(config.db)
    if str(config.db) == ":memory:" or path.exists():
        return False
    print(
        f"PRIVY_DB {path} does not exist (a mistyped path?); Privy makes it when it first starts",
        file=sys.stderr,
    )
    return True


PROGRESS_ROWS = 10_000  # a table this big reports its progress as it goes; smaller ones once, when copied


def copy(args: argparse.Namespace, config: Config) -> int:
    """Copy SOURCE into TARGET, a line a table (and a line a batch for big ones) on stderr as it goes."""
    from knowledge.store.copy import copy_base, shown

    def progress(table: str, done: int, total: int) -> None:
        if done == total or total >= PROGRESS_ROWS:
            print(f"{table}: {done:,} of {total:,} rows", file=sys.stderr, flush=True)

    done = copy_base(args.source, args.target, key_file=config.key_file, progress=progress)
    moved = f"; the key file was copied to {done.key}" if done.key else ""
    print(
        f"copied {sum(done.rows.values()):,} rows ({done.rows['facts']:,} facts, "
        f"{done.rows['revisions']:,} revisions) from {shown(args.source)} to {shown(args.target)}, "
        f"and indexed {done.facts:,} facts for search{moved}"
    )
    return 0
