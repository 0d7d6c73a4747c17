"""Chi-square goodness of fit: exact values, exact/float probabilities, calibration, errors."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from stats_tests.errors import InsufficientDataError, InvalidInputError, InvalidParameterError
from stats_tests.outcomes import chi_square_test
from tests.stats_tests.outcomes.generators import (
    ALPHA,
    MAX_FALSE_REJECTIONS,
    arrays,
    bytes_mod,
    good,
    rejections,
)


def test_known_value() -> None:
    # counts 10, 5, 15 against 10 each: X^2 = (0 + 25 + 25)/10 = 5; chi2(2).sf(5) = e^-2.5
    values = np.array([0] * 10 + [1] * 5 + [2] * 15)
    result = chi_square_test(values, 3)
    assert result.statistic == pytest.approx(5.0)
    assert result.df == 2
    assert result.pvalue == pytest.approx(math.exp(-2.5))
    assert result.observed.tolist() == [10, 5, 15]
    assert result.expected.tolist() == [10.0, 10.0, 10.0]
    assert result.distribution == "chi2(2)"


def test_matches_scipy_chisquare() -> None:
    values = good(1, 5000, 37)
    ours = chi_square_test(values, 37)
    theirs = stats.chisquare(np.bincount(values, minlength=37))
    assert ours.statistic == pytest.approx(theirs.statistic)
    assert ours.pvalue == pytest.approx(theirs.pvalue)


def test_exact_fraction_probabilities() -> None:
    # American wheel with a sum of exact Fractions
    probs = [Fraction(1, 38)] * 38
    result = chi_square_test(good(2, 3800, 38), probabilities=probs)
    assert result.df == 37 and result.parameters["uniform"] is False
    # weighted: value 0 twice as likely
    weights = [Fraction(2, 7), Fraction(1, 7), Fraction(1, 7), Fraction(3, 7)]
    rng = np.random.default_rng(3)
    values = rng.choice(4, size=7000, p=[float(w) for w in weights])
    assert chi_square_test(values, probabilities=weights).pvalue > ALPHA
    assert chi_square_test(values, 4).pvalue < 1e-10  # not uniform


def test_float_probabilities_within_tolerance() -> None:
    probs = [0.1] * 10  # sums to 0.9999999999999999
    assert chi_square_test(good(4, 1000, 10), probabilities=probs).df == 9


@pytest.mark.parametrize(
    ("probs", "match"),
    [
        ([Fraction(1, 3), Fraction(1, 3), Fraction(1, 4)], "sum to 11/12, not exactly 1"),
        ([0.5, 0.4], r"sum to 0.9, not 1 \(within 1e-09\)"),
        (
            [Fraction(1, 2), Fraction(1, 2), Fraction(0)],
            r"probabilities\[2\]=Fraction\(0, 1\) must be > 0",
        ),
        ([0.5, -0.5, 1.0], r"probabilities\[1\]=-0.5 must be > 0"),
        ([0.5, float("nan")], "is not finite"),
        (["0.5", "0.5"], r"probabilities\[0\]='0.5' must be a Fraction"),
    ],
)
def test_bad_probabilities(probs: list[object], match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        chi_square_test(np.zeros(100, dtype=np.int64), probabilities=probs)  # type: ignore[arg-type]


def test_k_must_agree_with_probabilities() -> None:
    with pytest.raises(InvalidParameterError, match=r"k=3 but 2 probabilities"):
        chi_square_test(np.zeros(100, dtype=np.int64), 3, probabilities=[0.5, 0.5])
    with pytest.raises(InvalidParameterError, match=r"give k or probabilities"):
        chi_square_test(np.zeros(100, dtype=np.int64))
    with pytest.raises(InvalidParameterError, match=r"k=1 is outside 2"):
        chi_square_test(np.zeros(100, dtype=np.int64), 1)


def test_values_outside_the_range() -> None:
    with pytest.raises(InvalidInputError, match=r"value 37 is outside \[0, 37\)"):
        chi_square_test(np.array([0, 37] * 200), 37)


def test_too_small_sample() -> None:
    # 37 cells need 5 * 37 = 185 values
    chi_square_test(good(0, 185, 37), 37)
    with pytest.raises(InsufficientDataError, match=r"4.97 < 5 with n=184 \(needs n >= 185"):
        chi_square_test(good(0, 184, 37), 37)
    with pytest.raises(InsufficientDataError, match=r"needs n >= 500"):
        chi_square_test(
            good(0, 400, 3), probabilities=[Fraction(1, 100), Fraction(49, 100), Fraction(1, 2)]
        )


def test_good_generator_false_rejections() -> None:
    count, uniformity = rejections(lambda seed: chi_square_test(good(seed, 2000, 37), 37))
    assert count <= MAX_FALSE_REJECTIONS
    assert uniformity > 1e-3


def test_modulo_bias_is_detected() -> None:
    # bytes % 37: values 0..33 have probability 7/256, 34..36 have 6/256
    pvalues = [chi_square_test(bytes_mod(seed, 100_000, 37), 37).pvalue for seed in range(5)]
    assert all(p < 1e-10 for p in pvalues)


@given(arrays(6, 25, 3000), st.permutations(range(6)))
def test_uniform_statistic_is_invariant_under_relabelling(
    arr: np.ndarray, relabel: list[int]
) -> None:
    try:
        first = chi_square_test(arr, 6)
    except InsufficientDataError:
        return
    second = chi_square_test(np.array(relabel)[arr], 6)
    assert second.statistic == pytest.approx(first.statistic)
    assert 0.0 <= first.pvalue <= 1.0
    again = chi_square_test(arr, 6)
    assert again.statistic == first.statistic and again.pvalue == first.pvalue
