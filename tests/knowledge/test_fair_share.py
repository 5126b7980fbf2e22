"""No server can take more than its share (issue 22, finding 3): imports and suggestions within limits,
and /review reaching every proposal, the home server's own first."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from knowledge.curation import fair_share
from knowledge.curation.queue import review_queue
from knowledge.curation.workflow import Curator
from knowledge.model import fact_as_pack_entry
from knowledge.packs.format import PackError
from knowledge.service import Privy
from knowledge.store.drafts import PENDING, ChangeError, ChangeStore
from knowledge.store.facts import Author
from tests.conftest import TODAY

FACT = "linkedin-optout-global-2024"
MALLORY, CURATOR = Author("mallory", "9"), Author("curator", "1")


@pytest.fixture(scope="module")
def base() -> Privy:
    return Privy(":memory:", today=lambda: TODAY)


@pytest.fixture
def privy(base: Privy, tmp_path: Path) -> Privy:
    copy = Privy(tmp_path / "privy.db", seed=False, today=lambda: TODAY)
    base.db.conn.backup(copy.db.conn)
    return Privy(tmp_path / "privy.db", today=lambda: TODAY)


def huge_pack(privy: Privy, items: int = 300_000) -> str:
    """The audit's pack: one fact with a list of hundreds of thousands of one-line items (4.9 MB)."""
    fact, _ = privy.store.get(FACT)
    raw = fact_as_pack_entry(fact, dates_as_text=True)
    data = {"pack": "x", "platforms": [], "facts": [raw]}
    return yaml.safe_dump(data) + "junk:\n" + "".join(f"  - item {i}\n" for i in range(items))


def test_a_servers_huge_import_is_refused_before_it_is_read(privy: Privy) -> None:
    text = huge_pack(privy)
    assert len(text) > 4_000_000
    started = time.perf_counter()
    with pytest.raises(ChangeError, match="at most 256 KB"):
        Curator(privy.scoped("111")).read_pack(text)
    assert time.perf_counter() - started < 0.1  # refused unread, not after parsing 4.9 MB
    with pytest.raises(ChangeError, match="816 facts; a server imports at most 500"):
        fair_share.check_import_facts(816)


def test_a_server_reads_a_limited_number_of_packs_an_hour(privy: Privy) -> None:
    text = privy.store.scoped("111").export_text()[:100]  # any text: the turn is taken before reading
    town = Curator(privy.scoped("111"))
    for _ in range(fair_share.IMPORTS_PER_HOUR):
        with pytest.raises(PackError):  # not a pack: refused after the turn is counted
            town.read_pack(text)
    with pytest.raises(ChangeError, match="packs in the last hour"):
        town.read_pack(text)
    with pytest.raises(ChangeError, match="packs in the last hour"):
        fair_share.take_import_turn(privy.db, "111")
    fair_share.take_import_turn(privy.db, "222")  # another server: its own share
    fair_share.take_import_turn(privy.db, "111", now=time.monotonic() + 3601)  # an hour later: again


def suggest_many(privy: Privy, scope: str, count: int) -> list[str]:
    """A server edits a fact and sends it to the curators `count` times; what each attempt said."""
    town = Curator(privy.scoped(scope))
    fact, _ = privy.store.get(FACT)
    said = []
    for n in range(count):
        entry = {**fact_as_pack_entry(fact, dates_as_text=True), "answer": f"Local version {n}."}
        town.store.save(entry, MALLORY, base_rev=town.store.get(FACT)[1] if town.store.is_own(FACT) else 0)
        try:
            said.append(f"#{town.suggest(FACT, MALLORY, f'Server {scope}').id}")
        except ChangeError as exc:
            said.append(str(exc))
    return said


def test_a_server_has_a_limited_number_of_suggestions_waiting(privy: Privy) -> None:
    said = suggest_many(privy, "111", fair_share.SUGGESTIONS_PENDING + 2)
    assert all(s.startswith("#") for s in said[: fair_share.SUGGESTIONS_PENDING])
    assert "suggestions waiting" in said[-1]
    assert suggest_many(privy, "222", 1)[0].startswith("#")  # another server still can


def test_review_pages_through_every_proposal_home_first(privy: Privy) -> None:
    curators = ChangeStore(privy.db, "")
    fact, _ = privy.store.get(FACT)
    raw = fact_as_pack_entry(fact, dates_as_text=True)
    made = []
    for server in range(6):  # 60 suggestions, more than two pages, made before the home one
        for _ in range(10):
            change = curators.create(
                "edit", raw, MALLORY, base_rev=1, status=PENDING, origin=(str(server), "S")
            )
            made.append(change.id)
    own = curators.create("edit", raw, CURATOR, base_rev=1, status=PENDING)
    home = Curator(privy.scoped(""))
    first = review_queue(home, 90, limit=25)
    assert first.pending[0].id == own.id and first.pending_total == 61 and first.pages == 3
    seen = [c.id for page in range(first.pages) for c in review_queue(home, 90, 25, page).pending]
    assert sorted(seen) == sorted([*made, own.id])  # every one, once
