"""Two server processes on one PostgreSQL, callers racing on the same seed pairs.

Every caller goes to either server; several callers share each pair, so the two
servers race for the same nonces and journal head all the time. Afterwards: no
nonce reused or skipped, every acknowledged round present with the receipt its
caller got, every pair's receipt chain verifies offline after rotation, the
global journal is one chain; an idempotency key sent to both servers at once
plays one round.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import grpc
import pytest

from tests.fault.procs import (
    Load,
    ServerProcess,
    check_store,
    open_pairs,
    play_request,
    rotate_and_verify,
)
from tests.fault.sites import StoreSite
from tests.server.conftest import API_KEY_A, make_client

pytestmark = pytest.mark.slow


@pytest.fixture
def pg_site(tmp_path: Path) -> Any:
    site = StoreSite("postgresql", tmp_path)
    yield site
    site.cleanup()


def test_two_servers_share_pairs_without_reusing_nonces(pg_site: StoreSite, tmp_path: Path) -> None:
    servers = [ServerProcess(tmp_path, pg_site.env(), f"srv{i}") for i in range(2)]
    try:
        for server in servers:
            server.wait_ready()
        addresses = [server.address for server in servers]
        pairs = open_pairs(addresses[0], 3, "two")
        load = Load(addresses, pairs, workers=12, tag="two", max_rounds=25).start()
        # Meanwhile: one idempotency key per pair sent to both servers at once.
        same_key: list[tuple[str, str]] = []
        lock = threading.Lock()

        def twice(address: str, pair_id: str, key: str, barrier: threading.Barrier) -> None:
            with grpc.insecure_channel(address) as channel:
                client = make_client(channel, API_KEY_A)
                barrier.wait(10)
                rnd = client.games.PlayRound(
                    play_request(pair_id, key), metadata=client.md(), timeout=20
                ).round
            with lock:
                same_key.append((key, rnd.round_id))
                load.acked.append((pair_id, rnd))

        racers = []
        for pair_id in pairs:
            barrier = threading.Barrier(2)
            for address in addresses:
                racers.append(
                    threading.Thread(
                        target=twice, args=(address, pair_id, f"both-{pair_id}", barrier)
                    )
                )
        for thread in racers:
            thread.start()
        for thread in racers:
            thread.join(60)
        for thread in load.threads:
            thread.join(120)
        load.stop()
        assert not load.errors, load.errors[:5]
        assert len(same_key) == 2 * len(pairs)
        by_key: dict[str, set[str]] = {}
        for key, round_id in same_key:
            by_key.setdefault(key, set()).add(round_id)
        assert all(len(ids) == 1 for ids in by_key.values()), by_key  # one round per key

        store = pg_site.open()
        nonces = check_store(store, pairs, load.acked)
        distinct = {rnd.round_id for _, rnd in load.acked}
        assert sum(nonces.values()) == len(distinct) == 12 * 25 + len(pairs)
        assert rotate_and_verify(addresses[1], pairs) == sum(nonces.values())
    finally:
        for server in servers:
            server.kill()
