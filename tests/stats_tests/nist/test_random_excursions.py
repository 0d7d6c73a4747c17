"""Random excursions test, SP 800-22 rev1a §2.14.

Reference values: /work/shared/reference/sp800_22.md (worked example 2.14.4:
0.502488 with the exact pi = 1/32 that sts-2.1.2 uses, 0.502529 with the
document's 4-digit table; 2.14.8 / Appendix B column e with the STS values for
x = +1..+4, errata 7).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special

from stats_tests.errors import InsufficientDataError, InvalidParameterError
from stats_tests.nist._common import Mode
from stats_tests.nist.random_excursions import (
    STATES,
    RandomExcursionsResult,
    class_probabilities,
    excursion_statistic,
    minimum_cycles,
    random_excursions,
)

P_TOL = 1e-6


def _bits(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("ascii"), dtype=np.uint8) - ord("0")


@pytest.mark.parametrize("mode", [Mode.STS, Mode.EXACT])
def test_example_2_14_4(mode: Mode) -> None:
    result = random_excursions(_bits("0110110101"), min_cycles=0, strict=False, mode=mode)
    assert result.cycles == 3
    plus_one = STATES.index(1)
    assert tuple(result.nu[k][plus_one] for k in range(6)) == (1, 1, 0, 1, 0, 0)
    assert result.statistic[plus_one] == pytest.approx(4.333333, abs=1e-6)
    assert result.pvalues[plus_one] == pytest.approx(0.502488, abs=P_TOL)


def test_example_2_14_4_with_the_documents_4_digit_table() -> None:
    # SP 800-22 §3.14's table, as printed (pi_4(1) = pi_5(1) = 0.0312)
    table = (0.5000, 0.2500, 0.1250, 0.0625, 0.0312, 0.0312)
    chi2 = excursion_statistic((1, 1, 0, 1, 0, 0), 3, table)
    assert chi2 == pytest.approx(4.333033, abs=1e-6)
    assert float(special.gammaincc(2.5, chi2 / 2)) == pytest.approx(0.502529, abs=P_TOL)


def test_example_is_not_applicable_by_default() -> None:
    result = random_excursions(_bits("0110110101"), strict=False)
    assert result.cycles == 3 and result.min_cycles == 500
    assert not result.applicable
    assert result.pvalues == () and result.statistic == ()
    assert result.passed() is None
    with pytest.raises(ValueError, match="not applicable"):
        _ = result.pvalue


@pytest.mark.parametrize("mode", [Mode.STS, Mode.EXACT])
def test_appendix_b_e(e_bits: np.ndarray, mode: Mode) -> None:
    result = random_excursions(e_bits, mode=mode)
    assert isinstance(result, RandomExcursionsResult)
    assert result.applicable and result.cycles == 1490
    assert result.states == (-4, -3, -2, -1, 1, 2, 3, 4)
    assert result.statistic == pytest.approx(
        (3.835698, 7.318707, 7.861927, 15.692617, 2.430872, 4.798906, 2.357041, 2.488767),
        abs=1e-6,
    )
    assert result.pvalues == pytest.approx(
        (0.573306, 0.197996, 0.164011, 0.007779, 0.786868, 0.440912, 0.797854, 0.778186),
        abs=P_TOL,
    )
    assert all(sum(result.nu[k][i] for k in range(6)) == 1490 for i in range(8))


def test_not_applicable_rule() -> None:
    assert minimum_cycles(1_000_000) == 500
    assert minimum_cycles(10**10) == pytest.approx(500.0)
    assert minimum_cycles(10**11) == pytest.approx(0.005 * 10**5.5)
    # a walk that never returns to zero has one cycle: not applicable, never P = 0
    result = random_excursions(np.ones(1_000_000, dtype=np.uint8))
    assert result.cycles == 1 and not result.applicable and result.pvalues == ()


def test_class_probabilities() -> None:
    for x in STATES:
        assert sum(class_probabilities(x, Mode.EXACT)) == pytest.approx(1.0, abs=1e-15)
        assert class_probabilities(x, Mode.STS) == pytest.approx(
            class_probabilities(x, Mode.EXACT), abs=1e-9
        )
    assert class_probabilities(3, Mode.STS)[1] == 0.02777777778


def test_errors() -> None:
    with pytest.raises(InsufficientDataError, match=r"1000000.*got n=10"):
        random_excursions(_bits("0110110101"))
    with pytest.raises(InsufficientDataError, match="got n=0"):
        random_excursions(np.zeros(0, dtype=np.uint8), strict=False)
    with pytest.raises(InvalidParameterError, match="min_cycles=-3"):
        random_excursions(_bits("0110110101"), min_cycles=-3, strict=False)


@settings(max_examples=40, deadline=None)
@given(st.binary(min_size=1, max_size=300))
def test_properties(raw: bytes) -> None:
    bits = np.unpackbits(np.frombuffer(raw, dtype=np.uint8))
    result = random_excursions(bits, min_cycles=1, strict=False)
    sums = np.cumsum(2 * bits.astype(int) - 1)
    assert result.cycles == int(np.sum(sums == 0)) + int(sums[-1] != 0)
    assert all(0.0 <= p <= 1.0 for p in result.pvalues)
    # every cycle is counted once per state; visits add up to the walk's
    for i, x in enumerate(STATES):
        assert sum(result.nu[k][i] for k in range(6)) == result.cycles
        assert sum(k * result.nu[k][i] for k in range(5)) <= int(np.sum(sums == x))
    # complementing the bits mirrors the walk: state x becomes -x
    mirrored = random_excursions(1 - bits, min_cycles=1, strict=False)
    assert mirrored.nu == tuple(row[::-1] for row in result.nu)
