"""Second-level analysis of SP 800-22 P-values over many sequences (section 4.2).

For each P-value a test produces (one row of NIST's finalAnalysisReport), over
the m sequences tested:

* the **proportion** of passing sequences (P >= alpha) must lie in
  (1 - alpha) +- 3 sqrt(alpha (1 - alpha) / m)  (section 4.2.1);
* the P-values must be **uniform**: a 10-bin chi-square, P_T = igamc(9/2, chi^2/2),
  flagged below 0.0001 (section 4.2.2).

``Mode.STS`` reproduces sts-2.1.2's ``assess`` (``computeMetrics`` in assess.c)
to the bit: each P-value is printed with ``%f`` and read back into a C
``float``; bin = floor(10 P), P = 1 in bin 9; the expected count per bin is the
*integer* m / 10; the proportion bounds are truncated to ints; the uniformity
P-value is not computed with fewer than 10 sequences; for the excursion tests
only sequences with a P-value above 0.000000 count. ``Mode.EXACT`` uses the
P-values as they are, the real expected count m / 10 and the real bounds.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import special

from stats_tests.errors import InvalidParameterError
from stats_tests.nist._common import ALPHA, Mode, NistResult, as_mode

__all__ = [
    "BINS",
    "EXCURSION_TESTS",
    "MIN_SEQUENCES_FOR_UNIFORMITY",
    "UNIFORMITY_THRESHOLD",
    "SecondLevelResult",
    "analyse_pvalues",
    "analyse_results",
    "sts_reread",
]

#: Histogram bins C1..C10 (section 4.2.2).
BINS = 10

#: Uniformity P-values below this are flagged (section 4.2.2; assess.c).
UNIFORMITY_THRESHOLD = 0.0001

#: With fewer sequences assess prints "----" (its integer expected count is 0).
MIN_SEQUENCES_FOR_UNIFORMITY = 10

#: Tests whose sequences count only when applicable (assess: only P-values > 0).
EXCURSION_TESTS = frozenset({"Random Excursions", "Random Excursions Variant"})


#: How far outside [0, 1] a P-value may be from rounding alone.
_SLACK = 1e-9


def sts_reread(pvalue: float) -> float:
    """A P-value as assess sees it: written with ``%f``, read back into a C float.

    The decimal is parsed to a double and then rounded to float32. That equals
    C's direct ``strtof`` for every 6-decimal value: none lies within half a
    double ulp of a point halfway between two floats, so the two roundings
    cannot disagree.
    """
    return float(np.float32(float(f"{pvalue:.6f}")))


@dataclass(frozen=True)
class SecondLevelResult:
    """Proportion and uniformity of one P-value over m sequences (one report row).

    Attributes
    ----------
    name:
        The test's name (e.g. ``"Serial"``).
    variant:
        Which of the test's P-values (e.g. ``"p1"``, ``"B=000000001"``,
        ``"x=-4"``); empty for single-P-value tests.
    mode:
        ``STS`` (assess.c arithmetic) or ``EXACT``.
    alpha:
        The significance level of each sequence's test.
    sample_size:
        Sequences counted (for the excursion tests, only applicable ones).
    histogram:
        C1..C10: P-values in [0, 0.1), [0.1, 0.2), ..., [0.9, 1].
    expected_count:
        Expected sequences per bin (an int in ``STS`` mode).
    uniformity_statistic, uniformity_pvalue:
        chi^2 and igamc(9/2, chi^2/2); None when not computed (fewer than
        :data:`MIN_SEQUENCES_FOR_UNIFORMITY` sequences).
    passed_count:
        Sequences with P >= alpha.
    proportion_bounds:
        (1 - alpha) -+ 3 sqrt(alpha (1 - alpha) / m) as proportions; None if m = 0.
    min_passed, max_passed:
        The passing counts allowed: assess's truncated ints in ``STS`` mode,
        the counts inside the real bounds in ``EXACT`` mode; None if m = 0.
    """

    name: str
    variant: str
    mode: Mode
    alpha: float
    sample_size: int
    histogram: tuple[int, ...]
    expected_count: float
    uniformity_statistic: float | None
    uniformity_pvalue: float | None
    passed_count: int
    proportion_bounds: tuple[float, float] | None
    min_passed: int | None
    max_passed: int | None

    @property
    def label(self) -> str:
        """``name`` and ``variant`` together, e.g. ``"Serial p1"``."""
        return f"{self.name} {self.variant}" if self.variant else self.name

    @property
    def proportion(self) -> float | None:
        """Passing sequences / sample size; None when no sequence counted."""
        return self.passed_count / self.sample_size if self.sample_size else None

    @property
    def uniformity_computed(self) -> bool:
        return self.uniformity_pvalue is not None

    @property
    def uniformity_ok(self) -> bool | None:
        """False when P_T < 0.0001; None when not computed."""
        if self.uniformity_pvalue is None:
            return None
        return self.uniformity_pvalue >= UNIFORMITY_THRESHOLD

    @property
    def proportion_ok(self) -> bool | None:
        """Whether the passing count is within the bounds; None when no sequence counted."""
        if self.min_passed is None or self.max_passed is None:
            return None
        return self.min_passed <= self.passed_count <= self.max_passed

    @property
    def passed(self) -> bool | None:
        """The row's verdict: proportion in bounds and uniformity not flagged.

        None when no sequence counted (e.g. every sequence had too few cycles
        for the excursion tests).
        """
        proportion_ok = self.proportion_ok
        if proportion_ok is None:
            return None
        return proportion_ok and self.uniformity_ok is not False

    @property
    def verdict(self) -> str:
        """``"pass"``, ``"fail"`` or ``"not applicable"``."""
        passed = self.passed
        if passed is None:
            return "not applicable"
        return "pass" if passed else "fail"


def _check_alpha(alpha: float) -> float:
    value = float(alpha)
    if not 0.0 < value < 1.0:
        raise InvalidParameterError(f"alpha={alpha!r} is outside (0, 1)")
    return value


def analyse_pvalues(
    pvalues: Iterable[float | None],
    *,
    name: str = "",
    variant: str = "",
    mode: Mode | str = Mode.STS,
    alpha: float = ALPHA,
    excursion: bool | None = None,
) -> SecondLevelResult:
    """Second-level analysis of one P-value over many sequences (SP 800-22 section 4.2).

    Parameters
    ----------
    pvalues:
        One P-value per sequence; None for a sequence where the test was not
        applicable (it is not counted).
    name, variant:
        Labels for the report row.
    mode:
        ``STS``: assess.c's arithmetic (see the module docstring). ``EXACT``:
        real-valued expected count and bounds, P-values as given.
    alpha:
        The first-level significance level (0.01).
    excursion:
        Count only P-values above 0.000000 as printed, like assess does for
        the excursion tests (``STS`` mode only). Default: whether ``name`` is
        one of :data:`EXCURSION_TESTS`.

    Returns
    -------
    SecondLevelResult

    References
    ----------
    .. [1] NIST SP 800-22 rev1a, section 4.2 (and sts-2.1.2 assess.c, computeMetrics).
    """
    mode = as_mode(mode)
    alpha = _check_alpha(alpha)
    if excursion is None:
        excursion = name in EXCURSION_TESTS
    values: list[float] = []
    for p in pvalues:
        if p is None:
            continue
        p = float(p)
        if not -_SLACK <= p <= 1.0 + _SLACK:  # also rejects NaN
            raise InvalidParameterError(f"P-value {p!r} of {name or 'a test'} is outside [0, 1]")
        p = min(max(p, 0.0), 1.0)  # rounding can leave a P-value 1e-16 outside
        if mode is Mode.STS:
            p = sts_reread(p)
            if excursion and not p > 0.0:
                continue
        values.append(p)
    size = len(values)
    histogram = [0] * BINS
    for p in values:
        histogram[min(math.floor(p * BINS), BINS - 1)] += 1
    passed_count = sum(1 for p in values if not p < alpha)
    expected: float = size // BINS if mode is Mode.STS else size / BINS
    chi2: float | None = None
    uniformity: float | None = None
    if size >= MIN_SEQUENCES_FOR_UNIFORMITY:
        chi2 = sum((count - expected) ** 2 / expected for count in histogram)
        uniformity = float(special.gammaincc(9.0 / 2.0, chi2 / 2.0))
    bounds: tuple[float, float] | None = None
    min_passed: int | None = None
    max_passed: int | None = None
    if size:
        p_hat = 1.0 - alpha
        half = 3.0 * math.sqrt((p_hat * alpha) / size)
        bounds = (p_hat - half, p_hat + half)
        if mode is Mode.STS:
            # assess.c: int proportion_threshold_{min,max} = (p_hat -+ 3 sqrt(...)) * sampleSize
            min_passed = int(bounds[0] * size)
            max_passed = int(bounds[1] * size)
        else:
            min_passed = max(0, math.ceil(bounds[0] * size))
            max_passed = min(size, math.floor(bounds[1] * size))
    return SecondLevelResult(
        name=name,
        variant=variant,
        mode=mode,
        alpha=alpha,
        sample_size=size,
        histogram=tuple(histogram),
        expected_count=expected,
        uniformity_statistic=chi2,
        uniformity_pvalue=uniformity,
        passed_count=passed_count,
        proportion_bounds=bounds,
        min_passed=min_passed,
        max_passed=max_passed,
    )


def analyse_results(
    results: Sequence[NistResult],
    *,
    variants: Sequence[str] | None = None,
    mode: Mode | str | None = None,
    alpha: float = ALPHA,
) -> tuple[SecondLevelResult, ...]:
    """Second-level analysis of one test run over many sequences: one row per P-value.

    Parameters
    ----------
    results:
        The test's result for each sequence (all of the same test). Results
        that are not applicable count for no row.
    variants:
        A label for each P-value (e.g. ``("p1", "p2")``); it also fixes the
        number of rows when no sequence was applicable.
    mode:
        Default: the mode of the results.
    alpha:
        The first-level significance level.

    Returns
    -------
    tuple of SecondLevelResult
    """
    if not results:
        raise InvalidParameterError("analyse_results needs at least one result")
    name = results[0].name
    others = {r.name for r in results} - {name}
    if others:
        raise InvalidParameterError(
            f"analyse_results takes results of one test; got {name!r} and {sorted(others)!r}"
        )
    chosen = as_mode(mode) if mode is not None else results[0].mode
    widths = {len(r.pvalues) for r in results if r.applicable}
    if len(widths) > 1:
        raise InvalidParameterError(
            f"{name} results have different numbers of P-values: {sorted(widths)}"
        )
    count = widths.pop() if widths else (len(variants) if variants is not None else 1)
    labels = list(variants) if variants is not None else [""] * count
    if count == 1 and variants is None:
        labels = [""]
    elif len(labels) != count:
        raise InvalidParameterError(
            f"{name} has {count} P-values per sequence but {len(labels)} variants were given"
        )
    rows = []
    for index in range(count):
        column = [r.pvalues[index] if r.applicable else None for r in results]
        rows.append(
            analyse_pvalues(column, name=name, variant=labels[index], mode=chosen, alpha=alpha)
        )
    return tuple(rows)
