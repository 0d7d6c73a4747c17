"""SP 800-22 rev1a §2.8: the Overlapping Template Matching test (template of m ones)."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import special

from stats_tests.nist._common import (
    Mode,
    NistResult,
    as_bits,
    as_mode,
    require_input_size,
    require_parameter,
)

__all__ = [
    "REV1A_PROBABILITIES_9_1032",
    "OverlappingTemplateResult",
    "overlapping_template",
    "overlapping_template_probabilities",
    "sts_overlapping_template_probabilities",
]

NAME = "Overlapping Template"

#: Degrees of freedom: classes W = 0, 1, 2, 3, 4, >= 5 (fixed in SP 800-22 and sts-2.1.2).
K = 5
#: SP 800-22 §2.8.7: n >= 10^6.
RECOMMENDED_N = 1_000_000

#: The corrected class probabilities for m = 9, M = 1032 published with SP 800-22
#: rev1a (§3.8) and declared, then overwritten, in sts-2.1.2's
#: overlappingTemplateMatchings.c; ``Mode.EXACT`` uses them for these parameters
#: (e -> 0.159032, chi^2 = 7.949657).
REV1A_PROBABILITIES_9_1032 = (0.364091, 0.185659, 0.139381, 0.100571, 0.0704323, 0.139865)


@dataclass(frozen=True, kw_only=True)
class OverlappingTemplateResult(NistResult):
    """Result of :func:`overlapping_template`.

    Attributes
    ----------
    statistic:
        chi^2(obs) = sum_i (nu_i - N pi_i)^2 / (N pi_i).
    m:
        Template length (B = m ones).
    block_size:
        M.
    blocks:
        N = floor(n / M).
    discarded:
        n - N M bits at the end that were not used.
    lam, eta:
        lambda = (M - m + 1) / 2^m and eta = lambda / 2.
    counts:
        nu_0 .. nu_5: blocks with 0, 1, 2, 3, 4, >= 5 (overlapping) occurrences.
    probabilities:
        pi_0 .. pi_5 used.
    """

    statistic: float
    m: int
    block_size: int
    blocks: int
    discarded: int
    lam: float
    eta: float
    counts: tuple[int, ...]
    probabilities: tuple[float, ...]


def sts_overlapping_template_probabilities(m: int, block_size: int) -> tuple[float, ...]:
    """The class probabilities sts-2.1.2 actually uses (its ``Pr(u, eta)``).

    pi_0 = e^-eta and, for u = 1..4,
    pi_u = sum_{l=1}^{u} e^-eta 2^-u eta^l / l! * C(u-1, l-1),
    pi_5 = 1 - sum. This asymptotic formula overwrites the corrected constants
    declared in sts-2.1.2's source; Appendix B's OTM values need it
    (0.367879, 0.183940, 0.137955, 0.099634, 0.069935, 0.140657 for m = 9,
    M = 1032).
    """
    eta = (block_size - m + 1) / 2.0**m / 2.0
    pi = [math.exp(-eta)]
    for u in range(1, K):
        pi.append(
            sum(
                math.exp(
                    -eta
                    - u * math.log(2)
                    + j * math.log(eta)
                    - math.lgamma(j + 1)
                    + math.lgamma(u)
                    - math.lgamma(j)
                    - math.lgamma(u - j + 1)
                )
                for j in range(1, u + 1)
            )
        )
    pi.append(1.0 - sum(pi))
    return tuple(pi)


@functools.cache
def overlapping_template_probabilities(m: int, block_size: int) -> tuple[float, ...]:
    """Exact probabilities that m ones occur 0, 1, 2, 3, 4, >= 5 times in M random bits.

    Counted with overlaps, as the test does. Computed by dynamic programming over
    (length of the current run of ones capped at m-1, occurrences capped at 5);
    for m = 9, M = 1032 this gives the corrected values of SP 800-22 rev1a
    §3.8 / Hamano and Kaneko (0.364091, 0.185659, 0.139381, 0.100571, 0.070432,
    0.139865).
    """
    # state[r, c]: probability of a trailing run of min(r, m-1) ones and c occurrences.
    state = np.zeros((m, K + 1))
    state[0, 0] = 1.0
    for _ in range(block_size):
        after = np.zeros_like(state)
        after[0] = 0.5 * state.sum(axis=0)  # next bit 0
        after[1:] += 0.5 * state[:-1]  # next bit 1 after fewer than m-1 ones: no match
        full = 0.5 * state[m - 1]  # next bit 1 after >= m-1 ones: one more occurrence
        after[m - 1, 1:] += full[:-1]
        after[m - 1, K] += full[K]
        state = after
    return tuple(float(x) for x in state.sum(axis=0))


def overlapping_template(
    bits: Any,
    *,
    m: int = 9,
    block_size: int = 1032,
    mode: Mode = Mode.STS,
    strict: bool = True,
) -> OverlappingTemplateResult:
    """Overlapping template matching: occurrences of m ones in M-bit blocks.

    Each of the N = floor(n / M) blocks is scanned for B = 1^m, overlaps
    allowed; the blocks are classed by 0, 1, 2, 3, 4 or >= 5 occurrences and a
    chi-square test with K = 5 degrees of freedom compares the classes with pi.

    Parameters
    ----------
    bits:
        The sequence, 1-D array-like of 0/1.
    m:
        Template length; default 9 (sts-2.1.2). 2 .. 21.
    block_size:
        M; default 1032 (hard-coded in sts-2.1.2). Must exceed m.
    mode:
        ``Mode.STS``: the probabilities sts-2.1.2 uses
        (:func:`sts_overlapping_template_probabilities`; Appendix B, e -> 0.110434).
        ``Mode.EXACT``: the corrected probabilities; for m = 9, M = 1032 the
        published constants :data:`REV1A_PROBABILITIES_9_1032` (e -> 0.159032),
        otherwise the exact ones of :func:`overlapping_template_probabilities`
        (which for m = 9, M = 1032 agree with the published constants to 1e-6
        and would give e -> 0.159037).
    strict:
        When True (default) require n >= 10^6 (§2.8.7); when False one block
        of M bits is enough.

    Returns
    -------
    OverlappingTemplateResult
        ``pvalue = igamc(K/2, chi^2/2)``.

    Raises
    ------
    InsufficientDataError
        n is below the rule above.
    InvalidParameterError
        Bad m or M.

    References
    ----------
    .. [1] NIST SP 800-22 rev1a, §2.8 and §3.8.
    .. [2] K. Hamano, T. Kaneko, "Correction of Overlapping Template Matching Test
       Included in NIST Randomness Test Suite", IEICE Trans. Fundamentals
       E90-A(9), 2007.
    """
    mode = as_mode(mode)
    array = as_bits(bits)
    n = int(array.size)
    require_parameter(NAME, "m", m, 2, 21)
    require_parameter(NAME, "block_size", block_size, int(m) + 1)
    m, size = int(m), int(block_size)
    require_input_size(
        NAME, n, minimum=size, recommended=RECOMMENDED_N, strict=strict, source="SP 800-22 §2.8.7"
    )
    blocks = n // size
    used = array[: blocks * size].astype(np.int32)
    ones = np.concatenate([np.zeros(1, dtype=np.int32), np.cumsum(used, dtype=np.int32)])
    hits = (ones[m:] - ones[:-m]) == m  # window starting at each position is all ones
    hits = np.concatenate([hits, np.zeros(m - 1, dtype=bool)]).reshape(blocks, size)
    occurrences = hits[:, : size - m + 1].sum(axis=1)
    nu = np.bincount(np.minimum(occurrences, K), minlength=K + 1)
    if mode is Mode.STS:
        pi = np.array(sts_overlapping_template_probabilities(m, size))
    elif (m, size) == (9, 1032):
        pi = np.array(REV1A_PROBABILITIES_9_1032)
    else:
        pi = np.array(overlapping_template_probabilities(m, size))
    expected = blocks * pi
    chi2 = float(np.sum((nu - expected) ** 2 / expected))
    p = float(special.gammaincc(K / 2.0, chi2 / 2.0))
    lam = (size - m + 1) / 2.0**m
    return OverlappingTemplateResult(
        name=NAME,
        n=n,
        mode=mode,
        applicable=True,
        pvalues=(p,),
        parameters={"m": m, "block_size": size},
        statistic=chi2,
        m=m,
        block_size=size,
        blocks=blocks,
        discarded=n - blocks * size,
        lam=lam,
        eta=lam / 2.0,
        counts=tuple(int(x) for x in nu),
        probabilities=tuple(float(x) for x in pi),
    )
