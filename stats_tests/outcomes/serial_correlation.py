"""Serial correlation test: Knuth's circular lag-1 coefficient C."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from stats_tests.errors import InsufficientDataError, InvalidInputError
from stats_tests.outcomes._common import NormalResult, as_outcomes, normal_result

__all__ = ["MIN_SERIAL_CORRELATION_VALUES", "serial_correlation_test"]

_NAME = "Serial correlation"

#: Fewest values for the normal approximation of C.
MIN_SERIAL_CORRELATION_VALUES = 100


def serial_correlation_test(values: Any, k: int) -> NormalResult:
    r"""Serial correlation test on outcomes in ``[0, k)`` (Knuth's C statistic).

    ``C = (n sum U_j U_{j+1} - (sum U_j)**2) / (n sum U_j**2 - (sum U_j)**2)``
    with the circular convention ``U_n = U_0`` (Knuth §3.3.2 K, eq. (23)).
    Its null mean is exactly ``-1/(n-1)``, Knuth's mu_n. For the standard
    deviation the test uses the Wald–Wolfowitz (1943) exact moments of the
    circular serial sum under random permutation of the observed values
    (conditional on the values, so exact for discrete data with ties and for
    any marginal distribution); it agrees with Knuth's
    ``sigma_n = sqrt(n (n - 3) / (n + 1)) / (n - 1)`` to O(1/n), and Knuth's
    figure is reported in ``parameters["knuth_std"]``. ``z = (C - mu_n) / sd``
    is referred to normal(0, 1), two-sided (Wald and Wolfowitz prove the
    asymptotic normality).

    Parameters
    ----------
    values:
        1-D integer array of outcomes in ``[0, k)``.
    k:
        Number of possible outcomes (>= 2).

    Returns
    -------
    NormalResult
        ``estimate`` is C, ``expected`` is -1/(n-1).

    Raises
    ------
    InsufficientDataError
        With fewer than :data:`MIN_SERIAL_CORRELATION_VALUES` (100) values.
    InvalidInputError
        When every value is the same (C is undefined).
    InvalidParameterError
        For ``k < 2``.

    References
    ----------
    .. [1] D. E. Knuth, *The Art of Computer Programming*, vol. 2, 3rd ed.,
       §3.3.2 K (serial correlation test), 1997.
    .. [2] A. Wald and J. Wolfowitz, "An exact test for randomness in the
       non-parametric case based on serial correlation", *Ann. Math. Statist.*
       14(4), 378-388, 1943.
    """
    arr, k = as_outcomes(_NAME, values, k)
    n = int(arr.size)
    if n < MIN_SERIAL_CORRELATION_VALUES:
        raise InsufficientDataError(
            f"{_NAME} needs at least {MIN_SERIAL_CORRELATION_VALUES} values for its normal "
            f"approximation; got n={n}"
        )
    y = arr.astype(np.float64)
    y -= y.mean()  # C is invariant under a shift of the values
    y -= y.mean()
    s2 = float(np.dot(y, y))
    if s2 == 0.0:
        raise InvalidInputError(f"{_NAME}: every value equals {int(arr[0])}; C is undefined")
    r = float(np.dot(y, np.roll(y, -1)))
    s1 = float(y.sum())
    s3 = float(np.sum(y**3))
    s4 = float(np.sum(y**4))
    # Wald & Wolfowitz (1943), moments of R = sum y_i y_{i+1} over permutations.
    mean_r = (s1**2 - s2) / (n - 1)
    var_r = (
        (s2**2 - s4) / (n - 1)
        + (s1**4 - 4 * s1**2 * s2 + 4 * s1 * s3 + s2**2 - 2 * s4) / ((n - 1) * (n - 2))
        - mean_r**2
    )
    c = (n * r - s1**2) / (n * s2 - s1**2)
    mean_c = (n * mean_r - s1**2) / (n * s2 - s1**2)
    var_c = n**2 * var_r / (n * s2 - s1**2) ** 2
    knuth_std = math.sqrt(n * (n - 3) / (n + 1)) / (n - 1)
    return normal_result(
        _NAME,
        estimate=c,
        expected=mean_c,
        variance=var_c,
        n=n,
        parameters={"k": k, "knuth_mean": -1.0 / (n - 1), "knuth_std": knuth_std},
    )
