"""Poker (partition) test: Stirling-number probabilities, calibration."""

from __future__ import annotations

import itertools
from collections import Counter
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stats_tests.errors import InsufficientDataError, InvalidParameterError
from stats_tests.outcomes import poker_probabilities, poker_test
from tests.stats_tests.outcomes.generators import (
    MAX_FALSE_REJECTIONS,
    arrays,
    good,
    rejections,
    sticky,
)


@pytest.mark.parametrize(("k", "g"), [(4, 5), (6, 3), (2, 5), (10, 4), (3, 6)])
def test_probabilities_match_enumeration(k: int, g: int) -> None:
    distinct = Counter(len(set(hand)) for hand in itertools.product(range(k), repeat=g))
    expected = [Fraction(distinct[r], k**g) for r in range(1, min(g, k) + 1)]
    assert poker_probabilities(k, g) == expected
    assert sum(expected) == 1


def test_knuth_decimal_digits() -> None:
    # Knuth 3.3.2 C for d = 10, five digits: all different 0.3024, one pair 0.5040 ...
    probs = poker_probabilities(10, 5)
    assert [float(p) for p in probs] == pytest.approx([0.0001, 0.0135, 0.18, 0.504, 0.3024])


def test_pooling_of_rare_cells() -> None:
    result = poker_test(good(3, 50_000, 37), 37)
    assert result.n == 10_000
    assert result.cells[0].startswith("1..")  # r = 1 and 2 are rare for k = 37 and pooled
    assert result.expected.min() >= 5
    assert result.observed.sum() == 10_000


def test_errors() -> None:
    with pytest.raises(InvalidParameterError, match=r"g=1 is outside 2 .. 16"):
        poker_test(good(0, 100, 4), 4, g=1)
    with pytest.raises(InsufficientDataError, match=r"fewer than 2 cells"):
        poker_test(good(0, 20, 37), 37)


def test_good_generator_false_rejections() -> None:
    count, uniformity = rejections(lambda seed: poker_test(good(seed, 3000, 10), 10))
    assert count <= MAX_FALSE_REJECTIONS
    assert uniformity > 1e-3


def test_repeats_are_detected() -> None:
    assert all(poker_test(sticky(s, 20_000, 37), 37).pvalue < 1e-10 for s in range(5))


@settings(max_examples=40)
@given(arrays(8, 100, 3000), st.permutations(range(8)))
def test_invariant_under_relabelling(arr: np.ndarray, relabel: list[int]) -> None:
    try:
        first = poker_test(arr, 8)
    except InsufficientDataError:
        return
    assert 0.0 <= first.pvalue <= 1.0
    assert poker_test(np.array(relabel)[arr], 8).statistic == pytest.approx(first.statistic)
