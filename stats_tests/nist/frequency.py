"""SP 800-22 rev1a §2.1: the Frequency (Monobit) test."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from scipy import special

from stats_tests.nist._common import Mode, NistResult, checked_input

__all__ = ["FrequencyResult", "frequency"]

NAME = "Frequency"

#: SP 800-22 §2.1.7: "It is recommended that each sequence to be tested consist
#: of a minimum of 100 bits (i.e., n >= 100)."
RECOMMENDED_N = 100


@dataclass(frozen=True, kw_only=True)
class FrequencyResult(NistResult):
    """Result of :func:`frequency`.

    Attributes
    ----------
    statistic:
        s_obs = |S_n| / sqrt(n).
    s_n:
        S_n, the sum of the bits mapped to +1/-1 (ones minus zeros).
    ones:
        Number of ones.
    """

    statistic: float
    s_n: int
    ones: int


def frequency(bits: Any, *, mode: Mode = Mode.STS, strict: bool = True) -> FrequencyResult:
    """Frequency (Monobit) test: is the proportion of ones close to 1/2?

    Parameters
    ----------
    bits:
        The sequence, 1-D array-like of 0/1.
    mode:
        ``Mode.STS`` or ``Mode.EXACT``; both give the same result here.
    strict:
        When True (default) require n >= 100 (SP 800-22 §2.1.7); when False,
        n >= 1 (the document's §2.1.4 example has n = 10).

    Returns
    -------
    FrequencyResult
        ``pvalue = erfc(s_obs / sqrt(2))``.

    Raises
    ------
    InsufficientDataError
        n is below the rule above.

    References
    ----------
    .. [1] NIST SP 800-22 rev1a, §2.1 and §3.1.
    """
    mode, array, n = checked_input(
        NAME,
        bits,
        mode,
        minimum=1,
        recommended=RECOMMENDED_N,
        strict=strict,
        source="SP 800-22 §2.1.7",
    )
    ones = int(array.sum(dtype="int64"))
    s_n = 2 * ones - n
    s_obs = abs(s_n) / math.sqrt(n)
    p = float(special.erfc(s_obs / math.sqrt(2.0)))
    return FrequencyResult(
        name=NAME,
        n=n,
        mode=mode,
        applicable=True,
        pvalues=(p,),
        parameters={},
        statistic=s_obs,
        s_n=s_n,
        ones=ones,
    )
