"""Fixtures for the Discord-layer tests: `fake` (a fake Discord on 127.0.0.1) and `start_bot`; the bases of
the modules in tests/conftest.py BOTH_STORES are made on each store in turn."""

from collections.abc import Callable, Iterator

import pytest

from knowledge.service import Privy
from tests.fakediscord.runner import fake, start_bot
from tests.handlers import privy_setup

__all__ = ["fake", "start_bot"]


@pytest.fixture(autouse=True)
def _bases_on_the_store(store_kind: str, make_privy: Callable[..., Privy]) -> Iterator[None]:
    """privy_setup.new_base makes the test's base on PostgreSQL when the test runs on it."""
    if store_kind == "postgresql":
        privy_setup.NEW_BASE.append(make_privy)
    yield
    privy_setup.NEW_BASE.clear()
