"""Writes wait their turn: another process holding the write lock delays a write, or fails it with one
sentence and nothing half-written; never a raw `database is locked`."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from knowledge.model import fact_as_pack_entry
from knowledge.packs.format import load_pack
from knowledge.service import Privy
from knowledge.store.db import BUSY, StoreBusy, open_db
from knowledge.store.drafts import DRAFT, ChangeStore
from knowledge.store.facts import Author
from tests.knowledge.lock_holder import write_lock_held

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 23)
MOD = Author("mod", "1001")
FACT = "linkedin-optout-global-2024"


def base(path: Path, busy_timeout: float) -> Privy:
    """A seeded base on a file, writes waiting at most `busy_timeout` seconds."""
    Privy(path, today=lambda: TODAY).db.conn.close()  # seeded once, by the default opening
    return Privy(open_db(path, busy_timeout=busy_timeout), today=lambda: TODAY)


def edited(privy: Privy, answer: str) -> dict[str, Any]:
    entry = fact_as_pack_entry(privy.store.get(FACT)[0], dates_as_text=True)
    return {**entry, "answer": answer}


def snapshot(privy: Privy) -> tuple[Any, ...]:
    """What a failed write must leave as it was: facts, revisions, drafts, a saved region."""
    counts = [
        next(privy.db.query(f"select count(*) as n from {table}"))["n"]
        for table in ("facts", "revisions", "pending_changes")
    ]
    return (*counts, privy.community.region_of("42"))


def test_a_write_waits_for_a_shorter_hold_and_succeeds(tmp_path: Path) -> None:
    privy = base(tmp_path / "privy.db", busy_timeout=5)
    _, rev = privy.store.get(FACT)
    with write_lock_held(tmp_path / "privy.db", 0.8):
        start = time.monotonic()
        privy.store.save(edited(privy, "Saved after waiting for the other writer."), MOD, base_rev=rev)
        waited = time.monotonic() - start
    assert waited > 0.5  # it did wait for the other process ...
    fact, now = privy.store.get(FACT)  # ... and then saved, once
    assert (fact.answer, now) == ("Saved after waiting for the other writer.", rev + 1)


def test_a_write_holds_the_lock_from_its_first_read_so_no_one_commits_in_between(tmp_path: Path) -> None:
    """Without BEGIN IMMEDIATE a save read the fact, another process committed, and the save failed at
    once with `database is locked` (a read snapshot cannot be upgraded to a write): no timeout helps."""
    privy = base(tmp_path / "privy.db", busy_timeout=2)
    other = sqlite3.connect(tmp_path / "privy.db", timeout=0, isolation_level=None)
    statements: list[str] = []
    refused: list[str] = []

    def another_writer_tries(sql: str, params: Any) -> None:
        """Called before each statement of the save: right after it has read the fact, the other writes."""
        statements.append(sql)
        if statements[-2:-1] and statements[-2].startswith("select id, data, rev, scope from facts where"):
            try:
                other.execute("insert into meta (key, value) values ('other', 'committed in between')")
            except sqlite3.OperationalError as exc:
                refused.append(str(exc))

    _, rev = privy.store.get(FACT)
    entry = edited(privy, "Saved while another process tried to write.")
    with privy.db.tracer(another_writer_tries):
        privy.store.save(entry, MOD, base_rev=rev)
    assert refused == ["database is locked"]  # the other writer had to wait for this save ...
    assert privy.store.get(FACT)[1] == rev + 1  # ... which went through
    other.execute("insert into meta (key, value) values ('other', 'after the save')")  # and then it could


WRITES: list[tuple[str, Callable[[Privy], Any]]] = [
    ("edit", lambda p: p.store.save(edited(p, "Never saved."), MOD)),
    ("import", lambda p: p.store.import_pack(load_pack(_pack(), p.store.platform_ids(), TODAY), MOD)),
    ("draft", lambda p: ChangeStore(p.db, "").create("add", {"id": "x"}, MOD, base_rev=0, status=DRAFT)),
    ("region", lambda p: p.community.set_region("42", "uk")),
    ("forget", lambda p: p.forget_user("42")),
]


def _pack() -> dict[str, Any]:
    facts = [
        {
            "id": f"zoom-lock-{n}",
            "platform": "zoom",
            "regions": ["global"],
            "topic": "background",
            "question": f"Lock test question {n} about Zoom?",
            "answer": "Zoom says it does not train its AI on call content.",
            "sources": [{"url": f"https://example.org/{n}", "title": "Example"}],
            "verified": "2026-01-01",
        }
        for n in range(1200)  # more than one batch of rows: nothing of it may be left half-written
    ]
    return {"pack": "locks", "platforms": [], "facts": facts}


@pytest.mark.parametrize("name, write", WRITES, ids=[name for name, _ in WRITES])
def test_a_write_held_up_too_long_fails_with_one_sentence_and_writes_nothing(
    tmp_path: Path, name: str, write: Callable[[Privy], Any]
) -> None:
    privy = base(tmp_path / "privy.db", busy_timeout=0.3)
    privy.community.set_region("42", "us")
    before = snapshot(privy)
    with write_lock_held(tmp_path / "privy.db", 1.5):
        start = time.monotonic()
        with pytest.raises(StoreBusy) as caught:
            write(privy)
        assert 0.2 < time.monotonic() - start < 1.2  # gave up after its timeout, not the other's hold
    assert str(caught.value) == BUSY
    assert BUSY == "The fact base is busy with another change; nothing was saved. Try again in a moment."
    assert snapshot(privy) == before
    write(privy)  # the lock released, the same write goes through
    assert snapshot(privy) != before


def test_reading_is_never_held_up_by_a_writer(tmp_path: Path) -> None:
    privy = base(tmp_path / "privy.db", busy_timeout=0.2)
    with write_lock_held(tmp_path / "privy.db", 2):
        start = time.monotonic()
        answer = privy.ask("Can I stop LinkedIn training AI on my posts?", region="us")
        assert time.monotonic() - start < 1.0
    assert answer.status == "answered"


WRITER = """
import sys
from datetime import date
sys.path.insert(0, {root!r})
from knowledge.model import fact_as_pack_entry
from knowledge.service import Privy
from knowledge.store.facts import Author

privy = Privy({db!r}, today=lambda: date(2026, 11, 23))
me = Author(sys.argv[1])
failures = []
sys.stdin.readline()  # start together
for n in range(100):
    try:
        if n % 4 == 3:
            privy.community.record_unanswered(f"question {{sys.argv[1]}} {{n}}")
            continue
        entry = fact_as_pack_entry(privy.store.get({fact!r})[0], dates_as_text=True)
        privy.store.save({{**entry, "answer": f"Edit {{n}} by {{sys.argv[1]}}."}}, me)
    except Exception as exc:
        failures.append(f"{{type(exc).__name__}}: {{exc}}")
print(len(failures), *sorted(set(failures)), sep="\\n")
"""


def test_200_writes_from_two_processes_at_once_all_succeed(tmp_path: Path) -> None:
    db = tmp_path / "privy.db"
    privy = Privy(db, today=lambda: TODAY)
    _, rev = privy.store.get(FACT)
    script = WRITER.format(root=str(ROOT), db=str(db), fact=FACT)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(script), name],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("alice", "bob")
    ]
    time.sleep(1.5)  # both opened the base
    outs = [w.communicate("go\n", timeout=120) for w in writers]
    for out, err in outs:
        assert out.splitlines()[:1] == ["0"], out + err
    # every edit became exactly one revision: 75 from each process, none lost, none twice
    assert privy.store.get(FACT)[1] == rev + 150
    assert [r.rev for r in privy.store.history(FACT)] == list(range(1, rev + 151))
    assert sum(u.count for u in privy.community.unanswered(100)) == 50


def test_two_processes_starting_on_a_new_base_set_it_up_once(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    code = f"import sys; sys.path.insert(0, {str(ROOT)!r}); from knowledge.service import Privy; Privy({str(db)!r})"
    starts = [
        subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True) for _ in range(3)
    ]
    errors = [p.communicate(timeout=60)[1] for p in starts]
    assert [p.returncode for p in starts] == [0, 0, 0], errors
    privy = Privy(db, today=lambda: TODAY)
    seeded = Privy(":memory:", today=lambda: TODAY).store.count()
    assert privy.store.count() == seeded
    assert next(privy.db.query("select count(*) as n from revisions"))["n"] == seeded  # each fact once
