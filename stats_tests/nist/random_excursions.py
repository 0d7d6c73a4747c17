"""The random excursions test, SP 800-22 rev1a section 2.14 (and the walk it shares)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import special

from stats_tests.errors import InvalidInputError
from stats_tests.nist._common import (
    Bits,
    Mode,
    NistResult,
    checked_input,
    require_parameter,
)

__all__ = [
    "STATES",
    "RandomExcursionsResult",
    "RandomWalk",
    "class_probabilities",
    "excursion_statistic",
    "excursion_walk",
    "minimum_cycles",
    "random_excursions",
    "random_walk",
    "visits_near_zero",
]

_NAME = "Random Excursions"
_SOURCE = "SP 800-22 §2.14.7"

#: SP 800-22 sections 2.14.7 and 2.15.7: recommended minimum n.
RECOMMENDED_N = 1_000_000

#: The states whose visits are counted, in sts-2.1.2's order.
STATES: tuple[int, ...] = (-4, -3, -2, -1, 1, 2, 3, 4)

#: sts-2.1.2 randomExcursions.c: pi_k(x) for |x| = 1..4, k = 0..5 (10 digits).
_STS_PI: dict[int, tuple[float, ...]] = {
    1: (0.5000000000, 0.25000000000, 0.12500000000, 0.06250000000, 0.03125000000, 0.0312500000),
    2: (0.7500000000, 0.06250000000, 0.04687500000, 0.03515625000, 0.02636718750, 0.0791015625),
    3: (0.8333333333, 0.02777777778, 0.02314814815, 0.01929012346, 0.01607510288, 0.0803755143),
    4: (0.8750000000, 0.01562500000, 0.01367187500, 0.01196289063, 0.01046752930, 0.0732727051),
}


def _exact_pi(x: int) -> tuple[float, ...]:
    """SP 800-22 section 3.14: P(a cycle visits x exactly k times), k = 0..4, and k >= 5."""
    a = abs(x)
    stay = 1 - Fraction(1, 2 * a)
    probs = [1 - Fraction(1, 2 * a)]
    probs += [Fraction(1, 4 * a * a) * stay ** (k - 1) for k in range(1, 5)]
    probs.append(Fraction(1, 2 * a) * stay**4)
    return tuple(float(p) for p in probs)


_EXACT_PI: dict[int, tuple[float, ...]] = {a: _exact_pi(a) for a in range(1, 5)}


def class_probabilities(x: int, mode: Mode = Mode.STS) -> tuple[float, ...]:
    """pi_0(x) .. pi_5(x) of the mode (sts-2.1.2's 10-digit table, or exact fractions)."""
    table = _STS_PI if mode is Mode.STS else _EXACT_PI
    return table[abs(x)]


def minimum_cycles(n: int) -> float:
    """max(0.005 sqrt(n), 500): fewer cycles make both excursion tests not applicable."""
    return max(0.005 * math.sqrt(n), 500.0)


@dataclass(frozen=True)
class RandomWalk:
    """The +-1 walk S_1..S_n of a sequence and its number of cycles J."""

    partial_sums: npt.NDArray[np.int32]
    cycles: int
    zeros: npt.NDArray[np.intp]


def random_walk(bits: Bits) -> RandomWalk:
    """Partial sums of 2 eps - 1 and J = zero crossings, plus one if S_n != 0 (section 2.14.4)."""
    if bits.size >= 2**31:
        raise InvalidInputError(f"the random walk needs fewer than 2**31 bits, got {bits.size}")
    steps = bits.view(np.int8) * np.int8(2) - np.int8(1)
    sums = np.cumsum(steps, dtype=np.int32)
    zeros = np.flatnonzero(sums == 0)
    cycles = int(zeros.size) + (1 if sums.size and sums[-1] != 0 else 0)
    return RandomWalk(partial_sums=sums, cycles=cycles, zeros=zeros)


def excursion_walk(
    test: str,
    bits: Any,
    mode: Mode | str,
    *,
    min_cycles: float | None,
    strict: bool,
    source: str,
) -> tuple[Mode, int, float, RandomWalk]:
    """What both excursion tests (sections 2.14 and 2.15) do first: mode, n, threshold, walk.

    Checks the input (n >= 1, or the recommended 10**6 with ``strict``; the
    rule quoted from ``source``), then fixes the J below which the test is not
    applicable — ``min_cycles`` when given (checked: >= 0), else
    :func:`minimum_cycles` of n — and computes the walk. ``test`` names the
    test in the errors.
    """
    checked_mode, array, n = checked_input(
        test, bits, mode, minimum=1, recommended=RECOMMENDED_N, strict=strict, source=source
    )
    threshold = minimum_cycles(n) if min_cycles is None else float(min_cycles)
    if min_cycles is not None:
        require_parameter(test, "min_cycles", math.ceil(threshold), 0)
    return checked_mode, n, threshold, random_walk(array)


def visits_near_zero(
    walk: RandomWalk, bound: int
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.int32]]:
    """Positions and values of the steps with 0 < |S_k| <= bound."""
    shifted = walk.partial_sums + np.int32(bound)
    # one unsigned comparison tests -bound <= S_k <= bound
    positions = np.flatnonzero(shifted.view(np.uint32) <= np.uint32(2 * bound))
    values = walk.partial_sums[positions]
    keep = values != 0
    return positions[keep], values[keep]


def excursion_statistic(
    nu: tuple[int, ...], cycles: int, probabilities: tuple[float, ...]
) -> float:
    """chi^2 = sum_k (nu_k - J pi_k)^2 / (J pi_k), section 2.14.4 step 8."""
    total = 0.0
    for count, prob in zip(nu, probabilities, strict=True):
        expected = cycles * prob
        total += (count - expected) ** 2 / expected
    return total


@dataclass(frozen=True, kw_only=True)
class RandomExcursionsResult(NistResult):
    """Result of :func:`random_excursions`.

    Attributes
    ----------
    statistic:
        chi^2 for each state of ``states`` (empty when not applicable).
    states:
        (-4, -3, -2, -1, 1, 2, 3, 4); ``pvalues`` follow this order.
    cycles:
        J, the number of cycles of the walk.
    min_cycles:
        The J below which the test is not applicable.
    nu:
        nu[k][i]: the number of cycles visiting ``states[i]`` exactly k times
        (k = 5: five times or more).
    """

    statistic: tuple[float, ...]
    states: tuple[int, ...]
    cycles: int
    min_cycles: float
    nu: tuple[tuple[int, ...], ...]


def random_excursions(
    bits: Any,
    *,
    min_cycles: float | None = None,
    mode: Mode = Mode.STS,
    strict: bool = True,
) -> RandomExcursionsResult:
    """Random excursions test: how often each cycle of the walk visits x = +-1..+-4.

    Parameters
    ----------
    bits:
        1-D array of 0/1 (SP 800-22 recommends n >= 10**6).
    min_cycles:
        The test is not applicable (no P-values, never a P-value of 0) when
        J is below this. Default: max(0.005 sqrt(n), 500), as in SP 800-22
        and sts-2.1.2. Lower it only to run the tiny worked examples.
    mode:
        ``STS`` uses sts-2.1.2's 10-digit class probabilities; ``EXACT`` the
        exact fractions of section 3.14. The difference is below 1e-9.
    strict:
        When True (default) require n >= 10**6 (SP 800-22 sections 2.14.7 and
        2.15.7); when False, n >= 1 (the worked examples have n = 10).

    Returns
    -------
    RandomExcursionsResult
        Eight P-values igamc(5/2, chi^2/2), one per state.

    Notes
    -----
    sts-2.1.2 aborts when J exceeds max(1000, n/100) (a fixed-size array);
    this implementation has no such limit.

    Raises
    ------
    InsufficientDataError
        n below the rule of ``strict``.
    InvalidParameterError
        A negative ``min_cycles``.

    References
    ----------
    .. [1] NIST SP 800-22 rev1a, sections 2.14 and 3.14.
    .. [2] M. Baron and A. L. Rukhin, "Distribution of the number of visits of a
           random walk", Comm. Statist. Stochastic Models 15 (1999), pp. 593-597.
    """
    mode, n, threshold, walk = excursion_walk(
        _NAME, bits, mode, min_cycles=min_cycles, strict=strict, source=_SOURCE
    )
    cycles = walk.cycles
    positions, values = visits_near_zero(walk, 4)
    # cycle of a step = number of zeros of the walk strictly before it
    cycle_index = np.searchsorted(walk.zeros, positions)
    state_index = np.where(values < 0, values + 4, values + 3)
    keys = cycle_index * len(STATES) + state_index
    visits = np.bincount(keys, minlength=cycles * len(STATES)).reshape(cycles, len(STATES))
    clipped = np.minimum(visits, 5)
    nu_columns = [np.bincount(clipped[:, i], minlength=6) for i in range(len(STATES))]
    nu = tuple(tuple(int(col[k]) for col in nu_columns) for k in range(6))
    applicable = cycles >= threshold and cycles > 0
    statistics: tuple[float, ...] = ()
    pvalues: tuple[float, ...] = ()
    if applicable:
        chi2 = []
        for i, x in enumerate(STATES):
            counts = tuple(nu[k][i] for k in range(6))
            chi2.append(excursion_statistic(counts, cycles, class_probabilities(x, mode)))
        statistics = tuple(chi2)
        pvalues = tuple(float(special.gammaincc(2.5, c / 2.0)) for c in chi2)
    return RandomExcursionsResult(
        name=_NAME,
        n=n,
        mode=mode,
        applicable=applicable,
        pvalues=pvalues,
        parameters={"min_cycles": threshold},
        statistic=statistics,
        states=STATES,
        cycles=cycles,
        min_cycles=threshold,
        nu=nu,
    )
