"""The throwaway PostgreSQL server the tests run the stores on: it starts, is private, and leaves nothing."""

from __future__ import annotations

import psycopg

from tests.pgcluster import ThrowawayCluster


def test_a_new_database_takes_connections_and_has_pg_trgm(pg_cluster: ThrowawayCluster) -> None:
    url = pg_cluster.new_database()
    with psycopg.connect(url) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        assert conn.execute("SELECT similarity('linkedin', 'linkdin')").fetchone()[0] > 0.3
        assert conn.execute("SHOW listen_addresses").fetchone()[0] == ""  # a socket only: no TCP port


def test_stopping_removes_the_folder() -> None:
    cluster = ThrowawayCluster().start()
    root = cluster.root
    cluster.stop()
    assert not root.exists()
    assert cluster.process is not None and cluster.process.poll() is not None
