"""The linear complexity test, SP 800-22 rev1a section 2.10.

The Berlekamp-Massey algorithm runs on all blocks at once, bit-sliced: bit b
of word w of every row holds block 64 w + b, so one numpy operation advances
64 blocks per word and the per-block branches become masks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import special

from stats_tests.errors import InvalidInputError
from stats_tests.nist._common import (
    Mode,
    NistResult,
    as_bits,
    as_mode,
    require_input_size,
    require_parameter,
)

__all__ = [
    "LinearComplexityResult",
    "berlekamp_massey",
    "linear_complexity",
    "linear_complexity_batch",
    "linear_complexity_from_lengths",
]

_NAME = "Linear Complexity"

#: SP 800-22 section 2.10.7: recommended minimum n.
RECOMMENDED_N = 1_000_000

#: Degrees of freedom K of the chi-square (seven classes).
DEGREES_OF_FREEDOM = 6

#: sts-2.1.2 linearComplexity.c and SP 800-22 section 3.10: pi_0 printed as 0.01047 (a typo
#: for 1/96 = 0.010417) and pi_6 rounded to 0.020833. Appendix B needs these.
STS_PROBABILITIES: tuple[float, ...] = (0.01047, 0.03125, 0.125, 0.5, 0.25, 0.0625, 0.020833)

#: The exact class probabilities: 1/96, 1/32, 1/8, 1/2, 1/4, 1/16, 1/48.
EXACT_PROBABILITIES: tuple[float, ...] = tuple(
    float(Fraction(k, 96)) for k in (1, 3, 12, 48, 24, 6, 2)
)

#: Class boundaries on T = (-1)**M (L - mu) + 2/9, as sts-2.1.2 bins it (upper bounds inclusive).
_EDGES = np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5])

_WORD = 64


def berlekamp_massey(blocks: Any) -> npt.NDArray[np.int64]:
    """Linear complexity of each row of a 2-D 0/1 array (Berlekamp-Massey over GF(2)).

    Parameters
    ----------
    blocks:
        Array of shape (N, M): N sequences of M bits each.

    Returns
    -------
    numpy.ndarray
        The N linear complexities L (length of the shortest LFSR generating each row).

    Notes
    -----
    All N rows advance together. B is kept already multiplied by x**(k - m)
    (the shift since the last length change), so every step shifts it by
    exactly one place for every row; the per-row choices (discrepancy,
    length change) are bit masks. Rows beyond max(L) + 1 of C and beyond
    k + 1 - min(L) of the shifted B are zero and are skipped.

    References
    ----------
    .. [1] J. L. Massey, "Shift-register synthesis and BCH decoding",
           IEEE Trans. Inf. Theory 15 (1969), pp. 122-127.
    """
    matrix = np.asarray(blocks)
    if matrix.ndim != 2:
        raise InvalidInputError(f"blocks must be two-dimensional, got shape {matrix.shape}")
    count, length = matrix.shape
    if count == 0:
        return np.zeros(0, dtype=np.int64)
    words = -(-count // _WORD)
    padded = np.zeros((length, words * _WORD), dtype=np.uint8)
    padded[:, :count] = matrix.T
    # s[j] = bit j of every block, bit-sliced into `words` uint64 words
    seq = np.packbits(padded, axis=1, bitorder="little").view("<u8")
    ones = np.full(words, np.iinfo(np.uint64).max, dtype=np.uint64)
    # the sequence reversed, so that s_k, s_{k-1}, ... is a forward slice
    rev = np.ascontiguousarray(seq[::-1])
    conn = np.zeros((length + 2, words), dtype=np.uint64)  # C(x), row i = coefficient of x**i
    conn[0] = ones
    # shifted B, stored with a moving origin: coefficient i lives in row base + i
    store = np.zeros((2 * length + 4, words), dtype=np.uint64)
    base = length + 1
    store[base + 1] = ones  # B = 1 times x**(0 - (-1))
    scratch = np.empty((length + 2, words), dtype=np.uint64)
    lengths = np.zeros(words * _WORD, dtype=np.int16)  # M <= 10**4 < 2**15
    max_l = 0
    min_l = 0
    for k in range(length):
        # discrepancy d = sum_{i=0..L} C_i s_{k-i}
        taps = min(max_l + 1, k + 1)
        start = length - 1 - k
        product = np.bitwise_and(conn[:taps], rev[start : start + taps], out=scratch[:taps])
        d = np.bitwise_xor.reduce(product, axis=0)
        if not d.any():
            base -= 1
            continue
        rows = min(max(max_l + 1, k + 2 - min_l), length + 1)
        shifted = store[base : base + rows]
        d_bits = np.unpackbits(d.view(np.uint8), bitorder="little").view(bool)
        swap_bits = d_bits & (lengths <= k // 2)  # d = 1 and 2 L <= k
        # C <- C + d B x**(k-m); then B <- C_old where the length changes, and
        # C_old = C_new + B there, so B <- B + (C_new & swap)
        work = scratch[:rows]
        np.bitwise_and(shifted, d, out=work)
        conn[:rows] ^= work
        if swap_bits.any():
            swap = np.packbits(swap_bits, bitorder="little").view("<u8")
            np.bitwise_and(conn[:rows], swap, out=work)
            shifted ^= work
            np.subtract(k + 1, lengths, out=lengths, where=swap_bits)
            real = lengths[:count]
            max_l = int(real.max())
            min_l = int(real.min())
        base -= 1
    return lengths[:count].astype(np.int64)


def _class_counts(lengths: npt.NDArray[np.int64], block_size: int) -> tuple[int, ...]:
    """nu_0..nu_6: the blocks' T values binned as sts-2.1.2 does."""
    m = block_size
    # mu = M/2 + (9 + (-1)**(M+1))/36 - (M/3 + 2/9)/2**M, in the order sts-2.1.2 evaluates it
    sign_mu = 1.0 if (m + 1) % 2 == 0 else -1.0
    mean = m / 2.0 + (9.0 + sign_mu) / 36.0 - math.ldexp(1.0, -m) * (m / 3.0 + 2.0 / 9.0)
    sign_t = 1.0 if m % 2 == 0 else -1.0
    t_values = sign_t * (lengths.astype(np.float64) - mean) + 2.0 / 9.0
    classes = np.searchsorted(_EDGES, t_values, side="left")
    counts = np.bincount(classes, minlength=DEGREES_OF_FREEDOM + 1)
    return tuple(int(c) for c in counts)


@dataclass(frozen=True, kw_only=True)
class LinearComplexityResult(NistResult):
    """Result of :func:`linear_complexity`.

    Attributes
    ----------
    statistic:
        chi^2 over the seven classes.
    block_size:
        M.
    blocks:
        N = floor(n / M).
    discarded:
        Bits at the end that did not fill a block.
    mean:
        mu, the expected linear complexity of an M-bit block.
    nu:
        nu_0 .. nu_6, blocks per class of T.
    probabilities:
        pi_0 .. pi_6 of the mode.
    """

    statistic: float
    block_size: int
    blocks: int
    discarded: int
    mean: float
    nu: tuple[int, ...]
    probabilities: tuple[float, ...]


def linear_complexity_from_lengths(
    lengths: npt.NDArray[np.int64], *, n: int, block_size: int, mode: Mode = Mode.STS
) -> LinearComplexityResult:
    """The test's result from the blocks' linear complexities (lets callers batch the BM step)."""
    m = block_size
    blocks = int(lengths.size)
    nu = _class_counts(lengths, m)
    probabilities = STS_PROBABILITIES if mode is Mode.STS else EXACT_PROBABILITIES
    chi2 = 0.0
    for count, prob in zip(nu, probabilities, strict=True):
        expected = blocks * prob
        chi2 += (count - expected) ** 2 / expected
    pvalue = float(special.gammaincc(DEGREES_OF_FREEDOM / 2.0, chi2 / 2.0))
    sign_mu = 1.0 if (m + 1) % 2 == 0 else -1.0
    mean = m / 2.0 + (9.0 + sign_mu) / 36.0 - math.ldexp(1.0, -m) * (m / 3.0 + 2.0 / 9.0)
    return LinearComplexityResult(
        name=_NAME,
        n=n,
        mode=mode,
        applicable=True,
        pvalues=(pvalue,),
        parameters={"block_size": m},
        statistic=chi2,
        block_size=m,
        blocks=blocks,
        discarded=n - blocks * m,
        mean=mean,
        nu=nu,
        probabilities=probabilities,
    )


def linear_complexity(
    bits: Any, *, block_size: int = 500, mode: Mode = Mode.STS, strict: bool = True
) -> LinearComplexityResult:
    """Linear complexity test: is each block's shortest LFSR as long as for random bits?

    Parameters
    ----------
    bits:
        1-D array of 0/1, at least ``block_size`` bits.
    block_size:
        M (sts-2.1.2 default 500).
    mode:
        ``STS``: pi_0 = 0.01047 and pi_6 = 0.020833, as sts-2.1.2 and Appendix B
        (e, M = 500: 0.826335). ``EXACT``: pi = (1, 3, 12, 48, 24, 6, 2) / 96
        (e, M = 500: 0.826202).
    strict:
        When True (default) apply SP 800-22 section 2.10.7: n >= 10**6,
        500 <= M <= 5000 and N = n // M >= 200. When False, 2 <= M <= 10**4
        and n >= M (the worked example 2.10.4 has n = M = 13).

    Returns
    -------
    LinearComplexityResult
        P = igamc(K/2, chi^2/2) with K = 6.

    Raises
    ------
    InsufficientDataError
        n below the rule of ``strict``.
    InvalidParameterError
        M outside the range of ``strict``.

    References
    ----------
    .. [1] NIST SP 800-22 rev1a, sections 2.10 and 3.10.
    .. [2] R. A. Rueppel, *Analysis and Design of Stream Ciphers*, Springer, 1986.
    """
    array = as_bits(bits)
    (result,) = linear_complexity_batch(
        array[None, :], block_size=block_size, mode=mode, strict=strict
    )
    return result


def linear_complexity_batch(
    sequences: Any, *, block_size: int = 500, mode: Mode = Mode.STS, strict: bool = True
) -> list[LinearComplexityResult]:
    """:func:`linear_complexity` of each row of an (m, n) array, sharing one Berlekamp-Massey run.

    The bit-sliced Berlekamp-Massey step costs about half as much per block
    when a few thousand blocks or more advance together, so the battery
    calls this on groups of sequences.
    """
    mode = as_mode(mode)
    matrix = np.asarray(sequences)
    if matrix.ndim != 2:
        raise InvalidInputError(f"sequences must be two-dimensional, got shape {matrix.shape}")
    count, n = matrix.shape
    require_parameter(_NAME, "block_size", block_size, 2, 10_000)
    m = int(block_size)
    require_input_size(
        _NAME, n, minimum=m, recommended=RECOMMENDED_N, strict=strict, source="SP 800-22 §2.10.7"
    )
    if strict:  # with n >= 10**6 this also gives N >= 200 blocks
        require_parameter(_NAME, "block_size", m, 500, 5000)
    flat = as_bits(matrix.reshape(-1))
    blocks = n // m
    grouped = flat.reshape(count, n)[:, : blocks * m].reshape(count * blocks, m)
    lengths = berlekamp_massey(grouped).reshape(count, blocks)
    return [linear_complexity_from_lengths(row, n=n, block_size=m, mode=mode) for row in lengths]
