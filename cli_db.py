"""`python bot.py db check | recover`: is PRIVY_DB whole, and a copy of what can be read when it is not.

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


def check(args: argparse.Namespace, config: Config) -> int:
    """One line: whole, or what is damaged and what to run next."""
    from knowledge.store.db import open_db
    from knowledge.store.health import quick_check

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
    from knowledge.store.db import open_db
    from knowledge.store.secret_key import key_path
    from knowledge.store.secret_key import new_key as make

    db = open_db(config.db)
    dropped = make(db)
    print(f"made a new key file {key_path(db)}; dropped {dropped} hashes the lost key made")
    return 0
