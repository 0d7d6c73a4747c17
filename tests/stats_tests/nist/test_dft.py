"""Discrete Fourier Transform (Spectral) test, SP 800-22 rev1a §2.6.

Reference values: /work/shared/reference/sp800_22.md. The document's examples
2.6.4 and 2.6.8 print wrong peak counts (N1 = 4 and 46) and P-values (0.029523,
0.168669); the errata-corrected values, which sts-2.1.2 outputs, are asserted
(0.468160, 0.646355). Appendix B column e and its STS intermediate values.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stats_tests.errors import InsufficientDataError
from stats_tests.nist._common import Mode
from stats_tests.nist.dft import DftResult, dft

P_TOL = 1e-6


def _bits(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("ascii"), dtype=np.uint8) - ord("0")


@pytest.mark.parametrize("mode", [Mode.STS, Mode.EXACT])
def test_example_2_6_4_corrected(mode: Mode) -> None:
    result = dft(_bits("1001010011"), mode=mode, strict=False)
    assert result.expected_below == pytest.approx(4.75)
    assert result.peaks_below == 5
    assert result.statistic == pytest.approx(0.725476, abs=1e-6)
    assert result.pvalue == pytest.approx(0.468160, abs=P_TOL)


@pytest.mark.parametrize("mode", [Mode.STS, Mode.EXACT])
def test_example_2_6_8_corrected(pi_bits_100: np.ndarray, mode: Mode) -> None:
    result = dft(pi_bits_100, mode=mode, strict=False)
    assert result.expected_below == pytest.approx(47.5)
    assert result.peaks_below == 48
    assert result.statistic == pytest.approx(0.458831, abs=1e-6)
    assert result.pvalue == pytest.approx(0.646355, abs=P_TOL)


@pytest.mark.parametrize("mode", [Mode.STS, Mode.EXACT])
def test_appendix_b_e(e_bits: np.ndarray, mode: Mode) -> None:
    result = dft(e_bits, mode=mode)
    assert isinstance(result, DftResult)
    assert result.peaks_below == 475_021
    assert result.expected_below == pytest.approx(475_000)
    assert result.statistic == pytest.approx(0.192709, abs=1e-6)
    assert result.pvalue == pytest.approx(0.847187, abs=P_TOL)


def test_peaks_counted_like_sts() -> None:
    # The count covers |S_0| (DC) .. |S_{n/2 - 1}|: an all-ones sequence has only the DC peak.
    n = 1024
    result = dft(np.ones(n, dtype=np.uint8))
    assert result.peaks_below == n // 2 - 1
    # An alternating sequence puts all its energy at frequency n/2, which is not counted.
    alternating = np.tile(np.array([0, 1], dtype=np.uint8), n // 2)
    assert dft(alternating).peaks_below == n // 2


def test_length_rule() -> None:
    with pytest.raises(InsufficientDataError, match=r"n >= 1000.*got n=999"):
        dft(np.zeros(999, dtype=np.uint8))
    with pytest.raises(InsufficientDataError, match="got n=1"):
        dft(np.zeros(1, dtype=np.uint8), strict=False)


@settings(max_examples=50, deadline=None)
@given(
    st.integers(1000, 4000).flatmap(
        lambda size: st.binary(min_size=(size + 7) // 8, max_size=(size + 7) // 8).map(
            lambda raw: np.unpackbits(np.frombuffer(raw, dtype=np.uint8))[:size]
        )
    )
)
def test_properties(bits: np.ndarray) -> None:
    result = dft(bits)
    assert 0.0 <= result.pvalue <= 1.0
    # Negating or reversing the +-1 sequence keeps every |S_k|.
    assert dft(1 - bits).peaks_below == result.peaks_below
    assert dft(bits[::-1]).peaks_below == result.peaks_below
    assert dft(bits) == result
