"""Each server's own settings (/privy settings): its moderator role, peer review, and stale-days.

What a server has not set falls back to the environment (PRIVY_MOD_ROLE for the home server only,
PRIVY_REQUIRE_REVIEW, PRIVY_STALE_DAYS). The role is stored by id: a role merely named like it, in this
or any server, is not it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from knowledge.errors import CoreError
from knowledge.store.db import write

MIN_STALE_DAYS, MAX_STALE_DAYS = 1, 3650


class SettingsError(CoreError, ValueError):
    """A setting out of range; the message names it."""


@dataclass(frozen=True)
class ServerSettings:
    """What one server chose; None: the default from the environment."""

    scope: str
    mod_role_id: str | None = None
    require_review: bool | None = None
    stale_days: int | None = None


def settings_of(db: Database, scope: str) -> ServerSettings:
    row = db.execute(
        "select mod_role_id, require_review, stale_days from server_settings where scope = ?", [scope]
    ).fetchone()
    if row is None:
        return ServerSettings(scope)
    review = None if row[1] is None else bool(row[1])
    return ServerSettings(scope, row[0] or None, review, row[2])


def save_settings(
    db: Database,
    scope: str,
    by: str,
    *,
    mod_role_id: str | None = None,
    clear_role: bool = False,
    require_review: bool | None = None,
    stale_days: int | None = None,
) -> ServerSettings:
    """Change the given settings of one server (None: leave as it is) and return them all."""
    if stale_days is not None and not MIN_STALE_DAYS <= stale_days <= MAX_STALE_DAYS:
        raise SettingsError(f"stale_days must be between {MIN_STALE_DAYS} and {MAX_STALE_DAYS} days")
    if mod_role_id is not None and not mod_role_id.isdigit():
        raise SettingsError("the moderator role is kept by its id, a number")
    old = settings_of(db, scope)
    role = None if clear_role else (mod_role_id or old.mod_role_id)
    review = old.require_review if require_review is None else require_review
    days = old.stale_days if stale_days is None else stale_days
    with write(db):
        db.execute(
            "insert into server_settings (scope, mod_role_id, require_review, stale_days, updated_by)"
            " values (?, ?, ?, ?, ?) on conflict(scope) do update set mod_role_id = excluded.mod_role_id,"
            " require_review = excluded.require_review, stale_days = excluded.stale_days,"
            " updated_by = excluded.updated_by",
            [scope, role, None if review is None else int(review), days, by],
        )
    return settings_of(db, scope)
