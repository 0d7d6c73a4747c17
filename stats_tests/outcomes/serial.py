"""Serial test: non-overlapping d-tuples (pairs by default) of outcomes, k**d cells."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from stats_tests.errors import InvalidParameterError
from stats_tests.outcomes._common import (
    MIN_EXPECTED,
    ChiSquareResult,
    as_outcomes,
    chi_square_counts,
    require_int,
)

__all__ = ["MAX_SERIAL_CELLS", "serial_test"]

_NAME = "Serial"

#: Largest number of cells k**d the test will tabulate.
MAX_SERIAL_CELLS = 1 << 24


def serial_test(values: Any, k: int, *, d: int = 2) -> ChiSquareResult:
    r"""Serial test on non-overlapping d-tuples of outcomes in ``[0, k)``.

    The values are cut into ``m = n // d`` non-overlapping tuples
    ``(x[d*j], ..., x[d*j + d - 1])`` (a trailing remainder is ignored) and
    the ``k**d`` possible tuples are counted. Under the null hypothesis the
    tuples are independent and uniform on ``k**d`` cells, so the Pearson
    statistic is asymptotically chi-square with ``k**d - 1`` degrees of
    freedom. Non-overlapping tuples keep the cells multinomial (overlapping
    tuples would need the Good/Marsaglia correction).

    Parameters
    ----------
    values:
        1-D integer array of outcomes in ``[0, k)``.
    k:
        Number of possible outcomes (>= 2).
    d:
        Tuple length (>= 2; 2 is Knuth's serial test on pairs).

    Returns
    -------
    ChiSquareResult
        ``n`` is the number of tuples; ``observed``/``expected`` are indexed by
        the tuple's base-k value ``x0*k**(d-1) + ... + x_{d-1}``.

    Raises
    ------
    InsufficientDataError
        When the expected count per cell ``(n // d) / k**d`` is below 5, i.e.
        with fewer than ``5 * d * k**d`` values.
    InvalidParameterError
        For ``k < 2``, ``d < 2`` or more than :data:`MAX_SERIAL_CELLS` cells.

    References
    ----------
    .. [1] D. E. Knuth, *The Art of Computer Programming*, vol. 2, 3rd ed.,
       §3.3.2 B (serial test), 1997.
    """
    d = require_int(_NAME, "d", d, 2)
    k = require_int(_NAME, "k", k, 2)
    cells = k**d
    if cells > MAX_SERIAL_CELLS:
        raise InvalidParameterError(
            f"{_NAME}: k**d = {k}**{d} = {cells} cells exceeds {MAX_SERIAL_CELLS}"
        )
    arr, k = as_outcomes(_NAME, values, k)
    m = arr.size // d
    tuples = arr[: m * d].reshape(m, d)
    weights = k ** np.arange(d - 1, -1, -1, dtype=np.int64)
    index = tuples @ weights
    observed = np.bincount(index, minlength=cells)
    need = math.ceil(MIN_EXPECTED * cells) * d
    return chi_square_counts(
        _NAME,
        observed,
        np.full(cells, 1.0 / cells),
        n=m,
        cells=[str(i) for i in range(cells)],
        parameters={"k": k, "d": d},
        pool=False,
        minimum_note=f"needs at least {need} values: {MIN_EXPECTED:g} per each of {cells} cells",
    )
