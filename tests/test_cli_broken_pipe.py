"""`python bot.py ask ... | head -1`: the reader goes away after one line, and the CLI stops quietly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "PRIVY_DB": str(tmp_path / "privy.db"), "PRIVY_LOG_LEVEL": "WARNING"}
    questions = tmp_path / "questions.txt"
    questions.write_text("Is LinkedIn training AI on my posts? I'm in Leeds\n" * 2000, encoding="utf-8")
    with questions.open(encoding="utf-8") as stdin:
        proc = subprocess.Popen(
            [sys.executable, "bot.py", "ask", "--json", "-"],
            cwd=PROJECT,
            env=env,
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert proc.stdout and proc.stderr
    first = proc.stdout.readline()
    proc.stdout.close()  # as `head -1` does after its line
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 0
    assert '"status": "answered"' in first
    assert "Traceback" not in err and "BrokenPipeError" not in err


@pytest.mark.parametrize(
    "args",
    [
        ["status", "linkedin"],
        ["facts", "history", "linkedin-optout-global-2024"],
        ["facts", "check", "knowledge/packs/ai-training.yaml"],
        ["changes"],
        ["ask", "Is LinkedIn training AI on my posts? I'm in Leeds"],
    ],
)
def test_every_command_stops_quietly_when_its_reader_is_gone(tmp_path: Path, args: list[str]) -> None:
    """Like `| head -1` closing before the command writes: its first write meets a closed pipe, and it exits
    0 with no traceback."""
    env = {**os.environ, "PRIVY_DB": str(tmp_path / "privy.db"), "PRIVY_LOG_LEVEL": "WARNING"}
    subprocess.run(
        [sys.executable, "bot.py", "ask", "hi"], cwd=PROJECT, env=env, capture_output=True, check=True
    )
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line
    try:
        done = subprocess.run(
            [sys.executable, "bot.py", *args],
            cwd=PROJECT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr
