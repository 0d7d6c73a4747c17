"""SP 800-22 rev1a §2.2: the Frequency Test within a Block."""

from __future__ import annotations

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

__all__ = ["BlockFrequencyResult", "block_frequency"]

NAME = "Block Frequency"

#: SP 800-22 §2.2.7: n >= 100.
RECOMMENDED_N = 100
#: SP 800-22 §2.2.7: M >= 20 (enforced only with ``strict``).
RECOMMENDED_MIN_BLOCK = 20


@dataclass(frozen=True, kw_only=True)
class BlockFrequencyResult(NistResult):
    """Result of :func:`block_frequency`.

    Attributes
    ----------
    statistic:
        chi^2(obs) = 4 M sum_i (pi_i - 1/2)^2.
    block_size:
        M, the block length.
    blocks:
        N = floor(n / M), the number of blocks tested.
    discarded:
        n - N M bits at the end that were not used.
    block_ones:
        Number of ones in each block (pi_i = block_ones[i] / M).
    """

    statistic: float
    block_size: int
    blocks: int
    discarded: int
    block_ones: tuple[int, ...]


def block_frequency(
    bits: Any, *, block_size: int = 128, mode: Mode = Mode.STS, strict: bool = True
) -> BlockFrequencyResult:
    """Frequency test within a block: is the proportion of ones in each M-bit block 1/2?

    Parameters
    ----------
    bits:
        The sequence, 1-D array-like of 0/1.
    block_size:
        M; default 128 (sts-2.1.2). Must satisfy 1 <= M <= n.
    mode:
        ``Mode.STS`` or ``Mode.EXACT``; both give the same result here.
    strict:
        When True (default) require n >= 100 and M >= 20 (SP 800-22 §2.2.7).
        The other §2.2.7 advice (M > 0.01 n, N < 100) is not enforced: sts-2.1.2's
        own default (M = 128 on 10^6 bits, Appendix B) does not meet it.
        When False only N >= 1 block is required (the §2.2.4 example uses
        n = 10, M = 3).

    Returns
    -------
    BlockFrequencyResult
        ``pvalue = igamc(N/2, chi^2/2)``.

    Raises
    ------
    InsufficientDataError
        n is below the rule above or shorter than one block.
    InvalidParameterError
        ``block_size`` is not an int >= 1 (>= 20 with ``strict``).

    References
    ----------
    .. [1] NIST SP 800-22 rev1a, §2.2 and §3.2.
    """
    mode = as_mode(mode)
    array = as_bits(bits)
    n = int(array.size)
    require_parameter(NAME, "block_size", block_size, RECOMMENDED_MIN_BLOCK if strict else 1)
    require_input_size(
        NAME,
        n,
        minimum=block_size,
        recommended=max(RECOMMENDED_N, block_size),
        strict=strict,
        source="SP 800-22 §2.2.7 (and one block of M bits)",
    )
    m = int(block_size)
    blocks = n // m
    ones = array[: blocks * m].reshape(blocks, m).sum(axis=1, dtype=np.int64)
    # 4 M sum (ones/M - 1/2)^2 = sum (2 ones - M)^2 / M, computed exactly in integers.
    chi2 = float(np.sum((2 * ones - m) ** 2)) / m
    p = float(special.gammaincc(blocks / 2.0, chi2 / 2.0))
    return BlockFrequencyResult(
        name=NAME,
        n=n,
        mode=mode,
        applicable=True,
        pvalues=(p,),
        parameters={"block_size": m},
        statistic=chi2,
        block_size=m,
        blocks=blocks,
        discarded=n - blocks * m,
        block_ones=tuple(int(x) for x in ones),
    )
