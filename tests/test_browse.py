"""`make browse`: the snapshot leaves out user data, flattens facts into filterable tables with full-text search,
and the metadata describes every table and column."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from sqlite_utils import Database

from browse.flatten import kind_of, load_kinds
from browse.snapshot import snapshot
from knowledge.service import Privy
from knowledge.store.public import PUBLIC

METADATA = Path(__file__).resolve().parent.parent / "browse" / "metadata.yaml"


@pytest.fixture(scope="module")
def browse_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A snapshot of a fresh base (the embedded pack), with one checked link, as `make browse` serves it."""
    folder = tmp_path_factory.mktemp("browse")
    privy = Privy(folder / "privy.db")
    url = next(s.url for f in privy.store.facts() for s in f.sources)
    privy.db["source_links"].insert(
        {"url": url, "status": 404, "final_url": url, "error": "", "checked_at": "2026-11-30T10:00:00+00:00"}
    )
    privy.db.conn.commit()
    return snapshot(str(folder / "privy.db"), folder / "browse.db")


def test_metadata_describes_every_table_and_column(browse_db: Path) -> None:
    described = yaml.safe_load(METADATA.read_text(encoding="utf-8"))["databases"]["browse"]["tables"]
    db = Database(browse_db)
    public = [t for t in db.tables if not t.name.startswith("facts_fts")]  # the search index is Datasette's
    assert {"facts", "sources", "regions", "steps", "source_links"} <= {t.name for t in public}
    for table in public:
        assert table.name in described, f"browse/metadata.yaml: describe table {table.name}"
        columns = described[table.name].get("columns") or {}
        missing = [c.name for c in table.columns if not columns.get(c.name)]
        assert not missing, f"browse/metadata.yaml: describe {table.name} columns {missing}"
    assert set(PUBLIC) <= set(db.table_names())


def test_facts_are_flattened_into_tables_a_moderator_can_filter(browse_db: Path) -> None:
    db = Database(browse_db)
    privy = Privy(":memory:")
    facts = {f.id: f for f in privy.store.facts()}
    fact = next(f for f in facts.values() if f.steps and f.valid_from and len(f.regions) > 1)
    row = db["facts"].get(fact.id)
    assert (row["platform"], row["topic"], row["answer"]) == (fact.platform, fact.topic, fact.answer)
    assert (row["valid_from"], json.loads(row["regions"])) == (
        fact.valid_from.isoformat(),
        list(fact.regions),
    )
    assert [r["region"] for r in db["regions"].rows_where("fact_id = ?", [fact.id])] == sorted(fact.regions)
    steps = db["steps"].rows_where("fact_id = ?", [fact.id], order_by="n")
    assert [s["text"] for s in steps] == list(fact.steps)
    sources = list(db["sources"].rows_where("fact_id = ?", [fact.id], order_by="n"))
    assert [(s["url"], s["publisher"]) for s in sources] == [(s.url, s.publisher) for s in fact.sources]
    assert all(s["host"] and s["host"] in s["url"] and not s["host"].startswith("www.") for s in sources)
    assert db["facts"].count == len(facts)
    assert db["sources"].count == sum(len(f.sources) for f in facts.values())


def test_sources_show_the_last_link_check(browse_db: Path) -> None:
    db = Database(browse_db)
    checked = list(db.query("select fact_id, link, link_checked_at from sources where link is not null"))
    assert checked and {(r["link"], r["link_checked_at"]) for r in checked} == {
        ("dead", "2026-11-30T10:00:00+00:00")
    }
    fixes = list(
        db.query(
            yaml.safe_load(METADATA.read_text())["databases"]["browse"]["queries"]["links_to_fix"]["sql"]
        )
    )
    assert sorted(r["fact_id"] for r in fixes) == sorted(r["fact_id"] for r in checked)


def test_full_text_search_finds_words_of_the_answer(browse_db: Path) -> None:
    db = Database(browse_db)
    found = {r["id"] for r in db["facts"].search("Brazil")}
    expected = {
        r["id"]
        for r in db.query("select id, question, answer from facts")
        if "brazil" in (r["question"] + " " + r["answer"]).lower().replace("brazilian", "")
    }
    assert found and found == expected


@pytest.mark.parametrize(
    ("registry", "kinds"),
    [
        (
            "publishers:\n  - {host: ico.org.uk, publisher: ICO, kind: regulator}\n",
            {"ico.org.uk": "regulator"},
        ),
        (
            "- {hosts: [linkedin.com, www.linkedin.com], name: LinkedIn, kind: official}\n",
            {"linkedin.com": "official"},
        ),
        (
            "ico.org.uk: {publisher: ICO, kind: regulator}\nvuink.com: copy\n",
            {"ico.org.uk": "regulator", "vuink.com": "copy"},
        ),
    ],
)
def test_publisher_kinds_from_the_registry(tmp_path: Path, registry: str, kinds: dict[str, str]) -> None:
    path = tmp_path / "publishers.yaml"
    path.write_text(registry, encoding="utf-8")
    assert load_kinds(path) == kinds
    assert kind_of("cy.ico.org.uk", {"ico.org.uk": "regulator"}) == "regulator"
    assert kind_of("ico.org.uk.evil.example", {"ico.org.uk": "regulator"}) is None
    assert load_kinds(tmp_path / "none.yaml") == {}


def test_the_snapshot_keeps_facts_and_leaves_out_user_data(tmp_path: Path) -> None:
    source = tmp_path / "privy.db"
    privy = Privy(source)
    privy.community.set_region("123456789", "uk")
    privy.community.vote("linkedin-optout-global-2024", "outdated", "123456789")
    target = snapshot(str(source), tmp_path / "browse.db")
    copy = sqlite3.connect(target)
    tables = {r[0] for r in copy.execute("select name from sqlite_master where type = 'table'")}
    assert {"facts", "revisions", "platforms", "pending_changes", "feedback", "unanswered"} <= tables
    assert not tables & {"user_regions", "feedback_votes", "search_facts", "search_words", "search_vocab"}
    assert copy.execute("select count(*) from facts").fetchone()[0] == privy.store.count()
    assert copy.execute("select count(*) from meta where key = 'vote_secret'").fetchone()[0] == 0
    assert copy.execute("select count from feedback").fetchone()[0] == 1  # anonymous counts stay
    assert b"123456789" not in target.read_bytes()
    copy.close()


def _browse(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`make browse`'s snapshot step as the Makefile runs it, in a fresh process."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PRIVY_", "DISCORD_"))}
    return subprocess.run(
        [sys.executable, "-m", "browse.snapshot", str(tmp_path / "browse.db")],
        cwd=Path(__file__).resolve().parent.parent,
        env={**clean, "PRIVY_LOG_LEVEL": "WARNING", **env},
        text=True,
        capture_output=True,
        timeout=120,
    )


def test_a_damaged_base_is_one_sentence_not_a_traceback(tmp_path: Path) -> None:
    from tests.knowledge.test_db_faults import scramble

    base = tmp_path / "privy.db"
    Privy(base).db.conn.close()
    scramble(base)
    p = _browse(tmp_path, PRIVY_DB=str(base))
    assert p.returncode == 1 and "Traceback" not in p.stderr, p.stderr
    assert "could not be read" in p.stderr and "db recover" in p.stderr


def test_with_a_postgresql_url_it_says_to_copy_the_base_to_a_file(tmp_path: Path) -> None:
    p = _browse(
        tmp_path, PRIVY_DB=str(tmp_path / "unused.db"), PRIVY_DATABASE_URL="postgresql://privy@127.0.0.1/x"
    )
    assert p.returncode == 1 and "db copy" in p.stderr and not (tmp_path / "browse.db").exists()
