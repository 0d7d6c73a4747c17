"""Server test fixtures: an in-process server on 127.0.0.1:0 (its own event loop
thread), fixed keys, the fake games plus every registry game, and stubs."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import grpc
import pytest
from nacl.signing import SigningKey

from alea.v1 import (
    game_service_pb2_grpc,
    seed_pair_service_pb2_grpc,
    server_info_service_pb2_grpc,
)
from games.base import Game
from games.registry import current_games
from rng import HmacDrbg
from server.app import AleaServer
from server.auth import ApiKey, Keyring, hash_api_key
from server.engine import Engine
from server.keys import SeedSealer
from server.sqlite_store import SqliteStore
from server.store import Store
from tests.server.fakes import FakeCoin, FakeLadder

API_KEY_A = "alea_" + "a1" * 32
API_KEY_B = "alea_" + "b2" * 32
SIGNING_SEED = bytes(range(32))
SEAL_KEY = bytes(range(32, 64))


def fake_games() -> list[Game]:
    return [FakeCoin(), FakeLadder()]


def all_test_games() -> list[Game]:
    return [*current_games(), *fake_games()]


class TickClock:
    """A clock that advances 1 ms per reading (injected; no real time in receipts)."""

    def __init__(self) -> None:
        self._now = datetime(2026, 1, 1, tzinfo=UTC)
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            self._now += timedelta(milliseconds=1)
            return self._now


def make_engine(store: Store, games: Sequence[Game], name: str = "") -> Engine:
    """The test engine: fixed keys, a tick clock, counted ids.

    ``name`` sets servers sharing one store apart: it goes into every id and the
    DRBG nonce, so two engines never make the same id.
    """
    counter = iter(range(10**9))
    lock = threading.Lock()
    tag = f"{name}_" if name else ""

    def new_id(prefix: str) -> str:
        with lock:
            return f"{prefix}_{tag}{next(counter):06d}"

    return Engine(
        store,
        signing_key=SigningKey(SIGNING_SEED),
        sealer=SeedSealer(SEAL_KEY),
        drbg=HmacDrbg(b"e" * 32, name.encode().ljust(16, b"n"), b"alea tests"),
        clock=TickClock(),
        games=games,
        new_id=new_id,
    )


@dataclass
class RunningServer:
    server: AleaServer
    loop: asyncio.AbstractEventLoop
    thread: threading.Thread
    store_path: Path

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.server.port}"

    def stop(self, grace: float = 0.5) -> None:
        asyncio.run_coroutine_threadsafe(self.server.stop(grace), self.loop).result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


def start_server(
    store_path: Path,
    games: Sequence[Game],
    *,
    credentials: grpc.ServerCredentials | None = None,
    metrics_listen: str = "",
) -> RunningServer:
    store = SqliteStore(store_path)
    keyring = Keyring(
        [ApiKey("op-a", hash_api_key(API_KEY_A)), ApiKey("op-b", hash_api_key(API_KEY_B))]
    )
    server = AleaServer(
        engine=make_engine(store, games),
        store=store,
        keyring=keyring,
        listen="127.0.0.1:0",
        credentials=credentials,
        metrics_listen=metrics_listen,
        build="alea test",
    )
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="alea-test-server", daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(server.start(), loop).result(30)
    return RunningServer(server, loop, thread, store_path)


@dataclass
class Client:
    channel: grpc.Channel
    pairs: Any
    games: Any
    info: Any
    api_key: str | None

    def md(self, key: str | None = "default") -> list[tuple[str, str]]:
        use = self.api_key if key == "default" else key
        return [] if use is None else [("authorization", f"Bearer {use}")]


def make_client(channel: grpc.Channel, api_key: str | None) -> Client:
    return Client(
        channel,
        seed_pair_service_pb2_grpc.SeedPairServiceStub(channel),
        game_service_pb2_grpc.GameServiceStub(channel),
        server_info_service_pb2_grpc.ServerInfoServiceStub(channel),
        api_key,
    )


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    path = tmp_path_factory.mktemp("store") / "alea.sqlite3"
    srv = start_server(path, fake_games(), metrics_listen="127.0.0.1:0")
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def registry_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """A server offering every registry game (``games.current_games()``) and the fakes."""
    path = tmp_path_factory.mktemp("registry") / "alea.sqlite3"
    srv = start_server(path, all_test_games())
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def channel(running: RunningServer) -> Iterator[grpc.Channel]:
    with grpc.insecure_channel(running.address) as ch:
        yield ch


@pytest.fixture(scope="module")
def client(channel: grpc.Channel) -> Client:
    return make_client(channel, API_KEY_A)


@pytest.fixture(scope="module")
def client_b(channel: grpc.Channel) -> Client:
    return make_client(channel, API_KEY_B)
