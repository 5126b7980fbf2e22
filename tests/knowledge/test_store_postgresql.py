"""PostgreSQL as the fact base (issue 23): what only it does, and the store's reads giving on it what they
give on SQLite. The store, answer and question-set modules run on both stores (tests/conftest.py)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
import pytest

from knowledge.service import Privy
from knowledge.store import alerts, search_rows, source_links, watch
from knowledge.store.db import StoreBusy, StoreReadOnly, StoreUnavailable, write
from knowledge.store.opening import open_store
from knowledge.store.pg import WRITE_LOCK, PgDatabase
from knowledge.store.search import _known, search_facts
from knowledge.store.translations import translated_facts
from tests.conftest import TODAY, Databases
from tests.knowledge.test_store_facts import MOD, good_fact

FACT = "linkedin-genai-uk-2025"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def pg_url(pg_databases: Databases, pg_templates: dict[bool, str]) -> str:
    """A new database holding the seeded base."""
    return pg_databases.new(pg_templates[True])


@pytest.fixture
def opened() -> Iterator[Callable[..., Privy]]:
    """open(url, key_file): a Privy on PostgreSQL, closed after the test."""
    made: list[Privy] = []

    def make(url: str, key_file: Path, **kwargs: object) -> Privy:
        privy = Privy(url, today=lambda: TODAY, key_file=key_file, **kwargs)  # type: ignore[arg-type]
        made.append(privy)
        return privy

    yield make
    for privy in made:
        privy.db.close()


def test_the_key_lives_in_its_own_file_never_in_the_database(
    pg_url: str, opened: Callable[..., Privy], tmp_path: Path
) -> None:
    key = tmp_path / "privy.key"
    privy = opened(pg_url, key)
    assert privy.scoped("").vote(FACT, "helpful", "42")
    assert key.exists() and stat.S_IMODE(os.stat(key).st_mode) == 0o600
    assert not list(privy.db.query("select 1 from meta where key = 'vote_secret'"))
    assert privy.about_user("42")["votes"] == 1
    other = tmp_path / "other.key"
    other.write_bytes(b"another key, as long as a real one")
    assert opened(pg_url, other).about_user("42")["votes"] == 0  # the database alone ties no vote to anyone


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://privy:s3cr3t-pw@127.0.0.1:1/privy",  # nothing listens there
        "postgresql://privy@127.0.0.1:1/privy?password=s3cr3t-pw&connect_timeout=2",
    ],
)
def test_a_server_that_cannot_be_reached_is_one_sentence_without_the_password(
    url: str, caplog: pytest.LogCaptureFixture
) -> None:
    with pytest.raises(StoreUnavailable) as exc:
        open_store(url)
    text = str(exc.value)
    assert text.startswith("PRIVY_DATABASE_URL postgresql://privy") and "cannot be reached" in text
    assert "s3cr3t" not in text and "\n" not in text
    assert "s3cr3t" not in caplog.text


def test_a_database_that_does_not_exist_is_one_sentence(pg_cluster: object) -> None:
    url = pg_cluster.url_of("no_such_base")  # type: ignore[attr-defined]
    with pytest.raises(
        StoreUnavailable, match=r'^PRIVY_DATABASE_URL .*database "no_such_base" does not exist'
    ):
        open_store(url)


def test_a_write_waiting_longer_than_the_busy_timeout_fails_with_nothing_written(pg_url: str) -> None:
    db = open_store(pg_url, busy_timeout=0.3)
    holder = psycopg.connect(pg_url)  # another process in the middle of a long write
    holder.execute("select pg_advisory_xact_lock(%s)", [WRITE_LOCK])
    try:
        started = time.monotonic()
        with pytest.raises(StoreBusy), write(db):
            db.execute("insert into meta (key, value) values ('x', 'y')")
        assert 0.25 < time.monotonic() - started < 3
        assert not db.execute("select 1 from meta where key = 'x'").fetchone()
    finally:
        holder.close()
        db.close()


def test_writes_take_turns_and_every_one_lands(
    pg_url: str, opened: Callable[..., Privy], tmp_path: Path
) -> None:
    privy = opened(pg_url, tmp_path / "k")
    handles = [privy.reader() for _ in range(10)]  # each its own transactions, on the same pool
    failed: list[BaseException] = []

    def save(on: Privy, n: int) -> None:
        try:
            on.store.add(good_fact(id=f"zoom-turn-{n}", question=f"Does Zoom train AI on call {n}?"), MOD)
        except BaseException as exc:
            failed.append(exc)

    threads = [threading.Thread(target=save, args=(h, n)) for n, h in enumerate(handles)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for handle in handles:
        handle.db.close()
    assert failed == []
    ids = {f.id for f in privy.store.facts() if f.id.startswith("zoom-turn-")}
    assert ids == {f"zoom-turn-{n}" for n in range(10)}


def test_a_question_sees_another_handles_save_through_the_notification(
    pg_url: str, opened: Callable[..., Privy], tmp_path: Path
) -> None:
    writer = opened(pg_url, tmp_path / "k")
    reader = Privy(PgDatabase(pg_url, busy_timeout=5.0), seed=False, today=lambda: TODAY)
    try:
        question = "Does Zoom train AI on my calls?"
        assert "zoom-calls-uk-2026" not in [f.id for f in reader.ask(question, region="uk").facts]
        before = search_rows.seen(reader.db)
        writer.store.add(good_fact(id="zoom-calls-uk-2026", question=question), MOD)
        deadline = time.monotonic() + 1.0
        while search_rows.seen(reader.db) == before and time.monotonic() < deadline:
            time.sleep(0.005)
        assert search_rows.seen(reader.db) != before
        assert [f.id for f in reader.ask(question, region="uk").facts][:1] == ["zoom-calls-uk-2026"]
    finally:
        reader.db.close()


def test_a_question_with_no_change_checks_for_changes_in_microseconds(
    pg_url: str, opened: Callable[..., Privy], tmp_path: Path
) -> None:
    privy = opened(pg_url, tmp_path / "k")
    first = search_rows.seen(privy.db)
    started = time.perf_counter()
    for _ in range(10_000):
        assert search_rows.seen(privy.db) == first
    assert (time.perf_counter() - started) / 10_000 < 20e-6  # no round trip to the server


def _reads(privy: Privy) -> dict[str, object]:
    """What the store's SQL with JSON, dates and subqueries gives, on one base."""
    db = privy.db
    privy.store.add(good_fact(id="zoom-calls-uk-2026", valid_until=date(2027, 1, 31)), MOD)
    watch.record(db, "https://zoom.us/a", "Zoom AI", "first", "2026-12-01T00:00:00")
    return {
        "shared_dated": alerts.shared_dated(db, date(2024, 1, 1), date(2027, 12, 31)),
        "dated_platforms": alerts.dated_platforms(db, "", ["2025-11-03", "2027-02-01", "2024-09-18"]),
        "cited": source_links.cited(db)[:50],
        "watched": watch.watched(db),
        "changes": watch.changes(db),
        "translated": [f.id for f in translated_facts(db, "")],
        "claims": privy.store.claim_rows("linkedin"),
        "search": [f.id for f in search_facts(db, "linkedin", scope="")],
        # words by typo, as /fact search reads them (its ranking is bm25 on SQLite, ts_rank on PostgreSQL)
        "typos": _known(db, ["linkedn", "trainin", "photos", "zzzz"]),
        "found_by_typo": sorted(f.id for f in search_facts(db, "linkedn", scope="", limit=100)),
        "vocabulary": sorted(search_rows.vocabulary(db))[:200],
        "every_row": sorted(r[1:] for r in search_rows.every_row(db)),
    }


def test_the_stores_reads_give_the_same_rows_on_both(
    pg_url: str, opened: Callable[..., Privy], tmp_path: Path
) -> None:
    on_sqlite = _reads(Privy(":memory:", today=lambda: TODAY))
    on_postgresql = _reads(opened(pg_url, tmp_path / "k"))
    for name, rows in on_sqlite.items():
        assert on_postgresql[name] == rows, name


EVAL = Path(__file__).resolve().parents[1] / "eval"


def test_the_same_questions_get_the_same_facts_on_both_stores(
    pg_url: str, opened: Callable[..., Privy], tmp_path: Path
) -> None:
    """Every question of the question sets (real, held-out, chat): same status, same facts, best first."""
    questions = [
        json.loads(line)["q"]
        for name in ("real", "heldout", "chat")
        for line in (EVAL / f"{name}.jsonl").open()
    ]
    on_sqlite, on_postgresql = Privy(":memory:", today=lambda: TODAY), opened(pg_url, tmp_path / "k")
    differ = []
    for question in questions:
        a, b = on_sqlite.ask(question), on_postgresql.ask(question)
        if (a.status, [f.id for f in a.facts]) != (b.status, [f.id for f in b.facts]):
            differ.append(question)
    assert len(questions) > 400 and differ == []


def test_two_processes_starting_on_a_new_database_set_it_up_once(pg_cluster: Any, tmp_path: Path) -> None:
    """PRIVY_DATABASE_URL is all the CLI needs; two started at once make the tables and load the pack once."""
    url = pg_cluster.new_database()  # no tables yet
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PRIVY_DATABASE_URL": url,
           "PRIVY_KEY_FILE": str(tmp_path / "privy.key"), "PRIVY_DB": str(tmp_path / "unused.db")}  # fmt: skip
    ask = [sys.executable, "bot.py", "ask", "Is LinkedIn training AI on my posts? I'm in Leeds", "--json"]
    started = [subprocess.Popen(ask, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    answers = [json.loads(p.communicate(timeout=120)[0]) for p in started]
    assert [a["facts"][0]["id"] for a in answers] == [FACT, FACT]
    assert not (tmp_path / "unused.db").exists()  # PRIVY_DB is not touched when the URL is set
    db = open_store(url, key_file=tmp_path / "privy.key")
    try:
        assert [r[0] for r in db.execute("select name from privy_migrations order by name")] == [
            "p001_tables",
            "p002_search",
        ]
        seeded = db.execute("select count(*) from revisions where rev = 1").fetchone()[0]
        assert seeded == db.execute("select count(*) from facts").fetchone()[0] > 100  # each fact once
    finally:
        db.close()


def test_a_lost_listener_listens_again_and_the_changes_missed_are_read(
    pg_url: str, opened: Callable[..., Privy], tmp_path: Path
) -> None:
    privy = opened(pg_url, tmp_path / "k")
    before = search_rows.seen(privy.db)
    killed = privy.db.execute(
        "select pg_terminate_backend(pid) from pg_stat_activity"
        " where datname = current_database() and query like 'LISTEN%'"
    ).fetchall()
    assert killed == [(True,)]
    deadline = time.monotonic() + 5
    while not (search_rows.seen(privy.db) == search_rows.seen(privy.db) != before):
        assert time.monotonic() < deadline, "the listener did not listen again"
        time.sleep(0.02)  # lost (a new value each call), then back: the log is read once
    privy.store.add(good_fact(id="zoom-after-loss"), MOD)
    assert "zoom-after-loss" in [
        f.id for f in privy.ask("Does Zoom train AI on my calls?", region="uk").facts
    ]


def test_a_database_that_can_only_be_read_answers_and_refuses_writes_in_one_sentence(
    pg_url: str, pg_databases: Databases, opened: Callable[..., Privy], tmp_path: Path
) -> None:
    name = pg_url.split("?")[0].rsplit("/", 1)[1]
    pg_databases.admin.execute(f"alter database {name} set default_transaction_read_only = on")
    privy = opened(pg_url, tmp_path / "k")
    assert privy.ask("Is LinkedIn training AI on my posts? I'm in Leeds").facts[0].id == FACT
    with pytest.raises(
        StoreReadOnly, match=r"^PRIVY_DATABASE_URL postgresql://.* is read-only; nothing was saved\.$"
    ):
        privy.store.add(good_fact(), MOD)
