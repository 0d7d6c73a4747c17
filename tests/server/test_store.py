"""The SQLite store: migrations, unusable files, group commit, unit isolation, append-only."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from games.canonical import canonical_json
from server.errors import StoreError, StoreUnusableError
from server.sqlite_store import SCHEMA_VERSION, SqliteStore, journal_entry_hash
from server.store import GENESIS_HASH, Transaction
from tests.server.rows import pair_row, round_row


def test_new_store_is_migrated_and_reopens(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "a.db")
    assert store.schema_version() == SCHEMA_VERSION
    store.submit(lambda tx: tx.append_journal("k", "r", "h", "t")).result()
    store.close()
    again = SqliteStore(tmp_path / "a.db")
    assert [e.kind for e in again.read(lambda tx: tx.journal())] == ["k"]
    conn = sqlite3.connect(tmp_path / "a.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    again.close()


def test_unusable_files_are_refused_clearly(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreUnusableError, match="cannot use"):
        SqliteStore(junk)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE customers (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreUnusableError, match="not an Alea store"):
        SqliteStore(other)
    newer = tmp_path / "newer.db"
    SqliteStore(newer).close()
    conn = sqlite3.connect(newer)
    conn.execute("INSERT INTO schema_version VALUES (?, 'x')", (SCHEMA_VERSION + 1,))
    conn.commit()
    conn.close()
    with pytest.raises(StoreUnusableError, match="Upgrade the server"):
        SqliteStore(newer)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreUnusableError):
        SqliteStore(blocker / "sub" / "a.db")


def test_a_failing_unit_leaves_the_batch_alone(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "a.db")
    gate = threading.Event()

    def slow(tx: Transaction) -> None:
        gate.wait(5)
        tx.append_journal("first", "r", "h", "t")

    def failing(tx: Transaction) -> None:
        tx.append_journal("doomed", "r", "h", "t")
        raise ValueError("refused")

    futures = [store.submit(slow)]
    futures += [store.submit(failing), store.submit(lambda tx: tx.append_journal("ok", "", "", ""))]
    gate.set()
    futures[0].result(5)
    with pytest.raises(ValueError, match="refused"):
        futures[1].result(5)
    futures[2].result(5)
    kinds = [e.kind for e in store.read(lambda tx: tx.journal())]
    assert kinds == ["first", "ok"]
    store.close()


def test_group_commit_batches_concurrent_units(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "a.db")
    gate = threading.Event()
    first = store.submit(lambda tx: gate.wait(5))
    futures = [store.submit(lambda tx: tx.append_journal("n", "", "", "")) for _ in range(50)]
    gate.set()
    first.result(5)
    for future in futures:
        future.result(5)
    assert store.units == 51
    assert store.batches <= 3  # the 50 queued units shared one or two COMMITs
    store.close()


def test_journal_chain_and_append_only(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "a.db")
    for index in range(3):
        store.submit(lambda tx, i=index: tx.append_journal("e", str(i), "b", "t")).result()
    entries = store.read(lambda tx: tx.journal())
    previous = GENESIS_HASH
    for entry in entries:
        assert entry.prev_hash == previous
        assert entry.entry_hash == journal_entry_hash(
            entry.seq, entry.kind, entry.ref, entry.body_hash, entry.prev_hash, entry.at
        )
        fields = ("seq", "kind", "ref", "body_hash", "prev_hash", "at")
        canonical = canonical_json({name: getattr(entry, name) for name in fields})
        assert entry.entry_hash == hashlib.sha256(canonical).hexdigest()
        previous = entry.entry_hash
    conn = sqlite3.connect(tmp_path / "a.db")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE journal SET kind = 'x'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM journal")
    conn.close()
    store.close()


def test_closed_store_refuses_work(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "a.db")
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.submit(lambda tx: None).result(1)


class _Blocked:
    """Hold the writer inside a unit, so that what is submitted meanwhile forms one batch."""

    def __init__(self, store: SqliteStore) -> None:
        self.started, self.gate = threading.Event(), threading.Event()

        def wait(tx: Transaction) -> None:
            self.started.set()
            self.gate.wait(5)

        self.future = store.submit(wait)
        assert self.started.wait(5)

    def release(self) -> None:
        self.gate.set()
        self.future.result(5)


def test_units_read_their_batch_and_a_failed_flush_saves_nothing(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "a.db")
    blocked = _Blocked(store)
    first = store.submit(lambda tx: tx.insert_pair(pair_row("p1")))
    # The next unit sees the previous unit's (uncommitted) pair and updates it.
    second = store.submit(
        lambda tx: tx.update_pair(replace(tx.get_pair("p1"), next_nonce=1))  # type: ignore[arg-type]
    )
    blocked.release()
    first.result(5)
    second.result(5)
    assert store.read(lambda tx: tx.get_pair("p1")).next_nonce == 1  # type: ignore[union-attr]
    # A round whose pair doesn't exist breaks the foreign key at flush time: the whole
    # batch fails, including the good unit before it, and nothing is saved.
    blocked = _Blocked(store)
    good = store.submit(lambda tx: tx.insert_pair(pair_row("p2")))
    bad = store.submit(lambda tx: tx.insert_round(round_row("r1", "p_missing")))
    blocked.release()
    for future in (good, bad):
        with pytest.raises(StoreError, match="nothing was saved"):
            future.result(5)
    assert store.read(lambda tx: tx.get_pair("p2")) is None
    # The store keeps working afterwards.
    store.submit(lambda tx: tx.insert_round(round_row("r2", "p1"))).result(5)
    assert [r.round_id for r in store.read(lambda tx: tx.pair_rounds("p1"))] == ["r2"]
    store.close()
