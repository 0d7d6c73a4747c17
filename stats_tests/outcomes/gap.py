"""Gap test (Knuth, TAOCP vol. 2, §3.3.2 D): lengths of runs between marked values."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np

from stats_tests.errors import InvalidParameterError
from stats_tests.outcomes._common import (
    MIN_EXPECTED,
    ChiSquareResult,
    as_outcomes,
    chi_square_counts,
    require_int,
)

__all__ = ["MAX_GAP_CATEGORIES", "gap_probabilities", "gap_test"]

_NAME = "Gap"

#: Largest ``t`` (number of gap-length cells before the tail) accepted or chosen.
MAX_GAP_CATEGORIES = 4096


def gap_probabilities(p: Fraction, t: int) -> list[Fraction]:
    """Exact null probabilities of gap lengths ``0, 1, ..., t-1`` and ``>= t``.

    A gap of length r is r unmarked values followed by a marked one, so
    ``P(r) = p * (1 - p)**r`` for ``r < t`` and ``P(>= t) = (1 - p)**t``
    (Knuth §3.3.2 D, eq. (4)); the list sums to exactly 1.
    """
    if not 0 < p < 1:
        raise InvalidParameterError(f"{_NAME}: p={p} is outside (0, 1)")
    t = require_int(_NAME, "t", t, 1)
    q = 1 - p
    out: list[Fraction] = []
    tail = Fraction(1)  # (1 - p)**r
    for _ in range(t):
        out.append(p * tail)
        tail *= q
    return [*out, tail]


def gap_test(values: Any, k: int, *, low: int, high: int, t: int | None = None) -> ChiSquareResult:
    r"""Gap test on outcomes in ``[0, k)`` with the marked values ``low <= x < high``.

    Every marked value closes a gap whose length is the number of unmarked
    values since the previous marked one (the first gap starts at the first
    value; the unfinished gap after the last marked value is discarded). Gap
    lengths are counted in cells ``0, 1, ..., t-1`` and ``>= t`` and compared
    with the geometric probabilities :func:`gap_probabilities` with
    ``p = (high - low) / k``. Adjacent cells whose expected counts are below 5
    are pooled (left to right, from the expected counts only), and the
    statistic is referred to chi-square with (number of pooled cells - 1)
    degrees of freedom. Using every complete gap of a fixed-length sample
    instead of Knuth's fixed number of gaps changes nothing asymptotically.

    Parameters
    ----------
    values:
        1-D integer array of outcomes in ``[0, k)``.
    k:
        Number of possible outcomes (>= 2).
    low, high:
        The marked values are ``low .. high-1``; ``0 <= low < high <= k`` and
        not all of ``[0, k)``.
    t:
        Gap lengths >= t share one cell. Default: the largest t whose tail
        cell still expects at least 5 gaps (capped at
        :data:`MAX_GAP_CATEGORIES`).

    Returns
    -------
    ChiSquareResult
        ``n`` is the number of complete gaps.

    Raises
    ------
    InsufficientDataError
        When fewer than two pooled cells reach an expected count of 5; in
        practice the sample needs at least ``10 / min(p, 1-p)`` complete gaps.
    InvalidParameterError
        For ``k < 2``, a bad ``low``/``high`` range or ``t < 1``.

    References
    ----------
    .. [1] D. E. Knuth, *The Art of Computer Programming*, vol. 2, 3rd ed.,
       §3.3.2 D (gap test, Algorithm G), 1997.
    """
    k = require_int(_NAME, "k", k, 2)
    low = require_int(_NAME, "low", low, 0, k - 1)
    high = require_int(_NAME, "high", high, low + 1, k)
    if high - low == k:
        raise InvalidParameterError(
            f"{_NAME}: low={low}, high={high} marks every value of [0, {k}); mark a proper subset"
        )
    if t is not None:
        t = require_int(_NAME, "t", t, 1, MAX_GAP_CATEGORIES)
    arr, k = as_outcomes(_NAME, values, k)
    hits = np.flatnonzero((arr >= low) & (arr < high))
    gaps = np.diff(hits, prepend=-1) - 1
    n_gaps = int(gaps.size)
    p = Fraction(high - low, k)
    if t is None:
        # largest t with n_gaps * (1 - p)**t >= 5, at least 1
        q = 1.0 - float(p)
        t = 1
        if n_gaps > MIN_EXPECTED:
            t = max(
                1,
                min(MAX_GAP_CATEGORIES, math.floor(math.log(MIN_EXPECTED / n_gaps) / math.log(q))),
            )
    observed = np.bincount(np.minimum(gaps, t), minlength=t + 1)
    cells = [str(r) for r in range(t)] + [f">={t}"]
    return chi_square_counts(
        _NAME,
        observed,
        gap_probabilities(p, t),
        n=n_gaps,
        cells=cells,
        parameters={"k": k, "low": low, "high": high, "t": t, "p": p},
        pool=True,
        minimum_note="needs enough complete gaps for two cells of expected count >= 5",
    )
