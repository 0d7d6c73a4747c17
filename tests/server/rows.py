"""Store rows for the store tests: valid, with values that must round-trip exactly.

A non-ASCII player, a 60-byte sealed seed and a bet total near 2**63 catch a
store that mangles text, bytes or large integers; ``changes`` replaces fields.
"""

from __future__ import annotations

from dataclasses import replace

from server.store import PairRow, RoundRow


def pair_row(pair_id: str, **changes: object) -> PairRow:
    row = PairRow(
        pair_id=pair_id,
        operator_id="op",
        player_id="pl ü",
        commitment="c" * 64,
        sealed_seed=bytes(range(60)),
        server_seed=None,
        client_seed="cs",
        next_nonce=0,
        open_round_id=None,
        last_receipt_hash="h" * 64,
        commitment_record='{"a":1}',
        commitment_signature="sig",
        reveal_record=None,
        reveal_signature=None,
        successor_id=None,
        created_at="2026-01-01T00:00:00.000Z",
        revealed_at=None,
    )
    return replace(row, **changes)  # type: ignore[arg-type]


def round_row(round_id: str, pair_id: str, nonce: int = 0, **changes: object) -> RoundRow:
    row = RoundRow(
        round_id=round_id,
        pair_id=pair_id,
        operator_id="op",
        player_id="pl ü",
        nonce=nonce,
        game_id="g",
        model_hash="m",
        currency="EUR",
        bets='[{"amount":1}]',
        actions="[]",
        finished=False,
        legal_actions='["hit"]',
        outcome="{}",
        total_bet=2**62,
        total_win=0,
        started_at="t",
        finished_at=None,
        receipt_body=None,
        receipt_hash=None,
        receipt_signature=None,
    )
    return replace(row, **changes)  # type: ignore[arg-type]
