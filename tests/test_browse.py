"""`make browse`: the snapshot leaves out user data, and the metadata describes every table and column."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import yaml

from browse.snapshot import SEARCH_TABLES, snapshot
from knowledge.service import Privy
from knowledge.store.db import open_db

METADATA = Path(__file__).resolve().parent.parent / "browse" / "metadata.yaml"


def test_metadata_describes_every_table_and_column() -> None:
    described = yaml.safe_load(METADATA.read_text(encoding="utf-8"))["databases"]["browse"]["tables"]
    db = open_db(":memory:")
    hidden = ("user_regions", "feedback_votes", *SEARCH_TABLES)
    public = [t for t in db.tables if t.name not in hidden and not t.name.startswith("search_words_")]
    for table in public:
        assert table.name in described, f"browse/metadata.yaml: describe table {table.name}"
        columns = described[table.name].get("columns") or {}
        missing = [c.name for c in table.columns if not columns.get(c.name)]
        assert not missing, f"browse/metadata.yaml: describe {table.name} columns {missing}"


def test_the_snapshot_keeps_facts_and_leaves_out_user_data(tmp_path: Path) -> None:
    source = tmp_path / "privy.db"
    privy = Privy(source)
    privy.community.set_region("123456789", "uk")
    privy.community.vote("linkedin-optout-global-2024", "outdated", "123456789")
    target = snapshot(str(source), tmp_path / "browse.db")
    copy = sqlite3.connect(target)
    tables = {r[0] for r in copy.execute("select name from sqlite_master where type = 'table'")}
    assert {"facts", "revisions", "platforms", "pending_changes", "feedback", "unanswered"} <= tables
    assert not tables & {"user_regions", "feedback_votes", *SEARCH_TABLES}
    assert copy.execute("select count(*) from facts").fetchone()[0] == privy.store.count()
    assert copy.execute("select count(*) from meta where key = 'vote_secret'").fetchone()[0] == 0
    assert copy.execute("select count from feedback").fetchone()[0] == 1  # anonymous counts stay
    assert b"123456789" not in target.read_bytes()
    copy.close()
