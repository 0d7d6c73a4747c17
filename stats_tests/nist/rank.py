"""SP 800-22 rev1a §2.5: the Binary Matrix Rank test."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import special

from stats_tests.errors import InvalidInputError, InvalidParameterError
from stats_tests.nist._common import (
    Bits,
    Mode,
    NistResult,
    as_bits,
    as_mode,
    require_input_size,
    require_parameter,
)

__all__ = [
    "ROUNDED_32X32_PROBABILITIES",
    "RankResult",
    "gf2_ranks",
    "rank",
    "rank_probabilities",
]

NAME = "Binary Matrix Rank"

#: The rounded 32x32 class probabilities written into SP 800-22 §2.5.4 step (4)
#: (p_M = 0.2888, p_{M-1} = 0.5776, p_{<=M-2} = 0.1336). The document's 3x3 worked
#: example applies them to 3x3 matrices; pass them as ``probabilities`` to redo it.
ROUNDED_32X32_PROBABILITIES = (0.2888, 0.5776, 0.1336)

#: SP 800-22 §2.5.7: at least 38 matrices (n >= 38 M Q).
RECOMMENDED_MATRICES = 38
#: Rows are packed into 64-bit words.
MAX_SIDE = 64


@dataclass(frozen=True, kw_only=True)
class RankResult(NistResult):
    """Result of :func:`rank`.

    Attributes
    ----------
    statistic:
        chi^2(obs) over the three classes (full rank, full rank - 1, lower).
    rows, cols:
        M and Q, the matrix shape.
    matrices:
        N = floor(n / (M Q)).
    discarded:
        n - N M Q bits at the end that were not used.
    counts:
        (F_full, F_{full-1}, N - F_full - F_{full-1}), full = min(M, Q).
    probabilities:
        The class probabilities used.
    """

    statistic: float
    rows: int
    cols: int
    matrices: int
    discarded: int
    counts: tuple[int, int, int]
    probabilities: tuple[float, float, float]


@functools.cache
def rank_probabilities(rows: int, cols: int) -> tuple[float, float, float]:
    """Probabilities that a random ``rows`` x ``cols`` GF(2) matrix has rank r, r-1, < r-1.

    r = min(rows, cols); SP 800-22 §3.5:
    p_r = 2^{r(Q+M-r)-MQ} prod_{i=0}^{r-1} (1-2^{i-Q})(1-2^{i-M}) / (1-2^{i-r}),
    evaluated exactly. For 32x32 these are sts-2.1.2's 0.288788, 0.577576, 0.133636.
    """

    def p(r: int) -> Fraction:
        value = Fraction(2) ** (r * (cols + rows - r) - rows * cols)
        for i in range(r):
            two = Fraction(2) ** i
            value *= (1 - two / 2**cols) * (1 - two / 2**rows) / (1 - two / 2**r)
        return value

    full = min(rows, cols)
    p_full, p_next = p(full), p(full - 1)
    return float(p_full), float(p_next), float(1 - p_full - p_next)


def gf2_ranks(matrices: Bits) -> npt.NDArray[np.int64]:
    """Ranks over GF(2) of a stack of 0/1 matrices of shape (N, M, Q), Q <= 64.

    Gaussian elimination run on all N matrices at once: each row is packed into a
    64-bit word and each column step is a handful of whole-array operations.
    """
    if matrices.ndim != 3:
        raise InvalidInputError(
            f"gf2_ranks: matrices must have shape (N, M, Q), got {matrices.shape}"
        )
    count, rows, cols = matrices.shape
    if cols > MAX_SIDE:
        raise InvalidParameterError(f"gf2_ranks: cols={cols} is outside 1 .. {MAX_SIDE}")
    packed = np.zeros((count, rows), dtype=np.uint64)
    for j in range(cols):
        packed = (packed << np.uint64(1)) | matrices[:, :, j].astype(np.uint64)
    ranks = np.zeros(count, dtype=np.int64)
    used = np.zeros((count, rows), dtype=bool)
    for j in range(cols):
        has_bit = ((packed >> np.uint64(j)) & np.uint64(1)).astype(bool)
        candidates = has_bit & ~used
        which = np.flatnonzero(candidates.any(axis=1))
        if which.size == 0:
            continue
        pivot = candidates[which].argmax(axis=1)
        pivot_rows = packed[which, pivot]
        eliminate = has_bit[which]
        eliminate[np.arange(which.size), pivot] = False
        packed[which] ^= np.where(eliminate, pivot_rows[:, None], np.uint64(0))
        used[which, pivot] = True
        ranks[which] += 1
    return ranks


def rank(
    bits: Any,
    *,
    rows: int = 32,
    cols: int = 32,
    probabilities: Sequence[float] | None = None,
    mode: Mode = Mode.STS,
    strict: bool = True,
) -> RankResult:
    """Binary matrix rank test: linear dependence among fixed-length substrings.

    The bits fill N = floor(n / (M Q)) matrices row by row; their ranks over
    GF(2) are sorted into full rank, full rank - 1 and lower, and compared with
    the class probabilities by a chi-square test with 2 degrees of freedom.

    Parameters
    ----------
    bits:
        The sequence, 1-D array-like of 0/1.
    rows, cols:
        M and Q; default 32 x 32 (sts-2.1.2 supports only that). 2 .. 64.
    probabilities:
        Override the class probabilities (3 values). By default they are
        computed exactly for M x Q (:func:`rank_probabilities`); SP 800-22's
        §2.5.4 example needs :data:`ROUNDED_32X32_PROBABILITIES`.
    mode:
        ``Mode.STS`` or ``Mode.EXACT``; both give the same result here (sts-2.1.2
        evaluates the same formula).
    strict:
        When True (default) require N >= 38 matrices (§2.5.7: n >= 38 M Q);
        when False one matrix is enough.

    Returns
    -------
    RankResult
        ``pvalue = exp(-chi^2 / 2)`` (igamc(1, chi^2/2)).

    Raises
    ------
    InsufficientDataError
        n is below the rule above.
    InvalidParameterError
        Bad shape or probabilities.

    References
    ----------
    .. [1] NIST SP 800-22 rev1a, §2.5 and §3.5.
    .. [2] G. Marsaglia, L. H. Tsay, "Matrices and the structure of random number
       sequences", Linear Algebra and its Applications 67 (1985).
    """
    mode = as_mode(mode)
    array = as_bits(bits)
    n = int(array.size)
    require_parameter(NAME, "rows", rows, 2, MAX_SIDE)
    require_parameter(NAME, "cols", cols, 2, MAX_SIDE)
    size = int(rows) * int(cols)
    require_input_size(
        NAME,
        n,
        minimum=size,
        recommended=RECOMMENDED_MATRICES * size,
        strict=strict,
        source="SP 800-22 §2.5.7 (38 matrices)",
    )
    if probabilities is None:
        pi = rank_probabilities(int(rows), int(cols))
    else:
        values = tuple(float(x) for x in probabilities)
        if (
            len(values) != 3
            or not all(0.0 < x < 1.0 for x in values)
            or abs(sum(values) - 1.0) > 1e-3
        ):
            raise InvalidParameterError(
                f"{NAME}: probabilities={probabilities!r} must be 3 values in (0, 1) summing to 1"
            )
        pi = (values[0], values[1], values[2])
    count = n // size
    ranks = gf2_ranks(array[: count * size].reshape(count, int(rows), int(cols)))
    full = min(int(rows), int(cols))
    f_full = int(np.count_nonzero(ranks == full))
    f_next = int(np.count_nonzero(ranks == full - 1))
    counts = (f_full, f_next, count - f_full - f_next)
    chi2 = sum((f - count * p) ** 2 / (count * p) for f, p in zip(counts, pi, strict=True))
    p_value = float(special.gammaincc(1.0, chi2 / 2.0))
    return RankResult(
        name=NAME,
        n=n,
        mode=mode,
        applicable=True,
        pvalues=(p_value,),
        parameters={"rows": int(rows), "cols": int(cols)},
        statistic=float(chi2),
        rows=int(rows),
        cols=int(cols),
        matrices=count,
        discarded=n - count * size,
        counts=counts,
        probabilities=pi,
    )
