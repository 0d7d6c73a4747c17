"""Frequency test within a block, SP 800-22 rev1a §2.2.

Reference values: /work/shared/reference/sp800_22.md (worked examples 2.2.4,
2.2.8; Appendix B column e, M = 128, and the STS intermediate values).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stats_tests.errors import InsufficientDataError, InvalidParameterError
from stats_tests.nist._common import Mode
from stats_tests.nist.block_frequency import BlockFrequencyResult, block_frequency

P_TOL = 1e-6


def _bits(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("ascii"), dtype=np.uint8) - ord("0")


def test_example_2_2_4() -> None:
    result = block_frequency(_bits("0110011010"), block_size=3, strict=False)
    assert (result.blocks, result.discarded) == (3, 1)
    assert result.block_ones == (2, 1, 2)  # pi_i = 2/3, 1/3, 2/3
    assert result.statistic == pytest.approx(1.0)
    assert result.pvalue == pytest.approx(0.801252, abs=P_TOL)


def test_example_2_2_8(pi_bits_100: np.ndarray) -> None:
    result = block_frequency(pi_bits_100, block_size=10, strict=False)
    assert result.blocks == 10
    assert result.statistic == pytest.approx(7.2)
    assert result.pvalue == pytest.approx(0.706438, abs=P_TOL)


@pytest.mark.parametrize("mode", [Mode.STS, Mode.EXACT])
def test_appendix_b_e(e_bits: np.ndarray, mode: Mode) -> None:
    result = block_frequency(e_bits, mode=mode)
    assert isinstance(result, BlockFrequencyResult)
    assert result.block_size == 128 and result.parameters == {"block_size": 128}
    assert (result.blocks, result.discarded) == (7812, 64)
    assert result.statistic == pytest.approx(7912.093750, abs=1e-6)
    assert result.pvalue == pytest.approx(0.211072, abs=P_TOL)


def test_strict_rules() -> None:
    bits = np.tile(np.array([0, 1], dtype=np.uint8), 100)
    with pytest.raises(InvalidParameterError, match=r"block_size=10 is outside >= 20"):
        block_frequency(bits, block_size=10)
    with pytest.raises(InsufficientDataError, match=r"n >= 100.*got n=99"):
        block_frequency(bits[:99], block_size=20)
    with pytest.raises(InsufficientDataError, match=r"got n=200"):
        block_frequency(bits, block_size=201)


@pytest.mark.parametrize("bad", [0, -3, True, 2.5, "8"])
def test_bad_block_size(bad: object) -> None:
    with pytest.raises(InvalidParameterError, match="block_size"):
        block_frequency(np.zeros(1000, dtype=np.uint8), block_size=bad, strict=False)  # type: ignore[arg-type]


def test_shorter_than_one_block() -> None:
    with pytest.raises(InsufficientDataError, match="got n=5"):
        block_frequency(np.zeros(5, dtype=np.uint8), block_size=6, strict=False)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(20, 64),
    st.integers(100, 1500).flatmap(
        lambda size: st.binary(min_size=(size + 7) // 8, max_size=(size + 7) // 8).map(
            lambda raw: np.unpackbits(np.frombuffer(raw, dtype=np.uint8))[:size]
        )
    ),
)
def test_properties(m: int, bits: np.ndarray) -> None:
    result = block_frequency(bits, block_size=m)
    assert 0.0 <= result.pvalue <= 1.0
    assert result.blocks * m + result.discarded == bits.size
    # The complement gives the same chi^2 (pi_i -> 1 - pi_i); so does any order of the blocks.
    assert block_frequency(1 - bits, block_size=m).pvalue == result.pvalue
    used = bits[: result.blocks * m].reshape(result.blocks, m)
    reordered = block_frequency(used[::-1].ravel(), block_size=m, strict=False)
    assert reordered.pvalue == pytest.approx(result.pvalue, abs=1e-12)
    assert block_frequency(bits, block_size=m) == result
