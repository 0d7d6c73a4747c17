"""Serial test on non-overlapping pairs / d-tuples."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from stats_tests.errors import InsufficientDataError, InvalidParameterError
from stats_tests.outcomes import chi_square_test, serial_test
from tests.stats_tests.outcomes.generators import (
    MAX_FALSE_REJECTIONS,
    arrays,
    bytes_mod,
    good,
    rejections,
    sticky,
)


def test_counts_non_overlapping_pairs() -> None:
    # pairs (0,1) (1,0) (1,1) (0,0) repeated; the trailing 1 is ignored
    values = np.array([0, 1, 1, 0, 1, 1, 0, 0] * 5 + [1])
    result = serial_test(values, 2)
    assert result.n == 20
    assert result.observed.tolist() == [5, 5, 5, 5]  # cells 00, 01, 10, 11
    assert result.statistic == 0.0 and result.pvalue == pytest.approx(1.0)
    assert result.df == 3


def test_equals_chi_square_on_tuple_codes() -> None:
    values = good(7, 30_000, 6)
    triples = values.reshape(-1, 3) @ np.array([36, 6, 1])
    ours = serial_test(values, 6, d=3)
    plain = chi_square_test(triples, 216)
    assert ours.statistic == pytest.approx(plain.statistic) and ours.df == 215


def test_too_small_and_bad_parameters() -> None:
    # 37**2 = 1369 cells need 5 * 1369 pairs = 13,690 values
    serial_test(good(0, 13_690, 37), 37)
    with pytest.raises(InsufficientDataError, match=r"needs at least 13690 values"):
        serial_test(good(0, 13_689, 37), 37)
    with pytest.raises(InvalidParameterError, match=r"d=1 is outside >= 2"):
        serial_test(good(0, 100, 2), 2, d=1)
    with pytest.raises(InvalidParameterError, match=r"cells exceeds"):
        serial_test(good(0, 100, 2), 256, d=4)


def test_good_generator_false_rejections() -> None:
    count, uniformity = rejections(lambda seed: serial_test(good(seed, 2000, 6), 6))
    assert count <= MAX_FALSE_REJECTIONS
    assert uniformity > 1e-3


def test_dependence_and_modulo_bias_are_detected() -> None:
    assert all(serial_test(sticky(s, 20_000, 37), 37).pvalue < 1e-10 for s in range(5))
    assert all(serial_test(bytes_mod(s, 200_000, 37), 37).pvalue < 1e-4 for s in range(5))


@given(arrays(3, 90, 2000), st.permutations(range(3)))
def test_invariant_under_relabelling(arr: np.ndarray, relabel: list[int]) -> None:
    try:
        first = serial_test(arr, 3)
    except InsufficientDataError:
        return
    assert 0.0 <= first.pvalue <= 1.0
    assert serial_test(np.array(relabel)[arr], 3).statistic == pytest.approx(first.statistic)
