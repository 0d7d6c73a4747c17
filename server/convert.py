"""Between the engine's values and the alea.v1 protobuf messages. No logic lives here."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from alea.v1 import game_service_pb2, types_pb2
from games.base import Action, Bet, GameSpec
from games.canonical import canonical_json, fraction_text
from server.engine import PairView
from server.store import RoundRow

__all__ = [
    "action_from_proto",
    "bets_from_proto",
    "game_to_proto",
    "pair_to_proto",
    "round_to_proto",
]


def bets_from_proto(bets: Iterable[Any]) -> list[Bet]:
    return [Bet(bet.kind, int(bet.amount), tuple(bet.target)) for bet in bets]


def action_from_proto(action: Any) -> Action:
    return Action(action.kind, tuple(int(p) for p in action.positions))


def _signed(record: str, digest: str, signature: str) -> Any:
    if not record:
        return None
    return types_pb2.SignedRecord(record_json=record, record_hash=digest, signature=signature)


def pair_to_proto(view: PairView) -> Any:
    return types_pb2.SeedPair(
        pair_id=view.pair_id,
        player_id=view.player_id,
        commitment=view.commitment,
        commitment_record=_signed(
            view.commitment_record, view.commitment_hash, view.commitment_signature
        ),
        client_seed=view.client_seed,
        next_nonce=view.next_nonce,
        state=types_pb2.PAIR_STATE_ROTATED if view.rotated else types_pb2.PAIR_STATE_ACTIVE,
        open_round_id=view.open_round_id,
        successor_pair_id=view.successor_id,
        reveal_record=_signed(view.reveal_record, view.reveal_hash, view.reveal_signature),
        server_seed=view.server_seed if view.rotated else "",
        last_receipt_hash=view.last_receipt_hash,
        created_at=view.created_at,
        revealed_at=view.revealed_at,
    )


def _list(text: str) -> list[Any]:
    """A JSON list column; most are empty ("[]"), which needs no parsing."""
    return [] if text == "[]" else list(json.loads(text))


def round_to_proto(row: RoundRow) -> Any:
    receipt = None
    if row.receipt_body is not None:
        receipt = types_pb2.Receipt(
            body_json=row.receipt_body,
            receipt_hash=row.receipt_hash or "",
            signature=row.receipt_signature or "",
        )
    return types_pb2.Round(
        round_id=row.round_id,
        pair_id=row.pair_id,
        player_id=row.player_id,
        nonce=row.nonce,
        game_id=row.game_id,
        model_hash=row.model_hash,
        currency=row.currency,
        bets=[
            types_pb2.Bet(kind=b["kind"], amount=b["amount"], target=b["target"])
            for b in json.loads(row.bets)
        ],
        actions=[
            types_pb2.Action(kind=a["kind"], positions=a["positions"]) for a in _list(row.actions)
        ],
        state=(
            types_pb2.ROUND_STATE_FINISHED if row.finished else types_pb2.ROUND_STATE_IN_PROGRESS
        ),
        legal_actions=_list(row.legal_actions),
        outcome_json=row.outcome,
        total_bet=row.total_bet,
        total_win=row.total_win,
        started_at=row.started_at,
        finished_at=row.finished_at or "",
        receipt=receipt,
    )


def game_to_proto(spec: GameSpec) -> Any:
    return game_service_pb2.GameInfo(
        game_id=spec.game_id,
        name=spec.name,
        version=spec.version,
        model_hash=spec.model_hash,
        algorithm_version=spec.algorithm_version,
        multi_step=spec.multi_step,
        rtp=fraction_text(spec.rtp),
        rtp_display=float(spec.rtp),
        bets=[
            game_service_pb2.BetSpecInfo(
                kind=bet.kind,
                description=bet.description,
                pays=bet.pays,
                min_amount=bet.min_amount,
                max_amount=bet.max_amount,
                amount_step=bet.amount_step,
                expected_return=fraction_text(bet.expected_return),
                target_help=bet.target_help,
            )
            for bet in spec.bets
        ],
        model_json=canonical_json(spec.model).decode("utf-8"),
    )
