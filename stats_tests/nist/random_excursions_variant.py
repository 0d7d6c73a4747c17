"""The random excursions variant test, SP 800-22 rev1a section 2.15."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import special

from stats_tests.nist._common import Mode, NistResult
from stats_tests.nist.random_excursions import excursion_walk, visits_near_zero

__all__ = ["RandomExcursionsVariantResult", "random_excursions_variant"]

_NAME = "Random Excursions Variant"
_SOURCE = "SP 800-22 §2.15.7"

#: The states whose visits are counted, in sts-2.1.2's order.
STATES: tuple[int, ...] = tuple(x for x in range(-9, 10) if x != 0)


@dataclass(frozen=True, kw_only=True)
class RandomExcursionsVariantResult(NistResult):
    """Result of :func:`random_excursions_variant`.

    Attributes
    ----------
    statistic:
        |xi(x) - J| / sqrt(2 J (4|x| - 2)) for each state (empty when not applicable).
    states:
        (-9 .. -1, 1 .. 9); ``pvalues`` follow this order.
    cycles:
        J, the number of cycles of the walk.
    min_cycles:
        The J below which the test is not applicable.
    visits:
        xi(x): total visits of the walk to each state.
    """

    statistic: tuple[float, ...]
    states: tuple[int, ...]
    cycles: int
    min_cycles: float
    visits: tuple[int, ...]


def random_excursions_variant(
    bits: Any,
    *,
    min_cycles: float | None = None,
    mode: Mode = Mode.STS,
    strict: bool = True,
) -> RandomExcursionsVariantResult:
    """Random excursions variant test: total visits to x = +-1..+-9 against the cycle count.

    Parameters
    ----------
    bits:
        1-D array of 0/1 (SP 800-22 recommends n >= 10**6).
    min_cycles:
        Not applicable (no P-values, never a P-value of 0) when J is below
        this. Default: max(0.005 sqrt(n), 500), as in sts-2.1.2.
    mode:
        Both modes compute the same numbers; recorded in the result.
    strict:
        When True (default) require n >= 10**6 (SP 800-22 sections 2.14.7 and
        2.15.7); when False, n >= 1 (the worked examples have n = 10).

    Returns
    -------
    RandomExcursionsVariantResult
        Eighteen P-values erfc(|xi(x) - J| / sqrt(2 J (4|x| - 2))).

    Raises
    ------
    InsufficientDataError
        n below the rule of ``strict``.
    InvalidParameterError
        A negative ``min_cycles``.

    References
    ----------
    .. [1] NIST SP 800-22 rev1a, sections 2.15 and 3.15.
    .. [2] M. Baron and A. L. Rukhin, "Distribution of the number of visits of a
           random walk", Comm. Statist. Stochastic Models 15 (1999), pp. 593-597.
    """
    mode, n, threshold, walk = excursion_walk(
        _NAME, bits, mode, min_cycles=min_cycles, strict=strict, source=_SOURCE
    )
    cycles = walk.cycles
    _, values = visits_near_zero(walk, 9)
    histogram = np.bincount(values + 9, minlength=19)
    visits = tuple(int(histogram[x + 9]) for x in STATES)
    applicable = cycles >= threshold and cycles > 0
    statistics: tuple[float, ...] = ()
    pvalues: tuple[float, ...] = ()
    if applicable:
        statistics = tuple(
            abs(xi - cycles) / math.sqrt(2.0 * cycles * (4.0 * abs(x) - 2.0))
            for x, xi in zip(STATES, visits, strict=True)
        )
        pvalues = tuple(float(special.erfc(s)) for s in statistics)
    return RandomExcursionsVariantResult(
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
        visits=visits,
    )
