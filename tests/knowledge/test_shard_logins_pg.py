"""Login turns kept in PostgreSQL: one login per bucket per window, by the server's clock (issue 23)."""

from __future__ import annotations

import psycopg
import pytest

from knowledge.store import shard_logins_pg
from knowledge.store.db import StoreUnavailable
from tests.pgcluster import ThrowawayCluster


@pytest.fixture
def url(pg_cluster: ThrowawayCluster) -> str:
    return pg_cluster.new_database()


def test_a_bucket_logs_in_once_a_window_and_buckets_are_independent(url: str) -> None:
    take = shard_logins_pg.turns(url)
    assert take(0, 0.0, 30.0) == 0.0
    left = take(0, 0.0, 30.0)
    assert 29.0 < left <= 30.0  # the same bucket waits out the rest of its window
    assert take(1, 0.0, 30.0) == 0.0  # another bucket does not


def test_the_servers_clock_decides_not_the_callers(url: str) -> None:
    take = shard_logins_pg.turns(url)
    assert take(3, 1_000.0, 30.0) == 0.0
    # a host whose clock is an hour ahead is still told to wait: its own time is not trusted
    assert take(3, 1_000.0 + 3600, 30.0) > 29.0


def test_a_window_that_has_passed_frees_the_bucket(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        shard_logins_pg.ensure_table(conn)
        first = shard_logins_pg.take_turn(conn, 5, 0.2)
        assert first.wait == 0.0
        conn.execute("select pg_sleep(0.25)")
        again = shard_logins_pg.take_turn(conn, 5, 0.2)
    assert again.wait == 0.0 and again.at - first.at >= 0.2


def test_the_table_is_the_same_as_sqlites(url: str) -> None:
    """Created here when the PostgreSQL schema has not made it; the same columns as m014 if it has."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "create table shard_logins (bucket integer primary key, last_at double precision not null)"
        )
        shard_logins_pg.ensure_table(conn)  # already there: left as it is
        assert shard_logins_pg.take_turn(conn, 0, 5.0).wait == 0.0
        rows = conn.execute("select bucket from shard_logins").fetchall()
    assert rows == [(0,)]


@pytest.mark.parametrize(
    "query", ["", "&sslmode=hunter2", "&hunter2=1"], ids=["no server", "a wrong value", "a wrong option"]
)
def test_a_server_or_url_that_does_not_work_is_one_sentence_without_the_password(
    tmp_path: object, query: str
) -> None:
    take = shard_logins_pg.turns(f"postgresql://privy:hunter2@/privy?host={tmp_path}{query}")
    with pytest.raises(StoreUnavailable) as caught:  # the login path's signal to keep its own pace
        take(0, 0.0, 5.0)
    assert "PRIVY_DATABASE_URL" in str(caught.value) and "hunter2" not in str(caught.value)
