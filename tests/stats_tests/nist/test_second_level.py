"""Second-level analysis, SP 800-22 rev1a §4.2, and sts-2.1.2 assess.c's arithmetic.

The expectations are computed by hand from assess.c's computeMetrics (reference
file, "In the sts-2.1.2 reference code" item 5): P-values printed with %f and
read back into a C float; bin = floor(10 P), P = 1 in bin 9; integer expCount;
bounds truncated to int; "----" below 10 sequences; excursion tests count only
P > 0.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special

from stats_tests.errors import InvalidParameterError
from stats_tests.nist._common import Mode, NistResult
from stats_tests.nist.second_level import (
    SecondLevelResult,
    analyse_pvalues,
    analyse_results,
    sts_reread,
)


def _spread(count: int, passing: int) -> list[float]:
    """``passing`` P-values of 0.5 and the rest 0.001."""
    return [0.5] * passing + [0.001] * (count - passing)


def test_bounds_for_100_sequences() -> None:
    # 0.99 -+ 3 sqrt(0.99 * 0.01 / 100) = 0.960150 .. 1.019850 -> ints 96 .. 101
    row = analyse_pvalues(_spread(100, 96), name="Frequency")
    assert (row.min_passed, row.max_passed) == (96, 101)
    assert row.proportion_bounds == pytest.approx((0.960150, 1.019850), abs=1e-6)
    assert row.passed_count == 96 and row.proportion_ok is True
    assert analyse_pvalues(_spread(100, 95)).proportion_ok is False  # 95/100 is flagged
    # exact mode compares with the real bound: 96/100 = 0.96 < 0.960150
    exact = analyse_pvalues(_spread(100, 96), mode=Mode.EXACT)
    assert (exact.min_passed, exact.max_passed) == (97, 100)
    assert exact.proportion_ok is False
    assert analyse_pvalues(_spread(100, 97), mode=Mode.EXACT).proportion_ok is True


def test_bounds_for_65_sequences() -> None:
    # 0.99 - 3 sqrt(0.0099 / 65) = 0.952976 -> 61.94 -> 61 (the RE sample of the reference)
    row = analyse_pvalues(_spread(65, 61), name="Random Excursions")
    assert row.min_passed == 61 and row.proportion_ok is True
    assert analyse_pvalues(_spread(65, 60)).proportion_ok is False
    assert analyse_pvalues(_spread(65, 61), mode=Mode.EXACT).min_passed == 62


def test_integer_expected_count() -> None:
    # 65 P-values: 7 in each of bins 0..4, 6 in each of bins 5..9
    pvalues = [b / 10 + 0.05 for b in range(5) for _ in range(7)]
    pvalues += [b / 10 + 0.05 for b in range(5, 10) for _ in range(6)]
    row = analyse_pvalues(pvalues)
    assert row.histogram == (7, 7, 7, 7, 7, 6, 6, 6, 6, 6)
    assert row.expected_count == 6  # 65 / 10 in C integer division
    assert row.uniformity_statistic == pytest.approx(5 / 6)
    assert row.uniformity_pvalue == pytest.approx(float(special.gammaincc(4.5, 5 / 12)))
    exact = analyse_pvalues(pvalues, mode=Mode.EXACT)
    assert exact.expected_count == 6.5
    assert exact.uniformity_statistic == pytest.approx(10 * 0.25 / 6.5)
    assert exact.uniformity_pvalue == pytest.approx(
        float(special.gammaincc(4.5, 10 * 0.25 / 6.5 / 2))
    )


def test_uniform_100() -> None:
    pvalues = [(i + 0.5) / 100 for i in range(100)]
    row = analyse_pvalues(pvalues)
    assert row.histogram == (10,) * 10
    assert row.uniformity_statistic == 0.0 and row.uniformity_pvalue == 1.0
    assert row.passed_count == 99  # 0.005 < 0.01
    assert row.passed is True and row.verdict == "pass"


def test_non_uniform_is_flagged() -> None:
    row = analyse_pvalues([0.55] * 100)
    assert row.histogram == (0, 0, 0, 0, 0, 100, 0, 0, 0, 0)
    # chi^2 = (9 * 100 + 90**2) / 10 = 900
    assert row.uniformity_statistic == 900.0
    assert row.uniformity_pvalue is not None and row.uniformity_pvalue < 0.0001
    assert row.uniformity_ok is False and row.proportion_ok is True
    assert row.passed is False and row.verdict == "fail"


def test_pvalues_are_reread_as_c_floats() -> None:
    # 0.0100004 prints as 0.010000, read into a float: 0.00999999977... < 0.01 -> fails
    assert sts_reread(0.0100004) == pytest.approx(0.01, abs=1e-9)
    assert sts_reread(0.0100004) < 0.01
    sts = analyse_pvalues([0.0100004] * 10 + [0.5] * 90)
    assert sts.passed_count == 90
    exact = analyse_pvalues([0.0100004] * 10 + [0.5] * 90, mode=Mode.EXACT)
    assert exact.passed_count == 100
    # 0.7 as a C float is 0.69999998...: bin 6 (C7 in the report), not bin 7
    assert analyse_pvalues([0.7]).histogram[6] == 1
    assert analyse_pvalues([0.7], mode=Mode.EXACT).histogram[7] == 1
    # 0.1 as a float is 0.10000000149: bin 1 in both
    assert analyse_pvalues([0.1]).histogram[1] == 1
    # P = 1 goes to the last bin; 6-decimal rounding can make 0.9999996 a 1
    assert analyse_pvalues([1.0, 0.9999996]).histogram[9] == 2


def test_fewer_than_ten_sequences() -> None:
    row = analyse_pvalues([0.5] * 9)
    assert row.expected_count == 0
    assert row.uniformity_pvalue is None and row.uniformity_statistic is None
    assert row.uniformity_ok is None and not row.uniformity_computed
    assert row.passed is True  # judged on the proportion alone
    # 0.99 - 3 sqrt(0.0099 / 9) = 0.890501 -> 8.01 -> 8
    assert row.min_passed == 8 and row.max_passed == 9
    assert analyse_pvalues([0.5] * 10).uniformity_pvalue is not None


def test_excursions_count_only_applicable_sequences() -> None:
    pvalues: list[float | None] = [0.5] * 60 + [None] * 30 + [0.0000004] * 10
    sts = analyse_pvalues(pvalues, name="Random Excursions")
    # not applicable -> None; 0.0000004 prints as 0.000000 and assess drops it too
    assert sts.sample_size == 60 and sts.passed_count == 60
    exact = analyse_pvalues(pvalues, name="Random Excursions", mode=Mode.EXACT)
    assert exact.sample_size == 70 and exact.passed_count == 60
    # for the other tests a P of 0 counts (and fails)
    other = analyse_pvalues([0.0] * 5 + [0.5] * 95, name="Frequency")
    assert other.sample_size == 100 and other.passed_count == 95


def test_no_applicable_sequence() -> None:
    row = analyse_pvalues([None, None], name="Random Excursions Variant", variant="x=-9")
    assert row.sample_size == 0 and row.histogram == (0,) * 10
    assert row.proportion is None and row.proportion_bounds is None
    assert row.passed is None and row.verdict == "not applicable"
    assert row.label == "Random Excursions Variant x=-9"


def test_bad_input() -> None:
    with pytest.raises(InvalidParameterError, match=r"P-value 1\.5 of Runs"):
        analyse_pvalues([1.5], name="Runs")
    with pytest.raises(InvalidParameterError, match="nan"):
        analyse_pvalues([float("nan")])
    assert analyse_pvalues([1.0 + 1e-15, -1e-17]).histogram == (1,) + (0,) * 8 + (1,)
    with pytest.raises(InvalidParameterError, match="alpha=0"):
        analyse_pvalues([0.5], alpha=0)
    with pytest.raises(InvalidParameterError, match="mode='loose'"):
        analyse_pvalues([0.5], mode="loose")


def _result(name: str, pvalues: tuple[float, ...], applicable: bool = True) -> NistResult:
    return NistResult(name=name, n=10, mode=Mode.STS, applicable=applicable, pvalues=pvalues)


def test_analyse_results() -> None:
    results = [_result("Serial", (0.5, 0.05)) for _ in range(20)]
    rows = analyse_results(results, variants=("p1", "p2"))
    assert [r.label for r in rows] == ["Serial p1", "Serial p2"]
    assert rows[0].histogram[5] == 20 and rows[1].histogram[0] == 20
    empty = analyse_results(
        [_result("Random Excursions", (), applicable=False)] * 3,
        variants=tuple(f"x={x}" for x in range(8)),
    )
    assert len(empty) == 8 and all(r.verdict == "not applicable" for r in empty)
    with pytest.raises(InvalidParameterError, match="one test"):
        analyse_results([_result("Serial", (0.5,)), _result("Runs", (0.5,))])
    with pytest.raises(InvalidParameterError, match="2 P-values per sequence but 3 variants"):
        analyse_results(results, variants=("a", "b", "c"))


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.floats(0.0, 1.0)), min_size=0, max_size=300),
    st.sampled_from([Mode.STS, Mode.EXACT]),
    st.booleans(),
)
def test_properties(pvalues: list[float | None], mode: Mode, excursion: bool) -> None:
    row = analyse_pvalues(pvalues, mode=mode, excursion=excursion)
    assert isinstance(row, SecondLevelResult)
    assert sum(row.histogram) == row.sample_size <= len(pvalues)
    assert 0 <= row.passed_count <= row.sample_size
    if row.uniformity_pvalue is not None:
        assert 0.0 <= row.uniformity_pvalue <= 1.0 and row.sample_size >= 10
    if row.sample_size:
        assert row.min_passed is not None and row.max_passed is not None
        low, high = row.proportion_bounds or (math.nan, math.nan)
        if mode is Mode.STS:  # truncated: the bound itself may be a fraction above
            assert row.min_passed <= row.sample_size * low < row.min_passed + 1
        else:  # the smallest count whose proportion reaches the bound
            assert row.min_passed - 1 < row.sample_size * low <= row.min_passed
        assert row.proportion_ok == (row.min_passed <= row.passed_count <= row.max_passed)
        assert row.max_passed <= row.sample_size * high
        assert analyse_pvalues(pvalues, mode=mode, excursion=excursion) == row
