"""Helpers the server tests share: calls with credentials, simple bets, round drivers."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import grpc

from alea.v1 import game_service_pb2, seed_pair_service_pb2, types_pb2
from games.base import Bet, Game
from games.errors import InvalidBetError

_keys = itertools.count()


def new_key(prefix: str = "k") -> str:
    return f"{prefix}-{next(_keys)}"


def simple_bets(game: Game) -> list[list[Bet]]:
    """Valid one-bet lists from the game's BetSpecs (minimum stake, simple targets)."""
    found: list[list[Bet]] = []
    for spec in game.spec.bets:
        step = max(1, spec.amount_step)
        amount = -(-max(spec.min_amount, 1) // step) * step
        for target in ((), ("1",), ("17",), ("0",)):
            bets = [Bet(spec.kind, amount, target)]
            try:
                game.validate_bets(bets)
            except InvalidBetError:
                continue
            found.append(bets)
            break
    assert found, f"no simple valid bet found for {game.spec.game_id}"
    return found


def to_proto_bets(bets: Sequence[Bet]) -> list[Any]:
    return [types_pb2.Bet(kind=b.kind, amount=b.amount, target=list(b.target)) for b in bets]


def open_pair(client: Any, player: str = "player-1", seed: str = "client seed ü") -> Any:
    response = client.pairs.OpenPair(
        seed_pair_service_pb2.OpenPairRequest(
            player_id=player, client_seed=seed, idempotency_key=new_key("open")
        ),
        metadata=client.md(),
    )
    return response.pair


def play(
    client: Any,
    pair_id: str,
    game: Game,
    bets: Sequence[Bet],
    currency: str = "EUR",
) -> Any:
    """Play one round to the end (multi-step: always the first legal action)."""
    request_kwargs = {
        "pair_id": pair_id,
        "game_id": game.spec.game_id,
        "bets": to_proto_bets(bets),
        "currency": currency,
    }
    if not game.spec.multi_step:
        return client.games.PlayRound(
            game_service_pb2.PlayRoundRequest(**request_kwargs, idempotency_key=new_key("play")),
            metadata=client.md(),
        ).round
    rnd = client.games.StartRound(
        game_service_pb2.StartRoundRequest(**request_kwargs, idempotency_key=new_key("start")),
        metadata=client.md(),
    ).round
    for _ in range(64):
        if rnd.state == types_pb2.ROUND_STATE_FINISHED:
            return rnd
        assert list(rnd.legal_actions), "an unfinished round must offer an action"
        rnd = client.games.ActRound(
            game_service_pb2.ActRoundRequest(
                round_id=rnd.round_id,
                action=types_pb2.Action(kind=rnd.legal_actions[0]),
                idempotency_key=new_key("act"),
            ),
            metadata=client.md(),
        ).round
    raise AssertionError("round did not finish in 64 actions")


def expect_code(code: grpc.StatusCode, call: Any, *args: Any, contains: str = "", **kw: Any) -> str:
    try:
        call(*args, **kw)
    except grpc.RpcError as exc:
        assert exc.code() == code, f"{exc.code()} != {code}: {exc.details()}"
        assert contains in (exc.details() or ""), f"{contains!r} not in {exc.details()!r}"
        return str(exc.details())
    raise AssertionError(f"expected {code}, the call succeeded")
