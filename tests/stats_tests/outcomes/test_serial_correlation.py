"""Serial correlation (Knuth's C): exact permutation moments, calibration."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings

from stats_tests.errors import InsufficientDataError, InvalidInputError
from stats_tests.outcomes import serial_correlation, serial_correlation_test
from tests.stats_tests.outcomes.generators import (
    MAX_FALSE_REJECTIONS,
    arrays,
    good,
    rejections,
    sticky,
)


def _knuth_c(u: np.ndarray) -> float:
    n = u.size
    s = float(u.sum())
    num = n * float(np.dot(u, np.roll(u, -1))) - s * s
    return num / (n * float(np.dot(u, u)) - s * s)


def test_statistic_is_knuths_c() -> None:
    values = good(5, 500, 10)
    result = serial_correlation_test(values, 10)
    assert result.estimate == pytest.approx(_knuth_c(values.astype(float)))
    assert result.expected == pytest.approx(-1 / 499)
    assert result.parameters["knuth_mean"] == pytest.approx(-1 / 499)


def test_moments_match_the_permutation_distribution(monkeypatch: pytest.MonkeyPatch) -> None:
    # Wald-Wolfowitz moments are exact over all orderings of the observed values:
    # check on 7 values with ties (7! = 5,040 orderings); the size rule is lifted for this
    base = np.array([0, 3, 3, 1, 7, 2, 2])
    cs = np.array([_knuth_c(np.array(p, dtype=float)) for p in itertools.permutations(base)])
    monkeypatch.setattr(serial_correlation, "MIN_SERIAL_CORRELATION_VALUES", 3)
    result = serial_correlation_test(base, 8)
    assert result.expected == pytest.approx(cs.mean(), abs=1e-12)
    assert result.std_error == pytest.approx(cs.std(), rel=1e-9)


def test_close_to_knuths_sigma_for_uniform_values() -> None:
    result = serial_correlation_test(good(1, 10_000, 37), 37)
    assert result.std_error == pytest.approx(result.parameters["knuth_std"], rel=0.01)


def test_errors() -> None:
    with pytest.raises(InsufficientDataError, match=r"needs at least 100 values"):
        serial_correlation_test(good(0, 99, 6), 6)
    with pytest.raises(InvalidInputError, match=r"every value equals 4"):
        serial_correlation_test(np.full(200, 4), 6)


def test_good_generator_false_rejections() -> None:
    count, uniformity = rejections(lambda seed: serial_correlation_test(good(seed, 2000, 37), 37))
    assert count <= MAX_FALSE_REJECTIONS
    assert uniformity > 1e-3


def test_correlation_is_detected() -> None:
    # repeating the previous value 5% of the time gives C about 0.05: z about 7 at n = 20,000
    assert all(serial_correlation_test(sticky(s, 20_000, 37), 37).pvalue < 1e-5 for s in range(5))


@settings(max_examples=40)
@given(arrays(7, 100, 3000))
def test_invariant_under_reflection_and_rotation(arr: np.ndarray) -> None:
    if np.all(arr == arr[0]):
        return
    first = serial_correlation_test(arr, 7)
    assert 0.0 <= first.pvalue <= 1.0
    assert serial_correlation_test(6 - arr, 7).statistic == pytest.approx(first.statistic)
    # circular: rotating the sequence changes nothing
    assert serial_correlation_test(np.roll(arr, 17), 7).statistic == pytest.approx(first.statistic)
