"""`python bot.py facts ...`: import, export, check, history and revert, from the shell."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from knowledge.factstore import Author, NotFoundError
from knowledge.pack import PackError, read_text
from knowledge.pack_pieces import default_workers, read_pack

if TYPE_CHECKING:
    from bot import Config


def _author(name: str | None) -> Author:
    try:
        fallback = getpass.getuser()
    except (KeyError, OSError):
        fallback = "cli"
    return Author(f"cli:{name or fallback}")


class _Bar:
    """Progress on stderr for imports of a thousand facts or more: in a terminal a bar redrawn in place,
    in a log or a pipe one line each tenth of the way (not thousands of carriage returns)."""

    def __init__(self) -> None:
        self.live = sys.stderr.isatty()
        self.drawn = False
        self.tenth = -1

    def __call__(self, done: int, total: int) -> None:
        if total < 1000:
            return
        if not self.live:
            if 10 * done // total == self.tenth:
                return
            self.tenth = 10 * done // total
        width, start = 30, "\r" if self.live else ""
        filled = width * done // total
        print(
            f"{start}importing [{'#' * filled}{'.' * (width - filled)}] {done}/{total}",
            end="" if self.live and done < total else "\n",
            file=sys.stderr,
            flush=True,
        )
        self.drawn = self.live and done < total

    def end(self) -> None:
        """Leave the bar's line before printing anything else (an import stopped half way)."""
        if self.drawn:
            print(file=sys.stderr)
            self.drawn = False


def run_facts(args: argparse.Namespace, config: Config) -> int:
    from knowledge.service import Privy

    cmd = args.facts_cmd
    privy = Privy(config.db)
    store = privy.store
    if cmd == "check":
        return _check(args.file, store.platform_ids())
    bar = _Bar()
    try:
        if cmd == "import":
            text = read_text(args.file)
            if args.dry_run:
                pack = read_pack(text, store.platform_ids(), date.today(), default_workers())
                print(f"would import {args.file}: {store.plan_import(pack).summary()}")
                return 0
            plan = store.import_text(
                text, _author(args.by), date.today(), workers=default_workers(), progress=bar
            )
            print(f"imported {args.file}: {plan.summary()}")
        elif cmd == "export":
            Path(args.file).write_text(store.export_text(), encoding="utf-8")
            print(f"exported {store.count()} facts to {args.file}")
        elif cmd == "history":
            revisions = store.history(args.id)
            if args.json:
                print(json.dumps([r.to_dict() for r in revisions]))
            else:
                for r in revisions:
                    changed = ", ".join(r.changes) if r.action != "add" else "created"
                    note = f"  ({r.note})" if r.note else ""
                    print(f"{r.rev:>3}  {r.at}  {r.by_name:<24}  {r.action:<7}  {changed}{note}")
        elif cmd == "revert":
            store.revert(args.id, args.rev, _author(args.by))
            print(f"{args.id}: revision {args.rev} is current again (as revision {store.get(args.id)[1]})")
    except PackError as exc:
        bar.end()
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        print(
            f"nothing imported: {len(exc.problems)} problem(s) in {getattr(args, 'file', 'the pack')}",
            file=sys.stderr,
        )
        return 1
    except NotFoundError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"cannot write {args.file}: {exc.strerror}", file=sys.stderr)
        return 1
    return 0


def _check(path: str, known_platforms: set[str]) -> int:
    try:
        pack = read_pack(read_text(path), known_platforms, date.today(), default_workers())
    except PackError as exc:
        for problem in exc.problems:
            print(problem)
        print(f"{len(exc.problems)} problem(s) in {path}", file=sys.stderr)
        return 1
    print(f"{path}: OK, {len(pack.facts)} facts")
    return 0
