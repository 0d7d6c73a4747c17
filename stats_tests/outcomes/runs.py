"""Runs up and down of integer outcomes, with ties, against exact null moments."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

from stats_tests.errors import InsufficientDataError
from stats_tests.outcomes._common import NormalResult, as_outcomes, normal_result

__all__ = ["MIN_RUNS_VALUES", "runs_up_down_moments", "runs_up_down_test"]

_NAME = "Runs up and down"

#: Fewest values for the normal approximation of the number of runs.
MIN_RUNS_VALUES = 100


def _count_changes(tuples: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Indicators [s_i != s_{i+1}] for the signs of the differences of each row."""
    signs = np.sign(np.diff(tuples, axis=1))
    return np.asarray(signs[:, 1:] != signs[:, :-1], dtype=np.int64)


def _window_count(event: str, k: int) -> int:
    """How many tuples in [0, k)**m satisfy ``event`` (brute force; k, m small)."""
    m = {"p1": 3, "p12": 4, "p13": 5}[event]
    if k == 0:
        return 0
    grids = np.array(list(itertools.product(range(k), repeat=m)), dtype=np.int64)
    changes = _count_changes(grids)
    if event == "p1":
        hit = changes[:, 0]
    elif event == "p12":
        hit = changes[:, 0] & changes[:, 1]
    else:
        hit = changes[:, 0] & changes[:, 2]
    return int(hit.sum())


@cache
def _newton_coefficients(event: str) -> tuple[int, ...]:
    """Forward differences of the count polynomial at 0 (its degree is at most m <= 5).

    The number of m-tuples over ``[0, k)`` with a given pattern of <, =, >
    between neighbours is a sum of binomials C(k, j) over the weak orders the
    pattern allows, hence a polynomial of degree <= m in k; its values at
    k = 0..m determine it.
    """
    values = [_window_count(event, kk) for kk in range(6)]
    coefficients = []
    while values:
        coefficients.append(values[0])
        values = [b - a for a, b in itertools.pairwise(values)]
    return tuple(coefficients)


def _probability(event: str, k: int) -> Fraction:
    m = {"p1": 3, "p12": 4, "p13": 5}[event]
    count = sum(c * math.comb(k, j) for j, c in enumerate(_newton_coefficients(event)))
    return Fraction(count, k**m)


def runs_up_down_moments(n: int, k: int) -> tuple[Fraction, Fraction]:
    """Exact mean and variance of the number of runs up and down of n iid uniform values in [0, k).

    With signs ``s_i = sign(x[i+1] - x[i])`` the number of runs is
    ``R = 1 + sum_i [s_i != s_{i+1}]``, a sum of 2-dependent indicators (each
    reads three consecutive values), so
    ``Var R = (n-2) v + 2 (n-3) c1 + 2 (n-4) c2`` with the variance v and the
    lag-1 and lag-2 covariances c1, c2 of the indicators. For k -> infinity
    these tend to Levene's (2n - 1)/3 and (16n - 29)/90.
    """
    if n < 4:
        raise InsufficientDataError(f"{_NAME}: the moments need n >= 4 values; got n={n}")
    p1, p12, p13 = (_probability(e, k) for e in ("p1", "p12", "p13"))
    mean = 1 + (n - 2) * p1
    variance = (n - 2) * (p1 - p1**2) + 2 * (n - 3) * (p12 - p1**2) + 2 * (n - 4) * (p13 - p1**2)
    return mean, variance


def runs_up_down_test(values: Any, k: int) -> NormalResult:
    r"""Runs up and down test on outcomes in ``[0, k)``, ties included.

    The statistic is the total number of runs up and down (Levene and
    Wolfowitz 1944): with the signs ``s_i = sign(x[i+1] - x[i])`` in
    ``{-1, 0, +1}``, a run is a maximal block of equal signs and
    ``R = 1 + #{i : s_i != s_{i+1}}``. A tie (``s_i = 0``) is a level step that
    starts its own run, so the statistic is defined for integers, where ties
    have probability ``1/k``. Dropping ties instead would be biased for small k
    (with k = 2 every nonzero step alternates).

    The mean and variance of R are exact for iid uniform values on ``[0, k)``
    (:func:`runs_up_down_moments`); R is a sum of 2-dependent indicators
    (each reads three consecutive values), so
    ``z = (R - E R) / sd R`` is asymptotically normal(0, 1); the P-value is
    two-sided. For large k the moments are Levene's continuous ones,
    ``(2n - 1)/3`` and ``(16n - 29)/90``. This is not Knuth's "runs up" test
    with its covariance matrix (which needs values without ties).

    Parameters
    ----------
    values:
        1-D integer array of outcomes in ``[0, k)``.
    k:
        Number of possible outcomes (>= 2).

    Returns
    -------
    NormalResult
        ``estimate`` is R, ``expected`` its exact mean, ``std_error`` its exact
        standard deviation.

    Raises
    ------
    InsufficientDataError
        With fewer than :data:`MIN_RUNS_VALUES` (100) values.
    InvalidParameterError
        For ``k < 2``.

    References
    ----------
    .. [1] H. Levene and J. Wolfowitz, "The covariance matrix of runs up and
       down", *Ann. Math. Statist.* 15(1), 58-69, 1944.
    .. [2] D. E. Knuth, *The Art of Computer Programming*, vol. 2, 3rd ed.,
       §3.3.2 G and exercise 14, 1997.
    """
    arr, k = as_outcomes(_NAME, values, k)
    n = int(arr.size)
    if n < MIN_RUNS_VALUES:
        raise InsufficientDataError(
            f"{_NAME} needs at least {MIN_RUNS_VALUES} values for its normal approximation; "
            f"got n={n}"
        )
    signs = np.sign(np.diff(arr))
    runs = 1 + int(np.count_nonzero(signs[1:] != signs[:-1]))
    mean, variance = runs_up_down_moments(n, k)
    return normal_result(
        _NAME,
        estimate=float(runs),
        expected=float(mean),
        variance=float(variance),
        n=n,
        parameters={"k": k},
    )
