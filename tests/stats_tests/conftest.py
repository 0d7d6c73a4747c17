"""Reference bit strings for the SP 800-22 tests, generated here, not downloaded.

``e_bits`` is the binary expansion of e *with its integer part* (10.1011011...),
as in sts-2.1.2's data.e, computed exactly with integers from the series
e = sum 1/k!. ``pi_bits`` likewise for pi (Machin's formula).
"""

from __future__ import annotations

import numpy as np
import pytest


def _e_fraction_bits(count: int) -> str:
    """The first ``count`` bits of e's binary expansion, integer part (2 = '10') included."""
    guard = 64
    precision = count + guard
    scale = 1 << precision
    total = 0
    term = scale  # scale / 0!
    k = 0
    while term:
        total += term
        k += 1
        term //= k
    bits = bin(total >> guard)[2:]  # integer part '10' followed by the fraction bits
    return bits[:count]


def _arctan_inverse(x: int, scale: int) -> int:
    total = 0
    power = scale // x
    k = 0
    x2 = x * x
    while power:
        term = power // (2 * k + 1)
        total += -term if k % 2 else term
        power //= x2
        k += 1
    return total


def _pi_bits(count: int) -> str:
    guard = 64
    precision = count + guard
    scale = 1 << precision
    pi = 4 * (4 * _arctan_inverse(5, scale) - _arctan_inverse(239, scale))
    return bin(pi >> guard)[2:][:count]


def _to_array(bits: str) -> np.ndarray:
    return np.frombuffer(bits.encode("ascii"), dtype=np.uint8) - ord("0")


@pytest.fixture(scope="session")
def e_bits() -> np.ndarray:
    """The first 1,000,000 bits of e (500,029 ones, per SP 800-22 Appendix B)."""
    return _to_array(_e_fraction_bits(1_000_000))


@pytest.fixture(scope="session")
def pi_bits_100() -> np.ndarray:
    """The first 100 bits of pi, integer part included (epsilon_pi of SP 800-22)."""
    return _to_array(_pi_bits(100))
