"""Idempotent retries, bad input of every kind, authentication and operator isolation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import grpc
import pytest

from alea.v1 import game_service_pb2, seed_pair_service_pb2, types_pb2
from games.base import Bet
from tests.server.fakes import FakeCoin
from tests.server.helpers import expect_code, new_key, open_pair, play, to_proto_bets

C = grpc.StatusCode
COIN = FakeCoin()


def _state(client: Any, running: Any, pair_id: str) -> tuple[Any, int]:
    pair = client.pairs.GetPair(
        seed_pair_service_pb2.GetPairRequest(pair_id=pair_id), metadata=client.md()
    ).pair
    journal = running.server.store.read(lambda tx: len(tx.journal()))
    return pair, journal


def _play_request(pair_id: str, **overrides: Any) -> Any:
    fields: dict[str, Any] = {
        "pair_id": pair_id,
        "game_id": "fake-coin",
        "bets": [types_pb2.Bet(kind="heads", amount=10)],
        "currency": "EUR",
        "idempotency_key": new_key("bad"),
    }
    fields.update(overrides)
    return game_service_pb2.PlayRoundRequest(**fields)


# -- idempotency -------------------------------------------------------------------


def test_play_retry_returns_the_stored_round(client, running) -> None:
    pair = open_pair(client, "p-idem")
    request = _play_request(pair.pair_id, idempotency_key="retry-1")
    first = client.games.PlayRound(request, metadata=client.md()).round
    again = client.games.PlayRound(request, metadata=client.md()).round
    assert again == first
    state, _ = _state(client, running, pair.pair_id)
    assert state.next_nonce == 1
    # Same key, different content: refused, nothing changes.
    _, journal = _state(client, running, pair.pair_id)
    changed = _play_request(
        pair.pair_id, idempotency_key="retry-1", bets=[types_pb2.Bet(kind="heads", amount=11)]
    )
    expect_code(
        C.ALREADY_EXISTS,
        client.games.PlayRound,
        changed,
        metadata=client.md(),
        contains="idempotency_key",
    )
    # Same key on another method: refused too.
    expect_code(
        C.ALREADY_EXISTS,
        client.pairs.OpenPair,
        seed_pair_service_pb2.OpenPairRequest(player_id="x", idempotency_key="retry-1"),
        metadata=client.md(),
        contains="PlayRound",
    )
    assert _state(client, running, pair.pair_id) == (state, journal)


def test_keys_are_per_operator(client, client_b) -> None:
    request = seed_pair_service_pb2.OpenPairRequest(
        player_id="same", client_seed="s", idempotency_key="shared-key"
    )
    a = client.pairs.OpenPair(request, metadata=client.md()).pair
    b = client_b.pairs.OpenPair(request, metadata=client_b.md()).pair
    assert a.pair_id != b.pair_id
    assert client.pairs.OpenPair(request, metadata=client.md()).pair == a


def test_rotate_and_act_retries(client, running) -> None:
    pair = open_pair(client, "p-idem-2")
    start = client.games.StartRound(
        game_service_pb2.StartRoundRequest(
            pair_id=pair.pair_id,
            game_id="fake-ladder",
            currency="EUR",
            bets=[types_pb2.Bet(kind="pot", amount=4)],
            idempotency_key="s-1",
        ),
        metadata=client.md(),
    ).round
    act = game_service_pb2.ActRoundRequest(
        round_id=start.round_id, action=types_pb2.Action(kind="climb"), idempotency_key="a-1"
    )
    first = client.games.ActRound(act, metadata=client.md()).round
    assert client.games.ActRound(act, metadata=client.md()).round == first
    assert len(first.actions) == 1
    if first.state != types_pb2.ROUND_STATE_FINISHED:
        client.games.ActRound(
            game_service_pb2.ActRoundRequest(
                round_id=start.round_id,
                action=types_pb2.Action(kind="stop"),
                idempotency_key="a-2",
            ),
            metadata=client.md(),
        )
    rotate = seed_pair_service_pb2.RotatePairRequest(pair_id=pair.pair_id, idempotency_key="r-1")
    one = client.pairs.RotatePair(rotate, metadata=client.md())
    two = client.pairs.RotatePair(rotate, metadata=client.md())
    assert one == two
    assert one.rotated_pair.server_seed and one.next_pair.server_seed == ""


# -- bad input: the right code, the field named, nothing changed ---------------------------


def _call(service: str, method: str, request: Any) -> Callable[[Any], Any]:
    """The call of ``method`` with ``request`` and the client's credentials (a bad case)."""
    return lambda c: getattr(getattr(c, service), method)(request, metadata=c.md())


def _bad_cases(pair_id: str) -> list[tuple[str, Callable[[Any], Any], C, str]]:
    pairs = seed_pair_service_pb2
    games = game_service_pb2

    def play(target: str = pair_id, **overrides: Any) -> Callable[[Any], Any]:
        return _call("games", "PlayRound", _play_request(target, **overrides))

    def keyed(service: str, method: str, **fields: Any) -> Callable[[Any], Any]:
        """A writing call: a request of ``fields`` and a fresh idempotency key."""
        module = pairs if service == "pairs" else games
        request = getattr(module, f"{method}Request")(idempotency_key=new_key(), **fields)
        return _call(service, method, request)

    def bet(kind: str, amount: int, **more: Any) -> list[Any]:
        return [types_pb2.Bet(kind=kind, amount=amount, **more)]

    return [
        ("no pair_id", play(""), C.INVALID_ARGUMENT, "pair_id"),
        ("unknown pair", play("p_missing"), C.NOT_FOUND, "pair_id"),
        ("no key", play(idempotency_key=""), C.INVALID_ARGUMENT, "idempotency_key"),
        ("key with space", play(idempotency_key="a b"), C.INVALID_ARGUMENT, "idempotency_key"),
        ("no game", play(game_id=""), C.INVALID_ARGUMENT, "game_id"),
        ("unknown game", play(game_id="nope"), C.NOT_FOUND, "game_id"),
        (
            "multi-step via Play",
            play(game_id="fake-ladder", bets=bet("pot", 1)),
            C.INVALID_ARGUMENT,
            "StartRound",
        ),
        (
            "single-step via Start",
            keyed(
                "games",
                "StartRound",
                pair_id=pair_id,
                game_id="fake-coin",
                currency="EUR",
                bets=bet("heads", 1),
            ),
            C.INVALID_ARGUMENT,
            "PlayRound",
        ),
        ("no bets", play(bets=[]), C.INVALID_ARGUMENT, "bets"),
        ("negative amount", play(bets=bet("heads", -5)), C.INVALID_ARGUMENT, "amount"),
        ("zero amount", play(bets=bet("heads", 0)), C.INVALID_ARGUMENT, "amount"),
        ("off step", play(bets=bet("tails", 3)), C.INVALID_ARGUMENT, "multiple of 2"),
        ("over max", play(bets=bet("heads", 10**10)), C.INVALID_ARGUMENT, "maximum"),
        ("int64 overflow", play(bets=bet("heads", 2**62) * 2), C.INVALID_ARGUMENT, "int64"),
        ("unknown kind", play(bets=bet("edge", 1)), C.INVALID_ARGUMENT, "edge"),
        ("no bet kind", play(bets=bet("", 1)), C.INVALID_ARGUMENT, "kind"),
        ("bad target", play(bets=bet("heads", 1, target=["x"])), C.INVALID_ARGUMENT, "target"),
        ("no currency", play(currency=""), C.INVALID_ARGUMENT, "currency"),
        ("lower-case currency", play(currency="eur"), C.INVALID_ARGUMENT, "currency"),
        ("unknown currency", play(currency="ABC"), C.INVALID_ARGUMENT, "ISO 4217"),
        ("metal currency", play(currency="XAU"), C.INVALID_ARGUMENT, "currency"),
        ("stale model hash", play(model_hash="ab" * 32), C.FAILED_PRECONDITION, "model_hash"),
        ("no player", keyed("pairs", "OpenPair", player_id=""), C.INVALID_ARGUMENT, "player_id"),
        (
            "control char player",
            keyed("pairs", "OpenPair", player_id="a\x00b"),
            C.INVALID_ARGUMENT,
            "player_id",
        ),
        (
            "bad client seed",
            keyed("pairs", "OpenPair", player_id="p", client_seed=" pad"),
            C.INVALID_ARGUMENT,
            "client_seed",
        ),
        (
            "long client seed",
            keyed("pairs", "SetClientSeed", pair_id=pair_id, client_seed="x" * 200),
            C.INVALID_ARGUMENT,
            "client_seed",
        ),
        (
            "client seed after a round",
            keyed("pairs", "SetClientSeed", pair_id=pair_id, client_seed="late"),
            C.FAILED_PRECONDITION,
            "rotate the pair",
        ),
        (
            "bad next client seed",
            keyed("pairs", "RotatePair", pair_id=pair_id, next_client_seed="a\nb"),
            C.INVALID_ARGUMENT,
            "next_client_seed",
        ),
        (
            "export before rotation",
            _call("pairs", "ExportPair", pairs.ExportPairRequest(pair_id=pair_id)),
            C.FAILED_PRECONDITION,
            "not rotated",
        ),
        (
            "get unknown round",
            _call("games", "GetRound", games.GetRoundRequest(round_id="r_missing")),
            C.NOT_FOUND,
            "round_id",
        ),
        (
            "act unknown round",
            keyed("games", "ActRound", round_id="r_missing", action=types_pb2.Action(kind="stop")),
            C.NOT_FOUND,
            "round_id",
        ),
        (
            "huge id",
            _call("pairs", "GetPair", pairs.GetPairRequest(pair_id="p" * 500)),
            C.INVALID_ARGUMENT,
            "pair_id",
        ),
    ]


def test_bad_input_gets_the_right_code_and_changes_nothing(client, running) -> None:
    pair = open_pair(client, "p-bad")
    play(client, pair.pair_id, COIN, [Bet("heads", 2)])
    before = _state(client, running, pair.pair_id)
    cases = _bad_cases(pair.pair_id)
    for name, call, code, field in cases:
        try:
            call(client)
        except grpc.RpcError as exc:
            assert exc.code() == code, f"{name}: {exc.code()} {exc.details()}"
            assert field in exc.details(), f"{name}: {exc.details()!r} lacks {field!r}"
        else:
            pytest.fail(f"{name}: the call succeeded")
    assert _state(client, running, pair.pair_id) == before


def test_state_rules(client, running) -> None:
    pair = open_pair(client, "p-rules")

    def start_ladder() -> Any:
        return game_service_pb2.StartRoundRequest(
            pair_id=pair.pair_id,
            game_id="fake-ladder",
            currency="EUR",
            bets=[types_pb2.Bet(kind="pot", amount=4)],
            idempotency_key=new_key(),
        )

    def rotate() -> Any:
        return seed_pair_service_pb2.RotatePairRequest(
            pair_id=pair.pair_id, idempotency_key=new_key()
        )

    def act(**fields: Any) -> Any:
        return game_service_pb2.ActRoundRequest(
            round_id=start.round_id, idempotency_key=new_key(), **fields
        )

    start = client.games.StartRound(start_ladder(), metadata=client.md()).round
    before = _state(client, running, pair.pair_id)
    md = client.md()
    # A round in progress blocks new rounds and rotation, naming the round.
    expect_code(
        C.FAILED_PRECONDITION,
        client.games.PlayRound,
        _play_request(pair.pair_id),
        metadata=md,
        contains=start.round_id,
    )
    expect_code(
        C.FAILED_PRECONDITION,
        client.games.StartRound,
        start_ladder(),
        metadata=md,
        contains=start.round_id,
    )
    expect_code(
        C.FAILED_PRECONDITION,
        client.pairs.RotatePair,
        rotate(),
        metadata=md,
        contains=start.round_id,
    )
    # Illegal and empty actions.
    expect_code(
        C.FAILED_PRECONDITION,
        client.games.ActRound,
        act(action=types_pb2.Action(kind="jump")),
        metadata=md,
        contains="jump",
    )
    expect_code(
        C.INVALID_ARGUMENT, client.games.ActRound, act(), metadata=md, contains="action.kind"
    )
    assert _state(client, running, pair.pair_id) == before
    client.games.ActRound(act(action=types_pb2.Action(kind="stop")), metadata=md)
    expect_code(
        C.FAILED_PRECONDITION,
        client.games.ActRound,
        act(action=types_pb2.Action(kind="stop")),
        metadata=md,
        contains="finished",
    )
    client.pairs.RotatePair(rotate(), metadata=md)
    # A rotated pair takes no rounds and no second rotation.
    expect_code(
        C.FAILED_PRECONDITION,
        client.games.PlayRound,
        _play_request(pair.pair_id),
        metadata=md,
        contains="rotated",
    )
    expect_code(
        C.FAILED_PRECONDITION, client.pairs.RotatePair, rotate(), metadata=md, contains="rotated"
    )


# -- authentication and isolation ---------------------------------------------------


@pytest.mark.parametrize(
    "metadata",
    [
        [],
        [("authorization", "Bearer alea_wrong")],
        [("authorization", "Basic dXNlcjpwYXNz")],
        [("authorization", "Bearer ")],
    ],
)
def test_unauthenticated(client, metadata) -> None:
    for call, request in [
        (client.games.ListGames, game_service_pb2.ListGamesRequest()),
        (
            client.pairs.OpenPair,
            seed_pair_service_pb2.OpenPairRequest(player_id="x", idempotency_key=new_key()),
        ),
        (client.games.PlayRound, _play_request("p_000001")),
    ]:
        expect_code(C.UNAUTHENTICATED, call, request, metadata=metadata)


def test_operators_see_only_their_own(client, client_b) -> None:
    pair = open_pair(client, "p-iso")
    rnd = play(client, pair.pair_id, COIN, [Bet("heads", 1)])
    md = client_b.md()
    expect_code(
        C.NOT_FOUND,
        client_b.pairs.GetPair,
        seed_pair_service_pb2.GetPairRequest(pair_id=pair.pair_id),
        metadata=md,
    )
    expect_code(
        C.NOT_FOUND,
        client_b.games.GetRound,
        game_service_pb2.GetRoundRequest(round_id=rnd.round_id),
        metadata=md,
    )
    expect_code(C.NOT_FOUND, client_b.games.PlayRound, _play_request(pair.pair_id), metadata=md)
    expect_code(
        C.NOT_FOUND,
        client_b.pairs.RotatePair,
        seed_pair_service_pb2.RotatePairRequest(pair_id=pair.pair_id, idempotency_key=new_key()),
        metadata=md,
    )
    expect_code(
        C.NOT_FOUND,
        client_b.pairs.ExportPair,
        seed_pair_service_pb2.ExportPairRequest(pair_id=pair.pair_id),
        metadata=md,
    )


def test_unrevealed_seed_never_leaves_or_rests_in_clear(client, running) -> None:
    from server.keys import SeedSealer
    from tests.server.conftest import SEAL_KEY

    pair = open_pair(client, "p-secret")
    got = client.pairs.GetPair(
        seed_pair_service_pb2.GetPairRequest(pair_id=pair.pair_id), metadata=client.md()
    ).pair
    assert got.server_seed == "" and "server_seed" not in got.commitment_record.record_json
    row = running.server.store.read(lambda tx: tx.get_pair(pair.pair_id))
    assert row.server_seed is None and row.sealed_seed is not None
    seed = SeedSealer(SEAL_KEY).open(pair.pair_id, row.sealed_seed)
    assert seed.hex() not in repr(row)
    raw = (
        running.store_path.read_bytes()
        + running.store_path.with_name(running.store_path.name + "-wal").read_bytes()
    )
    assert seed not in raw and seed.hex().encode() not in raw
    # The seal is bound to the pair id (AES-GCM associated data).
    with pytest.raises(ValueError):
        SeedSealer(SEAL_KEY).open("p_other", row.sealed_seed)


def test_to_proto_bets_helper() -> None:
    assert to_proto_bets([Bet("a", 1, ("2",))])[0].target == ["2"]
