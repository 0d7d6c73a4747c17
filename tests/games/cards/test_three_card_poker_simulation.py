"""Three Card Poker through the real two-step rounds with the Q-6-4 strategy: in the 99% CI."""

from __future__ import annotations

from fractions import Fraction

import pytest

from games.base import Action, Bet, RoundOutcome
from games.cards.deck import card_from_text
from games.cards.three_card_poker import catalog, hand_strength, plays_q64
from games.simulate import simulate

GAMES = {game.spec.game_id: game for game in catalog()}


def q64(state: RoundOutcome) -> Action:
    hand = [card_from_text(text) for text in state.outcome["player_cards"]]
    return Action("play" if plays_q64(hand_strength(hand)) else "fold")


@pytest.mark.slow
@pytest.mark.parametrize("game_id", ["three-card-poker", "three-card-poker-pp3"])
def test_simulated_return_is_within_the_99_percent_interval(game_id: str) -> None:
    game = GAMES[game_id]
    bets = [Bet("ante", 100), Bet("pair_plus", 100)]
    ante, pair_plus = (game.spec.bet_spec(kind).expected_return for kind in ("ante", "pair_plus"))
    expected = (ante + pair_plus) / 2
    summary = simulate(game, bets, 8_000, bytes(range(1, 33)), f"sim-{game_id}", strategy=q64)
    assert summary.contains(expected), (summary.interval_99, float(expected))
    assert summary.total_bet > summary.initial_staked  # Play stakes were added


@pytest.mark.slow
def test_play_rate_matches_the_exact_probability() -> None:
    game = GAMES["three-card-poker"]
    rounds = 4_000
    summary = simulate(game, [Bet("ante", 100)], rounds, bytes(32), "sim-rate", strategy=q64)
    played = (summary.total_bet - summary.initial_staked) / 100
    p = float(Fraction(149, 221))  # three_card_poker_math: 14,900 of 22,100 hands play
    sd = (p * (1 - p) / rounds) ** 0.5
    assert abs(played / rounds - p) < 2.5758 * sd
