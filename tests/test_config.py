"""load_config: defaults, parsing, and one-line errors that name the variable."""

from __future__ import annotations

import re

import pytest

from bot import Config, ConfigError, load_config

TOKEN = "M" * 24 + "." + "G" * 6 + "." + "x" * 38


def test_defaults_with_empty_environment() -> None:
    assert load_config({}) == Config()


def test_values_are_parsed() -> None:
    config = load_config(
        {
            "DISCORD_TOKEN": TOKEN,
            "PRIVY_DB": "/tmp/x.db",
            "PRIVY_GUILD_ID": "123",
            "PRIVY_MOD_ROLE": "Mods",
            "PRIVY_LOG_LEVEL": "debug",
            "PRIVY_STALE_DAYS": "30",
            "PRIVY_REQUIRE_REVIEW": "1",
        }
    )
    assert config == Config(
        token=TOKEN,
        db="/tmp/x.db",
        guild_id=123,
        mod_role="Mods",
        log_level="DEBUG",
        stale_days=30,
        require_review=True,
    )


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"PRIVY_GUILD_ID": "abc"}, "PRIVY_GUILD_ID"),
        ({"PRIVY_LOG_LEVEL": "LOUD"}, "PRIVY_LOG_LEVEL"),
        ({"PRIVY_STALE_DAYS": "-3"}, "PRIVY_STALE_DAYS"),
        ({"PRIVY_REQUIRE_REVIEW": "maybe"}, "PRIVY_REQUIRE_REVIEW"),
        ({"DISCORD_TOKEN": "short"}, "DISCORD_TOKEN"),
        ({"PRIVY_WATCH_HOURS": "daily"}, "PRIVY_WATCH_HOURS"),
        ({"PRIVY_DATABASE_URL": "mysql://privy:pw@db/privy"}, "PRIVY_DATABASE_URL"),
    ],
)
def test_bad_values_name_the_variable(env: dict[str, str], variable: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_config(env)
    assert variable in str(err.value)
    assert "\n" not in str(err.value)


def test_a_database_url_is_the_store_and_a_bad_one_never_shows_its_password() -> None:
    assert load_config({}).store == "data/privy.db"
    url = "postgresql://privy:pw@db:5432/privy"
    config = load_config({"PRIVY_DATABASE_URL": url, "PRIVY_KEY_FILE": "/etc/privy/privy.key"})
    assert (config.store, config.key_file) == (url, "/etc/privy/privy.key")
    with pytest.raises(ConfigError) as err:
        load_config({"PRIVY_DATABASE_URL": "postgre://privy:s3cret@db/privy"})
    assert "s3cret" not in str(err.value)


@pytest.mark.parametrize(("raw", "hours"), [(None, 24), ("6", 6), ("0", 0)])
def test_watch_hours_default_to_a_day_and_0_turns_the_watch_off(raw: str | None, hours: int) -> None:
    assert load_config({"PRIVY_WATCH_HOURS": raw} if raw is not None else {}).watch_hours == hours


def test_bad_token_error_does_not_echo_the_token() -> None:
    secret = "not a token but secret-ish"
    with pytest.raises(ConfigError) as err:
        load_config({"DISCORD_TOKEN": secret})
    assert secret not in str(err.value)


@pytest.mark.parametrize(
    ("raw", "ids"),
    [("1", (1,)), ("0,3", (0, 3)), ("0-3", (0, 1, 2, 3)), ("4-6, 0 ,2", (0, 2, 4, 5, 6)), ("2-2", (2,))],
)
def test_shard_ids_take_numbers_and_ranges(raw: str, ids: tuple[int, ...]) -> None:
    assert load_config({"PRIVY_SHARD_COUNT": "8", "PRIVY_SHARD_IDS": raw}).shard_ids == ids


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("3-1", "ranges such as 0-15"),
        ("a", "ranges such as 0-15"),
        ("1-", "ranges such as 0-15"),
        ("0-8", "below PRIVY_SHARD_COUNT (8), got 8"),
        ("0-99999999999", "below PRIVY_SHARD_COUNT (8), got 99999999999"),
    ],
)
def test_bad_shard_ids_say_what_is_wrong(raw: str, says: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(says)):
        load_config({"PRIVY_SHARD_COUNT": "8", "PRIVY_SHARD_IDS": raw})


def test_database_url_is_postgresql_and_a_wrong_one_is_not_echoed() -> None:
    assert load_config({}).database_url is None  # SQLite, nothing to set
    url = "postgresql://privy:pw@db.internal/privy"
    assert load_config({"PRIVY_DATABASE_URL": url}).database_url == url
    with pytest.raises(ConfigError, match="PRIVY_DATABASE_URL") as err:
        load_config({"PRIVY_DATABASE_URL": "mysql://privy:s3cret@db/privy"})
    assert "s3cret" not in str(err.value)
