"""SP 800-22 rev1a §2.4: the Test for the Longest Run of Ones in a Block."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import special

from stats_tests.errors import InvalidParameterError
from stats_tests.nist._common import (
    Bits,
    Mode,
    NistResult,
    as_bits,
    as_mode,
    require_input_size,
)

__all__ = ["LongestRunResult", "longest_run", "longest_run_probabilities"]

NAME = "Longest Run of Ones"


@dataclass(frozen=True)
class _Table:
    """One row of SP 800-22 §2.4.2's table: block length, classes, minimum n."""

    block_size: int
    #: Class boundaries: class 0 is "<= low", the last is ">= high", the others exact.
    low: int
    high: int
    min_n: int
    #: sts-2.1.2's class probabilities (source of Appendix B).
    sts_pi: tuple[float, ...]


# sts-2.1.2 assess: M = 8 exact; M = 128 with 9-10 digits; M = 10^4 with the
# 4-decimal values of SP 800-22 §3.4 (errata 1.6 of the reference file).
_TABLES = {
    8: _Table(8, 1, 4, 128, (0.21484375, 0.3671875, 0.23046875, 0.1875)),
    128: _Table(
        128,
        4,
        9,
        6272,
        (0.1174035788, 0.242955959, 0.249363483, 0.17517706, 0.102701071, 0.112398847),
    ),
    10_000: _Table(
        10_000, 10, 16, 750_000, (0.0882, 0.2092, 0.2483, 0.1933, 0.1208, 0.0675, 0.0727)
    ),
}


@dataclass(frozen=True, kw_only=True)
class LongestRunResult(NistResult):
    """Result of :func:`longest_run`.

    Attributes
    ----------
    statistic:
        chi^2(obs) = sum_i (nu_i - N pi_i)^2 / (N pi_i).
    block_size:
        M (8, 128 or 10,000).
    blocks:
        N = floor(n / M).
    degrees_of_freedom:
        K (3, 5 or 6).
    class_bounds:
        The longest-run length of each class; the first class is "<= value",
        the last ">= value".
    counts:
        nu_0 .. nu_K, the number of blocks in each class.
    probabilities:
        pi_0 .. pi_K used (sts-2.1.2's table or the exact ones).
    """

    statistic: float
    block_size: int
    blocks: int
    degrees_of_freedom: int
    class_bounds: tuple[int, ...]
    counts: tuple[int, ...]
    probabilities: tuple[float, ...]


@functools.cache
def _count_no_run_longer(length: int, k: int) -> int:
    """Number of bit strings of ``length`` whose longest run of ones is <= k (exact)."""
    # a(j) = 2^j for j <= k; a(j) = sum_{i=1}^{k+1} a(j - i) otherwise (split after the
    # last 0 among the final k+1 bits), i.e. a(k+1) = 2^(k+1) - 1 and
    # a(j) = 2 a(j-1) - a(j-k-2) for j >= k+2.
    if length <= k:
        return 1 << length
    a = [1 << j for j in range(k + 1)]
    a.append((1 << (k + 1)) - 1)
    for j in range(k + 2, length + 1):
        a.append(2 * a[j - 1] - a[j - k - 2])
    return a[length]


@functools.cache
def longest_run_probabilities(block_size: int, low: int, high: int) -> tuple[float, ...]:
    """Exact probabilities of the classes "<= low", low+1, ..., high-1, ">= high".

    The longest run of ones in ``block_size`` uniform random bits; computed with
    exact integer counts (SP 800-22 §3.4 gives the formula and rounded values).
    """
    total = 1 << block_size
    cdf = [Fraction(_count_no_run_longer(block_size, v), total) for v in range(low, high)]
    probabilities = [cdf[0]] + [cdf[i] - cdf[i - 1] for i in range(1, len(cdf))]
    probabilities.append(1 - cdf[-1])
    return tuple(float(p) for p in probabilities)


def _longest_runs(blocks: Bits) -> npt.NDArray[np.int64]:
    """Longest run of ones in each row of a (N, M) 0/1 array, without a loop over bits."""
    count, size = blocks.shape
    framed = np.zeros((count, size + 2), dtype=np.uint8)
    framed[:, 1:-1] = blocks
    zeros = np.flatnonzero(framed.ravel() == 0)
    lengths = np.diff(zeros) - 1  # the ones between consecutive zeros
    rows = zeros[:-1] // (size + 2)
    starts = np.searchsorted(rows, np.arange(count))  # every row starts with a zero
    return np.maximum.reduceat(lengths, starts).astype(np.int64)


def longest_run(
    bits: Any,
    *,
    block_size: int | None = None,
    mode: Mode = Mode.STS,
    strict: bool = True,
) -> LongestRunResult:
    """Longest run of ones in a block: is the longest run in M-bit blocks as expected?

    Parameters
    ----------
    bits:
        The sequence, 1-D array-like of 0/1.
    block_size:
        M, one of 8, 128, 10000. By default chosen from n as SP 800-22 §2.4.2
        and sts-2.1.2 do: M = 8 for n < 6,272, M = 128 for n < 750,000,
        M = 10,000 otherwise.
    mode:
        ``Mode.STS`` uses sts-2.1.2's class probabilities (the 4-decimal table
        for M = 10,000, which Appendix B needs: e -> 0.718945); ``Mode.EXACT``
        the exact ones (e -> 0.718366).
    strict:
        When True (default) n must reach the minimum §2.4.2 gives for the block
        length (128, 6,272, 750,000); sts-2.1.2 refuses n < 128 in any case.
        When False, one block of M bits is enough.

    Returns
    -------
    LongestRunResult
        ``pvalue = igamc(K/2, chi^2/2)``.

    Raises
    ------
    InsufficientDataError
        n is below the rule above.
    InvalidParameterError
        ``block_size`` is not one of 8, 128, 10000.

    References
    ----------
    .. [1] NIST SP 800-22 rev1a, §2.4 and §3.4.
    """
    mode = as_mode(mode)
    array = as_bits(bits)
    n = int(array.size)
    if block_size is None:
        m = 8 if n < 6272 else 128 if n < 750_000 else 10_000
    elif (
        isinstance(block_size, bool)
        or not isinstance(block_size, int | np.integer)
        or int(block_size) not in _TABLES
    ):
        raise InvalidParameterError(
            f"{NAME}: block_size={block_size!r} is not one of 8, 128, 10000 (SP 800-22 §2.4.2)"
        )
    else:
        m = int(block_size)
    table = _TABLES[m]
    require_input_size(
        NAME,
        n,
        minimum=m,
        recommended=table.min_n,
        strict=strict,
        source=f"SP 800-22 §2.4.2 for M = {m}",
    )
    count = n // m
    longest = _longest_runs(array[: count * m].reshape(count, m))
    classes = np.clip(longest, table.low, table.high) - table.low
    k = table.high - table.low
    nu = np.bincount(classes, minlength=k + 1)
    if mode is Mode.STS:
        pi = np.array(table.sts_pi)
    else:
        pi = np.array(longest_run_probabilities(m, table.low, table.high))
    expected = count * pi
    chi2 = float(np.sum((nu - expected) ** 2 / expected))
    p = float(special.gammaincc(k / 2.0, chi2 / 2.0))
    return LongestRunResult(
        name=NAME,
        n=n,
        mode=mode,
        applicable=True,
        pvalues=(p,),
        parameters={"block_size": m},
        statistic=chi2,
        block_size=m,
        blocks=count,
        degrees_of_freedom=k,
        class_bounds=tuple(range(table.low, table.high + 1)),
        counts=tuple(int(x) for x in nu),
        probabilities=tuple(float(x) for x in pi),
    )
