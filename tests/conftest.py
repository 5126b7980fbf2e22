"""Shared fixtures: a fresh fact base with the embedded pack, on a fixed day; in the modules of
BOTH_STORES, once on SQLite (in memory) and once on PostgreSQL (a throwaway server, issue 23)."""

from __future__ import annotations

import atexit
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from urllib.parse import urlsplit

import pytest

from knowledge.service import Privy
from tests.pgcluster import ThrowawayCluster

TODAY = date(2026, 12, 7)  # the embedded facts were verified on this day

# The modules whose bases (fresh_privy, shared_privy, empty_privy) are made on both stores: the store's
# writes and history, the answers on the embedded pack and the question sets, user data. Not every module:
# the rest read through the same store calls, and running all twice would double the suite's time.
BOTH_STORES = {
    "tests/knowledge/test_store_facts.py",
    "tests/knowledge/test_store_user_data.py",
    "tests/knowledge/test_store_transfer.py",
    "tests/knowledge/test_curation_workflow.py",
    "tests/knowledge/test_scoped.py",
    "tests/knowledge/test_service.py",
    "tests/knowledge/test_embedded_pack_answers.py",
    "tests/knowledge/test_same_answer.py",
    "tests/test_question_sets.py",
    "tests/handlers/test_asking.py",  # the Discord layer end to end: asking, and moderators' saves
    "tests/handlers/test_moderation.py",
}
STORES = ("sqlite", "postgresql")
BASES = {"fresh_privy", "shared_privy", "empty_privy", "store_kind"}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: a test of the SQLite file itself, not run on PostgreSQL")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Each test of a BOTH_STORES module that makes a base runs on each store ([sqlite], [postgresql])."""
    path = metafunc.definition.path.relative_to(metafunc.config.rootpath).as_posix()
    if metafunc.definition.get_closest_marker("sqlite_only"):
        return
    if path in BOTH_STORES and BASES & set(metafunc.fixturenames):
        metafunc.parametrize("store_kind", STORES, indirect=True, scope="session")


@pytest.fixture(scope="session")
def store_kind(request: pytest.FixtureRequest) -> str:
    """The store the test's bases are made on: "sqlite" unless its module is in BOTH_STORES."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def pg_templates(pg_cluster: ThrowawayCluster) -> dict[bool, str]:
    """Two databases to copy for each test (30 ms, against 0.4 s to migrate and seed one): migrated and
    seeded with the embedded pack (True), migrated only (False). Closed before use: a template must be."""
    names: dict[bool, str] = {}
    for seed in (True, False):
        url = pg_cluster.new_database()
        db = Privy(url, seed=seed, today=lambda: TODAY, key_file=pg_cluster.root / "privy.key").db
        db.close(wait=True)  # type: ignore[call-arg]
        names[seed] = urlsplit(url).path.lstrip("/")
    return names


class Databases:
    """Databases of the throwaway server made and dropped over one connection (no psql per test)."""

    def __init__(self, cluster: ThrowawayCluster):
        import psycopg

        self.cluster = cluster
        self.admin = psycopg.connect(cluster.url, autocommit=True)
        self.made: list[str] = []

    def new(self, template: str) -> str:
        name = f"t_{uuid.uuid4().hex[:12]}"
        self.admin.execute(f"create database {name} template {template}")
        self.made.append(name)
        return self.cluster.url_of(name)

    def drop_made(self) -> None:
        """Drop the test's databases (about 8 MB each: hundreds of tests would fill a disk)."""
        while self.made:
            self.admin.execute(f"drop database if exists {self.made.pop()} with (force)")


@pytest.fixture(scope="session")
def pg_databases(pg_cluster: ThrowawayCluster) -> Iterator[Databases]:
    databases = Databases(pg_cluster)
    _made.append(databases)
    yield databases
    _made.remove(databases)
    databases.admin.close()


@pytest.fixture(scope="session")
def make_privy(
    request: pytest.FixtureRequest, store_kind: str, tmp_path_factory: pytest.TempPathFactory
) -> Callable[..., Privy]:
    """make_privy(seed=True): a new base on the test's store; a PostgreSQL one is closed after the test."""

    def make(seed: bool = True, today: Callable[[], date] = lambda: TODAY) -> Privy:
        if store_kind == "sqlite":
            return Privy(":memory:", seed=seed, today=today)
        databases = request.getfixturevalue("pg_databases")
        url = databases.new(request.getfixturevalue("pg_templates")[seed])
        privy = Privy(url, seed=seed, today=today, key_file=tmp_path_factory.mktemp("key") / "privy.key")
        _opened.append(privy)
        return privy

    return make


_made: list[Databases] = []  # the session's, once made: its databases are dropped after each test
_opened: list[Privy] = []  # PostgreSQL bases to close (their pools and listeners) after each test


@pytest.fixture(autouse=True)
def _close_postgresql_bases() -> Iterator[None]:
    yield
    while _opened:
        _opened.pop().db.close()
    for databases in _made:
        databases.drop_made()


@pytest.fixture(scope="session")
def shared_privy(store_kind: str, request: pytest.FixtureRequest) -> Privy:
    """One seeded base for read-only tests (building it once keeps the suite fast)."""
    if store_kind == "sqlite":
        return Privy(":memory:", today=lambda: TODAY)
    cluster = request.getfixturevalue("pg_cluster")
    url = cluster.new_database(request.getfixturevalue("pg_templates")[True])
    return Privy(url, today=lambda: TODAY, key_file=cluster.root / "shared.key")


@pytest.fixture
def fresh_privy(make_privy: Callable[..., Privy]) -> Privy:
    """A seeded base a test may change."""
    return make_privy()


@pytest.fixture
def empty_privy(make_privy: Callable[..., Privy]) -> Privy:
    """A base with no facts at all."""
    return make_privy(seed=False)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[ThrowawayCluster]:
    """A PostgreSQL server of the tests' own (tests/pgcluster.py), started on first use, removed at the end."""
    cluster = ThrowawayCluster().start()
    atexit.register(cluster.stop)  # a run stopped with ^C still removes it
    try:
        yield cluster
    finally:
        cluster.stop()
