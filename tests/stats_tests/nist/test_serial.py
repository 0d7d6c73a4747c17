"""Serial test, SP 800-22 rev1a §2.11.

Reference values: /work/shared/reference/sp800_22.md (worked examples 2.11.6 and
2.11.8; Appendix B column e with its STS intermediate values).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stats_tests.errors import InsufficientDataError, InvalidParameterError
from stats_tests.nist._common import Mode
from stats_tests.nist.serial import SerialResult, circular_pattern_counts, serial

P_TOL = 1e-6


def _bits(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("ascii"), dtype=np.uint8) - ord("0")


def _plain_counts(bits: np.ndarray, m: int) -> list[int]:
    n = bits.size
    text = "".join(str(b) for b in bits) * 2
    counts = [0] * (1 << m)
    for i in range(n):
        counts[int(text[i : i + m], 2)] += 1
    return counts


def test_example_2_11_6() -> None:
    result = serial(_bits("0011011101"), pattern_length=3, strict=False)
    assert result.psi_squared == pytest.approx((2.8, 1.2, 0.4), abs=1e-9)
    assert result.statistic == pytest.approx((1.6, 0.8), abs=1e-9)
    assert result.pvalues == pytest.approx((0.808792, 0.670320), abs=P_TOL)
    # the counts of 2.11.4 step 2 (000..111), except its wrong nu_111 (errata 8)
    assert list(result.counts) == [0, 1, 1, 2, 1, 2, 2, 1]


def test_example_2_11_8(e_bits: np.ndarray) -> None:
    result = serial(e_bits, pattern_length=2)
    assert list(result.counts) == [250116, 249855, 249855, 250174]
    assert result.psi_squared == pytest.approx((0.343128, 0.003364, 0.0), abs=1e-6)
    assert result.statistic == pytest.approx((0.339764, 0.336400), abs=1e-6)
    assert result.pvalues == pytest.approx((0.843764, 0.561915), abs=P_TOL)


@pytest.mark.parametrize("mode", [Mode.STS, Mode.EXACT])
def test_appendix_b_e(e_bits: np.ndarray, mode: Mode) -> None:
    result = serial(e_bits, mode=mode)
    assert isinstance(result, SerialResult)
    assert result.pattern_length == 16
    assert result.psi_squared == pytest.approx((65253.339136, 32671.592448, 16490.033152), abs=1e-6)
    assert result.statistic == pytest.approx((32581.746688, 16400.187392), abs=1e-6)
    assert result.pvalues == pytest.approx((0.766182, 0.462921), abs=P_TOL)
    assert int(result.counts.sum()) == 1_000_000
    assert result.mode is mode


@pytest.mark.parametrize("m", [1, 2, 5, 9, 17])
def test_counts_match_plain_loop(m: int) -> None:
    bits = np.random.default_rng(m).integers(0, 2, 203, dtype=np.uint8)
    assert list(circular_pattern_counts(bits, m)) == _plain_counts(bits, m)
    short = bits[:3]  # windows longer than the sequence wrap around more than once
    text = "".join(map(str, short)) * (m + 1)
    expected = [0] * (1 << m)
    for i in range(3):
        expected[int(text[i : i + m], 2)] += 1
    assert list(circular_pattern_counts(short, m)) == expected


def test_errors() -> None:
    with pytest.raises(InvalidParameterError, match=r"pattern_length=1 is outside 2 \.\. 24"):
        serial(np.zeros(100, dtype=np.uint8), pattern_length=1, strict=False)
    with pytest.raises(InvalidParameterError, match="pattern_length=25"):
        serial(np.zeros(100, dtype=np.uint8), pattern_length=25, strict=False)
    with pytest.raises(
        InsufficientDataError, match=r"pattern_length=16 needs at least 524288 bits"
    ):
        serial(np.zeros(100_000, dtype=np.uint8))
    with pytest.raises(InsufficientDataError, match="got n=2"):
        serial(np.zeros(2, dtype=np.uint8), pattern_length=3, strict=False)
    # the strict rule is m < floor(log2 n) - 2
    assert serial(np.zeros(32, dtype=np.uint8), pattern_length=2).n == 32
    with pytest.raises(InsufficientDataError):
        serial(np.zeros(31, dtype=np.uint8), pattern_length=2)


def test_result_counts_are_read_only() -> None:
    result = serial(_bits("0011011101"), pattern_length=3, strict=False)
    with pytest.raises(ValueError, match="read-only"):
        result.counts[0] = 5


@settings(max_examples=40, deadline=None)
@given(st.binary(min_size=2, max_size=300), st.integers(2, 6))
def test_properties(raw: bytes, m: int) -> None:
    bits = np.unpackbits(np.frombuffer(raw, dtype=np.uint8))
    result = serial(bits, pattern_length=m, strict=False)
    assert all(0.0 <= p <= 1.0 for p in result.pvalues)
    assert list(result.counts) == _plain_counts(bits, m)
    # complementing every bit only relabels the patterns
    assert serial(1 - bits, pattern_length=m, strict=False).pvalues == pytest.approx(
        result.pvalues, abs=1e-12
    )
