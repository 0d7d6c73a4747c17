"""Linear complexity test, SP 800-22 rev1a §2.10.

Reference values: /work/shared/reference/sp800_22.md (worked examples 2.10.4 and
2.10.8; Appendix B column e; the exact-mode values of errata 5: e M=500 ->
0.826202, M=1000 -> 0.844738).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stats_tests.errors import InsufficientDataError, InvalidInputError, InvalidParameterError
from stats_tests.nist._common import Mode
from stats_tests.nist.linear_complexity import (
    EXACT_PROBABILITIES,
    STS_PROBABILITIES,
    LinearComplexityResult,
    berlekamp_massey,
    linear_complexity,
    linear_complexity_batch,
)

P_TOL = 1e-6


def _bits(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("ascii"), dtype=np.uint8) - ord("0")


def _plain_bm(seq: list[int]) -> int:
    """Berlekamp-Massey over GF(2), one sequence, as in Massey (1969)."""
    n = len(seq)
    c, b = [1] + [0] * n, [1] + [0] * n
    length, m = 0, -1
    for k in range(n):
        d = seq[k]
        for i in range(1, length + 1):
            d ^= c[i] & seq[k - i]
        if d:
            t = c[:]
            for i in range(n - k + m):
                c[k - m + i] ^= b[i]
            if 2 * length <= k:
                length, m, b = k + 1 - length, k, t
    return length


def test_example_2_10_4() -> None:
    bits = _bits("1101011110001")
    assert list(berlekamp_massey(bits[None, :])) == [4]
    result = linear_complexity(bits, block_size=13, strict=False)
    assert result.mean == pytest.approx(6.777222, abs=1e-6)
    # T = 2.999444 > 2.5: the block is counted in nu_6
    assert result.nu == (0, 0, 0, 0, 0, 0, 1)


def test_example_2_10_8(e_bits: np.ndarray) -> None:
    result = linear_complexity(e_bits, block_size=1000)
    assert result.blocks == 1000
    assert result.nu == (11, 31, 116, 501, 258, 57, 26)
    assert result.statistic == pytest.approx(2.700348, abs=1e-6)
    assert result.pvalue == pytest.approx(0.845406, abs=P_TOL)
    exact = linear_complexity(e_bits, block_size=1000, mode=Mode.EXACT)
    assert exact.statistic == pytest.approx(2.706000, abs=1e-6)
    assert exact.pvalue == pytest.approx(0.844738, abs=P_TOL)


def test_appendix_b_e(e_bits: np.ndarray) -> None:
    result = linear_complexity(e_bits)
    assert isinstance(result, LinearComplexityResult)
    assert (result.block_size, result.blocks, result.discarded) == (500, 2000, 0)
    assert result.nu == (21, 52, 250, 1006, 492, 135, 44)
    assert result.statistic == pytest.approx(2.858915, abs=1e-6)
    assert result.pvalue == pytest.approx(0.826335, abs=P_TOL)
    assert result.probabilities == STS_PROBABILITIES
    exact = linear_complexity(e_bits, mode=Mode.EXACT)
    assert exact.nu == result.nu
    assert exact.probabilities == EXACT_PROBABILITIES
    assert exact.pvalue == pytest.approx(0.826202, abs=P_TOL)


def test_probability_tables() -> None:
    assert STS_PROBABILITIES[0] == 0.01047 and STS_PROBABILITIES[6] == 0.020833
    assert EXACT_PROBABILITIES[0] == pytest.approx(1 / 96)
    assert sum(EXACT_PROBABILITIES) == pytest.approx(1.0, abs=1e-15)


@pytest.mark.parametrize("m", [2, 3, 7, 63, 64, 65, 130])
def test_bm_matches_plain(m: int) -> None:
    rng = np.random.default_rng(m)
    blocks = rng.integers(0, 2, (150, m), dtype=np.uint8)
    blocks[0] = 0  # L = 0
    blocks[1] = 1  # L = 1
    blocks[2] = 0
    blocks[2, -1] = 1  # L = m
    blocks[3] = np.arange(m) % 2  # alternating, L = 2 (or 1 for m = 1)
    expected = [_plain_bm(list(row)) for row in blocks]
    assert list(berlekamp_massey(blocks)) == expected
    assert expected[0] == 0 and expected[1] == 1 and expected[2] == m


def test_errors() -> None:
    with pytest.raises(InvalidParameterError, match=r"block_size=1 is outside 2 \.\. 10000"):
        linear_complexity(np.zeros(100, dtype=np.uint8), block_size=1, strict=False)
    with pytest.raises(InsufficientDataError, match=r"1000000.*got n=100"):
        linear_complexity(np.zeros(100, dtype=np.uint8))
    with pytest.raises(InvalidParameterError, match=r"block_size=100 is outside 500 \.\. 5000"):
        linear_complexity(np.zeros(1_000_000, dtype=np.uint8), block_size=100)
    assert linear_complexity(np.zeros(1_000_000, dtype=np.uint8), block_size=5000).blocks == 200
    with pytest.raises(InsufficientDataError, match="got n=10"):
        linear_complexity(np.zeros(10, dtype=np.uint8), block_size=13, strict=False)
    with pytest.raises(InvalidInputError, match="two-dimensional"):
        berlekamp_massey(np.zeros(5, dtype=np.uint8))


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 80), st.binary(min_size=40, max_size=400))
def test_properties(m: int, raw: bytes) -> None:
    bits = np.unpackbits(np.frombuffer(raw, dtype=np.uint8))
    if bits.size < m:
        return
    result = linear_complexity(bits, block_size=m, strict=False)
    assert 0.0 <= result.pvalue <= 1.0
    assert sum(result.nu) == result.blocks == bits.size // m
    blocks = bits[: result.blocks * m].reshape(result.blocks, m)
    assert list(berlekamp_massey(blocks)) == [_plain_bm(list(r)) for r in blocks]


def test_batch_matches_single() -> None:
    sequences = np.random.default_rng(9).integers(0, 2, (5, 3_001), dtype=np.uint8)
    batch = linear_complexity_batch(sequences, block_size=100, strict=False, mode=Mode.EXACT)
    assert batch == [
        linear_complexity(row, block_size=100, strict=False, mode=Mode.EXACT) for row in sequences
    ]
    with pytest.raises(InvalidInputError, match="two-dimensional"):
        linear_complexity_batch(sequences[0], block_size=100, strict=False)
