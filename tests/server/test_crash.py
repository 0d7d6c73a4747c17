"""Crash safety: SIGKILL a server under concurrent load, restart it on the same store.

Every round any client saw acknowledged must be there, with the same receipt; each
pair's nonces are contiguous; every chain verifies after rotation; the global
journal chain is intact. Also: SIGTERM stops the server cleanly.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import grpc
import pytest
from nacl.signing import SigningKey

from alea.v1 import (
    seed_pair_service_pb2,
    server_info_service_pb2,
    types_pb2,
)
from server.receipts import verify_export
from server.sqlite_store import SqliteStore
from tests.fault.procs import ServerProcess, check_chain, play_request
from tests.server.conftest import API_KEY_A, SEAL_KEY, SIGNING_SEED, make_client
from tests.server.fakes import FakeCoin, FakeLadder
from tests.server.helpers import new_key

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
GAMES = {g.spec.model_hash: g for g in (FakeCoin(), FakeLadder())}


def _server(tmp: Path, name: str) -> ServerProcess:
    """A server process on the SQLite store in ``tmp`` (the same file for every name)."""
    return ServerProcess(tmp, {"ALEA_STORE_PATH": str(tmp / "alea.sqlite3")}, name).wait_ready()


def test_sigkill_under_load_loses_no_acknowledged_round(tmp_path: Path) -> None:
    first = _server(tmp_path, "first")
    channel = grpc.insecure_channel(first.address)
    client = make_client(channel, API_KEY_A)
    workers = 6
    pairs = []
    for index in range(workers):
        pairs.append(
            client.pairs.OpenPair(
                seed_pair_service_pb2.OpenPairRequest(
                    player_id=f"crash-{index}",
                    client_seed=f"seed {index}",
                    idempotency_key=new_key("crash-open"),
                ),
                metadata=client.md(),
            ).pair.pair_id
        )
    acked: dict[str, list[Any]] = {pair_id: [] for pair_id in pairs}
    in_flight: dict[str, str] = {}
    stop = threading.Event()

    def worker(pair_id: str) -> None:
        while not stop.is_set():
            key = new_key(f"crash-{pair_id}")
            in_flight[pair_id] = key
            try:
                rnd = client.games.PlayRound(
                    play_request(pair_id, key), metadata=client.md(), timeout=5
                ).round
            except grpc.RpcError:
                return
            acked[pair_id].append(rnd)

    threads = [threading.Thread(target=worker, args=(p,)) for p in pairs]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 10
    while sum(len(v) for v in acked.values()) < 300 and time.monotonic() < deadline:
        time.sleep(0.02)
    first.kill()  # SIGKILL
    stop.set()
    for thread in threads:
        thread.join(10)
    channel.close()
    total = sum(len(v) for v in acked.values())
    assert total >= 50, f"only {total} rounds acknowledged before the kill"

    second = _server(tmp_path, "second")
    with grpc.insecure_channel(second.address) as channel2:
        client2 = make_client(channel2, API_KEY_A)
        md = client2.md()
        public_key = client2.info.GetServerInfo(
            server_info_service_pb2.GetServerInfoRequest(), metadata=md
        ).server_public_key
        assert public_key == SigningKey(SIGNING_SEED).verify_key.encode().hex()
        for pair_id in pairs:
            # The request in flight at the kill: retrying it must work, never double-play.
            retried = client2.games.PlayRound(
                play_request(pair_id, in_flight[pair_id]), metadata=md
            ).round
            pair = client2.pairs.GetPair(
                seed_pair_service_pb2.GetPairRequest(pair_id=pair_id), metadata=md
            ).pair
            assert retried.nonce == pair.next_nonce - 1
            assert pair.next_nonce >= len(acked[pair_id]) + 1
            rotated = client2.pairs.RotatePair(
                seed_pair_service_pb2.RotatePairRequest(pair_id=pair_id, idempotency_key=new_key()),
                metadata=md,
            )
            assert rotated.rotated_pair.state == types_pb2.PAIR_STATE_ROTATED
            export = client2.pairs.ExportPair(
                seed_pair_service_pb2.ExportPairRequest(pair_id=pair_id), metadata=md
            )
            document = json.loads(export.export_json)
            summary = verify_export(document, public_key=public_key, game_lookup=GAMES.__getitem__)
            assert summary.rounds == pair.next_nonce
            receipts = document["receipts"]
            assert [r["body"]["nonce"] for r in receipts] == list(range(len(receipts)))
            for rnd in acked[pair_id]:
                stored = receipts[rnd.nonce]
                assert stored["body"]["round_id"] == rnd.round_id
                assert stored["receipt_hash"] == rnd.receipt.receipt_hash
        assert second.terminate() == 0  # SIGTERM: a clean stop
    log = (tmp_path / "second.log").read_text()
    assert '"msg": "stopped"' in log
    assert SEAL_KEY.hex() not in log and SIGNING_SEED.hex() not in log

    store = SqliteStore(tmp_path / "alea.sqlite3")
    entries = store.read(lambda tx: tx.journal())
    check_chain(entries)
    store.close()
