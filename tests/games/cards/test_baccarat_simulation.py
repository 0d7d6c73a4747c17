"""Baccarat through the real stream-driven rounds: the simulated return lies in the 99% CI."""

from __future__ import annotations

from fractions import Fraction

import pytest

from games.base import Bet
from games.cards.baccarat import catalog
from games.simulate import simulate

GAMES = {game.spec.game_id: game for game in catalog()}


@pytest.mark.slow
@pytest.mark.parametrize(("game_id", "rounds"), [("baccarat", 5_000), ("baccarat-ez", 3_000)])
def test_simulated_return_is_within_the_99_percent_interval(game_id: str, rounds: int) -> None:
    game = GAMES[game_id]
    bets = [Bet(spec.kind, 100) for spec in game.spec.bets]
    expected = sum((spec.expected_return for spec in game.spec.bets), Fraction(0)) / len(bets)
    summary = simulate(game, bets, rounds, bytes(range(32)), f"sim-{game_id}")
    assert summary.rounds == rounds
    assert summary.contains(expected), (summary.interval_99, float(expected))


@pytest.mark.slow
def test_simulated_banker_and_tie_frequencies() -> None:
    """Banker-only rounds: wins at 0.95:1, pushes on ties, hit rate near P(not player)."""
    game = GAMES["baccarat"]
    summary = simulate(game, [Bet("banker", 100)], 2_000, bytes(32), "sim-banker")
    assert set(summary.award_counts) <= {0, 100, 195}  # lose, push (tie), win 95 on 100
    p_hit = 1 - 2_230_518_282_592_256 / 4_998_398_275_503_360
    sd = (p_hit * (1 - p_hit) / summary.rounds) ** 0.5
    assert abs(summary.hit_rate - p_hit) < 2.5758 * sd
