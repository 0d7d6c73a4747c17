"""PostgreSQL specifics: selecting the store by config, URLs and secrets, connection
errors, durability settings, lock-based journal appends, a server on PostgreSQL.

The shared contract (atomic units, nonces, idempotency, journal) is in
test_store_contract.py, run against both stores.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest

from alea.v1 import game_service_pb2, seed_pair_service_pb2, types_pb2
from server.config import ServerConfig, load_config
from server.errors import ConfigError, StoreError, StoreUnusableError
from server.sqlite_store import SqliteStore
from server.store import JournalEntry, Transaction
from server.store_factory import describe_store, open_store
from tests.fault.pgtools import PG_URL, fresh_schema, require_postgres, schema_url
from tests.server.conftest import API_KEY_A, SEAL_KEY, SIGNING_SEED, make_client
from tests.server.fakes import FakeCoin, FakeLadder
from tests.server.helpers import new_key

psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed (alea[postgres])")

from server.postgres_store import (  # noqa: E402  (needs psycopg)
    PostgresStore,
    is_postgres_url,
    redact_url,
    split_schema,
)


@pytest.fixture
def pg_url() -> Iterator[str]:
    require_postgres()
    with fresh_schema() as schema:
        yield schema_url(schema)


# -- URLs, config and selection (no database needed) ----------------------------------


def test_urls_are_split_and_redacted() -> None:
    assert is_postgres_url("postgresql://h/db") and is_postgres_url("postgres://h/db")
    assert not is_postgres_url("/var/lib/alea.sqlite3")
    assert split_schema("postgresql://u@h:5/db?schema=alea_a&sslmode=require") == (
        "postgresql://u@h:5/db?sslmode=require",
        "alea_a",
    )
    assert split_schema("postgresql://h/db") == ("postgresql://h/db", None)
    for bad in ("Alea", "a;drop", "x" * 64, "1abc"):
        with pytest.raises(StoreUnusableError, match="schema="):
            split_schema(f"postgresql://h/db?schema={bad}")
    assert redact_url("postgresql://alea:s3cret@db:5432/alea?schema=a") == (
        "postgresql://alea:***@db:5432/alea?schema=a"
    )
    assert "s3cret" not in redact_url("postgresql://db/alea?password=s3cret")


def test_the_store_is_selected_by_config(tmp_path: Path) -> None:
    config = ServerConfig(data_dir=tmp_path)
    store = open_store(config)
    try:
        assert isinstance(store, SqliteStore) and store.path == tmp_path / "alea.sqlite3"
        assert describe_store(store) == str(tmp_path / "alea.sqlite3")
    finally:
        store.close()
    with pytest.raises(ConfigError, match="postgresql://"):
        open_store(ServerConfig(data_dir=tmp_path, store="mysql://u:pw@h/db"))
    env = {"ALEA_STORE": "postgresql://alea:s3cret@db/alea?schema=prod"}
    loaded = load_config(None, env)
    assert loaded.store == env["ALEA_STORE"]
    assert "s3cret" not in repr(loaded)


def test_an_unreachable_database_is_refused_quickly_and_without_the_password() -> None:
    started = time.monotonic()
    with pytest.raises(StoreUnusableError, match="cannot connect") as caught:
        PostgresStore("postgresql://alea:s3cret@127.0.0.1:1/alea", connect_timeout=2)
    assert time.monotonic() - started < 5
    assert "s3cret" not in str(caught.value) and "***" in str(caught.value)


# -- against the database ----------------------------------------------------------------


def _commit_setting(store: PostgresStore) -> str:
    """synchronous_commit as a unit of work sees it (on a pooled, configured session)."""
    return str(
        store.submit(
            lambda tx: tx._conn.execute("SHOW synchronous_commit").fetchone()[0]  # type: ignore[attr-defined]
        ).result(10)
    )


def test_commits_are_durable_whatever_the_session_default(pg_url: str) -> None:
    # A URL (or a role default) asking for asynchronous commit is overridden.
    store = PostgresStore(pg_url + "&options=-csynchronous_commit%3Doff")
    try:
        setting = _commit_setting(store)
        assert setting == "on"
        assert "schema=" in repr(store)
    finally:
        store.close()


def _append(ref: str) -> Callable[[Transaction], JournalEntry]:
    return lambda tx: tx.append_journal("e", ref, "b", "t")


def test_concurrent_appends_serialize_on_the_journal_head_without_retries(pg_url: str) -> None:
    stores = [PostgresStore(pg_url, max_connections=4), PostgresStore(pg_url, max_connections=4)]
    try:
        futures = [stores[i % 2].submit(_append(str(i))) for i in range(200)]
        seqs = sorted(f.result(30).seq for f in futures)
        assert seqs == list(range(200))
        entries = stores[0].read(lambda tx: tx.journal())
        for before, after in itertools.pairwise(entries):
            assert after.prev_hash == before.entry_hash
        # The head row lock orders appends: no unit had to be rolled back and rerun.
        assert stores[0].retries == stores[1].retries == 0
    finally:
        for store in stores:
            store.close()


def test_servers_starting_together_migrate_once(pg_url: str) -> None:
    opened: list[PostgresStore] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def start() -> None:
        try:
            store = PostgresStore(pg_url, max_connections=1)
        except BaseException as exc:
            errors.append(exc)
            return
        with lock:
            opened.append(store)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    try:
        assert not errors and len(opened) == 4
        assert opened[0].schema_version() == 1
    finally:
        for store in opened:
            store.close()


def test_a_server_runs_on_postgresql_selected_by_config(pg_url: str, tmp_path: Path) -> None:
    import asyncio

    from server.app import build_server
    from server.auth import hash_api_key

    config = load_config(
        None,
        {
            "ALEA_STORE": pg_url,
            "ALEA_LISTEN": "127.0.0.1:0",
            "ALEA_DATA_DIR": str(tmp_path),
            "ALEA_SIGNING_KEY": SIGNING_SEED.hex(),
            "ALEA_SEAL_KEY": SEAL_KEY.hex(),
            "ALEA_API_KEYS": f"op-a:{hash_api_key(API_KEY_A)}",
            "ALEA_METRICS_LISTEN": "",
            "ALEA_DEV_KEYS": "false",
        },
    )
    server = build_server(config, games=[FakeCoin(), FakeLadder()])
    assert isinstance(server.store, PostgresStore)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        port = asyncio.run_coroutine_threadsafe(server.start(), loop).result(30)
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            client: Any = make_client(channel, API_KEY_A)
            pair = client.pairs.OpenPair(
                seed_pair_service_pb2.OpenPairRequest(
                    player_id="pg", client_seed="s", idempotency_key=new_key("pg")
                ),
                metadata=client.md(),
            ).pair
            request = game_service_pb2.PlayRoundRequest(
                pair_id=pair.pair_id,
                game_id="fake-coin",
                bets=[types_pb2.Bet(kind="heads", amount=10)],
                currency="EUR",
                idempotency_key=new_key("pg-play"),
            )
            first = client.games.PlayRound(request, metadata=client.md()).round
            again = client.games.PlayRound(request, metadata=client.md()).round
            assert first.nonce == 0 and again.round_id == first.round_id
    finally:
        asyncio.run_coroutine_threadsafe(server.stop(0.5), loop).result(30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
    assert PG_URL in pg_url


def test_a_stalled_server_does_not_block_the_others_for_long(pg_url: str) -> None:
    # One "server" takes the journal head and then freezes (think SIGSTOP, or a lost
    # network) inside its transaction; the database ends that transaction after
    # stall_timeout, so the other server's append goes through soon after.
    frozen = PostgresStore(pg_url, stall_timeout=0.5)
    other = PostgresStore(pg_url, stall_timeout=0.5)
    holding = threading.Event()

    def freeze(tx: Transaction) -> None:
        tx.append_journal("frozen", "", "b", "t")
        holding.set()
        time.sleep(2.5)
        tx.append_journal("after the freeze", "", "b", "t")

    try:
        stuck = frozen.submit(freeze)
        assert holding.wait(10)
        started = time.monotonic()
        other.submit(_append("other")).result(10)
        assert time.monotonic() - started < 2
        with pytest.raises(StoreError):
            stuck.result(10)  # its transaction was ended: nothing of it was saved
        assert [e.ref for e in other.read(lambda tx: tx.journal())] == ["other"]
    finally:
        frozen.close()
        other.close()


def test_a_stronger_commit_setting_is_kept(pg_url: str) -> None:
    store = PostgresStore(pg_url + "&options=-csynchronous_commit%3Dremote_apply")
    try:
        setting = _commit_setting(store)
        assert setting == "remote_apply"
    finally:
        store.close()
