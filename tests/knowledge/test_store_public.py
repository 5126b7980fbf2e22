"""The public copy (`make browse`) holds only what is allow-listed: every table and column of the schema is
either public or private by name, so a new one cannot be published by default."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from knowledge.service import Privy
from knowledge.store.db import open_db
from knowledge.store.public import PRIVATE, PRIVATE_COLUMNS, PUBLIC, is_private, public_copy
from knowledge.store.user_data import Community

FACT = "linkedin-optout-global-2024"
PERSON, TOWN = "123456789", "987654321"


def test_every_table_is_public_or_private() -> None:
    tables = open_db(":memory:").table_names()
    unlisted = [t for t in tables if t not in PUBLIC and not is_private(t)]
    assert unlisted == [], f"knowledge/store/public.py: list {unlisted} in PUBLIC or PRIVATE"
    assert not set(PUBLIC) & set(PRIVATE)
    assert set(PUBLIC) <= set(tables), "PUBLIC names a table the schema does not have"


def test_every_column_of_a_public_table_is_public_or_private() -> None:
    db = open_db(":memory:")
    for table, (columns, _) in PUBLIC.items():
        actual = {c.name for c in db.table(table).columns}
        private = set(PRIVATE_COLUMNS.get(table, {}))
        assert actual == set(columns) | private, f"knowledge/store/public.py: classify the columns of {table}"
        assert not set(columns) & private


def test_a_table_on_neither_list_is_left_out_of_the_copy(tmp_path: Path) -> None:
    privy = Privy(tmp_path / "privy.db")
    privy.db.execute("create table secrets (who text, what text)")
    privy.db.execute("insert into secrets values (?, 'a secret')", [PERSON])
    privy.db.conn.commit()
    public_copy(privy.db, tmp_path / "public.db")
    copy = sqlite3.connect(tmp_path / "public.db")
    tables = {r[0] for r in copy.execute("select name from sqlite_master where type = 'table'")}
    assert "secrets" not in tables and tables <= set(PUBLIC)
    copy.close()


def test_the_copy_holds_no_person_and_no_other_servers_rows(tmp_path: Path) -> None:
    privy = Privy(tmp_path / "privy.db")
    Community(privy.db).set_region(PERSON, "uk")
    privy.scoped(TOWN).vote(FACT, "outdated", PERSON)
    privy.scoped(TOWN).answer("Does Mastodon train AI on my toots?", user_id=PERSON)
    privy.scoped("").vote(FACT, "helpful", PERSON)
    assert privy.scoped(TOWN).unanswered() and privy.scoped(TOWN).feedback()  # in the base, not the copy
    public_copy(privy.db, tmp_path / "public.db")
    copy = sqlite3.connect(tmp_path / "public.db")
    assert copy.execute("select count(*) from facts").fetchone()[0] == privy.store.count()
    assert copy.execute("select scope, kind, count from feedback").fetchall() == [("", "helpful", 1)]
    assert copy.execute("select count(*) from unanswered").fetchone()[0] == 0
    assert [r[1] for r in copy.execute("pragma table_info(revisions)")].count("by_id") == 0
    copy.close()
    assert PERSON.encode() not in (tmp_path / "public.db").read_bytes()
    assert TOWN.encode() not in (tmp_path / "public.db").read_bytes()
