"""Binary matrix rank test, SP 800-22 rev1a §2.5.

Reference values: /work/shared/reference/sp800_22.md (worked examples 2.5.4 with
the document's rounded 32x32 probabilities, 2.5.8 on the first 100,000 bits of
e; Appendix B column e and the STS intermediate values).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stats_tests.errors import InsufficientDataError, InvalidInputError, InvalidParameterError
from stats_tests.nist._common import Mode
from stats_tests.nist.rank import (
    ROUNDED_32X32_PROBABILITIES,
    RankResult,
    gf2_ranks,
    rank,
    rank_probabilities,
)

P_TOL = 1e-6


def _bits(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("ascii"), dtype=np.uint8) - ord("0")


def _slow_rank(matrix: np.ndarray) -> int:
    """Plain Gaussian elimination over GF(2), one matrix at a time."""
    a = matrix.copy() % 2
    r = 0
    for c in range(a.shape[1]):
        pivots = [i for i in range(r, a.shape[0]) if a[i, c]]
        if not pivots:
            continue
        a[[r, pivots[0]]] = a[[pivots[0], r]]
        for i in range(a.shape[0]):
            if i != r and a[i, c]:
                a[i] ^= a[r]
        r += 1
    return r


def test_example_2_5_4() -> None:
    result = rank(
        _bits("01011001001010101101"),
        rows=3,
        cols=3,
        probabilities=ROUNDED_32X32_PROBABILITIES,
        strict=False,
    )
    assert (result.matrices, result.discarded) == (2, 2)
    assert result.counts == (1, 1, 0)  # R1 = 2, R2 = 3
    assert result.statistic == pytest.approx(0.596953, abs=1e-6)
    assert result.pvalue == pytest.approx(0.741948, abs=P_TOL)


def test_example_2_5_8(e_bits: np.ndarray) -> None:
    result = rank(e_bits[:100_000])
    assert result.matrices == 97
    assert result.counts == (23, 60, 14)
    assert result.statistic == pytest.approx(1.2619656, abs=1e-6)
    assert result.pvalue == pytest.approx(0.532069, abs=P_TOL)


@pytest.mark.parametrize("mode", [Mode.STS, Mode.EXACT])
def test_appendix_b_e(e_bits: np.ndarray, mode: Mode) -> None:
    result = rank(e_bits, mode=mode)
    assert isinstance(result, RankResult)
    assert (result.rows, result.cols, result.matrices, result.discarded) == (32, 32, 976, 576)
    assert result.counts == (280, 581, 115)
    assert result.probabilities == pytest.approx((0.288788, 0.577576, 0.133636), abs=1e-6)
    assert result.statistic == pytest.approx(2.367322, abs=1e-6)
    assert result.pvalue == pytest.approx(0.306156, abs=P_TOL)


def test_probabilities() -> None:
    # All 16 2x2 matrices: 6 invertible, 9 of rank 1, the zero matrix.
    assert rank_probabilities(2, 2) == pytest.approx((6 / 16, 9 / 16, 1 / 16))
    for shape in [(3, 3), (4, 6), (6, 4), (32, 32)]:
        assert sum(rank_probabilities(*shape)) == pytest.approx(1.0)
    rng = np.random.default_rng(3)
    ranks = gf2_ranks(rng.integers(0, 2, (20_000, 3, 4), dtype=np.uint8))
    observed = (np.mean(ranks == 3), np.mean(ranks == 2), np.mean(ranks < 2))
    assert observed == pytest.approx(rank_probabilities(3, 4), abs=0.015)


@pytest.mark.parametrize("shape", [(3, 3), (5, 7), (8, 4), (32, 32), (6, 64)])
def test_gf2_ranks_against_slow_elimination(shape: tuple[int, int]) -> None:
    rng = np.random.default_rng(sum(shape))
    density = rng.uniform(0.05, 0.95, (150, 1, 1))
    matrices = (rng.random((150, *shape)) < density).astype(np.uint8)
    assert gf2_ranks(matrices).tolist() == [_slow_rank(m) for m in matrices]


def test_gf2_ranks_special_matrices() -> None:
    eye = np.eye(32, dtype=np.uint8)
    stack = np.stack([eye, np.zeros_like(eye), np.ones_like(eye), eye[::-1]])
    assert gf2_ranks(stack).tolist() == [32, 0, 1, 32]


def test_length_and_parameter_rules() -> None:
    bits = np.zeros(38 * 1024 - 1, dtype=np.uint8)
    with pytest.raises(InsufficientDataError, match=r"n >= 38912.*got n=38911"):
        rank(bits)
    assert rank(bits, strict=False).matrices == 37
    with pytest.raises(InsufficientDataError, match="got n=1023"):
        rank(bits[:1023], strict=False)
    with pytest.raises(InvalidParameterError, match=r"rows=1 is outside 2 \.\. 64"):
        rank(bits, rows=1)
    with pytest.raises(InvalidParameterError, match=r"cols=65 is outside 2 \.\. 64"):
        rank(bits, cols=65)
    with pytest.raises(InvalidParameterError, match="probabilities"):
        rank(bits, probabilities=(0.5, 0.5), strict=False)
    with pytest.raises(InvalidParameterError, match="summing to 1"):
        rank(bits, probabilities=(0.5, 0.5, 0.5), strict=False)
    with pytest.raises(InvalidInputError, match="shape"):
        gf2_ranks(np.zeros((4, 4), dtype=np.uint8))


@settings(max_examples=40, deadline=None)
@given(st.binary(min_size=8, max_size=400), st.randoms(use_true_random=False))
def test_properties(raw: bytes, random: object) -> None:
    bits = np.unpackbits(np.frombuffer(raw, dtype=np.uint8))
    result = rank(bits, rows=4, cols=4, strict=False)
    assert 0.0 <= result.pvalue <= 1.0
    assert sum(result.counts) == result.matrices
    # The order of the 16-bit matrices does not matter.
    order = list(range(result.matrices))
    random.shuffle(order)  # type: ignore[attr-defined]
    shuffled = bits[: 16 * result.matrices].reshape(-1, 16)[order].ravel()
    assert rank(shuffled, rows=4, cols=4, strict=False).counts == result.counts
    assert rank(bits, rows=4, cols=4, strict=False) == result
