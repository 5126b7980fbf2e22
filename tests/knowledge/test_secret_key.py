"""The key that unlinks people from their rows is never empty (issue 22, finding 1)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from knowledge.errors import CoreError
from knowledge.service import Privy
from tests.conftest import TODAY

FACT = "linkedin-optout-global-2024"
STARTERS = 8
MIN_LENGTH = 32  # bytes: a key shorter than this is no key

VOTE = """
import sys, time
from knowledge.service import Privy
privy = Privy(sys.argv[1], seed=False)
while time.time() < float(sys.argv[3]):
    time.sleep(0.001)
privy.scoped("").vote(sys.argv[4], "helpful", sys.argv[2])
print("voted", flush=True)
"""


@pytest.fixture
def base_file(tmp_path: Path) -> Path:
    """A seeded base file with no key beside it yet, as on a fresh install."""
    path = tmp_path / "privy.db"
    copy = Privy(path, seed=False, today=lambda: TODAY)
    Privy(":memory:", today=lambda: TODAY).db.conn.backup(copy.db.conn)
    copy.db.conn.close()
    Path(f"{path}.key").unlink(missing_ok=True)
    return path


def test_processes_starting_together_all_key_rows_with_the_one_key_on_disk(base_file: Path) -> None:
    start = time.time() + 3.0  # every process has opened the base by then, and all vote at once
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", VOTE, str(base_file), str(100 + n), str(start), FACT],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).parents[2],
        )
        for n in range(STARTERS)
    ]
    outcomes = [p.communicate(timeout=120) for p in procs]
    assert [out.strip() for out, _ in outcomes] == ["voted"] * STARTERS, [err for _, err in outcomes]
    assert len(Path(f"{base_file}.key").read_bytes().strip()) >= MIN_LENGTH
    privy = Privy(base_file, seed=False, today=lambda: TODAY)
    # /privacy forget, from a process holding the real key, finds every one of them
    assert [privy.about_user(str(100 + n))["votes"] for n in range(STARTERS)] == [1] * STARTERS
    for n in range(STARTERS):
        privy.forget_user(str(100 + n))
    assert privy.db.execute("select count(*) from feedback_votes").fetchone()[0] == 0


def test_a_full_disk_stores_nothing_about_people_and_never_leaves_an_empty_key(
    base_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open

    def disk_full(path: object, flags: int, mode: int = 0o777, **kw: object) -> int:
        """Files beside the base are created, but every byte written to them fails with ENOSPC."""
        if str(path).startswith(f"{base_file}.key"):
            os.close(real_open(path, flags, mode))  # type: ignore[arg-type]
            return real_open("/dev/full", os.O_WRONLY)
        return real_open(path, flags, mode)  # type: ignore[arg-type]

    privy = Privy(base_file, seed=False, today=lambda: TODAY)
    monkeypatch.setattr(os, "open", disk_full)
    with pytest.raises(CoreError) as refused:
        privy.scoped("").vote(FACT, "helpful", "42")
    assert "disk" in str(refused.value) and str(base_file) not in str(refused.value)
    privy.scoped("").answer("Does Grindr train AI on my chats? write to jane@example.com", user_id="43")
    assert privy.db.execute("select count(*) from feedback_votes").fetchone()[0] == 0
    assert privy.db.execute("select count(*) from unanswered_askers").fetchone()[0] == 0
    monkeypatch.setattr(os, "open", real_open)  # space freed: the next process makes a whole key

    later = Privy(base_file, seed=False, today=lambda: TODAY)
    assert later.scoped("").vote(FACT, "helpful", "44") is True
    assert len(Path(f"{base_file}.key").read_bytes().strip()) >= MIN_LENGTH
    assert later.about_user("44")["votes"] == 1


def test_an_empty_key_file_is_refused_not_used(base_file: Path) -> None:
    Path(f"{base_file}.key").write_bytes(b"")
    privy = Privy(base_file, seed=False, today=lambda: TODAY)
    with pytest.raises(CoreError, match="key file"):
        privy.scoped("").vote(FACT, "helpful", "42")
    assert privy.db.execute("select count(*) from feedback_votes").fetchone()[0] == 0


def test_a_lost_key_file_is_refused_until_a_new_one_is_made(base_file: Path) -> None:
    privy = Privy(base_file, seed=False, today=lambda: TODAY)
    privy.scoped("").vote(FACT, "helpful", "42")
    privy.scoped("").answer("Does Grindr train AI on my private chats?", user_id="42")
    Path(f"{base_file}.key").unlink()  # lost (a restore without it): old hashes can no longer be found
    later = Privy(base_file, seed=False, today=lambda: TODAY)
    with pytest.raises(CoreError, match="key file beside the fact base is missing"):
        later.scoped("").vote(FACT, "helpful", "43")
    assert not Path(f"{base_file}.key").exists()  # no silent new key

    env = {**os.environ, "PRIVY_DB": str(base_file), "PRIVY_LOG_LEVEL": "WARNING"}
    root = Path(__file__).parents[2]
    made = subprocess.run(
        [sys.executable, "bot.py", "db", "new-key"], cwd=root, env=env, capture_output=True, text=True
    )
    assert made.returncode == 0 and "dropped 2 hashes" in made.stdout, made.stderr
    fresh = Privy(base_file, seed=False, today=lambda: TODAY)
    assert fresh.scoped("").vote(FACT, "helpful", "43") is True and fresh.about_user("43")["votes"] == 1
