"""The real stream-driven round agrees with the exact math (99% confidence intervals)."""

from __future__ import annotations

import math

import pytest

from games import Bet, game_by_id, simulate
from games.simulate import Z_99
from games.slots import SlotGame, parse_model
from tests.games.slots.helpers import GEOMETRIC, doc

SERVER_SEED = bytes.fromhex("5a" * 32)

#: rounds per model: each run stays well under 15 s on one core
ROUNDS = {"slots-classic-7s": 80_000, "slots-classic-5line": 60_000, "slots-video-20": 40_000}


@pytest.mark.slow
@pytest.mark.parametrize("game_id", sorted(ROUNDS))
def test_simulated_rtp_within_99_ci(game_id: str) -> None:
    game = game_by_id(game_id)
    assert isinstance(game, SlotGame)
    bet = Bet("spin", game.spec.bets[0].min_amount)
    summary = simulate(game, [bet], ROUNDS[game_id], SERVER_SEED, f"sim-{game_id}")
    assert summary.total_bet == bet.amount * ROUNDS[game_id]
    assert summary.contains(game.spec.rtp), (summary.interval_99, float(game.spec.rtp))


def test_geometric_feature_simulates_to_its_closed_form() -> None:
    # Hand-derived (helpers.GEOMETRIC): RTP 3, variance 2, retriggers every other spin.
    game = SlotGame(parse_model(doc(GEOMETRIC)))
    assert game.spec.rtp == 3  # computed by the PAR path: the model declares none
    rounds = 20_000
    summary = simulate(game, [Bet("spin", 1)], rounds, SERVER_SEED, "geometric")
    assert summary.contains(3)
    # the spread agrees too: SD = sqrt(2); its 99% band for n rounds (normal approx. of the
    # sample variance, K geometric(1/2) has 4th central moment 38)
    se_var = math.sqrt((38 - 2**2) / rounds)
    assert abs(summary.sd_return**2 - 2) <= Z_99 * se_var
