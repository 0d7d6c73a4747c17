"""Kolmogorov–Smirnov test for the discrete uniform on [0, k), with its exact discrete P-value."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import signal, stats

from stats_tests.errors import InsufficientDataError
from stats_tests.outcomes._common import TestResult, as_outcomes

__all__ = ["MAX_KS_K", "PRECISION_FLOOR", "KSResult", "ks_uniform_pvalue", "ks_uniform_test"]

_NAME = "Kolmogorov-Smirnov (discrete uniform)"

#: Largest k accepted: the exact P-value costs one convolution per value.
MAX_KS_K = 1 << 16

_TAIL_SD = 12.0  # the Poisson kernel is cut 12 standard deviations out (mass < 1e-30)

#: Below this the convolution's rounding error (about 1e-10 for n = 2e5) could dominate
#: 1 - P(inside), and the Bonferroni bound over the k - 1 binomial tails is reported instead.
PRECISION_FLOOR = 1e-6


@dataclass(frozen=True, eq=False, kw_only=True)
class KSResult(TestResult):
    """Result of the discrete KS test.

    Attributes
    ----------
    continuous_pvalue:
        The P-value the continuous KS distribution would give for the same D
        (``scipy.stats.kstwo`` up to n = 10,000, the Kolmogorov limit
        ``kstwobign`` above); it is conservative (too large) for discrete data
        and is reported only for comparison.
    """

    continuous_pvalue: float


def _band(m: int, n: int, k: int, dint: int) -> tuple[int, int]:
    """Counts c with |k c - n (m + 1)| < dint, clipped to [0, n]: the inclusive range (lo, hi)."""
    centre = n * (m + 1)
    lo = max(0, (centre - dint) // k + 1)
    hi = min(n, -(-(centre + dint) // k) - 1)  # largest c with k c < centre + dint
    return lo, hi


def _poisson_kernel(lam: float) -> tuple[int, npt.NDArray[np.float64]]:
    spread = _TAIL_SD * math.sqrt(lam) + _TAIL_SD
    first = max(0, math.floor(lam - spread))
    last = math.ceil(lam + spread)
    j = np.arange(first, last + 1)
    return first, np.asarray(stats.poisson.pmf(j, lam), dtype=np.float64)


def ks_uniform_pvalue(dint: int, n: int, k: int) -> float:
    """Exact ``P(max_m |k C_m - n (m+1)| >= dint)`` for n iid uniform values on [0, k).

    ``C_m`` is the number of values <= m. The probability that every
    ``C_m`` stays strictly inside the band is computed by the Poisson
    embedding of the multinomial: with ``X_m`` iid Poisson(n/k),
    ``P_mult(band) = P_pois(band and sum X = n) / P_pois(sum X = n)``, and the
    Poisson probability is a chain of k convolutions restricted to the band
    (the method of Dimitrova, Kaishev and Tan 2020, exact up to rounding).
    Where that gives less than :data:`PRECISION_FLOOR` the rounding error
    could dominate, and the Bonferroni upper bound over the k - 1 binomial
    tails is returned instead (tight in the far tail).
    """
    if dint <= 0:
        return 1.0
    lam = n / k
    first, kernel = _poisson_kernel(lam)
    lo, hi = _band(0, n, k, dint)
    if lo > hi:
        return 1.0
    c = np.arange(lo, hi + 1)
    f = np.asarray(stats.poisson.pmf(c, lam), dtype=np.float64)
    for m in range(1, k):
        new_lo, new_hi = _band(m, n, k, dint) if m < k - 1 else (n, n)
        if new_lo > new_hi:
            return 1.0
        full = signal.convolve(f, kernel, mode="full")  # index i <-> count lo + first + i
        start = new_lo - (lo + first)
        stop = new_hi - (lo + first) + 1
        g = np.zeros(new_hi - new_lo + 1)
        src_lo, src_hi = max(start, 0), min(stop, full.size)
        if src_lo < src_hi:
            g[src_lo - start : src_hi - start] = full[src_lo:src_hi]
        f = np.clip(g, 0.0, None)
        lo, hi = new_lo, new_hi
        if not f.any():
            return 1.0
    inside = float(f[0]) / float(stats.poisson.pmf(n, n))
    pvalue = 1.0 - inside
    if pvalue < PRECISION_FLOOR:
        return _bonferroni(dint, n, k)
    return float(min(1.0, pvalue))


def _bonferroni(dint: int, n: int, k: int) -> float:
    """Sum over m of P(|k C_m - n (m+1)| >= dint) with C_m ~ Binomial(n, (m+1)/k): an upper bound.

    In the far tail the k - 1 events are nearly disjoint and the bound is
    close to the exact probability; it is never below the largest single term.
    """
    m = np.arange(k - 1, dtype=np.int64)
    centre = n * (m + 1)
    upper = -((-(centre + dint)) // k)  # smallest c with k c >= centre + dint
    lower = (centre - dint) // k  # largest c with k c <= centre - dint
    p = (m + 1) / k
    tails = stats.binom.sf(upper - 1, n, p) + stats.binom.cdf(lower, n, p)
    return float(min(1.0, float(np.sum(tails))))


def _continuous_pvalue(statistic: float, n: int) -> float:
    """The continuous KS P-value: scipy's exact kstwo up to n = 10,000, Kolmogorov's limit above."""
    if n <= 10_000:
        return float(stats.kstwo.sf(statistic, n))
    return float(stats.kstwobign.sf(statistic * math.sqrt(n)))


def ks_uniform_test(values: Any, k: int) -> KSResult:
    r"""Kolmogorov–Smirnov test of outcomes against the discrete uniform on ``[0, k)``.

    ``D = max_m |F_n(m) - (m + 1)/k|`` over the support points ``m = 0..k-2``
    (for a step-function null the supremum is reached there). For discrete
    data the continuous KS distribution (what ``scipy.stats.kstest`` uses) is
    conservative, so the P-value here is the **exact discrete** one, from the
    multinomial distribution of the counts (:func:`ks_uniform_pvalue`). The
    continuous-KS P-value is reported beside it as ``continuous_pvalue``.

    Parameters
    ----------
    values:
        1-D integer array of outcomes in ``[0, k)``.
    k:
        Number of possible outcomes (2 .. :data:`MAX_KS_K`).

    Returns
    -------
    KSResult
        ``statistic`` is D; ``distribution`` is ``"exact discrete KS"``.

    Raises
    ------
    InsufficientDataError
        With no values: the P-value is exact for every n >= 1.
    InvalidParameterError
        For k outside ``2 .. 65536``.

    References
    ----------
    .. [1] D. E. Knuth, *The Art of Computer Programming*, vol. 2, 3rd ed.,
       §3.3.1 B (the KS test), 1997.
    .. [2] W. J. Conover, "A Kolmogorov goodness-of-fit test for discontinuous
       distributions", *J. Amer. Statist. Assoc.* 67(339), 591-596, 1972.
    .. [3] D. S. Dimitrova, V. K. Kaishev and S. Tan, "Computing the
       Kolmogorov-Smirnov distribution when the underlying CDF is purely
       discrete, mixed, or continuous", *J. Stat. Softw.* 95(10), 2020.
    """
    arr, k = as_outcomes(_NAME, values, k, max_k=MAX_KS_K)
    n = int(arr.size)
    if n < 1:
        raise InsufficientDataError(f"{_NAME} needs at least 1 value; got n=0")
    cumulative = np.cumsum(np.bincount(arr, minlength=k))[:-1]
    targets = n * np.arange(1, k, dtype=np.int64)
    dint = int(np.max(np.abs(k * cumulative - targets))) if k > 1 else 0
    statistic = dint / (k * n)
    return KSResult(
        name=_NAME,
        statistic=statistic,
        pvalue=ks_uniform_pvalue(dint, n, k),
        n=n,
        distribution="exact discrete KS (multinomial, Poisson embedding)",
        parameters={"k": k},
        continuous_pvalue=_continuous_pvalue(statistic, n),
    )
