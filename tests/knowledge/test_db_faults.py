"""A full disk, a failing disk and a damaged base (issue 22, finding 4): one sentence that says what to do,
never a traceback; a damaged base refuses writes, `db check` finds it and `db recover` copies it out."""

from __future__ import annotations

import random
import resource
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from knowledge.errors import CoreError
from knowledge.service import Privy
from knowledge.store.facts import Author
from knowledge.store.health import check_health
from tests.knowledge.test_store_db_health import ROOT, run

FACT = "linkedin-optout-global-2024"
QUESTION = "Is LinkedIn training AI on UK members' data?"
UNKNOWN = "Does Grindr train AI on my private chats?"


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("good") / "privy.db"
    Privy(path).db.conn.close()
    return path


@pytest.fixture
def base(good: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "privy.db"
    shutil.copy(good, copy)
    return copy


def pack_file(base: Path, tmp_path: Path) -> Path:
    """Every fact of the base with a changed answer: an import that writes a few MB."""
    data = yaml.safe_load(Privy(base, seed=False).store.export_text())
    for fact in data["facts"]:
        fact["answer"] = fact["answer"] + " Checked again."
    path = tmp_path / "all.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def on_a_full_disk(args: list[str], db: Path, limit: int = 64 * 1024) -> subprocess.CompletedProcess[str]:
    """The CLI with no room to write past `limit` bytes into any file (RLIMIT_FSIZE, as a full disk)."""

    def no_room() -> None:
        import signal

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, like ENOSPC
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {"PRIVY_DB": str(db), "PRIVY_LOG_LEVEL": "WARNING", "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, str(ROOT / "bot.py"), *args],
        cwd=ROOT,
        env=env,
        text=True,
        capture_output=True,
        timeout=120,
        preexec_fn=no_room,
    )


@pytest.mark.parametrize("command", ["import", "revert"])
def test_a_full_disk_is_one_sentence_on_the_command_line(base: Path, tmp_path: Path, command: str) -> None:
    before = Privy(base, seed=False).store.export_text()
    args = ["facts", "import", str(pack_file(base, tmp_path))] if command == "import" else []
    if command == "revert":
        Privy(base, seed=False).store.verify(FACT, Author("t"), __import__("datetime").date(2026, 11, 30))
        args = ["facts", "revert", FACT, "1"]
        before = Privy(base, seed=False).store.export_text()
    done = on_a_full_disk(args, base, limit=40_000 if command == "revert" else 128 * 1024)
    assert done.returncode == 1, done
    assert "Traceback" not in done.stderr and "sqlite3." not in done.stderr, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "nothing was" in lines[0] and "disk" in lines[0], done.stderr
    assert Privy(base, seed=False).store.export_text() == before


def test_an_unanswered_question_on_a_full_disk_is_still_answered(base: Path) -> None:
    privy = Privy(base, seed=False)
    pages = privy.db.execute("pragma page_count").fetchone()[0]
    privy.db.execute(f"pragma max_page_count = {pages}")  # not one page more: SQLITE_FULL
    privy.db.execute("pragma wal_checkpoint(truncate)")
    answer = privy.scoped("").answer(UNKNOWN, user_id="7")
    assert answer.status == "no_match"
    with pytest.raises(CoreError) as refused:
        for n in range(200):  # enough votes to need a new page
            privy.scoped("").vote(FACT, "helpful", str(1000 + n))
    assert "disk is full" in str(refused.value) and refused.value.public is not None
    assert str(base) not in refused.value.public


def scramble(path: Path) -> None:
    """Random bytes a third of the way into the file, as the audit did."""
    data = bytearray(path.read_bytes())
    start = len(data) // 3 // 4096 * 4096
    data[start : start + 4096 * 8] = random.Random(22).randbytes(4096 * 8)
    path.write_bytes(bytes(data))


def test_a_damaged_base_refuses_writes_and_is_recovered_into_a_new_file(base: Path, tmp_path: Path) -> None:
    pack = pack_file(base, tmp_path)
    scramble(base)
    privy = Privy(base, seed=False)
    assert check_health(privy.db)
    with pytest.raises(CoreError, match=r"is damaged .* db recover"):
        privy.store.verify(FACT, Author("t"), __import__("datetime").date(2026, 11, 30))
    privy.db.conn.close()
    before = base.read_bytes()

    for args in (["facts", "import", str(pack)], ["facts", "export", str(tmp_path / "out.yaml")]):
        refused = run(args, base)
        assert refused.returncode != 0 and "Traceback" not in refused.stderr, refused.stderr
        assert "is damaged" in refused.stderr and "db recover" in refused.stderr, refused.stderr
    assert base.read_bytes() == before and not (tmp_path / "out.yaml").exists()
    checked = run(["db", "check"], base)
    assert checked.returncode == 1 and "is damaged" in checked.stderr and "db recover" in checked.stderr
    keyed = run(["db", "new-key"], base)  # a damaged base refuses every write, a new key's too
    assert keyed.returncode == 1 and "no key made" in keyed.stderr and base.read_bytes() == before
    recovered = run(["db", "recover", str(tmp_path / "new.db")], base)
    assert recovered.returncode == 0, recovered.stderr
    assert "kept as it was" in recovered.stdout and base.read_bytes() == before
    assert run(["db", "check"], tmp_path / "new.db").returncode == 0
    with sqlite3.connect(tmp_path / "new.db") as conn:
        assert conn.execute("select count(*) from facts").fetchone()[0] > 100  # of 149
    answered = run(["ask", QUESTION], tmp_path / "new.db")
    assert answered.returncode == 0 and "LinkedIn" in answered.stdout


def test_a_full_disk_at_start_says_what_to_do(good: Path, tmp_path: Path) -> None:
    base = tmp_path / "privy.db"
    shutil.copy(good, base)  # closed cleanly: starting creates the -wal and -shm files, which cannot grow
    done = on_a_full_disk(["ask", QUESTION], base, limit=0)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr == (
        f"PRIVY_DB {base} cannot be read or written (disk I/O error); nothing was changed. "
        "Check the disk and its free space, then try again\n"
    )


@pytest.mark.parametrize("action", ["check", "new-key"])
def test_a_mistyped_base_path_is_said_and_not_created(tmp_path: Path, action: str) -> None:
    missing = tmp_path / "privy-typo.db"
    p = run(["db", action], missing)
    assert p.returncode == 1 and "Traceback" not in p.stderr
    assert f"PRIVY_DB {missing} does not exist" in p.stderr and "whole" not in p.stdout
    assert not missing.exists()


@pytest.mark.parametrize("action", ["recover", "copy"])
def test_a_target_in_a_missing_folder_is_named_not_privy_db(good: Path, tmp_path: Path, action: str) -> None:
    target = tmp_path / "no-such-folder" / "new.db"
    args = ["db", "recover", str(target)] if action == "recover" else ["db", "copy", str(good), str(target)]
    p = run(args, good)
    assert p.returncode != 0 and "Traceback" not in p.stderr, p.stderr
    assert f"{target} is in a folder that does not exist" in p.stderr and "PRIVY_DB" not in p.stderr
    assert not target.parent.exists()
