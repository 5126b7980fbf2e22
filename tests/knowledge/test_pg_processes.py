"""Issue 23's Done-when, on PostgreSQL: two Privy processes on one database serve each other's saves
within a second, and 50 saves made at once across both all land."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Databases
from tests.knowledge.pg_worker import fact

ROOT = Path(__file__).resolve().parents[2]
SERVED_WITHIN = 1.0  # seconds from one process's save to the other's answer


class Worker:
    """One Privy process (tests/knowledge/pg_worker.py), asked and told to save through its pipes."""

    def __init__(self, url: str, key_file: Path):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.knowledge.pg_worker", url, str(key_file)],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert self.reply() == {"ready": True}

    def reply(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line, f"the worker stopped (exit {self.process.poll()})"
        return dict(json.loads(line))

    def send(self, command: dict[str, Any]) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        return self.reply()

    def ask(self, fact_id: str) -> list[str]:
        return list(self.send({"ask": fact(fact_id)["question"], "region": "uk"})["facts"])

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(10)


@pytest.fixture
def workers(pg_databases: Databases, pg_templates: dict[bool, str], tmp_path: Path) -> Iterator[list[Worker]]:
    url = pg_databases.new(pg_templates[True])
    started = [Worker(url, tmp_path / "privy.key") for _ in range(2)]
    yield started
    for worker in started:
        worker.close()


def served_after(saver: Worker, asker: Worker, fact_id: str) -> float:
    """Seconds from the saver's save to the asker answering with the new fact."""
    assert fact_id not in asker.ask(fact_id)
    assert saver.send({"save": [fact_id]}) == {"saved": 1}
    saved = time.monotonic()
    while fact_id not in asker.ask(fact_id)[:1]:
        assert time.monotonic() - saved < 5, f"{fact_id} not served by the other process after 5 s"
        time.sleep(0.005)
    return time.monotonic() - saved


def test_each_process_serves_the_others_save_within_a_second(workers: list[Worker]) -> None:
    first, second = workers
    assert served_after(first, second, "zoom-served-1") < SERVED_WITHIN
    assert served_after(second, first, "zoom-served-2") < SERVED_WITHIN


def test_fifty_saves_at_once_across_two_processes_all_land(workers: list[Worker]) -> None:
    first, second = workers
    ids = [f"zoom-at-once-{n}" for n in range(50)]
    for worker, half in ((first, ids[:25]), (second, ids[25:])):
        assert worker.process.stdin is not None
        worker.process.stdin.write(json.dumps({"save": half}) + "\n")  # both at once: reply read after
        worker.process.stdin.flush()
    assert first.reply() == {"saved": 25} and second.reply() == {"saved": 25}
    for fact_id in (ids[0], ids[24], ids[25], ids[49]):
        for worker in workers:
            assert worker.ask(fact_id)[:1] == [fact_id]
    missing = [i for i in ids if first.ask(i)[:1] != [i]]
    assert missing == []
