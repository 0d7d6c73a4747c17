"""SP 800-22 rev1a §2.13: the Cumulative Sums (Cusum) test, forward and reverse."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.stats import norm

from stats_tests.nist._common import Mode, NistResult, checked_input

__all__ = ["CumulativeSumsResult", "cumulative_sums", "cusum_pvalue"]

NAME = "Cumulative Sums"

#: SP 800-22 §2.13.7: n >= 100.
RECOMMENDED_N = 100


@dataclass(frozen=True, kw_only=True)
class CumulativeSumsResult(NistResult):
    """Result of :func:`cumulative_sums`; ``pvalues`` is (forward, reverse).

    Attributes
    ----------
    statistic:
        (z_forward, z_reverse), the largest |partial sum| of the +-1 sequence
        walked forward and backward.
    final_sum:
        S_n, the sum of the whole +-1 sequence.
    """

    statistic: tuple[int, int]
    final_sum: int

    @property
    def pvalue_forward(self) -> float:
        """P-value of the forward walk (mode 0)."""
        return self.pvalues[0]

    @property
    def pvalue_reverse(self) -> float:
        """P-value of the backward walk (mode 1)."""
        return self.pvalues[1]


def _trunc_div(a: int, b: int) -> int:
    """C's integer division: truncation toward zero."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


def cusum_pvalue(n: int, z: int, mode: Mode = Mode.STS) -> float:
    """P-value of the Cusum statistic z for n steps (SP 800-22 §2.13.4 step 4).

    P = 1 - sum_{k=(-n/z+1)/4}^{(n/z-1)/4} [Phi((4k+1)z/sqrt n) - Phi((4k-1)z/sqrt n)]
          + sum_{k=(-n/z-3)/4}^{(n/z-1)/4} [Phi((4k+3)z/sqrt n) - Phi((4k+1)z/sqrt n)].

    In ``Mode.STS`` the limits are computed as sts-2.1.2 does, in C ``int``
    arithmetic (division truncated toward zero, ``-n/z`` is ``(-n)/z``); in
    ``Mode.EXACT`` as the document writes them, the floor of the real quotients.
    The two agree for large n but not always for small: §2.13.4 (n = 10, z = 4)
    gives 0.4116586 in sts mode and 0.4115847 in exact mode.
    """
    if mode is Mode.STS:
        q = _trunc_div(n, z)
        lo1, hi1 = _trunc_div(-q + 1, 4), _trunc_div(q - 1, 4)
        lo2, hi2 = _trunc_div(-q - 3, 4), hi1
    else:
        # floor((-n/z + 1)/4) = floor((z - n) / (4z)), etc., in exact integer arithmetic.
        lo1, hi1 = (z - n) // (4 * z), (n - z) // (4 * z)
        lo2, hi2 = (-n - 3 * z) // (4 * z), hi1
    root = math.sqrt(n)
    k1 = np.arange(lo1, hi1 + 1, dtype=np.float64)
    k2 = np.arange(lo2, hi2 + 1, dtype=np.float64)
    sum1 = float(np.sum(norm.cdf((4 * k1 + 1) * z / root) - norm.cdf((4 * k1 - 1) * z / root)))
    sum2 = float(np.sum(norm.cdf((4 * k2 + 3) * z / root) - norm.cdf((4 * k2 + 1) * z / root)))
    return min(1.0, max(0.0, 1.0 - sum1 + sum2))


def cumulative_sums(
    bits: Any, *, mode: Mode = Mode.STS, strict: bool = True
) -> CumulativeSumsResult:
    """Cumulative sums test: does the +-1 random walk stray too far from zero?

    Computes both walks sts-2.1.2 reports: forward (mode 0) and backward
    (mode 1). The backward walk of a sequence is the forward walk of its
    reversal.

    Parameters
    ----------
    bits:
        The sequence, 1-D array-like of 0/1.
    mode:
        Summation limits as sts-2.1.2 (``Mode.STS``, C integer division) or as
        the document (``Mode.EXACT``, floor); see :func:`cusum_pvalue`.
    strict:
        When True (default) require n >= 100 (§2.13.7); when False, n >= 1
        (the §2.13.4 example has n = 10).

    Returns
    -------
    CumulativeSumsResult
        ``pvalues = (forward, reverse)``.

    Raises
    ------
    InsufficientDataError
        n is below the rule above.

    References
    ----------
    .. [1] NIST SP 800-22 rev1a, §2.13 and §3.13.
    """
    mode, array, n = checked_input(
        NAME,
        bits,
        mode,
        minimum=1,
        recommended=RECOMMENDED_N,
        strict=strict,
        source="SP 800-22 §2.13.7",
    )
    walk = np.cumsum(2 * array.astype(np.int64) - 1)
    final = int(walk[-1])
    high = max(0, int(walk.max()))
    low = min(0, int(walk.min()))
    z_forward = max(high, -low)
    # Backward partial sums are S_n - S_j for j = n-1 .. 0 (S_0 = 0).
    z_reverse = max(high - final, final - low)
    p_forward = cusum_pvalue(n, z_forward, mode)
    p_reverse = cusum_pvalue(n, z_reverse, mode)
    return CumulativeSumsResult(
        name=NAME,
        n=n,
        mode=mode,
        applicable=True,
        pvalues=(p_forward, p_reverse),
        parameters={},
        statistic=(z_forward, z_reverse),
        final_sum=final,
    )
