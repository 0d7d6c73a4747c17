"""Maurer's "universal statistical" test, SP 800-22 rev1a section 2.9."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import special

from stats_tests.errors import InsufficientDataError
from stats_tests.nist._common import (
    Mode,
    NistResult,
    checked_input,
    require_parameter,
)

__all__ = ["UniversalResult", "default_universal_parameters", "universal"]

_NAME = "Universal"

#: SP 800-22 section 2.9.4 step 5 / sts-2.1.2 universal.c: expected value of f_n by L.
EXPECTED_VALUE: dict[int, float] = {
    1: 0.7326495,
    2: 1.5374383,
    3: 2.4016068,
    4: 3.3112247,
    5: 4.2534266,
    6: 5.2177052,
    7: 6.1962507,
    8: 7.1836656,
    9: 8.1764248,
    10: 9.1723243,
    11: 10.170032,
    12: 11.168765,
    13: 12.168070,
    14: 13.167693,
    15: 14.167488,
    16: 15.167379,
}

#: The matching variances of log2 of the distance (same sources).
VARIANCE: dict[int, float] = {
    1: 0.690,
    2: 1.338,
    3: 1.901,
    4: 2.358,
    5: 2.705,
    6: 2.954,
    7: 3.125,
    8: 3.238,
    9: 3.311,
    10: 3.356,
    11: 3.384,
    12: 3.401,
    13: 3.410,
    14: 3.416,
    15: 3.419,
    16: 3.421,
}

#: SP 800-22 section 2.9.7: the smallest n for which each L (6 .. 16) is recommended.
MIN_LENGTH_FOR_L: tuple[tuple[int, int], ...] = (
    (387_840, 6),
    (904_960, 7),
    (2_068_480, 8),
    (4_654_080, 9),
    (10_342_400, 10),
    (22_753_280, 11),
    (49_643_520, 12),
    (107_560_960, 13),
    (231_669_760, 14),
    (496_435_200, 15),
    (1_059_061_760, 16),
)


@dataclass(frozen=True, kw_only=True)
class UniversalResult(NistResult):
    """Result of :func:`universal`.

    Attributes
    ----------
    statistic:
        f_n, the mean of log2 of the distances between matching L-bit blocks.
    block_length, init_blocks, test_blocks:
        L, Q and K of SP 800-22 section 2.9.
    discarded:
        Bits at the end that did not fill a block.
    log_sum:
        The sum of log2 distances over the K test blocks.
    expected, variance:
        expectedValue(L) and variance(L) from the table.
    c, sigma:
        The correction factor c(L, K) and sigma = c * sqrt(variance / K).
    """

    statistic: float
    block_length: int
    init_blocks: int
    test_blocks: int
    discarded: int
    log_sum: float
    expected: float
    variance: float
    c: float
    sigma: float


def default_universal_parameters(n: int) -> tuple[int, int]:
    """The (L, Q) that sts-2.1.2 picks for ``n`` bits: the largest recommended L, Q = 10 * 2**L.

    Raises InsufficientDataError below 387,840 bits (SP 800-22 section 2.9.7).
    """
    block_length = 0
    for minimum, length in MIN_LENGTH_FOR_L:
        if n >= minimum:
            block_length = length
    if block_length == 0:
        raise InsufficientDataError(
            f"{_NAME} needs at least 387840 bits for its default parameters "
            f"(SP 800-22 2.9.7: L >= 6); got n={n}; pass block_length and init_blocks "
            "to test shorter input"
        )
    return block_length, 10 * (1 << block_length)


def universal(
    bits: Any,
    *,
    block_length: int | None = None,
    init_blocks: int | None = None,
    mode: Mode = Mode.STS,
    strict: bool = True,
) -> UniversalResult:
    """Maurer's universal statistical test.

    Splits the sequence into L-bit blocks; the first Q initialise a table of
    last positions, and for each of the next K blocks the log2 of the distance
    to the previous occurrence of the same pattern is summed. A compressible
    sequence gives a small f_n.

    Parameters
    ----------
    bits:
        1-D array of 0/1.
    block_length:
        L (2 .. 16). Default: chosen from n as sts-2.1.2 does (section 2.9.7).
    init_blocks:
        Q (>= 1). Default: 10 * 2**L.
    mode:
        Both modes compute the same numbers (the test has no known quirk in
        sts-2.1.2); it is recorded in the result.
    strict:
        When True (default) apply SP 800-22 section 2.9.7: n >= 387,840,
        6 <= L <= 16 and Q >= 10 * 2**L. When False any 2 <= L <= 16, Q >= 1
        with at least one test block (the worked example 2.9.4 has n = 20).

    Returns
    -------
    UniversalResult

    Notes
    -----
    sigma = c * sqrt(variance(L) / K) with
    c = 0.7 - 0.8/L + (4 + 32/L) * K**(-3/L) / 15, P = erfc(|f_n - E| / (sqrt(2) sigma)).
    The printed P-value of the worked example 2.9.4 (0.767189) uses
    sigma = sqrt(variance); this function follows the formula (0.063454).

    Raises
    ------
    InsufficientDataError
        Fewer bits than the rule of ``strict`` allows, or no test block.
    InvalidParameterError
        L or Q outside the ranges above.

    References
    ----------
    .. [1] NIST SP 800-22 rev1a, section 2.9 and 3.9.
    .. [2] U. Maurer, "A Universal Statistical Test for Random Bit Generators",
           Journal of Cryptology 5 (1992), pp. 89-105.
    """
    mode, array, n = checked_input(
        _NAME, bits, mode, minimum=2, recommended=387_840, strict=strict, source="SP 800-22 §2.9.7"
    )
    if block_length is None:
        default_l, default_q = default_universal_parameters(n)
        block_length = default_l
        if init_blocks is None:
            init_blocks = default_q
    # L = 1 is refused: c(L, K) = 0.7 - 0.8/L + ... turns negative for it.
    require_parameter(_NAME, "block_length", block_length, 2, 16)
    if init_blocks is None:
        init_blocks = 10 * (1 << block_length)
    require_parameter(_NAME, "init_blocks", init_blocks, 1)
    if strict:
        require_parameter(_NAME, "block_length", block_length, 6, 16)
        require_parameter(_NAME, "init_blocks", init_blocks, 10 * (1 << int(block_length)))
    length = int(block_length)
    q = int(init_blocks)
    k = n // length - q
    if k < 1:
        raise InsufficientDataError(
            f"{_NAME} with L={length}, Q={q} needs more than {(q + 1) * length - 1} bits "
            f"(at least one test block after the Q initialisation blocks); got n={n}"
        )
    total = q + k
    blocks = array[: total * length].reshape(total, length)
    values = np.zeros(total, dtype=np.uint16)  # L <= 16
    for column in range(length):
        values <<= np.uint16(1)
        values |= blocks[:, column]
    # Previous position (1-based; 0 = never seen) of the same pattern, for every block:
    # a stable sort groups equal patterns in position order.
    order = np.argsort(values, kind="stable")  # a radix sort for 16-bit keys
    ordered = values[order]
    previous = np.zeros(total, dtype=np.int64)
    same = ordered[1:] == ordered[:-1]
    previous[order[1:]] = np.where(same, order[:-1] + 1, 0)
    positions = np.arange(q + 1, total + 1, dtype=np.int64)
    distances = positions - previous[q:]
    log_sum = float(np.sum(np.log(distances.astype(np.float64))) / math.log(2.0))
    fn = log_sum / k
    expected = EXPECTED_VALUE[length]
    variance = VARIANCE[length]
    c = 0.7 - 0.8 / length + (4 + 32 / length) * math.pow(k, -3 / length) / 15
    sigma = c * math.sqrt(variance / k)
    argument = abs(fn - expected) / (math.sqrt(2.0) * sigma)
    pvalue = float(special.erfc(argument))
    return UniversalResult(
        name=_NAME,
        n=n,
        mode=mode,
        applicable=True,
        pvalues=(pvalue,),
        parameters={"block_length": length, "init_blocks": q},
        statistic=fn,
        block_length=length,
        init_blocks=q,
        test_blocks=k,
        discarded=n - total * length,
        log_sum=log_sum,
        expected=expected,
        variance=variance,
        c=c,
        sigma=sigma,
    )
