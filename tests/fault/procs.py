"""Server processes and load for the fault tests (and bench/soak.py).

A :class:`ServerProcess` is ``alea serve`` with the fake games
(tests/server/crash_server.py), configured only by ALEA_* variables, on the
store a :class:`tests.fault.sites.StoreSite` names. :class:`Load` drives
PlayRound calls from threads and records what each caller saw acknowledged,
and which request was in flight when its server died. :func:`check_store`
checks the invariants on the store itself.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import grpc

from alea.v1 import game_service_pb2, seed_pair_service_pb2, types_pb2
from server.auth import hash_api_key
from server.receipts import verify_export
from server.sqlite_store import journal_entry_hash
from server.store import GENESIS_HASH, JournalEntry, PairRow, RoundRow, Store
from tests.fault.sites import StoreSite
from tests.server.conftest import API_KEY_A, API_KEY_B, SEAL_KEY, SIGNING_SEED, make_client
from tests.server.fakes import FakeCoin, FakeLadder

REPO = Path(__file__).resolve().parents[2]
GAMES = {g.spec.model_hash: g for g in (FakeCoin(), FakeLadder())}
_names = itertools.count()

__all__ = [
    "GAMES",
    "Load",
    "ServerProcess",
    "check_chain",
    "check_store",
    "crash_loop",
    "open_pairs",
    "play_request",
    "rotate_and_verify",
]


class ServerProcess:
    """One ``alea serve`` process on the given store (``env`` from StoreSite.env())."""

    def __init__(self, tmp: Path, store_env: Mapping[str, str], name: str = "") -> None:
        name = name or f"server-{next(_names)}"
        self.name = name
        self.port_file = tmp / f"{name}.port"
        self.port_file.unlink(missing_ok=True)
        self.log_path = tmp / f"{name}.log"
        self._log = self.log_path.open("w")
        env = dict(os.environ)
        env.update(
            ALEA_LISTEN="127.0.0.1:0",
            ALEA_DATA_DIR=str(tmp),
            ALEA_SIGNING_KEY=SIGNING_SEED.hex(),
            ALEA_SEAL_KEY=SEAL_KEY.hex(),
            ALEA_API_KEYS=f"op-a:{hash_api_key(API_KEY_A)},op-b:{hash_api_key(API_KEY_B)}",
            ALEA_METRICS_LISTEN="",
            ALEA_PORT_FILE=str(self.port_file),
            ALEA_GRACE_SECONDS="5",
            ALEA_DEV_KEYS="false",
        )
        env.update(store_env)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.server.crash_server"],
            cwd=REPO,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self.port = 0

    def wait_ready(self, timeout: float = 30.0) -> ServerProcess:
        deadline = time.monotonic() + timeout
        while not self.port_file.exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self._log.flush()
                raise AssertionError(
                    f"{self.name} did not start: {self.log_path.read_text()[-3000:]}"
                )
            time.sleep(0.02)
        self.port = int(self.port_file.read_text())
        return self

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def kill(self) -> None:
        """SIGKILL: no cleanup, no flush, no goodbye."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)
        self._log.close()

    def terminate(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(20)
        self._log.close()
        return code

    def rss_kib(self) -> int:
        """Resident memory of the process (Linux /proc)."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0


def play_request(pair_id: str, key: str, amount: int = 10) -> Any:
    return game_service_pb2.PlayRoundRequest(
        pair_id=pair_id,
        game_id="fake-coin",
        bets=[types_pb2.Bet(kind="heads", amount=amount)],
        currency="EUR",
        idempotency_key=key,
    )


def open_pairs(address: str, count: int, prefix: str) -> list[str]:
    with grpc.insecure_channel(address) as channel:
        client = make_client(channel, API_KEY_A)
        return [
            client.pairs.OpenPair(
                seed_pair_service_pb2.OpenPairRequest(
                    player_id=f"{prefix}-{index}",
                    client_seed=f"seed {index}",
                    idempotency_key=f"{prefix}-open-{index}",
                ),
                metadata=client.md(),
                timeout=10,
            ).pair.pair_id
            for index in range(count)
        ]


class Load:
    """Threads playing rounds on ``pairs`` through ``addresses`` until stopped or failing.

    Worker *i* plays on ``pairs[i % len(pairs)]`` through ``addresses[i % len(addresses)]``:
    several workers (and servers) share a pair, so they race for its nonces.
    """

    def __init__(
        self,
        addresses: Sequence[str],
        pairs: Sequence[str],
        workers: int,
        *,
        tag: str,
        max_rounds: int | None = None,
        timeout: float = 5.0,
        ladder_pairs: Sequence[str] = (),
    ) -> None:
        self.channels = [grpc.insecure_channel(address) for address in addresses]
        self.clients = [make_client(channel, API_KEY_A) for channel in self.channels]
        self.pairs = list(pairs)
        self.acked: list[tuple[str, Any]] = []  #: (pair_id, Round) acknowledged
        self.latencies: list[float] = []
        self.errors: list[tuple[str, str]] = []  #: (code, details) of failed calls
        #: worker -> (pair_id, method, request) of the call it was making when it stopped
        self.in_flight: dict[int, tuple[str, str, Any]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._max_rounds = max_rounds
        self._timeout = timeout
        self._keys = itertools.count()
        self._tag = tag
        self.threads = [
            threading.Thread(target=self._work, args=(i,), daemon=True) for i in range(workers)
        ]
        self.threads += [
            threading.Thread(target=self._ladder, args=(workers + i, pair_id), daemon=True)
            for i, pair_id in enumerate(ladder_pairs)
        ]

    def start(self) -> Load:
        for thread in self.threads:
            thread.start()
        return self

    def _work(self, index: int) -> None:
        client = self.clients[index % len(self.clients)]
        pair_id = self.pairs[index % len(self.pairs)]
        played = 0
        while not self._stop.is_set():
            if self._max_rounds is not None and played >= self._max_rounds:
                return
            key = f"{self._tag}-{index}-{next(self._keys)}"
            if self._call(index, client, pair_id, "PlayRound", play_request(pair_id, key)) is None:
                return  # a dead server: this caller stops, its request stays "in flight"
            played += 1

    def _call(self, index: int, client: Any, pair_id: str, method: str, request: Any) -> Any:
        """One call; the Round it acknowledged, or None (error recorded)."""
        self.in_flight[index] = (pair_id, method, request)
        started = time.perf_counter()
        try:
            rnd = getattr(client.games, method)(
                request, metadata=client.md(), timeout=self._timeout
            ).round
        except grpc.RpcError as exc:
            with self._lock:
                self.errors.append((exc.code().name, exc.details() or ""))
            return None
        elapsed = time.perf_counter() - started
        with self._lock:
            self.acked.append((pair_id, rnd))
            self.latencies.append(elapsed)
        del self.in_flight[index]
        return rnd

    def _ladder(self, index: int, pair_id: str) -> None:
        """Multi-step rounds (fake-ladder): start, climb until finished; a round left
        open by a crash is finished first (stop)."""
        client = self.clients[0]
        pair = client.pairs.GetPair(
            seed_pair_service_pb2.GetPairRequest(pair_id=pair_id), metadata=client.md(), timeout=5
        ).pair
        round_id = pair.open_round_id
        resuming = bool(round_id)
        while not self._stop.is_set():
            key = f"{self._tag}-{index}-{next(self._keys)}"
            if round_id:
                request: Any = game_service_pb2.ActRoundRequest(
                    round_id=round_id,
                    action=types_pb2.Action(kind="stop" if resuming else "climb"),
                    idempotency_key=key,
                )
                rnd = self._call(index, client, pair_id, "ActRound", request)
            else:
                request = game_service_pb2.StartRoundRequest(
                    pair_id=pair_id,
                    game_id="fake-ladder",
                    bets=[types_pb2.Bet(kind="pot", amount=5)],
                    currency="EUR",
                    idempotency_key=key,
                )
                rnd = self._call(index, client, pair_id, "StartRound", request)
            if rnd is None:
                return
            resuming = False
            finished = rnd.state == types_pb2.ROUND_STATE_FINISHED
            round_id = "" if finished else rnd.round_id

    def retry_in_flight(self, address: str) -> list[tuple[str, Any]]:
        """Send every in-flight request again (same key) to ``address``: all must succeed."""
        retried = []
        with grpc.insecure_channel(address) as channel:
            client = make_client(channel, API_KEY_A)
            for pair_id, method, request in self.in_flight.values():
                rnd = getattr(client.games, method)(request, metadata=client.md(), timeout=10)
                retried.append((pair_id, rnd.round))
        return retried

    def count(self) -> int:
        with self._lock:
            return len(self.acked)

    def wait_for(self, rounds: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self.count() < rounds and time.monotonic() < deadline:
            if not any(thread.is_alive() for thread in self.threads):
                return
            time.sleep(0.01)

    def stop(self) -> None:
        self._stop.set()
        for thread in self.threads:
            thread.join(30)
        for channel in self.channels:
            channel.close()


def check_chain(entries: Sequence[JournalEntry]) -> None:
    """The journal is one chain: seq 0, 1, 2...; each entry links to and hashes as it must."""
    previous = GENESIS_HASH
    for seq, entry in enumerate(entries):
        assert entry.seq == seq, f"journal: seq {entry.seq} at position {seq}"
        assert entry.prev_hash == previous, f"journal: entry {seq} is not linked to {seq - 1}"
        assert entry.entry_hash == journal_entry_hash(
            entry.seq, entry.kind, entry.ref, entry.body_hash, entry.prev_hash, entry.at
        ), f"journal: entry {seq} hash"
        previous = entry.entry_hash


def check_store(
    store: Store, pair_ids: Sequence[str], acked: Sequence[tuple[str, Any]]
) -> dict[str, int]:
    """The invariants, read from the store: returns next_nonce per pair.

    Per pair: nonces 0..next_nonce-1 each exactly once; at most one unfinished
    round, the one the pair names; receipts chained from the commitment; every
    acknowledged round present with the receipt its caller got. Globally: the
    journal is one unbroken chain, and names every finished round once.
    """

    def read(tx: Any) -> tuple[dict[str, PairRow], dict[str, list[RoundRow]], list[Any]]:
        pairs = {p: tx.get_pair(p) for p in pair_ids}
        return pairs, {p: tx.pair_rounds(p) for p in pair_ids}, tx.journal()

    pairs, rounds, journal = store.read(read)
    nonces: dict[str, int] = {}
    by_id: dict[str, RoundRow] = {}
    for pair_id in pair_ids:
        pair = pairs[pair_id]
        assert pair is not None, f"pair {pair_id} lost"
        rows = rounds[pair_id]
        assert [r.nonce for r in rows] == list(range(pair.next_nonce)), (
            f"pair {pair_id}: nonces {[r.nonce for r in rows][:20]}… next {pair.next_nonce}"
        )
        open_rows = [r.round_id for r in rows if not r.finished]
        assert open_rows == ([pair.open_round_id] if pair.open_round_id else []), open_rows
        previous: str | None = _record_hash(pair.commitment_record)
        for row in rows:
            if not row.finished:
                continue
            assert row.receipt_body is not None
            body = json.loads(row.receipt_body)
            assert body["nonce"] == row.nonce and body["prev_receipt_hash"] == previous
            previous = row.receipt_hash
        assert pair.last_receipt_hash == previous
        nonces[pair_id] = pair.next_nonce
        by_id.update((r.round_id, r) for r in rows)
    for pair_id, rnd in acked:
        stored = by_id.get(rnd.round_id)
        assert stored is not None, f"acknowledged round {rnd.round_id} of {pair_id} is missing"
        assert stored.nonce == rnd.nonce, f"round {rnd.round_id}: nonce changed"
        if rnd.receipt.receipt_hash:  # acknowledged finished: the very same receipt
            assert stored.receipt_hash == rnd.receipt.receipt_hash, rnd.round_id
    check_chain(journal)
    finished_refs = [e.ref for e in journal if e.kind == "round.finish"]
    assert len(finished_refs) == len(set(finished_refs))
    assert {r for r, row in by_id.items() if row.finished} <= set(finished_refs)
    return nonces


def _record_hash(record: str) -> str:
    import hashlib

    return hashlib.sha256(record.encode("utf-8")).hexdigest()


def rotate_and_verify(address: str, pair_ids: Sequence[str]) -> int:
    """Rotate each pair and verify its session file offline; the rounds verified."""
    total = 0
    # A long pair's session file outgrows gRPC's default 4 MiB receive limit
    # (about 1 kB per round): a verifier of long pairs must raise it.
    options = [("grpc.max_receive_message_length", 256 * 1024 * 1024)]
    with grpc.insecure_channel(address, options=options) as channel:
        client = make_client(channel, API_KEY_A)
        md = client.md()
        for pair_id in pair_ids:
            pair = client.pairs.GetPair(
                seed_pair_service_pb2.GetPairRequest(pair_id=pair_id), metadata=md, timeout=10
            ).pair
            if pair.open_round_id:  # a multi-step round in progress: the player stops
                client.games.ActRound(
                    game_service_pb2.ActRoundRequest(
                        round_id=pair.open_round_id,
                        action=types_pb2.Action(kind="stop"),
                        idempotency_key=f"stop-{pair.open_round_id}",
                    ),
                    metadata=md,
                    timeout=10,
                )
            client.pairs.RotatePair(
                seed_pair_service_pb2.RotatePairRequest(
                    pair_id=pair_id, idempotency_key=f"rotate-{pair_id}"
                ),
                metadata=md,
                timeout=10,
            )
            export = client.pairs.ExportPair(
                seed_pair_service_pb2.ExportPairRequest(pair_id=pair_id), metadata=md, timeout=30
            )
            document = json.loads(export.export_json)
            from nacl.signing import SigningKey

            public_key = SigningKey(SIGNING_SEED).verify_key.encode().hex()
            summary = verify_export(document, public_key=public_key, game_lookup=GAMES.__getitem__)
            receipts = document["receipts"]
            assert [r["body"]["nonce"] for r in receipts] == list(range(len(receipts)))
            total += summary.rounds
    return total


def crash_loop(site: StoreSite, tmp: Path, kills: int, seed: int) -> dict[str, Any]:
    """Run ``kills`` kill/restart cycles; the figures of the run (used by bench/soak.py)."""
    rng = random.Random(seed)
    server = ServerProcess(tmp, site.env(), "crash-0").wait_ready()
    coin_pairs = open_pairs(server.address, 3, "coin")
    ladder_pairs = open_pairs(server.address, 1, "ladder")
    pairs = coin_pairs + ladder_pairs
    store = site.open()
    acked: list[tuple[str, Any]] = []
    previous: Load | None = None
    retried = 0
    try:
        for cycle in range(kills + 1):
            if cycle:
                server = ServerProcess(tmp, site.env(), f"crash-{cycle}").wait_ready()
            if previous is not None:
                again = previous.retry_in_flight(server.address)
                retried += len(again)
                acked += again
            check_store(store, pairs, acked)
            if cycle == kills:
                break
            load = Load(
                [server.address], coin_pairs, workers=6, tag=f"c{cycle}", ladder_pairs=ladder_pairs
            ).start()
            load.wait_for(rng.randrange(20, 80), timeout=15)
            server.kill()
            load.stop()
            acked += load.acked
            assert load.count() > 0, f"cycle {cycle}: nothing acknowledged before the kill"
            assert all(code == "UNAVAILABLE" for code, _ in load.errors), load.errors[:3]
            previous = load
        nonces = check_store(store, pairs, acked)
        verified = rotate_and_verify(server.address, pairs)
        assert verified == sum(nonces.values())
        assert server.terminate() == 0
    finally:
        server.kill()
    return {"kills": kills, "acknowledged": len(acked), "retried": retried, "rounds": verified}
