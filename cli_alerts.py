"""`python bot.py changes` and `python bot.py feed`: the shared base's changes, for readers without Discord."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from config import UsageError

if TYPE_CHECKING:
    from config import Config
    from knowledge.alerts.listing import Listed

DEFAULT_DAYS = 90  # what `changes` and `feed` cover without --since


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    changes = sub.add_parser("changes", help="the changes to what people are told, in the shared base")
    changes.add_argument("--since", help=f"from this day, YYYY-MM-DD (default: {DEFAULT_DAYS} days ago)")
    changes.add_argument("--region", help="only changes for people in this region: uk, de, us, ...")
    changes.add_argument("--json", action="store_true", help="one JSON object a change")
    changes.set_defaults(func=cmd_changes)
    feed = sub.add_parser("feed", help="the same changes as an Atom feed, written to FILE.xml")
    feed.add_argument("file", help="where to write the feed, e.g. changes.xml")
    feed.add_argument("--since", help=f"from this day, YYYY-MM-DD (default: {DEFAULT_DAYS} days ago)")
    feed.add_argument("--region", help="only changes for people in this region")
    feed.set_defaults(func=cmd_feed)


def _listed(args: argparse.Namespace, config: Config) -> list[Listed]:
    from knowledge.alerts.listing import changes_since
    from knowledge.regions import normalize
    from knowledge.service import Privy

    today = date.today()
    try:
        since = date.fromisoformat(args.since) if args.since else today - timedelta(days=DEFAULT_DAYS)
    except ValueError:
        raise UsageError(f"--since must be a date YYYY-MM-DD, got {args.since!r}") from None
    region = None
    if args.region:
        region = normalize(args.region)
        if region is None:
            raise UsageError(f"--region: unknown region {args.region!r} (use a code like uk, us, de, or eea)")
    privy = Privy.open(
        config.store,
        cache_dir=config.cache_dir,
        unanswered_days=config.unanswered_days,
        key_file=config.key_file,
        pack_upgrade=config.pack_upgrade,
    )
    return changes_since(privy.db, since, privy.today(), region)


def cmd_changes(args: argparse.Namespace, config: Config) -> int:
    from knowledge.alerts.listing import changes_text

    found = _listed(args, config)
    if args.json:  # a reader that goes away (`| head`) ends it quietly: bot.main
        for change in found:
            print(json.dumps(change.to_dict(), ensure_ascii=False), flush=True)
    else:
        print(changes_text(found), flush=True)
    return 0


def cmd_feed(args: argparse.Namespace, config: Config) -> int:
    from knowledge.alerts.listing import write_feed

    found = _listed(args, config)
    path = Path(args.file)
    try:
        write_feed(found, path, now=datetime.now(UTC))
    except OSError as exc:
        print(f"could not write {path}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"Wrote {len(found)} change(s) to {path}.")
    return 0
