"""The embedded store: SQLite in WAL mode with durable, grouped commits.

One writer thread owns the write connection. Units of work queue up; the writer
takes every pending unit (up to ``max_batch``), runs them one after the other in
a single transaction — each unit's writes buffered in its own layer, kept only
if the unit succeeds — then writes the batch (one ``executemany`` per table) and
issues one COMMIT — with ``synchronous=FULL`` that is one fsync of the WAL for
the whole batch — and only then resolves the units' futures. A unit that fails
leaves the rest of the batch alone; a flush or COMMIT that fails fails the whole
batch, and nothing of it was acknowledged. Because units run one at a time on
one connection, a pair's nonce is read and advanced with no race.

Reads use a second connection and see only committed data.

Schema changes are ordered migration steps recorded in ``schema_version``; a
file that isn't SQLite, isn't an Alea store or carries a newer schema is
refused with :class:`StoreUnusableError`. The journal table and finished rounds
are protected by triggers: they can't be updated or deleted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import queue
import sqlite3
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, InvalidStateError
from dataclasses import fields
from pathlib import Path
from typing import Any, TypeVar

from server.errors import StoreError, StoreUnusableError
from server.store import (
    GENESIS_HASH,
    IdempotencyRow,
    JournalEntry,
    PairRow,
    RoundRow,
    Transaction,
)

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "SqliteStore"]

T = TypeVar("T")

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
                sealed_seed BLOB,
                server_seed TEXT,
                client_seed TEXT,
                next_nonce INTEGER NOT NULL,
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
                nonce INTEGER NOT NULL,
                game_id TEXT NOT NULL,
                model_hash TEXT NOT NULL,
                currency TEXT NOT NULL,
                bets TEXT NOT NULL,
                actions TEXT NOT NULL,
                finished INTEGER NOT NULL,
                legal_actions TEXT NOT NULL,
                outcome TEXT NOT NULL,
                total_bet INTEGER NOT NULL,
                total_win INTEGER NOT NULL,
                started_at TEXT NOT NULL,
                finished_at TEXT,
                receipt_body TEXT,
                receipt_hash TEXT,
                receipt_signature TEXT,
                UNIQUE (pair_id, nonce)
            )""",
            """CREATE TRIGGER finished_rounds_are_final BEFORE UPDATE ON rounds
               WHEN OLD.finished = 1
               BEGIN SELECT RAISE(ABORT, 'a finished round is final'); END""",
            """CREATE TRIGGER rounds_are_kept BEFORE DELETE ON rounds
               BEGIN SELECT RAISE(ABORT, 'rounds are never deleted'); END""",
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
                seq INTEGER PRIMARY KEY,
                kind TEXT NOT NULL,
                ref TEXT NOT NULL,
                body_hash TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                entry_hash TEXT NOT NULL,
                at TEXT NOT NULL
            )""",
            """CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
               BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END""",
            """CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
               BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END""",
        ),
    ),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]

_PAIR_COLUMNS = tuple(f.name for f in fields(PairRow))
_ROUND_COLUMNS = tuple(f.name for f in fields(RoundRow))
_IDEM_COLUMNS = tuple(f.name for f in fields(IdempotencyRow))


def _values(row: object, columns: Sequence[str]) -> tuple[Any, ...]:
    """The row's column values (dataclasses.astuple would deep-copy every field)."""
    return tuple(getattr(row, name) for name in columns)


def _insert_sql(table: str, columns: Sequence[str]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


def _update_sql(table: str, columns: Sequence[str]) -> str:
    sets = ", ".join(f"{name} = ?" for name in columns[1:])
    return f"UPDATE {table} SET {sets} WHERE {columns[0]} = ?"


_PAIR_INSERT = _insert_sql("pairs", _PAIR_COLUMNS)
_PAIR_UPDATE = _update_sql("pairs", _PAIR_COLUMNS)
_PAIR_SELECT = f"SELECT {', '.join(_PAIR_COLUMNS)} FROM pairs WHERE pair_id = ?"
_ROUND_INSERT = _insert_sql("rounds", _ROUND_COLUMNS)
_ROUND_UPDATE = _update_sql("rounds", _ROUND_COLUMNS)
_ROUND_SELECT = f"SELECT {', '.join(_ROUND_COLUMNS)} FROM rounds"
_IDEM_INSERT = _insert_sql("idempotency", _IDEM_COLUMNS)
_IDEM_SELECT = (
    f"SELECT {', '.join(_IDEM_COLUMNS)} FROM idempotency WHERE operator_id = ? AND key = ?"
)


def journal_entry_hash(seq: int, kind: str, ref: str, body_hash: str, prev: str, at: str) -> str:
    """SHA-256 of the canonical JSON of the entry's fields (docs/receipts.md, "Journal")."""
    entry = {
        "seq": seq,
        "kind": kind,
        "ref": ref,
        "body_hash": body_hash,
        "prev_hash": prev,
        "at": at,
    }
    # Only ints and strings: json.dumps with these options *is* the canonical encoding
    # (games.canonical_json would only add its float check, on the hot path).
    text = json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _Layer:
    """Writes not yet sent to SQLite: one per batch, and one per unit on top of it."""

    __slots__ = ("head", "idempotency", "journal", "new_pairs", "new_rounds", "pairs", "rounds")

    def __init__(self, head: tuple[int, str] | None) -> None:
        self.pairs: dict[str, PairRow] = {}
        self.new_pairs: set[str] = set()
        self.rounds: dict[str, RoundRow] = {}
        self.new_rounds: set[str] = set()
        self.idempotency: dict[tuple[str, str], IdempotencyRow] = {}
        self.journal: list[JournalEntry] = []
        #: (next seq, last entry hash) of the journal; None = not read yet.
        self.head = head

    def merge(self, unit: _Layer) -> None:
        self.pairs.update(unit.pairs)
        self.new_pairs |= unit.new_pairs
        self.rounds.update(unit.rounds)
        self.new_rounds |= unit.new_rounds
        self.idempotency.update(unit.idempotency)
        self.journal.extend(unit.journal)
        self.head = unit.head


class _SqliteTransaction:
    """:class:`server.store.Transaction` over one sqlite3 connection.

    Reads go to SQLite; writes are buffered in memory (reads see them) and sent
    with one ``executemany`` per table when the batch is flushed. Each unit of
    work writes to its own layer, merged into the batch's only if the unit
    succeeds — so a failing unit leaves nothing behind, without SAVEPOINTs, and a
    unit costs the writer two or three SQLite calls instead of ten (each call
    releases and re-takes the GIL, which the event loop is waiting for).
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._batch = _Layer(None)
        self._unit = self._batch

    def begin_unit(self) -> None:
        self._unit = _Layer(self._batch.head)

    def end_unit(self, keep: bool) -> None:
        if keep and self._unit is not self._batch:
            self._batch.merge(self._unit)
        self._unit = self._batch

    def _layers(self) -> tuple[_Layer, ...]:
        return (self._batch,) if self._unit is self._batch else (self._unit, self._batch)

    def get_pair(self, pair_id: str) -> PairRow | None:
        for layer in self._layers():
            pending = layer.pairs.get(pair_id)
            if pending is not None:
                return pending
        row = self._conn.execute(_PAIR_SELECT, (pair_id,)).fetchone()
        return None if row is None else PairRow(*row)

    def insert_pair(self, row: PairRow) -> None:
        self._unit.pairs[row.pair_id] = row
        self._unit.new_pairs.add(row.pair_id)

    def update_pair(self, row: PairRow) -> None:
        self._unit.pairs[row.pair_id] = row

    def get_round(self, round_id: str) -> RoundRow | None:
        for layer in self._layers():
            pending = layer.rounds.get(round_id)
            if pending is not None:
                return pending
        row = self._conn.execute(_ROUND_SELECT + " WHERE round_id = ?", (round_id,)).fetchone()
        return None if row is None else _round(row)

    def insert_round(self, row: RoundRow) -> None:
        self._unit.rounds[row.round_id] = row
        self._unit.new_rounds.add(row.round_id)

    def update_round(self, row: RoundRow) -> None:
        self._unit.rounds[row.round_id] = row

    def pair_rounds(self, pair_id: str) -> list[RoundRow]:
        rows = self._conn.execute(_ROUND_SELECT + " WHERE pair_id = ? ORDER BY nonce", (pair_id,))
        found = {row.round_id: row for row in map(_round, rows)}
        for layer in reversed(self._layers()):
            found.update({k: v for k, v in layer.rounds.items() if v.pair_id == pair_id})
        return sorted(found.values(), key=lambda row: row.nonce)

    def get_idempotency(self, operator_id: str, key: str) -> IdempotencyRow | None:
        for layer in self._layers():
            pending = layer.idempotency.get((operator_id, key))
            if pending is not None:
                return pending
        row = self._conn.execute(_IDEM_SELECT, (operator_id, key)).fetchone()
        return None if row is None else IdempotencyRow(*row)

    def put_idempotency(self, row: IdempotencyRow) -> None:
        self._unit.idempotency[(row.operator_id, row.key)] = row

    def append_journal(self, kind: str, ref: str, body_hash: str, at: str) -> JournalEntry:
        unit = self._unit
        if unit.head is None:
            last = self._conn.execute(
                "SELECT seq, entry_hash FROM journal ORDER BY seq DESC LIMIT 1"
            ).fetchone()
            unit.head = (0, GENESIS_HASH) if last is None else (last[0] + 1, last[1])
        seq, prev = unit.head
        entry_hash = journal_entry_hash(seq, kind, ref, body_hash, prev, at)
        entry = JournalEntry(seq, kind, ref, body_hash, prev, entry_hash, at)
        unit.journal.append(entry)
        unit.head = (seq + 1, entry_hash)
        return entry

    def journal(self) -> list[JournalEntry]:
        rows = self._conn.execute(
            "SELECT seq, kind, ref, body_hash, prev_hash, entry_hash, at FROM journal ORDER BY seq"
        )
        entries = [JournalEntry(*row) for row in rows]
        for layer in reversed(self._layers()):
            entries.extend(layer.journal)
        return entries

    def flush(self) -> None:
        """Send the batch's writes: parents (pairs) before children (rounds)."""
        batch, conn = self._batch, self._conn
        conn.executemany(
            _PAIR_INSERT,
            [_values(row, _PAIR_COLUMNS) for k, row in batch.pairs.items() if k in batch.new_pairs],
        )
        conn.executemany(
            _PAIR_UPDATE,
            [
                _shift(_values(row, _PAIR_COLUMNS))
                for k, row in batch.pairs.items()
                if k not in batch.new_pairs
            ],
        )
        conn.executemany(
            _ROUND_INSERT,
            [
                _values(row, _ROUND_COLUMNS)
                for k, row in batch.rounds.items()
                if k in batch.new_rounds
            ],
        )
        conn.executemany(
            _ROUND_UPDATE,
            [
                _shift(_values(row, _ROUND_COLUMNS))
                for k, row in batch.rounds.items()
                if k not in batch.new_rounds
            ],
        )
        conn.executemany(
            _IDEM_INSERT, [_values(row, _IDEM_COLUMNS) for row in batch.idempotency.values()]
        )
        conn.executemany(
            "INSERT INTO journal (seq, kind, ref, body_hash, prev_hash, entry_hash, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (e.seq, e.kind, e.ref, e.body_hash, e.prev_hash, e.entry_hash, e.at)
                for e in batch.journal
            ],
        )
        self._batch = self._unit = _Layer(batch.head)


def _shift(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """UPDATE parameters: the key column moves from first to last (WHERE key = ?)."""
    return (*values[1:], values[0])


def _round(row: tuple[Any, ...]) -> RoundRow:
    values = list(row)
    values[10] = bool(values[10])  # finished
    return RoundRow(*values)


_STOP = object()
_Item = tuple[Callable[[Transaction], Any], "Future[Any]"]


class SqliteStore:
    """SQLite store with a group-committing writer thread (see the module docstring)."""

    def __init__(self, path: Path | str, *, max_batch: int = 256) -> None:
        self.path = Path(path)
        self._max_batch = max_batch
        self._write = self._connect()
        self._migrate(self._write)
        self._read_conn = self._connect()
        self._read_lock = threading.Lock()
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._closed = False
        self._close_lock = threading.Lock()
        self.batches = 0  #: COMMITs issued (group-commit statistics)
        self.units = 0  #: units of work committed
        self._writer = threading.Thread(target=self._run, name="alea-store-writer", daemon=True)
        self._writer.start()

    def __repr__(self) -> str:
        return f"SqliteStore({str(self.path)!r})"

    # -- opening -------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=30.0
            )
            conn.execute("PRAGMA journal_mode=WAL").fetchone()
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except (sqlite3.Error, OSError) as exc:
            raise StoreUnusableError(
                f"cannot use {self.path} as an Alea store: {exc} "
                "(is it an SQLite file, readable and writable, on a local disk?)"
            ) from exc
        return conn

    def _migrate(self, conn: sqlite3.Connection) -> None:
        try:
            tables = {
                row[0]
                for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            if tables and "schema_version" not in tables:
                raise StoreUnusableError(
                    f"{self.path} is an SQLite database but not an Alea store "
                    f"(tables {sorted(tables)}, no schema_version)"
                )
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_version "
                "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            current = conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] or 0
            if current > SCHEMA_VERSION:
                raise StoreUnusableError(
                    f"{self.path} has schema version {current}; this server knows up to "
                    f"{SCHEMA_VERSION}. Upgrade the server."
                )
            for version, statements in MIGRATIONS:
                if version <= current:
                    continue
                conn.execute("BEGIN IMMEDIATE")
                try:
                    for statement in statements:
                        conn.execute(statement)
                    conn.execute(
                        "INSERT INTO schema_version (version, applied_at) "
                        "VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                        (version,),
                    )
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
        except sqlite3.Error as exc:
            raise StoreUnusableError(f"cannot migrate the store {self.path}: {exc}") from exc

    def schema_version(self) -> int:
        with self._read_lock:
            row = self._read_conn.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0])

    # -- the Store protocol ----------------------------------------------------

    def submit(self, work: Callable[[Transaction], T]) -> Future[T]:
        future: Future[T] = Future()
        if self._closed:
            future.set_exception(StoreError("the store is closed"))
            return future
        self._queue.put((work, future))
        return future

    def read(self, work: Callable[[Transaction], T]) -> T:
        with self._read_lock:
            try:
                return work(_SqliteTransaction(self._read_conn))
            except sqlite3.Error as exc:
                raise StoreError(f"store read failed: {exc}") from exc

    def close(self) -> None:
        with self._close_lock:
            if self._closed:
                return
            self._closed = True
        self._queue.put(_STOP)
        self._writer.join()
        self._write.close()
        with self._read_lock:
            self._read_conn.close()

    # -- the writer --------------------------------------------------------------

    def _run(self) -> None:
        stopping = False
        while not stopping:
            item = self._queue.get()
            if item is _STOP:
                break
            batch: list[_Item] = [item]
            while len(batch) < self._max_batch:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is _STOP:
                    stopping = True
                    break
                batch.append(item)
            try:
                self._commit_batch(batch)
            except Exception as exc:  # e.g. a read failing on a broken disk
                with contextlib.suppress(sqlite3.Error):
                    self._write.execute("ROLLBACK")
                error = StoreError(f"the store failed; nothing of this batch was saved: {exc}")
                for _, future in batch:
                    if not future.done():
                        with contextlib.suppress(InvalidStateError):
                            future.set_exception(error)
        # Fail whatever raced in after close().
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if item is not _STOP:
                item[1].set_exception(StoreError("the store is closed"))

    def _commit_batch(self, batch: list[_Item]) -> None:
        conn = self._write
        tx = _SqliteTransaction(conn)
        outcomes: list[tuple[Future[Any], Any, BaseException | None]] = []
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            for _, future in batch:
                future.set_exception(StoreError(f"cannot start a transaction: {exc}"))
            return
        for work, future in batch:
            if not future.set_running_or_notify_cancel():
                continue
            tx.begin_unit()
            try:
                result = work(tx)
            except BaseException as exc:  # the unit's own error, delivered to its caller
                tx.end_unit(keep=False)
                if isinstance(exc, sqlite3.Error):
                    exc = StoreError(f"store read failed: {exc}")
                outcomes.append((future, None, exc))
            else:
                tx.end_unit(keep=True)
                outcomes.append((future, result, None))
        try:
            tx.flush()
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            error = StoreError(f"the commit failed; nothing was saved: {exc}")
            for future, _, _ in outcomes:
                future.set_exception(error)
            return
        self.batches += 1
        self.units += len(outcomes)
        for future, result, failure in outcomes:
            if failure is None:
                future.set_result(result)
            else:
                future.set_exception(failure)
