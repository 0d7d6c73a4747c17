"""Maximum-of-t test: exact distribution of the maximum, calibration."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stats_tests.errors import InsufficientDataError, InvalidParameterError
from stats_tests.outcomes import maximum_of_t_test, maximum_probabilities
from tests.stats_tests.outcomes.generators import (
    MAX_FALSE_REJECTIONS,
    arrays,
    bytes_mod,
    good,
    rejections,
)


@pytest.mark.parametrize(("k", "t"), [(5, 3), (2, 4), (7, 2)])
def test_probabilities_match_enumeration(k: int, t: int) -> None:
    counts = [0] * k
    for seq in itertools.product(range(k), repeat=t):
        counts[max(seq)] += 1
    assert maximum_probabilities(k, t) == [Fraction(c, k**t) for c in counts]
    assert sum(maximum_probabilities(k, t)) == 1


def test_maxima_are_counted() -> None:
    values = np.array([0, 1, 2, 2, 0, 0] * 50)  # groups of 3: (0,1,2) (2,0,0) -> max 2 twice
    result = maximum_of_t_test(values, 3, t=3)
    assert result.n == 100 and result.observed[-1] == 100


def test_errors() -> None:
    with pytest.raises(InvalidParameterError, match=r"t=1 is outside >= 2"):
        maximum_of_t_test(good(0, 100, 4), 4, t=1)
    with pytest.raises(InsufficientDataError, match=r"fewer than 2 cells"):
        maximum_of_t_test(good(0, 12, 4), 4, t=3)


def test_good_generator_false_rejections() -> None:
    count, uniformity = rejections(lambda seed: maximum_of_t_test(good(seed, 3000, 37), 37, t=5))
    assert count <= MAX_FALSE_REJECTIONS
    assert uniformity > 1e-3


def test_modulo_bias_is_detected() -> None:
    # bytes % 37 starves the top values 34..36, which dominate the maximum of 5
    pvalues = [maximum_of_t_test(bytes_mod(s, 50_000, 37), 37, t=5).pvalue for s in range(5)]
    assert all(p < 1e-4 for p in pvalues)


@settings(max_examples=40)
@given(arrays(6, 30, 3000), st.integers(2, 6))
def test_pvalue_in_range_and_deterministic(arr: np.ndarray, t: int) -> None:
    try:
        first = maximum_of_t_test(arr, 6, t=t)
    except InsufficientDataError:
        return
    assert 0.0 <= first.pvalue <= 1.0
    assert maximum_of_t_test(arr.copy(), 6, t=t).statistic == first.statistic
