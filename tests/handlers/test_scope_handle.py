"""No handler reaches the shared base without naming its scope: handlers get a Scoped, never Privy.

Every handler module is imported and read: none holds an unscoped door to the base (Privy, a FactStore,
the community's tables, the settings or drafts tables, the database), and only the wiring (client.py,
which holds the bot's Privy, and services.py, which builds the handle once per interaction) touches
`.privy`. The handle itself takes no scope argument anywhere, so none can be forgotten.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path
from types import ModuleType

import pytest

import handlers
from knowledge.matching.index import SearchIndex
from knowledge.scoped import Scoped
from knowledge.service import Privy
from knowledge.store.drafts import ChangeStore
from knowledge.store.facts import FactStore
from knowledge.store.search import search_facts
from knowledge.store.settings import save_settings, settings_of
from knowledge.store.user_data import Community

UNSCOPED = (Privy, FactStore, Community, ChangeStore, SearchIndex, settings_of, save_settings, search_facts)
UNSCOPED_NAMES = {"Privy", "FactStore", "Community", "ChangeStore", "SearchIndex", "Database"}
WIRING = {"handlers.client", "handlers.services"}  # the bot holds Privy; services builds the handle from it
UNSCOPED_ATTRIBUTES = {"privy", "store_of", "community", "db"}


def handler_modules() -> list[ModuleType]:
    names = [m.name for m in pkgutil.walk_packages(handlers.__path__, "handlers.")]
    return [importlib.import_module(name) for name in sorted(names)]


MODULES = handler_modules()


def test_every_handler_module_is_checked() -> None:
    on_disk = {p.stem for p in Path(handlers.__path__[0]).rglob("*.py") if p.stem != "__init__"}
    assert on_disk <= {m.__name__.rsplit(".", 1)[1] for m in MODULES}
    assert len(MODULES) >= 15


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_a_handler_holds_no_unscoped_door_to_the_base(module: ModuleType) -> None:
    held = [name for name, value in vars(module).items() if any(value is door for door in UNSCOPED)]
    assert held == [], f"{module.__name__} imports {held}: reach the base through services.view_of"
    if module.__name__ in WIRING:
        return
    tree = ast.parse(inspect.getsource(module))
    imported = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert not imported & UNSCOPED_NAMES, f"{module.__name__} imports {imported & UNSCOPED_NAMES}"
    reached = sorted(
        {
            f"line {node.lineno}: .{node.attr}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr in UNSCOPED_ATTRIBUTES
        }
    )
    assert reached == [], f"{module.__name__} reaches past its server's handle: {reached}"


def test_the_handle_takes_no_scope_to_forget() -> None:
    public = [
        (name, member)
        for name, member in inspect.getmembers(Scoped, inspect.isfunction)
        if not name.startswith("_")
    ]
    assert len(public) >= 15
    for name, method in public:
        assert "scope" not in inspect.signature(method).parameters, name
