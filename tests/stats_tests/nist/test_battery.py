"""The 15-test battery and its second-level report.

Reference values: Appendix B column e (/work/shared/reference/sp800_22.md), run
through the battery with sts-2.1.2's default parameters, and the exact-mode
values listed there.
"""

from __future__ import annotations

import numpy as np
import pytest

from stats_tests.errors import InsufficientDataError, InvalidInputError, InvalidParameterError
from stats_tests.nist._common import Mode
from stats_tests.nist.battery import (
    CHUNK,
    DEFAULT_PARAMETERS,
    TESTS,
    BatteryProgress,
    run_battery,
    split_sequences,
)

P_TOL = 1e-6

#: Appendix B column e: test key -> (P-value index, P-value). ‡ Cusum: sts prints 0.669886 /
#: 0.724265 and Appendix B 0.669887 / 0.724266; both are within 1e-6 of ours.
APPENDIX_B_E = {
    "frequency": [(0, 0.953749)],
    "block_frequency": [(0, 0.211072)],
    "cumulative_sums": [(0, 0.669887), (1, 0.724266)],
    "runs": [(0, 0.561917)],
    "longest_run": [(0, 0.718945)],
    "rank": [(0, 0.306156)],
    "dft": [(0, 0.847187)],
    "non_overlapping_template": [(0, 0.078790), (1, 0.378592), (2, 0.344780)],
    "overlapping_template": [(0, 0.110434)],
    "universal": [(0, 0.282568)],
    "approximate_entropy": [(0, 0.700073)],
    "random_excursions": [(4, 0.786868)],
    "random_excursions_variant": [(8, 0.826009)],
    "serial": [(0, 0.766182), (1, 0.462921)],
    "linear_complexity": [(0, 0.826335)],
}


@pytest.fixture(scope="module")
def e_battery(e_bits: np.ndarray):  # type: ignore[no-untyped-def]
    return run_battery(e_bits[None, :])


def test_appendix_b_e(e_battery) -> None:  # type: ignore[no-untyped-def]
    result = e_battery
    assert result.tests == tuple(spec.key for spec in TESTS)
    assert result.skipped == {}
    assert result.deviations == ()
    for key, expected in APPENDIX_B_E.items():
        (sequence_result,) = result.results[key]
        for index, pvalue in expected:
            assert sequence_result.pvalues[index] == pytest.approx(pvalue, abs=P_TOL), key
    assert len(result.results["non_overlapping_template"][0].pvalues) == 148


def test_report_rows(e_battery) -> None:  # type: ignore[no-untyped-def]
    rows = e_battery.rows
    # 1+1+2+1+1+1+1+148+1+1+1+8+18+2+1 rows, like finalAnalysisReport
    assert len(rows) == 188
    assert [r.variant for r in e_battery.second_level["serial"]] == ["p1", "p2"]
    assert e_battery.second_level["random_excursions"][0].variant == "x=-4"
    assert e_battery.second_level["non_overlapping_template"][0].variant == "000000001"
    frequency = e_battery.second_level["frequency"][0]
    assert frequency.sample_size == 1 and frequency.histogram[9] == 1
    assert frequency.uniformity_pvalue is None  # fewer than 10 sequences
    # RE x=-1 of e is 0.007779 < 0.01; with one sequence assess's truncated lower
    # bound is int(0.6915 * 1) = 0, so even 0/1 passing is not flagged in sts mode
    re_minus_one = e_battery.second_level["random_excursions"][3]
    assert re_minus_one.passed_count == 0 and re_minus_one.min_passed == 0
    assert re_minus_one.passed is True


def test_exact_mode_on_e(e_bits: np.ndarray) -> None:
    result = run_battery(
        e_bits[None, :],
        mode=Mode.EXACT,
        tests=["overlapping_template", "linear_complexity", "longest_run"],
    )
    assert result.results["overlapping_template"][0].pvalue == pytest.approx(0.159032, abs=P_TOL)
    assert result.results["linear_complexity"][0].pvalue == pytest.approx(0.826202, abs=P_TOL)
    assert result.results["longest_run"][0].pvalue == pytest.approx(0.718366, abs=P_TOL)
    assert result.mode is Mode.EXACT
    assert any("Overlapping Template" in text for text in result.deviations)


def _random_sequences(count: int, length: int, seed: int = 3) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 2, (count, length), dtype=np.uint8)


def test_progress_and_parallel_runs_agree() -> None:
    sequences = _random_sequences(3, 20_000)
    events: list[BatteryProgress] = []
    serial_run = run_battery(sequences, strict=False, progress=events.append)
    total = 3 * len(TESTS)
    # one event per test per sequence; Linear Complexity reports its group of 3 at once
    expected = [*range(1, total - 3 + 1), total]
    assert [e.done for e in events] == expected
    assert all(e.total == total for e in events)
    assert events[0].test == "frequency" and events[-1].test == "linear_complexity"
    assert [e.sequence for e in events[:4]] == [0, 1, 2, 0]
    assert events[-1].sequence == 2
    parallel_events: list[BatteryProgress] = []
    parallel = run_battery(
        _random_sequences(3 * CHUNK - 2, 3_000),
        strict=False,
        jobs=2,
        progress=parallel_events.append,
    )
    serial_run = run_battery(_random_sequences(3 * CHUNK - 2, 3_000), strict=False)
    steps = sorted(e.done for e in parallel_events)
    assert steps[-1] == (3 * CHUNK - 2) * len(TESTS) and len(steps) == 3
    assert all(e.test is None for e in parallel_events)
    for key in serial_run.results:
        assert [r.pvalues for r in serial_run.results[key]] == [
            r.pvalues for r in parallel.results[key]
        ]
    assert serial_run.rows == parallel.rows


def test_short_sequences_skip_tests_under_strict() -> None:
    result = run_battery(_random_sequences(2, 20_000))
    # Universal (387,840), Random Excursions (10**6), Linear Complexity (10**6), Serial
    # m = 16 (2**19) and Overlapping Template need more bits; the others run
    assert "universal" in result.skipped and "387840" in result.skipped["universal"]
    assert "linear_complexity" in result.skipped
    assert "frequency" in result.results and "frequency" not in result.skipped
    assert set(result.skipped) | set(result.results) == set(result.tests)
    assert all(key not in result.second_level for key in result.skipped)


def test_parameters_and_selection() -> None:
    sequences = _random_sequences(12, 5_000)
    result = run_battery(
        sequences,
        tests=["serial", "frequency"],
        parameters={"serial": {"pattern_length": 4}},
        strict=False,
        mode="exact",
    )
    assert result.tests == ("frequency", "serial")  # report order
    assert result.parameters["serial"] == {"pattern_length": 4}
    assert DEFAULT_PARAMETERS["serial"] == {"pattern_length": 16}
    assert all(r.pattern_length == 4 for r in result.results["serial"])  # type: ignore[attr-defined]
    row = result.second_level["frequency"][0]
    assert row.sample_size == 12 and row.uniformity_pvalue is not None
    assert row.mode is Mode.EXACT and row.expected_count == 1.2


def test_split_sequences() -> None:
    bits = np.arange(10) % 2
    assert split_sequences(bits, 3).shape == (3, 3)
    assert split_sequences(bits, 5, streams=2).tolist() == [[0, 1, 0, 1, 0], [1, 0, 1, 0, 1]]
    with pytest.raises(InsufficientDataError, match="3 sequences of 5 bits need 15 bits; got 10"):
        split_sequences(bits, 5, streams=3)
    with pytest.raises(InsufficientDataError, match="do not hold one sequence"):
        split_sequences(bits, 11)
    with pytest.raises(InvalidParameterError, match="length"):
        split_sequences(bits, 0)


def test_errors() -> None:
    with pytest.raises(InvalidParameterError, match="unknown test"):
        run_battery(_random_sequences(1, 100), tests=["frequency", "dieharder"])
    with pytest.raises(InvalidParameterError, match="jobs"):
        run_battery(_random_sequences(1, 100), jobs=0)
    with pytest.raises(InvalidInputError, match="same length"):
        run_battery([np.zeros(10, dtype=np.uint8), np.zeros(11, dtype=np.uint8)])
    with pytest.raises(InvalidInputError, match="only 0 and 1"):
        run_battery(np.full((2, 10), 3))
    with pytest.raises(InvalidInputError, match=r"shape \(10,\); split_sequences"):
        run_battery(np.zeros(10, dtype=np.uint8))
    with pytest.raises(InvalidParameterError, match="pattern_length=99"):
        run_battery(
            _random_sequences(1, 1000),
            tests=["serial"],
            parameters={"serial": {"pattern_length": 99}},
        )
