"""Longest run of ones in a block, SP 800-22 rev1a §2.4.

Reference values: /work/shared/reference/sp800_22.md (worked example 2.4.8;
Appendix B column e with sts-2.1.2's 4-decimal M = 10^4 table; exact-mode value
for e, errata 1.6).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stats_tests.errors import InsufficientDataError, InvalidParameterError
from stats_tests.nist._common import Mode
from stats_tests.nist.longest_run import (
    LongestRunResult,
    longest_run,
    longest_run_probabilities,
)

P_TOL = 1e-6

EXAMPLE_2_4 = (
    "11001100000101010110110001001100111000000000001001"
    "00110101010001000100111101011010000000110101111100"
    "1100111001101101100010110010"
)


def _bits(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("ascii"), dtype=np.uint8) - ord("0")


@pytest.mark.parametrize("mode", [Mode.STS, Mode.EXACT])
def test_example_2_4_8(mode: Mode) -> None:
    # M = 8 uses exact probabilities in both modes (as sts-2.1.2 does), hence 2.4.8's
    # 0.180609; 2.4.4's 0.180598 comes from 4-decimal probabilities and is not used.
    result = longest_run(_bits(EXAMPLE_2_4), mode=mode)
    assert (result.block_size, result.blocks, result.degrees_of_freedom) == (8, 16, 3)
    assert result.counts == (4, 9, 3, 0)
    assert result.statistic == pytest.approx(4.882457, abs=1e-6)
    assert result.pvalue == pytest.approx(0.180609, abs=P_TOL)


def test_appendix_b_e(e_bits: np.ndarray) -> None:
    result = longest_run(e_bits)
    assert isinstance(result, LongestRunResult)
    assert (result.block_size, result.blocks, result.degrees_of_freedom) == (10_000, 100, 6)
    assert result.class_bounds == (10, 11, 12, 13, 14, 15, 16)
    assert result.counts == (11, 18, 23, 16, 16, 9, 7)
    assert result.probabilities == (0.0882, 0.2092, 0.2483, 0.1933, 0.1208, 0.0675, 0.0727)
    assert result.statistic == pytest.approx(3.687009, abs=1e-6)
    assert result.pvalue == pytest.approx(0.718945, abs=P_TOL)


def test_exact_mode_e(e_bits: np.ndarray) -> None:
    result = longest_run(e_bits, mode=Mode.EXACT)
    assert result.counts == (11, 18, 23, 16, 16, 9, 7)
    assert result.pvalue == pytest.approx(0.718366, abs=P_TOL)


def _brute_probabilities(size: int, low: int, high: int) -> list[float]:
    counts = [0] * (high - low + 1)
    for word in itertools.product("01", repeat=size):
        longest = max(len(run) for run in "".join(word).split("0"))
        counts[min(max(longest, low), high) - low] += 1
    return [c / 2**size for c in counts]


@pytest.mark.parametrize(("size", "low", "high"), [(8, 1, 4), (12, 2, 5), (10, 0, 3)])
def test_exact_probabilities_brute_force(size: int, low: int, high: int) -> None:
    assert longest_run_probabilities(size, low, high) == pytest.approx(
        _brute_probabilities(size, low, high), abs=1e-15
    )


def test_exact_probabilities_against_sts_tables() -> None:
    # M = 8: sts-2.1.2's values are exact; M = 128: its 9-10 digit values.
    assert longest_run_probabilities(8, 1, 4) == (0.21484375, 0.3671875, 0.23046875, 0.1875)
    sts_128 = (0.1174035788, 0.242955959, 0.249363483, 0.17517706, 0.102701071, 0.112398847)
    assert longest_run_probabilities(128, 4, 9) == pytest.approx(sts_128, abs=1e-9)
    exact_10k = longest_run_probabilities(10_000, 10, 16)
    assert sum(exact_10k) == pytest.approx(1.0, abs=1e-12)
    # The 4-decimal M = 10^4 table is off by more than its rounding (errata 1.6).
    assert abs(exact_10k[0] - 0.0882) > 1e-3


@pytest.mark.parametrize(
    ("n", "block_size"),
    [(128, 8), (6271, 8), (6272, 128), (749_999, 128), (750_000, 10_000)],
)
def test_block_size_chosen_by_n(n: int, block_size: int) -> None:
    bits = np.random.default_rng(n).integers(0, 2, n, dtype=np.uint8)
    result = longest_run(bits)
    assert result.block_size == block_size == result.parameters["block_size"]
    assert result.blocks == n // block_size


def test_length_and_parameter_rules() -> None:
    with pytest.raises(InsufficientDataError, match=r"n >= 128.*got n=127"):
        longest_run(np.zeros(127, dtype=np.uint8))
    assert longest_run(np.zeros(16, dtype=np.uint8), strict=False).blocks == 2
    with pytest.raises(InsufficientDataError, match=r"M = 128.*n >= 6272.*got n=1000"):
        longest_run(np.zeros(1000, dtype=np.uint8), block_size=128)
    with pytest.raises(InsufficientDataError, match="got n=7"):
        longest_run(np.zeros(7, dtype=np.uint8), strict=False)
    with pytest.raises(InvalidParameterError, match=r"block_size=64 is not one of 8, 128, 10000"):
        longest_run(np.zeros(1000, dtype=np.uint8), block_size=64)
    with pytest.raises(InvalidParameterError, match=r"block_size=8\.0"):
        longest_run(np.zeros(1000, dtype=np.uint8), block_size=8.0)  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(st.binary(min_size=16, max_size=400))
def test_properties(raw: bytes) -> None:
    bits = np.unpackbits(np.frombuffer(raw, dtype=np.uint8))  # a multiple of M = 8 bits
    result = longest_run(bits, strict=False)
    assert 0.0 <= result.pvalue <= 1.0
    assert sum(result.counts) == result.blocks
    # Reversing the whole sequence reverses each block and their order: same classes.
    assert longest_run(bits[::-1], strict=False).counts == result.counts
    assert longest_run(bits, strict=False) == result
