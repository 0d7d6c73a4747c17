"""Gap test: exact geometric probabilities, pooling, calibration."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from stats_tests.errors import InsufficientDataError, InvalidParameterError
from stats_tests.outcomes import gap_probabilities, gap_test
from tests.stats_tests.outcomes.generators import (
    MAX_FALSE_REJECTIONS,
    arrays,
    bytes_mod,
    good,
    rejections,
    sticky,
)


def test_probabilities_sum_to_one_and_match_enumeration() -> None:
    p = Fraction(2, 5)
    probs = gap_probabilities(p, 4)
    assert sum(probs) == 1
    # brute force over k = 5, marked {0, 1}: P(first marked value at index r) for r < 4
    k, marked = 5, {0, 1}
    for r in range(4):
        hits = sum(
            1
            for seq in itertools.product(range(k), repeat=r + 1)
            if all(v not in marked for v in seq[:-1]) and seq[-1] in marked
        )
        assert Fraction(hits, k ** (r + 1)) == probs[r]
    assert probs[-1] == Fraction(3, 5) ** 4


def test_gap_lengths_are_counted() -> None:
    # marked value 0; gaps: 2 (1,1,0), 0 (0), 1 (2,0), the tail (3,3) is discarded
    values = np.array([1, 1, 0, 0, 2, 0, 3, 3] * 20)
    # after the first block the run 3,3,1,1,0 spans two blocks: gaps 2,0,1 then (4,0,1) x 19
    result = gap_test(values, 4, low=0, high=1, t=3)
    assert result.n == 60
    # p = 1/4: expected 15, 11.25, 8.44, 25.3 -> no pooling; cells 0, 1, 2, >=3
    assert result.observed.tolist() == [20, 20, 1, 19]
    assert result.cells == ("0", "1", "2", ">=3")
    assert result.expected.tolist() == pytest.approx([15, 11.25, 8.4375, 25.3125])


def test_default_t_keeps_the_tail_cell() -> None:
    result = gap_test(good(1, 50_000, 37), 37, low=0, high=1)
    t = result.parameters["t"]
    assert result.n * (36 / 37) ** t >= 5 > result.n * (36 / 37) ** (t + 1)
    assert result.cells[-1].endswith(f">={t}")
    assert result.expected.min() >= 5


def test_errors() -> None:
    with pytest.raises(InvalidParameterError, match=r"marks every value"):
        gap_test(good(0, 100, 4), 4, low=0, high=4)
    with pytest.raises(InvalidParameterError, match=r"high=2 is outside 3 .. 4"):
        gap_test(good(0, 100, 4), 4, low=2, high=2)
    with pytest.raises(InvalidParameterError, match=r"t=0 is outside 1"):
        gap_test(good(0, 100, 4), 4, low=0, high=2, t=0)
    with pytest.raises(
        InsufficientDataError, match=r"fewer than 2 cells reach an expected count of 5"
    ):
        gap_test(good(0, 15, 4), 4, low=0, high=2)


def test_good_generator_false_rejections() -> None:
    count, uniformity = rejections(lambda seed: gap_test(good(seed, 3000, 37), 37, low=0, high=5))
    assert count <= MAX_FALSE_REJECTIONS
    assert uniformity > 1e-3


def test_bias_is_detected() -> None:
    # bytes % 37 under-represents 34..36: marked [33, 37) has p = 25/256, not 4/37
    assert all(
        gap_test(bytes_mod(s, 200_000, 37), 37, low=33, high=37).pvalue < 1e-6 for s in range(5)
    )
    assert all(gap_test(sticky(s, 20_000, 37), 37, low=0, high=5).pvalue < 0.01 for s in range(5))


@given(arrays(10, 50, 3000), st.integers(0, 8))
def test_pvalue_in_range_and_deterministic(arr: np.ndarray, low: int) -> None:
    try:
        first = gap_test(arr, 10, low=low, high=low + 2)
    except InsufficientDataError:
        return
    assert 0.0 <= first.pvalue <= 1.0
    second = gap_test(arr.copy(), 10, low=low, high=low + 2)
    assert (first.statistic, first.pvalue) == (second.statistic, second.pvalue)
