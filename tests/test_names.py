"""Nothing in the repository names a file or module that does not exist: paths (knowledge/store/facts.py)
and dotted names (knowledge.store.facts, knowledge.store.facts.FactStore) in code, comments and docs."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEXT = (".py", ".md", ".txt", ".toml", ".yaml", ".yml", ".cfg")
PACKAGES = ("knowledge", "handlers", "browse", "tests", "benchmarks", "docs")
PATH = re.compile(
    r"(?<![\w./-])((?:" + "|".join(PACKAGES) + r")/[\w/.-]*\w\.(?:py|md|yaml|yml|txt|jsonl?))\b"
)
FILE_SUFFIXES = {"db", "py", "md", "yaml", "yml", "txt", "json", "jsonl", "key"}
DOTTED = re.compile(r"(?<![\w./-])((?:knowledge|handlers|browse)(?:\.[A-Za-z_]\w*)+)")


def tracked() -> list[Path]:
    names = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    return [ROOT / n for n in names if n.endswith(TEXT) or n == "Makefile"]


FILES = [p for p in tracked() if p.exists() and p.name != "test_names.py"]  # its own examples are wrong


def _module(dotted: str) -> tuple[Path, list[str]] | None:
    """The module file a dotted name starts with, and the names after it."""
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        base = ROOT.joinpath(*parts[:i])
        for candidate in (base.with_suffix(".py"), base / "__init__.py"):
            if candidate.exists():
                return candidate, parts[i:]
    return None


def _defines(module: Path, name: str) -> bool:
    text = module.read_text(encoding="utf-8")
    return (
        re.search(
            rf"^\s*(?:async\s+)?(?:def|class)\s+{name}\b|^\s*{name}\s*[:=]|\bimport\b.*\b{name}\b", text, re.M
        )
        is not None
    )


def missing_in(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    missing = [p for p in PATH.findall(text) if not (ROOT / p).exists() and "*" not in p]
    for dotted in DOTTED.findall(text):
        if dotted.rsplit(".", 1)[1] in FILE_SUFFIXES or "__" in dotted:  # a file (browse.db), a dunder
            continue
        found = _module(dotted)
        if found is None or (found[1] and not _defines(found[0], found[1][0])):
            missing.append(dotted)
    return sorted(set(missing))


def test_the_check_catches_a_name_that_does_not_exist(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "See knowledge/packs/parallel.py, knowledge.store.facts.ensure_current and knowledge.text."
    )
    assert missing_in(page) == [
        "knowledge.store.facts.ensure_current",
        "knowledge.text",
        "knowledge/packs/parallel.py",
    ]
    page.write_text("See knowledge/store/facts.py and knowledge.store.facts.FactStore.")
    assert missing_in(page) == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_named_file_exists(path: Path) -> None:
    assert missing_in(path) == []
