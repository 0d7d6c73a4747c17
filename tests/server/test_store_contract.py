"""The store contract (server/store.py), run against every store: SQLite and PostgreSQL.

What the engine relies on: units are atomic (a failing unit leaves nothing and
disturbs no other), durable and see their own writes; rows round-trip exactly;
the journal is one chain, append-only in the database itself; finished rounds
are final; a nonce is taken once even when two stores (two servers) share the
data; an idempotency key is stored once; schemas migrate and foreign or newer
ones are refused. The PostgreSQL parametrizations skip, with the reason, when
no server is reachable (tests/fault/pgtools.py).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path

import pytest

from games.canonical import canonical_json
from server.errors import StoreError, StoreUnusableError
from server.sqlite_store import SCHEMA_VERSION
from server.store import IdempotencyRow, JournalEntry, Store
from server.store import Transaction as Tx
from tests.fault.procs import check_chain
from tests.fault.sites import STORE_KINDS, StoreSite
from tests.server.rows import pair_row, round_row


@pytest.fixture(params=STORE_KINDS)
def store_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def site(store_kind: str, tmp_path: Path) -> Iterator[StoreSite]:
    store_site = StoreSite(store_kind, tmp_path)
    yield store_site
    store_site.cleanup()


@pytest.fixture
def store(site: StoreSite) -> Store:
    return site.open()


def _append(kind: str, ref: str = "") -> Callable[[Tx], JournalEntry]:
    return lambda tx: tx.append_journal(kind, ref, "b", "t")


# -- opening and migrations --------------------------------------------------------


def test_new_store_is_migrated_and_reopens(site: StoreSite) -> None:
    first = site.open()
    assert first.schema_version() == SCHEMA_VERSION  # type: ignore[attr-defined]
    first.submit(lambda tx: tx.append_journal("k", "r", "h", "t")).result(10)
    first.close()
    again = site.open()
    assert [e.kind for e in again.read(lambda tx: tx.journal())] == ["k"]
    assert again.schema_version() == SCHEMA_VERSION  # type: ignore[attr-defined]


def test_a_newer_schema_is_refused(site: StoreSite) -> None:
    site.open().close()
    site.execute(
        f"INSERT INTO schema_version (version, applied_at) VALUES ({SCHEMA_VERSION + 1}, "
        "'2030-01-01T00:00:00Z')"
    )
    with pytest.raises(StoreUnusableError, match="Upgrade the server"):
        site.open()


def test_a_foreign_database_is_refused(site: StoreSite) -> None:
    if site.kind == "postgresql":
        assert site.schema is not None
        site.execute(f"CREATE SCHEMA {site.schema}")
        site.execute(f"CREATE TABLE {site.schema}.customers (id INTEGER)")
    else:
        site.execute("CREATE TABLE customers (id INTEGER)")
    with pytest.raises(StoreUnusableError, match="not an Alea store"):
        site.open()


# -- units of work ------------------------------------------------------------------


def test_rows_round_trip_exactly(store: Store) -> None:
    pair = pair_row("p1")
    rnd = round_row("r1", "p1")
    idem = IdempotencyRow("op", "key-1", "PlayRound", "f" * 64, '{"x":"ü"}', "t")

    def write(tx: Tx) -> None:
        tx.insert_pair(pair)
        tx.insert_round(rnd)
        tx.put_idempotency(idem)

    store.submit(write).result(10)
    assert store.read(lambda tx: tx.get_pair("p1")) == pair
    assert store.read(lambda tx: tx.get_round("r1")) == rnd
    assert store.read(lambda tx: tx.get_idempotency("op", "key-1")) == idem
    assert store.read(lambda tx: tx.get_idempotency("other-op", "key-1")) is None
    revealed = replace(pair, sealed_seed=None, server_seed="ab" * 32, reveal_record="{}")
    finished = replace(rnd, finished=True, finished_at="t2", receipt_hash="r" * 64)

    def update(tx: Tx) -> None:
        tx.update_pair(revealed)
        tx.update_round(finished)

    store.submit(update).result(10)
    assert store.read(lambda tx: tx.get_pair("p1")) == revealed
    got = store.read(lambda tx: tx.get_round("r1"))
    assert got == finished and got is not None and got.finished is True


def test_a_unit_reads_its_own_writes(store: Store) -> None:
    def unit(tx: Tx) -> tuple[int, int, bool, int]:
        tx.insert_pair(pair_row("p1"))
        pair = tx.get_pair("p1")
        assert pair is not None
        tx.update_pair(replace(pair, next_nonce=1))
        tx.insert_round(round_row("r1", "p1"))
        tx.put_idempotency(IdempotencyRow("op", "k", "m", "f", "{}", "t"))
        tx.append_journal("a", "", "", "")
        tx.append_journal("b", "", "", "")
        again = tx.get_pair("p1")
        assert again is not None
        return (
            again.next_nonce,
            len(tx.pair_rounds("p1")),
            tx.get_idempotency("op", "k") is not None,
            len(tx.journal()),
        )

    assert store.submit(unit).result(10) == (1, 1, True, 2)


def test_a_failing_unit_leaves_nothing_and_others_alone(store: Store) -> None:
    def failing(tx: Tx) -> None:
        tx.insert_pair(pair_row("doomed"))
        tx.append_journal("doomed", "r", "h", "t")
        raise ValueError("refused")

    futures: list[Future[object]] = [
        store.submit(lambda tx: tx.append_journal("first", "", "", "")),
        store.submit(failing),
        store.submit(lambda tx: tx.append_journal("ok", "", "", "")),
    ]
    futures[0].result(10)
    with pytest.raises(ValueError, match="refused"):  # the unit's own error, unchanged
        futures[1].result(10)
    futures[2].result(10)
    entries = store.read(lambda tx: tx.journal())
    assert [e.kind for e in entries] == ["first", "ok"]
    check_chain(entries)
    assert store.read(lambda tx: tx.get_pair("doomed")) is None


def test_a_constraint_violation_saves_nothing_and_the_store_goes_on(store: Store) -> None:
    def orphan(tx: Tx) -> None:
        tx.insert_pair(pair_row("p2"))
        tx.insert_round(round_row("r1", "p_missing"))  # foreign key

    with pytest.raises(StoreError):
        store.submit(orphan).result(10)
    assert store.read(lambda tx: tx.get_pair("p2")) is None
    store.submit(lambda tx: tx.insert_pair(pair_row("p1"))).result(10)
    store.submit(lambda tx: tx.insert_round(round_row("r2", "p1"))).result(10)
    # The same nonce twice in a pair is refused by the schema itself.
    with pytest.raises(StoreError):
        store.submit(lambda tx: tx.insert_round(round_row("r3", "p1", nonce=0))).result(10)
    assert [r.round_id for r in store.read(lambda tx: tx.pair_rounds("p1"))] == ["r2"]


def test_the_journal_is_one_chain_and_append_only(site: StoreSite, store: Store) -> None:
    for index in range(5):
        store.submit(_append("e", str(index))).result(10)
    entries = store.read(lambda tx: tx.journal())
    check_chain(entries)
    for entry in entries:
        fields = ("seq", "kind", "ref", "body_hash", "prev_hash", "at")
        canonical = canonical_json({name: getattr(entry, name) for name in fields})
        assert entry.entry_hash == hashlib.sha256(canonical).hexdigest()
    for statement in ("UPDATE journal SET kind = 'x'", "DELETE FROM journal WHERE seq = 4"):
        with pytest.raises(Exception, match="append-only"):
            site.execute(statement)
    assert store.read(lambda tx: tx.journal()) == entries


def test_finished_rounds_are_final_and_rounds_are_kept(site: StoreSite, store: Store) -> None:
    store.submit(lambda tx: tx.insert_pair(pair_row("p1"))).result(10)
    store.submit(lambda tx: tx.insert_round(round_row("r1", "p1", finished=True))).result(10)
    with pytest.raises(StoreError):
        store.submit(
            lambda tx: tx.update_round(round_row("r1", "p1", finished=True, total_win=5))
        ).result(10)
    with pytest.raises(Exception, match="final"):
        site.execute("UPDATE rounds SET total_win = 5")
    with pytest.raises(Exception, match="never deleted"):
        site.execute("DELETE FROM rounds")
    got = store.read(lambda tx: tx.get_round("r1"))
    assert got is not None and got.total_win == 0


def test_a_closed_store_refuses_work(store: Store) -> None:
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.submit(lambda tx: None).result(5)
    store.close()  # twice is fine


# -- concurrency: two stores on the same data stand for two servers --------------------


def _take_nonce(pair_id: str, tag: str) -> Callable[[Tx], int]:
    """The engine's pattern: read the pair, insert a round at its nonce, advance it."""

    def unit(tx: Tx) -> int:
        pair = tx.get_pair(pair_id)
        assert pair is not None
        nonce = pair.next_nonce
        tx.insert_round(round_row(f"r-{tag}", pair_id, nonce))
        tx.update_pair(replace(pair, next_nonce=nonce + 1))
        tx.append_journal("round.finish", f"r-{tag}", "b", "t")
        return nonce

    return unit


def test_two_stores_take_every_nonce_once(site: StoreSite) -> None:
    stores = [site.open(), site.open()]
    stores[0].submit(lambda tx: tx.insert_pair(pair_row("p1"))).result(10)
    per_thread, threads = 25, 6
    taken: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def client(index: int) -> None:
        store = stores[index % 2]
        for n in range(per_thread):
            try:
                nonce = store.submit(_take_nonce("p1", f"{index}-{n}")).result(60)
            except BaseException as exc:
                errors.append(exc)
                return
            with lock:
                taken.append(nonce)

    workers = [threading.Thread(target=client, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert not errors, errors[:3]
    total = per_thread * threads
    assert sorted(taken) == list(range(total))  # no nonce reused, none skipped
    rounds = stores[1].read(lambda tx: tx.pair_rounds("p1"))
    assert [r.nonce for r in rounds] == list(range(total))
    pair = stores[1].read(lambda tx: tx.get_pair("p1"))
    assert pair is not None and pair.next_nonce == total
    entries = stores[0].read(lambda tx: tx.journal())
    assert len(entries) == total
    check_chain(entries)


def test_an_idempotency_key_is_stored_once_across_stores(site: StoreSite) -> None:
    stores = [site.open(), site.open()]
    winners: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(8)

    def unit(tag: str) -> Callable[[Tx], str]:
        def work(tx: Tx) -> str:
            stored = tx.get_idempotency("op", "the-key")
            if stored is not None:
                return stored.result
            tx.append_journal("idem", tag, "b", "t")
            tx.put_idempotency(IdempotencyRow("op", "the-key", "m", "f", tag, "t"))
            return tag

        return work

    results: list[str] = []

    def client(index: int) -> None:
        start.wait(10)
        result = stores[index % 2].submit(unit(f"t{index}")).result(60)
        with lock:
            results.append(result)
            if result == f"t{index}":
                winners.append(result)

    workers = [threading.Thread(target=client, args=(i,)) for i in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert len(results) == 8 and len(set(results)) == 1  # every caller got the one answer
    assert len(winners) == 1
    entries = stores[0].read(lambda tx: tx.journal())
    assert [e.ref for e in entries] == winners  # the losers' writes were rolled back
    check_chain(entries)
