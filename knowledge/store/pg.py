"""PostgreSQL as the fact base (PRIVY_DATABASE_URL, issue 23): the surface of sqlite-utils' Database the
store uses, over psycopg 3 and a connection pool, so the store's modules run unchanged on either.

- Statements outside a transaction each borrow a pooled connection (autocommit) and give it back, so the
  bot's lanes (knowledge.service.Privy.reader) read side by side; a transaction keeps its connection from
  BEGIN to COMMIT. Rows are fetched before the connection goes back: a result is a list, not a cursor.
- A write transaction takes one advisory lock for the whole database first (`pg_advisory_xact_lock`), the
  counterpart of SQLite's `BEGIN IMMEDIATE`: writers take turns across every process and host, so the
  store's read-then-write steps (the next search row id, the change log's trim) stay correct as on
  SQLite, and a writer that waits longer than the busy timeout fails with StoreBusy, nothing written.
  Readers never wait for it.
- Each statement is translated once (knowledge.store.pg_dialect) and prepared by psycopg after five uses.
- Errors a person can act on become the store's sentences (StoreBusy, StoreReadOnly, StoreFull,
  StoreUnavailable); the URL is shown without its password, in messages and in logs.
- A LISTEN connection per database (knowledge.store.pg_listen) counts the change log's notifications,
  which `search_rows.seen` reads in place of SQLite's PRAGMA data_version.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import psycopg
import psycopg.errors as pg_errors
from psycopg.adapt import Loader
from psycopg_pool import ConnectionPool, PoolTimeout
from sqlite_utils import Database

from knowledge.store.db import StoreBusy, StoreFull, StoreReadOnly, StoreUnavailable
from knowledge.store.pg_dialect import translate
from knowledge.store.pg_listen import Listener

log = logging.getLogger(__name__)

WRITE_LOCK = 0x70726976_79000001  # the advisory lock every write transaction takes ("privy" + 1)
POOL_SIZE = 8  # connections a process keeps at most: two lanes, the CLI, the watch, with room to spare
CONNECT_TIMEOUT = 5  # seconds to reach the server at start before saying it cannot be reached
DEFAULT_KEY_FILE = Path("data/privy.key")  # PRIVY_KEY_FILE's default: the key stays out of the database


def redacted(url: str) -> str:
    """The URL as it may be shown or logged: any password replaced by ***."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if parts.password is not None:
        user, _, host = netloc.rpartition("@")
        netloc = f"{user.split(':', 1)[0]}:***@{host}"
    query = [(k, "***" if k == "password" else v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    shown = f"{parts.scheme}://{netloc}{parts.path}"
    return f"{shown}?{urlencode(query, safe='/')}" if query else shown


def _secret(url: str) -> str | None:
    parts = urlsplit(url)
    return parts.password or dict(parse_qsl(parts.query)).get("password")


class _Number(Loader):
    """numeric as SQLite gives it: an int when whole (sum() of integers), else a float, never a Decimal."""

    def load(self, data: Any) -> int | float:
        text = bytes(data).decode()
        return int(text) if re.fullmatch(r"-?\d+", text) else float(text)


def _configure(conn: psycopg.Connection[Any]) -> None:
    conn.adapters.register_loader("numeric", _Number)


class Result:
    """A statement's rows, fetched whole: what the store reads of a sqlite3 cursor."""

    def __init__(self, rows: list[tuple[Any, ...]], rowcount: int, columns: list[str] | None):
        self._rows = rows
        self._next = 0
        self.rowcount = rowcount
        self.columns = columns
        self.description = [(c, None, None, None, None, None, None) for c in columns] if columns else None
        self.lastrowid = None

    def fetchone(self) -> tuple[Any, ...] | None:
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    def fetchall(self) -> list[tuple[Any, ...]]:
        rows, self._next = self._rows[self._next :], len(self._rows)
        return rows

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        while (row := self.fetchone()) is not None:
            yield row


class _Shared:
    """What every PgDatabase of one URL in this process shares: the pool and the change listener."""

    def __init__(self, url: str, shown: str):
        self.users = 0
        self.pool = ConnectionPool(
            url, min_size=1, max_size=POOL_SIZE, kwargs={"autocommit": True}, configure=_configure,
            open=True, timeout=CONNECT_TIMEOUT, name="privy",
        )  # fmt: skip
        try:
            self.listener = Listener(url, shown)
        except BaseException:
            self.pool.close()
            raise


_SHARED: dict[str, _Shared] = {}
_SHARED_LOCK = threading.Lock()


class PgConnection:
    """`db.conn` of a PostgreSQL base: transaction control as sqlite3 has it (BEGIN, SAVEPOINT, COMMIT)."""

    def __init__(self, db: PgDatabase):
        self._db = db
        self._held: psycopg.Connection[Any] | None = None  # the transaction's connection
        self.total_changes = 0  # this object's committed write transactions (seen() of its own writes)

    @property
    def in_transaction(self) -> bool:
        return self._held is not None

    def execute(self, sql: str, parameters: Any = None) -> Result:
        word = sql.strip().rstrip(";").strip().upper()
        if word in ("BEGIN", "BEGIN IMMEDIATE", "BEGIN DEFERRED"):
            self._begin()
            return Result([], -1, None)
        if word in ("COMMIT", "END") and self._held is not None:
            self._end("COMMIT")
            self.total_changes += 1
            return Result([], -1, None)
        if word == "ROLLBACK":
            if self._held is not None:
                self._end("ROLLBACK")
            return Result([], -1, None)
        return self._run(translate(sql), parameters, many=False)

    def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> Result:
        return self._run(translate(sql), list(seq), many=True)

    def _run(self, sql: str, params: Any, *, many: bool) -> Result:
        params = _params(params) if not many else [_params(p) for p in params]
        try:
            if self._held is not None:
                return _fetched(self._held, sql, params, many)
            with self._db.shared.pool.connection() as conn:
                return _fetched(conn, sql, params, many)
        except (psycopg.Error, PoolTimeout) as exc:
            plain = self._db.plain(exc)
            if plain is None:
                raise
            raise plain from exc

    def _begin(self) -> None:
        """BEGIN on a connection of its own, then the write lock, waiting at most the busy timeout."""
        try:
            conn = self._db.shared.pool.getconn(timeout=self._db.busy_timeout)
        except PoolTimeout as exc:
            raise (self._db.plain(exc) or self._db.unreachable(exc)) from exc
        try:
            conn.execute("BEGIN")
            conn.execute(f"SET LOCAL lock_timeout = {int(self._db.busy_timeout * 1000)}")
            conn.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK])
        except psycopg.Error as exc:
            _give_back(self._db.shared.pool, conn, rollback=True)
            plain = self._db.plain(exc)
            if plain is None:
                raise
            raise plain from exc
        self._held = conn

    def _end(self, how: str) -> None:
        conn, self._held = self._held, None
        assert conn is not None
        try:
            conn.execute(how)
        except psycopg.Error as exc:
            _give_back(self._db.shared.pool, conn, rollback=True)
            if how == "ROLLBACK":
                return  # the connection is gone, and the transaction with it
            plain = self._db.plain(exc)
            if plain is None:
                raise
            raise plain from exc
        _give_back(self._db.shared.pool, conn, rollback=False)


def _give_back(pool: ConnectionPool, conn: psycopg.Connection[Any], *, rollback: bool) -> None:
    if rollback and not conn.closed:
        try:
            conn.rollback()
        except psycopg.Error:
            conn.close()  # the pool drops a closed connection and makes a new one
    pool.putconn(conn)


def _params(params: Any) -> Any:
    if params is None:
        return []
    return params if isinstance(params, dict) else list(params)


def _fetched(conn: psycopg.Connection[Any], sql: str, params: Any, many: bool) -> Result:
    with conn.cursor() as cur:
        if many:
            if not params:
                return Result([], 0, None)
            cur.executemany(sql, params)
            return Result([], cur.rowcount, None)
        cur.execute(sql, params)
        columns = [c.name for c in cur.description] if cur.description else None
        return Result(cur.fetchall() if columns else [], cur.rowcount, columns)


class PgDatabase(Database):
    """A fact base in PostgreSQL, offering what the store uses of sqlite-utils' Database."""

    dialect = "postgresql"  # knowledge.store.db.is_postgres
    path = None  # no file: nothing is created beside it, and no `<PRIVY_DB>.key`
    read_only = False
    damaged: str | None = None

    def __init__(self, url: str, *, busy_timeout: float, key_file: str | Path | None = None):
        # sqlite-utils' __init__ opens SQLite: not called; every method the store uses is defined here
        self.url = url
        self.shown = redacted(url)
        self.busy_timeout = busy_timeout
        self.key_file = Path(key_file) if key_file else DEFAULT_KEY_FILE
        self._secret = _secret(url)
        with _SHARED_LOCK:
            shared = _SHARED.get(url)
            if shared is None:
                shared = _SHARED[url] = self._connect()
            shared.users += 1
        self.shared = shared
        self.pg = PgConnection(self)
        self.conn = self.pg  # type: ignore[assignment]  # what the store calls db.conn
        self._tables: dict[str, PgTable] = {}
        self._closed = False

    def _connect(self) -> _Shared:
        """Reach the server once, at once, so a wrong URL or a server that is down is one sentence."""
        try:
            psycopg.connect(self.url, connect_timeout=CONNECT_TIMEOUT).close()
        except psycopg.Error as exc:
            raise self.unreachable(exc) from exc
        try:
            return _Shared(self.url, self.shown)
        except psycopg.Error as exc:
            raise self.unreachable(exc) from exc

    def another(self) -> PgDatabase:
        """A second handle on the same pool (the bot's readers' lane): its own transaction state."""
        return PgDatabase(self.url, busy_timeout=self.busy_timeout, key_file=self.key_file)

    def close(self, *, wait: bool = False) -> None:
        """Give up this handle; the last one of a URL closes the pool and the listener (its connection
        within pg_listen.WAKE seconds, or before returning with `wait`)."""
        if self._closed:
            return
        self._closed = True
        if self.pg.in_transaction:
            self.pg.execute("ROLLBACK")
        with _SHARED_LOCK:
            self.shared.users -= 1
            if self.shared.users > 0:
                return
            _SHARED.pop(self.url, None)
        self.shared.listener.close(wait=wait)
        self.shared.pool.close()

    def changes_seen(self) -> int:
        """How many change notifications this process has received (a new number when it lost count)."""
        return self.shared.listener.seen()

    # ---- errors ------------------------------------------------------------------------------------

    def _clean(self, text: str) -> str:
        text = " ".join(str(text).split())
        return text.replace(self._secret, "***") if self._secret else text

    def unreachable(self, exc: BaseException) -> StoreUnavailable:
        reason = self._clean(str(exc)) or type(exc).__name__
        log.error("PostgreSQL at %s cannot be used: %s", self.shown, reason)
        return StoreUnavailable(
            f"PRIVY_DATABASE_URL {self.shown} cannot be reached ({reason}); nothing was changed"
        )

    def plain(self, exc: BaseException) -> Exception | None:
        """The store's sentence for an error a person can act on; None for a bug (raised as it is)."""
        if isinstance(
            exc, pg_errors.LockNotAvailable | pg_errors.DeadlockDetected | pg_errors.SerializationFailure
        ):
            return StoreBusy()
        if isinstance(exc, pg_errors.ReadOnlySqlTransaction | pg_errors.InsufficientPrivilege):
            return StoreReadOnly(f"PRIVY_DATABASE_URL {self.shown} is read-only; nothing was saved.")
        if isinstance(exc, pg_errors.DiskFull):
            return StoreFull(f"PRIVY_DATABASE_URL {self.shown}: the disk is full; nothing was saved.")
        if isinstance(exc, PoolTimeout) and self.shared.pool.get_stats().get("pool_size", 0) >= POOL_SIZE:
            return StoreBusy()  # every connection is in use (writers queueing): busy, not unreachable
        if isinstance(exc, PoolTimeout | psycopg.OperationalError) and not isinstance(
            exc, pg_errors.QueryCanceled
        ):
            return self.unreachable(exc)
        return None

    # ---- the sqlite-utils surface the store uses ------------------------------------------------------

    def execute(self, sql: str, parameters: Any = None) -> Result:  # type: ignore[override]
        return self.pg.execute(sql, parameters)

    def query(self, sql: str, params: Any = None) -> Iterator[dict[str, Any]]:  # type: ignore[override]
        result = self.pg.execute(sql, params)
        columns = result.columns or []
        return (dict(zip(columns, row, strict=True)) for row in result.fetchall())

    def rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def table_names(self, fts4: bool = False, fts5: bool = False) -> list[str]:
        return [
            r[0]
            for r in self.execute(
                "select tablename from pg_tables where schemaname = current_schema() order by tablename"
            )
        ]

    def table(self, table_name: str, **kwargs: Any) -> PgTable:  # type: ignore[override]
        if table_name not in self._tables:
            self._tables[table_name] = PgTable(self, table_name)
        return self._tables[table_name]

    def __getitem__(self, table_name: str) -> PgTable:  # type: ignore[override]
        return self.table(table_name)

    def __repr__(self) -> str:
        return f"<PgDatabase {self.shown}>"


class PgTable:
    """The few sqlite-utils Table calls the store makes: insert (with last_pk), upsert, count."""

    def __init__(self, db: PgDatabase, name: str):
        self.db = db
        self.name = name
        self.last_pk: Any = None

    @property
    def count(self) -> int:
        return int(self.db.execute(f'select count(*) from "{self.name}"').fetchone()[0])  # type: ignore[index]

    def _identity(self) -> str | None:
        row = self.db.execute(
            "select column_name from information_schema.columns where table_schema = current_schema()"
            " and table_name = ? and is_identity = 'YES'",
            [self.name],
        ).fetchone()
        return row[0] if row else None

    def insert(self, record: dict[str, Any], **kwargs: Any) -> PgTable:
        names = list(record)
        identity = self._identity()
        returning = f' returning "{identity}"' if identity else ""
        sql = f'insert into "{self.name}" ({", ".join(names)}) values ({", ".join("?" * len(names))}){returning}'
        row = self.db.execute(sql, [record[n] for n in names]).fetchone()
        self.last_pk = row[0] if row else None
        return self

    def upsert(self, record: dict[str, Any], pk: str | Sequence[str], **kwargs: Any) -> PgTable:
        return self.upsert_all([record], pk)

    def upsert_all(
        self, records: Iterable[dict[str, Any]], pk: str | Sequence[str], **kwargs: Any
    ) -> PgTable:
        keys = [pk] if isinstance(pk, str) else list(pk)
        rows = list(records)
        if not rows:
            return self
        names = list(rows[0])
        rest = [n for n in names if n not in keys]
        update = ", ".join(f"{n} = excluded.{n}" for n in rest) if rest else None
        sql = (
            f'insert into "{self.name}" ({", ".join(names)}) values ({", ".join("?" * len(names))})'
            f" on conflict ({', '.join(keys)}) do {'update set ' + update if update else 'nothing'}"
        )
        self.db.conn.executemany(sql, [[r.get(n) for n in names] for r in rows])
        return self


def close_url(url: str) -> None:
    """Close the pool and listener of `url` whatever handles are left on it (the database is about to be
    dropped, or the process is ending): their next statement says the base cannot be reached."""
    with _SHARED_LOCK:
        shared = _SHARED.pop(url, None)
    if shared is not None:
        shared.listener.close()
        shared.pool.close()


def open_pg(url: str, *, busy_timeout: float, key_file: str | Path | None = None) -> PgDatabase:
    """The PostgreSQL base at `url`, reached and migrated (knowledge.store.pg_schema)."""
    from knowledge.store import pg_schema

    db = PgDatabase(url, busy_timeout=busy_timeout, key_file=key_file)
    try:
        pg_schema.apply(db)
    except BaseException:
        db.close()
        raise
    return db
