"""Alert channels in the base: subscriptions, the outbox of posts, and the shared base's log of changes.

An outbox row is written in the same transaction as the change that causes it (a fact saved, a day's tick)
under a unique key (subscription, cause, day): a second shard or a restart that computes the same alert
finds the key taken and writes nothing. A sender claims a row (state `sending`, a nonce, the time) before
it posts and records the message after; a row left `sending` by a process that died is claimed again after
a lease, and its sender looks for the message by its nonce before posting (handlers.alerts.sender).

States: pending -> sending -> sent; `folded` (over the channel's daily cap, carried by the next day's
digest). Every function here runs inside the caller's transaction (knowledge.store.db.write) when it writes.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from knowledge.store.visibility import VISIBLE_FACTS, scope_args

PENDING, SENDING, SENT, FOLDED = "pending", "sending", "sent", "folded"
ALERT, DIGEST = "alert", "digest"
NONCE_CHARS = 25  # Discord's limit on a message nonce


@dataclass(frozen=True)
class Subscription:
    """A channel that gets alerts: which platforms and regions (empty: all), its cap, whom it pings."""

    id: int
    guild_id: str
    channel_id: str
    scope: str
    platforms: tuple[str, ...]
    regions: tuple[str, ...]
    max_per_day: int
    role_id: str | None
    paused: str | None
    since_day: date
    ticked_day: date
    lang: str = "en"  # the language of its posts: the server's preferred locale, as Privy speaks it

    def wants(self, platform: str) -> bool:
        return not self.platforms or platform in self.platforms


@dataclass(frozen=True)
class OutboxRow:
    """One post to make: where, what (the notice as stored, JSON), and how to recognise it once posted."""

    id: int
    sub_id: int
    guild_id: str
    channel_id: str
    kind: str
    day: str
    notice: dict[str, Any]
    nonce: str
    role_id: str | None
    retry: bool  # claimed before by a sender that did not record the post: look for it first


_SUB_COLUMNS = (
    "id, guild_id, channel_id, scope, platforms, regions, max_per_day, role_id, paused, since_day, ticked_day,"
    " lang"
)


def _subscription(row: tuple[Any, ...]) -> Subscription:
    sid, guild, channel, scope, platforms, regions, cap, role, paused, since, ticked, lang = row
    return Subscription(
        sid,
        guild,
        channel,
        scope,
        _split(platforms),
        _split(regions),
        cap,
        role,
        paused,
        date.fromisoformat(since),
        date.fromisoformat(ticked),
        lang,
    )


def _split(stored: str) -> tuple[str, ...]:
    """Platform ids and region codes are stored comma-joined (neither ever holds a comma): read on every
    save for every listening channel, where JSON cost 40 µs a subscription."""
    return tuple(part for part in stored.split(",") if part)


def _join(items: Iterable[str]) -> str:
    return ",".join(sorted(set(items)))


# ---- subscriptions ---------------------------------------------------------------------------------


def subscribe(
    db: Database,
    *,
    guild_id: str,
    channel_id: str,
    scope: str,
    platforms: Iterable[str],
    regions: Iterable[str],
    max_per_day: int,
    role_id: str | None,
    day: date,
    now: str,
    lang: str = "en",
) -> tuple[Subscription, bool]:
    """Subscribe a channel (a baseline: nothing before `day` is posted), or change its options (and the
    language of its posts) and resume it when paused. Returns the subscription and whether it is new."""
    found = db.execute(
        "select id from alert_subscriptions where guild_id = ? and channel_id = ?", [guild_id, channel_id]
    ).fetchone()
    options = [_join(platforms), _join(regions), max_per_day, role_id, lang]
    if found:
        db.execute(
            "update alert_subscriptions set platforms = ?, regions = ?, max_per_day = ?, role_id = ?,"
            " lang = ?, paused = null, paused_at = null where id = ?",
            [*options, found[0]],
        )
    else:
        db.execute(
            "insert into alert_subscriptions (guild_id, channel_id, scope, platforms, regions, max_per_day,"
            " role_id, lang, since_day, ticked_day, created_at)"
            " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [guild_id, channel_id, scope, *options, day.isoformat(), day.isoformat(), now],
        )
    sub = subscription(db, guild_id, channel_id)
    assert sub is not None
    return sub, found is None


def subscription(db: Database, guild_id: str, channel_id: str) -> Subscription | None:
    row = db.execute(
        f"select {_SUB_COLUMNS} from alert_subscriptions where guild_id = ? and channel_id = ?",
        [guild_id, channel_id],
    ).fetchone()
    return _subscription(row) if row else None


def unsubscribe(db: Database, guild_id: str, channel_id: str) -> bool:
    """End a channel's alerts; posts it had not yet received go with it."""
    sub = subscription(db, guild_id, channel_id)
    if sub is None:
        return False
    db.execute("delete from alert_outbox where sub_id = ? and state != ?", [sub.id, SENT])
    db.execute("delete from alert_subscriptions where id = ?", [sub.id])
    return True


def subscriptions_of_guild(db: Database, guild_id: str) -> list[Subscription]:
    rows = db.execute(
        f"select {_SUB_COLUMNS} from alert_subscriptions where guild_id = ? order by id", [guild_id]
    ).fetchall()
    return [_subscription(r) for r in rows]


def subscriptions(db: Database, scopes: Iterable[str] | None = None) -> list[Subscription]:
    """Every subscription, or those of these scopes."""
    if scopes is None:
        rows = db.execute(f"select {_SUB_COLUMNS} from alert_subscriptions order by id").fetchall()
    else:
        wanted = sorted(set(scopes))
        marks = ", ".join("?" * len(wanted))
        rows = db.execute(
            f"select {_SUB_COLUMNS} from alert_subscriptions where scope in ({marks}) order by id", wanted
        ).fetchall()
    return [_subscription(r) for r in rows]


def listening(db: Database, platform: str, scope: str | None) -> list[Subscription]:
    """The subscriptions that want `platform` (all of them, or those of one scope)."""
    sql = (
        f"select {_SUB_COLUMNS} from alert_subscriptions"
        " where (platforms = '' or ',' || platforms || ',' like ?)"
    )
    args: list[str] = [f"%,{platform},%"]
    if scope is not None:
        sql += " and scope = ?"
        args.append(scope)
    return [_subscription(r) for r in db.execute(sql + " order by id", args).fetchall()]


def set_languages(db: Database, langs: dict[str, str]) -> int:
    """Each server's channels post in its language from now on (guild id -> our code); how many changed.
    Read first, so a pass where no server changed its locale takes no write."""
    changed = 0
    for guild_id, lang in langs.items():
        changed += db.execute(
            "update alert_subscriptions set lang = ? where guild_id = ? and lang != ?", [lang, guild_id, lang]
        ).rowcount
    return changed


def languages_of(db: Database, guild_ids: Iterable[str]) -> dict[str, set[str]]:
    """The languages the subscriptions of these servers post in, by server."""
    wanted = sorted(set(guild_ids))
    out: dict[str, set[str]] = {}
    for start in range(0, len(wanted), 500):  # SQLite's limit on parameters, with room to spare
        part = wanted[start : start + 500]
        marks = ", ".join("?" * len(part))
        for guild_id, lang in db.execute(
            f"select distinct guild_id, lang from alert_subscriptions where guild_id in ({marks})", part
        ).fetchall():
            out.setdefault(guild_id, set()).add(lang)
    return out


def pause(db: Database, sub_id: int, reason: str, now: str) -> None:
    """Stop posting to a channel Privy cannot post in; its posts wait in the outbox."""
    db.execute(
        "update alert_subscriptions set paused = ?, paused_at = ? where id = ?", [reason[:300], now, sub_id]
    )


def resume(db: Database, sub_id: int) -> None:
    db.execute("update alert_subscriptions set paused = null, paused_at = null where id = ?", [sub_id])


def set_ticked(db: Database, sub_id: int, day: date) -> None:
    db.execute("update alert_subscriptions set ticked_day = ? where id = ?", [day.isoformat(), sub_id])


# ---- the outbox --------------------------------------------------------------------------------------


def enqueue(
    db: Database, sub: Subscription, *, key: str, day: date, kind: str, notice: dict[str, Any], now: str
) -> bool:
    """Write one post for `sub` unless its key is taken; over the day's cap it is folded (carried by the
    next day's digest). True when a row was written."""
    state = PENDING
    if kind != DIGEST:
        posted = db.execute(
            "select count(*) from alert_outbox where sub_id = ? and day = ? and state != ?",
            [sub.id, day.isoformat(), FOLDED],
        ).fetchone()[0]
        state = FOLDED if posted >= sub.max_per_day else PENDING
    cursor = db.execute(
        "insert into alert_outbox (sub_id, guild_id, channel_id, key, day, kind, state, notice,"
        " created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing",
        [sub.id, sub.guild_id, sub.channel_id, key, day.isoformat(), kind, state, json.dumps(notice), now],
    )
    return cursor.rowcount > 0


def folded_before(db: Database, sub_id: int, day: date) -> list[tuple[int, dict[str, Any]]]:
    """Posts folded on days before `day` that no digest has carried yet: (id, notice)."""
    rows = db.execute(
        "select id, notice from alert_outbox where sub_id = ? and state = ? and day < ? and digest_id is null"
        " order by id",
        [sub_id, FOLDED, day.isoformat()],
    ).fetchall()
    return [(r[0], json.loads(r[1])) for r in rows]


def mark_digested(db: Database, ids: Iterable[int], digest_key: str) -> None:
    row = db.execute("select id from alert_outbox where key = ?", [digest_key]).fetchone()
    if row:
        db.conn.executemany("update alert_outbox set digest_id = ? where id = ?", [(row[0], i) for i in ids])


def newest_outbox(db: Database) -> int:
    """The id of the newest outbox row (0: none): the sender checks it every few seconds, an index lookup,
    and runs a pass only when it moved."""
    return db.execute("select coalesce(max(id), 0) from alert_outbox").fetchone()[0]


def claim(
    db: Database, guild_ids: Iterable[str], *, now: datetime, lease: timedelta, limit: int = 20
) -> list[OutboxRow]:
    """The next posts for the servers this process holds, claimed for it: pending ones, and ones another
    sender claimed longer than `lease` ago without recording a post (it died). Paused channels wait."""
    guilds = sorted(set(guild_ids))
    if not guilds:
        return []
    marks = ", ".join("?" * len(guilds))
    stale = (now - lease).isoformat()
    rows = db.execute(
        "select o.id, o.sub_id, o.guild_id, o.channel_id, o.kind, o.day, o.notice, o.nonce, s.role_id,"
        " o.state from alert_outbox as o join alert_subscriptions as s on s.id = o.sub_id"
        f" where o.guild_id in ({marks}) and s.paused is null"
        " and (o.state = ? or (o.state = ? and o.claimed_at <= ?)) order by o.id limit ?",
        [*guilds, PENDING, SENDING, stale, limit],
    ).fetchall()
    claimed = []
    for oid, sub_id, guild, channel, kind, day, notice, nonce, role, state in rows:
        retry = state == SENDING
        nonce = nonce or secrets.token_hex(NONCE_CHARS // 2)  # 24 characters; kept when retried
        db.execute(
            "update alert_outbox set state = ?, nonce = ?, claimed_at = ? where id = ?",
            [SENDING, nonce, now.isoformat(), oid],
        )
        claimed.append(
            OutboxRow(oid, sub_id, guild, channel, kind, day, json.loads(notice), nonce, role, retry)
        )
    return claimed


def mark_sent(db: Database, outbox_id: int, message_id: str, now: str) -> None:
    db.execute(
        "update alert_outbox set state = ?, message_id = ?, sent_at = ? where id = ?",
        [SENT, message_id, now, outbox_id],
    )


def release(db: Database, outbox_id: int) -> None:
    """Back to pending (a paused channel, a failure worth retrying); the nonce is kept."""
    db.execute(
        "update alert_outbox set state = ?, claimed_at = null where id = ? and state = ?",
        [PENDING, outbox_id, SENDING],
    )


def prune(db: Database, before: date) -> int:
    """Forget posts made (and folded posts a digest carried) before `before`: their messages are in Discord."""
    cursor = db.execute(
        "delete from alert_outbox where day < ? and (state = ? or (state = ? and digest_id is not null))",
        [before.isoformat(), SENT, FOLDED],
    )
    return cursor.rowcount


def outbox_counts(db: Database, sub_id: int) -> dict[str, int]:
    rows = db.execute("select state, count(*) from alert_outbox where sub_id = ? group by state", [sub_id])
    return {state: n for state, n in rows.fetchall()}


# ---- what the computation reads ------------------------------------------------------------------------


def asked_regions(db: Database) -> set[str]:
    """Every region some subscription names: what a save compares besides the facts' own regions."""
    rows = db.execute("select distinct regions from alert_subscriptions where regions != ''").fetchall()
    return {code for (stored,) in rows for code in _split(stored)}


def scopes_with_own(db: Database, platform: str) -> set[str]:
    """The subscribed servers with rows of their own for the platform (they may see it differently)."""
    rows = db.execute(
        "select distinct f.scope from facts as f join alert_subscriptions as s on s.scope = f.scope"
        " where f.platform = ? and f.scope != ''",
        [platform],
    ).fetchall()
    return {r[0] for r in rows}


def dated_platforms(db: Database, scope: str, days: Iterable[str]) -> set[str]:
    """Platforms with a fact this scope sees that starts or ends on one of `days`, or whose deadline is one
    of them: the only ones a day's tick needs to look at."""
    wanted = sorted(set(days))
    if not wanted:
        return set()
    marks = ", ".join("?" * len(wanted))
    rows = db.execute(
        f"select distinct f.platform from facts as f where {VISIBLE_FACTS} and f.platform is not null"
        f" and (json_extract(f.data, '$.valid_from') in ({marks})"
        f" or json_extract(f.data, '$.valid_until') in ({marks})"
        f" or json_extract(f.data, '$.claim.deadline') in ({marks}))",
        [*scope_args(scope), *wanted, *wanted, *wanted],
    ).fetchall()
    return {r[0] for r in rows}


def platform_name(db: Database, platform: str) -> str:
    row = db.execute("select name from platforms where id = ?", [platform]).fetchone()
    return row[0] if row else platform


# ---- the shared base's log of changes ------------------------------------------------------------------


def log_change(
    db: Database,
    *,
    at: str,
    day: date,
    platform: str,
    regions: Iterable[str],
    known: Iterable[str],
    cause: str,
    notice: dict[str, Any],
) -> None:
    db.execute(
        "insert into answer_changes (at, day, platform, regions, known, cause, notice)"
        " values (?, ?, ?, ?, ?, ?, ?)",
        [
            at,
            day.isoformat(),
            platform,
            json.dumps(list(regions)),
            json.dumps(list(known)),
            cause,
            json.dumps(notice),
        ],
    )


@dataclass(frozen=True)
class LoggedChange:
    """A change to the shared base's answers, as logged when it was saved."""

    id: int
    at: str
    day: date
    platform: str
    regions: tuple[str, ...]
    known: tuple[str, ...]
    cause: str
    notice: dict[str, Any]


def logged_changes(db: Database, since: date) -> list[LoggedChange]:
    rows = db.execute(
        "select id, at, day, platform, regions, known, cause, notice from answer_changes where day >= ?"
        " order by id",
        [since.isoformat()],
    ).fetchall()
    return [
        LoggedChange(
            r[0],
            r[1],
            date.fromisoformat(r[2]),
            r[3],
            tuple(json.loads(r[4])),
            tuple(json.loads(r[5])),
            r[6],
            json.loads(r[7]),
        )
        for r in rows
    ]


def shared_dated(db: Database, first: date, last: date) -> list[tuple[str, date]]:
    """(platform, day) for each day from `first` to `last` on which a live shared fact starts, or the
    day after one ends: the days on which what people are told can change without anyone saving."""
    rows = db.execute(
        "select distinct platform, day from ("
        " select platform, json_extract(data, '$.valid_from') as day from facts"
        "  where scope = '' and retired is null and platform is not null"
        " union"
        " select platform, date(json_extract(data, '$.valid_until'), '+1 day') from facts"
        "  where scope = '' and retired is null and platform is not null"
        ") as d where day between ? and ? order by day, platform",
        [first.isoformat(), last.isoformat()],
    ).fetchall()
    return [(platform, date.fromisoformat(day)) for platform, day in rows]
