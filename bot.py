"""Privy's entry point: configuration, the command line, and create_bot() for Discord.

discord is imported only inside the functions that need it, so `ask` and `facts` start fast.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from discord.ext import commands

    from knowledge.service import Privy

log = logging.getLogger("privy")
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class ConfigError(ValueError):
    """A missing or malformed setting; the message names the variable."""


@dataclass(frozen=True)
class Config:
    token: str | None = None
    db: str = "data/privy.db"
    guild_id: int | None = None
    mod_role: str | None = None
    log_level: str = "INFO"
    stale_days: int = 90
    require_review: bool = False


def load_config(env: Mapping[str, str] | None = None) -> Config:
    """Settings from `env`, or from .env and the environment (the environment wins)."""
    if env is None:
        from dotenv import dotenv_values

        env = {**{k: v for k, v in dotenv_values(".env").items() if v is not None}, **os.environ}

    def get(name: str) -> str | None:
        value = env.get(name)
        return value.strip() if isinstance(value, str) and value.strip() else None

    def number(name: str, default: int | None, low: int = 0) -> int | None:
        raw = get(name)
        if raw is None:
            return default
        if not raw.isdigit() or int(raw) < low:
            raise ConfigError(
                f"{name} must be a whole number{f' of at least {low}' if low else ''}, got {raw!r}"
            )
        return int(raw)

    level = (get("PRIVY_LOG_LEVEL") or "INFO").upper()
    if level not in LEVELS:
        raise ConfigError(f"PRIVY_LOG_LEVEL must be one of {', '.join(LEVELS)}, got {level!r}")
    token = get("DISCORD_TOKEN")
    if token is not None and (len(token) < 50 or any(c.isspace() for c in token)):
        raise ConfigError(
            "DISCORD_TOKEN does not look like a bot token (Developer Portal > Bot > Reset Token)"
        )
    review = (get("PRIVY_REQUIRE_REVIEW") or "0").lower()
    if review not in ("0", "1", "true", "false", "yes", "no"):
        raise ConfigError(f"PRIVY_REQUIRE_REVIEW must be 0 or 1, got {review!r}")
    return Config(
        token=token,
        db=get("PRIVY_DB") or "data/privy.db",
        guild_id=number("PRIVY_GUILD_ID", None, low=1),
        mod_role=get("PRIVY_MOD_ROLE"),
        log_level=level,
        stale_days=number("PRIVY_STALE_DAYS", 90, low=1) or 90,
        require_review=review in ("1", "true", "yes"),
    )


def create_bot(config: Config, privy: Privy | None = None) -> commands.Bot:
    """The Discord bot, wired to the fact base of `config` (or to the `privy` given, for tests)."""
    from handlers.client import build_bot
    from knowledge.service import Privy

    return build_bot(config, privy or Privy(config.db))


# ---- command line --------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="bot.py", description="Privy: sourced answers about AI training and privacy."
    )
    sub = p.add_subparsers(dest="cmd")
    sub.add_parser("run", help="Discord if DISCORD_TOKEN is set, else the console")
    sub.add_parser("console", help="ask questions interactively, answers as text")
    sub.add_parser("sync", help="register the slash commands with Discord (globally, or PRIVY_GUILD_ID)")
    ask = sub.add_parser("ask", help="answer one question (or '-' for one per line on stdin)")
    ask.add_argument("question")
    ask.add_argument("--region", help="your region code: uk, us, eea, de, ch, ...")
    ask.add_argument("--as-of", dest="as_of", help="answer as of this day, YYYY-MM-DD")
    ask.add_argument("--json", action="store_true", help="one JSON object per answer")
    facts = sub.add_parser("facts", help="manage the fact base")
    fsub = facts.add_subparsers(dest="facts_cmd", required=True)
    imp = fsub.add_parser("import", help="validate a pack, then add or update its facts (all or nothing)")
    imp.add_argument("file")
    imp.add_argument("--by", default=None, help="who is importing (kept in the history)")
    imp.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")
    exp = fsub.add_parser("export", help="write the whole base as a pack")
    exp.add_argument("file")
    chk = fsub.add_parser("check", help="validate a pack and list every problem")
    chk.add_argument("file")
    his = fsub.add_parser("history", help="the revisions of one fact")
    his.add_argument("id")
    his.add_argument("--json", action="store_true")
    rev = fsub.add_parser("revert", help="make revision REV the current one (a new revision)")
    rev.add_argument("id")
    rev.add_argument("rev", type=int)
    rev.add_argument("--by", default=None)
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        config = load_config()
    except ConfigError as exc:
        print(f"config error: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(level=config.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    cmd = args.cmd or "run"
    try:
        if cmd == "ask":
            return _cmd_ask(args, config)
        if cmd == "facts":
            from cli_facts import run_facts

            return run_facts(args, config)
        if cmd == "console" or (cmd == "run" and not config.token):
            if cmd == "run":
                print("No DISCORD_TOKEN set: starting the offline console on the local fact base.")
            return _cmd_console(config)
        if cmd == "sync":
            from handlers.client import sync_commands

            return sync_commands(config)
        from handlers.client import run_bot

        return run_bot(config)
    except KeyboardInterrupt:
        return 130


def _privy(config: Config) -> Privy:
    from knowledge.service import Privy

    return Privy(config.db)


def _parse_day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise SystemExit(f"--as-of must be a date YYYY-MM-DD, got {text!r}") from None


def _cmd_ask(args: argparse.Namespace, config: Config) -> int:
    from knowledge.regions import normalize
    from knowledge.render import render_text

    as_of = _parse_day(args.as_of)
    region = None
    if args.region:
        region = normalize(args.region)
        if region is None:
            print(
                f"--region: unknown region {args.region!r} (use a country code like uk, us, de, or eea)",
                file=sys.stderr,
            )
            return 2
    privy = _privy(config)
    questions = sys.stdin if args.question == "-" else [args.question]
    for line in questions:
        question = line.rstrip("\n")  # blank lines still get an answer: one line in, one line out
        answer = privy.ask(question, region=region, as_of=as_of)
        reply = render_text(answer, "add --region CODE (uk, us, de, ...)")
        if args.json:
            print(json.dumps(answer.to_dict(reply), ensure_ascii=False), flush=True)
        else:
            print(reply + ("\n" if args.question == "-" else ""), flush=True)
    return 0


def _cmd_console(config: Config) -> int:
    from knowledge.regions import normalize
    from knowledge.render import render_text

    privy = _privy(config)
    region: str | None = None
    print(
        f"Privy console: {privy.store.count()} facts. Ask a question; ':region CODE' sets your region, "
        "':quit' leaves."
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
        if line.startswith(":region"):
            code = line.split(maxsplit=1)[1] if " " in line else ""
            region = normalize(code) if code else None
            print(f"privy> region set to {region}" if region else "privy> region cleared")
            continue
        reply = render_text(privy.ask(line, region=region), "set it with ':region CODE' (uk, us, de, ...)")
        print("privy> " + reply.replace("\n", "\n       "))


if __name__ == "__main__":
    sys.exit(main())
