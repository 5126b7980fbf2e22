"""Privy's entry point: the command line, and create_bot() for Discord.

discord is imported only inside the functions that need it, so `ask` and `facts` start fast.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from config import Config, ConfigError, UsageError, load_config
from knowledge.errors import CoreError
from knowledge.i18n.speaking import N_

if TYPE_CHECKING:
    from discord.ext import commands

    from knowledge.service import Privy

__all__ = ["Config", "ConfigError", "create_bot", "load_config", "main"]

log = logging.getLogger("privy")


def open_privy(config: Config, *, lazy: bool = False) -> Privy:
    """The core on the configured fact base (seeded from the embedded pack on first use); `lazy` for a
    command that answers a question or two: each platform's search rows read only when needed."""
    from knowledge.service import Privy

    return Privy.open(
        config.store,
        cache_dir=config.cache_dir,
        unanswered_days=config.unanswered_days,
        key_file=config.key_file,
        lazy=lazy,
        pack_upgrade=config.pack_upgrade,
    )


def create_bot(config: Config, privy: Privy | None = None) -> commands.Bot:
    """The Discord bot, wired to the fact base of `config` (or to the `privy` given, for tests)."""
    from handlers.client import build_bot

    return build_bot(config, privy or open_privy(config))


# ---- command line --------------------------------------------------------------------------------

Command = Callable[[argparse.Namespace, Config], int]


def _parser() -> argparse.ArgumentParser:
    import cli_alerts
    import cli_db
    import cli_facts

    p = argparse.ArgumentParser(
        prog="bot.py", description="Privy: sourced answers about AI training and privacy."
    )
    p.set_defaults(func=_cmd_run)
    sub = p.add_subparsers(dest="cmd", metavar="COMMAND")
    sub.add_parser("run", help="Discord if DISCORD_TOKEN is set, else the console").set_defaults(
        func=_cmd_run
    )
    console = sub.add_parser("console", help="ask questions interactively, answers as text")
    console.add_argument("--lang", help=LANG_HELP)
    console.set_defaults(func=_cmd_console)
    sub.add_parser(
        "sync", help="register the slash commands with Discord (globally, or PRIVY_GUILD_ID)"
    ).set_defaults(func=_cmd_sync)
    ask = sub.add_parser("ask", help="answer one question (or '-' for one per line on stdin)")
    ask.add_argument("question")
    ask.add_argument("--region", help="your region code: uk, us, eea, de, ch, ...")
    ask.add_argument("--as-of", dest="as_of", help="answer as of this day, YYYY-MM-DD")
    ask.add_argument("--json", action="store_true", help="one JSON object per answer")
    ask.add_argument("--lang", help=LANG_HELP)
    ask.set_defaults(func=_cmd_ask)
    status = sub.add_parser("status", help="one row a region: training, opt-out, since, deadline, source")
    status.add_argument("platform", help="a platform id or name: linkedin, meta, x, ...")
    status.add_argument("--as-of", dest="as_of", help="as of this day, YYYY-MM-DD")
    status.add_argument("--json", action="store_true", help="the rows as one JSON object")
    status.set_defaults(func=_cmd_status)
    cli_alerts.add_parsers(sub)
    cli_facts.add_parsers(sub.add_parser("facts", help="manage the fact base"))
    cli_db.add_parsers(sub.add_parser("db", help="check PRIVY_DB, or recover it into a new file"))
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        config = load_config()
    except ConfigError as exc:
        print(f"config error: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(level=config.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    func: Command = args.func
    try:
        return func(args, config)
    except UsageError as exc:  # an option's value: exit 2, as argparse does for a bad option
        print(exc, file=sys.stderr)
        return 2
    except CoreError as exc:  # e.g. PRIVY_DB damaged or busy: one sentence, no traceback
        print(exc, file=sys.stderr)
        return getattr(exc, "exit_code", 1)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader has gone (`| head -1`): stop quietly, as other Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit's flush
        return 0


def _cmd_run(args: argparse.Namespace, config: Config) -> int:
    if not config.token:
        print("No DISCORD_TOKEN set: starting the offline console on the local fact base.")
        return _cmd_console(args, config)
    from handlers.client import run_bot

    return run_bot(config, open_privy(config))


def _cmd_sync(args: argparse.Namespace, config: Config) -> int:
    from handlers.client import sync_commands

    return sync_commands(config, open_privy(config))


def _parse_day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--as-of must be a date YYYY-MM-DD, got {text!r}") from None


LANG_HELP = "answer in this language: en, de, fr, es, pt-BR, pt-PT, it, nl, pl, ja (default: the question's)"


def _language(code: str | None) -> str | None:
    """--lang as Privy spells it (de, pt-BR, ...); UsageError naming the option when it is not spoken."""
    from knowledge.i18n.catalogues import LANGUAGES
    from knowledge.i18n.speaking import supported

    if code is None:
        return None
    lang = supported(code)
    if lang is None:
        raise UsageError(f"--lang: Privy does not speak {code!r} (use one of {', '.join(LANGUAGES)})")
    return lang


def _reply_language(question: str, lang: str | None) -> str | None:
    """--lang, else the question's own language (None: English)."""
    from knowledge.reading.language import detect_language

    return lang or detect_language(question)


def _cmd_ask(args: argparse.Namespace, config: Config) -> int:
    from knowledge.answers.text import render_text
    from knowledge.i18n.speaking import _, speaking
    from knowledge.regions import normalize

    lang = _language(args.lang)
    as_of = _parse_day(args.as_of)
    region = None
    if args.region:
        region = normalize(args.region)
        if region is None:
            raise UsageError(
                f"--region: unknown region {args.region!r} (use a country code like uk, us, de, or eea)"
            )
    privy = open_privy(config, lazy=True)
    questions = sys.stdin if args.question == "-" else [args.question]
    for line in questions:  # a reader that goes away (`| head -1`) ends it quietly: see main
        question = line.rstrip("\n")  # blank lines still get an answer: one line in, one line out
        with speaking(_reply_language(question, lang)):
            answer = privy.ask(question, region=region, as_of=as_of)
            reply = render_text(answer, _(ASK_REGION_HINT))
            out = json.dumps(answer.to_dict(reply), ensure_ascii=False) if args.json else reply
        print(out + ("\n" if args.question == "-" and not args.json else ""), flush=True)
    return 0


def _cmd_status(args: argparse.Namespace, config: Config) -> int:
    """The per-region view of one platform, computed from its facts' claims."""
    from knowledge.answers.status_view import status_text

    as_of = _parse_day(args.as_of)
    privy = open_privy(config, lazy=True)
    view = privy.status(args.platform, as_of=as_of)
    if view is None:
        known = ", ".join(sorted(privy.index.names.platforms))
        print(f"unknown platform {args.platform!r}; use one of: {known}", file=sys.stderr)
        return 2
    print(json.dumps(view.to_dict(), ensure_ascii=False) if args.json else status_text(view))
    return 0


def _cmd_console(args: argparse.Namespace, config: Config) -> int:
    """Ask as in Discord; the last answer is kept in memory only, so "and in the UK?" follows it up."""
    from knowledge.answers.followup import Context
    from knowledge.answers.text import help_text, render_text
    from knowledge.i18n.speaking import _, speaking
    from knowledge.regions import normalize

    lang = _language(getattr(args, "lang", None))  # `run` with no token comes here, and has no --lang
    privy = open_privy(config)
    region: str | None = None
    last: Context | None = None
    privacy = "The console keeps your last answer in memory only, for follow-ups; ':region' is not saved."
    print(
        f"Privy console: {privy.store.count()} facts. Ask a question; ':region CODE' sets your region, "
        "':help' says what I answer, ':quit' leaves."
    )
    while True:
        try:
            line = input("you> ").strip()
        except EOFError:
            print()
            return 0
        if not line:
            continue
        if line in (":quit", ":q", "quit", "exit"):
            return 0
        if line in (":help", ":h", "?"):
            with speaking(lang):  # --lang, else English (a command has no language of its own)
                text = help_text(
                    _(REGION_HINT),
                    privacy,
                    "python bot.py status linkedin [--as-of DATE] for a table of every region",
                )
            print("privy> " + text.replace("\n", "\n       "))
            continue
        if line.startswith(":region"):
            code = line.split(maxsplit=1)[1] if " " in line else ""
            if code and normalize(code) is None:  # the region set before stays
                print(f"privy> unknown region {code!r}: use a code or a country (uk, us, de, Germany, ...)")
                continue
            region = normalize(code) if code else None
            print(f"privy> region set to {region}" if region else "privy> region cleared")
            continue
        with speaking(_reply_language(line, lang)):
            answer = privy.ask(line, region=region, context=last)
            reply = render_text(answer, _(REGION_HINT))
        last = Context.of(answer) if answer.status != "no_match" else last  # what a follow-up builds on
        print("privy> " + reply.replace("\n", "\n       "))


# msgids of the catalogues (knowledge.i18n), in the reply's language where they are used
REGION_HINT = N_("set it with ':region CODE' (uk, us, de, ...)")
ASK_REGION_HINT = N_("add --region CODE (uk, us, de, ...)")


if __name__ == "__main__":
    sys.exit(main())
