"""Permutation (order pattern) test: Lehmer ranks, ties, calibration."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings

from stats_tests.errors import InsufficientDataError, InvalidParameterError
from stats_tests.outcomes import permutation_test
from stats_tests.outcomes.permutation import lehmer_index
from tests.stats_tests.outcomes.generators import (
    MAX_FALSE_REJECTIONS,
    arrays,
    bytes_mod,
    drift,
    good,
    rejections,
)


@pytest.mark.parametrize("t", [2, 3, 4, 5])
def test_lehmer_index_is_a_bijection(t: int) -> None:
    perms = np.array(list(itertools.permutations(range(t))), dtype=np.int64)
    ranks = lehmer_index(perms)
    assert sorted(ranks.tolist()) == list(range(math.factorial(t)))
    assert ranks.tolist() == list(range(math.factorial(t)))  # lexicographic order
    # only the relative order matters
    assert lehmer_index(perms * 10 + 3).tolist() == ranks.tolist()


def test_ties_are_discarded() -> None:
    values = np.array([0, 1, 2, 2, 1, 0, 5, 5, 1] * 40)  # groups 012, 210, 551 (tie)
    result = permutation_test(values, 6, t=3)
    assert result.parameters["groups"] == 120
    assert result.parameters["discarded_ties"] == 40
    assert result.n == 80
    assert result.observed[0] == 40 and result.observed[5] == 40
    assert result.parameters["expected_tie_fraction"] == pytest.approx(1 - 6 * 5 * 4 / 216)


def test_errors() -> None:
    with pytest.raises(InvalidParameterError, match=r"k=3 is smaller than t=4"):
        permutation_test(good(0, 100, 3), 3, t=4)
    with pytest.raises(InvalidParameterError, match=r"t=9 is outside 2 .. 8"):
        permutation_test(good(0, 100, 30), 30, t=9)
    # t = 4: 24 cells need 120 tie-free groups
    with pytest.raises(InsufficientDataError, match=r"needs at least 120 tie-free groups of 4"):
        permutation_test(good(0, 400, 1000), 1000, t=4)


def test_good_generator_false_rejections() -> None:
    count, uniformity = rejections(lambda seed: permutation_test(good(seed, 3000, 37), 37, t=3))
    assert count <= MAX_FALSE_REJECTIONS
    assert uniformity > 1e-3


def test_dependence_is_detected() -> None:
    assert all(permutation_test(drift(s, 20_000, 37), 37, t=3).pvalue < 1e-10 for s in range(5))
    # conditional on no ties the orders stay exchangeable under bytes % 37
    assert sum(permutation_test(bytes_mod(s, 20_000, 37), 37).pvalue < 0.01 for s in range(5)) <= 1


@settings(max_examples=40)
@given(arrays(10, 60, 3000))
def test_pvalue_range_and_reflection(arr: np.ndarray) -> None:
    try:
        first = permutation_test(arr, 10, t=3)
    except InsufficientDataError:
        return
    assert 0.0 <= first.pvalue <= 1.0
    # x -> k-1-x reverses every order pattern; uniform cells make the statistic invariant
    assert permutation_test(9 - arr, 10, t=3).statistic == pytest.approx(first.statistic)
