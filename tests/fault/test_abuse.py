"""Abuse, on both stores: each attempt is refused with the right code and changes nothing.

Unauthenticated calls to every method; one operator's key on another
operator's pairs and rounds (through every method that takes an id); an
idempotency key replayed with different content — also on the *other* of two
servers sharing the store; oversized messages; slow callers (calls that hit
their deadline, idle half-open connections) that must not block anyone else.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import grpc
import pytest

from alea.v1 import game_service_pb2, seed_pair_service_pb2, types_pb2
from server.app import AleaServer
from server.auth import ApiKey, Keyring, hash_api_key
from server.store import Store
from tests.fault.procs import check_store, play_request
from tests.fault.rpcfuzz import METHODS, typed_caller
from tests.fault.sites import StoreSite
from tests.server.conftest import (
    API_KEY_A,
    API_KEY_B,
    Client,
    fake_games,
    make_client,
    make_engine,
)
from tests.server.helpers import expect_code, new_key, open_pair

C = grpc.StatusCode


@dataclass
class InProcess:
    """An AleaServer on its own event loop thread, on a given store."""

    server: AleaServer
    loop: asyncio.AbstractEventLoop
    thread: threading.Thread
    channel: grpc.Channel

    @classmethod
    def start(cls, store: Store, name: str) -> InProcess:
        keyring = Keyring(
            [ApiKey("op-a", hash_api_key(API_KEY_A)), ApiKey("op-b", hash_api_key(API_KEY_B))]
        )
        server = AleaServer(
            engine=make_engine(store, fake_games(), name),
            store=store,
            keyring=keyring,
            build="alea abuse test",
        )
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, daemon=True)
        thread.start()
        asyncio.run_coroutine_threadsafe(server.start(), loop).result(30)
        channel = grpc.insecure_channel(f"127.0.0.1:{server.port}")
        return cls(server, loop, thread, channel)

    def client(self, key: str | None) -> Client:
        return make_client(self.channel, key)

    def stop(self) -> None:
        self.channel.close()
        asyncio.run_coroutine_threadsafe(self.server.stop(0.5), self.loop).result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.fixture
def two(site: StoreSite) -> Iterator[tuple[InProcess, InProcess, Store]]:
    """Two servers on one store (for SQLite: two store instances on one file)."""
    first, second = InProcess.start(site.open(), "s1"), InProcess.start(site.open(), "s2")
    reader = site.open()
    yield first, second, reader
    first.stop()
    second.stop()


def _state(reader: Store, pair_ids: list[str]) -> Any:
    return reader.read(
        lambda tx: (
            [tx.get_pair(p) for p in pair_ids],
            [tx.pair_rounds(p) for p in pair_ids],
            tx.journal(),
        )
    )


def test_unauthenticated_calls_are_refused_everywhere(two: Any) -> None:
    first, _, reader = two
    before = reader.read(lambda tx: tx.journal())
    bad = [
        [],
        [("authorization", "Bearer alea_" + "ff" * 32)],
        [("authorization", f"Token {API_KEY_A}")],
        [("authorization", "Bearer")],
        [("x-api-key", API_KEY_A)],
    ]
    for method in METHODS:
        for metadata in bad:
            expect_code(
                C.UNAUTHENTICATED,
                typed_caller(first.channel, method),
                method.request(),
                metadata=metadata,
                timeout=5,
            )
    assert reader.read(lambda tx: tx.journal()) == before


def test_an_operator_cannot_reach_another_operators_players(two: Any) -> None:
    first, second, reader = two
    a, b = first.client(API_KEY_A), second.client(API_KEY_B)
    pair = open_pair(a, "alice")
    rnd = a.games.StartRound(
        game_service_pb2.StartRoundRequest(
            pair_id=pair.pair_id,
            game_id="fake-ladder",
            bets=[types_pb2.Bet(kind="pot", amount=4)],
            currency="EUR",
            idempotency_key=new_key(),
        ),
        metadata=a.md(),
    ).round
    before = _state(reader, [pair.pair_id])
    md = b.md()
    attempts: list[tuple[Any, Any]] = [
        (b.pairs.GetPair, seed_pair_service_pb2.GetPairRequest(pair_id=pair.pair_id)),
        (b.pairs.ExportPair, seed_pair_service_pb2.ExportPairRequest(pair_id=pair.pair_id)),
        (
            b.pairs.SetClientSeed,
            seed_pair_service_pb2.SetClientSeedRequest(
                pair_id=pair.pair_id, client_seed="mine", idempotency_key=new_key()
            ),
        ),
        (
            b.pairs.RotatePair,
            seed_pair_service_pb2.RotatePairRequest(
                pair_id=pair.pair_id, idempotency_key=new_key()
            ),
        ),
        (b.games.GetRound, game_service_pb2.GetRoundRequest(round_id=rnd.round_id)),
        (
            b.games.ActRound,
            game_service_pb2.ActRoundRequest(
                round_id=rnd.round_id,
                action=types_pb2.Action(kind="stop"),
                idempotency_key=new_key(),
            ),
        ),
        (b.games.PlayRound, play_request(pair.pair_id, new_key())),
    ]
    for call, request in attempts:
        details = expect_code(C.NOT_FOUND, call, request, metadata=md, timeout=5)
        assert "alice" not in details  # nothing about the other operator's player leaks
    assert _state(reader, [pair.pair_id]) == before


def test_a_replayed_key_with_other_content_is_refused_on_every_server(two: Any) -> None:
    first, second, reader = two
    a1, a2 = first.client(API_KEY_A), second.client(API_KEY_A)
    pair = open_pair(a1, "bob")
    key = new_key("replay")
    played = a1.games.PlayRound(play_request(pair.pair_id, key), metadata=a1.md()).round
    # The exact retry, on either server: the same round.
    for client in (a1, a2):
        again = client.games.PlayRound(play_request(pair.pair_id, key), metadata=client.md())
        assert again.round.round_id == played.round_id
    before = _state(reader, [pair.pair_id])
    other_pair = open_pair(a2, "carol").pair_id
    before = _state(reader, [pair.pair_id, other_pair])
    changed = [
        (a2.games.PlayRound, play_request(pair.pair_id, key, amount=11)),
        (a1.games.PlayRound, play_request(other_pair, key)),
        (
            a2.games.StartRound,
            game_service_pb2.StartRoundRequest(
                pair_id=pair.pair_id,
                game_id="fake-ladder",
                bets=[types_pb2.Bet(kind="pot", amount=10)],
                currency="EUR",
                idempotency_key=key,
            ),
        ),
        (
            a1.pairs.OpenPair,
            seed_pair_service_pb2.OpenPairRequest(player_id="bob", idempotency_key=key),
        ),
    ]
    for call, request in changed:
        expect_code(C.ALREADY_EXISTS, call, request, metadata=a1.md(), timeout=5, contains=key)
    assert _state(reader, [pair.pair_id, other_pair]) == before
    # Keys are per operator: op-b may use the same string for its own request.
    b = second.client(API_KEY_B)
    own = open_pair(b, "dave")
    assert b.games.PlayRound(play_request(own.pair_id, key), metadata=b.md()).round.nonce == 0


def test_oversized_messages_are_refused(two: Any) -> None:
    first, _, reader = two
    a = first.client(API_KEY_A)
    before = reader.read(lambda tx: tx.journal())
    huge = "x" * (5 * 1024 * 1024)  # over gRPC's 4 MiB default receive limit
    expect_code(
        C.RESOURCE_EXHAUSTED,
        a.pairs.OpenPair,
        seed_pair_service_pb2.OpenPairRequest(player_id=huge, idempotency_key=new_key()),
        metadata=a.md(),
        timeout=10,
    )
    big = "y" * (1024 * 1024)  # under the limit, over every field limit
    for request in (
        seed_pair_service_pb2.OpenPairRequest(player_id=big, idempotency_key=new_key()),
        seed_pair_service_pb2.OpenPairRequest(player_id="p", client_seed=big, idempotency_key="k"),
        seed_pair_service_pb2.OpenPairRequest(player_id="p", idempotency_key=big),
    ):
        expect_code(C.INVALID_ARGUMENT, a.pairs.OpenPair, request, metadata=a.md(), timeout=10)
    assert reader.read(lambda tx: tx.journal()) == before
    assert open_pair(a, "after-the-flood").next_nonce == 0


def test_slow_callers_block_nobody(two: Any) -> None:
    first, _, reader = two
    a = first.client(API_KEY_A)
    pair = open_pair(a, "erin").pair_id
    # Idle half-open connections: a TCP connect, half an HTTP/2 preface, then silence.
    idle = []
    for _ in range(20):
        sock = socket.create_connection(("127.0.0.1", first.server.port), timeout=5)
        sock.sendall(b"PRI * HTTP/2.0\r\n")
        idle.append(sock)
    try:
        # Callers whose deadline is too short to be served: DEADLINE_EXCEEDED, no harm.
        keys = [new_key("hasty") for _ in range(5)]
        for key in keys:
            try:
                a.games.PlayRound(play_request(pair, key), metadata=a.md(), timeout=0.0005)
            except grpc.RpcError as exc:
                assert exc.code() == C.DEADLINE_EXCEEDED
        # Everyone else is served promptly meanwhile.
        started = time.monotonic()
        for _ in range(10):
            a.games.PlayRound(play_request(pair, new_key("ok")), metadata=a.md(), timeout=5)
        assert time.monotonic() - started < 5
        # A hasty caller that retries gets one round, never two.
        for key in keys:
            a.games.PlayRound(play_request(pair, key), metadata=a.md(), timeout=5)
            a.games.PlayRound(play_request(pair, key), metadata=a.md(), timeout=5)
    finally:
        for sock in idle:
            sock.close()
    nonces = check_store(reader, [pair], [])
    assert nonces[pair] == 15
