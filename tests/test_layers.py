"""Layers that point down: no import cycle (function-level imports included), the core never imports the
adapters, the store imports nothing above it, and no SQL outside knowledge/store/.

browse/ is left out of the SQL rule: it builds Datasette's own tables in the public snapshot
(knowledge.store.public makes it), never in the base.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("knowledge", "handlers", "browse")
SCRIPTS = (
    "bot.py",
    "config.py",
    "cli_alerts.py",
    "cli_db.py",
    "cli_facts.py",
    "cli_links.py",
    "cli_watch.py",
)


def _name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES: dict[str, Path] = {_name(p): p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")} | {
    _name(ROOT / s): ROOT / s for s in SCRIPTS
}


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    """The nodes under `if TYPE_CHECKING:`: annotations only, never run."""
    return {
        id(n)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for n in ast.walk(node)
    }


def imported(module: str) -> Iterator[str]:
    """Every name a module imports when it runs, at the top or inside a function."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    skip = _type_checking_nodes(tree)
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{a.name}" for a in node.names)


def _ours(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


GRAPH = {m: {o for n in imported(m) if (o := _ours(n)) and o != m} for m in MODULES}


def cycles() -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in GRAPH[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    return found


def test_the_walk_sees_the_modules_and_their_imports() -> None:
    assert {"knowledge.service", "knowledge.store.db", "handlers.client", "bot"} <= set(MODULES)
    assert "knowledge.store.schema" in GRAPH["knowledge.store.db"]
    assert "handlers.client" in GRAPH["bot"]  # imported inside create_bot: function-level imports count


def test_no_import_cycle() -> None:
    assert cycles() == []


BASICS = (
    "knowledge.model",
    "knowledge.errors",
    "knowledge.collector",
    "knowledge.regions",
    "knowledge.reading",
    "knowledge.i18n",  # the reply's language: catalogues, dates, region names (the model's words too)
)
BELOW = {  # a layer may import only these of ours (and itself): the arrows point down
    "knowledge.reading": ("knowledge.reading",),
    "knowledge.i18n": ("knowledge.i18n", "knowledge.model", "knowledge.regions"),
    "knowledge.packs": ("knowledge.packs", *BASICS),
    "knowledge.store": ("knowledge.store", "knowledge.packs", *BASICS),
    "knowledge.sources": ("knowledge.sources", "knowledge.store", *BASICS),
    "knowledge.matching": ("knowledge.matching", "knowledge.store", "knowledge.packs", *BASICS),
    "knowledge.answers": (
        "knowledge.answers",
        "knowledge.matching",
        "knowledge.packs",  # the publisher registry ranks the sources shown
        "knowledge.places",
        "knowledge.place_names",
        *BASICS,
    ),
    "knowledge": ("knowledge",),
    "handlers": ("handlers", "knowledge", "config"),
}


@pytest.mark.parametrize("layer", list(BELOW))
def test_a_layer_imports_only_what_is_below_it(layer: str) -> None:
    allowed = BELOW[layer]
    wrong = sorted(
        f"{m} -> {o}"
        for m, outs in GRAPH.items()
        if m == layer or m.startswith(f"{layer}.")
        for o in outs
        if not any(o == a or o.startswith(f"{a}.") for a in allowed)
    )
    assert wrong == []


def test_the_core_never_imports_discord() -> None:
    found = [
        m for m in MODULES if m.startswith("knowledge") for n in imported(m) if n.split(".")[0] == "discord"
    ]
    assert found == []


SQL = re.compile(
    r"\b(select\s.+?\sfrom|insert\s+(or\s+\w+\s+)?into|delete\s+from|update\s+\w+\s+set|create\s+(table|index)"
    r"|drop\s+table|pragma\s+\w+)\b",
    re.IGNORECASE | re.DOTALL,
)
DB_CALLS = {"execute", "executemany", "executescript", "query"}


def _is_sql(node: ast.AST, docstrings: set[int]) -> bool:
    """A string (not a docstring) that reads as SQL."""
    text = node.value if isinstance(node, ast.Constant) else None
    return isinstance(text, str) and id(node) not in docstrings and SQL.search(text) is not None


def sql_in(path: Path) -> list[str]:
    """Lines that run or spell SQL: a call of a database method, or a string that reads as SQL."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in DB_CALLS:
            found.append(f"{path.name}:{node.lineno} .{node.func.attr}()")
        elif _is_sql(node, docstrings):
            found.append(f"{path.name}:{node.lineno} {ast.literal_eval(node)[:40]!r}")
    return found


def test_sql_is_found_where_it_is() -> None:
    assert sql_in(ROOT / "knowledge" / "store" / "facts.py")


@pytest.mark.parametrize(
    "module",
    sorted(m for m in MODULES if not m.startswith(("knowledge.store", "browse"))),
)
def test_no_sql_outside_the_store(module: str) -> None:
    assert sql_in(MODULES[module]) == []


def test_the_core_loads_without_the_network_or_yaml_libraries() -> None:
    """`bot.py ask` imports the core: it must not pay for discord, aiohttp (the link checker, 0.35 s) or
    PyYAML, which only the commands that need them load."""
    code = "import sys, knowledge.service; print(sorted({'discord', 'aiohttp', 'yaml'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
