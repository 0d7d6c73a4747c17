"""Cumulative sums (Cusum) test, SP 800-22 rev1a §2.13, forward and reverse.

Reference values: /work/shared/reference/sp800_22.md (worked examples 2.13.4
in both modes, errata 1.9, and 2.13.8; Appendix B column e, where sts-2.1.2
prints 0.669886 / 0.724265 and Appendix B 0.669887 / 0.724266).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stats_tests.errors import InsufficientDataError
from stats_tests.nist._common import Mode
from stats_tests.nist.cumulative_sums import (
    CumulativeSumsResult,
    cumulative_sums,
    cusum_pvalue,
)

P_TOL = 1e-6


def _bits(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("ascii"), dtype=np.uint8) - ord("0")


def test_example_2_13_4_sts() -> None:
    # sts-2.1.2's C integer division in the summation limits gives the printed 0.4116588.
    result = cumulative_sums(_bits("1011010111"), strict=False)
    assert result.statistic[0] == 4
    assert result.pvalue_forward == pytest.approx(0.4116588, abs=P_TOL)
    assert result.pvalue_forward == pytest.approx(0.4116586, abs=1e-7)


def test_example_2_13_4_exact() -> None:
    result = cumulative_sums(_bits("1011010111"), mode=Mode.EXACT, strict=False)
    assert result.statistic[0] == 4
    assert result.pvalue_forward == pytest.approx(0.4115847, abs=1e-7)


def test_example_2_13_8(pi_bits_100: np.ndarray) -> None:
    result = cumulative_sums(pi_bits_100)
    assert result.statistic == (16, 19)
    assert result.pvalue_forward == pytest.approx(0.219194, abs=P_TOL)
    assert result.pvalue_reverse == pytest.approx(0.114866, abs=P_TOL)


@pytest.mark.parametrize("mode", [Mode.STS, Mode.EXACT])
def test_appendix_b_e(e_bits: np.ndarray, mode: Mode) -> None:
    result = cumulative_sums(e_bits, mode=mode)
    assert isinstance(result, CumulativeSumsResult)
    assert result.statistic == (956, 898)
    assert result.final_sum == 58
    assert result.pvalues == (result.pvalue_forward, result.pvalue_reverse)
    for printed in (0.669887, 0.669886):  # Appendix B, sts-2.1.2
        assert result.pvalue_forward == pytest.approx(printed, abs=P_TOL)
    for printed in (0.724266, 0.724265):
        assert result.pvalue_reverse == pytest.approx(printed, abs=P_TOL)


@pytest.mark.parametrize(("n", "z"), [(1_000_000, 956), (1_000_000, 898), (10_000, 150)])
def test_modes_agree_for_large_n(n: int, z: int) -> None:
    assert cusum_pvalue(n, z, Mode.STS) == pytest.approx(cusum_pvalue(n, z, Mode.EXACT), abs=1e-12)


def test_extremes() -> None:
    assert cusum_pvalue(100, 100) == pytest.approx(0.0, abs=1e-12)
    assert cusum_pvalue(100, 1) == pytest.approx(1.0, abs=1e-12)


def test_length_rule() -> None:
    with pytest.raises(InsufficientDataError, match=r"n >= 100.*got n=10"):
        cumulative_sums(_bits("1011010111"))
    with pytest.raises(InsufficientDataError, match="got n=0"):
        cumulative_sums(np.zeros(0, dtype=np.uint8), strict=False)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(100, 3000).flatmap(
        lambda size: st.binary(min_size=(size + 7) // 8, max_size=(size + 7) // 8).map(
            lambda raw: np.unpackbits(np.frombuffer(raw, dtype=np.uint8))[:size]
        )
    ),
    st.sampled_from([Mode.STS, Mode.EXACT]),
)
def test_properties(bits: np.ndarray, mode: Mode) -> None:
    result = cumulative_sums(bits, mode=mode)
    assert all(0.0 <= p <= 1.0 for p in result.pvalues)
    # The forward walk of the reversed sequence is the backward walk, and vice versa.
    backward = cumulative_sums(bits[::-1], mode=mode)
    assert backward.statistic == result.statistic[::-1]
    assert backward.pvalues == result.pvalues[::-1]
    # The complement mirrors the walk: same excursions.
    assert cumulative_sums(1 - bits, mode=mode).pvalues == result.pvalues
    assert cumulative_sums(bits, mode=mode) == result
