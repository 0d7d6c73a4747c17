"""Shuffle tests: exact values by enumerating all n! orders, calibration, biased shuffles."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from stats_tests import shuffles
from stats_tests.errors import InsufficientDataError, InvalidInputError, InvalidParameterError
from stats_tests.shuffles import (
    fixed_points_distribution_test,
    fixed_points_pmf,
    fixed_points_test,
    footrule_moments,
    footrule_test,
    permutation_counts_test,
    positions_test,
    rising_sequences_moments,
    rising_sequences_test,
    successions_distribution_test,
    successions_moments,
    successions_pmf,
    successions_test,
)
from tests.stats_tests.outcomes.generators import ALPHA, MAX_FALSE_REJECTIONS, SEEDS

Perms = np.ndarray

# ---------------------------------------------------------------- generators


def good(seed: int, count: int, n: int) -> Perms:
    """Uniform shuffles: numpy's Generator.permuted (Fisher-Yates per row)."""
    rng = np.random.default_rng(seed)
    return rng.permuted(np.tile(np.arange(n), (count, 1)), axis=1)


def naive_swap(seed: int, count: int, n: int) -> Perms:
    """The classic biased shuffle: swap card i with any position j in [0, n), for every i."""
    rng = np.random.default_rng(seed)
    deck = np.tile(np.arange(n), (count, 1))
    rows = np.arange(count)
    for i in range(n):  # loop over positions; vectorised over the shuffles
        j = rng.integers(0, n, count)
        held = deck[rows, i].copy()
        deck[rows, i] = deck[rows, j]
        deck[rows, j] = held
    return deck


def weak_key(seed: int, count: int, n: int, keys: int = 256) -> Perms:
    """Sort by a short random key; ties keep the starting order (stable sort), so it's biased."""
    rng = np.random.default_rng(seed)
    return np.argsort(rng.integers(0, keys, (count, n)), axis=1, kind="stable")


def all_orders(n: int) -> Perms:
    return np.array(list(itertools.permutations(range(n))), dtype=np.int64)


def decks(max_n: int = 12) -> Any:
    kinds = st.sampled_from([good, naive_swap, weak_key])
    return st.builds(
        lambda seed, count, n, kind: kind(seed, count, n),
        st.integers(0, 2**32 - 1),
        st.integers(100, 400),
        st.integers(3, max_n),
        kinds,
    )


# ---------------------------------------------------------------- exact values by enumeration


def _exact_moments(values: np.ndarray) -> tuple[Fraction, Fraction]:
    total = values.size
    mean = Fraction(int(values.sum()), total)
    return mean, Fraction(int((values.astype(object) ** 2).sum()), total) - mean**2


@pytest.mark.parametrize("n", [4, 5, 6])
def test_moments_match_enumeration_of_all_orders(n: int) -> None:
    perms = all_orders(n)
    footrule = np.abs(perms - np.arange(n)).sum(axis=1)
    assert _exact_moments(footrule) == footrule_moments(n)
    assert footrule_moments(n)[0] == Fraction(n * n - 1, 3)

    steps = np.diff(perms, axis=1)
    assert _exact_moments(np.count_nonzero(steps == 1, axis=1)) == successions_moments(n)
    assert successions_moments(n)[0] == Fraction(n - 1, n)
    adjacencies = np.count_nonzero(np.abs(steps) == 1, axis=1)
    assert _exact_moments(adjacencies) == successions_moments(n, either_order=True)
    assert successions_moments(n, either_order=True)[0] == Fraction(2 * (n - 1), n)

    position = np.argsort(perms, axis=1)
    rising = 1 + np.count_nonzero(position[:, 1:] < position[:, :-1], axis=1)
    assert _exact_moments(rising) == rising_sequences_moments(n)
    assert rising_sequences_moments(n)[0] == Fraction(n + 1, 2)

    fixed = np.count_nonzero(perms == np.arange(n), axis=1)
    assert _exact_moments(fixed) == (Fraction(1), Fraction(1))


@pytest.mark.parametrize("n", [2, 3, 4, 5, 6, 7])
def test_distributions_match_enumeration(n: int) -> None:
    perms = all_orders(n)
    total = math.factorial(n)
    successions = np.bincount(np.count_nonzero(np.diff(perms, axis=1) == 1, axis=1), minlength=n)
    assert successions_pmf(n) == [Fraction(int(c), total) for c in successions]
    fixed = np.bincount(np.count_nonzero(perms == np.arange(n), axis=1), minlength=n + 1)
    assert fixed_points_pmf(n) == [Fraction(int(c), total) for c in fixed]
    assert sum(successions_pmf(n)) == 1 and sum(fixed_points_pmf(n)) == 1


def test_reference_values_for_52_cards() -> None:
    # game_math.md, "Shuffle and deal quality tests"
    assert footrule_moments(52)[0] == 901
    assert footrule_moments(52)[1] == Fraction(53 * (2 * 52**2 + 7), 45)
    assert successions_moments(52)[0] == Fraction(51, 52)
    assert successions_moments(52, either_order=True)[0] == Fraction(102, 52)
    assert rising_sequences_moments(52) == (Fraction(53, 2), Fraction(53, 12))
    assert float(sum(fixed_points_pmf(52)[:1])) == pytest.approx(math.exp(-1))
    # degrees of freedom and the 99% critical values quoted there
    assert stats.chi2.ppf(0.99, 51**2) == pytest.approx(2771.7, abs=0.05)
    assert stats.chi2.ppf(0.99, 23) == pytest.approx(41.64, abs=0.005)
    assert stats.chi2.ppf(0.99, 119) == pytest.approx(157.80, abs=0.005)
    assert stats.chi2.ppf(0.99, 719) == pytest.approx(810.15, abs=0.005)


def test_positions_statistic_is_rescaled() -> None:
    # Over all n! orders (one shuffle each) the raw Pearson X^2 of the position table has
    # mean n (n - 1), not (n - 1)**2: a permutation matrix's cells vary n/(n-1) times more
    # than multinomial cells. The test's statistic (n-1)/n X^2 has mean (n-1)**2 = its df.
    for n in (4, 5):
        pearson = []
        for perm in all_orders(n):
            table = np.zeros((n, n))
            table[np.arange(n), perm] = 1
            pearson.append(float(np.sum((table - 1 / n) ** 2) / (1 / n)))
        assert np.mean(pearson) == pytest.approx(n * (n - 1))
        assert np.mean(pearson) * (n - 1) / n == pytest.approx((n - 1) ** 2)


def test_positions_calibration_and_raw_pearson_bias() -> None:
    results = [positions_test(good(seed, 300, 52)) for seed in SEEDS]
    pvalues = np.array([r.pvalue for r in results])
    assert np.count_nonzero(pvalues < ALPHA) <= MAX_FALSE_REJECTIONS
    assert stats.kstest(pvalues, "uniform").pvalue > 1e-3
    raw = np.array([r.parameters["pearson"] for r in results])
    se = 2 * 51 * (52 / 51) / np.sqrt(len(raw))  # sd of raw X^2 ~ (52/51) sqrt(2 * 2601)
    assert abs(raw.mean() - 52 * 51) < 3 * se
    assert raw.mean() - 51**2 > 5 * se  # unscaled it would over-reject


# ---------------------------------------------------------------- calibration


Z_TESTS = [
    successions_test,
    rising_sequences_test,
    fixed_points_test,
    footrule_test,
    successions_distribution_test,
    fixed_points_distribution_test,
]


@pytest.mark.parametrize("test", Z_TESTS, ids=lambda t: t.__name__)
def test_good_shuffles_false_rejections(test: Any) -> None:
    pvalues = np.array([test(good(seed, 200, 52)).pvalue for seed in SEEDS])
    assert np.all((pvalues >= 0) & (pvalues <= 1))
    assert np.count_nonzero(pvalues < ALPHA) <= MAX_FALSE_REJECTIONS


def test_adjacencies_false_rejections() -> None:
    pvalues = [successions_test(good(s, 200, 52), either_order=True).pvalue for s in SEEDS]
    assert sum(p < ALPHA for p in pvalues) <= MAX_FALSE_REJECTIONS


def test_permutation_counts_false_rejections() -> None:
    for n in (4, 5):
        pvalues = np.array([permutation_counts_test(good(s, 1000, n)).pvalue for s in SEEDS])
        assert np.count_nonzero(pvalues < ALPHA) <= MAX_FALSE_REJECTIONS
        assert stats.kstest(pvalues, "uniform").pvalue > 1e-3


def test_naive_swap_shuffle_is_detected() -> None:
    # n**n swap sequences cannot spread evenly over n! orders; cards drift toward the front
    for seed in range(5):
        deck = naive_swap(seed, 10_000, 52)
        assert positions_test(deck).pvalue < 1e-10
        assert footrule_test(deck).pvalue < 1e-10
        assert fixed_points_test(deck).pvalue < 1e-10  # mean about 0.93, not 1
        assert fixed_points_distribution_test(deck).pvalue < 1e-10
        small = naive_swap(seed, 2000, 4)
        assert permutation_counts_test(small).pvalue < 1e-5


def test_weak_key_shuffle_is_detected() -> None:
    # 8-bit keys tie often; a stable sort then keeps neighbours c, c+1 in order
    for seed in range(5):
        assert successions_test(weak_key(seed, 10_000, 52)).pvalue < 1e-10
        assert successions_distribution_test(weak_key(seed, 10_000, 52)).pvalue < 1e-6
        assert permutation_counts_test(weak_key(seed, 2000, 5, keys=8)).pvalue < 1e-10


# ---------------------------------------------------------------- errors


def test_rows_must_be_permutations() -> None:
    deck = good(0, 300, 10)
    deck[7, 3] = deck[7, 4]
    with pytest.raises(InvalidInputError, match=r"row 7 is not a permutation of 0..9"):
        positions_test(deck)
    deck = good(0, 300, 10)
    deck[11, 0] = 10
    with pytest.raises(InvalidInputError, match=r"row 11 is not a permutation"):
        footrule_test(deck)
    with pytest.raises(InvalidInputError, match=r"2-D \(N, n\) array, got shape \(10,\)"):
        footrule_test(np.arange(10))
    with pytest.raises(InvalidInputError, match=r"integers, got dtype float64"):
        footrule_test(np.zeros((3, 3)))
    with pytest.raises(InvalidParameterError, match=r"deck size n=1 is outside >= 2"):
        footrule_test(np.zeros((300, 1), dtype=np.int64))
    with pytest.raises(InvalidParameterError, match=r"deck size n=2 is outside >= 3"):
        successions_test(good(0, 300, 2), either_order=True)


def test_too_few_shuffles() -> None:
    positions_test(good(0, 260, 52))
    with pytest.raises(InsufficientDataError, match=r"needs at least 260 shuffles of 52 cards"):
        positions_test(good(0, 259, 52))
    for test in (successions_test, rising_sequences_test, fixed_points_test, footrule_test):
        test(good(0, 100, 52))
        with pytest.raises(InsufficientDataError, match=r"needs at least 100 shuffles .* N=99"):
            test(good(0, 99, 52))
    permutation_counts_test(good(0, 120, 4))
    with pytest.raises(InsufficientDataError, match=r"needs at least 120 shuffles of 4 cards"):
        permutation_counts_test(good(0, 119, 4))
    with pytest.raises(InsufficientDataError, match=r"fewer than 2 cells"):
        fixed_points_distribution_test(good(0, 10, 52))
    with pytest.raises(InvalidParameterError, match=r"n \(cards\)=9 is outside 2 .. 8"):
        permutation_counts_test(good(0, 10, 9))


# ---------------------------------------------------------------- properties


ALL_TESTS = [positions_test, permutation_counts_test, *Z_TESTS]


@settings(max_examples=40)
@given(decks(), st.integers(0, 2**32 - 1))
def test_pvalues_in_range_deterministic_and_relabelling(deck: Perms, seed: int) -> None:
    n = deck.shape[1]
    relabel = np.random.default_rng(seed).permutation(n)
    for test in ALL_TESTS:
        try:
            first = test(deck)
        except (InsufficientDataError, InvalidParameterError):
            continue
        assert 0.0 <= first.pvalue <= 1.0
        again = test(deck.copy())
        assert (again.statistic, again.pvalue) == (first.statistic, first.pvalue)
    # renaming the cards permutes the position table's columns and the n! cells
    assert positions_test_or_none(relabel[deck]) == positions_test_or_none(deck)
    if n <= 5 and deck.shape[0] >= 5 * math.factorial(n):
        a, b = permutation_counts_test(relabel[deck]), permutation_counts_test(deck)
        assert a.statistic == pytest.approx(b.statistic)


def positions_test_or_none(deck: Perms) -> float | None:
    try:
        return round(positions_test(deck).statistic, 9)
    except InsufficientDataError:
        return None


@settings(max_examples=30)
@given(decks())
def test_reversing_positions_and_cards_keeps_the_footrule(deck: Perms) -> None:
    # D is unchanged by pi -> r pi r (r reverses): |n-1-pi(n-1-i) - i| summed over i
    n = deck.shape[1]
    mirrored = (n - 1 - deck)[:, ::-1]
    assert footrule_test(mirrored).statistic == pytest.approx(footrule_test(deck).statistic)
    assert fixed_points_test(mirrored).statistic == pytest.approx(fixed_points_test(deck).statistic)


def test_module_exports() -> None:
    for name in shuffles.__all__:
        assert hasattr(shuffles, name)
