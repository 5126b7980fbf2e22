"""An import killed half way (SIGKILL: no clean-up runs) leaves the base as it was, whole and searchable,
and leaves no process behind: the import runs in the one process, in one transaction."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.generate import dump_yaml, generate

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("after", [0.5, 1.5])
def test_a_killed_import_leaves_the_base_as_it_was_and_no_process_behind(
    tmp_path: Path, after: float
) -> None:
    pack = tmp_path / "big.yaml"
    pack.write_text(dump_yaml(generate(15000, seed=3, n_questions=10).pack), encoding="utf-8")
    db = tmp_path / "privy.db"
    env = {**os.environ, "PRIVY_DB": str(db), "PRIVY_LOG_LEVEL": "WARNING"}
    subprocess.run(
        [sys.executable, "bot.py", "ask", "hi"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    before = _counts(db)

    importing = subprocess.Popen(
        [sys.executable, "bot.py", "facts", "import", str(pack)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: anything it started would show up in it
    )
    time.sleep(after)
    finished_first = importing.poll() is not None
    with contextlib.suppress(ProcessLookupError):  # a fast machine may have finished: still checked
        os.killpg(importing.pid, signal.SIGKILL)
    importing.wait(timeout=10)
    time.sleep(0.2)
    assert _in_group(importing.pid) == []  # no worker outlives the import

    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    after_kill = _counts(db)
    if after < 1:
        assert not finished_first  # 15,000 facts take seconds: this kill lands half way
    if not finished_first:
        assert after_kill == before  # all or nothing: the transaction never committed
    assert after_kill[0] == after_kill[1]  # every fact has its search row: the two are written together
    answer = subprocess.run(
        [sys.executable, "bot.py", "ask", "is linkedin training ai on my posts? I'm in Leeds"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert answer.returncode == 0 and "LinkedIn" in answer.stdout


def _counts(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db) as conn:
        facts = conn.execute("select count(*) from facts").fetchone()[0]
        search = conn.execute("select count(*) from search_facts").fetchone()[0]
    return facts, search


def _in_group(pgid: int) -> list[int]:
    """Processes still alive in a process group (Linux /proc, as pgrep -g reads it)."""
    alive = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()  # after "pid (name)": state, ppid, pgrp, ...
        if int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(int(entry))
    return alive
