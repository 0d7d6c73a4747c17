"""Overlapping template matching, SP 800-22 rev1a §2.8.

Reference values: /work/shared/reference/sp800_22.md. sts mode: Appendix B
column e / example 2.8.8 (0.110434) with the probabilities of sts-2.1.2's
``Pr()``. Exact mode: the corrected rev1a probabilities (e -> 0.159032).
Example 2.8.4 prints wrong counts and a wrong P-value (errata 1.2); only its
recomputed values are used.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stats_tests.errors import InsufficientDataError, InvalidParameterError
from stats_tests.nist._common import Mode
from stats_tests.nist.overlapping_template import (
    REV1A_PROBABILITIES_9_1032,
    OverlappingTemplateResult,
    overlapping_template,
    overlapping_template_probabilities,
    sts_overlapping_template_probabilities,
)

P_TOL = 1e-6
E_COUNTS = (329, 164, 150, 111, 78, 136)


def _bits(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("ascii"), dtype=np.uint8) - ord("0")


def test_appendix_b_e_sts(e_bits: np.ndarray) -> None:
    result = overlapping_template(e_bits)
    assert isinstance(result, OverlappingTemplateResult)
    assert (result.m, result.block_size, result.blocks) == (9, 1032, 968)
    assert (result.lam, result.eta) == (2.0, 1.0)
    assert result.counts == E_COUNTS
    assert result.probabilities == pytest.approx(
        (0.367879, 0.183940, 0.137955, 0.099634, 0.069935, 0.140657), abs=1e-6
    )
    assert result.statistic == pytest.approx(8.965859, abs=1e-6)
    assert result.pvalue == pytest.approx(0.110434, abs=P_TOL)


def test_exact_mode_e(e_bits: np.ndarray) -> None:
    result = overlapping_template(e_bits, mode=Mode.EXACT)
    assert result.counts == E_COUNTS
    assert result.probabilities == REV1A_PROBABILITIES_9_1032
    assert result.statistic == pytest.approx(7.949657, abs=1e-6)
    assert result.pvalue == pytest.approx(0.159032, abs=P_TOL)


def test_exact_probabilities_match_the_corrected_constants() -> None:
    exact = overlapping_template_probabilities(9, 1032)
    assert exact == pytest.approx(REV1A_PROBABILITIES_9_1032, abs=1e-6)
    assert sum(exact) == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize(("m", "size"), [(2, 10), (3, 12), (2, 5)])
def test_exact_probabilities_brute_force(m: int, size: int) -> None:
    counts = [0] * 6
    for word in itertools.product("01", repeat=size):
        text = "".join(word)
        found = sum(text[j : j + m] == "1" * m for j in range(size - m + 1))
        counts[min(found, 5)] += 1
    expected = [c / 2**size for c in counts]
    assert overlapping_template_probabilities(m, size) == pytest.approx(expected, abs=1e-14)


def test_example_2_8_4_recomputed() -> None:
    # sts's Pr() gives the document's pi for eta = 1.125 ...
    assert sts_overlapping_template_probabilities(2, 10) == pytest.approx(
        (0.324652, 0.182617, 0.142670, 0.106645, 0.077147, 0.166269), abs=1e-6
    )
    text = "10111011110010110100011100101110111110000101101001"
    result = overlapping_template(_bits(text), m=2, block_size=10, strict=False)
    assert (result.blocks, result.lam, result.eta) == (5, 2.25, 1.125)
    # ... but the string's true counts are 0,2,0,1,1,1 (the document prints 0,1,1,1,1,1).
    assert result.counts == (0, 2, 0, 1, 1, 1)
    # The reference (chi^2 = 5.051458, P = 0.409633) used the 6-digit pi; with full
    # precision chi^2 = 5.051441 and P differs by 1.6e-6.
    assert result.statistic == pytest.approx(5.051458, abs=5e-5)
    assert result.pvalue == pytest.approx(0.409633, abs=5e-6)


def test_length_and_parameter_rules() -> None:
    with pytest.raises(InsufficientDataError, match=r"n >= 1000000.*got n=999999"):
        overlapping_template(np.zeros(999_999, dtype=np.uint8))
    with pytest.raises(InsufficientDataError, match="got n=1031"):
        overlapping_template(np.zeros(1031, dtype=np.uint8), strict=False)
    bits = np.zeros(2064, dtype=np.uint8)
    assert overlapping_template(bits, strict=False).blocks == 2
    with pytest.raises(InvalidParameterError, match=r"m=1 is outside 2 \.\. 21"):
        overlapping_template(bits, m=1, strict=False)
    with pytest.raises(InvalidParameterError, match=r"block_size=9 is outside >= 10"):
        overlapping_template(bits, block_size=9, strict=False)


@settings(max_examples=40, deadline=None)
@given(st.binary(min_size=13, max_size=400), st.sampled_from([Mode.STS, Mode.EXACT]))
def test_properties(raw: bytes, mode: Mode) -> None:
    bits = np.unpackbits(np.frombuffer(raw, dtype=np.uint8))  # a multiple of M = 104
    bits = bits[: bits.size - bits.size % 104]
    result = overlapping_template(bits, m=4, block_size=104, mode=mode, strict=False)
    assert 0.0 <= result.pvalue <= 1.0
    assert sum(result.counts) == result.blocks
    # B = 1111 reads the same backwards: reversing the sequence keeps each block's count.
    reverse = overlapping_template(bits[::-1], m=4, block_size=104, mode=mode, strict=False)
    assert reverse.counts == result.counts
    assert overlapping_template(bits, m=4, block_size=104, mode=mode, strict=False) == result
