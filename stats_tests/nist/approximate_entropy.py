"""The approximate entropy test, SP 800-22 rev1a section 2.12."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from stats_tests.nist._common import (
    Mode,
    NistResult,
    as_bits,
    as_mode,
    require_length,
    require_parameter,
)
from stats_tests.nist.serial import (
    MAX_PATTERN_LENGTH,
    circular_pattern_counts,
    fold_counts,
    igamc,
    read_only,
    require_pattern_fits,
)

__all__ = ["ApproximateEntropyResult", "approximate_entropy"]

_NAME = "Approximate Entropy"


def _phi(counts: npt.NDArray[np.int64], n: int) -> float:
    """phi(m) = sum over seen patterns of (C/n) ln(C/n), as sts-2.1.2 sums it."""
    seen = counts[counts > 0].astype(np.float64)
    return float(np.sum(seen * np.log(seen / n)) / n)


@dataclass(frozen=True, kw_only=True)
class ApproximateEntropyResult(NistResult):
    """Result of :func:`approximate_entropy`.

    Attributes
    ----------
    statistic:
        chi^2 = 2 n (ln 2 - ApEn).
    pattern_length:
        m.
    phi:
        (phi(m), phi(m+1)).
    apen:
        ApEn(m) = phi(m) - phi(m+1).
    counts:
        Counts of the 2**(m+1) circular (m+1)-bit patterns.
    """

    statistic: float
    pattern_length: int
    phi: tuple[float, float]
    apen: float
    counts: npt.NDArray[np.int64] = field(compare=False, repr=False)


def approximate_entropy(
    bits: Any, *, pattern_length: int = 10, mode: Mode = Mode.STS, strict: bool = True
) -> ApproximateEntropyResult:
    """Approximate entropy test: compares the frequencies of m- and (m+1)-bit patterns.

    Parameters
    ----------
    bits:
        1-D array of 0/1 (at least ``pattern_length + 1`` bits).
    pattern_length:
        m, 1 .. 23 (sts-2.1.2 default 10).
    mode:
        Both modes compute the same numbers; recorded in the result.
    strict:
        When True (default) require m < floor(log2 n) - 5 (SP 800-22
        section 2.12.7; sts-2.1.2 only prints a warning); when False only
        n >= m + 1 (example 2.12.4 has n = 10, m = 3).

    Returns
    -------
    ApproximateEntropyResult
        P = igamc(2**(m-1), chi^2 / 2).

    Raises
    ------
    InsufficientDataError
        n below the rule of ``strict``.
    InvalidParameterError
        m outside 1 .. 23.

    References
    ----------
    .. [1] NIST SP 800-22 rev1a, sections 2.12 and 3.12.
    .. [2] S. Pincus and B. H. Singer, "Randomness and degrees of irregularity",
           Proc. Natl. Acad. Sci. USA 93 (1996), pp. 2083-2088.
    """
    mode = as_mode(mode)
    array = as_bits(bits)
    n = int(array.size)
    require_parameter(_NAME, "pattern_length", pattern_length, 1, MAX_PATTERN_LENGTH - 1)
    m = int(pattern_length)
    require_length(_NAME, n, m + 1, f"at least one {m + 1}-bit pattern")
    if strict:
        require_pattern_fits(_NAME, n, m, 5, "SP 800-22 §2.12.7")
    counts_m1 = circular_pattern_counts(array, m + 1)
    counts_m = fold_counts(counts_m1)
    phi_m = _phi(counts_m, n)
    phi_m1 = _phi(counts_m1, n)
    apen = phi_m - phi_m1
    chi2 = 2.0 * n * (math.log(2.0) - apen)
    pvalue = igamc(2.0 ** (m - 1), chi2 / 2.0)
    return ApproximateEntropyResult(
        name=_NAME,
        n=n,
        mode=mode,
        applicable=True,
        pvalues=(pvalue,),
        parameters={"pattern_length": m},
        statistic=chi2,
        pattern_length=m,
        phi=(phi_m, phi_m1),
        apen=apen,
        counts=read_only(counts_m1),
    )
