"""The embedded store: SQLite in WAL mode with durable, grouped, pipelined commits.

One writer thread owns the write connection. Units of work queue up; the writer
takes every pending unit (up to ``max_batch``), runs them one after the other in
a single transaction — each unit's writes buffered in its own layer, kept only
if the unit succeeds — then writes the batch (one ``executemany`` per table) and
issues one COMMIT. A unit that fails leaves the rest of the batch alone; a flush
or COMMIT that fails fails the whole batch, and nothing of it was acknowledged.
Because units run one at a time on one connection, a pair's nonce is read and
advanced with no race.

Durability is pipelined (group commit without stalling the writer). The write
connection runs with ``synchronous=NORMAL``, so its COMMIT writes the batch's
WAL frames without waiting for the disk; a second thread, the syncer, then
``fsync``s the WAL file and only after that resolves the batch's futures. While
one fsync runs, the writer already runs and commits the next batch; the next
fsync covers every batch committed before it started. An fsync of the WAL after
each COMMIT is exactly what ``synchronous=FULL`` adds to NORMAL in WAL mode
(SQLite still syncs the WAL before each checkpoint, the database after it and
the WAL header when the file is reused), so an acknowledged unit is on stable
storage as before; WAL frames are appended in commit order, so a crash keeps a
prefix of the commits and a pair's nonces stay contiguous. Every outcome — a
failure too — is delivered only after the fsync covering the batch, because a
unit may have read an earlier unit's not yet durable writes. If an fsync fails,
the batches it covered and everything after them fail and the store refuses all
further work (the page cache can no longer be trusted; restart the server).

Checkpoints are not the writer's business. SQLite's automatic checkpoint runs
inside the COMMIT that crosses ``wal_autocheckpoint`` pages — copying pages to
the database file and fsyncing it — and every unit queued behind that COMMIT
waits for it (under a busy disk, for seconds). The write connection turns it
off; a third thread, the checkpointer, runs ``PRAGMA wal_checkpoint(PASSIVE)``
on its own connection every ``checkpoint_interval`` seconds while commits
come in, beside the writer, which goes on committing. A passive checkpoint
under sustained load never catches up with the writer, so the WAL would only
grow: once it holds ``wal_restart_pages`` pages, the checkpointer pauses the
writer between two batches (no write transaction is open) for a RESTART
checkpoint, which has only the few pages committed since the passive one to
copy, and the writer's next batch starts the WAL again from its beginning.
Checkpoints keep ``synchronous=FULL``: SQLite fsyncs the WAL before copying
and the database after, and only then counts the frames as copied, so a
checkpoint moves committed batches — acknowledged or still waiting for the
syncer — to the database file and never loses one; answers still wait for the
syncer's fsync of their batch as before.

Reads use a second connection, which can see a committed batch — this store's
or another's on the same file — before its fsync is done: when anything was
committed since the last read made durable (``PRAGMA data_version``),
:meth:`SqliteStore.read` returns only after an fsync that started after it, so no
answer ever shows a round, a reveal or a nonce that a crash could take back.
Units need no such wait: their answers already follow an fsync of the whole WAL.

Schema changes are ordered migration steps recorded in ``schema_version``; a
file that isn't SQLite, isn't an Alea store or carries a newer schema is
refused with :class:`StoreUnusableError`. The journal table and finished rounds
are protected by triggers: they can't be updated or deleted.
"""

from __future__ import annotations

import contextlib
import os
import queue
import sqlite3
import threading
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from concurrent.futures import Future, InvalidStateError
from pathlib import Path
from typing import Any, TypeVar

from server.errors import StoreError, StoreUnusableError
from server.store import GENESIS_HASH, IdempotencyRow, JournalEntry, PairRow, RoundRow, Transaction
from server.store_schema import (
    IDEMPOTENCY_COLUMNS,
    PAIR_COLUMNS,
    ROUND_COLUMNS,
    journal_entry_hash,
    row_statements,
    row_values,
    update_values,
)

#: journal_entry_hash is re-exported: it was defined here first.
__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "SqliteStore", "journal_entry_hash"]

T = TypeVar("T")

#: Seconds between passive checkpoints while commits come in (SQLite's automatic
#: checkpoint came every ~0.35 s at 500 rounds/s: every 1000 pages).
CHECKPOINT_INTERVAL = 0.5
#: WAL pages after which the checkpointer pauses the writer once to restart the WAL.
WAL_RESTART_PAGES = 4096
#: The WAL file is cut back to this size when it restarts (it grows under a long read).
WAL_SIZE_LIMIT = 64 * 1024 * 1024
#: How long a RESTART checkpoint waits for another connection's reader or writer.
_RESTART_BUSY_MS = 100

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

#: The shared row statements (server/store_schema.py) with sqlite3's parameter mark.
_SQL = row_statements("?")


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
        row = self._conn.execute(_SQL.pair_select, (pair_id,)).fetchone()
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
        row = self._conn.execute(_SQL.round_select + " WHERE round_id = ?", (round_id,)).fetchone()
        return None if row is None else _round(row)

    def insert_round(self, row: RoundRow) -> None:
        self._unit.rounds[row.round_id] = row
        self._unit.new_rounds.add(row.round_id)

    def update_round(self, row: RoundRow) -> None:
        self._unit.rounds[row.round_id] = row

    def pair_rounds(self, pair_id: str) -> list[RoundRow]:
        rows = self._conn.execute(
            _SQL.round_select + " WHERE pair_id = ? ORDER BY nonce", (pair_id,)
        )
        found = {row.round_id: row for row in map(_round, rows)}
        for layer in reversed(self._layers()):
            found.update({k: v for k, v in layer.rounds.items() if v.pair_id == pair_id})
        return sorted(found.values(), key=lambda row: row.nonce)

    def get_idempotency(self, operator_id: str, key: str) -> IdempotencyRow | None:
        for layer in self._layers():
            pending = layer.idempotency.get((operator_id, key))
            if pending is not None:
                return pending
        row = self._conn.execute(_SQL.idempotency_select, (operator_id, key)).fetchone()
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
        entries = [JournalEntry(*row) for row in self._conn.execute(_SQL.journal_select)]
        for layer in reversed(self._layers()):
            entries.extend(layer.journal)
        return entries

    def flush(self) -> None:
        """Send the batch's writes: parents (pairs) before children (rounds)."""
        batch, conn = self._batch, self._conn
        new_pairs, changed_pairs = _split(batch.pairs, batch.new_pairs, PAIR_COLUMNS)
        new_rounds, changed_rounds = _split(batch.rounds, batch.new_rounds, ROUND_COLUMNS)
        idempotency = [row_values(row, IDEMPOTENCY_COLUMNS) for row in batch.idempotency.values()]
        journal = [
            (e.seq, e.kind, e.ref, e.body_hash, e.prev_hash, e.entry_hash, e.at)
            for e in batch.journal
        ]
        # Each SQLite call releases and re-takes the GIL: skip the empty ones.
        for sql, rows in (
            (_SQL.pair_insert, new_pairs),
            (_SQL.pair_update, changed_pairs),
            (_SQL.round_insert, new_rounds),
            (_SQL.round_update, changed_rounds),
            (_SQL.idempotency_insert, idempotency),
            (_SQL.journal_insert, journal),
        ):
            if rows:
                conn.executemany(sql, rows)
        self._batch = self._unit = _Layer(batch.head)


def _split(
    rows: Mapping[str, object], new: AbstractSet[str], columns: Sequence[str]
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """INSERT parameters for the batch's new rows, UPDATE parameters for the others
    (a row inserted and then changed in one batch is inserted as it ended up)."""
    inserts: list[tuple[Any, ...]] = []
    updates: list[tuple[Any, ...]] = []
    for key, row in rows.items():
        if key in new:
            inserts.append(row_values(row, columns))
        else:
            updates.append(update_values(row, columns))
    return inserts, updates


def _round(row: tuple[Any, ...]) -> RoundRow:
    values = list(row)
    values[10] = bool(values[10])  # finished
    return RoundRow(*values)


_STOP = object()
_Item = tuple[Callable[[Transaction], Any], "Future[Any]"]
#: A unit's outcome, delivered once its batch is durable: (future, result, failure).
_Outcome = tuple["Future[Any]", Any, BaseException | None]


def _take_queued(
    source: queue.SimpleQueue[Any], first: Any, limit: int | None
) -> tuple[list[Any], bool]:
    """``first`` and what else is queued now (at most ``limit`` in all): the writer's
    next batch, or the batches one fsync covers. True if the stop marker came too."""
    taken = [first]
    while limit is None or len(taken) < limit:
        try:
            item = source.get_nowait()
        except queue.Empty:
            break
        if item is _STOP:
            return taken, True
        taken.append(item)
    return taken, False


class _SyncTicket:
    """A read's request for an fsync that starts after it; ``done`` once made."""

    __slots__ = ("done", "error")

    def __init__(self) -> None:
        self.done = threading.Event()
        self.error: StoreError | None = None


class SqliteStore:
    """SQLite store with a group-committing writer and a syncer (see the module docstring).

    ``fsync`` is what makes the WAL durable (``os.fsync``; injected so tests can
    hold or fail it). ``pipeline`` bounds the batches committed and awaiting their
    fsync (1 = no overlap: the writer waits for each fsync). ``checkpoint_interval``
    and ``wal_restart_pages`` pace the checkpointer (module docstring).
    """

    def __init__(
        self,
        path: Path | str,
        *,
        max_batch: int = 256,
        fsync: Callable[[int], None] = os.fsync,
        pipeline: int = 2,
        checkpoint_interval: float = CHECKPOINT_INTERVAL,
        wal_restart_pages: int = WAL_RESTART_PAGES,
    ) -> None:
        self.path = Path(path)
        self._max_batch = max_batch
        self._fsync = fsync
        #: Batches committed but not yet durable, at most: the writer waits for an
        #: fsync rather than commit ever smaller batches (and units pile up meanwhile).
        self._in_flight = threading.Semaphore(max(1, pipeline))
        self._write = self._connect()
        self._migrate(self._write)  # under synchronous=FULL: migrations commit durably
        mode = self._write.execute("PRAGMA journal_mode").fetchone()[0]
        # Pipelined durability needs the WAL; any other journal mode keeps FULL commits.
        self._pipelined = str(mode).lower() == "wal"
        if self._pipelined:
            self._write.execute("PRAGMA synchronous=NORMAL")
            # The checkpointer thread checkpoints; the writer's COMMITs never do.
            self._write.execute("PRAGMA wal_autocheckpoint=0").fetchone()
            self._write.execute(f"PRAGMA journal_size_limit={WAL_SIZE_LIMIT}").fetchone()
        self._wal_fds: list[int] = []  # kept open until close (see _sync_wal)
        self._read_conn = self._connect()
        self._read_lock = threading.Lock()
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._synced: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._closed = False
        self._close_lock = threading.Lock()
        #: Set once an fsync failed: every later unit and read fails with it.
        self._failed: StoreError | None = None
        #: PRAGMA data_version of the read connection last known durable (see read).
        self._durable_version: int | None = None
        self.batches = 0  #: COMMITs issued (group-commit statistics)
        self.units = 0  #: units of work committed
        self.syncs = 0  #: fsyncs of the WAL (each covers one or more batches)
        self.checkpoints = 0  #: checkpoints run by the checkpointer
        self.wal_restarts = 0  #: of which RESTART checkpoints, with the writer paused
        #: (busy, WAL pages, pages copied) of the last checkpoint (PRAGMA wal_checkpoint).
        self.last_checkpoint: tuple[int, int, int] | None = None
        self._checkpoint_interval = checkpoint_interval
        self._wal_restart_pages = wal_restart_pages
        #: The writer holds the gate from BEGIN to COMMIT; the checkpointer takes it
        #: (``_gate_wanted``) for a RESTART checkpoint between two batches.
        self._gate = threading.Condition()
        self._gate_wanted = False
        self._writing = False
        self._checkpoint_stop = threading.Event()
        self._checkpointer: threading.Thread | None = None
        if self._pipelined:
            self._checkpoint_conn = self._connect()
            self._checkpoint_conn.execute(f"PRAGMA busy_timeout={_RESTART_BUSY_MS}")
            self._checkpointer = threading.Thread(
                target=self._checkpoint_run, name="alea-store-checkpoint", daemon=True
            )
            self._checkpointer.start()
        self._syncer = threading.Thread(target=self._sync_run, name="alea-store-sync", daemon=True)
        self._syncer.start()
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
        if self._failed is not None:
            future.set_exception(self._failed)
            return future
        self._queue.put((work, future))
        return future

    def read(self, work: Callable[[Transaction], T]) -> T:
        """Run ``work`` on committed data; return once all it may have seen is durable.

        A commit is visible to this connection as soon as its WAL frames are
        written, before the fsync — ours or another store's on the same file.
        ``PRAGMA data_version`` tells whether anything was committed since the last
        read that was made durable; if so, the read waits for an fsync that starts
        after it (the syncer's next one, shared with the writer's batches).
        """
        with self._read_lock:
            if self._closed:
                raise StoreError("the store is closed")
            if self._failed is not None:
                raise self._failed
            try:
                result = work(_SqliteTransaction(self._read_conn))
                version = self._read_conn.execute("PRAGMA data_version").fetchone()[0]
            except sqlite3.Error as exc:
                raise StoreError(f"store read failed: {exc}") from exc
            if version == self._durable_version:
                return result
            ticket = _SyncTicket()
            self._synced.put(ticket)
        ticket.done.wait()
        if ticket.error is not None:
            raise ticket.error
        self._durable_version = version
        return result

    def close(self) -> None:
        with self._close_lock:
            if self._closed:
                return
            self._closed = True
        self._queue.put(_STOP)
        self._writer.join()
        self._synced.put(_STOP)
        self._syncer.join()
        if self._checkpointer is not None:
            self._checkpoint_stop.set()
            self._checkpointer.join()
            self._checkpoint_conn.close()
        self._write.close()
        with self._read_lock:
            self._read_conn.close()
            while True:  # a read that raced with close() is answered, not left waiting
                try:
                    item = self._synced.get_nowait()
                except queue.Empty:
                    break
                if isinstance(item, _SyncTicket):
                    item.error = StoreError("the store is closed")
                    item.done.set()
        for fd in self._wal_fds:
            os.close(fd)
        self._wal_fds.clear()

    # -- the writer --------------------------------------------------------------

    def _run(self) -> None:
        stopping = False
        while not stopping:
            item = self._queue.get()
            if item is _STOP:
                break
            self._in_flight.acquire()  # released by the syncer once this batch is durable
            batch: list[_Item]
            batch, stopping = _take_queued(self._queue, item, self._max_batch)
            if self._failed is not None:
                for _, future in batch:
                    with contextlib.suppress(InvalidStateError):
                        future.set_exception(self._failed)
                self._in_flight.release()
                continue
            try:
                if not self._gated_commit(batch):
                    self._in_flight.release()  # nothing committed: no fsync to wait for
            except Exception as exc:  # e.g. a read failing on a broken disk
                self._in_flight.release()
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

    def _gated_commit(self, batch: list[_Item]) -> bool:
        """:meth:`_commit_batch`, unless the checkpointer holds the gate: then after it."""
        with self._gate:
            while self._gate_wanted:
                self._gate.wait()
            self._writing = True
        try:
            return self._commit_batch(batch)
        finally:
            with self._gate:
                self._writing = False
                self._gate.notify_all()

    def _commit_batch(self, batch: list[_Item]) -> bool:
        """Run and commit one batch; True once it is handed to the syncer."""
        conn = self._write
        tx = _SqliteTransaction(conn)
        outcomes: list[_Outcome] = []
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            for _, future in batch:
                future.set_exception(StoreError(f"cannot start a transaction: {exc}"))
            return False
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
            return False
        self.batches += 1
        self.units += len(outcomes)
        self._synced.put(outcomes)
        return True

    # -- the syncer ----------------------------------------------------------------

    def _sync_run(self) -> None:
        """Make committed batches durable (one fsync for all waiting), then answer them."""
        stopping = False
        while not stopping:
            item = self._synced.get()
            if item is _STOP:
                break
            group: list[list[_Outcome] | _SyncTicket]
            group, stopping = _take_queued(self._synced, item, None)
            if self._failed is None:
                try:
                    self._sync_wal()
                except OSError as exc:
                    self._failed = StoreError(
                        f"the store could not make its commits durable (fsync: {exc}); "
                        "nothing since was acknowledged and it refuses all work: "
                        "check the disk and restart the server"
                    )
            failure = self._failed
            for entry in group:
                if isinstance(entry, _SyncTicket):
                    entry.error = failure
                    entry.done.set()
                    continue
                self._in_flight.release()
                for future, result, error in entry:
                    if failure is not None:
                        future.set_exception(failure)
                    elif error is None:
                        future.set_result(result)
                    else:
                        future.set_exception(error)

    def _sync_wal(self) -> None:
        """fsync the WAL: every batch whose COMMIT returned before this call is durable.

        Our own descriptor of the WAL file stays open until :meth:`close`: closing a
        descriptor drops the process's POSIX locks on that file. A WAL replaced under
        us (only SQLite's last connection deletes it) is opened again by inode.
        """
        self.syncs += 1
        if not self._pipelined:
            return  # synchronous=FULL: COMMIT itself synced
        wal = f"{self.path}-wal"
        try:
            inode = os.stat(wal).st_ino
        except FileNotFoundError:
            return  # no WAL: nothing was written since the last checkpoint removed it
        if not self._wal_fds or os.fstat(self._wal_fds[-1]).st_ino != inode:
            self._wal_fds.append(os.open(wal, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)))
        self._fsync(self._wal_fds[-1])

    # -- the checkpointer ------------------------------------------------------------

    def _checkpoint_run(self) -> None:
        """Checkpoint beside the writer; restart the WAL with the writer paused when big."""
        done = self.batches
        while not self._checkpoint_stop.wait(self._checkpoint_interval):
            if self.batches == done or self._failed is not None:
                continue  # nothing new; or the page cache can't be trusted any more
            done = self.batches
            try:
                self._checkpoint("PASSIVE")
                if self.last_checkpoint is not None and (
                    self.last_checkpoint[1] >= self._wal_restart_pages
                ):
                    self._restart_wal()
            except sqlite3.Error:
                # Nothing is lost: the frames stay in the WAL and count as copied only
                # once the database is synced. A failing disk fails the syncer's fsync.
                continue

    def _checkpoint(self, mode: str) -> None:
        row = self._checkpoint_conn.execute(f"PRAGMA wal_checkpoint({mode})").fetchone()
        self.checkpoints += 1
        self.last_checkpoint = (int(row[0]), int(row[1]), int(row[2]))

    def _restart_wal(self) -> None:
        """RESTART checkpoint between two batches; the writer waits at the gate meanwhile.

        The passive checkpoint just before copied nearly everything, so the writer
        waits for a short copy and two fsyncs, instead of every COMMIT crossing a
        threshold running a whole checkpoint (SQLite's automatic one).
        """
        with self._gate:
            self._gate_wanted = True
            while self._writing:
                self._gate.wait()
        try:
            self._checkpoint("RESTART")
            if self.last_checkpoint is not None and self.last_checkpoint[0] == 0:
                self.wal_restarts += 1  # not busy: the writer's next batch restarts the WAL
        finally:
            with self._gate:
                self._gate_wanted = False
                self._gate.notify_all()
