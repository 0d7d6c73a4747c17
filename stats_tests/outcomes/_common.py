"""What the outcome and shuffle tests share: result objects, input checks, pooling.

Every test is a pure function over a 1-D numpy integer array (outcomes in
``[0, k)``) or an ``(N, n)`` array of permutations, and returns a frozen result
deriving from :class:`TestResult`. The result carries the statistic, the
P-value, the null distribution it was read from, the parameters and, for
chi-square tests, the observed and expected cell counts.

A test raises :class:`~stats_tests.errors.InsufficientDataError` when the sample
is below the size at which its null distribution holds (it never returns a
P-value then), :class:`~stats_tests.errors.InvalidParameterError` for a
parameter outside its range, and :class:`~stats_tests.errors.InvalidInputError`
for data that is not of the expected form.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import stats

from stats_tests.errors import InsufficientDataError, InvalidInputError, InvalidParameterError

__all__ = [
    "ALPHA",
    "MIN_EXPECTED",
    "ChiSquareResult",
    "Ints",
    "NormalResult",
    "TestResult",
    "as_outcomes",
    "chi_square_counts",
    "frozen_array",
    "normal_result",
    "pool_cells",
    "require_int",
]

#: Default significance level (25 CFR 547.14: "99 percent confidence level").
ALPHA = 0.01

#: Smallest expected count per chi-square cell (Cochran's rule, as in Knuth 3.3.2).
MIN_EXPECTED = 5.0

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]


def frozen_array(array: npt.ArrayLike, dtype: Any) -> Any:
    """A read-only copy of ``array`` (results are immutable)."""
    out = np.array(array, dtype=dtype, copy=True)
    out.setflags(write=False)
    return out


@dataclass(frozen=True, eq=False, kw_only=True)
class TestResult:
    """Base of every outcome and shuffle test's result.

    Attributes
    ----------
    name:
        The test's name (e.g. ``"Gap"``).
    statistic:
        The test statistic (chi-square, z, or the KS distance).
    pvalue:
        The P-value under the null hypothesis of independent uniform draws
        (or uniform random permutations).
    n:
        The number of observations the statistic was computed from (values,
        groups, gaps, segments or shuffles; see the test's docstring).
    distribution:
        The null distribution the P-value was read from, e.g. ``"chi2(36)"``.
    parameters:
        The parameters used, name -> value.
    """

    __test__ = False  # not a pytest test class, despite the name

    name: str
    statistic: float
    pvalue: float
    n: int
    distribution: str
    parameters: Mapping[str, Any] = field(default_factory=dict)

    def passed(self, alpha: float = ALPHA) -> bool:
        """True when the P-value is at least ``alpha``."""
        if not 0.0 < alpha < 1.0:
            raise InvalidParameterError(f"alpha={alpha!r} is outside (0, 1)")
        return self.pvalue >= alpha


@dataclass(frozen=True, eq=False, kw_only=True)
class ChiSquareResult(TestResult):
    """Result of a chi-square goodness-of-fit test.

    Attributes
    ----------
    df:
        Degrees of freedom.
    observed, expected:
        Observed and expected counts per (pooled) cell; read-only arrays.
    cells:
        A label per (pooled) cell, e.g. ``"0"``, ``"3..5"`` or ``">=12"``.
    """

    df: int
    observed: Ints
    expected: Floats
    cells: tuple[str, ...]


@dataclass(frozen=True, eq=False, kw_only=True)
class NormalResult(TestResult):
    """Result of a z-test: a statistic compared to its exact null mean and variance.

    Attributes
    ----------
    estimate:
        The observed value of the quantity tested (a mean or a coefficient).
    expected:
        Its exact mean under the null hypothesis.
    std_error:
        Its exact standard deviation under the null hypothesis; ``statistic``
        is ``(estimate - expected) / std_error`` and the P-value is two-sided.
    """

    estimate: float
    expected: float
    std_error: float


def require_int(test: str, name: str, value: Any, low: int, high: int | None = None) -> int:
    """Return ``value`` as an int, or raise InvalidParameterError naming it and its range."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise InvalidParameterError(f"{test}: {name} must be an int, got {value!r}")
    if value < low or (high is not None and value > high):
        allowed = f"{low} .. {high}" if high is not None else f">= {low}"
        raise InvalidParameterError(f"{test}: {name}={value} is outside {allowed}")
    return int(value)


def as_outcomes(test: str, values: Any, k: Any, *, max_k: int = 2**32) -> tuple[Ints, int]:
    """Check ``values`` is a 1-D integer array with entries in ``[0, k)``; return it as int64."""
    k = require_int(test, "k", k, 2, max_k)
    array = np.asarray(values)
    if array.ndim != 1:
        raise InvalidInputError(f"{test}: values must be one-dimensional, got shape {array.shape}")
    if array.dtype == np.bool_ or not np.issubdtype(array.dtype, np.integer):
        raise InvalidInputError(f"{test}: values must be integers, got dtype {array.dtype}")
    if array.size:
        low, high = int(array.min()), int(array.max())
        if low < 0 or high >= k:
            bad = low if low < 0 else high
            raise InvalidInputError(f"{test}: value {bad} is outside [0, {k}) (k={k})")
    return np.ascontiguousarray(array, dtype=np.int64), k


def pool_cells(expected: Sequence[float] | Floats, minimum: float = MIN_EXPECTED) -> Ints:
    """Group adjacent cells so that every group's expected count is at least ``minimum``.

    Cells are scanned left to right and a group is closed as soon as its
    expected count reaches ``minimum``; a short remainder at the right end joins
    the last group. The grouping depends only on the expected counts, never on
    the data, so the chi-square distribution of the pooled statistic holds.

    Returns the group index of every cell.
    """
    exp = np.asarray(expected, dtype=np.float64)
    labels = np.empty(exp.size, dtype=np.int64)
    group, acc = 0, 0.0
    for i, e in enumerate(exp):  # loops over cells (a few hundred at most), not samples
        labels[i] = group
        acc += float(e)
        if acc >= minimum:
            group, acc = group + 1, 0.0
    if exp.size and acc < minimum and group > 0 and labels[-1] == group:
        labels[labels == group] = group - 1
    return labels


def _cell_labels(names: Sequence[str], labels: Ints) -> tuple[str, ...]:
    out: list[str] = []
    for g in range(int(labels.max()) + 1 if labels.size else 0):
        members = np.flatnonzero(labels == g)
        first, last = names[members[0]], names[members[-1]]
        out.append(first if first == last else f"{first}..{last}")
    return tuple(out)


def chi_square_counts(
    name: str,
    observed: npt.ArrayLike,
    probabilities: Sequence[float | Fraction] | Floats,
    *,
    n: int,
    cells: Sequence[str],
    parameters: Mapping[str, Any],
    pool: bool,
    minimum_note: str,
    ddof: int = 0,
) -> ChiSquareResult:
    """Pearson chi-square of ``observed`` counts against ``n * probabilities``.

    With ``pool`` adjacent cells are grouped by :func:`pool_cells`; without it
    every expected count must already be at least :data:`MIN_EXPECTED`.
    Raises InsufficientDataError (with ``minimum_note``) when fewer than two
    cells remain or a cell's expected count is below the minimum.
    """
    obs = np.asarray(observed, dtype=np.int64)
    probs = np.array([float(p) for p in probabilities], dtype=np.float64)
    expected = n * probs
    if pool:
        labels = pool_cells(expected)
        groups = int(labels.max()) + 1 if labels.size else 0
        if groups < 2 or float(np.bincount(labels, weights=expected).min()) < MIN_EXPECTED:
            raise InsufficientDataError(
                f"{name}: fewer than 2 cells reach an expected count of {MIN_EXPECTED:g} "
                f"with n={n} ({minimum_note})"
            )
        obs = np.asarray(np.bincount(labels, weights=obs, minlength=groups), dtype=np.int64)
        expected = np.asarray(
            np.bincount(labels, weights=expected, minlength=groups), dtype=np.float64
        )
        labels_out = _cell_labels(cells, labels)
    else:
        smallest = float(expected.min())
        if smallest < MIN_EXPECTED:
            raise InsufficientDataError(
                f"{name}: smallest expected cell count is {smallest:.3g} < {MIN_EXPECTED:g} "
                f"with n={n} ({minimum_note})"
            )
        labels_out = tuple(cells)
    statistic = float(np.sum((obs - expected) ** 2 / expected))
    df = expected.size - 1 - ddof
    return ChiSquareResult(
        name=name,
        statistic=statistic,
        pvalue=float(stats.chi2.sf(statistic, df)),
        n=n,
        distribution=f"chi2({df})",
        parameters=dict(parameters),
        df=df,
        observed=frozen_array(obs, np.int64),
        expected=frozen_array(expected, np.float64),
        cells=labels_out,
    )


def normal_result(
    name: str,
    *,
    estimate: float,
    expected: float,
    variance: float,
    n: int,
    parameters: Mapping[str, Any],
) -> NormalResult:
    """Two-sided z-test of ``estimate`` against its exact null mean and variance."""
    std_error = math.sqrt(variance)
    z = (estimate - expected) / std_error
    return NormalResult(
        name=name,
        statistic=float(z),
        pvalue=float(min(1.0, 2.0 * stats.norm.sf(abs(z)))),
        n=n,
        distribution="normal(0, 1), two-sided",
        parameters=dict(parameters),
        estimate=float(estimate),
        expected=float(expected),
        std_error=float(std_error),
    )
