"""Runs up and down with ties: exact moments by enumeration, Levene's limit, calibration."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings

from stats_tests.errors import InsufficientDataError
from stats_tests.outcomes import runs_up_down_moments, runs_up_down_test
from tests.stats_tests.outcomes.generators import (
    MAX_FALSE_REJECTIONS,
    arrays,
    bytes_mod,
    drift,
    good,
    rejections,
    sticky,
)


def _runs(seq: tuple[int, ...]) -> int:
    signs = [(b > a) - (b < a) for a, b in itertools.pairwise(seq)]
    return 1 + sum(1 for s, t in itertools.pairwise(signs) if s != t)


@pytest.mark.parametrize(("n", "k"), [(4, 2), (5, 3), (6, 2), (6, 3), (7, 2), (5, 5)])
def test_moments_match_enumeration(n: int, k: int) -> None:
    counts = [_runs(seq) for seq in itertools.product(range(k), repeat=n)]
    total = len(counts)
    mean = Fraction(sum(counts), total)
    variance = Fraction(sum(c * c for c in counts), total) - mean**2
    assert runs_up_down_moments(n, k) == (mean, variance)


def test_large_k_gives_levenes_moments() -> None:
    n = 1000
    mean, variance = runs_up_down_moments(n, 10**12)
    assert float(mean) == pytest.approx((2 * n - 1) / 3, rel=1e-9)
    assert float(variance) == pytest.approx((16 * n - 29) / 90, rel=1e-9)


def test_ties_change_the_moments() -> None:
    # with k = 2 a tie is common: the mean is far from Levene's (2n - 1)/3
    mean, _ = runs_up_down_moments(1000, 2)
    assert mean == Fraction(1499, 2)


def test_counts_runs_in_a_known_sequence() -> None:
    values = np.array([0, 1, 2, 2, 1, 0, 0, 3] * 20)
    # per block signs + + 0 - - 0 + then (3 -> 0) -: runs change at 2,3,4,5,6,7 -> see _runs
    result = runs_up_down_test(values, 4)
    assert result.estimate == _runs(tuple(values.tolist()))
    mean, variance = runs_up_down_moments(values.size, 4)
    assert result.expected == pytest.approx(float(mean))
    assert result.std_error == pytest.approx(float(variance) ** 0.5)


def test_too_small() -> None:
    runs_up_down_test(good(0, 100, 6), 6)
    with pytest.raises(InsufficientDataError, match=r"needs at least 100 values .* got n=99"):
        runs_up_down_test(good(0, 99, 6), 6)


@pytest.mark.parametrize("k", [2, 37])
def test_good_generator_false_rejections(k: int) -> None:
    count, uniformity = rejections(lambda seed: runs_up_down_test(good(seed, 2000, k), k))
    assert count <= MAX_FALSE_REJECTIONS
    assert uniformity > 1e-3


def test_dependence_is_detected() -> None:
    assert all(runs_up_down_test(sticky(s, 20_000, 37), 37).pvalue < 1e-10 for s in range(5))
    assert all(runs_up_down_test(drift(s, 20_000, 37), 37).pvalue < 1e-10 for s in range(5))
    # it is not a test of the marginal distribution: bytes % 37 mostly passes
    assert sum(runs_up_down_test(bytes_mod(s, 20_000, 37), 37).pvalue < 0.01 for s in range(5)) <= 1


@settings(max_examples=40)
@given(arrays(5, 100, 3000))
def test_pvalue_in_range_and_reversal_invariant(arr: np.ndarray) -> None:
    first = runs_up_down_test(arr, 5)
    assert 0.0 <= first.pvalue <= 1.0
    # reversing the sequence or reflecting the values (x -> k-1-x) keeps the runs
    assert runs_up_down_test(arr[::-1].copy(), 5).statistic == pytest.approx(first.statistic)
    assert runs_up_down_test(4 - arr, 5).statistic == pytest.approx(first.statistic)
