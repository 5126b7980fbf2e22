"""Privy's settings: every environment variable is read here, once, and nowhere else."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

STALE_DAYS = 90  # PRIVY_STALE_DAYS: a fact not checked for longer is shown as stale in /review

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class ConfigError(ValueError):
    """A missing or malformed setting; the message names the variable."""


class UsageError(Exception):
    """A command-line option with a value it cannot take ("--as-of 2024-13-01"): one line, exit status 2."""


@dataclass(frozen=True)
class Config:
    token: str | None = None
    db: str = "data/privy.db"
    guild_id: int | None = None
    mod_role: str | None = None
    log_level: str = "INFO"
    stale_days: int = STALE_DAYS
    require_review: bool = False
    unanswered_days: int = 30  # PRIVY_UNANSWERED_DAYS: how long an unanswered question is kept at most
    cache_dir: str | None = None  # where derived tables (place names) are cached; None: ~/.cache/privy
    shard_count: int | None = None  # None: discord.py decides (one process, every shard)
    shard_ids: tuple[int, ...] | None = None  # the shards this process runs; None: all of them
    watch_hours: int = 24  # PRIVY_WATCH_HOURS: how often the bot re-reads watched sources; 0: never
    database_url: str | None = None  # PRIVY_DATABASE_URL: PostgreSQL (many hosts) instead of PRIVY_DB
    key_file: str | None = None  # PRIVY_KEY_FILE: a PostgreSQL base's key (a SQLite file's is beside it)
    pack_upgrade: bool = (
        True  # PRIVY_PACK_UPGRADE: bring the base to the shipped pack at start (off: by command)
    )

    @property
    def store(self) -> str:
        """The fact base to open: the PostgreSQL URL when set, else the SQLite file."""
        return self.database_url or self.db


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
    shard_count = number("PRIVY_SHARD_COUNT", None, low=1)
    shard_ids = _shard_ids(get("PRIVY_SHARD_IDS"), shard_count)
    cache = get("PRIVY_CACHE") or (str(Path(xdg) / "privy") if (xdg := get("XDG_CACHE_HOME")) else None)
    database_url = get("PRIVY_DATABASE_URL")
    if database_url is not None and not database_url.startswith(("postgresql://", "postgres://")):
        raise ConfigError(
            "PRIVY_DATABASE_URL must start with postgresql:// (or be unset for the SQLite file)"
        )
    review = (get("PRIVY_REQUIRE_REVIEW") or "0").lower()
    if review not in ("0", "1", "true", "false", "yes", "no"):
        raise ConfigError(f"PRIVY_REQUIRE_REVIEW must be 0 or 1, got {review!r}")
    upgrade = (get("PRIVY_PACK_UPGRADE") or "on").lower()
    if upgrade not in ("on", "off"):
        raise ConfigError(f"PRIVY_PACK_UPGRADE must be on or off, got {upgrade!r}")
    return Config(
        token=token,
        db=get("PRIVY_DB") or "data/privy.db",
        guild_id=number("PRIVY_GUILD_ID", None, low=1),
        mod_role=get("PRIVY_MOD_ROLE"),
        log_level=level,
        stale_days=number("PRIVY_STALE_DAYS", STALE_DAYS, low=1) or STALE_DAYS,
        require_review=review in ("1", "true", "yes"),
        unanswered_days=number("PRIVY_UNANSWERED_DAYS", 30, low=1) or 30,
        cache_dir=cache,
        shard_count=shard_count,
        shard_ids=shard_ids,
        watch_hours=number("PRIVY_WATCH_HOURS", 24) or 0,
        database_url=database_url,
        key_file=get("PRIVY_KEY_FILE"),
        pack_upgrade=upgrade == "on",
    )


def _shard_ids(raw: str | None, count: int | None) -> tuple[int, ...] | None:
    """PRIVY_SHARD_IDS: shard numbers and ranges separated by commas (`0-15,32`), each below
    PRIVY_SHARD_COUNT (which it needs)."""
    if raw is None:
        return None
    if count is None:
        raise ConfigError("PRIVY_SHARD_IDS needs PRIVY_SHARD_COUNT (the total number of shards)")
    ids: set[int] = set()
    for part in (p.strip() for p in raw.split(",")):
        low, dash, high = part.partition("-")
        if not low.isdigit() or (dash and not high.isdigit()) or (dash and int(high) < int(low)):
            raise ConfigError(
                f"PRIVY_SHARD_IDS must be shard numbers or ranges such as 0-15, separated by commas, got {raw!r}"
            )
        last = int(high if dash else low)
        if last >= count:
            raise ConfigError(f"PRIVY_SHARD_IDS must be below PRIVY_SHARD_COUNT ({count}), got {last}")
        ids.update(range(int(low), last + 1))
    return tuple(sorted(ids))
