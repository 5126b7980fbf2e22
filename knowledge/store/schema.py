"""The schema, one sqlite-utils migration a step: applied in order by open_db, each in a transaction.

A step is never edited once it has shipped: a change to the schema is a new step at the end.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from knowledge.reading.redact import redact
from knowledge.reading.words import squash
from knowledge.store import changes, search_index

migrations = Migrations("privy")


@migrations()
def m001_facts(db: Database) -> None:
    """Current facts, their append-only revisions, platforms and settings."""
    db.table("platforms").create({"id": str, "name": str, "aliases": str}, pk="id")
    db.table("facts").create(
        {
            "id": str,
            "rev": int,
            "platform": str,
            "topic": str,
            "retired": str,
            "verified": str,
            "updated_at": str,
            "data": str,
        },
        pk="id",
    )
    db.table("revisions").create(
        {
            "id": int,
            "fact_id": str,
            "rev": int,
            "at": str,
            "by_id": str,
            "by_name": str,
            "action": str,
            "changes": str,
            "data": str,
        },
        pk="id",
    )
    db.table("revisions").create_index(["fact_id", "rev"], unique=True)
    db.table("meta").create({"key": str, "value": str}, pk="key")


@migrations()
def m002_community(db: Database) -> None:
    """What users chose to keep (their region), anonymous feedback, and unanswered questions."""
    db.table("user_regions").create({"user_id": str, "region": str, "set_at": str}, pk="user_id")
    db.table("feedback").create({"fact_id": str, "kind": str, "count": int}, pk=("fact_id", "kind"))
    db.table("feedback_votes").create({"token": str, "at": str}, pk="token")
    db.table("unanswered").create(
        {"key": str, "question": str, "count": int, "first_at": str, "last_at": str}, pk="key"
    )


@migrations()
def m003_review(db: Database) -> None:
    """Changes waiting for a second moderator when peer review is on."""
    db.table("pending_changes").create(
        {
            "id": int,
            "fact_id": str,
            "base_rev": int,
            "action": str,
            "data": str,
            "by_id": str,
            "by_name": str,
            "at": str,
            "status": str,
        },
        pk="id",
    )


@migrations()
def m004_curation(db: Database) -> None:
    """Drafts and decisions on changes (who approved or rejected, why), and a note on each revision."""
    changes = db.table("pending_changes")
    for column in ("note", "decided_by_id", "decided_by_name", "decided_at"):
        changes.add_column(column, str)
    changes.create_index(["status"])
    db.table("revisions").add_column("note", str)


@migrations()
def m005_search(db: Database) -> None:
    """Search tables beside the facts, so no process builds an index in memory (knowledge.store.search_index)."""
    search_index.create(db)  # filled by m007_scopes, in the layout that carries each row's scope


@migrations()
def m006_source_links(db: Database) -> None:
    """The last check of each source URL (`facts links`), so /review can flag facts with dead or moved links."""
    db.table("source_links").create(
        {"url": str, "status": int, "final_url": str, "error": str, "checked_at": str}, pk="url"
    )


@migrations()
def m007_scopes(db: Database) -> None:
    """One bot, many servers (issue 10): every fact, revision, draft, vote and unanswered question
    carries its scope, '' for the shared base or a server's id for that server's own layer.

    A server's row with the id of a shared fact replaces it in that server only (an override, or a hide
    when retired). Tables whose key gains the scope are copied into new ones (SQLite cannot change a key).
    """
    db.execute(
        "create table facts_scoped (scope text not null default '', id text not null, rev integer,"
        " platform text, topic text, retired text, verified text, updated_at text, data text,"
        " primary key (scope, id))"
    )
    db.execute(
        "insert into facts_scoped (scope, id, rev, platform, topic, retired, verified, updated_at, data)"
        " select '', id, rev, platform, topic, retired, verified, updated_at, data from facts"
    )
    db.execute("drop table facts")
    db.execute("alter table facts_scoped rename to facts")
    db.execute("create index facts_id on facts(id)")
    db.execute("alter table revisions add column scope text not null default ''")
    db.execute("drop index if exists idx_revisions_fact_id_rev")
    db.execute("create unique index revisions_scope_fact_rev on revisions(scope, fact_id, rev)")
    # Drafts and proposals: the layer they change, and for a suggestion sent to the curators (scope '')
    # the server it came from and its name as it was then.
    db.execute("alter table pending_changes add column scope text not null default ''")
    db.execute("alter table pending_changes add column origin text")
    db.execute("alter table pending_changes add column origin_name text")
    db.execute("create index pending_scope on pending_changes(scope, status)")
    db.execute(
        "create table feedback_scoped (scope text not null default '', fact_id text not null,"
        " kind text not null, count integer, primary key (scope, fact_id, kind))"
    )
    db.execute(
        "insert into feedback_scoped (scope, fact_id, kind, count) select '', fact_id, kind, count from feedback"
    )
    db.execute("drop table feedback")
    db.execute("alter table feedback_scoped rename to feedback")
    db.execute("alter table feedback_votes add column who text")  # keyed hash of the voter: /privacy forget
    db.execute(
        "create table unanswered_scoped (scope text not null default '', key text not null, question text,"
        " count integer, first_at text, last_at text, primary key (scope, key))"
    )
    db.execute(
        "insert into unanswered_scoped (scope, key, question, count, first_at, last_at)"
        " select '', key, question, count, first_at, last_at from unanswered"
    )
    db.execute("drop table unanswered")
    db.execute("alter table unanswered_scoped rename to unanswered")
    _redact_kept_questions(db)
    db.execute("create index unanswered_last on unanswered(last_at)")
    db.execute(
        "create table unanswered_askers (scope text not null, key text not null, who text not null,"
        " primary key (scope, key, who))"
    )
    db.execute("create index unanswered_askers_who on unanswered_askers(who)")
    db.table("server_settings").create(
        {"scope": str, "mod_role_id": str, "require_review": int, "stale_days": int, "updated_by": str},
        pk="scope",
    )
    search_index.reset(db)
    search_index.create(db)
    search_index.rebuild(db)


@migrations()
def m008_harden_private_hashes(db: Database) -> None:
    """Votes keep their scope, so /privacy forget can compute the hash of each scope (hashes are now per
    scope and purpose, issue 22); kept questions are redacted again by the wider redaction."""
    db.execute("alter table feedback_votes add column scope text")  # null: a vote from before
    db.execute("create index feedback_votes_who on feedback_votes(who)")
    _redact_kept_questions(db)


def _redact_kept_questions(db: Database) -> None:
    """Questions kept before redaction existed lose their e-mail addresses, phone numbers and mentions."""
    rows = db.execute("select scope, key, question, count, first_at, last_at from unanswered").fetchall()
    for scope, key, question, count, first_at, last_at in rows:
        text = redact(question or "")
        if text == question:
            continue
        db.execute("delete from unanswered where scope = ? and key = ?", [scope, key])
        db.execute(
            "insert into unanswered (scope, key, question, count, first_at, last_at) values (?, ?, ?, ?, ?, ?)"
            " on conflict(scope, key) do update set count = count + excluded.count",
            [scope, squash(text)[:200], text, count, first_at, last_at],
        )


@migrations()
def m008_watch(db: Database) -> None:
    """Watched sources (issue 18): each distinct version of a watched passage, with the day it was first
    seen and its hash, and the last attempt to read each one (knowledge.store.watch). Versions are never
    deleted, so the rowid orders them (no AUTOINCREMENT, whose sqlite_sequence table the browse page would
    have to explain)."""
    db.execute(
        "create table watch_versions (id integer primary key, url text not null,"
        " watch text not null, hash text not null, passage text not null, seen_at text not null)"
    )
    db.execute("create index watch_versions_source on watch_versions(url, watch, id)")
    db.table("watch_checks").create(
        {"url": str, "watch": str, "checked_at": str, "state": str, "error": str}, pk=("url", "watch")
    )


@migrations()
def m009_search_changes(db: Database) -> None:
    """The search rows' change log (issue 24, knowledge.store.changes): each process keeps its own copy of
    the search rows in memory and follows this log instead of reloading or rebuilding on every save."""
    changes.create(db)


@migrations()
def m010_alerts(db: Database) -> None:
    """Alert channels (issue 21, knowledge.store.alerts): each server's subscriptions, the outbox of posts
    written in the same transaction as the change that causes them (a unique key per subscription, cause
    and day, so two shards or a restart never write one twice), and the shared base's log of changes to
    what people are told (`bot.py changes`, `bot.py feed`)."""
    db.execute(
        "create table alert_subscriptions (id integer primary key, guild_id text not null,"
        " channel_id text not null, scope text not null default '', platforms text not null default '',"
        " regions text not null default '', max_per_day integer not null, role_id text,"
        " paused text, paused_at text, since_day text not null, ticked_day text not null,"
        " created_at text not null, created_by text not null, unique (guild_id, channel_id))"
    )
    db.execute("create index alert_subscriptions_scope on alert_subscriptions(scope)")
    db.execute(
        "create table alert_outbox (id integer primary key, sub_id integer not null, guild_id text not null,"
        " channel_id text not null, key text not null unique, day text not null, kind text not null,"
        " state text not null, notice text not null, created_at text not null, nonce text,"
        " claimed_at text, message_id text, sent_at text, digest_id integer)"
    )
    db.execute("create index alert_outbox_guild on alert_outbox(guild_id, state)")
    db.execute("create index alert_outbox_sub on alert_outbox(sub_id, day, state)")
    db.execute(
        "create table answer_changes (id integer primary key, at text not null, day text not null,"
        " platform text not null, regions text not null, known text not null, cause text not null,"
        " notice text not null)"
    )
    db.execute("create index answer_changes_day on answer_changes(day)")
    db.execute("create index facts_platform on facts(platform)")


@migrations()
def m011_reminders(db: Database) -> None:
    """A person's deadline reminders and "what I've done" checklist (issue 21, knowledge.store.personal).

    Each row is found by a keyed hash of the person's id (the key outside the database), like votes. A
    reminder also keeps the Discord id itself, only so Privy can DM them: it is deleted when the last
    reminder is sent, cancelled or dropped. `deadline` is the day last told, `target` the day the claims
    give now; `claim` is the sender's token, written before a DM goes, so a crash never sends one twice.
    """
    db.execute(
        "create table reminders (id integer primary key, who text not null, user_id text,"
        " platform text not null, region text not null, fact_id text not null, deadline text not null,"
        " target text not null, stage integer not null default 0, next_on text,"
        " state text not null default 'waiting', claim text, claimed_at text)"
    )
    db.execute("create index reminders_due on reminders(state, next_on)")
    db.execute("create index reminders_who on reminders(who)")
    db.execute(
        "create table checklist (who text not null, platform text not null, region text not null,"
        " fact_id text not null, way text not null default '', steps text not null default '',"
        " done_on text not null, told text, claim text, claimed_at text, primary key (who, platform, region))"
    )
    db.execute(
        "create table checklist_dms (who text primary key, user_id text not null, since text not null)"
    )


@migrations()
def m014_shard_logins(db: Database) -> None:
    """Each login bucket's last identify, so shard processes on one base start as fast as Discord allows
    and never faster (issue 23, knowledge.store.shard_logins)."""
    db.execute("create table shard_logins (bucket integer primary key, last_at real not null)")


@migrations()
def m013_search_claims(db: Database) -> None:
    """Each search row carries its fact's claim (issue 24): the answer pipeline compares what each region
    is told and picks the claim that answers from the rows in memory, decoding only the facts it shows.
    The rows are written anew in the new layout (knowledge.store.search_index.ROW_FORMAT)."""
    search_index.rebuild(db)


@migrations()
def m015_personal_lang(db: Database) -> None:
    """The language a person used when they set a reminder or ticked "I did this" (their Discord locale,
    one of knowledge.i18n's codes), so its DMs are written in it; rows made before speak English."""
    db.execute("alter table reminders add column lang text not null default 'en'")
    db.execute("alter table checklist add column lang text not null default 'en'")


@migrations()
def m016_alert_lang(db: Database) -> None:
    """The language of a channel's alert posts: its server's preferred locale, taken when the channel is
    subscribed and followed when the server changes it; channels subscribed before speak English."""
    db.execute("alter table alert_subscriptions add column lang text not null default 'en'")


@migrations()
def m017_alerts_keep_no_subscriber(db: Database) -> None:
    """Who subscribed a channel to alerts is no longer kept: nothing read it, and a manager's Discord id
    kept for as long as the channel gets alerts was one /privacy forget could not remove."""
    db["alert_subscriptions"].transform(drop={"created_by"})  # type: ignore[union-attr]
