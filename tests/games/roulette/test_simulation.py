"""Simulation through the real stream-driven code agrees with the exact math.

Each run plays rounds keyed as the server keys them (games.simulate), from a
fixed seed, and requires the exact RTP inside the simulated 99% interval. Round
counts keep each test to a few seconds on a shared core.
"""

from __future__ import annotations

import math
from collections import Counter
from fractions import Fraction

import pytest

from games.base import Bet
from games.roulette import RouletteGame, pocket_labels
from games.simulate import Z_99, simulate
from rng import OutcomeStream
from tests.games.roulette.helpers import AMERICAN, EN_PRISON, EUROPEAN, FRENCH

SERVER_SEED = bytes.fromhex("a1ea" * 16)

# 99% quantiles of chi-square (scipy.stats.chi2.ppf(0.99, df)); checked below
CHI2_99 = {36: 58.61921450168706, 37: 59.89250004508689}


def exact_rtp(game: RouletteGame, bets: list[Bet]) -> Fraction:
    rtp = {spec.kind: spec.expected_return for spec in game.spec.bets}
    return sum((b.amount * rtp[b.kind] for b in bets), Fraction(0)) / sum(b.amount for b in bets)


MIXED_AMERICAN = [
    Bet("straight", 10, ("00",)),
    Bet("split", 10, ("17", "20")),
    Bet("street", 10, ("13", "14", "15")),
    Bet("corner", 10, ("17", "18", "20", "21")),
    Bet("six_line", 10, ("31", "32", "33", "34", "35", "36")),
    Bet("top_line", 10),
    Bet("basket", 10, ("0", "00", "2")),
    Bet("dozen", 20, ("2",)),
    Bet("column", 20, ("3",)),
    Bet("black", 40),
]

CASES = [
    ("european-straight", EUROPEAN, [Bet("straight", 10, ("17",))], 80_000),
    ("american-mixed", AMERICAN, MIXED_AMERICAN, 25_000),
    (
        "french-la-partage",
        FRENCH,
        [Bet("red", 10), Bet("odd", 20), Bet("low", 2), Bet("split", 5, ("0", "3"))],
        40_000,
    ),
    ("french-en-prison", EN_PRISON, [Bet("black", 10), Bet("high", 10)], 50_000),
]


@pytest.mark.parametrize(("name", "game", "bets", "rounds"), CASES, ids=[c[0] for c in CASES])
def test_simulated_rtp_within_99_percent_interval(
    name: str, game: RouletteGame, bets: list[Bet], rounds: int
) -> None:
    summary = simulate(game, bets, rounds, SERVER_SEED, f"sim-{name}")
    expected = exact_rtp(game, bets)
    assert summary.contains(expected), (summary.interval_99, float(expected))
    assert summary.total_bet == rounds * sum(b.amount for b in bets)


def test_straight_up_hit_rate_within_99_percent_interval() -> None:
    rounds = 60_000
    summary = simulate(EUROPEAN, [Bet("straight", 1, ("0",))], rounds, SERVER_SEED, "hits")
    p = 1 / 37
    half = Z_99 * math.sqrt(p * (1 - p) / rounds)
    assert abs(summary.hit_rate - p) < half
    assert set(summary.award_counts) == {0, 36}


@pytest.mark.parametrize(("game", "df"), [(EUROPEAN, 36), (AMERICAN, 37)], ids=["eu", "us"])
def test_pocket_frequencies_chi_square(game: RouletteGame, df: int) -> None:
    labels = pocket_labels(game.variant.double_zero)
    per_pocket = 800
    rounds = per_pocket * len(labels)
    bet = [Bet("red", 1)]
    counts = Counter(
        game.play(OutcomeStream(SERVER_SEED, "chi-square", nonce), bet).outcome["pocket"]
        for nonce in range(rounds)
    )
    assert set(counts) == set(labels)
    statistic = sum((counts[label] - per_pocket) ** 2 / per_pocket for label in labels)
    assert len(labels) - 1 == df
    assert statistic < CHI2_99[df], statistic


def test_chi_square_quantiles() -> None:
    stats = pytest.importorskip("scipy.stats")
    for df, value in CHI2_99.items():
        assert stats.chi2.ppf(0.99, df) == pytest.approx(value, rel=1e-12)
