"""Approximate entropy test, SP 800-22 rev1a §2.12.

Reference values: /work/shared/reference/sp800_22.md (worked examples 2.12.4 with
the corrected chi^2 of errata 8, 2.12.8; Appendix B column e with its STS
intermediate values).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stats_tests.errors import InsufficientDataError, InvalidParameterError
from stats_tests.nist._common import Mode
from stats_tests.nist.approximate_entropy import ApproximateEntropyResult, approximate_entropy

P_TOL = 1e-6


def _bits(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("ascii"), dtype=np.uint8) - ord("0")


def _plain_phi(bits: np.ndarray, m: int) -> float:
    n = bits.size
    text = "".join(str(b) for b in bits) * 2
    counts: dict[str, int] = {}
    for i in range(n):
        counts[text[i : i + m]] = counts.get(text[i : i + m], 0) + 1
    return sum(c / n * math.log(c / n) for c in counts.values())


def test_example_2_12_4() -> None:
    result = approximate_entropy(_bits("0100110101"), pattern_length=3, strict=False)
    assert result.phi == pytest.approx((-1.64341772, -1.83437197), abs=1e-8)
    assert result.apen == pytest.approx(0.190954, abs=1e-6)
    # the document prints chi^2 = 0.502193; the correct value is 10.043859 (errata 8)
    assert result.statistic == pytest.approx(10.043859, abs=1e-6)
    assert result.pvalue == pytest.approx(0.261961, abs=P_TOL)


def test_example_2_12_8(pi_bits_100: np.ndarray) -> None:
    result = approximate_entropy(pi_bits_100, pattern_length=2, strict=False)
    assert result.apen == pytest.approx(0.665393, abs=1e-6)
    assert result.statistic == pytest.approx(5.550792, abs=1e-6)
    assert result.pvalue == pytest.approx(0.235301, abs=P_TOL)


@pytest.mark.parametrize("mode", [Mode.STS, Mode.EXACT])
def test_appendix_b_e(e_bits: np.ndarray, mode: Mode) -> None:
    result = approximate_entropy(e_bits, mode=mode)
    assert isinstance(result, ApproximateEntropyResult)
    assert result.pattern_length == 10
    assert result.phi == pytest.approx((-6.930915, -7.623562), abs=1e-6)
    assert result.apen == pytest.approx(0.692647, abs=1e-6)
    assert result.statistic == pytest.approx(999.784330, abs=1e-6)
    assert result.pvalue == pytest.approx(0.700073, abs=P_TOL)


def test_errors() -> None:
    with pytest.raises(InvalidParameterError, match="pattern_length=0"):
        approximate_entropy(np.zeros(100, dtype=np.uint8), pattern_length=0, strict=False)
    with pytest.raises(InvalidParameterError, match="pattern_length=24"):
        approximate_entropy(np.zeros(100, dtype=np.uint8), pattern_length=24, strict=False)
    with pytest.raises(InsufficientDataError, match=r"m < floor\(log2 n\) - 5.*got n=100000"):
        approximate_entropy(np.zeros(100_000, dtype=np.uint8), pattern_length=12)
    with pytest.raises(InsufficientDataError, match="got n=3"):
        approximate_entropy(np.zeros(3, dtype=np.uint8), pattern_length=3, strict=False)


@settings(max_examples=40, deadline=None)
@given(st.binary(min_size=2, max_size=200), st.integers(1, 5))
def test_properties(raw: bytes, m: int) -> None:
    bits = np.unpackbits(np.frombuffer(raw, dtype=np.uint8))
    result = approximate_entropy(bits, pattern_length=m, strict=False)
    assert 0.0 <= result.pvalue <= 1.0
    assert result.phi[0] == pytest.approx(_plain_phi(bits, m), abs=1e-12)
    assert result.phi[1] == pytest.approx(_plain_phi(bits, m + 1), abs=1e-12)
    assert approximate_entropy(bits, pattern_length=m, strict=False) == result
