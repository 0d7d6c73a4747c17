"""Maximum-of-t test: the largest of t outcomes, against its exact discrete distribution."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from stats_tests.outcomes._common import (
    ChiSquareResult,
    as_outcomes,
    chi_square_counts,
    require_int,
)

__all__ = ["MAX_MAXIMUM_K", "maximum_of_t_test", "maximum_probabilities"]

_NAME = "Maximum-of-t"

#: Largest k accepted (one chi-square cell per value before pooling).
MAX_MAXIMUM_K = 1 << 16


def maximum_probabilities(k: int, t: int) -> list[Fraction]:
    """Exact ``P(max = m)`` for m = 0 .. k-1 of t iid uniform values on [0, k).

    ``P(max <= m) = ((m + 1) / k)**t``, so ``P(max = m) = ((m+1)**t - m**t) / k**t``;
    the list sums to exactly 1.
    """
    k = require_int(_NAME, "k", k, 2, MAX_MAXIMUM_K)
    t = require_int(_NAME, "t", t, 2)
    return [Fraction((m + 1) ** t - m**t, k**t) for m in range(k)]


def maximum_of_t_test(values: Any, k: int, *, t: int) -> ChiSquareResult:
    r"""Maximum-of-t test on outcomes in ``[0, k)``.

    The values are cut into ``m = n // t`` non-overlapping groups of t (a
    trailing remainder is ignored) and the maximum of each group is counted.
    Knuth's continuous form applies a KS test to ``max**t``; for integers the
    distribution of the maximum is known exactly
    (:func:`maximum_probabilities`), so the counts of every maximum ``0..k-1``
    are compared with it by a chi-square test. Cells whose expected counts are
    below 5 (the small maxima) are pooled with their neighbours, from the
    expected counts only; the statistic is referred to chi-square with
    (number of pooled cells - 1) degrees of freedom.

    Parameters
    ----------
    values:
        1-D integer array of outcomes in ``[0, k)``.
    k:
        Number of possible outcomes (2 .. 65536).
    t:
        Group size (>= 2).

    Returns
    -------
    ChiSquareResult
        ``n`` is the number of groups; cells are labelled by the maximum.

    Raises
    ------
    InsufficientDataError
        When fewer than two pooled cells reach an expected count of 5.
    InvalidParameterError
        For k outside ``2 .. 65536`` or ``t < 2``.

    References
    ----------
    .. [1] D. E. Knuth, *The Art of Computer Programming*, vol. 2, 3rd ed.,
       §3.3.2 F (maximum-of-t test), 1997.
    """
    probs = maximum_probabilities(k, t)
    arr, k = as_outcomes(_NAME, values, k)
    m = arr.size // t
    maxima = arr[: m * t].reshape(m, t).max(axis=1)
    observed = np.bincount(maxima, minlength=k)
    return chi_square_counts(
        _NAME,
        observed,
        probs,
        n=m,
        cells=[str(v) for v in range(k)],
        parameters={"k": k, "t": t},
        pool=True,
        minimum_note=f"needs more groups of {t} for two cells of expected count >= 5",
    )
