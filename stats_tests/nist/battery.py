"""The whole SP 800-22 battery: 15 tests over m sequences, then the second-level analysis.

Runs every test with sts-2.1.2's default parameters (the ones of Appendix B),
keeps each sequence's result, and summarises each P-value over the sequences
like NIST's finalAnalysisReport (:mod:`stats_tests.nist.second_level`). The
library never prints: pass ``progress`` to follow a long run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from stats_tests.errors import InsufficientDataError, InvalidInputError, InvalidParameterError
from stats_tests.nist._common import ALPHA, Bits, Mode, NistResult, as_bits, as_mode
from stats_tests.nist.approximate_entropy import approximate_entropy
from stats_tests.nist.block_frequency import block_frequency
from stats_tests.nist.cumulative_sums import cumulative_sums
from stats_tests.nist.dft import dft
from stats_tests.nist.frequency import frequency
from stats_tests.nist.linear_complexity import linear_complexity, linear_complexity_batch
from stats_tests.nist.longest_run import longest_run
from stats_tests.nist.non_overlapping_template import non_overlapping_templates
from stats_tests.nist.overlapping_template import overlapping_template
from stats_tests.nist.random_excursions import STATES as EXCURSION_STATES
from stats_tests.nist.random_excursions import random_excursions
from stats_tests.nist.random_excursions_variant import STATES as VARIANT_STATES
from stats_tests.nist.random_excursions_variant import random_excursions_variant
from stats_tests.nist.rank import rank
from stats_tests.nist.runs import runs
from stats_tests.nist.second_level import SecondLevelResult, analyse_results
from stats_tests.nist.serial import serial
from stats_tests.nist.universal import universal

__all__ = [
    "DEFAULT_PARAMETERS",
    "EXACT_MODE_DEVIATIONS",
    "TESTS",
    "BatteryProgress",
    "BatteryResult",
    "TestSpec",
    "run_battery",
    "split_sequences",
]

TestFunction = Callable[..., NistResult]


@dataclass(frozen=True)
class TestSpec:
    """One test of the battery.

    Attributes
    ----------
    key:
        Identifier used in the API and the JSON report (``"serial"``).
    report_name:
        The name in sts-2.1.2's finalAnalysisReport (``"Serial"``).
    function:
        The test function.
    variants:
        Labels of its P-values when they are fixed (else taken from a result).
    """

    __test__ = False  # not a pytest class

    key: str
    report_name: str
    function: TestFunction
    variants: tuple[str, ...] = ()


#: The 15 tests in the order of sts-2.1.2's finalAnalysisReport.
TESTS: tuple[TestSpec, ...] = (
    TestSpec("frequency", "Frequency", frequency),
    TestSpec("block_frequency", "BlockFrequency", block_frequency),
    TestSpec("cumulative_sums", "CumulativeSums", cumulative_sums, ("forward", "reverse")),
    TestSpec("runs", "Runs", runs),
    TestSpec("longest_run", "LongestRun", longest_run),
    TestSpec("rank", "Rank", rank),
    TestSpec("dft", "FFT", dft),
    TestSpec("non_overlapping_template", "NonOverlappingTemplate", non_overlapping_templates),
    TestSpec("overlapping_template", "OverlappingTemplate", overlapping_template),
    TestSpec("universal", "Universal", universal),
    TestSpec("approximate_entropy", "ApproximateEntropy", approximate_entropy),
    TestSpec(
        "random_excursions",
        "RandomExcursions",
        random_excursions,
        tuple(f"x={x:+d}" for x in EXCURSION_STATES),
    ),
    TestSpec(
        "random_excursions_variant",
        "RandomExcursionsVariant",
        random_excursions_variant,
        tuple(f"x={x:+d}" for x in VARIANT_STATES),
    ),
    TestSpec("serial", "Serial", serial, ("p1", "p2")),
    TestSpec("linear_complexity", "LinearComplexity", linear_complexity),
)

_BY_KEY: dict[str, TestSpec] = {spec.key: spec for spec in TESTS}

#: sts-2.1.2's default parameters (those of Appendix B); the other tests take none,
#: or pick them from n (Longest Run, Universal).
DEFAULT_PARAMETERS: Mapping[str, Mapping[str, Any]] = {
    "block_frequency": {"block_size": 128},
    "non_overlapping_template": {"m": 9},
    "overlapping_template": {"m": 9},
    "approximate_entropy": {"pattern_length": 10},
    "serial": {"pattern_length": 16},
    "linear_complexity": {"block_size": 500},
}


#: Where ``Mode.EXACT`` deviates from sts-2.1.2 and Appendix B (every exact-mode report says so).
EXACT_MODE_DEVIATIONS: tuple[str, ...] = (
    "Overlapping Template: corrected class probabilities of SP 800-22 rev1a "
    "(e: 0.159032; Appendix B 0.110434 used sts-2.1.2's Pr() values)",
    "Linear Complexity: pi_0 = 1/96 instead of 0.01047 (e, M=500: 0.826202; Appendix B 0.826335)",
    "Longest Run of Ones: exact class probabilities for M = 10000 instead of the 4-decimal "
    "table (e: 0.718366; Appendix B 0.718945)",
    "Cumulative Sums: floor instead of C integer division in the summation limits",
    "Random Excursions: exact class probabilities instead of 10-digit ones",
    "Second level: P-values not rounded to 6 decimals, expected bin count m/10 and the "
    "proportion bounds not truncated to integers",
)


@dataclass(frozen=True)
class BatteryProgress:
    """What a progress callback receives.

    Attributes
    ----------
    done, total:
        (sequence, test) pairs finished, and how many there are.
    sequence:
        Index of the (last) sequence that advanced.
    test:
        Key of the test that just finished, or None when a worker process
        reports a group of sequences at once.
    """

    done: int
    total: int
    sequence: int
    test: str | None


ProgressCallback = Callable[[BatteryProgress], None]


@dataclass(frozen=True)
class BatteryResult:
    """Everything a battery run produced.

    Attributes
    ----------
    mode:
        The mode the tests and the analysis ran in.
    sequences, length:
        m sequences of n bits each.
    tests:
        Keys of the tests run, in report order.
    results:
        test key -> one result per sequence (absent for skipped tests).
    second_level:
        test key -> one :class:`SecondLevelResult` per P-value (report row).
    skipped:
        test key -> why the test could not run (e.g. sequences too short for
        SP 800-22's input-size rule).
    seconds:
        test key -> total time spent in the test over all sequences.
    parameters:
        test key -> the parameters passed.
    """

    mode: Mode
    sequences: int
    length: int
    tests: tuple[str, ...]
    results: dict[str, tuple[NistResult, ...]] = field(repr=False)
    second_level: dict[str, tuple[SecondLevelResult, ...]]
    skipped: dict[str, str]
    seconds: dict[str, float]
    parameters: dict[str, dict[str, Any]]

    @property
    def deviations(self) -> tuple[str, ...]:
        """Where this run deviates from Appendix B: :data:`EXACT_MODE_DEVIATIONS` in exact mode."""
        return EXACT_MODE_DEVIATIONS if self.mode is Mode.EXACT else ()

    @property
    def rows(self) -> tuple[SecondLevelResult, ...]:
        """All report rows, in report order."""
        return tuple(row for key in self.tests for row in self.second_level.get(key, ()))

    @property
    def passed(self) -> bool | None:
        """True when every row passes (rows with no applicable sequence are ignored).

        None when no row could be judged.
        """
        verdicts = [row.passed for row in self.rows if row.passed is not None]
        if not verdicts:
            return None
        return all(verdicts)


def split_sequences(bits: Any, length: int, streams: int | None = None) -> Bits:
    """Cut a bit array into ``streams`` sequences of ``length`` bits (a 2-D array).

    Without ``streams``, as many whole sequences as the bits hold. Raises
    InsufficientDataError when there are fewer bits than streams * length.
    """
    array = as_bits(bits)
    if isinstance(length, bool) or not isinstance(length, int) or length < 1:
        raise InvalidParameterError(f"length must be a positive int, got {length!r}")
    available = int(array.size) // length
    if streams is None:
        streams = available
        if streams == 0:
            raise InsufficientDataError(
                f"{array.size} bits do not hold one sequence of length {length}"
            )
    if isinstance(streams, bool) or not isinstance(streams, int) or streams < 1:
        raise InvalidParameterError(f"streams must be a positive int, got {streams!r}")
    if streams > available:
        raise InsufficientDataError(
            f"{streams} sequences of {length} bits need {streams * length} bits; "
            f"got {array.size} (enough for {available})"
        )
    return array[: streams * length].reshape(streams, length)


def _as_matrix(sequences: Any) -> Bits:
    if isinstance(sequences, np.ndarray) and sequences.ndim == 2:
        matrix = sequences
    elif isinstance(sequences, np.ndarray):
        raise InvalidInputError(
            f"run_battery takes an (m, n) array of sequences, got shape {sequences.shape}; "
            "split_sequences cuts one stream into sequences"
        )
    else:
        rows = [as_bits(s) for s in sequences]
        if not rows:
            raise InvalidInputError("run_battery needs at least one sequence")
        lengths = {r.size for r in rows}
        if len(lengths) != 1:
            raise InvalidInputError(
                f"all sequences must have the same length; got lengths {sorted(lengths)}"
            )
        matrix = np.stack(rows)
    if matrix.shape[0] == 0 or matrix.shape[1] == 0:
        raise InvalidInputError(f"run_battery needs a non-empty m x n array, got {matrix.shape}")
    flat = as_bits(matrix.reshape(-1))
    return flat.reshape(matrix.shape)


#: Refusals that skip a test (input shorter than its SP 800-22 rule); bad parameters raise.
_SKIPPABLE = (InsufficientDataError,)

#: Sequences run together: Linear Complexity's Berlekamp-Massey step is about twice as
#: fast per block with a few thousand blocks at once (the other tests run one by one).
CHUNK = 8

#: Tests with a function over an (m, n) array of sequences.
_BATCHED: dict[str, Callable[..., Sequence[NistResult]]] = {
    "linear_complexity": linear_complexity_batch,
}

_Outcome = tuple[int, list[dict[str, NistResult | str]], dict[str, float]]


def _run_chunk(
    first: int,
    chunk: Bits,
    keys: tuple[str, ...],
    mode: Mode,
    strict: bool,
    parameters: Mapping[str, Mapping[str, Any]],
    report: Callable[[str, int, int], None] | None = None,
) -> _Outcome:
    """Run the chosen tests on consecutive sequences; a test that refuses the input gives its
    message instead of a result. ``report(test, last_sequence, how_many)`` follows progress."""
    outcomes: list[dict[str, NistResult | str]] = [{} for _ in range(chunk.shape[0])]
    seconds: dict[str, float] = {}
    for key in keys:
        kwargs = dict(parameters.get(key, {}))
        start = time.perf_counter()
        batched = _BATCHED.get(key)
        if batched is not None:
            try:
                results: list[NistResult | str] = list(
                    batched(chunk, mode=mode, strict=strict, **kwargs)
                )
            except _SKIPPABLE as exc:
                results = [str(exc)] * chunk.shape[0]
            for outcome, result in zip(outcomes, results, strict=True):
                outcome[key] = result
            if report is not None:
                report(key, first + chunk.shape[0] - 1, chunk.shape[0])
        else:
            function = _BY_KEY[key].function
            for offset, outcome in enumerate(outcomes):
                try:
                    outcome[key] = function(chunk[offset], mode=mode, strict=strict, **kwargs)
                except _SKIPPABLE as exc:
                    outcome[key] = str(exc)
                if report is not None:
                    report(key, first + offset, 1)
        seconds[key] = time.perf_counter() - start
    return first, outcomes, seconds


def _variants(spec: TestSpec, results: Sequence[NistResult]) -> tuple[str, ...] | None:
    if spec.variants:
        return spec.variants
    for result in results:
        templates = getattr(result, "templates", None)
        if templates is not None and result.applicable:
            return tuple(str(t) for t in templates)
    return None


def run_battery(
    sequences: Any,
    *,
    mode: Mode | str = Mode.STS,
    tests: Sequence[str] | None = None,
    parameters: Mapping[str, Mapping[str, Any]] | None = None,
    strict: bool = True,
    alpha: float = ALPHA,
    jobs: int = 1,
    progress: ProgressCallback | None = None,
) -> BatteryResult:
    """Run the SP 800-22 battery over m sequences and analyse the P-values.

    Parameters
    ----------
    sequences:
        An (m, n) array of 0/1, or a sequence of m equal-length bit arrays
        (see :func:`split_sequences` to cut one long stream).
    mode:
        ``STS`` (sts-2.1.2 and Appendix B, quirks included, and assess.c's
        second-level arithmetic) or ``EXACT``.
    tests:
        Keys of the tests to run (default all 15, see :data:`TESTS`).
    parameters:
        test key -> keyword arguments, on top of :data:`DEFAULT_PARAMETERS`.
    strict:
        Passed to every test: apply SP 800-22's input-size recommendations. A
        test that refuses the sequences as too short is reported in
        ``skipped``; the others still run. Bad parameters raise.
    alpha:
        Significance level for the second-level analysis.
    jobs:
        Worker processes, each taking groups of :data:`CHUNK` sequences; 1
        (default) runs everything in this process.
    progress:
        Called as the run advances: after each test on each sequence (Linear
        Complexity: on each group of :data:`CHUNK` sequences); with
        ``jobs > 1``, after each group of sequences.

    Returns
    -------
    BatteryResult

    References
    ----------
    .. [1] NIST SP 800-22 rev1a, sections 2, 4 and 5; sts-2.1.2.
    """
    chosen_mode = as_mode(mode)
    matrix = _as_matrix(sequences)
    count, length = matrix.shape
    keys = tuple(spec.key for spec in TESTS) if tests is None else tuple(tests)
    unknown = [k for k in keys if k not in _BY_KEY]
    if unknown:
        raise InvalidParameterError(f"unknown test(s) {unknown}; choose from {', '.join(_BY_KEY)}")
    if len(set(keys)) != len(keys):
        raise InvalidParameterError(f"tests lists a test twice: {list(keys)}")
    keys = tuple(spec.key for spec in TESTS if spec.key in keys)  # report order
    merged: dict[str, dict[str, Any]] = {k: dict(DEFAULT_PARAMETERS.get(k, {})) for k in keys}
    for key, extra in (parameters or {}).items():
        if key not in _BY_KEY:
            raise InvalidParameterError(f"parameters for unknown test {key!r}")
        if key in merged:
            merged[key].update(extra)
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise InvalidParameterError(f"jobs must be a positive int, got {jobs!r}")

    total = count * len(keys)
    done = 0
    outcomes: list[dict[str, NistResult | str]] = [{} for _ in range(count)]
    seconds = {k: 0.0 for k in keys}

    def collect(outcome: _Outcome) -> None:
        first, results, spent = outcome
        outcomes[first : first + len(results)] = results
        for key, value in spent.items():
            seconds[key] += value

    def report(key: str, sequence: int, amount: int) -> None:
        nonlocal done
        done += amount
        if progress is not None:
            progress(BatteryProgress(done, total, sequence, key))

    starts = range(0, count, CHUNK)
    if jobs == 1 or count <= CHUNK:
        for first in starts:
            chunk = matrix[first : first + CHUNK]
            collect(_run_chunk(first, chunk, keys, chosen_mode, strict, merged, report))
    else:
        with ProcessPoolExecutor(max_workers=min(jobs, len(starts))) as pool:
            futures = [
                pool.submit(
                    _run_chunk,
                    first,
                    np.array(matrix[first : first + CHUNK]),
                    keys,
                    chosen_mode,
                    strict,
                    merged,
                )
                for first in starts
            ]
            for future in as_completed(futures):
                outcome = future.result()
                collect(outcome)
                size = len(outcome[1])
                done += size * len(keys)
                if progress is not None:
                    progress(BatteryProgress(done, total, outcome[0] + size - 1, None))

    results: dict[str, tuple[NistResult, ...]] = {}
    second_level: dict[str, tuple[SecondLevelResult, ...]] = {}
    skipped: dict[str, str] = {}
    for key in keys:
        column = [outcomes[i][key] for i in range(count)]
        refusal = next((item for item in column if isinstance(item, str)), None)
        if refusal is not None:
            skipped[key] = refusal
            continue
        per_sequence = tuple(item for item in column if not isinstance(item, str))
        results[key] = per_sequence
        second_level[key] = analyse_results(
            per_sequence,
            variants=_variants(_BY_KEY[key], per_sequence),
            mode=chosen_mode,
            alpha=alpha,
        )
    return BatteryResult(
        mode=chosen_mode,
        sequences=count,
        length=length,
        tests=keys,
        results=results,
        second_level=second_level,
        skipped=skipped,
        seconds=seconds,
        parameters=merged,
    )
