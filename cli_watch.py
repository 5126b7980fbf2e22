"""`python bot.py facts watch`: re-read every watched source (a source's `watch:`) and keep each version of
its passage; facts whose passage changed go to /review and their answers say so.

Like cli_links, nothing from knowledge is imported at module level (the `ask` path does not pay for it).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING

from cli_links import positive

if TYPE_CHECKING:
    from knowledge.curation.workflow import Curator


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--timeout", type=positive(float), default=20.0, help="seconds per request (20)")
    parser.add_argument(
        "--delay", type=positive(float), default=1.0, help="seconds between two requests to one host (1)"
    )


def watch(args: argparse.Namespace, curator: Curator, bar: object) -> int:
    """Exit 0 when every watched passage was read (changed or not), 1 when some could not be."""
    from knowledge.sources.watch import run_watch

    print("reading watched sources...", file=sys.stderr, flush=True)
    report = asyncio.run(run_watch(curator.store.db, timeout=args.timeout, delay=args.delay))
    print("\n".join(report.lines()))
    return 1 if report.count("failed") else 0
