"""Shared fixtures: a fresh fact base with the embedded pack, on a fixed day; in the modules of
BOTH_STORES, once on SQLite (in memory) and once on PostgreSQL (a throwaway server, issue 23)."""

from __future__ import annotations

import atexit
import threading
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
    "tests/knowledge/test_pack_upgrade.py",
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
    """Databases of the throwaway server for the tests, made over one connection (no psql per test).

    A thread of its own makes the next copies of each template while tests run and drops the databases
    of tests that ended (about 10 MB each: hundreds of tests would fill a disk), so neither waits in a
    test: CREATE DATABASE is 0.1 s, and DROP of a database whose last connection is just closing as long.
    """

    READY = 2  # copies of each template kept made ahead

    def __init__(self, cluster: ThrowawayCluster):
        import psycopg

        self.cluster = cluster
        self.admin = psycopg.connect(cluster.url, autocommit=True)  # for the tests' own statements
        self.made: list[str] = []
        self._ready: dict[str, list[str]] = {}
        self._dropping: list[str] = []
        self._stop = False
        self._turn = threading.Condition()
        self._worker = psycopg.connect(cluster.url, autocommit=True)
        self._thread = threading.Thread(target=self._work, name="pg-databases", daemon=True)
        self._thread.start()

    def new(self, template: str) -> str:
        """A new database holding what `template` holds, and its URL."""
        with self._turn:
            ready = self._ready.setdefault(template, [])
            name = ready.pop() if ready else None
            self._turn.notify()
        if name is None:
            name = f"t_{uuid.uuid4().hex[:12]}"
            self.admin.execute(f"create database {name} template {template}")
        self.made.append(name)
        return self.cluster.url_of(name)

    def drop_made(self) -> None:
        """Drop the ended test's databases, on the thread, closing any handle left on them first (a bot's
        readers' lane): its pool would try to reconnect to a dropped database for minutes."""
        from knowledge.store.pg import close_url

        for name in self.made:
            close_url(self.cluster.url_of(name))
        with self._turn:
            self._dropping.extend(self.made)
            self.made.clear()
            self._turn.notify()

    def _work(self) -> None:
        while True:
            with self._turn:
                while not self._stop and not self._dropping and not self._short():
                    self._turn.wait()
                if self._stop:
                    return
                dropping, self._dropping = self._dropping, []
                short = self._short()
            for name in dropping:
                self._worker.execute(f"drop database if exists {name} with (force)")
            if short:
                name = f"t_{uuid.uuid4().hex[:12]}"
                self._worker.execute(f"create database {name} template {short[0]}")
                with self._turn:
                    self._ready[short[0]].append(name)

    def _short(self) -> list[str]:
        return [t for t, ready in self._ready.items() if len(ready) < self.READY]

    def close(self) -> None:
        with self._turn:
            self._stop = True
            self._turn.notify()
        self._thread.join(10)
        self._worker.close()
        self.admin.close()


@pytest.fixture(scope="session")
def pg_databases(pg_cluster: ThrowawayCluster) -> Iterator[Databases]:
    databases = Databases(pg_cluster)
    _made.append(databases)
    yield databases
    _made.remove(databases)
    databases.close()


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
