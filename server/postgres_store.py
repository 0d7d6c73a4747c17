"""The shared store: PostgreSQL, for several server processes on one database.

Each unit of work is its own transaction on a connection from a pool
(psycopg 3, ``psycopg_pool``), run on a worker thread; the unit's future
resolves only after COMMIT has returned with ``synchronous_commit = on``, so
the commit is on the database's disk (and on its synchronous standbys, if the
database is configured with any) before anyone answers. Sessions with a weaker
``synchronous_commit`` (``off``, ``local``, ``remote_write``) are raised to ``on``.

Concurrency between units — of this process and of every other server on the
same database — rests on explicit row locks at ``READ COMMITTED``:

* A write unit reads pairs and rounds with ``SELECT ... FOR UPDATE``: the
  second of two units on one pair waits for the first to commit and then reads
  its ``next_nonce``, so a nonce is never taken twice nor skipped.
* The global journal chain has a one-row head (``journal_head``: next seq and
  last entry hash). The first ``append_journal`` of a unit locks it ``FOR
  UPDATE``; appends are thereby serialized across servers and the chain can't
  fork. The head is written back once, just before COMMIT.
* Last lines of defence, in the schema: ``UNIQUE (pair_id, nonce)`` on rounds,
  ``journal.seq`` primary key and ``UNIQUE (prev_hash)`` (no two entries follow
  the same one), the idempotency primary key ``(operator_id, key)``.

A server that stalls inside a transaction (frozen, or cut off from the
database) would hold its locks and stop every other server; each session sets
``idle_in_transaction_session_timeout`` (``stall_timeout``, 10 s) so that the
database aborts such a transaction and frees its locks.

A unit that loses a race on a constraint (two servers storing one idempotency
key), a deadlock or a serialization failure is rolled back and run again, at
most :data:`MAX_ATTEMPTS` times; the rerun sees the winner's rows (so a
replayed key returns the stored answer). Units of work have no side effects
outside the transaction, which is what makes the rerun safe.

Schema changes are ordered migration steps recorded in ``schema_version``,
applied under an advisory lock so that servers starting together don't race. A
schema that holds other tables but no ``schema_version``, or a newer version,
is refused with :class:`StoreUnusableError`. Triggers make the journal
append-only and finished rounds final, like the SQLite store's.

The connection string is a libpq URL; an extra query parameter ``schema=NAME``
(stripped before connecting) puts the tables in that schema, created if
missing. The password never appears in reprs, logs or error messages.
"""

from __future__ import annotations

import random
import re
import threading
import time
import zlib
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg import errors as pg_errors
from psycopg import sql
from psycopg_pool import ConnectionPool, PoolTimeout

from server.errors import StoreError, StoreUnusableError
from server.store import (
    GENESIS_HASH,
    IdempotencyRow,
    JournalEntry,
    PairRow,
    RoundRow,
    Transaction,
)
from server.store_schema import (
    IDEMPOTENCY_COLUMNS,
    JOURNAL_COLUMNS,
    PAIR_COLUMNS,
    ROUND_COLUMNS,
    journal_entry_hash,
    row_statements,
    row_values,
    update_values,
)

__all__ = [
    "MAX_ATTEMPTS",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "PostgresStore",
    "is_postgres_url",
    "redact_url",
    "split_schema",
]

T = TypeVar("T")

#: Runs of one unit before a lost race (deadlock, serialization failure,
#: unique-key race) is reported as a StoreError.
MAX_ATTEMPTS = 6

#: Ordered migration steps: (version, statements). Append; never edit a shipped step.
MIGRATIONS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (
        1,
        (
            """CREATE TABLE pairs (
                pair_id TEXT PRIMARY KEY,
                operator_id TEXT NOT NULL,
                player_id TEXT NOT NULL,
                commitment TEXT NOT NULL,
                sealed_seed BYTEA,
                server_seed TEXT,
                client_seed TEXT,
                next_nonce BIGINT NOT NULL CHECK (next_nonce >= 0),
                open_round_id TEXT,
                last_receipt_hash TEXT NOT NULL,
                commitment_record TEXT NOT NULL,
                commitment_signature TEXT NOT NULL,
                reveal_record TEXT,
                reveal_signature TEXT,
                successor_id TEXT,
                created_at TEXT NOT NULL,
                revealed_at TEXT,
                CHECK ((sealed_seed IS NULL) <> (server_seed IS NULL))
            )""",
            "CREATE INDEX pairs_by_player ON pairs (operator_id, player_id)",
            """CREATE TABLE rounds (
                round_id TEXT PRIMARY KEY,
                pair_id TEXT NOT NULL REFERENCES pairs (pair_id),
                operator_id TEXT NOT NULL,
                player_id TEXT NOT NULL,
                nonce BIGINT NOT NULL CHECK (nonce >= 0),
                game_id TEXT NOT NULL,
                model_hash TEXT NOT NULL,
                currency TEXT NOT NULL,
                bets TEXT NOT NULL,
                actions TEXT NOT NULL,
                finished BOOLEAN NOT NULL,
                legal_actions TEXT NOT NULL,
                outcome TEXT NOT NULL,
                total_bet BIGINT NOT NULL,
                total_win BIGINT NOT NULL,
                started_at TEXT NOT NULL,
                finished_at TEXT,
                receipt_body TEXT,
                receipt_hash TEXT,
                receipt_signature TEXT,
                UNIQUE (pair_id, nonce)
            )""",
            """CREATE TABLE idempotency (
                operator_id TEXT NOT NULL,
                key TEXT NOT NULL,
                method TEXT NOT NULL,
                fingerprint TEXT NOT NULL,
                result TEXT NOT NULL,
                created_at TEXT NOT NULL,
                PRIMARY KEY (operator_id, key)
            )""",
            """CREATE TABLE journal (
                seq BIGINT PRIMARY KEY CHECK (seq >= 0),
                kind TEXT NOT NULL,
                ref TEXT NOT NULL,
                body_hash TEXT NOT NULL,
                prev_hash TEXT NOT NULL UNIQUE,
                entry_hash TEXT NOT NULL,
                at TEXT NOT NULL
            )""",
            """CREATE TABLE journal_head (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                next_seq BIGINT NOT NULL,
                head_hash TEXT NOT NULL
            )""",
            f"INSERT INTO journal_head (id, next_seq, head_hash) VALUES (1, 0, '{GENESIS_HASH}')",
            """CREATE FUNCTION alea_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
               BEGIN RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation'; END
               $$""",
            """CREATE TRIGGER journal_append_only BEFORE UPDATE OR DELETE ON journal
               FOR EACH ROW EXECUTE FUNCTION alea_refuse('the journal is append-only')""",
            """CREATE TRIGGER journal_no_truncate BEFORE TRUNCATE ON journal
               FOR EACH STATEMENT EXECUTE FUNCTION alea_refuse('the journal is append-only')""",
            """CREATE TRIGGER finished_rounds_are_final BEFORE UPDATE ON rounds
               FOR EACH ROW WHEN (OLD.finished)
               EXECUTE FUNCTION alea_refuse('a finished round is final')""",
            """CREATE TRIGGER rounds_are_kept BEFORE DELETE ON rounds
               FOR EACH ROW EXECUTE FUNCTION alea_refuse('rounds are never deleted')""",
            """CREATE TRIGGER rounds_no_truncate BEFORE TRUNCATE ON rounds
               FOR EACH STATEMENT EXECUTE FUNCTION alea_refuse('rounds are never deleted')""",
        ),
    ),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]

#: The shared row statements (server/store_schema.py) with psycopg's parameter mark.
_SQL = row_statements("%s")

#: Errors after which the whole unit is rolled back and run again.
_RETRY = (
    pg_errors.SerializationFailure,
    pg_errors.DeadlockDetected,
    pg_errors.UniqueViolation,
)

#: synchronous_commit values under which COMMIT waits for the WAL flush.
_DURABLE_COMMITS = ("on", "remote_apply")

_SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def is_postgres_url(value: str) -> bool:
    """True for ``postgresql://`` and ``postgres://`` URLs (what selects this store)."""
    return value.startswith(("postgresql://", "postgres://"))


def split_schema(url: str) -> tuple[str, str | None]:
    """Take the ``schema=NAME`` query parameter out of ``url``: (libpq URL, schema)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    schemas = [value for name, value in query if name == "schema"]
    if len(schemas) > 1:
        raise StoreUnusableError("the store URL names more than one schema=")
    schema = schemas[0] if schemas else None
    if schema is not None and not _SCHEMA_NAME.fullmatch(schema):
        raise StoreUnusableError(
            f"schema={schema[:80]!r} in the store URL is not a plain lower-case "
            "identifier ([a-z_][a-z0-9_]*, at most 63 characters)"
        )
    rest = urlencode([(name, value) for name, value in query if name != "schema"])
    return urlunsplit(parts._replace(query=rest)), schema


def redact_url(url: str) -> str:
    """The URL with any password replaced by ``***`` (for reprs, logs and errors)."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if parts.password is not None:
        netloc = f"{parts.username or ''}:***@{netloc.rpartition('@')[2]}"
    query = urlencode(
        [
            (name, "***" if name == "password" else value)
            for name, value in parse_qsl(parts.query, keep_blank_values=True)
        ]
    )
    return urlunsplit(parts._replace(netloc=netloc, query=query))


def _round(row: Sequence[Any]) -> RoundRow:
    return RoundRow(*row)


def _pair(row: Sequence[Any]) -> PairRow:
    values = list(row)
    if values[4] is not None:
        values[4] = bytes(values[4])  # sealed_seed arrives as bytes or memoryview
    return PairRow(*values)


class _PgTransaction:
    """:class:`server.store.Transaction` over one psycopg connection in a transaction.

    Write units lock what they read (``FOR UPDATE``); reads (``locking=False``)
    don't. Writes go straight to the database: constraints fire at once.
    """

    def __init__(self, conn: psycopg.Connection[Any], *, locking: bool) -> None:
        self._conn = conn
        self._lock = " FOR UPDATE" if locking else ""
        #: (next seq, last entry hash) once this unit holds the journal head lock.
        self._head: tuple[int, str] | None = None
        self._head_moved = False

    def get_pair(self, pair_id: str) -> PairRow | None:
        row = self._conn.execute(_SQL.pair_select + self._lock, (pair_id,)).fetchone()
        return None if row is None else _pair(row)

    def insert_pair(self, row: PairRow) -> None:
        self._conn.execute(_SQL.pair_insert, row_values(row, PAIR_COLUMNS))

    def update_pair(self, row: PairRow) -> None:
        self._conn.execute(_SQL.pair_update, update_values(row, PAIR_COLUMNS))

    def get_round(self, round_id: str) -> RoundRow | None:
        row = self._conn.execute(
            _SQL.round_select + " WHERE round_id = %s" + self._lock, (round_id,)
        ).fetchone()
        return None if row is None else _round(row)

    def insert_round(self, row: RoundRow) -> None:
        self._conn.execute(_SQL.round_insert, row_values(row, ROUND_COLUMNS))

    def update_round(self, row: RoundRow) -> None:
        self._conn.execute(_SQL.round_update, update_values(row, ROUND_COLUMNS))

    def pair_rounds(self, pair_id: str) -> list[RoundRow]:
        rows = self._conn.execute(
            _SQL.round_select + " WHERE pair_id = %s ORDER BY nonce", (pair_id,)
        )
        return [_round(row) for row in rows]

    def get_idempotency(self, operator_id: str, key: str) -> IdempotencyRow | None:
        row = self._conn.execute(_SQL.idempotency_select, (operator_id, key)).fetchone()
        return None if row is None else IdempotencyRow(*row)

    def put_idempotency(self, row: IdempotencyRow) -> None:
        self._conn.execute(_SQL.idempotency_insert, row_values(row, IDEMPOTENCY_COLUMNS))

    def append_journal(self, kind: str, ref: str, body_hash: str, at: str) -> JournalEntry:
        if self._head is None:
            # Serializes appends across every server: held until COMMIT.
            head = self._conn.execute(
                "SELECT next_seq, head_hash FROM journal_head WHERE id = 1 FOR UPDATE"
            ).fetchone()
            if head is None:
                raise StoreError("the journal head row is missing; the store is damaged")
            self._head = (int(head[0]), str(head[1]))
        seq, prev = self._head
        entry_hash = journal_entry_hash(seq, kind, ref, body_hash, prev, at)
        entry = JournalEntry(seq, kind, ref, body_hash, prev, entry_hash, at)
        self._conn.execute(_SQL.journal_insert, row_values(entry, JOURNAL_COLUMNS))
        self._head = (seq + 1, entry_hash)
        self._head_moved = True
        return entry

    def journal(self) -> list[JournalEntry]:
        return [JournalEntry(*row) for row in self._conn.execute(_SQL.journal_select)]

    def finish(self) -> None:
        """Write the moved journal head back (just before COMMIT)."""
        if self._head_moved and self._head is not None:
            self._conn.execute(
                "UPDATE journal_head SET next_seq = %s, head_hash = %s WHERE id = 1", self._head
            )


class PostgresStore:
    """PostgreSQL store: pooled connections, one transaction per unit (module docstring)."""

    def __init__(
        self,
        url: str,
        *,
        schema: str | None = None,
        min_connections: int = 1,
        max_connections: int = 8,
        connect_timeout: float = 10.0,
        stall_timeout: float = 10.0,
    ) -> None:
        libpq_url, url_schema = split_schema(url)
        if schema is not None and not _SCHEMA_NAME.fullmatch(schema):
            raise StoreUnusableError(f"schema={schema[:80]!r} is not a plain lower-case identifier")
        self.schema = schema or url_schema
        self.url = redact_url(url)
        self._stall_ms = max(1, round(stall_timeout * 1000))
        self._closed = False
        self._close_lock = threading.Lock()
        self.retries = 0  #: units run again after a lost race (statistics)
        self.units = 0  #: units committed
        self._stats_lock = threading.Lock()
        try:  # one direct attempt first: a clear error now, not a pool timeout later
            psycopg.connect(libpq_url, connect_timeout=max(1, round(connect_timeout))).close()
        except psycopg.Error as exc:
            raise StoreUnusableError(
                f"cannot connect to PostgreSQL at {self.url}: {_short(exc)} "
                "(is the server running and the URL right?)"
            ) from None
        self._pool = ConnectionPool(
            libpq_url,
            min_size=min_connections,
            max_size=max_connections,
            kwargs={"autocommit": True},
            configure=self._configure_connection,
            check=ConnectionPool.check_connection,
            open=False,
            name="alea-store",
        )
        try:
            self._pool.open(wait=True, timeout=connect_timeout)
        except (PoolTimeout, psycopg.Error) as exc:
            self._pool.close()
            raise StoreUnusableError(
                f"cannot connect to PostgreSQL at {self.url}: {_short(exc)} "
                "(is the server running and the URL right?)"
            ) from None
        try:
            self._migrate()
        except BaseException:
            self._pool.close()
            raise
        self._executor = ThreadPoolExecutor(
            max_workers=max_connections, thread_name_prefix="alea-pg-unit"
        )

    def __repr__(self) -> str:
        where = f", schema={self.schema!r}" if self.schema else ""
        return f"PostgresStore({self.url!r}{where})"

    # -- opening -------------------------------------------------------------

    def _configure_connection(self, conn: psycopg.Connection[Any]) -> None:
        # Durability is not negotiable: a unit's future resolves after COMMIT
        # returns, which must mean the WAL record is flushed. A weaker setting
        # (from the role, the database or the URL) is raised to `on`; a stronger
        # one (`remote_apply`, for synchronous standbys) is kept.
        found = conn.execute("SHOW synchronous_commit").fetchone()
        if found is None or str(found[0]) not in _DURABLE_COMMITS:
            conn.execute("SET synchronous_commit = on")
        # A server that freezes or loses its network mid-transaction must not hold
        # the pair and journal-head locks (and so every other server) for long:
        # the database ends a transaction left idle this long.
        conn.execute(
            sql.SQL("SET idle_in_transaction_session_timeout = {}").format(
                sql.Literal(f"{self._stall_ms}ms")
            )
        )
        if self.schema is not None:
            conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(self.schema)))

    def _migrate(self) -> None:
        try:
            with self._pool.connection() as conn, conn.transaction():
                # Servers starting together take turns (the lock key is the schema's).
                key = zlib.crc32(f"alea-migrate:{self.schema or ''}".encode())
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (key,))
                if self.schema is not None:
                    conn.execute(
                        sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(
                            sql.Identifier(self.schema)
                        )
                    )
                where = conn.execute("SELECT current_schema()").fetchone()
                if where is None or where[0] is None:
                    raise StoreUnusableError(
                        f"PostgreSQL at {self.url} has no schema to create tables in "
                        "(add ?schema=NAME to the store URL)"
                    )
                tables = {
                    str(row[0])
                    for row in conn.execute(
                        "SELECT table_name FROM information_schema.tables "
                        "WHERE table_schema = current_schema()"
                    )
                }
                if tables and "schema_version" not in tables:
                    raise StoreUnusableError(
                        f"schema {where[0]!r} of {self.url} holds tables but is not an Alea "
                        f"store (tables {sorted(tables)[:10]}, no schema_version)"
                    )
                conn.execute(
                    "CREATE TABLE IF NOT EXISTS schema_version "
                    "(version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)"
                )
                found = conn.execute("SELECT max(version) FROM schema_version").fetchone()
                current = int(found[0]) if found and found[0] is not None else 0
                if current > SCHEMA_VERSION:
                    raise StoreUnusableError(
                        f"the store at {self.url} has schema version {current}; this server "
                        f"knows up to {SCHEMA_VERSION}. Upgrade the server."
                    )
                for version, statements in MIGRATIONS:
                    if version <= current:
                        continue
                    for statement in statements:
                        conn.execute(statement)
                    conn.execute(
                        "INSERT INTO schema_version (version, applied_at) VALUES (%s, now())",
                        (version,),
                    )
        except psycopg.Error as exc:
            raise StoreUnusableError(
                f"cannot migrate the store at {self.url}: {_short(exc)}"
            ) from None

    def schema_version(self) -> int:
        with self._pool.connection() as conn:
            row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
        return 0 if row is None or row[0] is None else int(row[0])

    # -- the Store protocol ----------------------------------------------------

    def submit(self, work: Callable[[Transaction], T]) -> Future[T]:
        if self._closed:
            future: Future[T] = Future()
            future.set_exception(StoreError("the store is closed"))
            return future
        try:
            return self._executor.submit(self._run_unit, work)
        except RuntimeError:  # close() shut the executor down meanwhile
            future = Future()
            future.set_exception(StoreError("the store is closed"))
            return future

    def read(self, work: Callable[[Transaction], T]) -> T:
        if self._closed:
            raise StoreError("the store is closed")
        try:
            with self._pool.connection() as conn, conn.transaction():
                # One snapshot for the whole read (a pair and its rounds agree).
                conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                return work(_PgTransaction(conn, locking=False))
        except psycopg.Error as exc:
            raise StoreError(f"store read failed: {_short(exc)}") from None
        except PoolTimeout as exc:
            raise StoreError(f"store read failed: no database connection ({exc})") from None

    def close(self) -> None:
        with self._close_lock:
            if self._closed:
                return
            self._closed = True
        self._executor.shutdown(wait=True)
        self._pool.close()

    # -- units of work -----------------------------------------------------------

    def _run_unit(self, work: Callable[[Transaction], T]) -> T:
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                with self._pool.connection() as conn, conn.transaction():
                    tx = _PgTransaction(conn, locking=True)
                    result = work(tx)
                    tx.finish()
                # Leaving the block sent COMMIT and it returned: durable.
                with self._stats_lock:
                    self.units += 1
                return result
            except _RETRY as exc:
                if attempt == MAX_ATTEMPTS:
                    raise StoreError(
                        f"the store could not commit after {MAX_ATTEMPTS} attempts "
                        f"(concurrent updates): {_short(exc)}; nothing was saved"
                    ) from None
                with self._stats_lock:
                    self.retries += 1
                time.sleep(random.uniform(0.0, 0.002 * attempt))
            except psycopg.OperationalError as exc:  # connection lost: maybe during COMMIT
                raise StoreError(
                    f"the database connection failed: {_short(exc)}; the outcome is unknown "
                    "(retry with the same idempotency key: a committed request is not redone)"
                ) from None
            except psycopg.Error as exc:
                raise StoreError(
                    f"the transaction failed; nothing was saved: {_short(exc)}"
                ) from None
            except PoolTimeout as exc:
                raise StoreError(f"no database connection; nothing was saved ({exc})") from None
        raise AssertionError("unreachable")  # pragma: no cover


def _short(exc: BaseException) -> str:
    """The first line of a driver error (never the connection string)."""
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
