"""`python bot.py changes` and `python bot.py feed` as a person runs them, on the claims pack of two
made-up platforms: the days its facts start, and a curator's edit saved today."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from knowledge.model import fact_as_pack_entry
from knowledge.packs.format import load_pack, parse_yaml
from knowledge.service import Privy
from tests.knowledge.claims_base import MOD, PACK
from tests.test_cli import run

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "privy.db"
    privy = Privy(path, seed=False)
    privy.store.import_pack(load_pack(parse_yaml(PACK), today=date.today()), MOD)
    fact, _ = privy.store.get("velora-trains-europe")
    entry = {**fact_as_pack_entry(fact), "claim": {"kind": "training", "training": "no"}}
    privy.store.save(entry, MOD, action="edit")
    privy.db.close()
    return path


def test_changes_for_a_region_lists_the_days_its_answer_changed_and_todays_edit(db: Path) -> None:
    done = run(["changes", "--since", "2024-01-01", "--region", "uk", "--json"], db)
    assert done.returncode == 0, done.stderr
    found = [json.loads(line) for line in done.stdout.splitlines()]
    today = date.today().isoformat()
    assert [(c["day"], c["title"], c["now"][:30]) for c in found] == [
        (
            "2024-09-18",
            "Velora · UK, EEA / EU, Switzerland: what you're told changed",
            "No — paused since 18 Sep 2024:",
        ),
        (  # a day's change is computed from the facts as they are now: after today's edit
            "2025-11-03",
            "Velora · UK, EEA / EU, Switzerland: what you're told changed",
            "No — since 3 Nov 2025 Velora d",
        ),
        (
            today,
            "Velora · UK, EEA / EU, Switzerland: what you're told changed",
            "Yes — since 3 Nov 2025 Velora ",
        ),
        (
            today,
            "Velora · UK, EEA / EU, Switzerland: what you're told changed",
            "No — since 3 Nov 2025 Velora d",
        ),
    ]
    assert found[-1]["before"].startswith(
        "Yes — since 3 Nov 2025 Velora trains AI on public posts and profile."
    )
    assert found[-1]["what"] == "edit velora-trains-europe"
    assert found[0]["sources"][0]["url"] == "https://velora.example.com/help"


def test_changes_for_another_region_leaves_out_what_did_not_change_there(db: Path) -> None:
    us = [
        json.loads(line)
        for line in run(
            ["changes", "--since", "2024-01-01", "--region", "us", "--json"], db
        ).stdout.splitlines()
    ]
    assert {c["title"] for c in us} == {"Velora · US, Elsewhere: what you're told changed"}
    de = run(["changes", "--since", "2025-05-01", "--region", "de"], db)
    assert "Norra · EEA / EU: what you're told changed" in de.stdout
    assert "Velora · US" not in de.stdout
    later = run(["changes", "--since", "2030-01-01"], db)
    assert later.stdout.strip() == "No changes to what people are told in that period."
    wrong = run(["changes", "--region", "atlantis"], db)
    assert wrong.returncode != 0 and "unknown region" in wrong.stderr


def test_feed_writes_the_same_changes_as_atom(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "changes.xml"
    done = run(["feed", str(out), "--since", "2024-01-01", "--region", "uk"], db)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Wrote 4 change(s) to {out}."
    feed = ET.parse(out).getroot()
    assert feed.tag == f"{ATOM}feed" and feed.findtext(f"{ATOM}id") == "urn:privy:changes"
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Privy"  # valid Atom: entries have none of their own
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 4 and len({e.findtext(f"{ATOM}id") for e in entries}) == 4
    newest = entries[0]
    assert newest.findtext(f"{ATOM}title") == "Velora · UK, EEA / EU, Switzerland: what you're told changed"
    assert "Before: Yes — since 3 Nov 2025" in (newest.findtext(f"{ATOM}content") or "")
    assert newest.find(f"{ATOM}link").get("href") == "https://velora.example.com/help"  # type: ignore[union-attr]
