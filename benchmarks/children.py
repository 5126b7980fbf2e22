"""Each measurement in a fresh process: a benchmark module runs itself with `--child` and reads back the
JSON its child printed last, so no import, cache or memory of one step counts in another."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent


def run_child(module: str, *args: str) -> dict[str, Any]:
    """`python -m module --child args...` from the project root; its last line of output, as JSON."""
    proc = subprocess.run(
        [sys.executable, "-m", module, "--child", *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"benchmark child {args[0]} failed with exit code {proc.returncode}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result
