"""Bad input, fuzzed: Hypothesis over every alea.v1 method's request message.

Through a real in-process server (SQLite; the gRPC layer is the same for both
stores): random and malformed fields, huge strings, odd Unicode, negative and
int64-extreme amounts, 60+ bets, unknown games and multi-step games through
PlayRound (and vice versa), real ids of the wrong kind or of another operator,
a reused idempotency key, bad credentials — and raw bytes that aren't a valid
message at all (corrupt wire format, invalid UTF-8, unknown fields).

Each call: never INTERNAL or UNKNOWN (for well-formed messages), never a crash;
bad credentials always UNAUTHENTICATED; a rejected call leaves every stored row
unchanged. Afterwards the server still answers and the journal is intact.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alea.v1 import server_info_service_pb2
from server.sqlite_store import SqliteStore
from tests.fault.procs import check_store
from tests.fault.rpcfuzz import (
    METHODS,
    Method,
    World,
    fingerprint,
    metadata_strategy,
    raw_caller,
    request_strategy,
    typed_caller,
)
from tests.server.conftest import API_KEY_A, RunningServer, all_test_games, start_server

pytestmark = pytest.mark.slow

FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=False,
)
NEVER = (grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN)
AUTH = [("authorization", f"Bearer {API_KEY_A}")]


class Fuzzed:
    def __init__(self, server: RunningServer, channel: grpc.Channel, world: World) -> None:
        self.server, self.channel, self.world = server, channel, world
        self.path = server.store_path
        self.calls: dict[str, int] = {}

    def call(self, caller: Any, request: Any, metadata: list[tuple[str, str]]) -> tuple[Any, str]:
        try:
            caller(request, metadata=metadata, timeout=20)
        except grpc.RpcError as exc:
            code = exc.code()
            details = exc.details() or ""
        else:
            code, details = grpc.StatusCode.OK, ""
        self.calls[code.name] = self.calls.get(code.name, 0) + 1
        return code, details


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzzed]:
    games = all_test_games()
    server = start_server(tmp_path_factory.mktemp("fuzz") / "alea.sqlite3", games)
    channel = grpc.insecure_channel(server.address)
    try:
        yield Fuzzed(server, channel, World.build(channel, games))
    finally:
        channel.close()
        server.stop()


@pytest.mark.parametrize("method", METHODS, ids=lambda m: m.name)
@FUZZ
@given(data=st.data())
def test_fuzzed_requests_are_refused_cleanly(fuzzed: Fuzzed, method: Method, data: Any) -> None:
    request = data.draw(request_strategy(method.request, fuzzed.world), label="request")
    label, metadata, authenticates = data.draw(metadata_strategy(), label="credentials")
    before = fingerprint(fuzzed.path)
    code, details = fuzzed.call(typed_caller(fuzzed.channel, method), request, metadata)
    assert code not in NEVER, f"{method.name} ({label}) -> {code.name}: {details}"
    if not authenticates:
        assert code == grpc.StatusCode.UNAUTHENTICATED, f"{label}: {code.name} {details}"
    if code != grpc.StatusCode.OK:
        assert fingerprint(fuzzed.path) == before, f"{method.name} {code.name} changed state"


def _invalid_utf8(method: Method) -> st.SearchStrategy[bytes]:
    """Field 1 (a string in every request that has fields) holding invalid UTF-8."""
    bad = st.sampled_from([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"ok\xfe\xff", b"\xf8\x88\x80"])
    return bad.map(lambda raw: b"\x0a" + bytes([len(raw)]) + raw)


def _mutated(method: Method, world: World) -> st.SearchStrategy[bytes]:
    """A valid request's bytes, cut short or with bytes overwritten."""

    def mutate(body: bytes, cut: int, flips: list[tuple[int, int]]) -> bytes:
        raw = bytearray(body[: max(0, len(body) - cut)])
        for position, value in flips:
            if raw:
                raw[position % len(raw)] = value
        return bytes(raw)

    valid = request_strategy(method.request, world).map(lambda m: m.SerializeToString())
    flips = st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=4)
    return st.builds(mutate, valid, st.integers(0, 8), flips)


@settings(FUZZ, max_examples=120)
@given(data=st.data())
def test_malformed_bytes_never_crash_or_change_state(fuzzed: Fuzzed, data: Any) -> None:
    method = data.draw(st.sampled_from(METHODS), label="method")
    body = data.draw(
        st.one_of(
            st.binary(max_size=300),
            _invalid_utf8(method),
            _mutated(method, fuzzed.world),
            # An overlong varint and a field number out of range.
            st.just(b"\x10" + b"\xff" * 11),
            st.just(b"\xf8\xff\xff\xff\xff\x0f\x00"),
        ),
        label="body",
    )
    before = fingerprint(fuzzed.path)
    code, details = fuzzed.call(raw_caller(fuzzed.channel, method), body, AUTH)
    assert code != grpc.StatusCode.INTERNAL, f"{method.name} -> INTERNAL: {details}"
    if code != grpc.StatusCode.OK:
        assert fingerprint(fuzzed.path) == before


def test_undecodable_requests_are_invalid_argument(fuzzed: Fuzzed) -> None:
    """Corrupt wire bytes on every method are the caller's fault: INVALID_ARGUMENT from
    server/decode_guard.py, never UNKNOWN. A truncated length-delimited field 1 everywhere;
    invalid UTF-8 in OpenPair's string field 1 (player_id)."""
    cases = [(method, b"\x0a\x05\xff") for method in METHODS]
    cases.append((next(m for m in METHODS if m.name == "OpenPair"), b"\x0a\x02\xff\xfe"))
    for method, payload in cases:
        code, details = fuzzed.call(raw_caller(fuzzed.channel, method), payload, AUTH)
        assert code == grpc.StatusCode.INVALID_ARGUMENT, f"{method.name}: {code.name}: {details}"
        assert "could not be decoded" in details


def test_the_server_still_answers_and_the_store_is_intact(fuzzed: Fuzzed) -> None:
    # Runs after the fuzzers in this module (pytest keeps file order).
    from tests.server.conftest import make_client

    client: Any = make_client(fuzzed.channel, API_KEY_A)
    info = client.info.GetServerInfo(
        server_info_service_pb2.GetServerInfoRequest(), metadata=client.md(), timeout=5
    )
    assert info.server_public_key == fuzzed.server.server.engine.public_key
    health = health_pb2_grpc.HealthStub(fuzzed.channel).Check(
        health_pb2.HealthCheckRequest(), timeout=5
    )
    assert health.status == health_pb2.HealthCheckResponse.SERVING
    store = SqliteStore(Path(fuzzed.path))
    try:
        world = fuzzed.world
        check_store(store, [world.pair, world.ladder_pair, world.rotated_pair], [])
    finally:
        store.close()
