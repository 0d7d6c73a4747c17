"""Kolmogorov-Smirnov against the discrete uniform: exact P-value by enumeration, calibration."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from stats_tests.errors import InsufficientDataError, InvalidParameterError
from stats_tests.outcomes import ks_uniform_pvalue, ks_uniform_test
from stats_tests.outcomes.ks import PRECISION_FLOOR
from tests.stats_tests.outcomes.generators import (
    MAX_FALSE_REJECTIONS,
    arrays,
    bytes_mod,
    good,
    rejections,
)


def _dint(seq: np.ndarray, k: int) -> int:
    n = seq.size
    cumulative = np.cumsum(np.bincount(seq, minlength=k))[:-1]
    return int(np.max(np.abs(k * cumulative - n * np.arange(1, k))))


@pytest.mark.parametrize(("n", "k"), [(4, 3), (5, 2), (3, 5), (6, 4), (7, 3)])
def test_exact_pvalue_matches_enumeration(n: int, k: int) -> None:
    ds = np.array([_dint(np.array(s), k) for s in itertools.product(range(k), repeat=n)])
    for d in np.unique(ds):
        exact = np.mean(ds >= d)
        assert ks_uniform_pvalue(int(d), n, k) == pytest.approx(exact, abs=1e-12)


def test_statistic_and_continuous_comparison() -> None:
    values = good(2, 500, 10)
    result = ks_uniform_test(values, 10)
    ecdf = np.cumsum(np.bincount(values, minlength=10)) / 500
    assert result.statistic == pytest.approx(np.max(np.abs(ecdf - np.arange(1, 11) / 10)))
    assert result.continuous_pvalue == pytest.approx(stats.kstwo.sf(result.statistic, 500))
    # the continuous distribution is conservative for discrete data
    assert result.pvalue <= result.continuous_pvalue + 1e-12


def test_many_values_approach_the_continuous_case() -> None:
    # with k >> n ties vanish and the discrete P-value nears scipy's exact continuous one
    values = good(3, 200, 10_000)
    result = ks_uniform_test(values, 10_000)
    assert result.pvalue == pytest.approx(result.continuous_pvalue, abs=0.01)


def test_far_tail_uses_the_bonferroni_bound() -> None:
    result = ks_uniform_test(bytes_mod(0, 100_000, 37), 37)
    assert 0.0 < result.pvalue < PRECISION_FLOOR
    assert result.pvalue <= result.continuous_pvalue


def test_errors() -> None:
    with pytest.raises(InsufficientDataError, match=r"at least 1 value"):
        ks_uniform_test(np.zeros(0, dtype=np.int64), 6)
    with pytest.raises(InvalidParameterError, match=r"k=70000 is outside 2 .. 65536"):
        ks_uniform_test(np.zeros(3, dtype=np.int64), 70_000)


def test_good_generator_false_rejections() -> None:
    count, uniformity = rejections(lambda seed: ks_uniform_test(good(seed, 1000, 37), 37))
    assert count <= MAX_FALSE_REJECTIONS
    assert uniformity > 1e-3


def test_modulo_bias_is_detected() -> None:
    assert all(ks_uniform_test(bytes_mod(s, 100_000, 37), 37).pvalue < 1e-8 for s in range(5))


@settings(max_examples=40)
@given(arrays(6, 1, 2000), st.booleans())
def test_pvalue_in_range_and_reflection(arr: np.ndarray, reflect: bool) -> None:
    first = ks_uniform_test(arr, 6)
    assert 0.0 <= first.pvalue <= 1.0
    if reflect:
        # x -> k-1-x maps F_n(m) - F(m) to -(F_n(k-2-m) - F(k-2-m)): same D
        assert ks_uniform_test(5 - arr, 6).statistic == pytest.approx(first.statistic)
