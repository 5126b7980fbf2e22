"""A PRIVY_DB that cannot be used as it is, as a user meets it on the command line: one line naming
PRIVY_DB and the file, which is left untouched; never a traceback."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from knowledge.service import Privy
from knowledge.store.facts import Author

ROOT = Path(__file__).resolve().parents[2]
QUESTION = "Is LinkedIn training AI on UK members' data?"
FACT = "linkedin-optout-global-2024"
# root reads and writes any file: drop that power, so a file's permissions apply as to any user
AS_A_USER = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"] if os.geteuid() == 0 else []
needs_permissions = pytest.mark.skipif(
    bool(AS_A_USER) and shutil.which("setpriv") is None,
    reason="NOT RUN: running as root, and setpriv (util-linux) is missing to drop root's power over file permissions",
)


def run(args: list[str], db: Path | None, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "PRIVY_DB")}
    env["PRIVY_LOG_LEVEL"] = "WARNING"
    if db is not None:
        env["PRIVY_DB"] = str(db)
    return subprocess.run(
        [*AS_A_USER, sys.executable, str(ROOT / "bot.py"), *args],
        cwd=cwd,
        env=env,
        text=True,
        capture_output=True,
        timeout=60,
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seeded base, closed cleanly (no -wal or -shm beside it)."""
    path = tmp_path_factory.mktemp("good") / "privy.db"
    Privy(path).db.conn.close()
    return path


def damaged(good: Path, target: Path, how: str) -> Path:
    data = bytearray(good.read_bytes())
    if how == "garbage":
        data = bytearray(b"these are my notes, not a database\n" * 100)
    elif how == "pages overwritten":
        data[4096 : 4096 * 5] = b"\xff" * (4096 * 4)
    elif how == "cut short":
        data = data[: len(data) // 2]
    target.write_bytes(bytes(data))
    return target


@pytest.mark.parametrize(
    "how, why",
    [
        ("garbage", "is not a Privy database (file is not a database)"),
        ("pages overwritten", "is damaged (database disk image is malformed)"),
        ("cut short", "is damaged (database disk image is malformed)"),
    ],
)
def test_a_damaged_file_is_one_line_and_left_untouched(
    good: Path, tmp_path: Path, how: str, why: str
) -> None:
    db = damaged(good, tmp_path / "x.db", how)
    before = digest(db)
    p = run(["ask", QUESTION], db)
    assert (p.returncode, p.stdout) == (2, "")
    assert p.stderr == f"PRIVY_DB {db} {why}; nothing was changed\n"
    assert digest(db) == before


def test_a_relative_path_is_named_as_given(good: Path, tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    damaged(good, tmp_path / "data" / "x.db", "garbage")
    p = run(["ask", "hi"], Path("data/x.db"), cwd=tmp_path)
    assert p.returncode == 2
    assert (
        p.stderr
        == "PRIVY_DB data/x.db is not a Privy database (file is not a database); nothing was changed\n"
    )


def test_someone_elses_sqlite_file_is_not_taken_over(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "notes.db"
    with sqlite3.connect(db) as conn:
        conn.execute("create table notes (text)")
    conn.close()
    before = digest(db)
    p = run(["facts", "export", str(tmp_path / "out.yaml")], db)
    assert p.returncode == 2
    assert (
        p.stderr
        == f"PRIVY_DB {db} is not a Privy database (it holds other tables: notes); nothing was changed\n"
    )
    assert digest(db) == before and not (tmp_path / "out.yaml").exists()


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    p = run(["ask", "hi"], tmp_path)
    assert (p.returncode, p.stderr) == (
        2,
        f"PRIVY_DB {tmp_path} is a folder, not a database file; nothing was changed\n",
    )


def test_a_missing_folder_is_an_error_not_created(tmp_path: Path) -> None:
    db = tmp_path / "typo" / "privy.db"
    p = run(["ask", QUESTION], db)
    assert p.returncode == 2
    assert p.stderr == (
        f"PRIVY_DB {db} is in a folder that does not exist ({db.parent}); create the folder or correct "
        "PRIVY_DB; nothing was changed\n"
    )
    assert not db.parent.exists()


def test_the_default_base_gets_its_data_folder(tmp_path: Path) -> None:
    p = run(["ask", QUESTION], None, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert "LinkedIn" in p.stdout and (tmp_path / "data" / "privy.db").stat().st_size > 0


def test_an_empty_file_is_set_up_with_a_loud_warning(tmp_path: Path) -> None:
    db = tmp_path / "privy.db"
    db.touch()
    p = run(["ask", QUESTION], db)
    assert p.returncode == 0, p.stderr
    assert "LinkedIn" in p.stdout
    assert f"WARNING knowledge.store.db: PRIVY_DB {db} is an EMPTY file" in p.stderr
    assert "restore it from a backup" in p.stderr
    assert run(["ask", QUESTION], db).stderr == ""  # once set up, no more warnings


@needs_permissions
@pytest.mark.parametrize("locked", ["file", "folder"])
def test_a_read_only_base_answers_and_refuses_writes_in_one_sentence(
    good: Path, tmp_path: Path, locked: str
) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "privy.db"
    shutil.copy(good, db)
    privy = Privy(db, seed=False)  # a second revision, so that reverting to the first would change the fact
    privy.store.verify(FACT, Author("t"), date(2026, 11, 30))
    privy.db.conn.close()
    before = digest(db)
    (db if locked == "file" else folder).chmod(0o444 if locked == "file" else 0o555)
    try:
        p = run(["ask", QUESTION, "--json"], db)
        assert p.returncode == 0, p.stderr
        assert '"status": "answered"' in p.stdout and p.stderr == ""
        p = run(["facts", "revert", FACT, "1"], db)
        assert (p.returncode, p.stdout, p.stderr) == (
            1,
            "",
            f"PRIVY_DB {db} is read-only; nothing was saved.\n",
        )
        p = run(["facts", "history", FACT], db)  # reading the history still works
        assert p.returncode == 0 and p.stdout.strip()
    finally:
        folder.chmod(0o755)
        db.chmod(0o644)
    assert digest(db) == before


@needs_permissions
def test_an_unreadable_file_is_one_line(good: Path, tmp_path: Path) -> None:
    db = tmp_path / "privy.db"
    shutil.copy(good, db)
    db.chmod(0o000)
    try:
        p = run(["ask", QUESTION], db)
    finally:
        db.chmod(0o644)
    assert (p.returncode, p.stderr) == (
        2,
        f"PRIVY_DB {db} cannot be read (unable to open database file); nothing was changed\n",
    )
