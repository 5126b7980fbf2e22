"""docs/architecture.md lists every module, one line each, and names only modules that exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "architecture.md"
SCRIPTS = (
    "bot.py",
    "config.py",
    "cli_alerts.py",
    "cli_db.py",
    "cli_facts.py",
    "cli_links.py",
    "cli_watch.py",
)


def modules() -> set[str]:
    found = {
        p.relative_to(ROOT).as_posix()
        for pkg in ("knowledge", "handlers", "browse")
        for p in (ROOT / pkg).rglob("*.py")
    }
    return {m for m in found if not m.endswith("__init__.py")} | set(SCRIPTS)


def listed() -> list[str]:
    """The modules of the doc's 'Every module' list, one a line: "- `path`: what it is"."""
    section = DOC.read_text(encoding="utf-8").split("## Every module", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^- `([\w/]+\.py)`: \S", section, re.M)


def test_every_module_is_listed_once() -> None:
    names = listed()
    assert sorted(modules() - set(names)) == [], "docs/architecture.md: add a line for each"
    assert len(names) == len(set(names))


def test_every_listed_name_is_a_module() -> None:
    assert sorted(set(listed()) - modules()) == []
    mentioned = set(re.findall(r"(?<![\w/.-])([\w/]+\.py)\b", DOC.read_text(encoding="utf-8")))
    assert sorted(m for m in mentioned if not (ROOT / m).exists()) == []
