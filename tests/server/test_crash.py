"""Crash safety: SIGKILL a server under concurrent load, restart it on the same store.

Every round any client saw acknowledged must be there, with the same receipt; each
pair's nonces are contiguous; every chain verifies after rotation; the global
journal chain is intact. Also: SIGTERM stops the server cleanly.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import grpc
import pytest
from nacl.signing import SigningKey

from alea.v1 import (
    game_service_pb2,
    seed_pair_service_pb2,
    server_info_service_pb2,
    types_pb2,
)
from server.auth import hash_api_key
from server.receipts import verify_export
from server.sqlite_store import SqliteStore, journal_entry_hash
from server.store import GENESIS_HASH
from tests.server.conftest import API_KEY_A, SEAL_KEY, SIGNING_SEED, make_client
from tests.server.fakes import FakeCoin, FakeLadder
from tests.server.helpers import new_key

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
GAMES = {g.spec.model_hash: g for g in (FakeCoin(), FakeLadder())}


class ServerProcess:
    def __init__(self, tmp: Path, name: str) -> None:
        self.port_file = tmp / f"{name}.port"
        self.log = (tmp / f"{name}.log").open("w")
        env = dict(os.environ)
        env.update(
            ALEA_LISTEN="127.0.0.1:0",
            ALEA_DATA_DIR=str(tmp),
            ALEA_STORE_PATH=str(tmp / "alea.sqlite3"),
            ALEA_SIGNING_KEY=SIGNING_SEED.hex(),
            ALEA_SEAL_KEY=SEAL_KEY.hex(),
            ALEA_API_KEYS=f"op-a:{hash_api_key(API_KEY_A)}",
            ALEA_METRICS_LISTEN="",
            ALEA_PORT_FILE=str(self.port_file),
            ALEA_GRACE_SECONDS="5",
            ALEA_DEV_KEYS="false",
        )
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.server.crash_server"],
            cwd=REPO,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while not self.port_file.exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.log.flush()
                raise AssertionError(
                    "server did not start: " + (tmp / f"{name}.log").read_text()[-2000:]
                )
            time.sleep(0.05)
        self.port = int(self.port_file.read_text())

    def channel(self) -> grpc.Channel:
        return grpc.insecure_channel(f"127.0.0.1:{self.port}")


def _play_request(pair_id: str, key: str) -> Any:
    return game_service_pb2.PlayRoundRequest(
        pair_id=pair_id,
        game_id="fake-coin",
        bets=[types_pb2.Bet(kind="heads", amount=10)],
        currency="EUR",
        idempotency_key=key,
    )


def test_sigkill_under_load_loses_no_acknowledged_round(tmp_path: Path) -> None:
    first = ServerProcess(tmp_path, "first")
    channel = first.channel()
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
                    _play_request(pair_id, key), metadata=client.md(), timeout=5
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
    first.proc.send_signal(signal.SIGKILL)
    first.proc.wait(10)
    stop.set()
    for thread in threads:
        thread.join(10)
    channel.close()
    total = sum(len(v) for v in acked.values())
    assert total >= 50, f"only {total} rounds acknowledged before the kill"

    second = ServerProcess(tmp_path, "second")
    with second.channel() as channel2:
        client2 = make_client(channel2, API_KEY_A)
        md = client2.md()
        public_key = client2.info.GetServerInfo(
            server_info_service_pb2.GetServerInfoRequest(), metadata=md
        ).server_public_key
        assert public_key == SigningKey(SIGNING_SEED).verify_key.encode().hex()
        for pair_id in pairs:
            # The request in flight at the kill: retrying it must work, never double-play.
            retried = client2.games.PlayRound(
                _play_request(pair_id, in_flight[pair_id]), metadata=md
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
        second.proc.send_signal(signal.SIGTERM)
        assert second.proc.wait(15) == 0
    log = (tmp_path / "second.log").read_text()
    assert '"msg": "stopped"' in log
    assert SEAL_KEY.hex() not in log and SIGNING_SEED.hex() not in log

    store = SqliteStore(tmp_path / "alea.sqlite3")
    entries = store.read(lambda tx: tx.journal())
    previous = GENESIS_HASH
    for seq, entry in enumerate(entries):
        assert entry.seq == seq and entry.prev_hash == previous
        assert entry.entry_hash == journal_entry_hash(
            entry.seq, entry.kind, entry.ref, entry.body_hash, entry.prev_hash, entry.at
        )
        previous = entry.entry_hash
    store.close()
