"""`python bot.py facts ...`: import, export, check, history, revert and upgrade, from the shell.

Writes go through the same curation workflow as Discord's /fact commands (knowledge.curation.workflow),
with the operator named `cli:NAME` in the history. Nothing here imports knowledge at module level, so
`bot.py ask` does not pay for it.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import cli_links
import cli_watch

if TYPE_CHECKING:
    from config import Config
    from knowledge.curation.workflow import Curator
    from knowledge.store.facts import Author, ImportPlan

FactsCommand = Callable[[argparse.Namespace, "Curator", "_Bar"], int]


CHECKED = ("import", "revert", "export", "upgrade")  # the base is checked whole (quick_check) before these


def add_parsers(facts: argparse.ArgumentParser) -> None:
    """The `facts` subcommands, each bound to its function with set_defaults."""
    sub = facts.add_subparsers(dest="facts_cmd", required=True, metavar="ACTION")
    imp = sub.add_parser("import", help="validate a pack, then add or update its facts (all or nothing)")
    imp.add_argument("file")
    imp.add_argument("--by", default=None, help="who is importing (kept in the history)")
    imp.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")
    exp = sub.add_parser("export", help="write the whole base as a pack")
    exp.add_argument("file")
    chk = sub.add_parser("check", help="validate a pack and list every problem")
    chk.add_argument("file")
    chk.add_argument(
        "--without-registry",
        dest="require_registry",
        action="store_false",
        help="skip the check of every source against knowledge/publishers.yaml (host, publisher, an "
        "original publisher), which `check` applies by default",
    )
    his = sub.add_parser("history", help="the revisions of one fact")
    his.add_argument("id")
    his.add_argument("--json", action="store_true")
    rev = sub.add_parser("revert", help="make revision REV the current one (a new revision)")
    rev.add_argument("id")
    rev.add_argument("rev", type=int)
    rev.add_argument("--by", default=None)
    upg = sub.add_parser("upgrade", help="bring the base to the embedded pack shipped with this version")
    upg.add_argument(
        "--dry-run", action="store_true", help="print what would change, fact by fact; write nothing"
    )
    lnk = sub.add_parser("links", help="check every source link of the live facts; list dead and moved ones")
    cli_links.add_arguments(lnk)
    lnk.set_defaults(func=_runner(cli_links.links))
    wat = sub.add_parser("watch", help="re-read watched sources; facts whose passage changed go to /review")
    cli_watch.add_arguments(wat)
    wat.set_defaults(func=_runner(cli_watch.watch))
    for parser, func in (
        (imp, _import),
        (exp, _export),
        (chk, _check),
        (his, _history),
        (rev, _revert),
        (upg, _upgrade),
    ):
        parser.set_defaults(func=_runner(func))


def _runner(func: FactsCommand) -> Callable[[argparse.Namespace, Config], int]:
    """Open the base, run one command, and turn the core's known errors into a line on stderr."""

    def run(args: argparse.Namespace, config: Config) -> int:
        from knowledge.curation.workflow import Curator
        from knowledge.errors import CoreError
        from knowledge.packs.format import PackError
        from knowledge.scoped import SHARED
        from knowledge.service import Privy
        from knowledge.store.facts import ConflictError, NotFoundError

        upgrade = config.pack_upgrade and args.facts_cmd != "upgrade"  # that one shows and applies it itself
        privy = Privy.open(
            config.store, cache_dir=config.cache_dir, key_file=config.key_file, pack_upgrade=upgrade
        )
        curator = Curator(privy.scoped(SHARED))
        if args.facts_cmd in CHECKED and not getattr(args, "dry_run", False):
            from knowledge.store.health import check_health, refuse_damaged

            check_health(privy.db)  # a damaged base then refuses the write in one line
            if args.facts_cmd == "export":
                refuse_damaged(privy.db)  # an export of a damaged base would be silently short
        bar = _Bar()
        try:
            return func(args, curator, bar)
        except PackError as exc:
            bar.end()
            for problem in exc.problems:
                print(f"  {problem}", file=sys.stderr)
            verb = "nothing imported: " if args.facts_cmd == "import" else ""
            print(f"{verb}{len(exc.problems)} problem(s) in {args.file}", file=sys.stderr)
            return 1
        except (NotFoundError, ConflictError, CoreError) as exc:
            bar.end()
            print(str(exc), file=sys.stderr)
            return 1

    return run


def _author(name: str | None) -> Author:
    from knowledge.store.facts import Author

    try:
        fallback = getpass.getuser()
    except (KeyError, OSError):
        fallback = "cli"
    return Author(f"cli:{name or fallback}")


def _read(path: str) -> str:
    from knowledge.packs.format import read_text

    return read_text(path)


def _import(args: argparse.Namespace, curator: Curator, bar: _Bar) -> int:
    text = _read(args.file)
    if args.dry_run:
        _, plan = curator.read_pack(text)
        print(f"would import {args.file}: {plan.summary()}")
        for verb, ids in (("add", plan.added), ("change", plan.changed)):
            for fid in ids:
                print(f"  {verb:<6} {fid}")
        _notes(plan)
        return 0
    outcome = curator.import_text(text, args.file, _author(args.by), progress=bar)
    assert outcome.plan is not None  # the CLI never waits for peer review
    print(f"imported {args.file}: {outcome.plan.summary()}")
    _notes(outcome.plan)
    return 0


def _upgrade(args: argparse.Namespace, curator: Curator, bar: _Bar) -> int:
    """The automatic upgrade at start (knowledge.store.pack_upgrade), shown fact by fact, or applied now."""
    from knowledge.packs.format import embedded_packs
    from knowledge.store.pack_upgrade import pack_digest, upgrade

    plan = upgrade(curator.store, embedded_packs(), pack_digest(), dry_run=args.dry_run)
    print(f"{'would upgrade' if args.dry_run else 'upgraded'} to the embedded pack: {plan.summary()}")
    for line in plan.lines():
        print(line)
    return 0


def _notes(plan: ImportPlan) -> None:
    """What the summary line only counts: platform names kept although the pack leaves them out."""
    for note in plan.notes():
        print(f"  note: {note}")


def _export(args: argparse.Namespace, curator: Curator, bar: _Bar) -> int:
    store = curator.store
    try:
        with Path(args.file).open("w", encoding="utf-8") as out:
            store.export_to(out)
    except OSError as exc:
        print(f"cannot write {args.file}: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"exported {store.count()} facts to {args.file}")
    return 0


def _check(args: argparse.Namespace, curator: Curator, bar: _Bar) -> int:
    from knowledge.packs.format import PackError

    text = _read(args.file)
    try:
        pack, _ = curator.read_pack(text, require_registry=args.require_registry)
    except PackError as exc:
        for problem in exc.problems:
            print(problem)
        print(f"{len(exc.problems)} problem(s) in {args.file}", file=sys.stderr)
        return 1
    print(f"{args.file}: OK, {len(pack.facts)} facts")
    if args.require_registry:
        _coverage(text)
    return 0


def _coverage(text: str) -> None:
    """The share of live facts with a first-party source, and those with none that do not say why."""
    from knowledge.packs.format import parse_yaml
    from knowledge.packs.publishers import first_party_coverage, section_notes

    facts = parse_yaml(text).get("facts") or []
    for note in section_notes(facts):
        print(f"  note: {note}")
    coverage = first_party_coverage(facts)
    print(coverage.summary())
    for fid in coverage.unexplained:
        print(f"  {fid}: no first-party source and no first_party note")


def _history(args: argparse.Namespace, curator: Curator, bar: _Bar) -> int:
    revisions = curator.store.history(args.id)
    if args.json:
        print(json.dumps([r.to_dict() for r in revisions]))
        return 0
    for r in revisions:
        changed = ", ".join(r.changes) if r.action != "add" else "created"
        note = f"  ({r.note})" if r.note else ""
        print(f"{r.rev:>3}  {r.at}  {r.by_name:<24}  {r.action:<7}  {changed}{note}")
    return 0


def _revert(args: argparse.Namespace, curator: Curator, bar: _Bar) -> int:
    outcome = curator.revert(args.id, args.rev, _author(args.by))
    print(f"{args.id}: revision {args.rev} is current again (as revision {outcome.rev})")
    return 0


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
