"""Frequency (Monobit) test, SP 800-22 rev1a §2.1.

Reference values: /work/shared/reference/sp800_22.md (worked examples 2.1.4,
2.1.8; Appendix B column e and the STS intermediate values).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stats_tests.errors import InsufficientDataError, InvalidInputError, InvalidParameterError
from stats_tests.nist._common import Mode
from stats_tests.nist.frequency import FrequencyResult, frequency

P_TOL = 1e-6


def _bits(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("ascii"), dtype=np.uint8) - ord("0")


def bit_arrays(min_size: int, max_size: int) -> st.SearchStrategy[np.ndarray]:
    """0/1 arrays of min_size .. max_size bits."""
    return st.integers(min_size, max_size).flatmap(
        lambda size: st.binary(min_size=(size + 7) // 8, max_size=(size + 7) // 8).map(
            lambda raw: np.unpackbits(np.frombuffer(raw, dtype=np.uint8))[:size]
        )
    )


def test_example_2_1_4() -> None:
    result = frequency(_bits("1011010101"), strict=False)
    assert result.s_n == 2
    assert result.statistic == pytest.approx(0.632455532, abs=1e-9)
    assert result.pvalue == pytest.approx(0.527089, abs=P_TOL)


def test_example_2_1_8(pi_bits_100: np.ndarray) -> None:
    result = frequency(pi_bits_100)
    assert result.s_n == -16
    assert result.statistic == pytest.approx(1.6)
    assert result.pvalue == pytest.approx(0.109599, abs=P_TOL)


@pytest.mark.parametrize("mode", [Mode.STS, Mode.EXACT])
def test_appendix_b_e(e_bits: np.ndarray, mode: Mode) -> None:
    result = frequency(e_bits, mode=mode)
    assert isinstance(result, FrequencyResult)
    assert (result.n, result.ones, result.s_n) == (1_000_000, 500_029, 58)
    assert result.s_n / result.n == pytest.approx(0.000058)
    assert result.pvalue == pytest.approx(0.953749, abs=P_TOL)
    assert result.pvalues == (result.pvalue,)
    assert result.passed() is True
    assert result.mode is mode and result.applicable


def test_result_is_frozen() -> None:
    result = frequency(_bits("1011010101"), strict=False)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.s_n = 3  # type: ignore[misc]


def test_mode_given_by_value() -> None:
    assert frequency(_bits("1011010101"), mode="exact", strict=False).mode is Mode.EXACT  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match="mode='fast'"):
        frequency(_bits("1011010101"), mode="fast", strict=False)  # type: ignore[arg-type]


def test_length_rule() -> None:
    with pytest.raises(InsufficientDataError, match=r"n >= 100.*got n=99"):
        frequency(np.ones(99, dtype=np.uint8))
    assert frequency(np.ones(99, dtype=np.uint8), strict=False).n == 99
    with pytest.raises(InsufficientDataError, match="got n=0"):
        frequency(np.zeros(0, dtype=np.uint8), strict=False)


def test_bad_input() -> None:
    with pytest.raises(InvalidInputError, match="only 0 and 1"):
        frequency(np.array([0, 1, 2] * 40))
    with pytest.raises(InvalidInputError, match="one-dimensional"):
        frequency(np.zeros((10, 10), dtype=np.uint8))
    with pytest.raises(InvalidInputError, match="dtype"):
        frequency(np.zeros(200))


def test_accepts_bool_and_lists() -> None:
    bits = _bits("1011010101")
    expected = frequency(bits, strict=False).pvalue
    assert frequency(bits.astype(bool), strict=False).pvalue == expected
    assert frequency(bits.tolist(), strict=False).pvalue == expected


@settings(max_examples=60, deadline=None)
@given(bit_arrays(100, 3000))
def test_properties(bits: np.ndarray) -> None:
    result = frequency(bits)
    assert 0.0 <= result.pvalue <= 1.0
    assert result.s_n == 2 * int(bits.sum()) - bits.size
    # Complementing the bits flips S_n's sign; reversing or permuting changes nothing.
    assert frequency(1 - bits).pvalue == result.pvalue
    assert frequency(bits[::-1]).pvalue == result.pvalue
    assert frequency(bits) == result  # deterministic
