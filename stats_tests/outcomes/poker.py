"""Poker test, Knuth's "partition" form: distinct values in groups of g outcomes."""

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
from stats_tests.outcomes._stirling import falling_factorial, stirling2

__all__ = ["MAX_POKER_GROUP", "poker_probabilities", "poker_test"]

_NAME = "Poker"

#: Largest group size accepted.
MAX_POKER_GROUP = 16


def poker_probabilities(k: int, g: int = 5) -> list[Fraction]:
    """Exact P(r distinct values among g iid uniform values on [0, k)), r = 1 .. min(g, k).

    ``P(r) = k (k-1) ... (k-r+1) S(g, r) / k**g`` with S the Stirling numbers of
    the second kind (Knuth §3.3.2 C, eq. (5)); the list sums to exactly 1.
    """
    k = require_int(_NAME, "k", k, 2)
    g = require_int(_NAME, "g", g, 2, MAX_POKER_GROUP)
    return [
        Fraction(falling_factorial(k, r) * stirling2(g, r), k**g) for r in range(1, min(g, k) + 1)
    ]


def poker_test(values: Any, k: int, *, g: int = 5) -> ChiSquareResult:
    r"""Poker (partition) test on outcomes in ``[0, k)``.

    The values are cut into ``m = n // g`` non-overlapping groups of ``g``
    (a trailing remainder is ignored); each group is classified by its number
    r of distinct values, and the counts of ``r = 1 .. min(g, k)`` are compared
    with :func:`poker_probabilities`. Cells whose expected counts are below 5
    (the small r, rare when k is large) are pooled with their neighbours, from
    the expected counts only; the statistic is referred to chi-square with
    (number of pooled cells - 1) degrees of freedom.

    Parameters
    ----------
    values:
        1-D integer array of outcomes in ``[0, k)``.
    k:
        Number of possible outcomes (>= 2).
    g:
        Group size (2 .. :data:`MAX_POKER_GROUP`; Knuth uses 5).

    Returns
    -------
    ChiSquareResult
        ``n`` is the number of groups; cells are labelled by r.

    Raises
    ------
    InsufficientDataError
        When fewer than two pooled cells reach an expected count of 5.
    InvalidParameterError
        For ``k < 2`` or g outside ``2 .. 16``.

    References
    ----------
    .. [1] D. E. Knuth, *The Art of Computer Programming*, vol. 2, 3rd ed.,
       §3.3.2 C (poker test), 1997.
    """
    probs = poker_probabilities(k, g)
    arr, k = as_outcomes(_NAME, values, k)
    m = arr.size // g
    groups = np.sort(arr[: m * g].reshape(m, g), axis=1)
    distinct = 1 + np.count_nonzero(np.diff(groups, axis=1), axis=1)
    observed = np.bincount(distinct - 1, minlength=len(probs))
    return chi_square_counts(
        _NAME,
        observed,
        probs,
        n=m,
        cells=[str(r) for r in range(1, len(probs) + 1)],
        parameters={"k": k, "g": g},
        pool=True,
        minimum_note=f"needs more groups of {g} for two cells of expected count >= 5",
    )
