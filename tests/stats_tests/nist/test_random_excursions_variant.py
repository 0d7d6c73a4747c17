"""Random excursions variant test, SP 800-22 rev1a §2.15.

Reference values: /work/shared/reference/sp800_22.md (worked example 2.15.4;
2.15.8 / Appendix B column e with all 18 STS P-values and visit counts).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stats_tests.errors import InsufficientDataError
from stats_tests.nist._common import Mode
from stats_tests.nist.random_excursions_variant import (
    STATES,
    RandomExcursionsVariantResult,
    random_excursions_variant,
)

P_TOL = 1e-6


def _bits(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("ascii"), dtype=np.uint8) - ord("0")


def test_example_2_15_4() -> None:
    result = random_excursions_variant(_bits("0110110101"), min_cycles=0, strict=False)
    assert result.cycles == 3
    assert result.visits[STATES.index(1)] == 4
    assert result.pvalues[STATES.index(1)] == pytest.approx(0.683091, abs=P_TOL)
    default = random_excursions_variant(_bits("0110110101"), strict=False)
    assert not default.applicable and default.pvalues == ()


@pytest.mark.parametrize("mode", [Mode.STS, Mode.EXACT])
def test_appendix_b_e(e_bits: np.ndarray, mode: Mode) -> None:
    result = random_excursions_variant(e_bits, mode=mode)
    assert isinstance(result, RandomExcursionsVariantResult)
    assert result.applicable and result.cycles == 1490
    assert result.states == tuple(range(-9, 0)) + tuple(range(1, 10))
    assert result.visits == (
        1450, 1435, 1380, 1366, 1412, 1475, 1480, 1468, 1502,
        1409, 1369, 1396, 1479, 1599, 1628, 1619, 1620, 1610,
    )  # fmt: skip
    assert result.pvalues == pytest.approx(
        (
            0.858946, 0.794755, 0.576249, 0.493417, 0.633873, 0.917283, 0.934708, 0.816012,
            0.826009, 0.137861, 0.200642, 0.441254, 0.939291, 0.505683, 0.445935, 0.512207,
            0.538635, 0.593930,
        ),
        abs=P_TOL,
    )  # fmt: skip


def test_not_applicable_never_zero() -> None:
    # 0101... returns to zero every two steps: J = 500,000, applicable
    alternating = np.tile(np.array([0, 1], dtype=np.uint8), 500_000)
    result = random_excursions_variant(alternating)
    assert result.applicable and result.cycles == 500_000
    # a walk that drifts away never comes back: not applicable, no P-value of 0
    drifting = random_excursions_variant(np.ones(1_000_000, dtype=np.uint8))
    assert not drifting.applicable and drifting.pvalues == () and drifting.passed() is None


def test_errors() -> None:
    with pytest.raises(InsufficientDataError, match=r"1000000.*got n=10"):
        random_excursions_variant(_bits("0110110101"))


@settings(max_examples=40, deadline=None)
@given(st.binary(min_size=1, max_size=300))
def test_properties(raw: bytes) -> None:
    bits = np.unpackbits(np.frombuffer(raw, dtype=np.uint8))
    result = random_excursions_variant(bits, min_cycles=1, strict=False)
    sums = np.cumsum(2 * bits.astype(int) - 1)
    assert result.visits == tuple(int(np.sum(sums == x)) for x in STATES)
    assert all(0.0 <= p <= 1.0 for p in result.pvalues)
    assert random_excursions_variant(bits, min_cycles=1, strict=False) == result
