"""Coupon-collector test (Knuth, TAOCP vol. 2, §3.3.2 E): segment lengths to see every value."""

from __future__ import annotations

import math
from fractions import Fraction
from functools import cache
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
from stats_tests.outcomes._stirling import stirling2_column

__all__ = ["MAX_COUPON_K", "coupon_collector_probabilities", "coupon_collector_test"]

_NAME = "Coupon collector"

#: Largest k accepted (the exact probabilities cost O(k * t) big-integer additions).
MAX_COUPON_K = 256


@cache
def _numerators(k: int, t: int) -> tuple[int, ...]:
    """k! S(r-1, k-1) for r = k .. t-1: P(length = r) times k**r."""
    col = stirling2_column(k - 1, max(t - 2, 0))
    k_fact = math.factorial(k)
    return tuple(k_fact * col[r - 1] for r in range(k, t))


def coupon_collector_probabilities(k: int, t: int) -> list[Fraction]:
    """Exact probabilities of segment lengths r = k .. t-1 and >= t.

    A segment is read until all k values have appeared; its length r has
    ``P(r) = k! S(r-1, k-1) / k**r`` (Knuth §3.3.2 E, eq. (9)) with S the
    Stirling numbers of the second kind; the tail is ``1 - sum`` of the rest,
    so the list sums to exactly 1.
    """
    k = require_int(_NAME, "k", k, 2, MAX_COUPON_K)
    t = require_int(_NAME, "t", t, k + 1)
    return list(_probabilities(k, t))


@cache
def _probabilities(k: int, t: int) -> tuple[Fraction, ...]:
    probs = [Fraction(num, k**r) for r, num in zip(range(k, t), _numerators(k, t), strict=True)]
    return (*probs, 1 - sum(probs, Fraction(0)))


def _segment_ends(arr: npt.NDArray[np.int64], k: int) -> npt.NDArray[np.int64]:
    """For every start s, the index of the value that completes the set of k values, or n."""
    n = arr.size
    end = np.zeros(n, dtype=np.int64)
    for v in range(k):  # loop over values, each step vectorised over the sample
        hits = np.append(np.flatnonzero(arr == v), n)
        # the next occurrence of v at or after s is hits[j] for hits[j-1] < s <= hits[j]
        following = np.repeat(hits, np.diff(hits, prepend=-1))[:n]
        np.maximum(end, following, out=end)
    return end


def _segment_starts(end: npt.NDArray[np.int64], k: int) -> npt.NDArray[np.int64]:
    """Starts s_0 = 0, s_{j+1} = end[s_j] + 1 of consecutive segments, by pointer doubling."""
    n = end.size
    step = np.append(np.where(end < n, end + 1, n), n)  # absorbing sentinel n
    count = n // k + 1  # at most this many segments
    index = np.arange(count, dtype=np.int64)
    starts = np.zeros(count, dtype=np.int64)
    power = step
    for bit in range(count.bit_length()):
        take = ((index >> bit) & 1).astype(bool)
        starts[take] = power[starts[take]]
        power = power[power]
    return starts[starts < n]


def coupon_collector_test(values: Any, k: int, *, t: int | None = None) -> ChiSquareResult:
    r"""Coupon-collector test on outcomes in ``[0, k)``.

    The sequence is cut into consecutive segments, each read until all k values
    have appeared (the unfinished last segment is discarded). Segment lengths
    are counted in cells ``k, k+1, ..., t-1`` and ``>= t`` and compared with
    the exact probabilities :func:`coupon_collector_probabilities`. Cells whose
    expected counts are below 5 (the shortest lengths, rare for large k) are
    pooled with their neighbours, from the expected counts only; the statistic
    is referred to chi-square with (number of pooled cells - 1) degrees of
    freedom. Using every complete segment of a fixed-length sample instead of
    Knuth's fixed number of segments changes nothing asymptotically.

    Parameters
    ----------
    values:
        1-D integer array of outcomes in ``[0, k)``.
    k:
        Number of possible outcomes (2 .. :data:`MAX_COUPON_K`).
    t:
        Lengths >= t share one cell (t > k). Default: the largest t whose tail
        cell still expects at least 5 segments.

    Returns
    -------
    ChiSquareResult
        ``n`` is the number of complete segments; cells are labelled by length.

    Raises
    ------
    InsufficientDataError
        When fewer than two pooled cells reach an expected count of 5 (roughly
        fewer than 10 segments, i.e. about ``10 k H_k`` values).
    InvalidParameterError
        For k outside ``2 .. 256`` or ``t <= k``.

    References
    ----------
    .. [1] D. E. Knuth, *The Art of Computer Programming*, vol. 2, 3rd ed.,
       §3.3.2 E (coupon collector's test, Algorithm C), 1997.
    """
    k = require_int(_NAME, "k", k, 2, MAX_COUPON_K)
    if t is not None:
        t = require_int(_NAME, "t", t, k + 1)
    arr, k = as_outcomes(_NAME, values, k)
    if arr.size:
        end = _segment_ends(arr, k)
        starts = _segment_starts(end, k)
        starts = starts[end[starts] < arr.size]
        lengths = end[starts] - starts + 1
    else:
        lengths = np.zeros(0, dtype=np.int64)
    segments = int(lengths.size)
    if t is None:
        t = _default_t(k, segments)
    probs = coupon_collector_probabilities(k, t)
    observed = np.bincount(np.minimum(lengths, t) - k, minlength=t - k + 1)
    if observed.size != t - k + 1:  # pragma: no cover - lengths are always >= k
        raise InvalidParameterError(f"{_NAME}: internal cell count mismatch for t={t}")
    return chi_square_counts(
        _NAME,
        observed,
        probs,
        n=segments,
        cells=[str(r) for r in range(k, t)] + [f">={t}"],
        parameters={"k": k, "t": t},
        pool=True,
        minimum_note="needs more complete segments for two cells of expected count >= 5",
    )


def _default_t(k: int, segments: int) -> int:
    """Largest t > k with segments * P(length >= t) >= 5 (k + 1 when there is none)."""
    if segments <= MIN_EXPECTED:
        return k + 1
    # P(length > r) <= k (1 - 1/k)**r bounds how far the search can go.
    bound = k + 1 + math.ceil(math.log(k * segments / MIN_EXPECTED) / -math.log1p(-1.0 / k))
    tails = _tails(k, bound)
    t = k + 1
    for r, tail in zip(range(k, bound + 1), tails, strict=True):  # tail = P(length >= r + 1)
        if segments * tail < MIN_EXPECTED:
            break
        t = r + 1
    return t


@cache
def _tails(k: int, bound: int) -> tuple[float, ...]:
    """P(length >= r + 1) for r = k .. bound, as floats."""
    out = []
    tail = 1.0
    for r, num in zip(range(k, bound + 1), _numerators(k, bound + 1), strict=True):
        tail -= float(Fraction(num, k**r))
        out.append(tail)
    return tuple(out)
