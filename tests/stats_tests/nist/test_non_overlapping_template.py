"""Non-overlapping template matching, SP 800-22 rev1a §2.7.

Reference values: /work/shared/reference/sp800_22.md (worked example 2.7.4;
Appendix B column e with B = 000000001 and the STS intermediate values;
templates 2 and 3 on e). Example 2.7.8 uses G-SHA-1 data that is not
distributed and is not reproduced.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stats_tests.errors import InsufficientDataError, InvalidParameterError
from stats_tests.nist._common import Mode
from stats_tests.nist.non_overlapping_template import (
    NonOverlappingTemplateResult,
    NonOverlappingTemplatesResult,
    aperiodic_templates,
    is_aperiodic,
    non_overlapping_template,
    non_overlapping_templates,
)

P_TOL = 1e-6

#: OEIS A003000, bifix-free binary words of length m = 1, 2, ...; sts-2.1.2's numOfTemplates.
BIFIX_FREE = [2, 2, 4, 6, 12, 20, 40, 74, 148, 284, 568, 1116]


def _bits(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("ascii"), dtype=np.uint8) - ord("0")


def _scan(bits: np.ndarray, template: str, blocks: int) -> tuple[int, ...]:
    """The document's scan, literally: slide, and jump past each match."""
    size, m = bits.size // blocks, len(template)
    counts = []
    for i in range(blocks):
        text = "".join(map(str, bits[i * size : (i + 1) * size]))
        j = found = 0
        while j <= size - m:
            if text[j : j + m] == template:
                found += 1
                j += m
            else:
                j += 1
        counts.append(found)
    return tuple(counts)


def test_there_are_148_aperiodic_templates_of_length_9() -> None:
    templates = aperiodic_templates(9)
    assert len(templates) == 148
    assert templates[:3] == ("000000001", "000000011", "000000101")
    assert templates[-1] == "111111110"
    assert list(templates) == sorted(set(templates))


@pytest.mark.parametrize("m", range(1, 13))
def test_aperiodic_template_counts(m: int) -> None:
    templates = aperiodic_templates(m)
    assert len(templates) == BIFIX_FREE[m - 1]
    # Checked against the definition, and the set is closed under complement and reversal.
    every = [format(v, f"0{m}b") for v in range(2**m)]
    defined = [t for t in every if all(t[: m - k] != t[k:] for k in range(1, m))]
    assert list(templates) == defined
    flip = str.maketrans("01", "10")
    assert {t.translate(flip) for t in templates} == set(templates)
    assert {t[::-1] for t in templates} == set(templates)


def test_is_aperiodic() -> None:
    assert is_aperiodic("000000001") and is_aperiodic([0, 0, 1])
    assert not is_aperiodic("111") and not is_aperiodic("0101") and not is_aperiodic("10001")


def test_example_2_7_4() -> None:
    result = non_overlapping_template(_bits("10100100101110010110"), template="001", blocks=2)
    assert (result.blocks, result.block_size) == (2, 10)
    assert result.counts == (2, 1)
    assert result.mean == pytest.approx(1.0)
    assert result.variance == pytest.approx(0.46875)
    assert result.statistic == pytest.approx(2.133333, abs=1e-6)
    assert result.pvalue == pytest.approx(0.344154, abs=P_TOL)


@pytest.mark.parametrize("mode", [Mode.STS, Mode.EXACT])
def test_appendix_b_e(e_bits: np.ndarray, mode: Mode) -> None:
    result = non_overlapping_template(e_bits, mode=mode)
    assert isinstance(result, NonOverlappingTemplateResult)
    assert result.template == "000000001" and result.aperiodic
    assert (result.blocks, result.block_size) == (8, 125_000)
    assert result.mean == pytest.approx(244.125)
    assert result.counts == (239, 235, 254, 278, 207, 229, 225, 242)
    assert result.statistic == pytest.approx(14.116057, abs=1e-6)
    assert result.pvalue == pytest.approx(0.078790, abs=P_TOL)


@pytest.mark.parametrize(("template", "p"), [("000000011", 0.378592), ("000000101", 0.344780)])
def test_templates_2_and_3_on_e(e_bits: np.ndarray, template: str, p: float) -> None:
    assert non_overlapping_template(e_bits, template=template).pvalue == pytest.approx(p, abs=P_TOL)


def test_all_148_templates_on_e(e_bits: np.ndarray) -> None:
    result = non_overlapping_templates(e_bits)
    assert isinstance(result, NonOverlappingTemplatesResult)
    assert result.templates == aperiodic_templates(9)
    assert len(result.pvalues) == len(result.statistic) == len(result.counts) == 148
    assert result.pvalues[:3] == pytest.approx((0.078790, 0.378592, 0.344780), abs=P_TOL)
    assert result.counts[0] == (239, 235, 254, 278, 207, 229, 225, 242)
    assert all(0.0 <= p <= 1.0 for p in result.pvalues)
    for index in (17, 74, 147):  # the one-template function agrees
        single = non_overlapping_template(e_bits, template=result.templates[index])
        assert single.counts == result.counts[index]
        assert single.pvalue == pytest.approx(result.pvalues[index], abs=1e-12)


def test_sts_template_selection_for_longer_templates() -> None:
    bits = np.random.default_rng(11).integers(0, 2, 40_000, dtype=np.uint8)
    # m = 10: sts-2.1.2 runs the first 148 of 284; exact mode runs all of them.
    assert non_overlapping_templates(bits, m=10).templates == aperiodic_templates(10)[:148]
    assert len(non_overlapping_templates(bits, m=10, mode=Mode.EXACT).pvalues) == 284
    # m = 11: SKIP = 568 // 148 = 3, every third template, 148 of them.
    assert non_overlapping_templates(bits, m=11).templates == aperiodic_templates(11)[::3][:148]
    # Short templates: all of them in both modes.
    assert non_overlapping_templates(bits, m=4).templates == (
        "0001",
        "0011",
        "0111",
        "1000",
        "1100",
        "1110",
    )


def test_long_templates_use_the_sorted_path() -> None:
    bits = np.random.default_rng(5).integers(0, 2, 200_000, dtype=np.uint8)
    result = non_overlapping_templates(bits, m=16, blocks=80)
    for index in (0, 77, 147):
        single = non_overlapping_template(bits, template=result.templates[index], blocks=80)
        assert single.counts == result.counts[index]


def test_periodic_template_scan() -> None:
    bits = _bits("1111011111111011011111")
    result = non_overlapping_template(bits, template="11", blocks=2, strict=False)
    assert not result.aperiodic
    assert result.counts == _scan(bits, "11", 2) == (5, 4)  # overlapping: (8, 6)


def test_parameter_rules() -> None:
    bits = np.zeros(1000, dtype=np.uint8)
    with pytest.raises(InvalidParameterError, match="template='0120'"):
        non_overlapping_template(bits, template="0120")
    with pytest.raises(InvalidParameterError, match=r"m=1 is outside 2 \.\. 21"):
        non_overlapping_template(bits, template="1")
    with pytest.raises(InvalidParameterError, match=r"m=22 is outside 2 \.\. 21"):
        non_overlapping_template(bits, template="0" * 21 + "1")
    with pytest.raises(InvalidParameterError, match=r"blocks=101 is outside 1 \.\. 100"):
        non_overlapping_template(bits, blocks=101)
    assert non_overlapping_template(bits, blocks=101, strict=False).blocks == 101
    with pytest.raises(InvalidParameterError, match=r"blocks=0"):
        non_overlapping_template(bits, blocks=0)
    with pytest.raises(InvalidParameterError, match=r"m=30"):
        non_overlapping_templates(bits, m=30)
    with pytest.raises(InsufficientDataError, match="at least 72 bits to be defined; got n=71"):
        non_overlapping_template(bits[:71], blocks=8)  # a block of 8 bits < m = 9


@settings(max_examples=60, deadline=None)
@given(
    st.binary(min_size=4, max_size=120),
    st.text("01", min_size=2, max_size=6),
    st.integers(1, 6),
)
def test_properties(raw: bytes, template: str, blocks: int) -> None:
    bits = np.unpackbits(np.frombuffer(raw, dtype=np.uint8))
    bits = bits[: bits.size - bits.size % blocks]
    if bits.size // blocks < len(template):
        return
    result = non_overlapping_template(bits, template=template, blocks=blocks, strict=False)
    assert 0.0 <= result.pvalue <= 1.0
    assert result.counts == _scan(bits, template, blocks)
    # Complementing bits and template together changes nothing.
    flip = template.translate(str.maketrans("01", "10"))
    assert (
        non_overlapping_template(1 - bits, template=flip, blocks=blocks, strict=False).counts
        == result.counts
    )
    if result.aperiodic:  # reversal: blocks come in reverse order, occurrences are kept
        reverse = non_overlapping_template(
            bits[::-1], template=template[::-1], blocks=blocks, strict=False
        )
        assert reverse.counts == result.counts[::-1]
        assert reverse.pvalue == pytest.approx(result.pvalue, abs=1e-12)
