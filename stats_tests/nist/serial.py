"""The serial test, SP 800-22 rev1a section 2.11 (and the pattern counter it shares)."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import special

from stats_tests.errors import InsufficientDataError, InvalidParameterError
from stats_tests.nist._common import (
    Bits,
    Mode,
    NistResult,
    as_bits,
    as_mode,
    require_length,
    require_parameter,
)

__all__ = ["SerialResult", "circular_pattern_counts", "serial"]


def read_only(array: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Make an intermediate array read-only before it goes into a frozen result."""
    array.setflags(write=False)
    return array


_NAME = "Serial"

#: Longest pattern the counters handle (2**24 counters of 8 bytes = 128 MiB).
MAX_PATTERN_LENGTH = 24


def circular_pattern_counts(bits: Bits, m: int) -> npt.NDArray[np.int64]:
    """Counts of all 2**m overlapping m-bit patterns, the sequence read circularly.

    Index v counts the windows whose bits, most significant first, spell v.
    There are exactly n windows (the first m - 1 bits are appended, as in
    SP 800-22 sections 2.11.4 and 2.12.4). Vectorised: each window is cut from
    a 64-bit big-endian word built from the packed bytes.
    """
    n = int(bits.size)
    if m == 0:
        return np.array([n], dtype=np.int64)
    if not 1 <= m <= 57:
        raise InvalidParameterError(f"pattern length m={m} is outside 1 .. 57")
    if n == 0:
        return np.zeros(1 << m, dtype=np.int64)
    # np.resize repeats the sequence, so the wrap-around also works when m > n
    extended = np.concatenate([bits, np.resize(bits, m - 1)]) if m > 1 else bits
    starts_bytes = -(-n // 8)
    packed = np.zeros(starts_bytes + 8, dtype=np.uint8)
    raw = np.packbits(extended)
    packed[: raw.size] = raw
    words = np.zeros(starts_bytes, dtype=np.uint64)
    for t in range(8):
        words <<= np.uint64(8)
        words |= packed[t : t + starts_bytes].astype(np.uint64)
    mask = np.uint64((1 << m) - 1)
    counts = np.zeros(1 << m, dtype=np.int64)
    for r in range(8):
        # windows starting at bit 8*j + r, for those starts that are < n
        count_r = (n - r + 7) // 8 if n > r else 0
        if count_r == 0:
            continue
        values = (words[:count_r] >> np.uint64(64 - m - r)) & mask
        counts += np.bincount(values.astype(np.int64), minlength=1 << m)
    return counts


def require_pattern_fits(test: str, n: int, m: int, margin: int, source: str) -> None:
    """Raise InsufficientDataError unless m < floor(log2 n) - margin."""
    limit = n.bit_length() - 1 - margin  # floor(log2 n) - margin
    if m >= limit:
        need = 1 << (m + margin + 1)
        raise InsufficientDataError(
            f"{test} with pattern_length={m} needs at least {need} bits ({source} recommends "
            f"m < floor(log2 n) - {margin}; pass strict=False to allow it); got n={n}"
        )


def fold_counts(counts: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Counts of (m-1)-bit circular patterns from those of m-bit ones (drop the last bit)."""
    folded: npt.NDArray[np.int64] = counts.reshape(-1, 2).sum(axis=1)
    return folded


def igamc(a: float, x: float) -> float:
    """The upper regularised incomplete gamma Q(a, x), 1 for x <= 0 as in cephes (sts-2.1.2).

    The statistics are computed exactly enough that x < 0 only comes from
    rounding; scipy would return NaN there.
    """
    if x <= 0.0:
        return 1.0
    return float(special.gammaincc(a, x))


def _scaled_squares(counts: npt.NDArray[np.int64], m: int) -> int:
    """2**m * sum(nu^2), exactly (psi^2_m = this / n - n, section 2.11.4 step 3)."""
    return (1 << m) * int(np.dot(counts, counts))


@dataclass(frozen=True, kw_only=True)
class SerialResult(NistResult):
    """Result of :func:`serial`.

    Attributes
    ----------
    statistic:
        (del psi^2_m, del^2 psi^2_m), the two statistics behind the two P-values.
    pattern_length:
        m.
    psi_squared:
        (psi^2_m, psi^2_{m-1}, psi^2_{m-2}).
    counts:
        Counts of the 2**m circular m-bit patterns, index = pattern value.
    """

    statistic: tuple[float, float]
    pattern_length: int
    psi_squared: tuple[float, float, float]
    counts: npt.NDArray[np.int64] = field(compare=False, repr=False)


def serial(
    bits: Any, *, pattern_length: int = 16, mode: Mode = Mode.STS, strict: bool = True
) -> SerialResult:
    """Serial test: are all overlapping m-bit patterns equally frequent?

    Parameters
    ----------
    bits:
        1-D array of 0/1 (at least ``pattern_length`` bits).
    pattern_length:
        m, 2 .. 24 (sts-2.1.2 default 16).
    mode:
        Both modes compute the same numbers; recorded in the result.
    strict:
        When True (default) require m < floor(log2 n) - 2 (SP 800-22
        section 2.11.7); when False only n >= m (example 2.11.4 has n = 10, m = 3).

    Returns
    -------
    SerialResult
        ``pvalues`` = (P-value1, P-value2) = (igamc(2**(m-2), del/2),
        igamc(2**(m-3), del^2/2)).

    Raises
    ------
    InsufficientDataError
        n below the rule of ``strict``.
    InvalidParameterError
        m outside 2 .. 24.

    References
    ----------
    .. [1] NIST SP 800-22 rev1a, sections 2.11 and 3.11.
    .. [2] I. J. Good, "The serial test for sampling numbers and other tests for
           randomness", Proc. Cambridge Philos. Soc. 49 (1953), pp. 276-284.
    """
    mode = as_mode(mode)
    array = as_bits(bits)
    n = int(array.size)
    require_parameter(_NAME, "pattern_length", pattern_length, 2, MAX_PATTERN_LENGTH)
    m = int(pattern_length)
    require_length(_NAME, n, m, f"at least one {m}-bit pattern")
    if strict:
        require_pattern_fits(_NAME, n, m, 2, "SP 800-22 §2.11.7")
    counts_m = circular_pattern_counts(array, m)
    counts_m1 = fold_counts(counts_m)
    counts_m2 = fold_counts(counts_m1)
    # Exact integer numerators: the differences cancel, floats would not.
    s_m = _scaled_squares(counts_m, m)
    s_m1 = _scaled_squares(counts_m1, m - 1)
    s_m2 = _scaled_squares(counts_m2, m - 2)  # m - 2 = 0 gives n**2, so psi^2_0 = 0
    psi_m, psi_m1, psi_m2 = (float(Fraction(s - n * n, n)) for s in (s_m, s_m1, s_m2))
    delta1 = float(Fraction(s_m - s_m1, n))
    delta2 = float(Fraction(s_m - 2 * s_m1 + s_m2, n))
    p1 = igamc(2.0 ** (m - 1) / 2.0, delta1 / 2.0)
    p2 = igamc(2.0 ** (m - 2) / 2.0, delta2 / 2.0)
    return SerialResult(
        name=_NAME,
        n=n,
        mode=mode,
        applicable=True,
        pvalues=(p1, p2),
        parameters={"pattern_length": m},
        statistic=(delta1, delta2),
        pattern_length=m,
        psi_squared=(psi_m, psi_m1, psi_m2),
        counts=read_only(counts_m),
    )
