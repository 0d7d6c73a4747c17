"""Pipelined group commit: every answer waits for the fsync that covers its batch.

The store's fsync is injected, so these tests hold it (to see what is and isn't
answered meanwhile) or fail it (to see that nothing undurable is acknowledged
and the store stops).
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

import pytest

from server.errors import StoreError
from server.sqlite_store import SqliteStore
from server.store import Transaction
from tests.server.rows import round_row


class HeldFsync:
    """An fsync that, once ``hold()`` is called, waits for ``release()``."""

    def __init__(self) -> None:
        self.calls = 0
        self.entered = threading.Event()
        self._gate = threading.Event()
        self._gate.set()
        self.error: OSError | None = None

    def hold(self) -> None:
        self.entered.clear()
        self._gate.clear()

    def release(self) -> None:
        self._gate.set()

    def __call__(self, fd: int) -> None:
        self.calls += 1
        self.entered.set()
        assert self._gate.wait(10)
        if self.error is not None:
            raise self.error
        os.fsync(fd)


def _journal_kinds(path: Path) -> list[str]:
    """What another connection sees committed (not necessarily durable yet)."""
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT kind FROM journal ORDER BY seq")]
    finally:
        conn.close()


def _append(kind: str) -> Callable[[Transaction], str]:
    def work(tx: Transaction) -> str:
        tx.append_journal(kind, "", "", "")
        return kind

    return work


def test_the_write_connection_syncs_through_the_syncer(tmp_path: Path) -> None:
    fsync = HeldFsync()
    store = SqliteStore(tmp_path / "a.db", fsync=fsync)
    assert store.submit(_append("one")).result(5) == "one"
    assert fsync.calls >= 1 and store.syncs >= 1
    mode = store._write.execute("PRAGMA journal_mode").fetchone()[0]
    sync = store._write.execute("PRAGMA synchronous").fetchone()[0]
    assert (mode, sync) == ("wal", 1)  # NORMAL + our fsync of the WAL per batch = FULL
    store.close()


def test_an_answer_waits_for_its_fsync_while_the_next_batch_commits(tmp_path: Path) -> None:
    fsync = HeldFsync()
    path = tmp_path / "a.db"
    store = SqliteStore(path, fsync=fsync)
    store.submit(_append("warm")).result(5)
    fsync.hold()
    first = store.submit(_append("first"))
    assert fsync.entered.wait(5)  # "first" is committed; its fsync is running
    assert "first" in _journal_kinds(path)
    assert not first.done()  # ...but it is not acknowledged before the fsync returns
    # Pipelining: the writer goes on and commits the next batch meanwhile.
    second = store.submit(_append("second"))
    for _ in range(500):
        if "second" in _journal_kinds(path):
            break
        threading.Event().wait(0.01)
    assert _journal_kinds(path)[-2:] == ["first", "second"]
    assert not first.done() and not second.done()
    fsync.release()
    assert first.result(5) == "first" and second.result(5) == "second"
    store.close()


def test_a_failed_unit_is_also_answered_only_after_the_fsync(tmp_path: Path) -> None:
    fsync = HeldFsync()
    store = SqliteStore(tmp_path / "a.db", fsync=fsync)
    store.submit(_append("warm")).result(5)
    fsync.hold()

    def refused(tx: Transaction) -> None:
        raise ValueError("refused")

    ok = store.submit(_append("ok"))
    bad = store.submit(refused)
    assert fsync.entered.wait(5)
    threading.Event().wait(0.05)
    assert not ok.done() and not bad.done()
    fsync.release()
    assert ok.result(5) == "ok"
    with pytest.raises(ValueError, match="refused"):
        bad.result(5)
    store.close()


def test_a_read_never_returns_data_that_is_not_durable(tmp_path: Path) -> None:
    fsync = HeldFsync()
    store = SqliteStore(tmp_path / "a.db", fsync=fsync)
    store.submit(_append("warm")).result(5)
    fsync.hold()
    pending = store.submit(_append("pending"))
    assert fsync.entered.wait(5)
    seen: list[list[str]] = []
    reader = threading.Thread(
        target=lambda: seen.append([e.kind for e in store.read(lambda tx: tx.journal())])
    )
    reader.start()
    reader.join(0.2)
    assert reader.is_alive() and not seen  # it saw "pending", so it waits for its fsync
    fsync.release()
    reader.join(5)
    assert seen == [["warm", "pending"]]
    pending.result(5)
    # With nothing in flight a read does not wait at all.
    assert [e.kind for e in store.read(lambda tx: tx.journal())] == ["warm", "pending"]
    store.close()


def test_a_failed_fsync_acknowledges_nothing_and_stops_the_store(tmp_path: Path) -> None:
    fsync = HeldFsync()
    store = SqliteStore(tmp_path / "a.db", fsync=fsync)
    store.submit(_append("warm")).result(5)
    fsync.hold()
    first = store.submit(_append("first"))
    assert fsync.entered.wait(5)
    second = store.submit(_append("second"))  # commits on top of "first" meanwhile
    fsync.error = OSError(5, "Input/output error")
    fsync.release()
    for future in (first, second):
        with pytest.raises(StoreError, match="could not make its commits durable"):
            future.result(5)
    with pytest.raises(StoreError, match="restart"):
        store.submit(_append("later")).result(5)
    with pytest.raises(StoreError, match="restart"):
        store.read(lambda tx: tx.journal())
    store.close()


def test_every_answer_comes_after_the_fsync_of_its_batch(tmp_path: Path) -> None:
    """Under concurrent load, a unit's batch is durable before its answer is given."""
    lock = threading.Lock()
    synced_up_to: list[int] = [0]  # batches committed before the latest fsync started
    store: SqliteStore

    def fsync(fd: int) -> None:
        with lock:
            synced_up_to.append(store.batches)
        os.fsync(fd)

    store = SqliteStore(tmp_path / "a.db", fsync=fsync)
    batch_of: dict[str, int] = {}
    answered_at: dict[str, int] = {}

    def work(name: str) -> Callable[[Transaction], str]:
        def unit(tx: Transaction) -> str:
            tx.append_journal("n", name, "", "")
            batch_of[name] = store.batches + 1  # this batch commits next
            return name

        return unit

    def answered(future: Future[str]) -> None:
        with lock:
            answered_at[future.result()] = max(synced_up_to)

    futures = []
    for index in range(300):
        future = store.submit(work(str(index)))
        future.add_done_callback(answered)
        futures.append(future)
    for future in futures:
        future.result(10)
    store.close()
    for name, batch in batch_of.items():
        assert answered_at[name] >= batch, name
    assert 1 <= store.syncs <= store.batches


def test_the_journal_chain_continues_after_a_batch_that_failed(tmp_path: Path) -> None:
    """A failed batch's journal entries leave no gap and no fork in the chain."""
    store = SqliteStore(tmp_path / "a.db")
    store.submit(_append("a")).result(5)

    def breaks_the_flush(tx: Transaction) -> None:
        tx.append_journal("lost", "", "", "")
        # No such pair: the foreign key fails the flush.
        tx.insert_round(round_row("r_orphan", "p_missing"))

    with pytest.raises(StoreError, match="nothing was saved"):
        store.submit(breaks_the_flush).result(5)
    store.submit(_append("b")).result(5)
    store.submit(_append("c")).result(5)
    entries = store.read(lambda tx: tx.journal())
    assert [(e.seq, e.kind) for e in entries] == [(0, "a"), (1, "b"), (2, "c")]
    assert all(e.prev_hash == p.entry_hash for p, e in itertools.pairwise(entries))
    store.close()


def test_a_read_of_another_stores_commit_waits_for_an_fsync(tmp_path: Path) -> None:
    """Two servers on one file: what one sees of the other's work is durable first."""
    path = tmp_path / "a.db"
    mine_fsync = HeldFsync()
    mine = SqliteStore(path, fsync=mine_fsync)
    other = SqliteStore(path)
    assert mine.read(lambda tx: tx.journal()) == []
    calls = mine_fsync.calls
    assert mine.read(lambda tx: tx.journal()) == []  # nothing new: no fsync, no wait
    assert mine_fsync.calls == calls
    mine_fsync.hold()
    other.submit(_append("theirs")).result(5)
    seen: list[list[str]] = []
    reader = threading.Thread(
        target=lambda: seen.append([e.kind for e in mine.read(lambda tx: tx.journal())])
    )
    reader.start()
    assert mine_fsync.entered.wait(5)  # the read asked for an fsync that starts after it
    reader.join(0.1)
    assert reader.is_alive() and not seen
    mine_fsync.release()
    reader.join(5)
    assert seen == [["theirs"]]
    other.close()
    mine.close()


def test_the_writer_runs_at_most_pipeline_batches_ahead_of_the_disk(tmp_path: Path) -> None:
    fsync = HeldFsync()
    path = tmp_path / "a.db"
    store = SqliteStore(path, fsync=fsync, pipeline=2)
    store.submit(_append("warm")).result(5)
    fsync.hold()
    first = store.submit(_append("first"))
    assert fsync.entered.wait(5)
    second = store.submit(_append("second"))  # the one batch allowed to overlap
    for _ in range(500):
        if "second" in _journal_kinds(path):
            break
        threading.Event().wait(0.01)
    third = store.submit(_append("third"))
    fourth = store.submit(_append("fourth"))
    threading.Event().wait(0.2)
    assert _journal_kinds(path) == ["warm", "first", "second"]  # the writer waits
    fsync.release()
    assert [f.result(5) for f in (first, second, third, fourth)] == [
        "first",
        "second",
        "third",
        "fourth",
    ]
    assert _journal_kinds(path) == ["warm", "first", "second", "third", "fourth"]
    store.close()


def _wait_for(condition: Callable[[], bool], seconds: float = 5.0) -> bool:
    for _ in range(int(seconds / 0.01)):
        if condition():
            return True
        threading.Event().wait(0.01)
    return condition()


def test_checkpoints_run_beside_the_writer_not_in_its_commits(tmp_path: Path) -> None:
    """While the writer is inside a unit, the checkpointer copies every committed page."""
    store = SqliteStore(tmp_path / "a.db", checkpoint_interval=0.01)
    assert store._write.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
    for future in [store.submit(_append(str(i))) for i in range(50)]:
        future.result(5)
    inside, leave = threading.Event(), threading.Event()

    def held(tx: Transaction) -> str:
        inside.set()
        assert leave.wait(10)
        tx.append_journal("held", "", "", "")
        return "held"

    before = store.checkpoints
    pending = store.submit(held)
    assert inside.wait(5)
    # A checkpoint ends with every page of the WAL copied while the writer is busy.
    assert _wait_for(
        lambda: (
            store.checkpoints > before
            and store.last_checkpoint is not None
            and store.last_checkpoint[0] == 0
            and store.last_checkpoint[1] == store.last_checkpoint[2] > 0
        )
    )
    leave.set()
    assert pending.result(5) == "held"
    store.close()
    assert _journal_kinds(tmp_path / "a.db")[-2:] == ["49", "held"]


def test_the_wal_stays_bounded_under_sustained_load(tmp_path: Path) -> None:
    """A passive checkpoint never catches up with a busy writer; the WAL restarts anyway."""
    path = tmp_path / "a.db"
    # Small batches: the bound is a few batches' pages, far below what is written.
    store = SqliteStore(path, max_batch=16, checkpoint_interval=0.01, wal_restart_pages=64)
    wal = Path(f"{path}-wal")
    written = 0
    largest = 0
    pending: list[Future[str]] = []
    while written < 24 * 1024 * 1024:  # six times the bound below, without a pause
        chunk = [store.submit(_append_bulky(index)) for index in range(200)]
        written += 200 * _BULK
        for future in pending:
            future.result(10)
        pending = chunk
        largest = max(largest, wal.stat().st_size if wal.exists() else 0)
    for future in pending:
        future.result(10)
    assert store.wal_restarts >= 1
    assert largest < 4 * 1024 * 1024, largest
    store.close()


_BULK = 2000


def _append_bulky(index: int) -> Callable[[Transaction], str]:
    def work(tx: Transaction) -> str:
        tx.append_journal("bulk", f"{index:0{_BULK}d}", "", "")
        return "bulk"

    return work
