"""SP 800-22 rev1a §2.6: the Discrete Fourier Transform (Spectral) test."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import special

from stats_tests.nist._common import Mode, NistResult, checked_input

__all__ = ["DftResult", "dft"]

NAME = "Discrete Fourier Transform"

#: SP 800-22 §2.6.7: n >= 1000.
RECOMMENDED_N = 1000
#: The constant sts-2.1.2 writes for ln(1/0.05) in T = sqrt(ln(1/0.05) n).
STS_LOG_20 = 2.995732274


@dataclass(frozen=True, kw_only=True)
class DftResult(NistResult):
    """Result of :func:`dft`.

    Attributes
    ----------
    statistic:
        d = (N1 - N0) / sqrt(n 0.95 0.05 / 4).
    threshold:
        T = sqrt(ln(1/0.05) n), the 95 % peak height.
    peaks_below:
        N1, the number of moduli among the first floor(n/2) (DC included) below T.
    expected_below:
        N0 = 0.95 n / 2.
    """

    statistic: float
    threshold: float
    peaks_below: int
    expected_below: float


def dft(bits: Any, *, mode: Mode = Mode.STS, strict: bool = True) -> DftResult:
    """Spectral test: are there too many high peaks in the DFT of the +-1 sequence?

    The moduli |S_0| .. |S_{floor(n/2)-1}| of the DFT of X = 2 eps - 1 are counted
    below T = sqrt(ln(20) n), as sts-2.1.2 counts them (its ``m[0]`` is the DC
    term). The document's worked examples 2.6.4 and 2.6.8 print wrong counts
    (N1 = 4 and 46); the true values 5 and 48 give P = 0.468160 and 0.646355,
    which sts-2.1.2 outputs too.

    Parameters
    ----------
    bits:
        The sequence, 1-D array-like of 0/1.
    mode:
        ``Mode.STS`` uses sts-2.1.2's ln 20 = 2.995732274; ``Mode.EXACT`` the
        exact logarithm. They can differ only if a modulus lies within about
        1e-10 T of the threshold.
    strict:
        When True (default) require n >= 1000 (§2.6.7); when False, n >= 2.

    Returns
    -------
    DftResult
        ``pvalue = erfc(|d| / sqrt(2))``.

    Raises
    ------
    InsufficientDataError
        n is below the rule above.

    References
    ----------
    .. [1] NIST SP 800-22 rev1a, §2.6 and §3.6.
    .. [2] S.-J. Kim, K. Umeno, A. Hasegawa, "Corrections of the NIST Statistical
       Test Suite for Randomness", IACR ePrint 2004/018 (threshold and variance).
    """
    mode, array, n = checked_input(
        NAME,
        bits,
        mode,
        minimum=2,
        recommended=RECOMMENDED_N,
        strict=strict,
        source="SP 800-22 §2.6.7",
    )
    x = 2.0 * array.astype(np.float64) - 1.0
    moduli = np.abs(np.fft.rfft(x)[: n // 2])
    log20 = STS_LOG_20 if mode is Mode.STS else math.log(20.0)
    threshold = math.sqrt(log20 * n)
    n1 = int(np.count_nonzero(moduli < threshold))
    n0 = 0.95 * n / 2.0
    d = (n1 - n0) / math.sqrt(n / 4.0 * 0.95 * 0.05)
    p = float(special.erfc(abs(d) / math.sqrt(2.0)))
    return DftResult(
        name=NAME,
        n=n,
        mode=mode,
        applicable=True,
        pvalues=(p,),
        parameters={},
        statistic=d,
        threshold=threshold,
        peaks_below=n1,
        expected_below=n0,
    )
