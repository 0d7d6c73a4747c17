"""Maurer's universal test, SP 800-22 rev1a §2.9.

Reference values: /work/shared/reference/sp800_22.md (worked example 2.9.4 with
the errata: the printed 0.767189 uses sigma = sqrt(variance) and is not asserted;
Appendix B column e and the STS intermediate values).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stats_tests.errors import InsufficientDataError, InvalidInputError, InvalidParameterError
from stats_tests.nist._common import Mode
from stats_tests.nist.universal import UniversalResult, default_universal_parameters, universal

P_TOL = 1e-6


def _bits(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("ascii"), dtype=np.uint8) - ord("0")


def _reference_log_sum(bits: np.ndarray, length: int, q: int) -> float:
    """The loop of SP 800-22 §2.9.4, written plainly."""
    k = bits.size // length - q
    table: dict[int, int] = {}
    total = 0.0
    for i in range(1, q + k + 1):
        block = bits[(i - 1) * length : i * length]
        value = int("".join(str(b) for b in block), 2)
        if i > q:
            total += math.log2(i - table.get(value, 0))
        table[value] = i
    return total


def test_example_2_9_4_intermediates() -> None:
    result = universal(_bits("01011010011101010111"), block_length=2, init_blocks=4, strict=False)
    assert (result.block_length, result.init_blocks, result.test_blocks) == (2, 4, 6)
    assert result.log_sum == pytest.approx(7.169925, abs=1e-6)
    assert result.statistic == pytest.approx(1.1949875, abs=1e-7)
    assert result.expected == 1.5374383
    assert result.variance == 1.338
    # sigma = c * sqrt(var / K) per the formula (errata 4: the document's 0.767189
    # needs sigma = sqrt(1.338) and is not asserted)
    assert result.sigma == pytest.approx(0.184510, abs=1e-6)
    assert result.pvalue == pytest.approx(0.063454, abs=P_TOL)


@pytest.mark.parametrize("mode", [Mode.STS, Mode.EXACT])
def test_appendix_b_e(e_bits: np.ndarray, mode: Mode) -> None:
    result = universal(e_bits, mode=mode)
    assert isinstance(result, UniversalResult)
    assert (result.block_length, result.init_blocks) == (7, 1280)
    assert result.test_blocks == 141_577
    assert result.discarded == 1
    assert result.log_sum == pytest.approx(877_667.758407, abs=1e-5)
    assert result.statistic == pytest.approx(6.199226, abs=1e-6)
    assert result.expected == 6.1962507
    assert result.variance == 3.125
    assert result.sigma == pytest.approx(0.002768, abs=1e-6)
    assert result.pvalue == pytest.approx(0.282568, abs=P_TOL)
    assert result.mode is mode


def test_loop_matches_plain_reference() -> None:
    bits = np.random.default_rng(7).integers(0, 2, 4000, dtype=np.uint8)
    result = universal(bits, block_length=3, init_blocks=80, strict=False)
    assert result.log_sum == pytest.approx(_reference_log_sum(bits, 3, 80), rel=1e-12)


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (387_840, (6, 640)),
        (904_959, (6, 640)),
        (904_960, (7, 1280)),
        (1_000_000, (7, 1280)),
        (2_068_480, (8, 2560)),
        (1_059_061_760, (16, 655_360)),
    ],
)
def test_default_parameters(n: int, expected: tuple[int, int]) -> None:
    assert default_universal_parameters(n) == expected


def test_errors() -> None:
    with pytest.raises(InsufficientDataError, match=r"387840.*got n=1000"):
        universal(np.zeros(1000, dtype=np.uint8))
    with pytest.raises(InsufficientDataError, match="387840"):
        universal(np.zeros(1000, dtype=np.uint8), strict=False)  # no default L below 387,840
    with pytest.raises(InvalidParameterError, match="block_length=17"):
        universal(np.zeros(100, dtype=np.uint8), block_length=17, init_blocks=1, strict=False)
    with pytest.raises(InvalidParameterError, match=r"block_length=1 is outside 2 \.\. 16"):
        universal(np.zeros(100, dtype=np.uint8), block_length=1, init_blocks=2, strict=False)
    with pytest.raises(InvalidParameterError, match="init_blocks=0"):
        universal(np.zeros(100, dtype=np.uint8), block_length=2, init_blocks=0, strict=False)
    with pytest.raises(InsufficientDataError, match="test block"):
        universal(np.zeros(10, dtype=np.uint8), block_length=2, init_blocks=5, strict=False)
    with pytest.raises(InvalidParameterError, match=r"block_length=5 is outside 6 \.\. 16"):
        universal(np.zeros(400_000, dtype=np.uint8), block_length=5)
    with pytest.raises(InvalidParameterError, match="init_blocks=100 is outside >= 640"):
        universal(np.zeros(400_000, dtype=np.uint8), block_length=6, init_blocks=100)
    with pytest.raises(InvalidInputError):
        universal(np.full(400_000, 2))


@settings(max_examples=30, deadline=None)
@given(st.binary(min_size=40, max_size=400), st.integers(2, 4))
def test_properties(raw: bytes, length: int) -> None:
    bits = np.unpackbits(np.frombuffer(raw, dtype=np.uint8))
    q = 2**length
    result = universal(bits, block_length=length, init_blocks=q, strict=False)
    assert 0.0 <= result.pvalue <= 1.0
    assert result.log_sum == pytest.approx(_reference_log_sum(bits, length, q), rel=1e-12)
    assert universal(bits, block_length=length, init_blocks=q, strict=False) == result
