"""Runs test, SP 800-22 rev1a §2.3.

Reference values: /work/shared/reference/sp800_22.md (worked examples 2.3.4,
2.3.8; Appendix B column e and the STS intermediate values).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stats_tests.errors import InsufficientDataError
from stats_tests.nist._common import Mode
from stats_tests.nist.runs import RunsResult, runs

P_TOL = 1e-6


def _bits(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("ascii"), dtype=np.uint8) - ord("0")


def test_example_2_3_4() -> None:
    result = runs(_bits("1001101011"), strict=False)
    assert result.proportion == pytest.approx(3 / 5)
    assert result.statistic == 7
    assert result.prerequisite_met
    assert result.pvalue == pytest.approx(0.147232, abs=P_TOL)


def test_example_2_3_8(pi_bits_100: np.ndarray) -> None:
    result = runs(pi_bits_100)
    assert result.proportion == pytest.approx(0.42)
    assert result.statistic == 52
    assert result.pvalue == pytest.approx(0.500798, abs=P_TOL)


@pytest.mark.parametrize("mode", [Mode.STS, Mode.EXACT])
def test_appendix_b_e(e_bits: np.ndarray, mode: Mode) -> None:
    result = runs(e_bits, mode=mode)
    assert isinstance(result, RunsResult)
    assert result.proportion == pytest.approx(0.500029)
    assert result.statistic == 499_710
    assert result.pvalue == pytest.approx(0.561917, abs=P_TOL)


def test_frequency_prerequisite_fails() -> None:
    # 75 ones in 100 bits: |0.75 - 0.5| > 2 / sqrt(100) = 0.2: not passed, P = 0 (§2.3.4 (2)).
    bits = np.zeros(100, dtype=np.uint8)
    bits[:75] = 1
    result = runs(bits)
    assert not result.prerequisite_met
    assert result.applicable and result.pvalue == 0.0
    assert result.passed() is False


def test_prerequisite_boundary_differs_by_mode() -> None:
    # 70 ones in 100 bits: |pi - 1/2| = tau exactly. sts-2.1.2 tests '>', the document '>='.
    bits = np.random.default_rng(7).permutation(np.repeat(np.array([1, 0], np.uint8), [70, 30]))
    assert bits.sum() == 70
    sts, exact = runs(bits, mode=Mode.STS), runs(bits, mode=Mode.EXACT)
    assert sts.prerequisite_met and sts.pvalue > 0.0
    assert not exact.prerequisite_met and exact.pvalue == 0.0


def test_constant_sequence() -> None:
    result = runs(np.zeros(10, dtype=np.uint8), strict=False)
    assert not result.prerequisite_met and result.pvalue == 0.0


def test_length_rule() -> None:
    with pytest.raises(InsufficientDataError, match=r"n >= 100.*got n=10"):
        runs(_bits("1001101011"))
    with pytest.raises(InsufficientDataError, match="got n=1"):
        runs(_bits("1"), strict=False)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(100, 2000).flatmap(
        lambda size: st.binary(min_size=(size + 7) // 8, max_size=(size + 7) // 8).map(
            lambda raw: np.unpackbits(np.frombuffer(raw, dtype=np.uint8))[:size]
        )
    )
)
def test_properties(bits: np.ndarray) -> None:
    result = runs(bits)
    assert 0.0 <= result.pvalue <= 1.0
    # The complement and the reversal have the same runs and the same |pi - 1/2|.
    for other in (1 - bits, bits[::-1]):
        assert runs(other).pvalue == pytest.approx(result.pvalue, abs=1e-12)
    assert runs(bits) == result
