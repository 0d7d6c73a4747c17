"""SP 800-22 rev1a §2.3: the Runs test."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import special

from stats_tests.nist._common import Mode, NistResult, checked_input

__all__ = ["RunsResult", "runs"]

NAME = "Runs"

#: SP 800-22 §2.3.7: n >= 100.
RECOMMENDED_N = 100


@dataclass(frozen=True, kw_only=True)
class RunsResult(NistResult):
    """Result of :func:`runs`.

    Attributes
    ----------
    statistic:
        V_n(obs), the total number of runs (counted even when the frequency
        prerequisite fails).
    proportion:
        pi, the proportion of ones.
    tau:
        The prerequisite threshold 2 / sqrt(n).
    prerequisite_met:
        False when |pi - 1/2| exceeds tau (sts-2.1.2: ``>``; exact mode: ``>=``,
        as in §2.3.4 step 2) or the sequence is constant. Then the runs test
        "need not be performed": it has not been passed and its P-value is 0,
        as SP 800-22 §2.3.4 and sts-2.1.2 prescribe.
    """

    statistic: int
    proportion: float
    tau: float
    prerequisite_met: bool


def runs(bits: Any, *, mode: Mode = Mode.STS, strict: bool = True) -> RunsResult:
    """Runs test: is the number of runs (of identical bits) as expected?

    Parameters
    ----------
    bits:
        The sequence, 1-D array-like of 0/1.
    mode:
        ``Mode.STS`` tests the frequency prerequisite as sts-2.1.2 does
        (|pi - 1/2| > tau fails); ``Mode.EXACT`` as §2.3.4 states it (>= tau).
        They differ only when |pi - 1/2| = tau exactly.
    strict:
        When True (default) require n >= 100 (§2.3.7); when False, n >= 2
        (the §2.3.4 example has n = 10).

    Returns
    -------
    RunsResult
        ``pvalue = erfc(|V_n - 2 n pi (1-pi)| / (2 sqrt(2n) pi (1-pi)))``, or 0.0
        when the prerequisite fails.

    Raises
    ------
    InsufficientDataError
        n is below the rule above.

    References
    ----------
    .. [1] NIST SP 800-22 rev1a, §2.3 and §3.3.
    """
    mode, array, n = checked_input(
        NAME,
        bits,
        mode,
        minimum=2,
        recommended=RECOMMENDED_N,
        strict=strict,
        source="SP 800-22 §2.3.7",
    )
    ones = int(array.sum(dtype=np.int64))
    pi = ones / n
    tau = 2.0 / math.sqrt(n)
    # |pi - 1/2| vs 2/sqrt(n), decided exactly in integers: |2 ones - n| / (2n) vs 2 / sqrt(n)
    # <=> (2 ones - n)^2 vs 16 n.
    lhs, rhs = (2 * ones - n) ** 2, 16 * n
    failed = lhs > rhs if mode is Mode.STS else lhs >= rhs
    v_obs = 1 + int(np.count_nonzero(array[1:] != array[:-1]))
    if failed or ones in (0, n):
        p = 0.0
        met = False
    else:
        pq = pi * (1.0 - pi)
        arg = abs(v_obs - 2.0 * n * pq) / (2.0 * math.sqrt(2.0 * n) * pq)
        p = float(special.erfc(arg))
        met = True
    return RunsResult(
        name=NAME,
        n=n,
        mode=mode,
        applicable=True,
        pvalues=(p,),
        parameters={},
        statistic=v_obs,
        proportion=pi,
        tau=tau,
        prerequisite_met=met,
    )
