"""Graceful shutdown: health turns NOT_SERVING, calls in flight finish and are kept."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from alea.v1 import game_service_pb2, types_pb2
from server.sqlite_store import SqliteStore
from tests.server.conftest import API_KEY_A, fake_games, make_client, start_server
from tests.server.helpers import new_key, open_pair


def test_graceful_stop_keeps_every_acknowledged_round(tmp_path: Path) -> None:
    path = tmp_path / "alea.sqlite3"
    running = start_server(path, fake_games())
    channel = grpc.insecure_channel(running.address)
    client = make_client(channel, API_KEY_A)
    pairs = [open_pair(client, f"shut-{i}").pair_id for i in range(4)]
    statuses: list[int] = []
    watching = threading.Event()

    def watch() -> None:
        stub = health_pb2_grpc.HealthStub(channel)
        try:
            for response in stub.Watch(health_pb2.HealthCheckRequest(), timeout=10):
                statuses.append(response.status)
                watching.set()
        except grpc.RpcError:
            pass

    acked: list[Any] = []
    refused: list[str] = []
    stop = threading.Event()

    def load(pair_id: str) -> None:
        while not stop.is_set():
            try:
                acked.append(
                    client.games.PlayRound(
                        game_service_pb2.PlayRoundRequest(
                            pair_id=pair_id,
                            game_id="fake-coin",
                            bets=[types_pb2.Bet(kind="heads", amount=1)],
                            currency="EUR",
                            idempotency_key=new_key("shut"),
                        ),
                        metadata=client.md(),
                        timeout=5,
                    ).round
                )
            except grpc.RpcError as exc:
                # Refused once the server stops taking calls: never acknowledged.
                if exc.code() not in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.CANCELLED):
                    refused.append(f"{exc.code()}: {exc.details()}")
                return

    watcher = threading.Thread(target=watch)
    watcher.start()
    assert watching.wait(5)
    threads = [threading.Thread(target=load, args=(p,)) for p in pairs]
    for thread in threads:
        thread.start()
    time.sleep(0.3)
    running.stop(grace=1.0)
    stop.set()
    for thread in [*threads, watcher]:
        thread.join(10)
    channel.close()
    assert statuses[0] == health_pb2.HealthCheckResponse.SERVING
    assert health_pb2.HealthCheckResponse.NOT_SERVING in statuses
    assert acked and not refused, refused
    store = SqliteStore(path)
    for rnd in acked:
        row = store.read(lambda tx, r=rnd: tx.get_round(r.round_id))
        assert row is not None and row.receipt_hash == rnd.receipt.receipt_hash
    store.close()
