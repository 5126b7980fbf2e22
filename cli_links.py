"""`python bot.py facts links`: check every source link of the live facts; list dead and redirected ones.

Its own module so cli_facts stays about editing facts; like it, nothing from knowledge is imported at module
level (the `ask` path does not pay for aiohttp).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knowledge.curation.workflow import Curator
    from knowledge.sources.links import FactLinks, LinkReport


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="the report as one JSON object")
    parser.add_argument("--concurrency", type=positive(int), default=8, help="requests at once (8)")
    parser.add_argument("--timeout", type=positive(float), default=10.0, help="seconds per request (10)")


def positive(kind: type[int] | type[float]) -> Callable[[str], float]:
    """An argparse type: a number of `kind` above zero."""

    def parse(text: str) -> float:
        value = kind(text)
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be more than 0, not {text}")
        return value

    parse.__name__ = kind.__name__  # argparse names the type in its error message
    return parse


def links(args: argparse.Namespace, curator: Curator, bar: object) -> int:
    """Exit 1 when any link is dead (a CI job can run it); redirects alone are reported, not failed; exit 2
    with one line when offline (no cited host answers), flagging nothing."""
    from knowledge.sources.links import Offline, check_sources

    print("checking source links...", file=sys.stderr, flush=True)
    try:
        report = check_sources(curator.store.db, concurrency=args.concurrency, timeout=args.timeout)
    except Offline as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(json.dumps(report.to_dict()) if args.json else report_text(report))
    return 1 if report.any_dead else 0


def fact_lines(fact: FactLinks) -> list[str]:
    """A fact's id, then one line per dead link and two per redirect (from, to)."""
    lines = [fact.fact_id + (f" ({fact.platform})" if fact.platform else "")]
    for problem in fact.problems:
        r = problem.result
        copy = "archive " if problem.field == "archive_url" else ""
        if r.dead:
            lines.append(f"  {copy}dead ({r.reason()}): {r.url}")
            if r.final_url != r.url:
                lines.append(f"      after redirects to {r.final_url}")
        else:
            lines.append(f"  {copy}redirected: {r.url}")
            lines.append(f"      now at {r.final_url}")
    return lines


def report_text(report: LinkReport) -> str:
    """Each flagged fact with its links, grouped, then the summary line."""
    return "\n".join([*(line for f in report.flagged for line in fact_lines(f)), report.summary()])
