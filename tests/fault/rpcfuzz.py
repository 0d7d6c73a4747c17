"""What the RPC fuzzer needs: every alea.v1 method, a world of real ids to aim at,
request strategies built from the message descriptors, and a store fingerprint.

Requests are generated from each method's *input message descriptor* (the
generated classes in alea.v1), so a field added to the API is fuzzed without
touching the tests. Field values mix the ids of a small real world (so calls
reach deep into the engine: a valid pair, a pair without client seed, a
finished round, a multi-step round in progress, a rotated pair, another
operator's pair and round, a used idempotency key) with hostile values.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import message_factory
from google.protobuf.descriptor import FieldDescriptor
from hypothesis import strategies as st

from alea.v1 import (
    game_service_pb2,
    seed_pair_service_pb2,
    server_info_service_pb2,
    types_pb2,
)
from tests.server.conftest import API_KEY_A, API_KEY_B, make_client
from tests.server.helpers import new_key, open_pair, play

__all__ = ["METHODS", "Method", "World", "fingerprint", "metadata_strategy", "request_strategy"]

INT64 = (-(2**63), 2**63 - 1)
INT32 = (-(2**31), 2**31 - 1)

HOSTILE_TEXT = (
    "",
    " ",
    "\x00",
    "\t\n",
    "a" * 65,
    "k" * 129,
    "x" * 100_000,  # a huge string (under the 4 MiB message limit)
    "é" * 300,
    "\u202eevil",
    "😀" * 40,
    "\ufeffbom",
    "' OR 1=1 --",
    "%s%n%x",
    "../../etc/passwd",
    "p_000000\x00",
    "NaN",
    "-1",
    "9" * 40,
)


@dataclass(frozen=True)
class Method:
    service: str
    name: str
    request: type[Any]

    @property
    def path(self) -> str:
        return f"/{self.service}/{self.name}"


def _methods() -> tuple[Method, ...]:
    found = []
    for module in (seed_pair_service_pb2, game_service_pb2, server_info_service_pb2):
        for service in module.DESCRIPTOR.services_by_name.values():
            for method in service.methods:
                found.append(
                    Method(
                        service.full_name,
                        method.name,
                        message_factory.GetMessageClass(method.input_type),
                    )
                )
    return tuple(found)


METHODS = _methods()


@dataclass
class World:
    """Real ids on the fuzzed server, made through the API by operator op-a (and op-b)."""

    pair: str
    pair_no_seed: str
    finished_round: str
    open_round: str
    ladder_pair: str
    rotated_pair: str
    foreign_pair: str
    foreign_round: str
    used_key: str
    game_ids: tuple[str, ...]
    model_hashes: tuple[str, ...]

    @classmethod
    def build(cls, channel: grpc.Channel, games: Any) -> World:
        a = make_client(channel, API_KEY_A)
        b = make_client(channel, API_KEY_B)
        coin = next(g for g in games if g.spec.game_id == "fake-coin")
        ladder = next(g for g in games if g.spec.game_id == "fake-ladder")
        from games.base import Bet
        from tests.server.helpers import to_proto_bets

        pair = open_pair(a, "fuzz-player")
        used_key = new_key("fuzz-used")
        finished = a.games.PlayRound(
            game_service_pb2.PlayRoundRequest(
                pair_id=pair.pair_id,
                game_id="fake-coin",
                bets=to_proto_bets([Bet("heads", 10)]),
                currency="EUR",
                idempotency_key=used_key,
            ),
            metadata=a.md(),
        ).round
        no_seed = a.pairs.OpenPair(
            seed_pair_service_pb2.OpenPairRequest(
                player_id="fuzz-noseed", idempotency_key=new_key("fuzz")
            ),
            metadata=a.md(),
        ).pair
        ladder_pair = open_pair(a, "fuzz-ladder")
        opened = a.games.StartRound(
            game_service_pb2.StartRoundRequest(
                pair_id=ladder_pair.pair_id,
                game_id="fake-ladder",
                bets=to_proto_bets([Bet("pot", 4)]),
                currency="EUR",
                idempotency_key=new_key("fuzz"),
            ),
            metadata=a.md(),
        ).round
        rotated = open_pair(a, "fuzz-rotated")
        a.pairs.RotatePair(
            seed_pair_service_pb2.RotatePairRequest(
                pair_id=rotated.pair_id, idempotency_key=new_key("fuzz")
            ),
            metadata=a.md(),
        )
        foreign = open_pair(b, "fuzz-foreign")
        foreign_round = play(b, foreign.pair_id, coin, [Bet("heads", 2)])
        return cls(
            pair=pair.pair_id,
            pair_no_seed=no_seed.pair_id,
            finished_round=finished.round_id,
            open_round=opened.round_id,
            ladder_pair=ladder_pair.pair_id,
            rotated_pair=rotated.pair_id,
            foreign_pair=foreign.pair_id,
            foreign_round=foreign_round.round_id,
            used_key=used_key,
            game_ids=tuple(g.spec.game_id for g in games),
            model_hashes=(coin.spec.model_hash, ladder.spec.model_hash),
        )

    def ids(self) -> tuple[str, ...]:
        return (
            self.pair,
            self.pair_no_seed,
            self.finished_round,
            self.open_round,
            self.ladder_pair,
            self.rotated_pair,
            self.foreign_pair,
            self.foreign_round,
        )


def _hostile() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(HOSTILE_TEXT),
        st.text(max_size=30),
        st.text(alphabet=st.characters(codec="ascii"), min_size=1, max_size=140),
    )


def _mostly(valid: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Valid three times out of four, so that calls get past the first check."""
    return st.one_of(valid, valid, valid, _hostile())


def _string_field(name: str, world: World) -> st.SearchStrategy[str]:
    if name in ("pair_id", "round_id"):
        return _mostly(st.sampled_from(world.ids()))
    if name == "idempotency_key":
        return st.one_of(
            st.just(world.used_key),
            st.builds(lambda: new_key("fz")),
            st.builds(lambda: new_key("fz")),
            _hostile(),
        )
    if name == "game_id":
        return _mostly(st.sampled_from(world.game_ids))
    if name == "model_hash":
        return st.one_of(st.just(""), st.sampled_from(world.model_hashes), _hostile())
    if name == "currency":
        return _mostly(st.sampled_from(["EUR", "USD", "eur", "XAU", "XTS", "EU", "€"]))
    if name == "kind":
        return _mostly(st.sampled_from(["heads", "tails", "pot", "climb", "stop"]))
    if name in ("client_seed", "next_client_seed"):
        return _mostly(st.just("seed"))
    if name == "player_id":
        return _mostly(st.just("fuzz-player"))
    return _hostile()


def _scalar(field: FieldDescriptor, world: World) -> st.SearchStrategy[Any]:
    kind = field.type
    if kind == FieldDescriptor.TYPE_STRING:
        return _string_field(field.name, world)
    if kind in (FieldDescriptor.TYPE_INT64, FieldDescriptor.TYPE_SINT64):
        return st.one_of(
            st.sampled_from([2, 10, 100]),
            st.sampled_from([0, -1, 1, 10**9, 10**9 + 1, INT64[0], INT64[1]]),
            st.integers(*INT64),
        )
    if kind in (FieldDescriptor.TYPE_INT32, FieldDescriptor.TYPE_SINT32):
        return st.one_of(
            st.sampled_from([0, -1, 1, 51, 52, INT32[0], INT32[1]]), st.integers(*INT32)
        )
    if kind in (FieldDescriptor.TYPE_UINT32, FieldDescriptor.TYPE_UINT64):
        return st.integers(0, 2**32 - 1)
    if kind == FieldDescriptor.TYPE_BOOL:
        return st.booleans()
    if kind == FieldDescriptor.TYPE_BYTES:
        return st.binary(max_size=64)
    if kind == FieldDescriptor.TYPE_ENUM:  # any number: known and unknown values
        return st.integers(-5, 2**31 - 1)
    raise AssertionError(f"no strategy for field {field.full_name} (type {kind})")


def request_strategy(cls: type[Any], world: World, depth: int = 0) -> st.SearchStrategy[Any]:
    """Messages of ``cls`` with every field drawn (or left unset) independently."""
    parts: dict[str, st.SearchStrategy[Any]] = {}
    for field in cls.DESCRIPTOR.fields:
        if field.type == FieldDescriptor.TYPE_MESSAGE:
            sub = message_factory.GetMessageClass(field.message_type)
            one = request_strategy(sub, world, depth + 1)
            if field.is_repeated:
                value: st.SearchStrategy[Any] = st.one_of(
                    st.lists(one, max_size=3), st.lists(one, min_size=60, max_size=70)
                )
            else:
                value = one
        elif field.is_repeated:
            value = st.lists(_scalar(field, world), max_size=6)
        else:
            value = _scalar(field, world)
        parts[field.name] = st.one_of(st.none(), value) if depth == 0 else value

    def build(values: dict[str, Any]) -> Any:
        message = cls()
        for name, value in values.items():
            if value is None:
                continue
            target = getattr(message, name)
            field = cls.DESCRIPTOR.fields_by_name[name]
            if field.is_repeated:
                if field.type == FieldDescriptor.TYPE_MESSAGE:
                    target.extend(value)
                else:
                    target.extend(value)
            elif field.type == FieldDescriptor.TYPE_MESSAGE:
                target.CopyFrom(value)
            else:
                setattr(message, name, value)
        return message

    return st.fixed_dictionaries(parts).map(build)


#: (label, metadata, whether it authenticates): the credentials a fuzzed call carries.
CREDENTIALS: tuple[tuple[str, list[tuple[str, str]], bool], ...] = (
    ("op-a", [("authorization", f"Bearer {API_KEY_A}")], True),
    ("op-b", [("authorization", f"Bearer {API_KEY_B}")], True),
    ("none", [], False),
    ("unknown key", [("authorization", "Bearer alea_" + "00" * 32)], False),
    ("basic", [("authorization", f"Basic {API_KEY_A}")], False),
    ("empty bearer", [("authorization", "Bearer ")], False),
    ("key without scheme", [("authorization", API_KEY_A)], False),
)


def metadata_strategy() -> st.SearchStrategy[tuple[str, list[tuple[str, str]], bool]]:
    return st.one_of(st.just(CREDENTIALS[0]), st.just(CREDENTIALS[0]), st.sampled_from(CREDENTIALS))


def fingerprint(store_path: Path) -> str:
    """A hash of every stored row: pairs, rounds, idempotency records, journal."""
    conn = sqlite3.connect(f"file:{store_path}?mode=ro", uri=True)
    try:
        digest = hashlib.sha256()
        for table in ("pairs", "rounds", "idempotency", "journal"):
            for row in conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2"):
                digest.update(repr(row).encode())
        return digest.hexdigest()
    finally:
        conn.close()


def raw_caller(channel: grpc.Channel, method: Method) -> Callable[..., bytes]:
    """A callable sending raw request bytes (malformed protobuf) to ``method``."""
    return channel.unary_unary(  # type: ignore[no-any-return]
        method.path,
        request_serializer=lambda body: body,
        response_deserializer=lambda body: body,
    )


def typed_caller(channel: grpc.Channel, method: Method) -> Callable[..., bytes]:
    return channel.unary_unary(  # type: ignore[no-any-return]
        method.path,
        request_serializer=lambda message: message.SerializeToString(),
        response_deserializer=lambda body: body,
    )


_ = types_pb2  # the Bet and Action messages are reached through the descriptors
