"""Chi-square goodness of fit of integer outcomes against given cell probabilities."""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from stats_tests.errors import InsufficientDataError, InvalidParameterError
from stats_tests.outcomes._common import (
    MIN_EXPECTED,
    ChiSquareResult,
    as_outcomes,
    chi_square_counts,
)

__all__ = ["PROBABILITY_TOLERANCE", "chi_square_test"]

_NAME = "Chi-square"

#: How far a sum of float probabilities may be from 1 (Fractions must sum to 1 exactly).
PROBABILITY_TOLERANCE = 1e-9


def _check_probabilities(probabilities: Sequence[Any]) -> list[Fraction | float]:
    probs: list[Fraction | float] = []
    exact = True
    for i, p in enumerate(probabilities):
        if isinstance(p, bool) or not isinstance(
            p, int | float | Fraction | np.integer | np.floating
        ):
            raise InvalidParameterError(
                f"{_NAME}: probabilities[{i}]={p!r} must be a Fraction, int or float"
            )
        value: Fraction | float
        if isinstance(p, Fraction | int | np.integer):
            value = Fraction(int(p)) if not isinstance(p, Fraction) else p
        else:
            exact = False
            value = float(p)
            if not math.isfinite(value):
                raise InvalidParameterError(f"{_NAME}: probabilities[{i}]={p!r} is not finite")
        if value <= 0:
            raise InvalidParameterError(
                f"{_NAME}: probabilities[{i}]={p!r} must be > 0 (leave impossible outcomes out)"
            )
        probs.append(value)
    if exact:
        total = sum(probs, Fraction(0))
        if total != 1:
            raise InvalidParameterError(f"{_NAME}: probabilities sum to {total}, not exactly 1")
    else:
        total_f = math.fsum(float(p) for p in probs)
        if abs(total_f - 1.0) > PROBABILITY_TOLERANCE:
            raise InvalidParameterError(
                f"{_NAME}: probabilities sum to {total_f!r}, not 1 "
                f"(within {PROBABILITY_TOLERANCE:g})"
            )
    return probs


def chi_square_test(
    values: Any,
    k: int | None = None,
    *,
    probabilities: Sequence[Fraction | float] | None = None,
) -> ChiSquareResult:
    r"""Pearson chi-square goodness of fit of outcomes in ``[0, k)``.

    Counts how often each value ``0 .. k-1`` occurs and compares the counts to
    ``n * probabilities`` (uniform ``1/k`` when ``probabilities`` is omitted):
    :math:`X^2 = \sum_i (O_i - E_i)^2 / E_i`, asymptotically chi-square with
    ``k - 1`` degrees of freedom.

    Parameters
    ----------
    values:
        1-D integer array of outcomes in ``[0, k)``.
    k:
        Number of possible outcomes (>= 2). May be omitted when
        ``probabilities`` is given; it must then equal ``len(probabilities)``.
    probabilities:
        Probability of every outcome ``0 .. k-1``, each > 0. Exact
        :class:`~fractions.Fraction` (or int) values must sum to exactly 1;
        if any is a float the sum must be within :data:`PROBABILITY_TOLERANCE`
        of 1.

    Returns
    -------
    ChiSquareResult
        ``statistic`` X^2, ``pvalue`` from chi2(k - 1), ``observed`` and
        ``expected`` per value.

    Raises
    ------
    InsufficientDataError
        When an expected count ``n * p_i`` is below 5 (the chi-square
        approximation's usual rule): needs ``n >= 5 / min(p_i)`` values.
    InvalidParameterError
        For ``k < 2``, probabilities that are not positive or do not sum to 1,
        or a ``k`` that disagrees with ``len(probabilities)``.

    References
    ----------
    .. [1] D. E. Knuth, *The Art of Computer Programming*, vol. 2, 3rd ed.,
       §3.3.1 B (the chi-square test), 1997.
    .. [2] W. G. Cochran, "Some methods for strengthening the common chi-square
       tests", *Biometrics* 10(4), 417-451, 1954 (the expected-count rule).
    """
    if probabilities is None:
        if k is None:
            raise InvalidParameterError(f"{_NAME}: give k or probabilities (both are None)")
        arr, k = as_outcomes(_NAME, values, k)
        smallest = 1.0 / k
        need = int(MIN_EXPECTED) * k
    else:
        probs = _check_probabilities(probabilities)
        if k is not None and k != len(probs):
            raise InvalidParameterError(f"{_NAME}: k={k} but {len(probs)} probabilities were given")
        arr, k = as_outcomes(_NAME, values, len(probs))
        smallest = min(float(p) for p in probs)
        need = math.ceil(MIN_EXPECTED / smallest)
    n = int(arr.size)
    note = f"needs n >= {need} so that every n*p_i >= {MIN_EXPECTED:g}"
    if n * smallest < MIN_EXPECTED:  # before tabulating: k may be huge
        raise InsufficientDataError(
            f"{_NAME}: smallest expected cell count is {n * smallest:.3g} < {MIN_EXPECTED:g} "
            f"with n={n} ({note})"
        )
    observed = np.bincount(arr, minlength=k)
    return chi_square_counts(
        _NAME,
        observed,
        np.full(k, 1.0 / k) if probabilities is None else probs,
        n=n,
        cells=[str(i) for i in range(k)],
        parameters={"k": k, "uniform": probabilities is None},
        pool=False,
        minimum_note=note,
    )
