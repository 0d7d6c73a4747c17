"""Permutation test: the relative order of t consecutive outcomes, t! cells."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from stats_tests.errors import InvalidParameterError
from stats_tests.outcomes._common import (
    MIN_EXPECTED,
    ChiSquareResult,
    as_outcomes,
    chi_square_counts,
    require_int,
)

__all__ = ["MAX_PERMUTATION_T", "lehmer_index", "permutation_test"]

_NAME = "Permutation"

#: Largest group size (8! = 40,320 cells).
MAX_PERMUTATION_T = 8


def lehmer_index(rows: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Rank in ``0 .. t!-1`` of the order pattern of every row of distinct values.

    The Lehmer code ``c_i = #{j > i : row[j] < row[i]}`` gives the rank
    ``sum_i c_i (t-1-i)!``; rows in increasing order get 0, decreasing t! - 1.
    """
    t = rows.shape[1]
    smaller_later = rows[:, :, None] > rows[:, None, :]  # [r, i, j] = row[i] > row[j]
    later = np.triu(np.ones((t, t), dtype=bool), k=1)
    code = np.count_nonzero(smaller_later & later, axis=2)
    weights = np.array([math.factorial(t - 1 - i) for i in range(t)], dtype=np.int64)
    return np.asarray(code @ weights, dtype=np.int64)


def permutation_test(values: Any, k: int, *, t: int = 3) -> ChiSquareResult:
    r"""Permutation test on outcomes in ``[0, k)``: order patterns of t values.

    The values are cut into non-overlapping groups of t (a trailing remainder
    is ignored). **Ties:** a group with two equal values has no order pattern
    and is discarded. For iid values the distribution is exchangeable, so,
    conditional on the group having t distinct values, each of the t! orders
    has probability exactly 1/t!; the remaining groups are counted by order
    pattern (:func:`lehmer_index`) and compared with ``m' / t!`` each, where m'
    is the number of tie-free groups. The statistic is referred to chi-square
    with t! - 1 degrees of freedom. The fraction of discarded groups should be
    ``1 - k (k-1) ... (k-t+1) / k**t``; it is reported in ``parameters`` (the
    chi-square and poker tests examine ties themselves).

    Parameters
    ----------
    values:
        1-D integer array of outcomes in ``[0, k)``.
    k:
        Number of possible outcomes (>= t, so that t distinct values exist).
    t:
        Group size (2 .. :data:`MAX_PERMUTATION_T`).

    Returns
    -------
    ChiSquareResult
        ``n`` is the number of tie-free groups; cell i is the order pattern
        with Lehmer rank i.

    Raises
    ------
    InsufficientDataError
        When the expected count per pattern ``m' / t!`` is below 5, i.e. with
        fewer than ``5 t!`` tie-free groups.
    InvalidParameterError
        For t outside ``2 .. 8`` or ``k < t``.

    References
    ----------
    .. [1] D. E. Knuth, *The Art of Computer Programming*, vol. 2, 3rd ed.,
       §3.3.2 F (permutation test), 1997.
    """
    t = require_int(_NAME, "t", t, 2, MAX_PERMUTATION_T)
    k = require_int(_NAME, "k", k, 2)
    if k < t:
        raise InvalidParameterError(
            f"{_NAME}: k={k} is smaller than t={t}; a group of t values cannot be all distinct"
        )
    arr, k = as_outcomes(_NAME, values, k)
    m = arr.size // t
    groups = arr[: m * t].reshape(m, t)
    sorted_groups = np.sort(groups, axis=1)
    tie_free = np.all(np.diff(sorted_groups, axis=1) != 0, axis=1)
    kept = groups[tie_free]
    cells = math.factorial(t)
    observed = np.bincount(lehmer_index(kept), minlength=cells)
    p_distinct = Fraction(math.perm(k, t), k**t)
    return chi_square_counts(
        _NAME,
        observed,
        np.full(cells, 1.0 / cells),
        n=int(kept.shape[0]),
        cells=[str(i) for i in range(cells)],
        parameters={
            "k": k,
            "t": t,
            "groups": m,
            "discarded_ties": int(m - kept.shape[0]),
            "expected_tie_fraction": float(1 - p_distinct),
        },
        pool=False,
        minimum_note=f"needs at least {int(MIN_EXPECTED) * cells} tie-free groups of {t}",
    )
